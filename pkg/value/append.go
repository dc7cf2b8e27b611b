package value

import (
	"encoding/binary"
	"slices"

	"github.com/apache/thrift/lib/go/thrift"
)

// Encoding picks the Thrift protocol bytes are written in.
type Encoding uint8

// The encodings AppendDataSet and AppendValue write.
const (
	Binary    Encoding = iota + 1 // TBinaryProtocol (strict), what our daemons speak to each other
	CompactV1                     // TCompactProtocol version 1 (Apache's), what graphd answers clients in
)

// AppendDataSet appends the encoding of ds as a common.DataSet struct body,
// from its first field header through its STOP byte: the bytes
// DataSetToThrift(ds).Write writes, without building the generated structs
// (a heap object per value) nor calling the protocol per field, which were
// a tenth to a fifth of storaged's and graphd's CPU. A nil ds is a lone
// STOP, as the generated writer makes of a nil struct.
//
// NB: map entries go out sorted by key, so the bytes are deterministic; the
// generated writer follows Go's map order, so for maps of more than one
// entry only the decoded values are the same.
func AppendDataSet(b []byte, ds *DataSet, enc Encoding) []byte {
	if ds != nil {
		b = appendDataSetFields(b, ds, enc)
	}
	return append(b, 0)
}

// AppendValue appends one common.Value struct body, what ToThrift(v).Write
// writes (map entries sorted by key, as AppendDataSet).
func AppendValue(b []byte, v Value, enc Encoding) []byte {
	return appendValue(b, v, enc)
}

// The field ids of common.Value, one per kind.
const (
	fidNull int16 = iota + 1
	fidBool
	fidInt
	fidFloat
	fidString
	fidDate
	fidTime
	fidDateTime
	fidVertex
	fidEdge
	fidPath
	fidList
	fidMap
	fidSet
	fidDataSet
	fidGeography
	fidDuration
)

// appendValue writes a Value struct: at most one field, so its delta from
// the struct's start is its id, then STOP. The rules are fillThrift's.
func appendValue(b []byte, v Value, enc Encoding) []byte {
	switch v.kind {
	case KindEmpty:
	case KindNull:
		b = appendI32(fieldHeader(b, enc, thrift.I32, fidNull, 0), enc, int32(v.null))
	case KindBool:
		b = boolField(b, enc, fidBool, 0, v.num != 0)
	case KindInt:
		b = appendI64(fieldHeader(b, enc, thrift.I64, fidInt, 0), enc, v.num)
	case KindFloat:
		b = appendDouble(fieldHeader(b, enc, thrift.DOUBLE, fidFloat, 0), enc, v.Float())
	case KindString:
		b = appendString(fieldHeader(b, enc, thrift.STRING, fidString, 0), enc, v.str)
	case KindDate:
		d := v.Date()
		b = fieldHeader(b, enc, thrift.STRUCT, fidDate, 0)
		b = appendI16(fieldHeader(b, enc, thrift.I16, 1, 0), enc, d.Year)
		b = append(fieldHeader(b, enc, thrift.BYTE, 2, 1), byte(d.Month))
		b = append(fieldHeader(b, enc, thrift.BYTE, 3, 2), byte(d.Day), 0)
	case KindTime:
		t := v.Time()
		b = fieldHeader(b, enc, thrift.STRUCT, fidTime, 0)
		b = append(fieldHeader(b, enc, thrift.BYTE, 1, 0), byte(t.Hour))
		b = append(fieldHeader(b, enc, thrift.BYTE, 2, 1), byte(t.Minute))
		b = append(fieldHeader(b, enc, thrift.BYTE, 3, 2), byte(t.Sec))
		b = append(appendI32(fieldHeader(b, enc, thrift.I32, 4, 3), enc, t.Microsec), 0)
	case KindDateTime:
		b = appendDateTime(fieldHeader(b, enc, thrift.STRUCT, fidDateTime, 0), v.DateTime(), enc)
	case KindDuration:
		d := v.Duration()
		b = fieldHeader(b, enc, thrift.STRUCT, fidDuration, 0)
		b = appendI64(fieldHeader(b, enc, thrift.I64, 1, 0), enc, d.Seconds)
		b = appendI32(fieldHeader(b, enc, thrift.I32, 2, 1), enc, d.Microseconds)
		b = append(appendI32(fieldHeader(b, enc, thrift.I32, 3, 2), enc, d.Months), 0)
	case KindVertex:
		b = appendVertex(fieldHeader(b, enc, thrift.STRUCT, fidVertex, 0), v.ptr.(*Vertex), enc)
	case KindEdge:
		b = appendEdge(fieldHeader(b, enc, thrift.STRUCT, fidEdge, 0), v.ptr.(*Edge), enc)
	case KindPath:
		b = appendPath(fieldHeader(b, enc, thrift.STRUCT, fidPath, 0), v.ptr.(*Path), enc)
	case KindList:
		b = fieldHeader(b, enc, thrift.STRUCT, fidList, 0)
		b = append(appendValues(fieldHeader(b, enc, thrift.LIST, 1, 0), v.ptr.(*List).Values, enc), 0)
	case KindMap:
		b = fieldHeader(b, enc, thrift.STRUCT, fidMap, 0)
		b = append(appendWireProps(fieldHeader(b, enc, thrift.MAP, 1, 0), v.ptr.(*Map).KVs, enc), 0)
	case KindSet:
		b = fieldHeader(b, enc, thrift.STRUCT, fidSet, 0)
		b = append(appendSetValues(fieldHeader(b, enc, thrift.SET, 1, 0), v.ptr.(*Set).Values, enc), 0)
	case KindDataSet:
		// DataSetToThrift(nil) leaves gVal unset: the value reads as EMPTY.
		if ds := v.ptr.(*DataSet); ds != nil {
			b = append(appendDataSetFields(fieldHeader(b, enc, thrift.STRUCT, fidDataSet, 0), ds, enc), 0)
		}
	case KindGeography:
		b = appendGeography(fieldHeader(b, enc, thrift.STRUCT, fidGeography, 0), v.ptr.(*Geography), enc)
	}
	return append(b, 0)
}

