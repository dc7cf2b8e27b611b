package load

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/bench/gen"
)

func TestCayleyQueryText(t *testing.T) {
	for _, tc := range []struct {
		hops int
		want string
	}{
		{1, `g.V("<p7>").Out("<knowsEdge>").Save("<creationDate>", "creationDate").Out("<dst>").Save("<firstName>", "firstName").GetLimit(-1)`},
		{3, `g.V("<p7>").Out("<knows>").Unique().Out("<knows>").Unique().Out("<knowsEdge>").Save("<creationDate>", "creationDate").Out("<dst>").Save("<firstName>", "firstName").GetLimit(-1)`},
	} {
		if got := cayleyHop(7, tc.hops); got != tc.want {
			t.Errorf("%d hops:\n got %s\nwant %s", tc.hops, got, tc.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 1))
	w := &Workload{Vertices: 100, Names: []string{"Ann"}}
	q, ok := (&Cayley{}).Query("insert", r, w)
	if !ok || q.Writes != 1 || !strings.HasPrefix(q.Text, "/api/v2/write\n") || strings.Count(q.Text, " .\n") != 4 {
		t.Errorf("insert: %+v", q)
	}
}

func TestCayleyRows(t *testing.T) {
	n := int64(4)
	for _, tc := range []struct {
		a    cayleyAnswer
		want int64
		err  bool
	}{
		{cayleyAnswer{Result: []byte(`[{"id":"<p1>"},{"id":"<p2>"}]`)}, 2, false},
		{cayleyAnswer{Result: []byte(`null`)}, 0, false},
		{cayleyAnswer{}, 0, false},
		{cayleyAnswer{Result: []byte(`"Successfully wrote 4 quads."`), Count: &n}, 0, false},
		{cayleyAnswer{Result: []byte(`{"x":1}`)}, 0, true},
	} {
		got, err := cayleyRows(tc.a)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("%s: %d, %v", tc.a.Result, got, err)
		}
	}
}

// cayleyBin is the Cayley v0.7.7 binary bench/compare.sh uses
// (docs/benchmarks.md, "Reproduce"); CAYLEY_BIN overrides it.
func cayleyBin(t *testing.T) string {
	bin := os.Getenv("CAYLEY_BIN")
	if bin == "" {
		bin = "/tmp/bench-peers/bin/cayley"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("no Cayley binary (%v); build it as docs/benchmarks.md says or set CAYLEY_BIN", err)
	}
	return bin
}

// TestCayleyAgainstServer loads a generated graph into a real Cayley (leveldb,
// as bench/compare.sh does), and checks the driver's 1-, 2- and 3-hop
// answers against the row counts computed from the graph's edges, and
// that an inserted edge can be read back.
func TestCayleyAgainstServer(t *testing.T) {
	bin := cayleyBin(t)
	dir := t.TempDir()
	sink, err := gen.NewRDFSink(dir, false, true)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := gen.Run(gen.Config{Vertices: 300, AvgDegree: 4, Seed: 3}, sink)
	if err != nil {
		t.Fatal(err)
	}
	nq := filepath.Join(dir, gen.CayleyNQ)
	db := filepath.Join(dir, "db")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, "load", "--init", "-d", "leveldb", "-a", db, "-i", nq).CombinedOutput(); err != nil {
		t.Fatalf("cayley load: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	srv := exec.CommandContext(ctx, bin, "http", "-d", "leveldb", "-a", db, "--host", addr)
	srv.Stdout, srv.Stderr = os.Stderr, os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	url := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); ; {
		resp, err := http.Get(url + "/api/v2/formats")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cayley http did not start: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}

	out := readKnows(t, nq)
	d := &Cayley{URL: url}
	c, err := d.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, start := range sum.Starts[:min(len(sum.Starts), 5)] {
		for hops := 1; hops <= 3; hops++ {
			n, err := c.Do(ctx, cayleyQuery+cayleyHop(start, hops))
			if err != nil {
				t.Fatalf("go%d from %d: %v", hops, start, err)
			}
			if want := expandRows(out, start, hops); n != want {
				t.Errorf("go%d from %d: %d rows, want %d", hops, start, n, want)
			}
		}
	}

	w := &Workload{Vertices: sum.Vertices}
	q, _ := d.Query("insert", rand.New(rand.NewPCG(1, 2)), w)
	if _, err := c.Do(ctx, q.Text); err != nil {
		t.Fatalf("insert: %v", err)
	}
	src := strings.TrimPrefix(strings.Fields(strings.SplitN(q.Text, "\n", 3)[1])[0], "<p")
	var id int64
	fmt.Sscanf(src, "%d>", &id)
	// The fresh persons have no properties (as in the other systems'
	// insert), so go1 would drop the row for want of a firstName.
	edge := fmt.Sprintf(`g.V("<p%d>").Out("<knowsEdge>").Save("<creationDate>", "creationDate").Out("<dst>").GetLimit(-1)`, id)
	if n, err := c.Do(ctx, cayleyQuery+edge); err != nil || n != 1 {
		t.Errorf("the inserted edge from %d: %d rows, %v", id, n, err)
	}
	if _, err := c.Do(ctx, cayleyQuery+"g.V(("); err == nil {
		t.Error("a malformed query succeeded")
	}
}

// readKnows reads the <knows> quads of a cayley.nq file as adjacency lists.
func readKnows(t *testing.T, path string) map[int64][]int64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[int64][]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s, d int64
		if n, _ := fmt.Sscanf(sc.Text(), "<p%d> <knows> <p%d> .", &s, &d); n == 2 {
			out[s] = append(out[s], d)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// expandRows is GO hops STEPS' row count: the edges out of the distinct
// frontier reached in hops-1 steps.
func expandRows(out map[int64][]int64, start int64, hops int) int64 {
	frontier := map[int64]bool{start: true}
	for i := 1; i < hops; i++ {
		next := map[int64]bool{}
		for v := range frontier {
			for _, d := range out[v] {
				next[d] = true
			}
		}
		frontier = next
	}
	var n int64
	for v := range frontier {
		n += int64(len(out[v]))
	}
	return n
}
