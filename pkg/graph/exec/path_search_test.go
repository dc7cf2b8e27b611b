package exec

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// memGraph is an in-memory graph for the searches: edges "a>b" of type 1
// (rank 0), or "a>b:t@r".
type memGraph struct {
	edges []memEdge
	dir   ast.EdgeDirection
}

type memEdge struct {
	src, dst string
	typ      int32
	rank     int64
}

func newMemGraph(dir ast.EdgeDirection, spec ...string) *memGraph {
	g := &memGraph{dir: dir}
	for _, s := range spec {
		e := memEdge{typ: 1}
		ends, rest, _ := strings.Cut(s, ":")
		src, dst, _ := strings.Cut(ends, ">")
		e.src, e.dst = src, dst
		if rest != "" {
			fmt.Sscanf(rest, "%d@%d", &e.typ, &e.rank)
		}
		g.edges = append(g.edges, e)
	}
	return g
}

// expand walks the graph as the storage expansion does: out-edges as
// positive types, in-edges as negative ones with the expanded vertex as
// their source.
func (g *memGraph) expand(_ context.Context, vids []value.Value, reverse bool) ([]walkEdge, error) {
	out, in := true, false
	switch {
	case g.dir == ast.Bidirect:
		out, in = true, true
	case (g.dir == ast.Reversely) != reverse:
		out, in = false, true
	}
	var res []walkEdge
	for _, v := range vids {
		for _, e := range g.edges {
			if out && e.src == v.Str() {
				res = append(res, walkEdge{from: v, to: value.NewString(e.dst), typ: e.typ, name: "e", rank: e.rank})
			}
			if in && e.dst == v.Str() {
				res = append(res, walkEdge{from: v, to: value.NewString(e.src), typ: -e.typ, name: "e", rank: e.rank})
			}
		}
	}
	return res, nil
}

func strs(ss ...string) []value.Value {
	out := make([]value.Value, len(ss))
	for i, s := range ss {
		out[i] = value.NewString(s)
	}
	return out
}

// pathText prints a path compactly: a>b<c for a walk a -> b <- c.
func pathText(p *value.Path) string {
	var b strings.Builder
	b.WriteString(p.Src.VID.Str())
	for _, s := range p.Steps {
		if s.Type < 0 {
			b.WriteByte('<')
		} else {
			b.WriteByte('>')
		}
		if s.Type != 1 && s.Type != -1 || s.Ranking != 0 {
			fmt.Fprintf(&b, "[%d@%d]", max(s.Type, -s.Type), s.Ranking)
		}
		b.WriteString(s.Dst.VID.Str())
	}
	return b.String()
}

func pathTexts(ps []*value.Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = pathText(p)
	}
	slices.Sort(out)
	return out
}

