package tck

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// The baseline (testdata/passing.txt) lists, one per line, the id of every
// scenario that passed when it was last written. A listed scenario that runs
// and does not pass is a regression; scenarios that still fail are not.

const baselineHeader = `# Scenarios of the conformance run that pass: one "<feature>: <scenario>" per line.
# A listed scenario that no longer passes fails TestConformance.
# Rewrite with: go test ./tests/tck -run TestConformance -tck.update
`

// readBaseline returns the ids in file; a missing file is an empty baseline.
func readBaseline(file string) (map[string]bool, error) {
	ids := map[string]bool{}
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return ids, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open baseline: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ids[line] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	return ids, nil
}

// regressions lists the baseline ids that ran and did not pass.
func regressions(baseline map[string]bool, results []ScenarioResult) []ScenarioResult {
	var out []ScenarioResult
	for _, r := range results {
		if baseline[r.ID] && r.Outcome != Passed {
			out = append(out, r)
		}
	}
	return out
}

// updatedBaseline is the new passing set: the scenarios that passed now,
// plus the old entries for scenarios this run did not execute (another
// -tck.features selection, or the shared features being absent).
func updatedBaseline(old map[string]bool, results []ScenarioResult) []string {
	ran := map[string]bool{}
	set := map[string]bool{}
	for _, r := range results {
		ran[r.ID] = true
		if r.Outcome == Passed {
			set[r.ID] = true
		}
	}
	for id := range old {
		if !ran[id] {
			set[id] = true
		}
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func writeBaseline(file string, ids []string) error {
	var b strings.Builder
	b.WriteString(baselineHeader)
	for _, id := range ids {
		b.WriteString(id)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	return nil
}
