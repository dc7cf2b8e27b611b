package tck

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFindStep(t *testing.T) {
	for _, c := range []struct {
		text string
		args []string // submatches after the whole text; nil: no def
	}{
		{"an empty graph", []string{}},
		{`a graph with space named "nba"`, []string{"nba"}},
		{`load "nba_int_vid" csv data to a new space`, []string{"nba_int_vid"}},
		{"the result should be, in any order:", []string{"any order", "", ""}},
		{"the result should be, in order, with relax comparison:", []string{"order", ", with relax comparison", ""}},
		{"the result should be, in any order, with relax comparison, and the columns 0,2 should be hashed:",
			[]string{"any order", ", with relax comparison", "0,2"}},
		{"the result should contain, and the columns 1 should be hashed:", []string{"1"}},
		{"a SyntaxError should be raised at runtime: syntax error near `)'",
			[]string{"a", "SyntaxError", "runtime", ":", " syntax error near `)'"}},
		{"an ExecutionError should be raised at runtime.", []string{"an", "ExecutionError", "runtime", ".", ""}},
		{"a SyntaxError should be raised at compile time: x", []string{"a", "SyntaxError", "compile time", ":", " x"}},
		{"wait 3 seconds", []string{"3"}},
		{"Any graph", []string{}},
		{`parameters: {"a": 1}`, []string{`{"a": 1}`}},
		{"executing query and retrying it on failure every 6 seconds for 3 times:", []string{"6", "3"}},
		{"something nobody wrote", nil},
	} {
		def, m := findStep(c.text)
		if c.args == nil {
			if def != nil {
				t.Errorf("%q matched", c.text)
			}
			continue
		}
		if def == nil {
			t.Errorf("%q: no step", c.text)
			continue
		}
		if !reflect.DeepEqual(m[1:], c.args) {
			t.Errorf("%q: args %q, want %q", c.text, m[1:], c.args)
		}
	}
}

// TestReferenceStepsKnown lists the step texts of the reference features
// that no definition matches; they make scenarios unsupported.
func TestReferenceStepsKnown(t *testing.T) {
	dir := filepath.Join(*flagDir, "features")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("reference features not found in %s", dir)
	}
	features, err := loadFeatures([]featureRoot{{prefix: "tck", dir: dir}, {prefix: "own", dir: "features"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	unknown := map[string]bool{}
	for _, f := range features {
		for _, s := range f.scenarios {
			for _, st := range s.steps {
				if def, _ := findStep(st.Text); def == nil {
					unknown[st.Text] = true
				}
			}
		}
	}
	for text := range unknown {
		t.Errorf("no step definition for %q", text)
	}
}

func TestCombineQuery(t *testing.T) {
	if got := combineQuery("  GO FROM 'a'\n    OVER e\n  YIELD 1"); got != "GO FROM 'a' OVER e YIELD 1" {
		t.Errorf("combineQuery = %q", got)
	}
	if got := splitStatements("CREATE TAG a(); CREATE TAG b();  ; "); !reflect.DeepEqual(got, []string{"CREATE TAG a()", "CREATE TAG b()"}) {
		t.Errorf("splitStatements = %q", got)
	}
}
