package geo

import (
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/novagraph/novagraph/pkg/value"
)

// EarthRadiusMeters is the mean radius S2Earth uses: NebulaGraph's
// distances are angles on the unit sphere times this.
const EarthRadiusMeters = 6371010.0

// shape is a geography in S2 terms; exactly one field is set.
type shape struct {
	point *s2.Point
	line  *s2.Polyline
	poly  *s2.Polygon
}

func newShape(g *value.Geography) (shape, error) {
	r, err := region(g)
	if err != nil {
		return shape{}, err
	}
	switch r := r.(type) {
	case s2.Point:
		return shape{point: &r}, nil
	case *s2.Polyline:
		return shape{line: r}, nil
	}
	return shape{poly: r.(*s2.Polygon)}, nil
}

func (s shape) intersectsCell(c s2.Cell) bool {
	switch {
	case s.point != nil:
		return c.ContainsPoint(*s.point)
	case s.line != nil:
		return s.line.IntersectsCell(c)
	}
	return s.poly.IntersectsCell(c)
}

// index returns the shape in a ShapeIndex, for edge queries.
func (s shape) index() *s2.ShapeIndex {
	ix := s2.NewShapeIndex()
	switch {
	case s.point != nil:
		ix.Add(&s2.PointVector{*s.point})
	case s.line != nil:
		ix.Add(s.line)
	default:
		ix.Add(s.poly)
	}
	return ix
}

// distance is the least angle between a point of s and a point of o, a
// polygon's interior included (so zero when one lies in the other). Points
// are measured directly and a line to a point by projection, as
// NebulaGraph does; every other pair goes through S2's closest-edge query.
func (s shape) distance(o shape) s1.Angle {
	if s.point == nil && o.point != nil {
		s, o = o, s
	}
	if s.point != nil {
		switch {
		case o.point != nil:
			return s.point.Distance(*o.point)
		case o.line != nil:
			q, _ := o.line.Project(*s.point)
			return q.Distance(*s.point)
		}
		return s2.NewClosestEdgeQuery(o.index(), nil).Distance(s2.NewMinDistanceToPointTarget(*s.point)).Angle()
	}
	q := s2.NewClosestEdgeQuery(s.index(), nil)
	return q.Distance(s2.NewMinDistanceToShapeIndexTarget(o.index())).Angle()
}

// Distance returns the distance in metres between the closest points of a
// and b on a sphere of EarthRadiusMeters (ST_Distance), or ErrShape.
func Distance(a, b *value.Geography) (float64, error) {
	sa, sb, err := newShapes(a, b)
	if err != nil {
		return 0, err
	}
	return sa.distance(sb).Radians() * EarthRadiusMeters, nil
}

// newShapes is newShape of both operands of a binary function.
func newShapes(a, b *value.Geography) (shape, shape, error) {
	sa, err := newShape(a)
	if err != nil {
		return shape{}, shape{}, err
	}
	sb, err := newShape(b)
	if err != nil {
		return shape{}, shape{}, err
	}
	return sa, sb, nil
}

// DWithin reports whether a and b lie within meters of each other
// (ST_DWithin): strictly closer when exclusive. Unknown shapes are not.
func DWithin(a, b *value.Geography, meters float64, exclusive bool) bool {
	d, err := Distance(a, b)
	if err != nil {
		return false
	}
	if exclusive {
		return d < meters
	}
	return d <= meters
}

// Centroid returns the centroid of g as a point (ST_Centroid): a point is
// its own; a line's and a polygon's are S2's centroids (weighted by length
// and area), projected back onto the sphere. Errors: ErrShape.
func Centroid(g *value.Geography) (*value.Geography, error) {
	s, err := newShape(g)
	if err != nil {
		return nil, err
	}
	var c s2.Point
	switch {
	case s.point != nil:
		return &value.Geography{Shape: value.GeoPoint, Point: g.Point}, nil
	case s.line != nil:
		c = s.line.Centroid()
	default:
		c = s.poly.Centroid()
	}
	ll := s2.LatLngFromPoint(s2.Point{Vector: c.Normalize()})
	return &value.Geography{Shape: value.GeoPoint, Point: value.Coordinate{X: ll.Lng.Degrees(), Y: ll.Lat.Degrees()}}, nil
}
