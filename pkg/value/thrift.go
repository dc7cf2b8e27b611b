package value

import (
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// Conversion to and from the generated Thrift types of idl/gen/common
// (docs: wire-protocol.md §4). Rules that keep nebula-go and the generated
// writers happy:
//
//   - EMPTY is a common.Value with no field set;
//   - every struct-typed field with default requiredness is filled
//     (Vertex.vid, Edge.src/dst, Step.dst, Path.src, Point.coord): the
//     generated writer dereferences them unconditionally;
//   - a set goes out as NSet (a Thrift set), never as a list;
//   - an empty string is a non-nil empty sVal, or it would read as EMPTY.
//
// FromThrift never panics on malformed input: nil pointers where a value is
// required, more than one field of a Value set, unknown null reasons and
// nesting deeper than maxThriftDepth are errors.

// ErrBadThrift is wrapped by every error FromThrift and DataSetFromThrift
// return.
var ErrBadThrift = errors.New("malformed thrift value")

// maxThriftDepth bounds the nesting FromThrift accepts, so that hostile
// input cannot exhaust the stack.
const maxThriftDepth = 256

// bytesOf returns s's bytes without copying. NB: the slice aliases the
// string and must never be written; the generated writers only read it.
func bytesOf(s string) []byte {
	if len(s) == 0 {
		return []byte{}
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// ToThrift converts v for the wire. The result shares string memory with v
// and must be treated as read-only.
func ToThrift(v Value) *common.Value {
	t := new(common.Value)
	fillThrift(t, v)
	return t
}

// FillThrift sets t (a zero common.Value) to v, as ToThrift does, for
// callers that allocate the generated values in bulk.
func FillThrift(t *common.Value, v Value) { fillThrift(t, v) }

func fillThrift(t *common.Value, v Value) {
	switch v.kind {
	case KindEmpty:
	case KindNull:
		n := common.NullType(v.null)
		t.NVal = &n
	case KindBool:
		b := v.num != 0
		t.BVal = &b
	case KindInt:
		i := v.num
		t.IVal = &i
	case KindFloat:
		f := v.Float()
		t.FVal = &f
	case KindString:
		t.SVal = bytesOf(v.str)
	case KindDate:
		d := v.Date()
		t.DVal = &common.Date{Year: d.Year, Month: d.Month, Day: d.Day}
	case KindTime:
		x := v.Time()
		t.TVal = &common.Time{Hour: x.Hour, Minute: x.Minute, Sec: x.Sec, Microsec: x.Microsec}
	case KindDateTime:
		x := v.DateTime()
		t.DtVal = &common.DateTime{Year: x.Year, Month: x.Month, Day: x.Day,
			Hour: x.Hour, Minute: x.Minute, Sec: x.Sec, Microsec: x.Microsec}
	case KindDuration:
		d := v.Duration()
		t.DuVal = &common.Duration{Seconds: d.Seconds, Microseconds: d.Microseconds, Months: d.Months}
	case KindVertex:
		t.VVal = vertexToThrift(v.ptr.(*Vertex))
	case KindEdge:
		e := v.ptr.(*Edge)
		t.EVal = &common.Edge{
			Src: ToThrift(e.Src), Dst: ToThrift(e.Dst), Type: common.EdgeType(e.Type),
			Name: bytesOf(e.Name), Ranking: common.EdgeRanking(e.Ranking), Props: propsToThrift(e.Props),
		}
	case KindPath:
		p := v.ptr.(*Path)
		steps := make([]*common.Step, len(p.Steps))
		for i := range p.Steps {
			s := &p.Steps[i]
			steps[i] = &common.Step{Dst: vertexToThrift(&s.Dst), Type: common.EdgeType(s.Type),
				Name: bytesOf(s.Name), Ranking: common.EdgeRanking(s.Ranking), Props: propsToThrift(s.Props)}
		}
		t.PVal = &common.Path{Src: vertexToThrift(&p.Src), Steps: steps}
	case KindList:
		t.LVal = &common.NList{Values: seqToThrift(v.ptr.(*List).Values)}
	case KindSet:
		vs := v.ptr.(*Set).Values
		out := seqToThrift(vs)
		if slices.ContainsFunc(vs, hasEmpty) {
			out = wireDedup(out)
		}
		t.UVal = &common.NSet{Values: out}
	case KindMap:
		t.MVal = &common.NMap{Kvs: propsToThrift(v.ptr.(*Map).KVs)}
	case KindDataSet:
		t.GVal = DataSetToThrift(v.ptr.(*DataSet))
	case KindGeography:
		t.GgVal = geographyToThrift(v.ptr.(*Geography))
	}
}

// wireDedup drops set elements the generated writer would take for
// duplicates. NB: its Equals cannot tell an EMPTY (no field set) from "" (an
// empty sVal), so {"", EMPTY} — or two lists differing only there — would make
// the writer fail with "slice is not unique"; the later element is dropped
// instead. Only sets holding an EMPTY somewhere pay for this quadratic pass.
func wireDedup(vs []*common.Value) []*common.Value {
	out := vs[:0:0]
	for _, v := range vs {
		if !slices.ContainsFunc(out, v.Equals) {
			out = append(out, v)
		}
	}
	return out
}

// hasEmpty reports whether v is or contains an EMPTY.
func hasEmpty(v Value) bool {
	anyProp := func(m map[string]Value) bool {
		for _, e := range m {
			if hasEmpty(e) {
				return true
			}
		}
		return false
	}
	vertex := func(vx *Vertex) bool {
		if hasEmpty(vx.VID) {
			return true
		}
		for i := range vx.Tags {
			if anyProp(vx.Tags[i].Props) {
				return true
			}
		}
		return false
	}
	switch v.kind {
	case KindEmpty:
		return true
	case KindList:
		return slices.ContainsFunc(v.ptr.(*List).Values, hasEmpty)
	case KindSet:
		return slices.ContainsFunc(v.ptr.(*Set).Values, hasEmpty)
	case KindMap:
		return anyProp(v.ptr.(*Map).KVs)
	case KindVertex:
		return vertex(v.ptr.(*Vertex))
	case KindEdge:
		e := v.ptr.(*Edge)
		return hasEmpty(e.Src) || hasEmpty(e.Dst) || anyProp(e.Props)
	case KindPath:
		p := v.ptr.(*Path)
		if vertex(&p.Src) {
			return true
		}
		for i := range p.Steps {
			if vertex(&p.Steps[i].Dst) || anyProp(p.Steps[i].Props) {
				return true
			}
		}
	case KindDataSet:
		for _, r := range v.ptr.(*DataSet).Rows {
			if slices.ContainsFunc(r.Values, hasEmpty) {
				return true
			}
		}
	}
	return false
}

// seqToThrift converts a slice with one allocation for all the Values.
func seqToThrift(vs []Value) []*common.Value {
	slab := make([]common.Value, len(vs))
	out := make([]*common.Value, len(vs))
	for i, e := range vs {
		fillThrift(&slab[i], e)
		out[i] = &slab[i]
	}
	return out
}

func propsToThrift(m map[string]Value) map[string]*common.Value {
	out := make(map[string]*common.Value, len(m))
	slab := make([]common.Value, len(m))
	i := 0
	for k, e := range m {
		fillThrift(&slab[i], e)
		out[k] = &slab[i]
		i++
	}
	return out
}

func vertexToThrift(vx *Vertex) *common.Vertex {
	tags := make([]*common.Tag, len(vx.Tags))
	for i := range vx.Tags {
		tags[i] = &common.Tag{Name: bytesOf(vx.Tags[i].Name), Props: propsToThrift(vx.Tags[i].Props)}
	}
	return &common.Vertex{Vid: ToThrift(vx.VID), Tags: tags}
}

func coordsToThrift(cs []Coordinate) []*common.Coordinate {
	slab := make([]common.Coordinate, len(cs))
	out := make([]*common.Coordinate, len(cs))
	for i, c := range cs {
		slab[i] = common.Coordinate{X: c.X, Y: c.Y}
		out[i] = &slab[i]
	}
	return out
}

func geographyToThrift(g *Geography) *common.Geography {
	switch g.Shape {
	case GeoPoint:
		return &common.Geography{PtVal: &common.Point{Coord: &common.Coordinate{X: g.Point.X, Y: g.Point.Y}}}
	case GeoLineString:
		return &common.Geography{LsVal: &common.LineString{CoordList: coordsToThrift(g.Line)}}
	case GeoPolygon:
		rings := make([][]*common.Coordinate, len(g.Rings))
		for i, r := range g.Rings {
			rings[i] = coordsToThrift(r)
		}
		return &common.Geography{PgVal: &common.Polygon{CoordListList: rings}}
	}
	// A Geography without a shape cannot be built by this package's users
	// through the wire; send an empty point rather than an empty union.
	return &common.Geography{PtVal: &common.Point{Coord: &common.Coordinate{}}}
}

// DataSetToThrift converts a dataset for the wire; nil gives nil. The result
// shares string memory with ds and must be treated as read-only.
func DataSetToThrift(ds *DataSet) *common.DataSet {
	if ds == nil {
		return nil
	}
	cols := make([][]byte, len(ds.ColNames))
	for i, c := range ds.ColNames {
		cols[i] = bytesOf(c)
	}
	rowSlab := make([]common.Row, len(ds.Rows))
	rows := make([]*common.Row, len(ds.Rows))
	for i := range ds.Rows {
		rowSlab[i].Values = seqToThrift(ds.Rows[i].Values)
		rows[i] = &rowSlab[i]
	}
	return &common.DataSet{ColumnNames: cols, Rows: rows}
}

func badThrift(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadThrift}, args...)...)
}

