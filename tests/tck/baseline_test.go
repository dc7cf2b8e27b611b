package tck

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestBaseline(t *testing.T) {
	old := map[string]bool{"f: a": true, "f: b": true, "g: c": true}
	results := []ScenarioResult{
		{ID: "f: a", Outcome: Passed},
		{ID: "f: b", Outcome: Failed},
		{ID: "f: d", Outcome: Passed},
		{ID: "f: e", Outcome: Unsupported},
	}
	regs := regressions(old, results)
	if len(regs) != 1 || regs[0].ID != "f: b" {
		t.Errorf("regressions = %+v", regs)
	}
	// g: c did not run: it stays; f: b no longer passes: it goes.
	if got := updatedBaseline(old, results); !reflect.DeepEqual(got, []string{"f: a", "f: d", "g: c"}) {
		t.Errorf("updatedBaseline = %q", got)
	}
	file := filepath.Join(t.TempDir(), "passing.txt")
	if err := writeBaseline(file, []string{"f: a", "g: c"}); err != nil {
		t.Fatal(err)
	}
	back, err := readBaseline(file)
	if err != nil || !reflect.DeepEqual(back, map[string]bool{"f: a": true, "g: c": true}) {
		t.Errorf("readBaseline = %v, %v", back, err)
	}
	if empty, err := readBaseline(filepath.Join(t.TempDir(), "none")); err != nil || len(empty) != 0 {
		t.Errorf("missing baseline = %v, %v", empty, err)
	}
}

func TestSummaryLines(t *testing.T) {
	lines := summaryLines([]ScenarioResult{
		{Feature: "tck/yield/a.feature", Outcome: Passed},
		{Feature: "tck/yield/a.feature", Outcome: Failed},
		{Feature: "tck/go/b.feature", Outcome: Unsupported},
		{Feature: "tck/go/b.feature", Outcome: Skipped},
	})
	want := []string{
		"tck/yield/a.feature                                1 passed, 1 failed, 0 unsupported",
		"tck/go/b.feature                                   0 passed, 0 failed, 1 unsupported (1 skipped)",
		"area tck/go                                        0 passed, 0 failed, 1 unsupported (1 skipped)",
		"area tck/yield                                     1 passed, 1 failed, 0 unsupported",
		"TOTAL 1 passed, 1 failed, 1 unsupported (1 skipped)",
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("summary:\n%q\nwant\n%q", lines, want)
	}
}