// appendDataSetFields writes a DataSet's two fields, without the STOP.
func appendDataSetFields(b []byte, ds *DataSet, enc Encoding) []byte {
	b = listHeader(fieldHeader(b, enc, thrift.LIST, 1, 0), enc, thrift.STRING, len(ds.ColNames))
	for _, c := range ds.ColNames {
		b = appendString(b, enc, c)
	}
	b = listHeader(fieldHeader(b, enc, thrift.LIST, 2, 1), enc, thrift.STRUCT, len(ds.Rows))
	start := len(b)
	for i := range ds.Rows {
		if i == rowsSample && len(ds.Rows) >= 2*rowsSample {
			b = slices.Grow(b, (len(b)-start)/rowsSample*(len(ds.Rows)-i)*9/8)
		}
		// A Row struct: its values list, then STOP.
		b = append(appendValues(fieldHeader(b, enc, thrift.LIST, 1, 0), ds.Rows[i].Values, enc), 0)
	}
	return b
}

// rowsSample is how many rows of a large data set appendDataSetFields
// writes before it makes room for the rest at once, from their average
// size. Left to append, a buffer of many megabytes grows by a quarter at a
// time: a large answer was copied about five times over, and copying was a
// third of a storaged's CPU in a GO 2 STEPS of 366,000 rows.
const rowsSample = 32

// appendValues writes a list<Value> header and elements.
func appendValues(b []byte, vs []Value, enc Encoding) []byte {
	b = listHeader(b, enc, thrift.STRUCT, len(vs))
	for _, v := range vs {
		b = appendValue(b, v, enc)
	}
	return b
}

// appendSetValues writes a set<Value>. A set holding an EMPTY somewhere
// drops what the wire cannot tell apart from an earlier element, as
// wireDedup does for fillThrift. Without a slice to remember what was
// dropped: an element is kept iff no earlier one is wire-equal to it,
// which is the same thing because wire equality is transitive (a dropped
// element equals a kept one before it).
func appendSetValues(b []byte, vs []Value, enc Encoding) []byte {
	if !slices.ContainsFunc(vs, hasEmpty) {
		return appendValues(b, vs, enc)
	}
	n := 0
	for i := range vs {
		if !wireDup(vs, i) {
			n++
		}
	}
	b = listHeader(b, enc, thrift.STRUCT, n)
	for i, v := range vs {
		if !wireDup(vs, i) {
			b = appendValue(b, v, enc)
		}
	}
	return b
}

// wireDup reports whether vs[i] is wire-equal to an element before it.
func wireDup(vs []Value, i int) bool {
	for _, e := range vs[:i] {
		if wireEqual(e, vs[i]) {
			return true
		}
	}
	return false
}

// sortedKeysInline is how many map keys are sorted in a stack array; only
// larger maps allocate their key slice.
const sortedKeysInline = 16

