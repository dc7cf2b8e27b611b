package exec

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestGraphScripts runs testdata/graph/*.txt against one in-process cluster
// (a metad and three storaged), each file in its own root session. A case
// is
//
//	query [ordered]
//	<statement text, possibly several lines>
//	----
//	<expected output: header and rows joined by " | ", or "error: <text>">
//
// where rows are compared as a multiset (printed sorted) unless ordered is
// given, or
//
//	sync
//
// which brings graphd's and every storaged's schema cache up to date (what
// NebulaGraph's tests do by waiting after DDL), or
//
//	plan
//	<statement text>
//	----
//	<the EXPLAIN plan: one node per line, root first, with its inputs>
//
// Cases are separated by blank lines; run with -rewrite to regenerate the
// expectations.
func TestGraphScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/graph/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	c := startGraphCluster(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runGraphScript(t, c, f) })
	}
}

func runGraphScript(t *testing.T, c *graphCluster, path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sess := c.session()
	var out strings.Builder
	for i, block := range strings.Split(strings.TrimSpace(string(raw)), "\n\n") {
		head, want, ok := strings.Cut(block, "\n----\n")
		if !ok {
			head, want = strings.TrimSuffix(block, "\n----"), ""
		}
		directive, query, _ := strings.Cut(head, "\n")
		fields := strings.Fields(directive)
		var got string
		switch fields[0] {
		case "sync":
			if err := c.sync(); err != nil {
				t.Fatalf("case %d: sync: %v", i+1, err)
			}
			if *rewrite {
				fmt.Fprintf(&out, "%s\n\n", directive)
			}
			continue
		case "query":
			start := time.Now()
			res, err := c.exec(sess, query)
			if d := time.Since(start); d > time.Second {
				t.Logf("case %d took %v: %s", i+1, d, query)
			}
			got = renderGraph(res, err, slices.Contains(fields[1:], "ordered"))
		case "plan":
			res, err := c.exec(sess, "EXPLAIN "+query)
			got = renderPlan(res, err)
		default:
			t.Fatalf("case %d: unknown directive %q", i+1, directive)
		}
		if *rewrite {
			fmt.Fprintf(&out, "%s\n%s\n----\n%s\n\n", directive, query, got)
			continue
		}
		if got != want {
			t.Errorf("case %d:\n%s\ngot:\n%s\nwant:\n%s", i+1, query, got, want)
		}
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(strings.TrimSpace(out.String())+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// renderGraph prints a result as the scripts expect it; unless ordered,
// the rows are sorted by their text.
func renderGraph(res *Result, err error, ordered bool) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if res.Data == nil {
		return "(no data)"
	}
	rows := make([]string, 0, len(res.Data.Rows))
	for _, r := range res.Data.Rows {
		cells := make([]string, len(r.Values))
		for i, v := range r.Values {
			cells[i] = v.Literal()
		}
		rows = append(rows, strings.Join(cells, " | "))
	}
	if !ordered {
		slices.Sort(rows)
	}
	return strings.Join(append([]string{strings.Join(res.Data.ColNames, " | ")}, rows...), "\n")
}

// renderPlan prints an EXPLAIN plan as "Name(id) <- deps" lines, root
// first.
func renderPlan(res *Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var lines []string
	for _, n := range res.Plan.PlanNodeDescs {
		line := fmt.Sprintf("%s(%d)", n.Name, n.ID)
		if len(n.Dependencies) > 0 {
			deps := make([]string, len(n.Dependencies))
			for i, d := range n.Dependencies {
				deps[i] = fmt.Sprint(d)
			}
			line += " <- " + strings.Join(deps, ", ")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
