package geo

import (
	"errors"
	"slices"
	"testing"

	"github.com/golang/geo/s2"

	"github.com/novagraph/novagraph/pkg/value"
)

func pt(x, y float64) value.Coordinate { return value.Coordinate{X: x, Y: y} }

// TestIndexCellsMatchNebula pins cells NebulaGraph's S2_CoveringCellIds
// gives for the shapes of tck/geo/GeoBase.feature under the default
// options, so index entries stay what NebulaGraph writes.
func TestIndexCellsMatchNebula(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    value.Geography
		want []uint64
	}{
		{"point", value.Geography{Shape: value.GeoPoint, Point: pt(3, 8)}, []uint64{1166542697063163289}},
		{"point near the pole", value.Geography{Shape: value.GeoPoint, Point: pt(72.3, 84.6)}, []uint64{4987215245349669805}},
		{"polygon", value.Geography{Shape: value.GeoPolygon, Rings: [][]value.Coordinate{{pt(0, 1), pt(1, 2), pt(2, 3), pt(0, 1)}}},
			[]uint64{1152391494368201343, 1153466862374223872, 1153554823304445952, 1153836298281156608,
				1153959443583467520, 1154240918560178176, 1160503736791990272, 1160591697722212352}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := IndexCells(&tc.g, CoverOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("IndexCells = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestIndexCellsCover checks the covering contract on shapes and options:
// at most MaxCells sorted cells no deeper than MaxLevel (a point: its leaf
// cell), together containing every vertex.
func TestIndexCellsCover(t *testing.T) {
	ring := []value.Coordinate{pt(-20, -20), pt(-20, 20), pt(20, 20), pt(20, -20), pt(-20, -20)}
	hole := []value.Coordinate{pt(1, 1), pt(2, 2), pt(0, 2), pt(1, 1)}
	shapes := []value.Geography{
		{Shape: value.GeoPoint, Point: pt(-1, -1)},
		{Shape: value.GeoLineString, Line: []value.Coordinate{pt(3, 8), pt(4.7, 73.23)}},
		{Shape: value.GeoLineString, Line: []value.Coordinate{pt(9, 9), pt(8, 8), pt(7, 7), pt(9, 9)}},
		{Shape: value.GeoLineString, Line: []value.Coordinate{pt(3, 8), pt(3, 8)}},
		{Shape: value.GeoPolygon, Rings: [][]value.Coordinate{ring, hole}},
		// Clockwise: S2 turns it around rather than cover the rest of the globe.
		{Shape: value.GeoPolygon, Rings: [][]value.Coordinate{{pt(0, 0), pt(0, 1), pt(1, 1), pt(1, 0), pt(0, 0)}}},
	}
	for _, o := range []CoverOptions{{}, {MaxLevel: 23}, {MaxCells: 12}, {MaxLevel: 10, MaxCells: 3}} {
		rc := o.coverer()
		for _, g := range shapes {
			cells, err := IndexCells(&g, o)
			if err != nil {
				t.Fatalf("%v %+v: %v", o, g, err)
			}
			if len(cells) == 0 || !slices.IsSorted(cells) {
				t.Errorf("%+v %+v: cells %v: want sorted and not empty", o, g, cells)
			}
			if g.Shape == value.GeoPoint {
				if len(cells) != 1 || !s2.CellID(cells[0]).IsLeaf() {
					t.Errorf("%+v point: cells %v, want its leaf cell", o, cells)
				}
				continue
			}
			if len(cells) > rc.MaxCells {
				t.Errorf("%+v %+v: %d cells, want at most %d", o, g, len(cells), rc.MaxCells)
			}
			union := make(s2.CellUnion, len(cells))
			for i, c := range cells {
				union[i] = s2.CellID(c)
				if l := union[i].Level(); l > rc.MaxLevel {
					t.Errorf("%+v %+v: cell at level %d, want at most %d", o, g, l, rc.MaxLevel)
				}
			}
			vertices := g.Line
			for _, r := range g.Rings {
				vertices = append(vertices, r...)
			}
			for _, c := range vertices {
				if !union.ContainsPoint(s2.PointFromLatLng(latLng(c))) {
					t.Errorf("%+v %+v: vertex %v outside cells %v", o, g, c, cells)
				}
			}
		}
	}
}

func TestIndexCellsUnknownShape(t *testing.T) {
	if _, err := IndexCells(&value.Geography{}, CoverOptions{}); !errors.Is(err, ErrShape) {
		t.Errorf("shapeless geography: err = %v, want ErrShape", err)
	}
}
