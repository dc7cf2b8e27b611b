package exec

import (
	"slices"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/value"
)

// Layouts say which tag and edge properties a storage request asks for
// and turn the answer back into vertices and edges. Every tag is asked for
// its _tag built-in first, so that a tag the vertex has is told apart from
// one it lacks even when no property is asked for; every edge type for
// _src, _type, _rank and _dst first.

// tagLayout is one tag's requested properties. A presence-only tag is
// asked for its _tag alone, to tell whether the vertex exists, and is not
// part of the vertex built.
type tagLayout struct {
	id       int32
	name     string
	props    []string
	presence bool
}

// vertexLayout is the tags of a vertex request, in request order.
type vertexLayout []tagLayout

// addTag adds (or widens) a tag's entry with props; all asks for every
// property of the latest schema.
func (l *vertexLayout) addTag(s *meta.Schema, all bool, props ...string) {
	i := slices.IndexFunc(*l, func(t tagLayout) bool { return t.id == s.ID })
	if i < 0 {
		*l = append(*l, tagLayout{id: s.ID, name: s.Name})
		i = len(*l) - 1
	}
	t := &(*l)[i]
	if all {
		for _, c := range s.Latest().Columns {
			props = append(props, c.Name)
		}
	}
	for _, p := range props {
		if !slices.Contains(t.props, p) {
			t.props = append(t.props, p)
		}
	}
}

// request returns the VertexProps of the layout.
func (l vertexLayout) request() []*gstorage.VertexProp {
	out := make([]*gstorage.VertexProp, 0, len(l))
	for _, t := range l {
		names := [][]byte{[]byte("_tag")}
		for _, p := range t.props {
			names = append(names, []byte(p))
		}
		out = append(out, &gstorage.VertexProp{Tag: common.TagID(t.id), Props: names})
	}
	return out
}

// width is the number of values a row of GetProps has per vertex (after
// _vid).
func (l vertexLayout) width() int {
	n := 0
	for _, t := range l {
		n += 1 + len(t.props)
	}
	return n
}

// addPresence adds s as a presence-only tag unless the layout has it.
func (l *vertexLayout) addPresence(s *meta.Schema) {
	if !slices.ContainsFunc(*l, func(t tagLayout) bool { return t.id == s.ID }) {
		*l = append(*l, tagLayout{id: s.ID, name: s.Name, presence: true})
	}
}

// fromProps builds a vertex from a GetProps row's values after _vid; nil
// if it has none of the layout's tags.
func (l vertexLayout) fromProps(vid value.Value, vals []value.Value) *value.Vertex {
	vx := &value.Vertex{VID: vid}
	at, exists := 0, false
	for _, t := range l {
		if at+1+len(t.props) > len(vals) {
			break
		}
		if vals[at].Kind() != value.KindEmpty {
			exists = true
			if !t.presence {
				vx.Tags = append(vx.Tags, tagOf(t, vals[at+1:at+1+len(t.props)]))
			}
		}
		at += 1 + len(t.props)
	}
	if !exists {
		return nil
	}
	sortTags(vx)
	return vx
}

// propOf reads tag.prop from a GetProps row's values after _vid as
// tagPropOf reads it from fromProps' vertex, without building the vertex:
// EMPTY when the vertex lacks the tag (or the layout only checks its
// presence), NULL when the tag has no such property.
func (l vertexLayout) propOf(vals []value.Value, tag, prop string) value.Value {
	at := 0
	for _, t := range l {
		if at+1+len(t.props) > len(vals) {
			break
		}
		if t.name == tag && !t.presence && vals[at].Kind() != value.KindEmpty {
			for i, p := range t.props {
				if p == prop {
					return vals[at+1+i]
				}
			}
			return value.Null
		}
		at += 1 + len(t.props)
	}
	return value.Empty
}

// exists reports whether a GetProps row has any of the layout's tags, as
// fromProps returning non-nil does.
func (l vertexLayout) exists(vals []value.Value) bool {
	at := 0
	for _, t := range l {
		if at+1+len(t.props) > len(vals) {
			break
		}
		if vals[at].Kind() != value.KindEmpty {
			return true
		}
		at += 1 + len(t.props)
	}
	return false
}

// sortTags orders a vertex's tags by name, as tags(v) lists them in
// NebulaGraph's answers.
func sortTags(vx *value.Vertex) {
	slices.SortFunc(vx.Tags, func(a, b value.Tag) int { return strings.Compare(a.Name, b.Name) })
}

// fromNeighbors builds the start vertex of a GetNeighbors row from its
// _tag columns (one list per tag, EMPTY when the vertex lacks the tag).
func (l vertexLayout) fromNeighbors(vid value.Value, cells []value.Value) *value.Vertex {
	vx := &value.Vertex{VID: vid}
	for i, t := range l {
		if i >= len(cells) || cells[i].Kind() != value.KindList {
			continue
		}
		vals := cells[i].List()
		if len(vals) < 1+len(t.props) {
			continue
		}
		vx.Tags = append(vx.Tags, tagOf(t, vals[1:1+len(t.props)]))
	}
	sortTags(vx)
	return vx
}

func tagOf(t tagLayout, vals []value.Value) value.Tag {
	props := make(map[string]value.Value, len(t.props))
	for i, p := range t.props {
		props[p] = vals[i]
	}
	return value.Tag{Name: t.name, Props: props}
}

// edgeLayout is one (signed) edge type's requested properties.
type edgeLayout struct {
	typ   int32
	name  string
	props []string
	// lean asks for _dst alone of the built-ins: a GO step that needs no
	// other (a frontier step, or one yielding properties only) then gets
	// two fifths of the values per edge that it would.
	lean bool
}

// edgeBuiltins are asked for first for every edge type (only _dst when
// the layout is lean).
var edgeBuiltins = []string{"_src", "_type", "_rank", "_dst"}

func (l edgeLayout) builtins() []string {
	if l.lean {
		return edgeBuiltins[3:]
	}
	return edgeBuiltins
}

// width is the number of values storage sends per edge.
func (l edgeLayout) width() int { return len(l.builtins()) + len(l.props) }

func (l edgeLayout) request() *gstorage.EdgeProp {
	names := make([][]byte, 0, l.width())
	for _, p := range l.builtins() {
		names = append(names, []byte(p))
	}
	for _, p := range l.props {
		names = append(names, []byte(p))
	}
	return &gstorage.EdgeProp{Type: common.EdgeType(l.typ), Props: names}
}

// edge builds an edge from the values of one edge of its type: the
// built-ins, then the properties.
func (l edgeLayout) edge(vals []value.Value) *value.Edge {
	if l.lean || len(vals) < len(edgeBuiltins)+len(l.props) {
		return nil
	}
	e := &value.Edge{Src: vals[0], Type: int32(vals[1].Int()), Ranking: vals[2].Int(), Dst: vals[3], Name: l.name,
		Props: make(map[string]value.Value, len(l.props))}
	for i, p := range l.props {
		e.Props[p] = vals[len(edgeBuiltins)+i]
	}
	return e
}

// schemaProps returns the names of a schema's latest properties.
func schemaProps(s *meta.Schema) []string {
	out := make([]string, 0, len(s.Latest().Columns))
	for _, c := range s.Latest().Columns {
		out = append(out, c.Name)
	}
	return out
}
