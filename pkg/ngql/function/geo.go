package function

import (
	"math"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

// The geography constructors, their text form and validity. The functions
// that work on the sphere through S2 (ST_Intersects, ST_Distance,
// S2_CellIdFromPoint, ...) are in geo_s2.go.

func init() {
	register(&Function{Name: "st_point", MinArity: 2, MaxArity: 2, body: stPoint})
	register(&Function{Name: "st_geogfromtext", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindString {
			return nullOr(a[0], badType)
		}
		g, err := ParseWKT(a[0].Str())
		if err != nil || !ValidGeography(g) {
			return badData
		}
		return value.NewGeography(g)
	}})
	register(&Function{Name: "st_astext", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindGeography {
			return nullOr(a[0], badType)
		}
		return value.NewString(a[0].Geography().WKT())
	}})
	register(&Function{Name: "st_isvalid", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindGeography {
			return nullOr(a[0], badType)
		}
		return value.NewBool(ValidGeography(a[0].Geography()))
	}})
}

// nullOr passes NULL and EMPTY arguments on as NULL and answers other with
// anything else.
func nullOr(v, other value.Value) value.Value {
	if v.Kind() == value.KindNull || v.Kind() == value.KindEmpty {
		return value.Null
	}
	return other
}

func stPoint(_ *Env, a []value.Value) value.Value {
	var xy [2]float64
	for i, v := range a {
		switch v.Kind() {
		case value.KindInt:
			xy[i] = float64(v.Int())
		case value.KindFloat:
			xy[i] = v.Float()
		default:
			return nullOr(v, badType)
		}
	}
	return value.NewGeography(&value.Geography{Shape: value.GeoPoint, Point: value.Coordinate{X: xy[0], Y: xy[1]}})
}

// ParseWKT reads POINT, LINESTRING and POLYGON in well-known text, as
// NebulaGraph's WKTReader does: "POINT(3 8)", "LINESTRING(3 8, 4.7 73.23)",
// "POLYGON((0 1, 1 2, 2 3, 0 1))". Keywords are case-insensitive.
func ParseWKT(s string) (*value.Geography, error) {
	p := &wktParser{s: s}
	kw := strings.ToUpper(p.word())
	g := &value.Geography{}
	var err error
	switch kw {
	case "POINT":
		g.Shape = value.GeoPoint
		if err = p.expect('('); err == nil {
			if g.Point, err = p.coord(); err == nil {
				err = p.expect(')')
			}
		}
	case "LINESTRING":
		g.Shape = value.GeoLineString
		g.Line, err = p.coords()
	case "POLYGON":
		g.Shape = value.GeoPolygon
		if err = p.expect('('); err != nil {
			break
		}
		for {
			var ring []value.Coordinate
			if ring, err = p.coords(); err != nil {
				break
			}
			g.Rings = append(g.Rings, ring)
			if !p.accept(',') {
				err = p.expect(')')
				break
			}
		}
	default:
		return nil, wktError(s)
	}
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, wktError(s)
	}
	return g, nil
}

type wktError string

func (e wktError) Error() string { return "invalid WKT: " + string(e) }

type wktParser struct {
	s string
	i int
}

func (p *wktParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *wktParser) word() string {
	p.space()
	start := p.i
	for p.i < len(p.s) && (p.s[p.i] >= 'a' && p.s[p.i] <= 'z' || p.s[p.i] >= 'A' && p.s[p.i] <= 'Z') {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *wktParser) accept(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *wktParser) expect(c byte) error {
	if !p.accept(c) {
		return wktError(p.s)
	}
	return nil
}

func (p *wktParser) number() (float64, error) {
	p.space()
	start := p.i
	for p.i < len(p.s) && strings.IndexByte("+-.0123456789eE", p.s[p.i]) >= 0 {
		p.i++
	}
	f, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, wktError(p.s)
	}
	return f, nil
}

func (p *wktParser) coord() (value.Coordinate, error) {
	x, err := p.number()
	if err != nil {
		return value.Coordinate{}, err
	}
	y, err := p.number()
	return value.Coordinate{X: x, Y: y}, err
}

// coords reads "(x y, x y, ...)".
func (p *wktParser) coords() ([]value.Coordinate, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	var out []value.Coordinate
	for {
		c, err := p.coord()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		if !p.accept(',') {
			return out, p.expect(')')
		}
	}
}

// ValidGeography applies NebulaGraph's validity rules: longitudes within
// [-180, 180] and latitudes within [-90, 90]; a line string has at least
// two points; a polygon's rings are closed and have at least four points.
func ValidGeography(g *value.Geography) bool {
	ok := func(c value.Coordinate) bool { return math.Abs(c.X) <= 180 && math.Abs(c.Y) <= 90 }
	switch g.Shape {
	case value.GeoPoint:
		return ok(g.Point)
	case value.GeoLineString:
		if len(g.Line) < 2 {
			return false
		}
		for _, c := range g.Line {
			if !ok(c) {
				return false
			}
		}
		return true
	case value.GeoPolygon:
		if len(g.Rings) == 0 {
			return false
		}
		for _, r := range g.Rings {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				return false
			}
			for _, c := range r {
				if !ok(c) {
					return false
				}
			}
		}
		return true
	}
	return false
}
