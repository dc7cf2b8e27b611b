package exec

import (
	"iter"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// vidSource is where a statement's start vertices come from: a list of
// constants, evaluated while planning, or a column of the piped input or
// of a variable, read when the node runs.
type vidSource struct {
	consts []value.Value
	// ref is $-.col or $var.col; table is the variable holding the rows
	// it reads (the input node's output, or the user variable).
	ref   ast.Expr
	col   string
	table string
	// fromPipe and fromVar tell the two ref forms apart; varName is the
	// user variable's name.
	fromPipe, fromVar bool
	varName           string
	// vidKind is the space's vid kind; ids of another kind read at run
	// time are skipped, as NebulaGraph skips them.
	vidKind value.Kind
}

// vidSource validates FROM (or the ids of FETCH) as NebulaGraph's
// validateStarts does and returns the source and the node a storage node
// reading it must depend on.
func (p *planner) vidSource(g *graphSpace, ids *ast.VertexIDs, in *shape) (*vidSource, *plan.Node, error) {
	return p.vidSourceWith(g, ids, in, func(ref ast.Expr, kind value.Kind) error {
		return status.Semantic("`%s', the srcs should be type of %s, but was`%s'", ast.NebulaString(ref), g.vidTypeName(), kind)
	})
}

// vidSourceWith is vidSource with the statement's wording of a reference
// of the wrong type.
func (p *planner) vidSourceWith(g *graphSpace, ids *ast.VertexIDs, in *shape, typeErr func(ref ast.Expr, kind value.Kind) error) (*vidSource, *plan.Node, error) {
	src := &vidSource{vidKind: g.vidKind}
	if ids.Ref == nil {
		for _, e := range ids.IDs {
			if !evaluable(e) {
				return nil, nil, status.Semantic("`%s' is not an evaluable expression.", ast.NebulaString(e))
			}
			v, err := p.x.evalConst(e)
			if err != nil {
				return nil, nil, err
			}
			if !g.validVid(v) {
				return nil, nil, status.Semantic("Vid should be a %s", g.vidTypeName())
			}
			src.consts = append(src.consts, v)
		}
		return src, p.start(), nil
	}
	var (
		cols []string
		kind value.Kind
		dep  *plan.Node
	)
	switch r := ids.Ref.(type) {
	case *ast.InputProperty:
		src.fromPipe, src.col = true, r.Prop
		if in == nil {
			return nil, nil, status.Semantic("`$-.%s', not exist prop `%s'", r.Prop, r.Prop)
		}
		if err := checkDuplicateCols(in.cols); err != nil {
			return nil, nil, err
		}
		cols, kind, dep, src.table = in.cols, kindMap(in)[r.Prop], in.node, in.node.OutputVar
	case *ast.VariableProperty:
		src.fromVar, src.col, src.varName = true, r.Prop, r.Var
		v, ok := p.vars[r.Var]
		if !ok {
			return nil, nil, status.Semantic("`$%s.%s', not exist variable `%s'", r.Var, r.Prop, r.Var)
		}
		cols, kind, dep, src.table = v.cols, kindMap(v)[r.Prop], p.start(), r.Var
	default:
		return nil, nil, status.Semantic("`%s', Only input and variable expression is acceptable when starts are evaluated at runtime.",
			ast.NebulaString(ids.Ref))
	}
	if !hasCol(cols, src.col) {
		return nil, nil, status.Semantic("`%s', not exist prop `%s'", ast.NebulaString(ids.Ref), src.col)
	}
	if kind != value.KindEmpty && kind != value.KindNull && kind != g.vidKind {
		return nil, nil, typeErr(ids.Ref, kind)
	}
	src.ref = ids.Ref
	return src, dep, nil
}

// vids returns the source's ids, in order, duplicates kept unless dedup.
func (e *executor) vids(src *vidSource, dedup bool) []value.Value {
	if src.ref == nil {
		if !dedup {
			return src.consts
		}
		return uniqueVids(slices.Values(src.consts))
	}
	t := newTable(e.table(src.table))
	i, ok := t.idx[src.col]
	if !ok {
		return nil
	}
	ids := func(yield func(value.Value) bool) {
		for _, r := range t.ds.Rows {
			if v := r.Values[i]; v.Kind() == src.vidKind && !yield(v) {
				return
			}
		}
	}
	if dedup {
		return uniqueVids(ids)
	}
	out := make([]value.Value, 0, len(t.ds.Rows))
	for v := range ids {
		out = append(out, v)
	}
	return out
}

// uniqueVids returns the distinct ids of seq in their first order. Its
// map and result grow with the distinct ids rather than being sized by
// the input: the destinations of a large step repeat (904,315 edges of a
// 3-hop reach 55,805 vertices), and sizing both by the edges allocated
// and cleared about 100 MB per such query.
func uniqueVids(seq iter.Seq[value.Value]) []value.Value {
	seen := newVidMap[struct{}](0)
	var uniq []value.Value
	for v := range seq {
		if seen.add(v, struct{}{}) {
			uniq = append(uniq, v)
		}
	}
	return uniq
}

// inputRows returns the rows a traversal from a ref source joins with: the
// source table and its column positions.
func (e *executor) inputRows(src *vidSource) *table {
	if src.ref == nil {
		return nil
	}
	return newTable(e.table(src.table))
}
