package gen

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
)

// collect is an in-memory sink for checks.
type collect struct {
	persons []Person
	knows   []Knows
	closed  *Summary
}

func (c *collect) Person(p *Person) error { c.persons = append(c.persons, *p); return nil }
func (c *collect) Knows(k *Knows) error   { c.knows = append(c.knows, *k); return nil }
func (c *collect) Close(s *Summary) error { c.closed = s; return nil }

func TestDeterminism(t *testing.T) {
	for _, model := range []Model{RMAT, Uniform} {
		t.Run(model.String(), func(t *testing.T) {
			cfg := Config{Vertices: 3000, AvgDegree: 8, Model: model, Seed: 42}
			a, err := Run(cfg)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Run(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if a.Checksum != b.Checksum || a.Edges != b.Edges {
				t.Fatalf("same seed, different graphs: %x/%d vs %x/%d", a.Checksum, a.Edges, b.Checksum, b.Edges)
			}
			cfg.Seed = 43
			c, err := Run(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if c.Checksum == a.Checksum {
				t.Fatalf("seeds 42 and 43 gave the same checksum %x", a.Checksum)
			}
		})
	}
}

// TestGraphShape checks ids, edges and the degree distributions: ids are
// 1..n, no self-loops or duplicate edges, the edge count near n*degree,
// and R-MAT's hubs far above the uniform graph's largest degree.
func TestGraphShape(t *testing.T) {
	const n, deg = 20000, 10
	sums := map[Model]*Summary{}
	for _, model := range []Model{RMAT, Uniform} {
		var c collect
		sum, err := Run(Config{Vertices: n, AvgDegree: deg, Model: model, Seed: 7}, &c)
		if err != nil {
			t.Fatal(err)
		}
		sums[model] = sum
		if c.closed != sum {
			t.Errorf("%v: sink closed with %v", model, c.closed)
		}
		ids := map[int64]bool{}
		for _, p := range c.persons {
			if p.ID < 1 || p.ID > n || ids[p.ID] {
				t.Fatalf("%v: bad or repeated id %d", model, p.ID)
			}
			ids[p.ID] = true
		}
		if len(ids) != n || sum.Vertices != n {
			t.Fatalf("%v: %d ids, summary %d", model, len(ids), sum.Vertices)
		}
		type pair struct{ s, d int64 }
		seen := map[pair]bool{}
		for _, k := range c.knows {
			if k.Src == k.Dst || seen[pair{k.Src, k.Dst}] || !ids[k.Dst] {
				t.Fatalf("%v: bad edge %d->%d", model, k.Src, k.Dst)
			}
			seen[pair{k.Src, k.Dst}] = true
		}
		if int64(len(c.knows)) != sum.Edges {
			t.Fatalf("%v: %d edges, summary says %d", model, len(c.knows), sum.Edges)
		}
		if lo, hi := int64(n*deg*0.9), int64(n*deg*1.05); sum.Edges < lo || sum.Edges > hi {
			t.Errorf("%v: %d edges, want %d..%d", model, sum.Edges, lo, hi)
		}
		var total int64
		for _, v := range sum.OutHist {
			total += v
		}
		if total != n {
			t.Errorf("%v: out histogram covers %d vertices", model, total)
		}
	}
	r, u := sums[RMAT], sums[Uniform]
	if r.MaxOut < 20*u.MaxOut || r.MaxIn < 10*u.MaxIn {
		t.Errorf("R-MAT hubs (out %d, in %d) not far above uniform (out %d, in %d)", r.MaxOut, r.MaxIn, u.MaxOut, u.MaxIn)
	}
	// Uniform: Poisson(10) degrees, nearly all between 2 and 31.
	var mid int64
	for k := 2; k <= 5 && k < len(u.OutHist); k++ {
		mid += u.OutHist[k]
	}
	if mid < n*99/100 {
		t.Errorf("uniform out-degrees spread too wide: %v", u.OutHist)
	}
	// R-MAT: many low-degree vertices and a long tail.
	if r.OutHist[0]+r.OutHist[1]+r.OutHist[2] < n/4 || len(r.OutHist) < 10 {
		t.Errorf("R-MAT out-degrees not skewed: %v", r.OutHist)
	}
}

func TestPermutationIsBijective(t *testing.T) {
	for _, n := range []int{2, 3, 10, 97, 1000, 1 << 12} {
		p := newPermutation(n, 12345)
		seen := make([]bool, n+1)
		for i := 0; i < n; i++ {
			id := p.id(uint64(i))
			if id < 1 || id > int64(n) || seen[id] {
				t.Fatalf("n=%d: id %d of index %d out of range or repeated", n, id, i)
			}
			seen[id] = true
		}
	}
}

func TestBuckets(t *testing.T) {
	for _, tc := range []struct {
		d    int64
		want int
	}{{0, 0}, {1, 1}, {2, 2}, {3, 2}, {4, 3}, {1023, 10}, {1024, 11}} {
		if got := bucket(tc.d); got != tc.want {
			t.Errorf("bucket(%d) = %d, want %d", tc.d, got, tc.want)
		}
		lo, hi := BucketRange(tc.want)
		if tc.d < lo || tc.d > hi {
			t.Errorf("BucketRange(%d) = [%d,%d] misses %d", tc.want, lo, hi, tc.d)
		}
	}
}

// TestSinks writes every format and checks that each holds the whole graph
// and that the mapping loads back.
func TestSinks(t *testing.T) {
	dir := t.TempDir()
	csvs, err := NewCSVSink(dir, CSVOptions{PartitionNum: 5})
	if err != nil {
		t.Fatal(err)
	}
	pg, err := NewPGSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	rdf, err := NewRDFSink(dir, true, true)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(Config{Vertices: 500, AvgDegree: 5, Seed: 1}, csvs, pg, rdf)
	if err != nil {
		t.Fatal(err)
	}
	lines := func(name string) int64 {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var n int64
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			n++
		}
		return n
	}
	v, e := sum.Vertices, sum.Edges
	for _, tc := range []struct {
		file string
		want int64
	}{
		{PersonCSV, v + 1}, {KnowsCSV, e + 1},
		{PersonCopy, v}, {KnowsCopy, e},
		{DgraphRDF, 9*v + e}, {CayleyNQ, 8*v + 4*e},
	} {
		if got := lines(tc.file); got != tc.want {
			t.Errorf("%s: %d lines, want %d", tc.file, got, tc.want)
		}
	}
	m, err := mapping.Load(filepath.Join(dir, MappingFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Space.PartitionNum != 5 || !m.Space.IntVids() || len(m.Files) != 2 || len(m.SchemaStatements()) != 3 {
		t.Errorf("mapping: %+v", m)
	}
	for _, f := range []string{PGSchema, DgraphSchema} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