func TestPathSearches(t *testing.T) {
	diamond := []string{"a>b", "a>c", "b>d", "c>d", "d>e"}
	for _, c := range []struct {
		name     string
		search   string // single, multi, all, noloop
		dir      ast.EdgeDirection
		edges    []string
		from, to []string
		upto     int64
		want     []string
	}{
		{"single direct", "single", ast.Outgoing, []string{"a>b", "b>c", "a>c"}, []string{"a"}, []string{"c"}, 5, []string{"a>c"}},
		{"single every shortest", "single", ast.Outgoing, diamond, []string{"a"}, []string{"e"}, 5, []string{"a>b>d>e", "a>c>d>e"}},
		{"single even length", "single", ast.Outgoing, diamond, []string{"a"}, []string{"d"}, 5, []string{"a>b>d", "a>c>d"}},
		{"single upto too short", "single", ast.Outgoing, diamond, []string{"a"}, []string{"e"}, 2, nil},
		{"single upto zero", "single", ast.Outgoing, diamond, []string{"a"}, []string{"b"}, 0, nil},
		{"single parallel edges", "single", ast.Outgoing, []string{"a>b", "a>b:1@1", "a>b:2@0"}, []string{"a"}, []string{"b"}, 5,
			[]string{"a>[1@1]b", "a>[2@0]b", "a>b"}},
		{"single reversely", "single", ast.Reversely, []string{"b>a", "c>b"}, []string{"a"}, []string{"c"}, 5, []string{"a<b<c"}},
		{"single bidirect", "single", ast.Bidirect, []string{"a>b", "c>b"}, []string{"a"}, []string{"c"}, 5, []string{"a>b<c"}},
		{"single self loop is the shortest cycle", "single", ast.Outgoing, []string{"a>a", "a>b", "b>a"}, []string{"a"}, []string{"a"}, 5, []string{"a>a"}},
		{"single cycle", "single", ast.Outgoing, []string{"a>b", "b>c", "c>a"}, []string{"a"}, []string{"a"}, 5, []string{"a>b>c>a"}},
		// Walking a->b and back over the same edge is no cycle; the two
		// edges between a and c make one.
		{"single bidirect cycle", "single", ast.Bidirect, []string{"a>b", "a>c", "c>a"}, []string{"a"}, []string{"a"}, 5,
			[]string{"a<c<a", "a>c>a"}},
		{"single unreachable", "single", ast.Outgoing, diamond, []string{"e"}, []string{"a"}, 5, nil},

		{"multi pairs", "multi", ast.Outgoing, diamond, []string{"a", "b"}, []string{"d", "e"}, 5,
			[]string{"a>b>d", "a>b>d>e", "a>c>d", "a>c>d>e", "b>d", "b>d>e"}},
		{"multi pair with itself", "multi", ast.Outgoing, []string{"a>b", "b>a", "b>c"}, []string{"a"}, []string{"a", "c"}, 5,
			[]string{"a>b>a", "a>b>c"}},
		{"multi ignores self loops", "multi", ast.Outgoing, []string{"a>a", "a>b", "b>a"}, []string{"a"}, []string{"a", "b"}, 5,
			[]string{"a>b", "a>b>a"}},
		{"multi upto", "multi", ast.Outgoing, diamond, []string{"a", "d"}, []string{"e"}, 1, []string{"d>e"}},
		{"single shortest keeps one", "singleshortest", ast.Outgoing, diamond, []string{"a"}, []string{"d", "e"}, 5, nil},

		{"all", "all", ast.Outgoing, []string{"a>b", "b>a", "a>b:1@1", "b>c"}, []string{"a"}, []string{"c"}, 5,
			[]string{"a>[1@1]b>a>b>c", "a>[1@1]b>c", "a>b>a>[1@1]b>c", "a>b>c"}},
		{"all never repeats an edge", "all", ast.Bidirect, []string{"a>b"}, []string{"a"}, []string{"b"}, 5, []string{"a>b"}},
		{"all self loop", "all", ast.Outgoing, []string{"a>a"}, []string{"a"}, []string{"a"}, 5, []string{"a>a"}},
		{"all upto", "all", ast.Outgoing, []string{"a>b", "b>a", "a>b:1@1", "b>c"}, []string{"a"}, []string{"c"}, 3,
			[]string{"a>[1@1]b>c", "a>b>c"}},
		{"noloop", "noloop", ast.Outgoing, []string{"a>b", "b>a", "a>b:1@1", "b>c"}, []string{"a"}, []string{"c"}, 5,
			[]string{"a>[1@1]b>c", "a>b>c"}},
		{"noloop from itself", "noloop", ast.Outgoing, []string{"a>a", "a>b", "b>a"}, []string{"a"}, []string{"a"}, 5, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := newMemGraph(c.dir, c.edges...)
			s := &pathSearch{from: strs(c.from...), to: strs(c.to...), upto: c.upto, expand: g.expand}
			got, err := runSearch(context.Background(), c.search, s)
			if err != nil {
				t.Fatal(err)
			}
			if c.search == "singleshortest" {
				// One of the shortest paths of each pair, in either order
				// (texts sort by their middle vertices, not their ends).
				txt := pathTexts(got)
				if len(txt) == 2 && strings.HasSuffix(txt[0], "e") {
					txt[0], txt[1] = txt[1], txt[0]
				}
				if len(txt) != 2 || !strings.HasSuffix(txt[0], "d") || !strings.HasSuffix(txt[1], "e") {
					t.Errorf("got %v", txt)
				}
				return
			}
			if txt := pathTexts(got); !slices.Equal(txt, c.want) {
				t.Errorf("got %v, want %v", txt, c.want)
			}
		})
	}
}

