package geo

import (
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/novagraph/novagraph/pkg/value"
)

// CellRange is an inclusive range [Min, Max] of S2 cell ids to scan in a
// geography index; Min == Max is one exact cell (a prefix scan).
type CellRange struct {
	Min, Max uint64
}

// Exact reports whether r is one cell rather than a range.
func (r CellRange) Exact() bool { return r.Min == r.Max }

// ScanRanges returns the index ranges a lookup of the rows meeting query
// must scan, as NebulaGraph's GeoIndex plans them: for each cell of the
// query's covering (under the index's options o), its descendants' range
// (a leaf cell exactly); then, unless the column holds only points (whose
// entries are all leaf cells), each ancestor of those cells exactly, since
// a row whose covering has a coarser cell meets the query there. Any row
// meeting query has an entry in one of the ranges; the ranges may also
// hold rows that do not, so the caller still applies the predicate.
//
// A positive withinMeters grows the query by that distance first (for
// ST_DWithin): a point becomes a cap, another shape's covering is expanded
// by it. The ranges are the caller's. Errors: ErrShape.
func ScanRanges(query *value.Geography, o CoverOptions, pointsOnly bool, withinMeters float64) ([]CellRange, error) {
	r, err := region(query)
	if err != nil {
		return nil, err
	}
	rc := o.coverer()
	var cover s2.CellUnion
	switch p, isPoint := r.(s2.Point); {
	case withinMeters > 0 && isPoint:
		cover = rc.Covering(s2.CapFromCenterAngle(p, s1.Angle(withinMeters/EarthRadiusMeters)))
	case withinMeters > 0:
		grown, err := bufferedRegion(query, withinMeters, rc)
		if err != nil {
			return nil, err
		}
		cover = rc.Covering(grown)
	case isPoint:
		// A point's own cell, as it is indexed, whatever the options.
		cover = s2.CellUnion{s2.CellFromPoint(p).ID()}
	default:
		cover = rc.Covering(r)
	}
	out := make([]CellRange, 0, len(cover))
	for _, c := range cover {
		if c.IsLeaf() {
			out = append(out, CellRange{uint64(c), uint64(c)})
		} else {
			out = append(out, CellRange{uint64(c.RangeMin()), uint64(c.RangeMax())})
		}
	}
	if pointsOnly {
		return out, nil
	}
	seen := map[s2.CellID]bool{}
	for _, c := range cover {
		for l := c.Level() - 1; l >= rc.MinLevel; l-- {
			a := c.Parent(l)
			if seen[a] {
				break
			}
			seen[a] = true
			out = append(out, CellRange{uint64(a), uint64(a)})
		}
	}
	return out, nil
}
