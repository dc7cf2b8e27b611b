package exec

import (
	"strings"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// refScope resolves the graph references of one read statement's clauses
// into ref columns (see graph_refs.go), checking names and properties
// against the schema as NebulaGraph's type deduction does.
type refScope struct {
	p    *planner
	g    *graphSpace
	refs *graphRefs
	// edgeLabels resolves name.prop to an edge property (GO, FETCH ON
	// edges, LOOKUP ON an edge type); otherwise to a tag property.
	edgeLabels bool
	// goFuncs rewrites id($$), id($^), rank(edge) and typeid(edge) to the
	// current edge's built-ins, as NebulaGraph's GO does.
	goFuncs bool
	// in is the piped input, for $-.col; nil when nothing is piped.
	in *shape
	// shownWhere, when set, is the WHERE as EXPLAIN prints it (the
	// resolved condition reads columns NebulaGraph does not name).
	shownWhere ast.Expr
}

func (p *planner) newRefScope(g *graphSpace, in *shape) *refScope {
	return &refScope{p: p, g: g, refs: newGraphRefs(), in: in}
}

// resolve returns e with its graph references replaced by reads of their
// columns.
func (sc *refScope) resolve(e ast.Expr) (ast.Expr, error) {
	if e == nil {
		return nil, nil
	}
	var err error
	out := rewriteExpr(e, func(x ast.Expr) (ast.Expr, bool) {
		if err != nil {
			return x, true
		}
		r, ok, lerr := sc.leaf(x)
		if lerr != nil {
			err = lerr
			return x, true
		}
		return r, ok
	})
	if err != nil {
		return nil, err
	}
	if r := collectRefs(out); len(r.labels) > 0 {
		return nil, status.Semantic("Invalid label identifiers: %s", r.labels[0])
	}
	return out, nil
}

// leaf resolves one node if it is a graph reference.
func (sc *refScope) leaf(x ast.Expr) (ast.Expr, bool, error) {
	g := sc.g
	switch n := x.(type) {
	case *ast.LabelAttribute:
		if sc.edgeLabels {
			return sc.leaf(&ast.EdgeProperty{Edge: n.Label, Prop: n.Attr})
		}
		return sc.leaf(&ast.TagProperty{Tag: n.Label, Prop: n.Attr})
	case *ast.EdgeProperty:
		k, err := g.edgePropRef(n, n.Edge, n.Prop)
		if err != nil {
			return nil, false, err
		}
		return sc.refs.use(graphRef{kind: refEdgeProp, name: n.Edge, prop: n.Prop, valKind: k}), true, nil
	case *ast.EdgeMeta:
		k, err := g.edgePropRef(n, n.Edge, n.Field.String())
		if err != nil {
			return nil, false, err
		}
		return sc.refs.use(graphRef{kind: refEdgeProp, name: n.Edge, prop: n.Field.String(), valKind: k}), true, nil
	case *ast.TagProperty:
		k, err := g.tagPropRef(n, n.Tag, n.Prop)
		if err != nil {
			return nil, false, err
		}
		return sc.refs.use(graphRef{kind: refTagProp, name: n.Tag, prop: n.Prop, valKind: k}), true, nil
	case *ast.SourceProperty:
		k, err := g.tagPropRef(n, n.Tag, n.Prop)
		if err != nil {
			return nil, false, err
		}
		return sc.refs.use(graphRef{kind: refSrcProp, name: n.Tag, prop: n.Prop, valKind: k}), true, nil
	case *ast.DestProperty:
		k, err := g.tagPropRef(n, n.Tag, n.Prop)
		if err != nil {
			return nil, false, err
		}
		return sc.refs.use(graphRef{kind: refDstProp, name: n.Tag, prop: n.Prop, valKind: k}), true, nil
	case *ast.VertexRef:
		kind := map[string]refKind{ast.VertexKeyword: refVertex, ast.VertexSrc: refSrcVertex, ast.VertexDst: refDstVertex}[n.Name]
		return sc.refs.use(graphRef{kind: kind, valKind: value.KindVertex}), true, nil
	case *ast.EdgeRef:
		return sc.refs.use(graphRef{kind: refEdge, valKind: value.KindEdge}), true, nil
	case *ast.InputProperty:
		var cols []string
		var kinds map[string]value.Kind
		if sc.in != nil {
			cols, kinds = sc.in.cols, kindMap(sc.in)
		}
		if !hasCol(cols, n.Prop) {
			return nil, false, status.Semantic("`$-.%s', not exist prop `%s'", n.Prop, n.Prop)
		}
		return sc.refs.use(graphRef{kind: refInput, prop: n.Prop, valKind: kinds[n.Prop]}), true, nil
	case *ast.VariableProperty:
		v, ok := sc.p.vars[n.Var]
		if !ok {
			return nil, false, status.Semantic("`$%s.%s', not exist variable `%s'", n.Var, n.Prop, n.Var)
		}
		if !hasCol(v.cols, n.Prop) {
			return nil, false, status.Semantic("`$%s.%s', not exist prop `%s'", n.Var, n.Prop, n.Prop)
		}
		return sc.refs.use(graphRef{kind: refVar, name: n.Var, prop: n.Prop, valKind: kindMap(v)[n.Prop]}), true, nil
	case *ast.FunctionCall:
		if !sc.goFuncs || len(n.Args) != 1 {
			return nil, false, nil
		}
		field := ""
		switch strings.ToLower(n.Name) + "(" + ast.NebulaString(n.Args[0]) + ")" {
		case "id($$)":
			field = "_dst"
		case "id($^)":
			field = "_src"
		case "rank(EDGE)":
			field = "_rank"
		case "typeid(EDGE)":
			field = "_type"
		default:
			return nil, false, nil
		}
		k := value.KindInt
		if field == "_src" || field == "_dst" {
			k = sc.g.vidKind
		}
		return sc.refs.use(graphRef{kind: refEdgeProp, name: "*", prop: field, valKind: k}), true, nil
	}
	return nil, false, nil
}

// columns resolves YIELD columns: names from the original expressions,
// expressions reading ref columns.
func (sc *refScope) columns(cols []*ast.YieldColumn) ([]column, error) {
	out := make([]column, 0, len(cols))
	for _, c := range cols {
		name := c.Alias
		if name == "" {
			name = ast.NebulaString(c.Expr)
		}
		e, err := sc.resolve(c.Expr)
		if err != nil {
			return nil, err
		}
		out = append(out, column{expr: e, name: name})
	}
	return out, nil
}

// checkDuplicateCols refuses a YIELD whose columns share a name where
// NebulaGraph's pipe does ("Duplicate Column Name : `id'").
func checkDuplicateCols(names []string) error {
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return status.Semantic("Duplicate Column Name : `%s'", n)
		}
		seen[n] = true
	}
	return nil
}

// yieldColumnText is a YIELD column as NebulaGraph's messages quote it.
func yieldColumnText(c *ast.YieldColumn) string {
	if c.Alias == "" {
		return ast.NebulaString(c.Expr)
	}
	return ast.NebulaString(c.Expr) + " AS " + c.Alias
}