func runSearch(ctx context.Context, kind string, s *pathSearch) ([]*value.Path, error) {
	switch kind {
	case "single":
		return shortestPair(ctx, s)
	case "multi":
		return shortestPairs(ctx, s, false)
	case "singleshortest":
		return shortestPairs(ctx, s, true)
	case "all":
		return allPaths(ctx, s, false)
	case "noloop":
		return allPaths(ctx, s, true)
	}
	panic(kind)
}

// TestPathSearchOracle compares the searches with an exhaustive walk of
// small random graphs: every path of at most upto edges that repeats no
// edge (ALL) or no vertex (NOLOOP), and of those the shortest per pair.
// Shortest cycles are compared only where one side's walk cannot take an
// edge back the way the other came (not BIDIRECT), and without self loops,
// which the pair search ignores.
func TestPathSearchOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"a", "b", "c", "d", "e", "f"}
	found := 0
	for i := range 300 {
		dir := []ast.EdgeDirection{ast.Outgoing, ast.Reversely, ast.Bidirect}[i%3]
		var spec []string
		for range 3 + r.IntN(8) {
			src, dst := names[r.IntN(len(names))], names[r.IntN(len(names))]
			if src == dst {
				continue
			}
			spec = append(spec, fmt.Sprintf("%s>%s:%d@%d", src, dst, 1+r.IntN(2), r.IntN(2)))
		}
		g := newMemGraph(dir, spec...)
		from, to := strs(names[r.IntN(3)], names[r.IntN(6)]), strs(names[r.IntN(6)], names[3+r.IntN(3)])
		upto := int64(r.IntN(6))
		s := &pathSearch{from: distinctVids(from), to: distinctVids(to), upto: upto, expand: g.expand}
		for _, kind := range []string{"all", "noloop", "multi", "single"} {
			if kind == "single" {
				s = &pathSearch{from: s.from[:1], to: s.to[:1], upto: upto, expand: g.expand}
			}
			got, err := runSearch(context.Background(), kind, s)
			if err != nil {
				t.Fatal(err)
			}
			want := exhaustive(g, s, kind)
			gotText := pathTexts(got)
			if dir == ast.Bidirect && kind != "all" && kind != "noloop" {
				gotText = slices.DeleteFunc(gotText, func(p string) bool { return p[0] == p[len(p)-1] })
				want = slices.DeleteFunc(want, func(p string) bool { return p[0] == p[len(p)-1] })
			}
			if len(want) > 0 {
				found++
			}
			if !slices.Equal(gotText, want) {
				t.Fatalf("graph %v %v from %v to %v upto %d %s:\ngot  %v\nwant %v", dir, spec, s.from, s.to, upto, kind, gotText, want)
			}
		}
	}
	if found < 300 {
		t.Errorf("only %d of 1200 searches found paths: the graphs are too sparse to test much", found)
	}
}

