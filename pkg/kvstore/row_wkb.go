package kvstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/novagraph/novagraph/pkg/value"
)

// Geography properties are stored in the row tail as little-endian
// Well-Known Binary (OGC 06-103r4), the form NebulaGraph stores too, so the
// bytes are self-describing and shape-agnostic.

const (
	wkbLittleEndian = 1
	wkbPoint        = 1
	wkbLineString   = 2
	wkbPolygon      = 3
)

var errWKB = errors.New("bad well-known binary")

// appendWKB appends the WKB form of g to dst.
func appendWKB(dst []byte, g *value.Geography) []byte {
	le := binary.LittleEndian
	dst = append(dst, wkbLittleEndian)
	coords := func(dst []byte, cs []value.Coordinate) []byte {
		dst = le.AppendUint32(dst, uint32(len(cs)))
		for _, c := range cs {
			dst = le.AppendUint64(dst, math.Float64bits(c.X))
			dst = le.AppendUint64(dst, math.Float64bits(c.Y))
		}
		return dst
	}
	switch g.Shape {
	case value.GeoLineString:
		dst = le.AppendUint32(dst, wkbLineString)
		dst = coords(dst, g.Line)
	case value.GeoPolygon:
		dst = le.AppendUint32(dst, wkbPolygon)
		dst = le.AppendUint32(dst, uint32(len(g.Rings)))
		for _, ring := range g.Rings {
			dst = coords(dst, ring)
		}
	default:
		dst = le.AppendUint32(dst, wkbPoint)
		dst = le.AppendUint64(dst, math.Float64bits(g.Point.X))
		dst = le.AppendUint64(dst, math.Float64bits(g.Point.Y))
	}
	return dst
}

// parseWKB decodes what appendWKB wrote. Counts are checked against the
// remaining bytes before anything is allocated, so hostile input cannot make
// it allocate more than the input's size.
func parseWKB(b []byte) (*value.Geography, error) {
	le := binary.LittleEndian
	if len(b) < 5 || b[0] != wkbLittleEndian {
		return nil, fmt.Errorf("wkb header: %w", errWKB)
	}
	kind := le.Uint32(b[1:])
	b = b[5:]
	u32 := func() (int, error) {
		if len(b) < 4 {
			return 0, fmt.Errorf("wkb count: %w", errWKB)
		}
		n := le.Uint32(b)
		b = b[4:]
		return int(n), nil
	}
	coords := func() ([]value.Coordinate, error) {
		n, err := u32()
		if err != nil {
			return nil, err
		}
		if n > len(b)/16 {
			return nil, fmt.Errorf("wkb %d points in %d bytes: %w", n, len(b), errWKB)
		}
		cs := make([]value.Coordinate, n)
		for i := range cs {
			cs[i] = value.Coordinate{X: math.Float64frombits(le.Uint64(b)), Y: math.Float64frombits(le.Uint64(b[8:]))}
			b = b[16:]
		}
		return cs, nil
	}
	g := &value.Geography{}
	switch kind {
	case wkbPoint:
		if len(b) < 16 {
			return nil, fmt.Errorf("wkb point: %w", errWKB)
		}
		g.Shape = value.GeoPoint
		g.Point = value.Coordinate{X: math.Float64frombits(le.Uint64(b)), Y: math.Float64frombits(le.Uint64(b[8:]))}
		b = b[16:]
	case wkbLineString:
		cs, err := coords()
		if err != nil {
			return nil, err
		}
		g.Shape, g.Line = value.GeoLineString, cs
	case wkbPolygon:
		n, err := u32()
		if err != nil {
			return nil, err
		}
		if n > len(b)/4 {
			return nil, fmt.Errorf("wkb %d rings in %d bytes: %w", n, len(b), errWKB)
		}
		g.Shape, g.Rings = value.GeoPolygon, make([][]value.Coordinate, n)
		for i := range g.Rings {
			if g.Rings[i], err = coords(); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("wkb geometry type %d: %w", kind, errWKB)
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("wkb: %d trailing bytes: %w", len(b), errWKB)
	}
	return g, nil
}