// FromThrift converts a wire value. Errors wrap ErrBadThrift.
func FromThrift(t *common.Value) (Value, error) { return fromThrift(t, 0) }

func fromThrift(t *common.Value, depth int) (Value, error) {
	if t == nil {
		return Value{}, badThrift("nil value")
	}
	if depth > maxThriftDepth {
		return Value{}, badThrift("nested deeper than %d", maxThriftDepth)
	}
	if n := countSet(t); n > 1 {
		return Value{}, badThrift("%d fields of a value set", n)
	}
	switch {
	case t.NVal != nil:
		n := *t.NVal
		if n < 0 || int(n) >= len(nullNames) {
			return Value{}, badThrift("unknown null type %d", n)
		}
		return NewNull(NullKind(n)), nil
	case t.BVal != nil:
		return NewBool(*t.BVal), nil
	case t.IVal != nil:
		return NewInt(*t.IVal), nil
	case t.FVal != nil:
		return NewFloat(*t.FVal), nil
	case t.SVal != nil:
		return NewString(string(t.SVal)), nil
	case t.DVal != nil:
		d := t.DVal
		return NewDate(Date{Year: d.Year, Month: d.Month, Day: d.Day}), nil
	case t.TVal != nil:
		x := t.TVal
		return NewTime(Time{Hour: x.Hour, Minute: x.Minute, Sec: x.Sec, Microsec: x.Microsec}), nil
	case t.DtVal != nil:
		x := t.DtVal
		return NewDateTime(DateTime{Year: x.Year, Month: x.Month, Day: x.Day,
			Hour: x.Hour, Minute: x.Minute, Sec: x.Sec, Microsec: x.Microsec}), nil
	case t.DuVal != nil:
		d := t.DuVal
		return NewDuration(Duration{Seconds: d.Seconds, Microseconds: d.Microseconds, Months: d.Months}), nil
	case t.VVal != nil:
		vx, err := vertexFromThrift(t.VVal, depth+1)
		if err != nil {
			return Value{}, err
		}
		return NewVertex(vx), nil
	case t.EVal != nil:
		return edgeFromThrift(t.EVal, depth+1)
	case t.PVal != nil:
		return pathFromThrift(t.PVal, depth+1)
	case t.LVal != nil:
		vs, err := seqFromThrift(t.LVal.Values, depth+1)
		if err != nil {
			return Value{}, err
		}
		return NewList(vs), nil
	case t.UVal != nil:
		vs, err := seqFromThrift(t.UVal.Values, depth+1)
		if err != nil {
			return Value{}, err
		}
		return NewSet(vs), nil
	case t.MVal != nil:
		m, err := propsFromThrift(t.MVal.Kvs, depth+1)
		if err != nil {
			return Value{}, err
		}
		return NewMap(m), nil
	case t.GVal != nil:
		ds, err := dataSetFromThrift(t.GVal, depth+1)
		if err != nil {
			return Value{}, err
		}
		return NewDataSet(ds), nil
	case t.GgVal != nil:
		g, err := geographyFromThrift(t.GgVal)
		if err != nil {
			return Value{}, err
		}
		return NewGeography(g), nil
	}
	return Empty, nil
}

