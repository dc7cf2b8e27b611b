package value

import "math"

// Kind is the dynamic type of a Value.
type Kind uint8

// The kinds, in NebulaGraph's cross-type ordering used when values of
// different kinds are sorted together.
const (
	KindEmpty Kind = iota
	KindBool
	KindInt
	KindFloat
	KindString
	KindDate
	KindTime
	KindDateTime
	KindVertex
	KindEdge
	KindPath
	KindList
	KindMap
	KindSet
	KindDataSet
	KindGeography
	KindDuration
	KindNull
)

// NullKind says why a value is null. The numbers are the wire NullType.
type NullKind uint8

// Null reasons.
const (
	NullPlain       NullKind = 0 // __NULL__
	NullNaN         NullKind = 1
	NullBadData     NullKind = 2
	NullBadType     NullKind = 3
	NullOverflow    NullKind = 4
	NullUnknownProp NullKind = 5
	NullDivByZero   NullKind = 6
	NullOutOfRange  NullKind = 7
)

// Value is one dynamically typed value. The zero Value is EMPTY.
//
// Scalars live inline (no allocation); composites point at an immutable
// payload shared between copies.
//
// NB: the fields are overloaded per kind to keep a Value at 48 bytes and
// every scalar (durations included) free of heap allocation:
//
//	kind      num                         x32        x16:null            str     ptr
//	Null      -                           -          -:reason            -       -
//	Bool/Int  0|1 / int                   -          -                   -       -
//	Float     IEEE bits                   -          -                   -       -
//	String    -                           -          -                   bytes   -
//	Date      year<<16|month<<8|day       -          -                   -       -
//	Time      h<<48|m<<40|s<<32|µs        -          -                   -       -
//	DateTime  y<<48|mo<<40|d<<32|h<<24..  µs         -                   -       -
//	Duration  seconds                     months     µs (24 bits)        -       *Duration when µs needs more
//	composite -                           -          -                   -       payload pointer
//
// Packed calendar fields are unsigned bytes under a signed year, so comparing
// num orders valid values chronologically.
type Value struct {
	kind Kind
	null NullKind // KindNull: the reason; KindDuration: bits 0-7 of the microseconds
	x16  int16    // KindDuration: bits 8-23 of the microseconds
	x32  int32    // KindDateTime: microseconds; KindDuration: months
	num  int64
	str  string
	ptr  any // *Duration (rare), *Vertex, *Edge, *Path, *List, *Map, *Set, *DataSet, *Geography
}

// Date is a calendar date without a time zone.
type Date struct {
	Year  int16
	Month int8
	Day   int8
}

// Time is a time of day in UTC with microsecond precision.
type Time struct {
	Hour     int8
	Minute   int8
	Sec      int8
	Microsec int32
}

// DateTime is a date and time in UTC with microsecond precision.
type DateTime struct {
	Year     int16
	Month    int8
	Day      int8
	Hour     int8
	Minute   int8
	Sec      int8
	Microsec int32
}

// Duration is a span of months, seconds and microseconds, kept apart
// because a month has no fixed length.
type Duration struct {
	Seconds      int64
	Microseconds int32
	Months       int32
}

// Tag is one tag of a vertex with its properties.
type Tag struct {
	Name  string
	Props map[string]Value
}

// Vertex is a vertex id with its tags, in tag order.
type Vertex struct {
	VID  Value
	Tags []Tag
}

// Edge is one directed edge. A negative Type is the reverse (in-) direction
// of the edge stored as Src -> Dst.
type Edge struct {
	Src     Value
	Dst     Value
	Type    int32
	Name    string
	Ranking int64
	Props   map[string]Value
}

// Step is one hop of a Path: the edge walked and the vertex reached. A
// negative Type means the hop walked the edge backwards.
type Step struct {
	Dst     Vertex
	Type    int32
	Name    string
	Ranking int64
	Props   map[string]Value
}

// Path is a start vertex and the steps taken from it.
type Path struct {
	Src   Vertex
	Steps []Step
}

// List is an ordered sequence of values.
type List struct {
	Values []Value
}

// Map is an unordered string-keyed map of values.
type Map struct {
	KVs map[string]Value
}

