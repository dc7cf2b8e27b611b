package tck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var unboundPlaceholder = regexp.MustCompile(`^<\w+>$`)

// TestReferenceCellsParse parses every expected result cell of the reference
// features, so that a literal the parser does not know shows up here rather
// than as a scenario failure.
func TestReferenceCellsParse(t *testing.T) {
	dir := filepath.Join(*flagDir, "features")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("reference features not found in %s", dir)
	}
	features, err := loadFeatures([]featureRoot{{prefix: "tck", dir: dir}, {prefix: "own", dir: "features"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cells := 0
	for _, f := range features {
		for _, sc := range f.scenarios {
			for _, st := range sc.steps {
				def, _ := findStep(st.Text)
				if def == nil || st.Argument == nil || st.Argument.DataTable == nil || !strings.HasPrefix(strings.ToLower(st.Text), "the result should") {
					continue
				}
				for _, row := range st.Argument.DataTable.Rows[1:] {
					for _, c := range row.Cells {
						v := strings.TrimSpace(c.Value)
						if listVariable.MatchString(v) || unboundPlaceholder.MatchString(v) {
							// Variables are parsed once defined; a placeholder
							// outside an outline is an error of the feature
							// that the reference cannot parse either.
							continue
						}
						cells++
						if _, err := parseCell(v); err != nil {
							t.Errorf("%s: %q: %v", sc.id, v, err)
						}
					}
				}
			}
		}
	}
	t.Logf("%d cells", cells)
}