// appendWireProps writes a map<string, Value> header and entries in key
// order.
func appendWireProps(b []byte, m map[string]Value, enc Encoding) []byte {
	b = mapHeader(b, enc, len(m))
	switch len(m) {
	case 0:
		return b
	case 1:
		for k, v := range m {
			b = appendValue(appendString(b, enc, k), v, enc)
		}
		return b
	}
	var inline [sortedKeysInline]string
	keys := inline[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendValue(appendString(b, enc, k), m[k], enc)
	}
	return b
}

// appendDateTime writes a DateTime struct through its STOP.
func appendDateTime(b []byte, x DateTime, enc Encoding) []byte {
	b = appendI16(fieldHeader(b, enc, thrift.I16, 1, 0), enc, x.Year)
	b = append(fieldHeader(b, enc, thrift.BYTE, 2, 1), byte(x.Month))
	b = append(fieldHeader(b, enc, thrift.BYTE, 3, 2), byte(x.Day))
	b = append(fieldHeader(b, enc, thrift.BYTE, 4, 3), byte(x.Hour))
	b = append(fieldHeader(b, enc, thrift.BYTE, 5, 4), byte(x.Minute))
	b = append(fieldHeader(b, enc, thrift.BYTE, 6, 5), byte(x.Sec))
	return append(appendI32(fieldHeader(b, enc, thrift.I32, 7, 6), enc, x.Microsec), 0)
}

// appendVertex writes a Vertex struct (vid, tags) through its STOP.
func appendVertex(b []byte, vx *Vertex, enc Encoding) []byte {
	b = appendValue(fieldHeader(b, enc, thrift.STRUCT, 1, 0), vx.VID, enc)
	b = listHeader(fieldHeader(b, enc, thrift.LIST, 2, 1), enc, thrift.STRUCT, len(vx.Tags))
	for i := range vx.Tags {
		t := &vx.Tags[i]
		b = appendString(fieldHeader(b, enc, thrift.STRING, 1, 0), enc, t.Name)
		b = append(appendWireProps(fieldHeader(b, enc, thrift.MAP, 2, 1), t.Props, enc), 0)
	}
	return append(b, 0)
}

// appendEdge writes an Edge struct (src, dst, type, name, ranking, props)
// through its STOP.
func appendEdge(b []byte, e *Edge, enc Encoding) []byte {
	b = appendValue(fieldHeader(b, enc, thrift.STRUCT, 1, 0), e.Src, enc)
	b = appendValue(fieldHeader(b, enc, thrift.STRUCT, 2, 1), e.Dst, enc)
	b = appendI32(fieldHeader(b, enc, thrift.I32, 3, 2), enc, e.Type)
	b = appendString(fieldHeader(b, enc, thrift.STRING, 4, 3), enc, e.Name)
	b = appendI64(fieldHeader(b, enc, thrift.I64, 5, 4), enc, e.Ranking)
	return append(appendWireProps(fieldHeader(b, enc, thrift.MAP, 6, 5), e.Props, enc), 0)
}

// appendPath writes a Path struct (src, steps of dst, type, name, ranking,
// props) through its STOP.
func appendPath(b []byte, p *Path, enc Encoding) []byte {
	b = appendVertex(fieldHeader(b, enc, thrift.STRUCT, 1, 0), &p.Src, enc)
	b = listHeader(fieldHeader(b, enc, thrift.LIST, 2, 1), enc, thrift.STRUCT, len(p.Steps))
	for i := range p.Steps {
		s := &p.Steps[i]
		b = appendVertex(fieldHeader(b, enc, thrift.STRUCT, 1, 0), &s.Dst, enc)
		b = appendI32(fieldHeader(b, enc, thrift.I32, 2, 1), enc, s.Type)
		b = appendString(fieldHeader(b, enc, thrift.STRING, 3, 2), enc, s.Name)
		b = appendI64(fieldHeader(b, enc, thrift.I64, 4, 3), enc, s.Ranking)
		b = append(appendWireProps(fieldHeader(b, enc, thrift.MAP, 5, 4), s.Props, enc), 0)
	}
	return append(b, 0)
}