// Set is an unordered collection of distinct values; Values holds them in
// insertion order without duplicates under Identical (NULL matches NULL of
// the same reason, int 1 and float 1.0 stay apart, as in NebulaGraph's
// unordered_set).
type Set struct {
	Values []Value
}

// Row is one row of a DataSet.
type Row struct {
	Values []Value
}

// DataSet is a table: column names and rows whose length equals the columns.
type DataSet struct {
	ColNames []string
	Rows     []Row
}

// Coordinate is a longitude (X) / latitude (Y) pair.
type Coordinate struct {
	X, Y float64
}

// GeoShape says which of a Geography's shapes is set.
type GeoShape uint8

// Geography shapes.
const (
	GeoPoint GeoShape = iota + 1
	GeoLineString
	GeoPolygon
)

// Geography is a point, a line string or a polygon (a list of rings, the
// first the outer boundary).
type Geography struct {
	Shape GeoShape
	Point Coordinate
	Line  []Coordinate
	Rings [][]Coordinate
}

// Empty is the EMPTY value (no value at all, distinct from NULL).
var Empty = Value{}

// Null is the plain NULL value (__NULL__).
var Null = Value{kind: KindNull, null: NullPlain}

// NewNull returns a NULL of the given reason.
func NewNull(k NullKind) Value { return Value{kind: KindNull, null: k} }

// NewBool returns a bool value.
func NewBool(b bool) Value {
	v := Value{kind: KindBool}
	if b {
		v.num = 1
	}
	return v
}

// NewInt returns an int value.
func NewInt(i int64) Value { return Value{kind: KindInt, num: i} }

// NewFloat returns a float value.
func NewFloat(f float64) Value { return Value{kind: KindFloat, num: int64(math.Float64bits(f))} }

// NewString returns a string value.
func NewString(s string) Value { return Value{kind: KindString, str: s} }

// NewDate returns a date value; the date is not validated.
func NewDate(d Date) Value {
	return Value{kind: KindDate, num: int64(d.Year)<<16 | int64(uint8(d.Month))<<8 | int64(uint8(d.Day))}
}

// NewTime returns a time value; the time is not validated.
func NewTime(t Time) Value {
	return Value{kind: KindTime, num: int64(uint8(t.Hour))<<48 | int64(uint8(t.Minute))<<40 |
		int64(uint8(t.Sec))<<32 | int64(uint32(t.Microsec))}
}

// NewDateTime returns a datetime value; it is not validated.
func NewDateTime(dt DateTime) Value {
	n := int64(dt.Year)<<48 | int64(uint8(dt.Month))<<40 | int64(uint8(dt.Day))<<32 |
		int64(uint8(dt.Hour))<<24 | int64(uint8(dt.Minute))<<16 | int64(uint8(dt.Sec))<<8
	return Value{kind: KindDateTime, num: n, x32: dt.Microsec}
}

// inlineMicros bounds the microseconds a Duration may carry without boxing.
const inlineMicros = 1 << 23

// NewDuration returns a duration value. It allocates only when the
// microseconds part is beyond ±2^23 (durations built by NebulaGraph's
// functions keep it below one second).
func NewDuration(d Duration) Value {
	if d.Microseconds >= -inlineMicros && d.Microseconds < inlineMicros {
		return Value{kind: KindDuration, num: d.Seconds, x32: d.Months,
			x16: int16(d.Microseconds >> 8), null: NullKind(uint8(d.Microseconds))}
	}
	p := new(Duration) // NB: not &d, which would move d to the heap on every call
	*p = d
	return Value{kind: KindDuration, ptr: p}
}

// NewVertex returns a vertex value that takes ownership of v.
func NewVertex(v *Vertex) Value { return Value{kind: KindVertex, ptr: v} }

// NewEdge returns an edge value that takes ownership of e.
func NewEdge(e *Edge) Value { return Value{kind: KindEdge, ptr: e} }

// NewPath returns a path value that takes ownership of p.
func NewPath(p *Path) Value { return Value{kind: KindPath, ptr: p} }

// NewList returns a list value that takes ownership of vs.
func NewList(vs []Value) Value { return Value{kind: KindList, ptr: &List{Values: vs}} }

