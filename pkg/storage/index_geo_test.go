package storage

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/geo"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

func coord(x, y float64) value.Coordinate { return value.Coordinate{X: x, Y: y} }

func geoPoint(x, y float64) value.Value {
	return value.NewGeography(&value.Geography{Shape: value.GeoPoint, Point: coord(x, y)})
}

func geoLine(cs ...value.Coordinate) value.Value {
	return value.NewGeography(&value.Geography{Shape: value.GeoLineString, Line: cs})
}

func geoPolygon(rings ...[]value.Coordinate) value.Value {
	return value.NewGeography(&value.Geography{Shape: value.GeoPolygon, Rings: rings})
}

// geoEntries lists the entries of tag index ix on node 0's leader parts
// as "vid cell" strings, sorted.
func geoEntries(t *testing.T, c *testCluster, space, ix int32) []string {
	t.Helper()
	st := c.nodes[0].srv.Store()
	sp, err := st.space(space)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := newCatalog(st.meta, sp)
	if err != nil {
		t.Fatal(err)
	}
	desc, err := cat.index(ix)
	if err != nil {
		t.Fatal(err)
	}
	fields := []kvstore.IndexField{desc.Fields[0].IndexField}
	var out []string
	for _, p := range sp.parts() {
		it, err := p.engine.NewIter(kvstore.IterOptions{Prefix: kvstore.AppendIndexPrefix(nil, uint32(p.id), ix)})
		if err != nil {
			t.Fatal(err)
		}
		for ok := it.First(); ok; ok = it.Next() {
			k, err := cat.codec.ParseTagIndexKey(it.Key())
			if err != nil {
				t.Fatal(err)
			}
			vals, _, err := kvstore.DecodeIndexValues(nil, fields, k.Values)
			if err != nil {
				t.Fatal(err)
			}
			vid, _ := cat.codec.VIDValue(k.VID)
			out = append(out, fmt.Sprintf("%v %v", vid, vals[0]))
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}

// wantGeoEntries is the oracle: one entry per cell of each row's covering,
// one with NULL for a NULL.
func wantGeoEntries(t *testing.T, rows map[int64]value.Value, o geo.CoverOptions) []string {
	t.Helper()
	var out []string
	for vid, g := range rows {
		if g.IsNull() {
			out = append(out, fmt.Sprintf("%d %v", vid, value.Null))
			continue
		}
		cells, err := geo.IndexCells(g.Geography(), o)
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range cells {
			out = append(out, fmt.Sprintf("%d %d", vid, int64(cell)))
		}
	}
	slices.Sort(out)
	return out
}

// TestGeographyIndex: a geography index holds one entry per cell of each
// row's S2 covering, whether a rebuild or a write put it there, a rebuild
// keeps every cell of a row (not only rows with one entry), and a lookup
// returns each row once. Before geography index values existed, the
// rebuild of tck/geo/GeoBase.feature failed with E_INVALID_FIELD_VALUE.
func TestGeographyIndex(t *testing.T) {
	c := newMemCluster(t, 1)
	space := c.createSpace(SpaceDesc{Name: "geo", PartNum: 3, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8})
	shape := c.createSchema(space, false, "shape", []kvstore.Column{{Name: "geo", Type: kvstore.TypeGeography, Nullable: true}}, kvstore.TTL{})
	road := c.createSchema(space, true, "road", []kvstore.Column{{Name: "geo", Type: kvstore.TypeGeography}}, kvstore.TTL{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	ring := []value.Coordinate{coord(-20, -20), coord(-20, 20), coord(20, 20), coord(20, -20), coord(-20, -20)}
	hole := []value.Coordinate{coord(1, 1), coord(2, 2), coord(0, 2), coord(1, 1)}
	rows := map[int64]value.Value{}
	write := func(vals map[int64]value.Value) {
		t.Helper()
		var vs []NewVertex
		for vid, g := range vals {
			vs = append(vs, NewVertex{VID: num(vid), Tags: []NewTag{{Tag: shape, Props: []value.Value{g}}}})
			rows[vid] = g
		}
		if err := c.client.AddVertices(ctx, space, vs, map[int32][]string{shape: {"geo"}}, false, false); err != nil {
			t.Fatal(err)
		}
	}
	// Rows written before the index exists, as in the feature.
	write(map[int64]value.Value{
		101: geoPoint(3, 8),
		102: geoLine(coord(3, 8), coord(4.7, 73.23)),
		103: geoPolygon([]value.Coordinate{coord(0, 1), coord(1, 2), coord(2, 3), coord(0, 1)}),
		104: geoPolygon(ring, hole),
		105: value.Null,
	})
	edges := []NewEdge{
		{EdgeKey: EdgeKey{Src: num(101), Type: road, Dst: num(102)}, Props: []value.Value{geoLine(coord(3, 8), coord(4.7, 73.23))}},
		{EdgeKey: EdgeKey{Src: num(103), Type: road, Dst: num(104)}, Props: []value.Value{geoPolygon(ring, hole)}},
	}
	if err := c.client.AddEdges(ctx, space, edges, []string{"geo"}, false, false); err != nil {
		t.Fatal(err)
	}

	geoField := IndexFieldDesc{Name: "geo", IndexField: kvstore.IndexField{Type: kvstore.TypeGeography, Nullable: true}}
	ix := c.createIndex(space, "shape_geo", false, "shape", shape, geoField)
	geoField.Nullable = false
	ixRoad := c.createIndex(space, "road_geo", true, "road", road, geoField)
	c.waitLeaders(space)

	lookup := func(ix int32, col string) []string {
		t.Helper()
		ds, err := c.client.LookupIndex(ctx, space, &gstorage.LookupIndexRequest{
			Indices:       &gstorage.IndexSpec{Contexts: []*gstorage.IndexQueryContext{{IndexID: common.IndexID(ix)}}},
			ReturnColumns: namesToBytes([]string{col}),
		})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range ds.Rows {
			out = append(out, r.Values[0].String())
		}
		slices.Sort(out)
		return out
	}
	vids := func() []string {
		var out []string
		for vid := range rows {
			out = append(out, strconv.FormatInt(vid, 10))
		}
		slices.Sort(out)
		return out
	}

	for _, step := range []struct {
		name string
		do   func()
	}{
		{"rebuild", func() {
			c.task(ctx, 0, jobRebuildTagIndex, space, strconv.Itoa(int(ix)))
			c.task(ctx, 0, jobRebuildEdgeIndex, space, strconv.Itoa(int(ixRoad)))
		}},
		{"rebuild again", func() { c.task(ctx, 0, jobRebuildTagIndex, space, strconv.Itoa(int(ix))) }},
		{"insert and overwrite", func() {
			write(map[int64]value.Value{
				101: geoLine(coord(3, 8), coord(6, 16)),
				108: geoPoint(72.3, 84.6),
				109: geoLine(coord(9, 9), coord(8, 8), coord(7, 7), coord(9, 9)),
			})
		}},
		{"delete", func() {
			if err := c.client.DeleteVertices(ctx, space, []value.Value{num(104)}, false); err != nil {
				t.Fatal(err)
			}
			delete(rows, 104)
		}},
	} {
		step.do()
		if got, want := geoEntries(t, c, space, ix), wantGeoEntries(t, rows, geo.CoverOptions{}); !slices.Equal(got, want) {
			t.Fatalf("after %s: entries\n%v\nwant\n%v", step.name, got, want)
		}
		if got, want := lookup(ix, "_vid"), vids(); !slices.Equal(got, want) {
			t.Fatalf("after %s: lookup %v, want each row once: %v", step.name, got, want)
		}
	}
	if got := lookup(ixRoad, "_src"); !slices.Equal(got, []string{"101", "103"}) {
		t.Fatalf("edge lookup %v, want each edge once", got)
	}
}
