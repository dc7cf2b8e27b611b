package storage

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// bulkGraph is a deterministic graph of the testSchema sc: edge i is a
// like from i%V to (i*7919+13)%V at rank i/V with likeness i; vertex v is
// a player of age v%100.
type bulkGraph struct {
	V, E int
	sc   testSchema
}

func (g bulkGraph) edge(i int) EdgeKey {
	return EdgeKey{Src: num(int64(i % g.V)), Type: g.sc.like, Rank: int64(i / g.V), Dst: num(int64((i*7919 + 13) % g.V))}
}

// insert writes the vertices and edges with several concurrent writers.
func (g bulkGraph) insert(t testing.TB, ctx context.Context, cl *Client, space int32) {
	t.Helper()
	var vs []NewVertex
	for v := range g.V {
		vs = append(vs, NewVertex{VID: num(int64(v)), Tags: []NewTag{{Tag: g.sc.player, Props: []value.Value{str(fmt.Sprint("p", v)), num(int64(v % 100))}}}})
	}
	if err := cl.AddVertices(ctx, space, vs, map[int32][]string{g.sc.player: {"name", "age"}}, false, false); err != nil {
		t.Fatal(err)
	}
	const batch, writers = 2000, 8
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := w * batch; start < g.E; start += writers * batch {
				var es []NewEdge
				for i := start; i < min(start+batch, g.E); i++ {
					es = append(es, NewEdge{EdgeKey: g.edge(i), Props: []value.Value{num(int64(i))}})
				}
				if err := cl.AddEdges(ctx, space, es, []string{"likeness"}, false, false); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// neighborsOf reads every vertex's like edges in both directions as
// "dir dst rank likeness" strings per vertex.
func (g bulkGraph) neighborsOf(t testing.TB, ctx context.Context, cl *Client, space int32, filter string) map[int64][]string {
	t.Helper()
	like := common.EdgeType(g.sc.like)
	spec := &gstorage.TraverseSpec{
		EdgeTypes:   []common.EdgeType{like, -like},
		VertexProps: []*gstorage.VertexProp{},
		EdgeProps: []*gstorage.EdgeProp{
			{Type: like, Props: namesToBytes([]string{"_dst", "_rank", "likeness"})},
			{Type: -like, Props: namesToBytes([]string{"_dst", "_rank", "likeness"})},
		},
	}
	if filter != "" {
		spec.Filter = []byte(filter)
	}
	out := map[int64][]string{}
	for start := 0; start < g.V; start += 1000 {
		var vids []value.Value
		for v := start; v < min(start+1000, g.V); v++ {
			vids = append(vids, num(int64(v)))
		}
		ds, err := cl.GetNeighbors(ctx, space, vids, spec)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Rows) != len(vids) {
			t.Fatalf("%d rows for %d vertices", len(ds.Rows), len(vids))
		}
		for _, r := range ds.Rows {
			vid := r.Values[0].Int()
			for ci, dir := range []string{"out", "in"} {
				cell := r.Values[2+ci]
				if cell.Kind() != value.KindList {
					continue
				}
				for _, e := range cell.List() {
					f := e.List()
					out[vid] = append(out[vid], fmt.Sprintf("%s %d %d %d", dir, f[0].Int(), f[1].Int(), f[2].Int()))
				}
			}
		}
	}
	for _, es := range out {
		slices.Sort(es)
	}
	return out
}

// expectedNeighbors is neighborsOf computed from the graph's definition for
// the edges keep accepts.
func (g bulkGraph) expectedNeighbors(keep func(i int) bool) map[int64][]string {
	out := map[int64][]string{}
	for i := range g.E {
		if !keep(i) {
			continue
		}
		e := g.edge(i)
		s, d := e.Src.Int(), e.Dst.Int()
		out[s] = append(out[s], fmt.Sprintf("out %d %d %d", d, e.Rank, i))
		out[d] = append(out[d], fmt.Sprintf("in %d %d %d", s, e.Rank, i))
	}
	for _, es := range out {
		slices.Sort(es)
	}
	return out
}

func compareNeighbors(t testing.TB, got, want map[int64][]string) {
	t.Helper()
	n := 0
	for v, w := range want {
		if !slices.Equal(got[v], w) {
			t.Fatalf("vertex %d: %d edges %.3v..., want %d edges %.3v...", v, len(got[v]), got[v], len(w), w)
		}
		n += len(w)
	}
	for v, g := range got {
		if _, ok := want[v]; !ok && len(g) > 0 {
			t.Fatalf("vertex %d: unexpected edges %.3v", v, g)
		}
	}
	if n == 0 {
		t.Fatal("no edges compared")
	}
}

func TestClusterBulkEdges(t *testing.T) {
	// The scale; the race detector's slowdown (and -short) get a
	// tenth of it.
	c := newTestCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "bulk", PartNum: 10, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	g := bulkGraph{V: 10000, E: 100000, sc: c.addSchema(space)}
	if testing.Short() || raceEnabled {
		g.V, g.E = 1000, 10000
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	g.insert(t, ctx, c.client, space)
	t.Logf("inserted %d edges in %v", g.E, time.Since(start))

	all := func(int) bool { return true }
	start = time.Now()
	compareNeighbors(t, g.neighborsOf(t, ctx, c.client, space, ""), g.expectedNeighbors(all))
	t.Logf("read every vertex's neighbors in %v", time.Since(start))

	// A pushed-down filter gives what filtering here gives.
	filter := "like.likeness % 7 == 3 AND $^.player.age >= 50"
	got := g.neighborsOf(t, ctx, c.client, space, filter)
	want := map[int64][]string{}
	for v, es := range g.expectedNeighbors(all) {
		for _, e := range es {
			var dir string
			var other, rank, like int
			fmt.Sscan(e, &dir, &other, &rank, &like)
			if like%7 == 3 && v%100 >= 50 {
				want[v] = append(want[v], e)
			}
		}
	}
	compareNeighbors(t, got, want)

	// Delete every tenth edge: both keys and the index entry go.
	start = time.Now()
	var del []EdgeKey
	for i := 0; i < g.E; i += 10 {
		del = append(del, g.edge(i))
	}
	for start := 0; start < len(del); start += 2000 {
		if err := c.client.DeleteEdges(ctx, space, del[start:min(start+2000, len(del))]); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("deleted %d edges in %v", len(del), time.Since(start))
	kept := func(i int) bool { return i%10 != 0 }
	compareNeighbors(t, g.neighborsOf(t, ctx, c.client, space, ""), g.expectedNeighbors(kept))
	ds, err := c.client.LookupIndex(ctx, space, &gstorage.LookupIndexRequest{
		Indices: &gstorage.IndexSpec{Contexts: []*gstorage.IndexQueryContext{{IndexID: common.IndexID(g.sc.ixLike), ColumnHints: []*gstorage.IndexColumnHint{{
			ColumnName: []byte("likeness"), ScanType: gstorage.ScanType_RANGE,
			BeginValue: value.ToThrift(num(0)), EndValue: &common.Value{}, IncludeBegin: true,
		}}}}},
		ReturnColumns: namesToBytes([]string{"likeness"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Rows) != g.E-len(del) {
		t.Fatalf("index has %d entries, want %d", len(ds.Rows), g.E-len(del))
	}
	for _, r := range ds.Rows {
		if r.Values[0].Int()%10 == 0 {
			t.Fatalf("index entry of deleted edge %d", r.Values[0].Int())
		}
	}
}
