package geo

import (
	"testing"

	"github.com/golang/geo/s2"

	"github.com/novagraph/novagraph/pkg/value"
)

// TestScanRangesFindRows is the lookup contract: every row meeting the
// query has an index entry (geo.IndexCells) inside one of the ranges.
func TestScanRangesFindRows(t *testing.T) {
	rows := []*value.Geography{point(3, 8), tckLine, tckTriangle, point(72.3, 84.6), tckHoled, point(-1, -1)}
	queries := []struct {
		q      *value.Geography
		within float64
	}{
		{point(3, 8), 0}, {point(0, 1), 0}, {point(4.7, 73.23), 0}, {point(-1, -1), 0},
		{tckQuad, 0}, {point(3, 8), 100}, {point(3, 8), 8909524.383934561}, {tckLine, 5000},
	}
	for _, o := range []CoverOptions{{}, {MaxLevel: 23}, {MaxCells: 12}} {
		for _, q := range queries {
			ranges, err := ScanRanges(q.q, o, false, q.within)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				meets := Intersects(row, q.q)
				if q.within > 0 {
					meets = DWithin(row, q.q, q.within, false)
				}
				if !meets {
					continue
				}
				cells, err := IndexCells(row, o)
				if err != nil {
					t.Fatal(err)
				}
				if !anyInRanges(cells, ranges) {
					t.Errorf("%+v: %s within %v of %s has no entry in the ranges", o, row.WKT(), q.within, q.q.WKT())
				}
			}
		}
	}
}

func anyInRanges(cells []uint64, ranges []CellRange) bool {
	for _, c := range cells {
		for _, r := range ranges {
			if r.Min <= c && c <= r.Max {
				return true
			}
		}
	}
	return false
}

// TestScanRangesShape: a point queries its leaf cell, then its ancestors
// unless the column holds only points; a polygon's ranges are its
// covering's descendants.
func TestScanRangesShape(t *testing.T) {
	ranges, err := ScanRanges(point(3, 8), CoverOptions{}, true, 0)
	if err != nil || len(ranges) != 1 || !ranges[0].Exact() || ranges[0].Min != 1166542697063163289 {
		t.Fatalf("points-only point ranges = %v, %v", ranges, err)
	}
	ranges, _ = ScanRanges(point(3, 8), CoverOptions{}, false, 0)
	if len(ranges) != 31 {
		t.Errorf("point ranges: %d, want its cell and 30 ancestors", len(ranges))
	}
	for _, r := range ranges[1:] {
		if !r.Exact() || !s2.CellID(r.Min).Contains(s2.CellID(ranges[0].Min)) {
			t.Errorf("range %v: want an exact ancestor of the point's cell", r)
		}
	}
	ranges, _ = ScanRanges(tckTriangle, CoverOptions{}, true, 0)
	if len(ranges) != 8 {
		t.Errorf("triangle ranges: %d, want its 8 covering cells", len(ranges))
	}
	if _, err := ScanRanges(&value.Geography{}, CoverOptions{}, false, 0); err == nil {
		t.Error("ScanRanges of a shapeless geography: want ErrShape")
	}
}
