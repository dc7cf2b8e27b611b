package tck

import (
	"strings"

	messages "github.com/cucumber/messages/go/v21"
)

// NebulaGraph's features sometimes put an Examples table right under the
// Feature line, which pytest-bdd applies to every scenario of the feature,
// outline or not. Gherkin reads it as part of the feature's description;
// these functions recover the table and give it to the scenarios that have
// none of their own, keeping the file's line numbers.

// featureExamples parses the Examples table in a feature description; nil
// when there is none. The description's first line is line first of the
// file.
func featureExamples(desc string, first int64, newID func() string) *messages.Examples {
	lines := strings.Split(desc, "\n")
	var ex *messages.Examples
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case ex == nil && strings.HasPrefix(t, "Examples:"):
			ex = &messages.Examples{Keyword: "Examples", Location: &messages.Location{Line: first + int64(i)}, Id: newID()}
		case ex != nil && strings.HasPrefix(t, "|"):
			row := &messages.TableRow{Location: &messages.Location{Line: first + int64(i)}, Cells: tableCells(t), Id: newID()}
			if ex.TableHeader == nil {
				ex.TableHeader = row
			} else {
				ex.TableBody = append(ex.TableBody, row)
			}
		case ex != nil && t != "":
			return finished(ex)
		}
	}
	return finished(ex)
}

func finished(ex *messages.Examples) *messages.Examples {
	if ex == nil || ex.TableHeader == nil {
		return nil
	}
	return ex
}

// tableCells splits a table line "| a | b |" into its trimmed cells, with
// gherkin's escapes (\| and \\).
func tableCells(line string) []*messages.TableCell {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	var cells []*messages.TableCell
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line) && (line[i+1] == '|' || line[i+1] == '\\'):
			cur.WriteByte(line[i+1])
			i++
		case c == '|':
			cells = append(cells, &messages.TableCell{Value: strings.TrimSpace(cur.String())})
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return cells
}

// applyFeatureExamples gives the feature-level Examples table, if any, to
// every scenario without Examples.
func applyFeatureExamples(f *messages.Feature, newID func() string) {
	first := int64(0)
	if f.Location != nil {
		first = f.Location.Line + 1
	}
	ex := featureExamples(f.Description, first, newID)
	if ex == nil {
		return
	}
	for _, c := range f.Children {
		if s := c.Scenario; s != nil && len(s.Examples) == 0 {
			s.Examples = []*messages.Examples{ex}
		}
	}
}

// exampleValues maps the id of every Examples row of the feature to its
// values by column name.
func exampleValues(f *messages.Feature) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, c := range f.Children {
		if c.Scenario == nil {
			continue
		}
		for _, ex := range c.Scenario.Examples {
			if ex.TableHeader == nil {
				continue
			}
			for _, row := range ex.TableBody {
				vals := map[string]string{}
				for i, h := range ex.TableHeader.Cells {
					if i < len(row.Cells) {
						vals[h.Value] = row.Cells[i].Value
					}
				}
				out[row.Id] = vals
			}
		}
	}
	return out
}

// substituteBackground fills an outline's placeholders into the Background
// steps of its pickle too, as pytest-bdd does; gherkin substitutes only the
// scenario's own steps.
func substituteBackground(steps []*messages.PickleStep, vals map[string]string) {
	if len(vals) == 0 {
		return
	}
	pairs := make([]string, 0, 2*len(vals))
	for k, v := range vals {
		pairs = append(pairs, "<"+k+">", v)
	}
	r := strings.NewReplacer(pairs...)
	for _, st := range steps {
		st.Text = r.Replace(st.Text)
		if a := st.Argument; a != nil {
			if a.DocString != nil {
				a.DocString.Content = r.Replace(a.DocString.Content)
			}
			if a.DataTable != nil {
				for _, row := range a.DataTable.Rows {
					for _, c := range row.Cells {
						c.Value = r.Replace(c.Value)
					}
				}
			}
		}
	}
}