// NewMap returns a map value that takes ownership of kvs.
func NewMap(kvs map[string]Value) Value { return Value{kind: KindMap, ptr: &Map{KVs: kvs}} }

// NewSet returns a set value holding the distinct values of vs (first
// occurrence kept, order preserved).
func NewSet(vs []Value) Value { return Value{kind: KindSet, ptr: &Set{Values: dedup(vs)}} }

// NewDataSet returns a dataset value that takes ownership of ds.
func NewDataSet(ds *DataSet) Value { return Value{kind: KindDataSet, ptr: ds} }

// NewGeography returns a geography value that takes ownership of g.
func NewGeography(g *Geography) Value { return Value{kind: KindGeography, ptr: g} }

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.kind }

// IsEmpty reports whether v is EMPTY.
func (v Value) IsEmpty() bool { return v.kind == KindEmpty }

// IsNull reports whether v is NULL of any reason.
func (v Value) IsNull() bool { return v.kind == KindNull }

// IsBadNull reports whether v is a NULL other than the plain __NULL__ (an
// error-like null such as BAD_TYPE or DIV_BY_ZERO).
func (v Value) IsBadNull() bool { return v.kind == KindNull && v.null != NullPlain }

// IsNumeric reports whether v is an int or a float.
func (v Value) IsNumeric() bool { return v.kind == KindInt || v.kind == KindFloat }

// NullKind returns the reason of a NULL, and NullPlain for other kinds.
func (v Value) NullKind() NullKind {
	if v.kind != KindNull {
		return NullPlain
	}
	return v.null
}

// Bool returns the bool of a KindBool value.
func (v Value) Bool() bool { return v.num != 0 }

// Int returns the int of a KindInt value.
func (v Value) Int() int64 { return v.num }

// Float returns the float of a KindFloat value.
func (v Value) Float() float64 { return math.Float64frombits(uint64(v.num)) }

// Str returns the string of a KindString value.
func (v Value) Str() string { return v.str }

// Date returns the date of a KindDate value.
func (v Value) Date() Date {
	return Date{Year: int16(v.num >> 16), Month: int8(v.num >> 8), Day: int8(v.num)}
}

// Time returns the time of a KindTime value.
func (v Value) Time() Time {
	return Time{Hour: int8(v.num >> 48), Minute: int8(v.num >> 40), Sec: int8(v.num >> 32), Microsec: int32(uint32(v.num))}
}

// DateTime returns the datetime of a KindDateTime value.
func (v Value) DateTime() DateTime {
	n := v.num
	return DateTime{
		Year: int16(n >> 48), Month: int8(n >> 40), Day: int8(n >> 32),
		Hour: int8(n >> 24), Minute: int8(n >> 16), Sec: int8(n >> 8),
		Microsec: v.x32,
	}
}

// Duration returns the duration of a KindDuration value.
func (v Value) Duration() Duration {
	if v.ptr != nil {
		return *v.ptr.(*Duration)
	}
	return Duration{Seconds: v.num, Months: v.x32, Microseconds: int32(v.x16)<<8 | int32(uint8(v.null))}
}

// Vertex returns the vertex of a KindVertex value; the caller must not modify it.
func (v Value) Vertex() *Vertex { return v.ptr.(*Vertex) }

// Edge returns the edge of a KindEdge value; the caller must not modify it.
func (v Value) Edge() *Edge { return v.ptr.(*Edge) }

// Path returns the path of a KindPath value; the caller must not modify it.
func (v Value) Path() *Path { return v.ptr.(*Path) }

// List returns the elements of a KindList value; the caller must not modify them.
func (v Value) List() []Value { return v.ptr.(*List).Values }

// Map returns the entries of a KindMap value; the caller must not modify them.
func (v Value) Map() map[string]Value { return v.ptr.(*Map).KVs }

// Set returns the elements of a KindSet value; the caller must not modify them.
func (v Value) Set() []Value { return v.ptr.(*Set).Values }

// DataSet returns the table of a KindDataSet value; the caller must not modify it.
func (v Value) DataSet() *DataSet { return v.ptr.(*DataSet) }

// Geography returns the shape of a KindGeography value; the caller must not modify it.
func (v Value) Geography() *Geography { return v.ptr.(*Geography) }