// countSet counts the fields set in a wire value (a struct of optional
// fields, not a generated union, so that EMPTY can be written).
func countSet(t *common.Value) int {
	n := 0
	for _, set := range [...]bool{t.NVal != nil, t.BVal != nil, t.IVal != nil, t.FVal != nil,
		t.SVal != nil, t.DVal != nil, t.TVal != nil, t.DtVal != nil, t.VVal != nil, t.EVal != nil,
		t.PVal != nil, t.LVal != nil, t.MVal != nil, t.UVal != nil, t.GVal != nil, t.GgVal != nil,
		t.DuVal != nil} {
		if set {
			n++
		}
	}
	return n
}

func seqFromThrift(ts []*common.Value, depth int) ([]Value, error) {
	out := make([]Value, len(ts))
	for i, t := range ts {
		v, err := fromThrift(t, depth)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func propsFromThrift(ts map[string]*common.Value, depth int) (map[string]Value, error) {
	out := make(map[string]Value, len(ts))
	for k, t := range ts {
		v, err := fromThrift(t, depth)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

func vertexFromThrift(t *common.Vertex, depth int) (*Vertex, error) {
	if t == nil {
		return nil, badThrift("nil vertex")
	}
	if t.Vid == nil {
		return nil, badThrift("vertex without vid")
	}
	vid, err := fromThrift(t.Vid, depth)
	if err != nil {
		return nil, fmt.Errorf("vid: %w", err)
	}
	vx := &Vertex{VID: vid, Tags: make([]Tag, len(t.Tags))}
	for i, tg := range t.Tags {
		if tg == nil {
			return nil, badThrift("nil tag")
		}
		props, err := propsFromThrift(tg.Props, depth)
		if err != nil {
			return nil, fmt.Errorf("tag %q: %w", tg.Name, err)
		}
		vx.Tags[i] = Tag{Name: string(tg.Name), Props: props}
	}
	return vx, nil
}

func edgeFromThrift(t *common.Edge, depth int) (Value, error) {
	if t.Src == nil || t.Dst == nil {
		return Value{}, badThrift("edge without src or dst")
	}
	src, err := fromThrift(t.Src, depth)
	if err != nil {
		return Value{}, fmt.Errorf("edge src: %w", err)
	}
	dst, err := fromThrift(t.Dst, depth)
	if err != nil {
		return Value{}, fmt.Errorf("edge dst: %w", err)
	}
	props, err := propsFromThrift(t.Props, depth)
	if err != nil {
		return Value{}, fmt.Errorf("edge: %w", err)
	}
	return NewEdge(&Edge{Src: src, Dst: dst, Type: int32(t.Type), Name: string(t.Name),
		Ranking: int64(t.Ranking), Props: props}), nil
}

func pathFromThrift(t *common.Path, depth int) (Value, error) {
	src, err := vertexFromThrift(t.Src, depth)
	if err != nil {
		return Value{}, fmt.Errorf("path src: %w", err)
	}
	p := &Path{Src: *src, Steps: make([]Step, len(t.Steps))}
	for i, s := range t.Steps {
		if s == nil {
			return Value{}, badThrift("nil step")
		}
		dst, err := vertexFromThrift(s.Dst, depth)
		if err != nil {
			return Value{}, fmt.Errorf("step %d: %w", i, err)
		}
		props, err := propsFromThrift(s.Props, depth)
		if err != nil {
			return Value{}, fmt.Errorf("step %d: %w", i, err)
		}
		p.Steps[i] = Step{Dst: *dst, Type: int32(s.Type), Name: string(s.Name),
			Ranking: int64(s.Ranking), Props: props}
	}
	return NewPath(p), nil
}

func coordsFromThrift(ts []*common.Coordinate) ([]Coordinate, error) {
	out := make([]Coordinate, len(ts))
	for i, c := range ts {
		if c == nil {
			return nil, badThrift("nil coordinate")
		}
		out[i] = Coordinate{X: c.X, Y: c.Y}
	}
	return out, nil
}

func geographyFromThrift(t *common.Geography) (*Geography, error) {
	if n := t.CountSetFieldsGeography(); n != 1 {
		return nil, badThrift("geography with %d shapes set", n)
	}
	switch {
	case t.PtVal != nil:
		if t.PtVal.Coord == nil {
			return nil, badThrift("point without coordinate")
		}
		return &Geography{Shape: GeoPoint, Point: Coordinate{X: t.PtVal.Coord.X, Y: t.PtVal.Coord.Y}}, nil
	case t.LsVal != nil:
		cs, err := coordsFromThrift(t.LsVal.CoordList)
		if err != nil {
			return nil, err
		}
		return &Geography{Shape: GeoLineString, Line: cs}, nil
	default:
		rings := make([][]Coordinate, len(t.PgVal.CoordListList))
		for i, r := range t.PgVal.CoordListList {
			cs, err := coordsFromThrift(r)
			if err != nil {
				return nil, err
			}
			rings[i] = cs
		}
		return &Geography{Shape: GeoPolygon, Rings: rings}, nil
	}
}

// DataSetFromThrift converts a wire dataset; nil gives nil. Errors wrap
// ErrBadThrift. Rows are not required to match the column count.
func DataSetFromThrift(t *common.DataSet) (*DataSet, error) {
	if t == nil {
		return nil, nil
	}
	return dataSetFromThrift(t, 0)
}

func dataSetFromThrift(t *common.DataSet, depth int) (*DataSet, error) {
	ds := &DataSet{ColNames: make([]string, len(t.ColumnNames)), Rows: make([]Row, len(t.Rows))}
	for i, c := range t.ColumnNames {
		ds.ColNames[i] = string(c)
	}
	for i, r := range t.Rows {
		if r == nil {
			return nil, badThrift("nil row %d", i)
		}
		vs, err := seqFromThrift(r.Values, depth+1)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
		ds.Rows[i].Values = vs
	}
	return ds, nil
}
