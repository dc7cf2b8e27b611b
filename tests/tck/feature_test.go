package tck

import (
	"fmt"
	"strings"
	"testing"
)

const sampleFeature = `Feature: Sample

  Background:
    Given an empty graph

  Scenario: plain
    When executing query:
      """
      YIELD 1 AS a
      """
    Then the result should be, in any order:
      | a |
      | 1 |

  @skip
  Scenario: skipped
    When executing query:
      """
      YIELD 2
      """

  Scenario Outline: outline <n>
    When executing query:
      """
      YIELD <n> AS v
      """
    Then the result should be, in any order:
      | v   |
      | <n> |

    Examples:
      | n |
      | 1 |
      | 2 |

  Scenario Outline: same name
    When executing query:
      """
      YIELD <n>
      """

    Examples:
      | n |
      | 1 |
      | 1 |

  Scenario: plain
    When executing query:
      """
      YIELD 3
      """
`

func TestParseFeature(t *testing.T) {
	f, err := parseFeature(strings.NewReader(sampleFeature), "own/sample.feature")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range f.scenarios {
		got = append(got, fmt.Sprintf("%s line=%d skip=%v steps=%d", s.id, s.line, s.skip, len(s.steps)))
	}
	want := []string{
		"own/sample.feature: plain line=6 skip=false steps=3",
		"own/sample.feature: skipped line=16 skip=true steps=2",
		"own/sample.feature: outline 1 [row 1] line=33 skip=false steps=3",
		"own/sample.feature: outline 2 [row 2] line=34 skip=false steps=3",
		"own/sample.feature: same name [row 1] line=44 skip=false steps=2",
		"own/sample.feature: same name [row 2] line=45 skip=false steps=2",
		"own/sample.feature: plain #2 line=47 skip=false steps=2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scenarios:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Outline values reach doc strings and tables.
	st := f.scenarios[3].steps
	if st[1].Argument.DocString.Content != "YIELD 2 AS v" || st[2].Argument.DataTable.Rows[1].Cells[0].Value != "2" {
		t.Errorf("outline not substituted: %q", st[1].Argument.DocString.Content)
	}
}

func TestMatchAny(t *testing.T) {
	for _, c := range []struct {
		globs []string
		name  string
		ok    bool
	}{
		{nil, "tck/yield/yield.feature", true},
		{[]string{"tck/yield/*"}, "tck/yield/yield.feature", true},
		{[]string{"yield/*"}, "yield/yield.feature", true},
		{[]string{"own/*"}, "tck/yield/yield.feature", false},
	} {
		if got := matchAny(c.globs, c.name); got != c.ok {
			t.Errorf("matchAny(%v, %s) = %v", c.globs, c.name, got)
		}
	}
}

func TestFeatureLevelExamples(t *testing.T) {
	src := `Feature: feature examples
  Examples:
    | space | q      |
    | nba   | YIELD 1 |
    | other | YIELD \| |

  Background:
    Given a graph with space named "<space>"

  Scenario Outline: outline
    When executing query:
      """
      <q>
      """

  Scenario Outline: own examples win
    Given a graph with space named "<space>"
    Examples:
      | space |
      | mine  |
`
	f, err := parseFeature(strings.NewReader(src), "own/x.feature")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sd := range f.scenarios {
		got = append(got, sd.id+": "+sd.steps[0].Text)
	}
	want := []string{
		`own/x.feature: outline [row 1]: a graph with space named "nba"`,
		`own/x.feature: outline [row 2]: a graph with space named "other"`,
		`own/x.feature: own examples win [row 1]: a graph with space named "mine"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scenarios:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if q := f.scenarios[1].steps[1].Argument.DocString.Content; q != "YIELD |" {
		t.Errorf("escaped cell: %q", q)
	}
	if f.scenarios[0].line != 4 {
		t.Errorf("row 1 at line %d, want 4", f.scenarios[0].line)
	}
}
