package storage

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestReadsKeepRequestOrder: GetProps and GetNeighbors read a part's
// vertices in key order (vertexRowsSorted, rowsSorted) but must answer in
// the order the vertices were asked for, with repeated and missing ones
// treated as before: a repeat answered twice (once under dedup), a missing
// vertex no row in GetProps and an empty one in GetNeighbors. One part, so
// that the whole answer is one part's.
func TestReadsKeepRequestOrder(t *testing.T) {
	c := newMemCluster(t, 1)
	space := c.createSpace(SpaceDesc{Name: "order", PartNum: 1, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx := context.Background()
	const n = 300
	var vs []NewVertex
	var es []NewEdge
	for v := int64(1); v <= n; v++ {
		vs = append(vs, NewVertex{VID: num(v), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("p"), num(v)}}}})
		es = append(es, NewEdge{EdgeKey: EdgeKey{Src: num(v), Type: sc.like, Dst: num(v*7%n + 1)}, Props: []value.Value{num(v)}})
	}
	if err := c.client.AddVertices(ctx, space, vs, map[int32][]string{sc.player: {"name", "age"}}, false, false); err != nil {
		t.Fatal(err)
	}
	if err := c.client.AddEdges(ctx, space, es, []string{"likeness"}, false, false); err != nil {
		t.Fatal(err)
	}
	// Ints whose little- and big-endian orders differ from their own,
	// shuffled, with a repeat and a vertex that does not exist.
	var ask []int64
	for v := int64(1); v <= n; v++ {
		ask = append(ask, v)
	}
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(ask), func(i, j int) { ask[i], ask[j] = ask[j], ask[i] })
	ask = slices.Insert(ask, 10, ask[3], 100_000)
	vids := make([]value.Value, len(ask))
	for i, v := range ask {
		vids[i] = num(v)
	}
	firstCol := func(ds *value.DataSet) []int64 {
		var out []int64
		for _, r := range ds.Rows {
			out = append(out, r.Values[0].Int())
		}
		return out
	}

	props := &gstorage.GetPropRequest{VertexProps: []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: namesToBytes([]string{"age"})}}}
	for _, dedup := range []bool{false, true} {
		props.Dedup = dedup
		ds, err := c.client.GetVertexProps(ctx, space, vids, props)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		seen := map[int64]bool{}
		for _, v := range ask {
			if v > n || dedup && seen[v] {
				continue
			}
			seen[v] = true
			want = append(want, v)
		}
		if got := firstCol(ds); !slices.Equal(got, want) {
			t.Fatalf("GetProps (dedup %v) answered\n%v\nwant\n%v", dedup, got, want)
		}
		for _, r := range ds.Rows {
			if r.Values[1].Int() != r.Values[0].Int() {
				t.Fatalf("GetProps row %v: age is not the vertex's", r.Values)
			}
		}
	}

	for _, withTags := range []bool{false, true} {
		spec := &gstorage.TraverseSpec{
			EdgeTypes:   []common.EdgeType{common.EdgeType(sc.like)},
			VertexProps: []*gstorage.VertexProp{},
			EdgeProps:   []*gstorage.EdgeProp{{Type: common.EdgeType(sc.like), Props: namesToBytes([]string{"_dst"})}},
		}
		if withTags {
			spec.VertexProps = []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: namesToBytes([]string{"age"})}}
		}
		ds, err := c.client.GetNeighbors(ctx, space, vids, spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := firstCol(ds); !slices.Equal(got, ask) {
			t.Fatalf("GetNeighbors (tags %v) answered\n%v\nwant\n%v", withTags, got, ask)
		}
		for _, r := range ds.Rows {
			v := r.Values[0].Int()
			cell := r.Values[len(r.Values)-2]
			if v > n {
				if cell.Kind() == value.KindList && len(cell.List()) != 0 {
					t.Fatalf("missing vertex %d has edges %v", v, cell)
				}
				continue
			}
			if cell.Kind() != value.KindList {
				t.Fatalf("vertex %d: edge cell %v", v, cell)
			}
			if edges := cell.List(); len(edges) != 1 || edges[0].List()[0].Int() != v*7%n+1 {
				t.Fatalf("vertex %d: edges %v", v, edges)
			}
			if withTags && r.Values[2].List()[0].Int() != v {
				t.Fatalf("vertex %d: tag column %v", v, r.Values[2])
			}
		}
	}
}
