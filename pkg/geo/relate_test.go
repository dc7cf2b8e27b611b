package geo

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func point(x, y float64) *value.Geography {
	return &value.Geography{Shape: value.GeoPoint, Point: pt(x, y)}
}

func line(cs ...value.Coordinate) *value.Geography {
	return &value.Geography{Shape: value.GeoLineString, Line: cs}
}

func polygon(rings ...[]value.Coordinate) *value.Geography {
	return &value.Geography{Shape: value.GeoPolygon, Rings: rings}
}

// The shapes of tck/geo/GeoBase.feature.
var (
	tckLine     = line(pt(3, 8), pt(4.7, 73.23))
	tckTriangle = polygon([]value.Coordinate{pt(0, 1), pt(1, 2), pt(2, 3), pt(0, 1)})
	tckQuad     = polygon([]value.Coordinate{pt(-0.7, 3.8), pt(3.6, 3.2), pt(1.8, -0.8), pt(-3.4, 2.4), pt(-0.7, 3.8)})
	tckHoled    = polygon([]value.Coordinate{pt(-20, -20), pt(-20, 20), pt(20, 20), pt(20, -20), pt(-20, -20)},
		[]value.Coordinate{pt(1, 1), pt(2, 2), pt(0, 2), pt(1, 1)})
)

func TestPredicates(t *testing.T) {
	for _, tc := range []struct {
		name               string
		a, b               *value.Geography
		intersects, covers bool
	}{
		{"equal points", point(3, 8), point(3, 8), true, true},
		{"distinct points", point(3, 8), point(3, 8.4), false, false},
		{"line through its vertex", tckLine, point(3, 8), true, true},
		{"line through its end", tckLine, point(4.7, 73.23), true, true},
		{"line off a point", tckLine, point(0, 1), false, false},
		{"line covers its reverse", tckLine, line(pt(4.7, 73.23), pt(3, 8)), true, true},
		{"line and a longer line", tckLine, line(pt(3, 8), pt(4.7, 80)), true, false},
		{"polygon at its vertex", tckTriangle, point(0, 1), true, false},
		{"polygon inside a polygon", tckQuad, tckTriangle, true, true},
		{"point outside a polygon", tckQuad, point(3, 8), false, false},
		{"line leaving a polygon", tckQuad, tckLine, false, false},
		{"line inside a polygon", tckQuad, line(pt(0, 1), pt(1, 2)), true, true},
		{"point in a hole", tckHoled, point(1, 1.9), false, false},
		{"point in the shell", tckHoled, point(-1, -1), true, true},
		{"polygon over a line", tckHoled, tckLine, true, false},
		{"point cannot cover a line", point(3, 8), tckLine, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Intersects(tc.a, tc.b); got != tc.intersects {
				t.Errorf("Intersects = %v, want %v", got, tc.intersects)
			}
			if got := Intersects(tc.b, tc.a); got != tc.intersects {
				t.Errorf("Intersects swapped = %v, want %v", got, tc.intersects)
			}
			if got := Covers(tc.a, tc.b); got != tc.covers {
				t.Errorf("Covers = %v, want %v", got, tc.covers)
			}
			if got := CoveredBy(tc.b, tc.a); got != tc.covers {
				t.Errorf("CoveredBy = %v, want %v", got, tc.covers)
			}
		})
	}
	if Intersects(&value.Geography{}, point(0, 0)) || Covers(point(0, 0), &value.Geography{}) {
		t.Error("a shapeless geography intersects or is covered")
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b *value.Geography
		want float64 // metres; -1 for "positive, under 1000 km"
	}{
		// NebulaGraph's value, to the last bit: GeoBase.feature compares
		// ST_Distance with 8909524.383934561 by < and <=.
		{"points", point(3, 8), point(72.3, 84.6), 8909524.383934561},
		{"same point", point(3, 8), point(3, 8), 0},
		{"point on a line", point(3, 8), tckLine, 0},
		{"point in a polygon", tckQuad, point(1, 1), 0},
		{"point in a hole", tckHoled, point(1, 1.9), -1},
		{"polygon and line", tckTriangle, tckLine, -1},
		{"polygons", tckTriangle, tckQuad, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Distance(tc.a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if d2, _ := Distance(tc.b, tc.a); d2 != d {
				t.Errorf("Distance not symmetric: %v and %v", d, d2)
			}
			if tc.want >= 0 && d != tc.want || tc.want < 0 && (d <= 0 || d > 1e6) {
				t.Errorf("Distance = %v, want %v", d, tc.want)
			}
		})
	}
	d := 8909524.383934561
	if !DWithin(point(3, 8), point(72.3, 84.6), d, false) || DWithin(point(3, 8), point(72.3, 84.6), d, true) {
		t.Error("DWithin at the exact distance: want inclusive true and exclusive false")
	}
	if _, err := Distance(&value.Geography{}, point(0, 0)); err == nil {
		t.Error("Distance of a shapeless geography: want an error")
	}
}

func TestCells(t *testing.T) {
	id, err := CellIDFromPoint(point(3, 8), 30)
	if err != nil || id != 1166542697063163289 {
		t.Errorf("CellIDFromPoint(POINT(3 8), 30) = %d, %v", id, err)
	}
	parent, err := CellIDFromPoint(point(3, 8), 10)
	if err != nil || parent == id {
		t.Errorf("CellIDFromPoint(POINT(3 8), 10) = %d, %v: want an ancestor", parent, err)
	}
	for _, bad := range []struct {
		g     *value.Geography
		level int
	}{{point(3, 8), 31}, {point(3, 8), -1}, {tckLine, 30}} {
		if _, err := CellIDFromPoint(bad.g, bad.level); err == nil {
			t.Errorf("CellIDFromPoint(%v, %d): want ErrParam", bad.g.WKT(), bad.level)
		}
	}
	cells, err := CoveringCellIDs(tckTriangle, DefaultCovering)
	if err != nil || len(cells) != 8 || cells[0] != 1152391494368201343 {
		t.Errorf("CoveringCellIDs(triangle) = %v, %v", cells, err)
	}
	buffered, err := CoveringCellIDs(point(3, 8), Covering{MinLevel: 0, MaxLevel: 30, MaxCells: 4, BufferMeters: 1000})
	if err != nil || len(buffered) == 0 || len(buffered) > 4 {
		t.Errorf("CoveringCellIDs(point, buffer) = %v, %v", buffered, err)
	}
	for _, c := range []Covering{{MinLevel: -1, MaxLevel: 30, MaxCells: 8}, {MaxLevel: 31, MaxCells: 8},
		{MaxLevel: 30}, {MaxLevel: 30, MaxCells: 8, BufferMeters: -1}} {
		if _, err := CoveringCellIDs(tckLine, c); err == nil {
			t.Errorf("CoveringCellIDs(%+v): want ErrParam", c)
		}
	}
}
