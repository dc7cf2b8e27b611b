package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// fakeExec records statements; it refuses any statement holding a refused
// marker and fails with a transport error after failAfter statements.
type fakeExec struct {
	mu        sync.Mutex
	stmts     []string
	refuse    string
	failAfter int64
	// delay makes each statement take a while, as a server's would: with
	// instant statements a worker preempted between taking a batch and
	// running it can fall behind by dozens of statements.
	delay time.Duration
	n     atomic.Int64
}

func (f *fakeExec) Exec(_ context.Context, stmt string) error {
	time.Sleep(f.delay)
	if n := f.n.Add(1); f.failAfter > 0 && n > f.failAfter {
		return errors.New("connection reset")
	}
	if f.refuse != "" && strings.Contains(stmt, f.refuse) {
		return &StatementError{Code: -1009, Msg: "SemanticError: refused"}
	}
	f.mu.Lock()
	f.stmts = append(f.stmts, stmt)
	f.mu.Unlock()
	return nil
}

var tupleRE = regexp.MustCompile(`(\d+)->(\d+):\((\d+)\)`)

// tuples returns the inserted edges (src->dst) per statement.
func (f *fakeExec) tuples() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out [][]string
	for _, s := range f.stmts {
		var row []string
		for _, m := range tupleRE.FindAllStringSubmatch(s, -1) {
			row = append(row, m[1]+"->"+m[2])
		}
		out = append(out, row)
	}
	return out
}

// edgeFile writes n edge rows i->i+1 (weight i) and a bad row at line bad.
func edgeFile(t *testing.T, n, bad int) *mapping.Config {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("src,dst,w\n")
	for i := 1; i <= n; i++ {
		if i+1 == bad {
			b.WriteString("x,1,1\n")
			continue
		}
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i+1, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "e.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return &mapping.Config{Dir: dir, Space: mapping.Space{Name: "s"}, Files: []mapping.File{{
		Path: "e.csv", WithHeader: true, Type: "edge", Edge: &mapping.Edge{
			Name: "e", SrcVID: mapping.Vid{Index: 0, Type: "int"}, DstVID: mapping.Vid{Index: 1, Type: "int"},
			Props: []mapping.Prop{{Name: "w", Type: "int", Index: 2}},
		},
	}}}
}

func TestLoadGroupsAndReports(t *testing.T) {
	const n, parts = 5000, 7
	cfg := edgeFile(t, n, 100)
	report := filepath.Join(t.TempDir(), "bad.csv")
	f := &fakeExec{refuse: "777->778"}
	st, err := Load(context.Background(), cfg, f, Options{Batch: 50, Workers: 4, Parts: parts, BadRows: report})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, stmt := range f.tuples() {
		if len(stmt) == 0 || len(stmt) > 50 {
			t.Fatalf("batch of %d rows", len(stmt))
		}
		var part uint32
		for i, e := range stmt {
			var src int64
			fmt.Sscanf(e, "%d->", &src)
			p := kvstore.PartOfInt(src, parts)
			if i > 0 && p != part {
				t.Fatalf("statement mixes partitions %d and %d: %v", part, p, stmt)
			}
			part = p
			if seen[e] {
				t.Fatalf("edge %s inserted twice", e)
			}
			seen[e] = true
		}
	}
	if len(seen) != n-2 || st.Rows != n-2 || st.Bad != 2 || !st.Files[0].Done || st.Files[0].Rows != n-2 {
		t.Fatalf("%d edges inserted; stats %+v", len(seen), st)
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`e.csv,100,"source: vid ""x"" is not an integer",`, "e.csv,778,error -1009: SemanticError: refused,777->778:(777)"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("report lacks %q:\n%s", want, raw)
		}
	}
}

// TestLoadResumes breaks the connection mid-import, then runs again from
// the checkpoint: together the runs insert every row, and the second run
// starts after the committed prefix.
func TestLoadResumes(t *testing.T) {
	const n = 20000
	cfg := edgeFile(t, n, -1)
	cpPath := filepath.Join(t.TempDir(), "cp.json")
	opts := Options{Batch: 100, Workers: 3, Parts: 5, Checkpoint: cpPath, Retries: 1}
	// The failure comes 20 chunks in (chunks are 500 rows, 5 statements),
	// so the first chunks are committed well before it.
	first := &fakeExec{failAfter: 100, delay: 100 * time.Microsecond}
	if _, err := Load(context.Background(), cfg, first, opts); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("first run: %v", err)
	}
	id, _ := mappingID(cfg)
	cp, err := loadCheckpoint(cpPath, id, 1)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Files[0].Done || cp.Files[0].Rows == 0 || cp.Files[0].Rows >= n {
		t.Fatalf("checkpoint after a failure: %+v", cp.Files[0])
	}
	second := &fakeExec{}
	st, err := Load(context.Background(), cfg, second, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Files[0].Done || st.Files[0].Rows != n {
		t.Fatalf("after resuming: %+v", st.Files[0])
	}
	all := map[string]bool{}
	for _, f := range []*fakeExec{first, second} {
		for _, stmt := range f.tuples() {
			for _, e := range stmt {
				all[e] = true
			}
		}
	}
	if len(all) != n {
		t.Fatalf("%d distinct edges over both runs, want %d", len(all), n)
	}
	if st.Rows != n-cp.Files[0].Rows {
		t.Errorf("second run loaded %d rows, want %d", st.Rows, n-cp.Files[0].Rows)
	}
	// A third run has nothing left to do.
	third := &fakeExec{}
	if st, err := Load(context.Background(), cfg, third, opts); err != nil || st.Rows != 0 || len(third.stmts) != 0 {
		t.Fatalf("third run: %+v %v", st, err)
	}
}
