package geo

import (
	"errors"
	"fmt"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/novagraph/novagraph/pkg/value"
)

// ErrParam is returned for an S2 parameter out of its range (a level
// outside [0, 30], no cells, a negative buffer), or a point function given
// another shape.
var ErrParam = errors.New("geo: invalid S2 parameter")

// CellIDFromPoint returns the id of the S2 cell at level that contains the
// point g (S2_CellIdFromPoint). Errors: ErrParam for a level outside [0, 30]
// or a g that is not a point.
func CellIDFromPoint(g *value.Geography, level int) (uint64, error) {
	if level < 0 || level > s2.MaxLevel {
		return 0, fmt.Errorf("level %d: %w", level, ErrParam)
	}
	if g.Shape != value.GeoPoint {
		return 0, fmt.Errorf("cell of a shape %d: %w", g.Shape, ErrParam)
	}
	return uint64(s2.CellIDFromLatLng(latLng(g.Point)).Parent(level)), nil
}

// Covering are the parameters of S2_CoveringCellIds: the coverer's levels
// and cell budget, and a buffer in metres the shape is first grown by.
type Covering struct {
	MinLevel, MaxLevel, MaxCells int
	BufferMeters                 float64
}

// DefaultCovering is S2_CoveringCellIds' default: levels 0 to 30, at most
// 8 cells, no buffer.
var DefaultCovering = Covering{MinLevel: 0, MaxLevel: 30, MaxCells: 8}

// CoveringCellIDs returns the cell ids of an S2 covering of g, sorted
// (S2_CoveringCellIds). Without a buffer a point has its leaf cell. With
// one, a point becomes the cap of that radius around it; a line or polygon
// is covered, the covering grown by the buffer (S2's buffered regions are
// not in the Go port, so the cells may be coarser than NebulaGraph's) and
// covered again within the budget. Errors: ErrParam, ErrShape. The slice is
// the caller's.
func CoveringCellIDs(g *value.Geography, c Covering) ([]uint64, error) {
	switch {
	case c.MinLevel < 0 || c.MinLevel > s2.MaxLevel:
		return nil, fmt.Errorf("min level %d: %w", c.MinLevel, ErrParam)
	case c.MaxLevel < 0 || c.MaxLevel > s2.MaxLevel:
		return nil, fmt.Errorf("max level %d: %w", c.MaxLevel, ErrParam)
	case c.MaxCells <= 0:
		return nil, fmt.Errorf("max cells %d: %w", c.MaxCells, ErrParam)
	case c.BufferMeters < 0:
		return nil, fmt.Errorf("buffer %v: %w", c.BufferMeters, ErrParam)
	}
	rc := &s2.RegionCoverer{MinLevel: c.MinLevel, MaxLevel: c.MaxLevel, LevelMod: 1, MaxCells: c.MaxCells}
	r, err := bufferedRegion(g, c.BufferMeters, rc)
	if err != nil {
		return nil, err
	}
	if p, ok := r.(s2.Point); ok {
		return []uint64{uint64(s2.CellFromPoint(p).ID())}, nil
	}
	return cellIDs(rc.Covering(r)), nil
}

// bufferedRegion returns g grown by meters as a region rc can cover: g
// itself without a buffer, a cap around a point, otherwise the union of
// the cells of g's covering by rc expanded by the buffer.
func bufferedRegion(g *value.Geography, meters float64, rc *s2.RegionCoverer) (s2.Region, error) {
	r, err := region(g)
	if err != nil || meters == 0 {
		return r, err
	}
	radius := s1.Angle(meters / EarthRadiusMeters)
	if p, ok := r.(s2.Point); ok {
		return s2.CapFromCenterAngle(p, radius), nil
	}
	u := rc.Covering(r)
	// NB: four levels below the coarsest cell bound the growth to about a
	// sixteenth of that cell's width beyond the radius.
	u.ExpandByRadius(radius, 4)
	return &u, nil
}

func cellIDs(cu s2.CellUnion) []uint64 {
	out := make([]uint64, len(cu))
	for i, c := range cu {
		out[i] = uint64(c)
	}
	return out
}
