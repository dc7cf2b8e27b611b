package eval

import (
	"maps"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// The built-in property names of vertices and edges.
const (
	propVid  = "_vid"
	propSrc  = "_src"
	propDst  = "_dst"
	propRank = "_rank"
	propType = "_type"
)

// attribute is expr.name.
func (ev *evaluator) attribute(e *ast.Attribute) (value.Value, error) {
	l, err := ev.eval(e.Left)
	if err != nil {
		return value.Value{}, err
	}
	return attributeOf(l, e.Name), nil
}

// labelAttribute is name.attr on a bare name the validator left as it is:
// a name bound in the row (or by a comprehension) and one of its
// attributes.
func (ev *evaluator) labelAttribute(e *ast.LabelAttribute) (value.Value, error) {
	l, err := ev.eval(&ast.Label{Name: e.Label})
	if err != nil {
		return value.Value{}, err
	}
	return attributeOf(l, e.Attr), nil
}

// attributeOf returns attribute name of l.
//
// Maps give the entry (NULL when missing); edges a property or one of
// _src, _dst, _rank, _type; dates and times a field (see
// value.TemporalAttr). Vertices follow NebulaGraph's v.tag.prop reading:
// v.tag is the map of that tag's properties when v has the tag (else
// NULL), so (v.tag).prop is the property of that tag; v._vid is the vid. A NULL gives NULL; any
// other kind BAD_TYPE.
func attributeOf(l value.Value, name string) value.Value {
	switch l.Kind() {
	case value.KindMap:
		if v, ok := l.Map()[name]; ok {
			return v
		}
		return value.Null
	case value.KindVertex:
		vx := l.Vertex()
		if name == propVid {
			return vx.VID
		}
		// NB: whatever expression gave the vertex (m.a with m a map, say),
		// its attribute is a tag; v.tag.prop reads (v.tag) as a map first.
		for _, t := range vx.Tags {
			if t.Name == name {
				return value.NewMap(maps.Clone(t.Props))
			}
		}
		return value.Null
	case value.KindEdge:
		return edgeAttr(l.Edge(), name)
	case value.KindDate, value.KindTime, value.KindDateTime:
		return value.TemporalAttr(l, name)
	case value.KindNull:
		if l.IsBadNull() {
			return badType
		}
		return value.Null
	}
	return badType
}

// edgeAttr returns a property of an edge or one of its built-in fields;
// a missing property, or an unknown built-in, is NULL.
func edgeAttr(ed *value.Edge, name string) value.Value {
	switch name {
	case propSrc:
		return ed.Src
	case propDst:
		return ed.Dst
	case propRank:
		return value.NewInt(ed.Ranking)
	case propType:
		return value.NewString(ed.Name)
	}
	if v, ok := ed.Props[name]; ok {
		return v
	}
	return value.Null
}

// labelTagProperty is v.tag.prop resolved by the validator: the property
// of the named tag of vertex v; NULL when the vertex lacks the tag or the
// property, or is NULL itself; BAD_TYPE for a non-vertex.
func (ev *evaluator) labelTagProperty(e *ast.LabelTagProperty) (value.Value, error) {
	l, err := ev.eval(e.Label)
	if err != nil {
		return value.Value{}, err
	}
	switch l.Kind() {
	case value.KindVertex:
		for _, t := range l.Vertex().Tags {
			if t.Name == e.Tag {
				if v, ok := t.Props[e.Prop]; ok {
					return v, nil
				}
			}
		}
		return value.Null, nil
	case value.KindNull:
		if !l.IsBadNull() {
			return value.Null, nil
		}
	}
	return badType, nil
}

// subscript is left[index]: a list by position (negative counts from the
// end; out of range is OUT_OF_RANGE), a map by key, a dataset by row, a
// vertex by property name (over all its tags) or _vid, an edge by property
// name or built-in field. A wrong index kind, or a left side of another
// kind, is BAD_TYPE; a non-string key on a map, vertex or edge is NULL.
func (ev *evaluator) subscript(e *ast.Subscript) (value.Value, error) {
	l, err := ev.eval(e.Left)
	if err != nil {
		return value.Value{}, err
	}
	idx, err := ev.eval(e.Index)
	if err != nil {
		return value.Value{}, err
	}
	switch l.Kind() {
	case value.KindList:
		if idx.Kind() != value.KindInt {
			return badType, nil
		}
		list := l.List()
		i, n := idx.Int(), int64(len(list))
		if i >= n || i < -n {
			return outRange, nil
		}
		if i < 0 {
			i += n
		}
		return list[i], nil
	case value.KindMap:
		if idx.Kind() != value.KindString {
			return value.Null, nil
		}
		if v, ok := l.Map()[idx.Str()]; ok {
			return v, nil
		}
		return value.Null, nil
	case value.KindDataSet:
		if idx.Kind() != value.KindInt {
			return badType, nil
		}
		rows := l.DataSet().Rows
		i := idx.Int()
		if i < 0 || i >= int64(len(rows)) {
			return outRange, nil
		}
		return value.NewList(rows[i].Values), nil
	case value.KindVertex:
		if idx.Kind() != value.KindString {
			return value.Null, nil
		}
		vx := l.Vertex()
		if idx.Str() == propVid {
			return vx.VID, nil
		}
		for _, t := range vx.Tags {
			if v, ok := t.Props[idx.Str()]; ok {
				return v, nil
			}
		}
		return value.Null, nil
	case value.KindEdge:
		if idx.Kind() != value.KindString {
			return value.Null, nil
		}
		return edgeAttr(l.Edge(), idx.Str()), nil
	}
	return badType, nil
}

// subscriptRange is list[lo..hi], hi exclusive; a negative bound counts
// from the end, bounds are clamped to the list, an omitted bound means the
// list's start or end. A NULL bound gives NULL; a non-int bound, or a
// non-list, BAD_TYPE.
func (ev *evaluator) subscriptRange(e *ast.SubscriptRange) (value.Value, error) {
	l, err := ev.eval(e.Left)
	if err != nil {
		return value.Value{}, err
	}
	if l.Kind() != value.KindList {
		return badType, nil
	}
	list := l.List()
	n := int64(len(list))
	bound := func(x ast.Expr, dflt int64) (int64, value.Value, error) {
		if x == nil {
			return dflt, value.Value{}, nil
		}
		v, err := ev.eval(x)
		if err != nil {
			return 0, value.Value{}, err
		}
		switch {
		case v.IsNull():
			return 0, value.Null, nil
		case v.Kind() != value.KindInt:
			return 0, badType, nil
		}
		b := v.Int()
		if b < 0 {
			b += n
		}
		return b, value.Value{}, nil
	}
	lo, fail, err := bound(e.Lo, 0)
	if err != nil || fail.IsNull() {
		return fail, err
	}
	hi, fail, err := bound(e.Hi, n)
	if err != nil || fail.IsNull() {
		return fail, err
	}
	lo = max(lo, 0)
	hi = min(hi, n)
	if lo >= hi {
		return value.NewList([]value.Value{}), nil
	}
	return value.NewList(append([]value.Value(nil), list[lo:hi]...)), nil
}
