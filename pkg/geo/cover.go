package geo

import (
	"errors"
	"fmt"

	"github.com/golang/geo/s2"

	"github.com/novagraph/novagraph/pkg/value"
)

// ErrShape is returned for a geography without a shape this package knows.
var ErrShape = errors.New("geo: unknown geography shape")

// Covering defaults, NebulaGraph's RegionCoverParams: level 30 cells are
// about a centimetre across, so a point is indexed exactly.
const (
	DefaultMaxLevel = 30
	DefaultMaxCells = 8
)

// CoverOptions are the S2 parameters of a geography index (CREATE ...
// INDEX ... WITH (s2_max_level = L, s2_max_cells = N)); zero fields take
// the defaults.
type CoverOptions struct {
	MaxLevel int
	MaxCells int
}

func (o CoverOptions) coverer() *s2.RegionCoverer {
	rc := &s2.RegionCoverer{MinLevel: 0, MaxLevel: o.MaxLevel, LevelMod: 1, MaxCells: o.MaxCells}
	if rc.MaxLevel <= 0 || rc.MaxLevel > s2.MaxLevel {
		rc.MaxLevel = DefaultMaxLevel
	}
	if rc.MaxCells <= 0 {
		rc.MaxCells = DefaultMaxCells
	}
	return rc
}

// IndexCells returns the S2 cell ids of g's index entries, sorted: a
// point's leaf cell whatever o says (a coarser cell would only widen
// lookups), otherwise the cells of a covering of g by at most o.MaxCells
// cells no deeper than o.MaxLevel (as NebulaGraph's GeoIndex::indexCells).
// Any covering serves lookups, which scan the cells of the query shape's
// covering, their descendants and their ancestors. A shape S2 sees as
// empty (a polygon without rings) has no cells. The slice is the
// caller's.
func IndexCells(g *value.Geography, o CoverOptions) ([]uint64, error) {
	if g.Shape == value.GeoPoint {
		return []uint64{uint64(s2.CellIDFromLatLng(latLng(g.Point)))}, nil
	}
	r, err := region(g)
	if err != nil {
		return nil, err
	}
	cover := o.coverer().Covering(r)
	cells := make([]uint64, len(cover))
	for i, c := range cover {
		cells[i] = uint64(c)
	}
	return cells, nil
}

// region returns g as an S2 region, built as NebulaGraph builds it and
// without S2's validity checks (a geography's validity is ST_IsValid's
// business): a line string is a polyline through its coordinates; each
// polygon ring drops its closing coordinate and is turned counterclockwise,
// and the rings nest by containment.
func region(g *value.Geography) (s2.Region, error) {
	switch g.Shape {
	case value.GeoPoint:
		return s2.PointFromLatLng(latLng(g.Point)), nil
	case value.GeoLineString:
		line := make(s2.Polyline, len(g.Line))
		for i, c := range g.Line {
			line[i] = s2.PointFromLatLng(latLng(c))
		}
		return &line, nil
	case value.GeoPolygon:
		loops := make([]*s2.Loop, 0, len(g.Rings))
		for _, ring := range g.Rings {
			if len(ring) > 0 {
				ring = ring[:len(ring)-1]
			}
			pts := make([]s2.Point, len(ring))
			for i, c := range ring {
				pts[i] = s2.PointFromLatLng(latLng(c))
			}
			l := s2.LoopFromPoints(pts)
			l.Normalize()
			loops = append(loops, l)
		}
		return s2.PolygonFromLoops(loops), nil
	}
	return nil, fmt.Errorf("shape %d: %w", g.Shape, ErrShape)
}

// latLng reads a coordinate as S2 does: X is the longitude, Y the latitude.
func latLng(c value.Coordinate) s2.LatLng {
	return s2.LatLngFromDegrees(c.Y, c.X)
}