// appendGeography writes the Geography union through its STOP. A shapeless
// one goes out as the point (0, 0), as geographyToThrift sends it.
func appendGeography(b []byte, g *Geography, enc Encoding) []byte {
	switch g.Shape {
	case GeoLineString:
		b = fieldHeader(b, enc, thrift.STRUCT, 2, 0)
		b = append(appendWireCoords(fieldHeader(b, enc, thrift.LIST, 1, 0), g.Line, enc), 0)
	case GeoPolygon:
		b = fieldHeader(b, enc, thrift.STRUCT, 3, 0)
		b = listHeader(fieldHeader(b, enc, thrift.LIST, 1, 0), enc, thrift.LIST, len(g.Rings))
		for _, r := range g.Rings {
			b = appendWireCoords(b, r, enc)
		}
		b = append(b, 0)
	default:
		var c Coordinate
		if g.Shape == GeoPoint {
			c = g.Point
		}
		b = fieldHeader(b, enc, thrift.STRUCT, 1, 0)
		b = append(appendWireCoord(fieldHeader(b, enc, thrift.STRUCT, 1, 0), c, enc), 0)
	}
	return append(b, 0)
}

// appendWireCoords writes a list<Coordinate> header and elements.
func appendWireCoords(b []byte, cs []Coordinate, enc Encoding) []byte {
	b = listHeader(b, enc, thrift.STRUCT, len(cs))
	for _, c := range cs {
		b = appendWireCoord(b, c, enc)
	}
	return b
}

// appendWireCoord writes a Coordinate struct through its STOP.
func appendWireCoord(b []byte, c Coordinate, enc Encoding) []byte {
	b = appendDouble(fieldHeader(b, enc, thrift.DOUBLE, 1, 0), enc, c.X)
	return append(appendDouble(fieldHeader(b, enc, thrift.DOUBLE, 2, 1), enc, c.Y), 0)
}

// Protocol dispatch. A field header needs the previous field id of its
// struct (0 for the first) for the compact protocol's delta; every writer
// above knows it statically.

func fieldHeader(b []byte, enc Encoding, t thrift.TType, id, prev int16) []byte {
	if enc == CompactV1 {
		return compactFieldHeader(b, compactTypes[t], id, prev)
	}
	return binFieldHeader(b, t, id)
}

func boolField(b []byte, enc Encoding, id, prev int16, x bool) []byte {
	if enc == CompactV1 {
		ct := byte(compactFalse)
		if x {
			ct = compactTrue
		}
		return compactFieldHeader(b, ct, id, prev)
	}
	b = binFieldHeader(b, thrift.BOOL, id)
	if x {
		return append(b, 1)
	}
	return append(b, 0)
}

func listHeader(b []byte, enc Encoding, elem thrift.TType, n int) []byte {
	if enc == CompactV1 {
		return compactListHeader(b, elem, n)
	}
	return binListHeader(b, elem, n)
}

// mapHeader writes the header of a map<string, Value>, the only map type
// a value holds.
func mapHeader(b []byte, enc Encoding, n int) []byte {
	if enc == CompactV1 {
		return compactMapHeader(b, thrift.STRING, thrift.STRUCT, n)
	}
	return binMapHeader(b, thrift.STRING, thrift.STRUCT, n)
}

func appendI16(b []byte, enc Encoding, x int16) []byte {
	if enc == CompactV1 {
		return compactI32(b, int32(x))
	}
	return binary.BigEndian.AppendUint16(b, uint16(x))
}

func appendI32(b []byte, enc Encoding, x int32) []byte {
	if enc == CompactV1 {
		return compactI32(b, x)
	}
	return binary.BigEndian.AppendUint32(b, uint32(x))
}

func appendI64(b []byte, enc Encoding, x int64) []byte {
	if enc == CompactV1 {
		return compactI64(b, x)
	}
	return binary.BigEndian.AppendUint64(b, uint64(x))
}

func appendDouble(b []byte, enc Encoding, x float64) []byte {
	if enc == CompactV1 {
		return compactDouble(b, x)
	}
	return binDouble(b, x)
}

func appendString(b []byte, enc Encoding, s string) []byte {
	if enc == CompactV1 {
		return compactString(b, s)
	}
	return binString(b, s)
}

