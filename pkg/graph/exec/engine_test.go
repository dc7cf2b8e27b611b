package exec

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/value"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata/*.txt with the actual output")

// testCatalog knows the spaces it lists.
type testCatalog map[string]int32

func (c testCatalog) SpaceByName(_ context.Context, name string) (session.Space, error) {
	id, ok := c[name]
	if !ok {
		return session.Space{}, fmt.Errorf("%s: %w", name, ErrSpaceNotFound)
	}
	return session.Space{ID: id, Name: name}, nil
}

func (testCatalog) TagExists(context.Context, session.Space, string) (bool, error) { return false, nil }

// TestScripts runs the cases of testdata/*.txt. Each case is
//
//	query [param=<name>:<int>|<string>]...
//	<statement text, possibly several lines>
//	----
//	<expected output: header and rows joined by " | ", or "error: <text>">
//
// separated by blank lines. Run with -rewrite to regenerate the expectations.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runScript(t, f) })
	}
}

func runScript(t *testing.T, path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	eng := New(Options{
		Catalog: testCatalog{"nba": 1},
		Now:     func() time.Time { return time.Date(2022, 3, 4, 5, 6, 7, 0, time.UTC) },
	})
	mgr := session.NewManager(session.Options{})
	var out strings.Builder
	for i, block := range strings.Split(strings.TrimSpace(string(raw)), "\n\n") {
		head, want, ok := strings.Cut(block, "\n----\n")
		if !ok {
			head, want = strings.TrimSuffix(block, "\n----"), ""
		}
		directive, query, _ := strings.Cut(head, "\n")
		params := map[string]value.Value{}
		for _, f := range strings.Fields(directive)[1:] {
			name, val, _ := strings.Cut(strings.TrimPrefix(f, "param="), ":")
			var n int64
			if _, err := fmt.Sscan(val, &n); err == nil {
				params[name] = value.NewInt(n)
			} else {
				params[name] = value.NewString(val)
			}
		}
		sess, _ := mgr.Create(context.Background(), "root", "127.0.0.1")
		res, err := eng.Execute(context.Background(), &Query{Session: sess, Text: query, Params: params})
		got := render(res, err)
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

func render(res *Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if res.Data == nil {
		return "(no data)"
	}
	var b strings.Builder
	b.WriteString(strings.Join(res.Data.ColNames, " | "))
	for _, r := range res.Data.Rows {
		cells := make([]string, len(r.Values))
		for i, v := range r.Values {
			cells[i] = v.Literal()
		}
		b.WriteString("\n" + strings.Join(cells, " | "))
	}
	return b.String()
}

func TestLimits(t *testing.T) {
	eng := New(Options{MaxStatements: 3, MaxQuerySize: 64})
	tests := []struct {
		query string
		want  string
	}{
		{"YIELD 1; YIELD 2; YIELD 3; YIELD 4", "SemanticError: The maximum number of statements allowed has been exceeded"},
		{"YIELD " + strings.Repeat("1+", 40) + "1", "Query is too large (87 > 64)"},
		{"", "StatementEmpty: "},
		{"  # only a comment", "StatementEmpty: "},
	}
	for _, tt := range tests {
		_, err := eng.Execute(context.Background(), &Query{Text: tt.query})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %q", tt.query, err, tt.want)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	eng := New(Options{MaxQueryMemory: 1 << 20})
	// One row holding a 100,000-element list is several MiB.
	_, err := eng.Execute(context.Background(), &Query{Text: "YIELD range(1, 100000) AS r"})
	if status.KindOf(err) != status.KindMemory || !strings.Contains(err.Error(), "GRAPH_MEMORY_EXCEEDED") {
		t.Errorf("big list: %v, want a memory error", err)
	}
	// Each statement of a request counts; small ones pass.
	if _, err := eng.Execute(context.Background(), &Query{Text: "YIELD range(1, 100) AS r"}); err != nil {
		t.Errorf("small list: %v", err)
	}
}

func TestDeepNestingIsAnError(t *testing.T) {
	eng := New(Options{})
	for _, q := range []string{
		"YIELD " + strings.Repeat("1+", 9999) + "1",
		"YIELD " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		"YIELD " + strings.Repeat("-", 10000) + "1",
		"YIELD " + strings.Repeat("NOT ", 10000) + "true",
	} {
		if _, err := eng.Execute(context.Background(), &Query{Text: q}); err == nil {
			t.Errorf("%.20s...: no error", q)
		}
	}
	// Parentheses add no depth, as in NebulaGraph.
	res, err := eng.Execute(context.Background(), &Query{Text: "YIELD " + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + " AS n"})
	if err != nil {
		t.Fatalf("parenthesised: %v", err)
	}
	if got := res.Data.Rows[0].Values[0].Int(); got != 1 {
		t.Fatalf("parenthesised = %d", got)
	}
}

func TestUseSetsSpace(t *testing.T) {
	eng := New(Options{Catalog: testCatalog{"nba": 7}})
	sess, _ := session.NewManager(session.Options{}).Create(context.Background(), "root", "ip")
	if _, err := eng.Execute(context.Background(), &Query{Session: sess, Text: "USE nba"}); err != nil {
		t.Fatal(err)
	}
	if sp := sess.Space(); sp.Name != "nba" || sp.ID != 7 {
		t.Fatalf("space %+v", sp)
	}
	_, err := eng.Execute(context.Background(), &Query{Session: sess, Text: "USE nope"})
	if err == nil || err.Error() != "SpaceNotFound: SpaceName `nope`" {
		t.Fatalf("unknown space: %v", err)
	}
	if sess.Space().Name != "nba" {
		t.Fatal("failed USE changed the space")
	}
}

func TestExplainAndProfile(t *testing.T) {
	eng := New(Options{})
	res, err := eng.Execute(context.Background(), &Query{Text: `EXPLAIN YIELD 1 AS a UNION YIELD 2 AS a`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Data != nil || res.Plan == nil {
		t.Fatalf("explain: data %v plan %v", res.Data, res.Plan)
	}
	var names []string
	ids := map[int64]bool{}
	for _, n := range res.Plan.PlanNodeDescs {
		names = append(names, string(n.Name))
		ids[n.ID] = true
	}
	if got := strings.Join(names, ","); got != "Dedup,Union,Project,Start,Project,Start" {
		t.Fatalf("nodes %s", got)
	}
	for _, n := range res.Plan.PlanNodeDescs {
		if idx, ok := res.Plan.NodeIndexMap[n.ID]; !ok || res.Plan.PlanNodeDescs[idx] != n {
			t.Errorf("node %d missing from node_index_map", n.ID)
		}
		for _, d := range n.Dependencies {
			if !ids[d] {
				t.Errorf("node %d depends on unknown %d", n.ID, d)
			}
		}
	}
	if string(res.Plan.Format) != "row" {
		t.Fatalf("format %q", res.Plan.Format)
	}

	res, err = eng.Execute(context.Background(), &Query{Text: `PROFILE FORMAT="dot" YIELD 1 AS a | YIELD $-.a + 1 AS b`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Data == nil || len(res.Data.Rows) != 1 || res.Data.Rows[0].Values[0].Int() != 2 {
		t.Fatalf("profile data %v", res.Data)
	}
	if string(res.Plan.Format) != "dot" {
		t.Fatalf("format %q", res.Plan.Format)
	}
	for _, n := range res.Plan.PlanNodeDescs {
		if len(n.Profiles) != 1 || n.Profiles[0].Rows != 1 {
			t.Errorf("%s: profiles %v", n.Name, n.Profiles)
		}
	}
}

// TestValidationBeforeExecution: an invalid statement anywhere in a request
// means nothing of it runs.
func TestValidationBeforeExecution(t *testing.T) {
	eng := New(Options{Catalog: testCatalog{"nba": 1}})
	sess, _ := session.NewManager(session.Options{}).Create(context.Background(), "root", "ip")
	_, err := eng.Execute(context.Background(), &Query{Session: sess, Text: "USE nba; YIELD $-.nope"})
	if err == nil {
		t.Fatal("no error")
	}
	if sess.Space().Name != "" {
		t.Fatalf("USE ran although a later statement was invalid: %+v", sess.Space())
	}
}
