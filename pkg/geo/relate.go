package geo

import (
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/novagraph/novagraph/pkg/value"
)

// The spatial predicates of ST_Intersects, ST_Covers and ST_CoveredBy,
// decided on the sphere as NebulaGraph's GeoFunction decides them. A point
// "touches" another shape when the shape meets the point's leaf cell (about
// a centimetre across), which is how S2's MayIntersect treats a point; so
// POINT(3 8) intersects LINESTRING(3 8, 4.7 73.23) although the line's
// great-circle arc and the point differ by rounding.

// Intersects reports whether a and b share a point. A geography without a
// known shape intersects nothing.
func Intersects(a, b *value.Geography) bool {
	sa, sb, err := newShapes(a, b)
	if err != nil {
		return false
	}
	switch {
	case sa.point != nil && sb.point != nil:
		return s2.CellFromPoint(*sb.point).ContainsPoint(*sa.point)
	case sa.point != nil:
		return sb.intersectsCell(s2.CellFromPoint(*sa.point))
	case sb.point != nil:
		return sa.intersectsCell(s2.CellFromPoint(*sb.point))
	case sa.line != nil && sb.line != nil:
		return sa.line.Intersects(sb.line)
	case sa.poly != nil && sb.poly != nil:
		return sa.poly.Intersects(sb.poly)
	}
	// A polygon and a line: they meet when their distance is zero, the
	// polygon's interior counting (a line wholly inside crosses no edge).
	return sa.distance(sb) == 0
}

// Covers reports whether no point of b lies outside a. A point covers
// only an equal point; a line covers points on it and lines along it (in
// either direction); a polygon covers what it contains.
func Covers(a, b *value.Geography) bool {
	sa, sb, err := newShapes(a, b)
	if err != nil {
		return false
	}
	switch {
	case sa.point != nil:
		return sb.point != nil && *sa.point == *sb.point
	case sa.line != nil:
		switch {
		case sb.point != nil:
			return sa.line.IntersectsCell(s2.CellFromPoint(*sb.point))
		case sb.line != nil:
			return lineCoversLine(sa.line, sb.line)
		}
		return false
	}
	switch {
	case sb.point != nil:
		return sa.poly.ContainsPoint(*sb.point)
	case sb.line != nil:
		return polygonContainsLine(sa.poly, sb.line)
	}
	return sa.poly.Contains(sb.poly)
}

// CoveredBy is Covers with its arguments swapped.
func CoveredBy(a, b *value.Geography) bool { return Covers(b, a) }

// lineTolerance is how far (as an angle) a covered line may stray from its
// cover: a few nanoradians, about 1 cm, well above the rounding of points
// computed on an arc and well below any distinct coordinate.
const lineTolerance = s1.Angle(1e-9)

// lineCoversLine reports whether every point of b lies on a: b's vertices
// and the midpoints of its edges (an edge whose ends and middle lie on a
// great-circle path of a follows it) are all within lineTolerance of a.
func lineCoversLine(a, b *s2.Polyline) bool {
	near := func(p s2.Point) bool {
		q, _ := a.Project(p)
		return q.Distance(p) <= lineTolerance
	}
	pts := *b
	for i, p := range pts {
		if !near(p) {
			return false
		}
		if i > 0 && !near(s2.Point{Vector: pts[i-1].Add(p.Vector).Normalize()}) {
			return false
		}
	}
	return true
}

// polygonContainsLine reports whether line lies within poly: all its
// vertices are inside and none of its edges crosses a polygon edge.
func polygonContainsLine(poly *s2.Polygon, line *s2.Polyline) bool {
	pts := *line
	for _, p := range pts {
		if !poly.ContainsPoint(p) {
			return false
		}
	}
	for i := 1; i < len(pts); i++ {
		for _, l := range poly.Loops() {
			n := l.NumVertices()
			for j := 0; j < n; j++ {
				if s2.CrossingSign(pts[i-1], pts[i], l.Vertex(j), l.Vertex(j+1)) == s2.Cross {
					return false
				}
			}
		}
	}
	return true
}
