package storage

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestGetNeighborsSelfLoopOnce: a self-loop is stored as an out-edge and
// an in-edge of its vertex; a GetNeighbors over both directions answers
// it once (as the out-edge, read first), as NebulaGraph's does, while
// each loop of another rank or type, and an ordinary edge, still counts.
func TestGetNeighborsSelfLoopOnce(t *testing.T) {
	c := newMemCluster(t, 1)
	space := c.createSpace(SpaceDesc{Name: "loops", PartNum: 3, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx := context.Background()
	edges := []NewEdge{
		{EdgeKey: EdgeKey{Src: num(1), Type: sc.like, Dst: num(1)}, Props: []value.Value{num(10)}},
		{EdgeKey: EdgeKey{Src: num(1), Type: sc.like, Rank: 2, Dst: num(1)}, Props: []value.Value{num(12)}},
		{EdgeKey: EdgeKey{Src: num(1), Type: sc.like, Dst: num(2)}, Props: []value.Value{num(20)}},
		{EdgeKey: EdgeKey{Src: num(3), Type: sc.like, Dst: num(1)}, Props: []value.Value{num(31)}},
	}
	if err := c.client.AddEdges(ctx, space, edges, []string{"likeness"}, false, false); err != nil {
		t.Fatal(err)
	}
	serve := NewEdge{EdgeKey: EdgeKey{Src: num(1), Type: sc.serve, Dst: num(1)}, Props: []value.Value{num(2000), num(2001)}}
	if err := c.client.AddEdges(ctx, space, []NewEdge{serve}, []string{"start_year", "end_year"}, false, false); err != nil {
		t.Fatal(err)
	}
	like, srv := common.EdgeType(sc.like), common.EdgeType(sc.serve)
	cols := namesToBytes([]string{"_dst", "_rank"})
	for _, c2 := range []struct {
		name  string
		types []common.EdgeType
		want  []string // "type dst rank", sorted
	}{
		{"out", []common.EdgeType{like}, []string{"like 1 0", "like 1 2", "like 2 0"}},
		{"in", []common.EdgeType{-like}, []string{"-like 1 0", "-like 1 2", "-like 3 0"}},
		{"both", []common.EdgeType{like, -like}, []string{"-like 3 0", "like 1 0", "like 1 2", "like 2 0"}},
		{"both, two types", []common.EdgeType{like, -like, srv, -srv},
			[]string{"-like 3 0", "like 1 0", "like 1 2", "like 2 0", "serve 1 0"}},
	} {
		t.Run(c2.name, func(t *testing.T) {
			spec := &gstorage.TraverseSpec{EdgeTypes: c2.types, VertexProps: []*gstorage.VertexProp{}}
			for _, ty := range c2.types {
				spec.EdgeProps = append(spec.EdgeProps, &gstorage.EdgeProp{Type: ty, Props: cols})
			}
			ds, err := c.client.GetNeighbors(ctx, space, []value.Value{num(1)}, spec)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Rows) != 1 {
				t.Fatalf("%d rows, want 1", len(ds.Rows))
			}
			names := map[common.EdgeType]string{like: "like", -like: "-like", srv: "serve", -srv: "-serve"}
			var got []string
			for i, ty := range c2.types {
				cell := ds.Rows[0].Values[2+i]
				if cell.Kind() != value.KindList {
					continue
				}
				for _, e := range cell.List() {
					f := e.List()
					got = append(got, fmt.Sprintf("%s %d %d", names[ty], f[0].Int(), f[1].Int()))
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, c2.want) {
				t.Fatalf("edges of 1: %q, want %q", got, c2.want)
			}
		})
	}
}
