package exec

import (
	"strconv"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Graph references. A read statement's WHERE and YIELD name things only
// its storage node can see: properties of the source, destination or
// current vertex, of the current edge, the vertices and the edge
// themselves, and the columns of the input rows a traversal joins. Each
// distinct reference becomes one column of the storage node's table (a
// "ref column"), and the expressions are rewritten to read $-.<column>,
// so that ordinary Filter and Project nodes evaluate them.

// refKind is what a graph reference reads.
type refKind uint8

const (
	refSrcProp   refKind = iota // $^.tag.prop
	refDstProp                  // $$.tag.prop
	refTagProp                  // tag.prop of the current vertex (FETCH, LOOKUP)
	refEdgeProp                 // edge.prop or a built-in (_src, ...) of the current edge; edge "*" is any
	refSrcVertex                // $^
	refDstVertex                // $$
	refVertex                   // VERTEX
	refEdge                     // EDGE
	refInput                    // $-.col of the joined input row
	refVar                      // $var.col of the joined variable row
)

// graphRef is one reference and the column it is evaluated into.
type graphRef struct {
	kind       refKind
	name, prop string
	col        string
	valKind    value.Kind
}

// graphRow is what references are evaluated against: the vertices and the
// edge of one row of a storage result, and the joined input row.
type graphRow struct {
	src, dst, vertex *value.Vertex
	edge             *value.Edge
	goEdge           goEdge // a GO row's edge, when edge is nil
	input            []value.Value
	inputIdx         map[string]int
}

// eval returns the reference's value in row. A property of a tag the
// vertex lacks, or of an edge of another type, is EMPTY, as in NebulaGraph.
func (r *graphRef) eval(row *graphRow) value.Value {
	switch r.kind {
	case refSrcProp:
		return tagPropOf(row.src, r.name, r.prop)
	case refDstProp:
		return tagPropOf(row.dst, r.name, r.prop)
	case refTagProp:
		return tagPropOf(row.vertex, r.name, r.prop)
	case refEdgeProp:
		if row.edge == nil && row.goEdge.layout != nil {
			return row.goEdge.prop(r.name, r.prop)
		}
		return edgePropOf(row.edge, r.name, r.prop)
	case refSrcVertex:
		return vertexValue(row.src)
	case refDstVertex:
		return vertexValue(row.dst)
	case refVertex:
		return vertexValue(row.vertex)
	case refEdge:
		if row.edge == nil && row.goEdge.layout != nil {
			return value.NewEdge(row.goEdge.edge())
		}
		if row.edge == nil {
			return value.Empty
		}
		return value.NewEdge(row.edge)
	case refInput, refVar:
		if i, ok := row.inputIdx[r.prop]; ok && row.input != nil {
			return row.input[i]
		}
	}
	return value.Empty
}

func vertexValue(v *value.Vertex) value.Value {
	if v == nil {
		return value.Empty
	}
	return value.NewVertex(v)
}

func tagPropOf(v *value.Vertex, tag, prop string) value.Value {
	if v == nil {
		return value.Empty
	}
	for _, t := range v.Tags {
		if t.Name == tag {
			if x, ok := t.Props[prop]; ok {
				return x
			}
			return value.Null
		}
	}
	return value.Empty
}

// edgePropOf reads a property or built-in of e. The edge value keeps the
// traversal's view: Src is where the walk started, Dst where it arrived,
// a negative Type a walk against the edge's direction.
func edgePropOf(e *value.Edge, edge, prop string) value.Value {
	if e == nil || (edge != "*" && e.Name != edge) {
		return value.Empty
	}
	switch prop {
	case "_src":
		return e.Src
	case "_dst":
		return e.Dst
	case "_rank":
		return value.NewInt(e.Ranking)
	case "_type":
		return value.NewInt(int64(e.Type))
	}
	if x, ok := e.Props[prop]; ok {
		return x
	}
	return value.Null
}

// graphRefs collects a statement's references, one column each.
type graphRefs struct {
	list  []*graphRef
	byKey map[string]*graphRef
}

func newGraphRefs() *graphRefs { return &graphRefs{byKey: map[string]*graphRef{}} }

// use records r (once) and returns the expression that reads its column.
func (rs *graphRefs) use(r graphRef) ast.Expr {
	key := strconv.Itoa(int(r.kind)) + "\x00" + r.name + "\x00" + r.prop
	if old, ok := rs.byKey[key]; ok {
		return &ast.InputProperty{Prop: old.col}
	}
	r.col = "__ref" + strconv.Itoa(len(rs.list))
	p := &r
	rs.list = append(rs.list, p)
	rs.byKey[key] = p
	return &ast.InputProperty{Prop: r.col}
}

// has reports whether a reference of kind k was recorded.
func (rs *graphRefs) has(k ...refKind) bool {
	for _, r := range rs.list {
		for _, x := range k {
			if r.kind == x {
				return true
			}
		}
	}
	return false
}

// of returns the references of the kinds given, in order.
func (rs *graphRefs) of(k ...refKind) []*graphRef {
	var out []*graphRef
	for _, r := range rs.list {
		for _, x := range k {
			if r.kind == x {
				out = append(out, r)
			}
		}
	}
	return out
}

// shape returns the columns and kinds of a table holding every reference.
func (rs *graphRefs) cols() ([]string, []value.Kind) {
	names := make([]string, len(rs.list))
	kinds := make([]value.Kind, len(rs.list))
	for i, r := range rs.list {
		names[i], kinds[i] = r.col, r.valKind
	}
	return names, kinds
}

// tagPropRef checks tag.prop against the schema: an unknown tag is meta's
// TagNotFound, an unknown property NebulaGraph's "not found the property".
func (g *graphSpace) tagPropRef(e ast.Expr, tag, prop string) (value.Kind, error) {
	sc, err := g.tag(tag)
	if err != nil {
		return 0, err
	}
	return propRefKind(e, sc, prop, g)
}

// edgePropRef is tagPropRef for edge properties; the built-ins _src, _dst,
// _rank and _type exist on every edge type.
func (g *graphSpace) edgePropRef(e ast.Expr, edge, prop string) (value.Kind, error) {
	sc, err := g.edge(edge)
	if err != nil {
		return 0, err
	}
	return propRefKind(e, sc, prop, g)
}

func propRefKind(e ast.Expr, sc *meta.Schema, prop string, g *graphSpace) (value.Kind, error) {
	switch prop {
	case "_src", "_dst", "_vid":
		return g.vidKind, nil
	case "_rank", "_type":
		return value.KindInt, nil
	}
	c := columnOf(sc, prop)
	if c == nil {
		return 0, status.Semantic("`%s', not found the property `%s'.", ast.NebulaString(e), prop)
	}
	return propKind(c.Type), nil
}
