package storage

import (
	"context"
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestGetNeighborsDstProps: with dst_props, the host answering a
// GetNeighbors also answers the properties of the kept edges'
// destinations whose partition it leads — exactly those, each once, as
// GetProps reads them, and a vertex without the tags (a dangling edge's
// end, or one with another tag) as a row of EMPTY — and a call spread over
// several hosts asks for none.
func TestGetNeighborsDstProps(t *testing.T) {
	c := newMemCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "dst", PartNum: 6, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx := context.Background()
	// 2..40 are players, 41..45 teams, 46..50 exist only as edge ends;
	// 1 likes every one of them, 7 of them twice (two ranks).
	var vs []NewVertex
	var es []NewEdge
	for v := int64(2); v <= 50; v++ {
		switch {
		case v <= 40:
			vs = append(vs, NewVertex{VID: num(v), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("p"), num(v)}}}})
		case v <= 45:
			vs = append(vs, NewVertex{VID: num(v), Tags: []NewTag{{Tag: sc.team, Props: []value.Value{str("t")}}}})
		}
		es = append(es, NewEdge{EdgeKey: EdgeKey{Src: num(1), Type: sc.like, Dst: num(v)}, Props: []value.Value{num(v)}})
		if v%7 == 0 {
			es = append(es, NewEdge{EdgeKey: EdgeKey{Src: num(1), Type: sc.like, Rank: 1, Dst: num(v)}, Props: []value.Value{num(v)}})
		}
	}
	if err := c.client.AddVertices(ctx, space, vs, map[int32][]string{sc.player: {"name", "age"}, sc.team: {"name"}}, false, false); err != nil {
		t.Fatal(err)
	}
	if err := c.client.AddEdges(ctx, space, es, []string{"likeness"}, false, false); err != nil {
		t.Fatal(err)
	}
	props := []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: namesToBytes([]string{"_tag", "age"})}}
	spec := &gstorage.TraverseSpec{
		EdgeTypes:   []common.EdgeType{common.EdgeType(sc.like)},
		EdgeProps:   []*gstorage.EdgeProp{{Type: common.EdgeType(sc.like), Props: namesToBytes([]string{"_dst"})}},
		VertexProps: []*gstorage.VertexProp{},
		DstProps:    props,
	}

	ds, dst, err := c.client.GetNeighborsDst(ctx, space, []value.Value{num(1)}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Rows) != 1 {
		t.Fatalf("GetNeighbors answered %d rows, want 1", len(ds.Rows))
	}
	host := c.leaderNode(space, c.partOf(space, num(1)))
	want := map[int64]bool{}
	for v := int64(2); v <= 50; v++ {
		if c.leaderNode(space, c.partOf(space, num(v))) == host {
			want[v] = true
		}
	}
	if len(want) == 0 || len(want) == 49 {
		t.Fatalf("the answering host leads the partitions of %d of 49 destinations; the test needs some of each", len(want))
	}
	byProps, err := c.client.GetVertexProps(ctx, space, valuesOf(want), &gstorage.GetPropRequest{VertexProps: props})
	if err != nil {
		t.Fatal(err)
	}
	viaProps := map[int64][]value.Value{}
	for _, r := range byProps.Rows {
		viaProps[r.Values[0].Int()] = r.Values
	}
	if len(dst.ColNames) != 3 || dst.ColNames[0] != "_vid" {
		t.Fatalf("dst_props columns %v", dst.ColNames)
	}
	got := map[int64]bool{}
	for _, r := range dst.Rows {
		v := r.Values[0].Int()
		if got[v] {
			t.Fatalf("destination %d answered twice", v)
		}
		got[v] = true
		if !want[v] {
			t.Fatalf("destination %d answered by a host that does not lead its partition", v)
		}
		exp := viaProps[v]
		if exp == nil { // no player tag: a row of EMPTY
			exp = []value.Value{num(v), value.Empty, value.Empty}
		}
		if !sameValues(r.Values, exp) {
			t.Fatalf("destination %d: dst_props row %v, GetProps reads %v", v, r.Values, exp)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d destinations answered, want %d", len(got), len(want))
	}

	// Start vertices on every host: nobody is asked for dst_props.
	var starts []value.Value
	hosts := map[int]bool{}
	for v := int64(1); v <= 50; v++ {
		if h := c.leaderNode(space, c.partOf(space, num(v))); !hosts[h] {
			hosts[h] = true
			starts = append(starts, num(v))
		}
	}
	if len(hosts) < 2 {
		t.Fatalf("all partitions led by one host")
	}
	if _, dst, err = c.client.GetNeighborsDst(ctx, space, starts, spec); err != nil {
		t.Fatal(err)
	}
	if len(dst.Rows) != 0 {
		t.Fatalf("a call over %d hosts answered %d dst_props rows", len(hosts), len(dst.Rows))
	}
}

func valuesOf(set map[int64]bool) []value.Value {
	var out []value.Value
	for v := range set {
		out = append(out, num(v))
	}
	return out
}

// partOf is vid's partition in space.
func (c *testCluster) partOf(space int32, vid value.Value) int32 {
	c.t.Helper()
	p, err := c.client.PartOf(space, vid)
	if err != nil {
		c.t.Fatal(err)
	}
	return p
}