// exhaustive is the oracle of TestPathSearchOracle.
func exhaustive(g *memGraph, s *pathSearch, kind string) []string {
	targets := map[string]bool{}
	for _, v := range s.to {
		targets[v.Str()] = true
	}
	var all []*value.Path
	var walk func(p *value.Path, at value.Value, used map[edgeIdentity]bool)
	walk = func(p *value.Path, at value.Value, used map[edgeIdentity]bool) {
		if len(p.Steps) > 0 && targets[at.Str()] {
			c := *p
			c.Steps = slices.Clone(p.Steps)
			all = append(all, &c)
		}
		if int64(len(p.Steps)) >= s.upto {
			return
		}
		edges, _ := g.expand(context.Background(), []value.Value{at}, false)
		for _, e := range edges {
			if used[e.id()] {
				continue
			}
			if kind == "noloop" && (e.to.Str() == p.Src.VID.Str() || slices.ContainsFunc(p.Steps, func(st value.Step) bool {
				return st.Dst.VID.Str() == e.to.Str()
			})) {
				continue
			}
			used[e.id()] = true
			p.Steps = append(p.Steps, value.Step{Dst: value.Vertex{VID: e.to}, Type: e.typ, Name: e.name, Ranking: e.rank})
			walk(p, e.to, used)
			p.Steps = p.Steps[:len(p.Steps)-1]
			delete(used, e.id())
		}
	}
	for _, f := range s.from {
		walk(&value.Path{Src: value.Vertex{VID: f}}, f, map[edgeIdentity]bool{})
	}
	if kind == "all" || kind == "noloop" {
		return pathTexts(all)
	}
	best := map[string]int{}
	for _, p := range all {
		k := p.Src.VID.Str() + ">" + p.Steps[len(p.Steps)-1].Dst.VID.Str()
		if n, ok := best[k]; !ok || len(p.Steps) < n {
			best[k] = len(p.Steps)
		}
	}
	var out []*value.Path
	for _, p := range all {
		if best[p.Src.VID.Str()+">"+p.Steps[len(p.Steps)-1].Dst.VID.Str()] == len(p.Steps) {
			out = append(out, p)
		}
	}
	return pathTexts(out)
}

// TestPathSearchStops checks that a cancelled query stops a search between
// its storage reads.
func TestPathSearchStops(t *testing.T) {
	var spec []string
	for i := range 20 {
		for j := range 20 {
			if i != j {
				spec = append(spec, fmt.Sprintf("v%d>v%d", i, j))
			}
		}
	}
	// w3 is four steps from v0: the searches need a second round.
	spec = append(spec, "v19>w1", "w1>w2", "w2>w3")
	g := newMemGraph(ast.Bidirect, spec...)
	for _, kind := range []string{"single", "multi", "all", "noloop"} {
		ctx, cancel := context.WithCancel(context.Background())
		s := &pathSearch{from: strs("v0"), to: strs("w3"), upto: 9, expand: func(ctx context.Context, vids []value.Value, reverse bool) ([]walkEdge, error) {
			cancel()
			return g.expand(ctx, vids, reverse)
		}}
		_, err := runSearch(ctx, kind, s)
		if err == nil || !strings.Contains(err.Error(), "Execution had been killed") {
			t.Errorf("%s: got %v, want the killed error", kind, err)
		}
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Fatal("not cancelled")
		}
	}
}

// TestPathSearchMemory checks that a search stops once what it holds
// passes the query's memory limit.
func TestPathSearchMemory(t *testing.T) {
	var spec []string
	for i := range 12 {
		for j := range 12 {
			if i != j {
				spec = append(spec, fmt.Sprintf("v%d>v%d", i, j))
			}
		}
	}
	g := newMemGraph(ast.Bidirect, spec...)
	errLimit := errors.New("over the limit")
	for _, kind := range []string{"single", "multi", "all", "noloop"} {
		var used atomic.Int64
		s := &pathSearch{from: strs("v0", "v1"), to: strs("v2", "v3"), upto: 5, expand: g.expand,
			charge: func(n int64) error {
				if used.Add(n) > 4096 {
					return errLimit
				}
				return nil
			}}
		if kind == "single" {
			s.from, s.to = s.from[:1], s.to[:1]
		}
		if _, err := runSearch(context.Background(), kind, s); !errors.Is(err, errLimit) {
			t.Errorf("%s: got %v, want the limit's error", kind, err)
		}
	}
}
