package tck

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Tally counts outcomes.
type Tally struct {
	Passed, Failed, Unsupported, Skipped int
}

func (t *Tally) add(o Outcome) {
	switch o {
	case Passed:
		t.Passed++
	case Failed:
		t.Failed++
	case Unsupported:
		t.Unsupported++
	case Skipped:
		t.Skipped++
	}
}

func (t Tally) String() string {
	s := fmt.Sprintf("%d passed, %d failed, %d unsupported", t.Passed, t.Failed, t.Unsupported)
	if t.Skipped > 0 {
		s += fmt.Sprintf(" (%d skipped)", t.Skipped)
	}
	return s
}

// tally counts the outcomes of results.
func tally(results []ScenarioResult) Tally {
	var t Tally
	for _, r := range results {
		t.add(r.Outcome)
	}
	return t
}

// summaryLines is one line per feature, in order, then one per area
// (the feature's directory) and the total.
func summaryLines(results []ScenarioResult) []string {
	var lines []string
	var order []string
	byFeature := map[string][]ScenarioResult{}
	areas := map[string]*Tally{}
	for _, r := range results {
		if _, ok := byFeature[r.Feature]; !ok {
			order = append(order, r.Feature)
		}
		byFeature[r.Feature] = append(byFeature[r.Feature], r)
		area := r.Feature
		if i := strings.LastIndexByte(area, '/'); i >= 0 {
			area = area[:i]
		}
		if areas[area] == nil {
			areas[area] = &Tally{}
		}
		areas[area].add(r.Outcome)
	}
	for _, f := range order {
		lines = append(lines, fmt.Sprintf("%-50s %s", f, tally(byFeature[f])))
	}
	names := make([]string, 0, len(areas))
	for a := range areas {
		names = append(names, a)
	}
	sort.Strings(names)
	for _, a := range names {
		lines = append(lines, fmt.Sprintf("area %-45s %s", a, *areas[a]))
	}
	lines = append(lines, fmt.Sprintf("TOTAL %s", tally(results)))
	return lines
}

// writeReport writes every non-passing scenario with its step and reason,
// and every one that passed only without its space or on a further
// attempt, then the summary.
func writeReport(w io.Writer, results []ScenarioResult) error {
	for _, r := range results {
		if r.Outcome == Passed || r.Outcome == Skipped {
			if r.WithoutSpace {
				if _, err := fmt.Fprintf(w, "%s [passed without its space]\n\n", r.ID); err != nil {
					return err
				}
			}
			if r.Outcome == Passed && r.Attempts > 1 {
				if _, err := fmt.Fprintf(w, "%s [passed on attempt %d]\n\n", r.ID, r.Attempts); err != nil {
					return err
				}
			}
			continue
		}
		outcome := r.Outcome.String()
		if r.Attempts > 1 {
			outcome = fmt.Sprintf("%s, %d attempts", outcome, r.Attempts)
		}
		if _, err := fmt.Fprintf(w, "%s [%s] line %d (%v)\n  step: %s\n  %s\n\n", r.ID, outcome, r.Line, r.Duration.Round(time.Millisecond), r.Step,
			strings.ReplaceAll(r.Reason, "\n", "\n  ")); err != nil {
			return err
		}
	}
	for _, l := range summaryLines(results) {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}