// wireEqual reports whether the generated common.Value.Equals holds for
// ToThrift(x) and ToThrift(y), which is what the generated set writer
// checks. It differs from Identical: EMPTY equals "" (a nil and an empty
// sVal compare equal), floats compare with == (0 equals -0, NaN equals
// nothing), and a shapeless geography is the point (0, 0).
func wireEqual(x, y Value) bool {
	if wx, wy := wireNoField(x), wireNoField(y); wx || wy {
		return wx && wy
	}
	if x.kind != y.kind {
		return false
	}
	switch x.kind {
	case KindNull:
		return x.null == y.null
	case KindBool, KindInt, KindDate, KindTime:
		return x.num == y.num
	case KindFloat:
		return x.Float() == y.Float()
	case KindString:
		return x.str == y.str
	case KindDateTime:
		return x.num == y.num && x.x32 == y.x32
	case KindDuration:
		return x.Duration() == y.Duration()
	case KindVertex:
		return wireVertexEqual(x.ptr.(*Vertex), y.ptr.(*Vertex))
	case KindEdge:
		ex, ey := x.ptr.(*Edge), y.ptr.(*Edge)
		return wireEqual(ex.Src, ey.Src) && wireEqual(ex.Dst, ey.Dst) && ex.Type == ey.Type &&
			ex.Name == ey.Name && ex.Ranking == ey.Ranking && wirePropsEqual(ex.Props, ey.Props)
	case KindPath:
		px, py := x.ptr.(*Path), y.ptr.(*Path)
		if !wireVertexEqual(&px.Src, &py.Src) || len(px.Steps) != len(py.Steps) {
			return false
		}
		for i := range px.Steps {
			sx, sy := &px.Steps[i], &py.Steps[i]
			if !wireVertexEqual(&sx.Dst, &sy.Dst) || sx.Type != sy.Type || sx.Name != sy.Name ||
				sx.Ranking != sy.Ranking || !wirePropsEqual(sx.Props, sy.Props) {
				return false
			}
		}
		return true
	case KindList:
		return slices.EqualFunc(x.ptr.(*List).Values, y.ptr.(*List).Values, wireEqual)
	case KindSet:
		return wireSetEqual(x.ptr.(*Set).Values, y.ptr.(*Set).Values)
	case KindMap:
		return wirePropsEqual(x.ptr.(*Map).KVs, y.ptr.(*Map).KVs)
	case KindDataSet:
		dx, dy := x.ptr.(*DataSet), y.ptr.(*DataSet)
		if !slices.Equal(dx.ColNames, dy.ColNames) || len(dx.Rows) != len(dy.Rows) {
			return false
		}
		for i := range dx.Rows {
			if !slices.EqualFunc(dx.Rows[i].Values, dy.Rows[i].Values, wireEqual) {
				return false
			}
		}
		return true
	case KindGeography:
		return wireGeographyEqual(x.ptr.(*Geography), y.ptr.(*Geography))
	}
	return false
}

// wireNoField reports whether v goes out as a Value whose fields all
// compare as unset: EMPTY, "" (an empty sVal equals a nil one) and a nil
// dataset.
func wireNoField(v Value) bool {
	switch v.kind {
	case KindEmpty:
		return true
	case KindString:
		return v.str == ""
	case KindDataSet:
		return v.ptr.(*DataSet) == nil
	}
	return false
}

func wireVertexEqual(x, y *Vertex) bool {
	return wireEqual(x.VID, y.VID) && slices.EqualFunc(x.Tags, y.Tags, func(a, b Tag) bool {
		return a.Name == b.Name && wirePropsEqual(a.Props, b.Props)
	})
}

func wirePropsEqual(x, y map[string]Value) bool {
	if len(x) != len(y) {
		return false
	}
	for k, vx := range x {
		vy, ok := y[k]
		if !ok || !wireEqual(vx, vy) {
			return false
		}
	}
	return true
}

// wireSetEqual compares two sets as sent: each without the elements
// appendSetValues drops, in order.
func wireSetEqual(x, y []Value) bool {
	dx, dy := slices.ContainsFunc(x, hasEmpty), slices.ContainsFunc(y, hasEmpty)
	next := func(vs []Value, i int, dedup bool) int {
		for i++; dedup && i < len(vs) && wireDup(vs, i); i++ {
		}
		return i
	}
	i, j := next(x, -1, dx), next(y, -1, dy)
	for ; i < len(x) && j < len(y); i, j = next(x, i, dx), next(y, j, dy) {
		if !wireEqual(x[i], y[j]) {
			return false
		}
	}
	return i == len(x) && j == len(y)
}

func wireGeographyEqual(x, y *Geography) bool {
	shape := func(g *Geography) GeoShape {
		if g.Shape == GeoLineString || g.Shape == GeoPolygon {
			return g.Shape
		}
		return GeoPoint
	}
	point := func(g *Geography) Coordinate {
		if g.Shape == GeoPoint {
			return g.Point
		}
		return Coordinate{}
	}
	if shape(x) != shape(y) {
		return false
	}
	switch shape(x) {
	case GeoLineString:
		return slices.Equal(x.Line, y.Line)
	case GeoPolygon:
		return slices.EqualFunc(x.Rings, y.Rings, slices.Equal)
	}
	return point(x) == point(y)
}
