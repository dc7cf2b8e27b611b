package exec

import (
	"context"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// yield plans YIELD (and RETURN without reading clauses): Filter on WHERE,
// then Project — or Aggregate, grouping by the columns without aggregates,
// when any column aggregates — then Dedup for DISTINCT.
func (p *planner) yield(ctx context.Context, s *ast.Yield, in *shape) (*shape, error) {
	exprs := make([]ast.Expr, 0, len(s.Columns)+1)
	for _, c := range s.Columns {
		exprs = append(exprs, c.Expr)
	}
	exprs = append(exprs, s.Where)
	r := collectRefs(exprs...)
	if r.aggs && r.usesInput() && len(r.vars) > 0 {
		// An aggregating YIELD is validated as a GROUP BY.
		return nil, status.Semantic("Not support both input and variable in GroupBy sentence.")
	}
	dep, src, err := p.source(ctx, r, in)
	if err != nil {
		return nil, err
	}
	cols := expandColumns(s.Columns, src.cols)
	where := s.Where
	kinds, err := p.checkColumns(src, cols, &where)
	if err != nil {
		return nil, err
	}
	inVar := src.node.OutputVar
	if where != nil {
		f := p.b.New(plan.Filter, dep)
		f.InputVar, f.Condition, f.ColNames = inVar, where, src.cols
		dep, inVar = f, f.OutputVar
	}
	var n *plan.Node
	if r.aggs {
		if err := checkAggregates(cols); err != nil {
			return nil, err
		}
		n = p.b.New(plan.Aggregate, dep)
		for _, c := range cols {
			if !ast.Any(c.expr, isAggregate) {
				n.GroupKeys = append(n.GroupKeys, c.expr)
			}
		}
	} else {
		n = p.b.New(plan.Project, dep)
	}
	n.InputVar, n.Columns, n.ColNames = inVar, planColumns(cols), columnNames(cols)
	out := &shape{node: n, cols: n.ColNames, kinds: kinds}
	if s.Distinct {
		out = p.dedup(out)
	}
	return out, nil
}

func (p *planner) dedup(in *shape) *shape {
	d := p.b.New(plan.Dedup, in.node)
	d.InputVar = in.node.OutputVar
	return p.passOn(d, in)
}

// groupBy plans GROUP BY keys YIELD columns on the piped-in table.
func (p *planner) groupBy(ctx context.Context, s *ast.GroupBy, in *shape) (*shape, error) {
	keyText := make(map[string]bool, len(s.Keys))
	exprs := make([]ast.Expr, 0, len(s.Keys)+len(s.Yield.Columns))
	for _, k := range s.Keys {
		if _, isLabel := k.Expr.(*ast.Label); isLabel || eval.HasAggregate(k.Expr) {
			return nil, status.Semantic("Group `%s' invalid", ast.NebulaString(k.Expr))
		}
		keyText[ast.NebulaString(k.Expr)] = true
		exprs = append(exprs, k.Expr)
	}
	for _, c := range s.Yield.Columns {
		exprs = append(exprs, c.Expr)
	}
	r := collectRefs(exprs...)
	if len(r.labels) > 0 {
		return nil, status.Semantic("Not supported expression `%s' for props deduction.", r.labels[0])
	}
	if (!r.usesInput() && len(r.vars) == 0) || len(r.graph) > 0 {
		return nil, status.Semantic("Only support input and variable in GroupBy sentence.")
	}
	if r.usesInput() && len(r.vars) > 0 {
		return nil, status.Semantic("Not support both input and variable in GroupBy sentence.")
	}
	dep, src, err := p.source(ctx, r, in)
	if err != nil {
		return nil, err
	}
	if err := noDuplicateProps(src.cols, r, "GroupBy"); err != nil {
		return nil, err
	}
	cols := expandColumns(s.Yield.Columns, src.cols)
	for _, c := range cols {
		if ast.Any(c.expr, isAggregate) || eval.IsConstant(c.expr) {
			continue
		}
		if !dependsOnKeys(c.expr, keyText) {
			return nil, status.Semantic("Yield non-agg expression `%s' must be functionally dependent on items in GROUP BY clause",
				ast.NebulaString(c.expr))
		}
	}
	if err := checkAggregates(cols); err != nil {
		return nil, err
	}
	kinds, err := p.checkColumns(src, cols, nil)
	if err != nil {
		return nil, err
	}
	n := p.b.New(plan.Aggregate, dep)
	n.InputVar, n.Columns, n.ColNames = src.node.OutputVar, planColumns(cols), columnNames(cols)
	for _, k := range s.Keys {
		n.GroupKeys = append(n.GroupKeys, k.Expr)
	}
	out := &shape{node: n, cols: n.ColNames, kinds: kinds}
	if s.Yield.Distinct {
		out = p.dedup(out)
	}
	return out, nil
}

// orderBy plans ORDER BY on the piped-in table; its keys must be input
// columns.
func (p *planner) orderBy(s *ast.OrderBy, in *shape) (*shape, error) {
	n := p.b.New(plan.Sort, inputNode(p, in))
	n.InputVar = inputVar(in)
	var cols []string
	if in != nil {
		cols = in.cols
	}
	for _, f := range s.Factors {
		switch e := f.Expr.(type) {
		case *ast.InputProperty:
			if !hasCol(cols, e.Prop) {
				return nil, status.Semantic("`$-.%s', not exist prop `%s'", e.Prop, e.Prop)
			}
			if err := noDuplicate(cols, e.Prop, "Sort"); err != nil {
				return nil, err
			}
		case *ast.VariableProperty:
			// ORDER BY $v.col sorts the variable's table, as a statement
			// of its own.
			v, ok := p.vars[e.Var]
			if !ok {
				return nil, status.Semantic("`$%s.%s', not exist variable `%s'", e.Var, e.Prop, e.Var)
			}
			if in != nil && in != v {
				return nil, status.Semantic("Not support both input and variable.")
			}
			if !hasCol(v.cols, e.Prop) {
				return nil, status.Semantic("`$%s.%s', not exist prop `%s'", e.Var, e.Prop, e.Prop)
			}
			if err := noDuplicate(v.cols, e.Prop, "Sort"); err != nil {
				return nil, err
			}
			if in == nil {
				// n already depends on the statement's start.
				in = v
				n.InputVar = v.node.OutputVar
			}
		default:
			return nil, status.Semantic("Order by with invalid expression `%s'", ast.NebulaString(f.Expr))
		}
		n.Factors = append(n.Factors, plan.SortFactor{Expr: f.Expr, Desc: f.Desc})
	}
	return p.passOn(n, in), nil
}

// noDuplicate refuses to read a column the input has twice, with
// NebulaGraph's checkPropNonexistOrDuplicate wording.
func noDuplicate(cols []string, prop, clause string) error {
	n := 0
	for _, c := range cols {
		if c == prop {
			n++
		}
	}
	if n > 1 {
		return status.Semantic("%s: duplicate prop `%s'", clause, prop)
	}
	return nil
}

// noDuplicateProps applies noDuplicate to every $- and $var column r reads.
func noDuplicateProps(cols []string, r *refs, clause string) error {
	props := r.input
	for _, vc := range r.vars {
		props = append(props, vc...)
	}
	for _, c := range props {
		if err := noDuplicate(cols, c, clause); err != nil {
			return err
		}
	}
	return nil
}

// dependsOnKeys reports whether e is computed from group keys alone: every
// $- or $var column it reads lies inside a subexpression that is one of
// the keys, so `(INT)($-.age+1)` depends on the key `$-.age+1`.
func dependsOnKeys(e ast.Expr, keys map[string]bool) bool {
	ok := true
	ast.Walk(e, func(x ast.Expr) bool {
		if !ok || keys[ast.NebulaString(x)] {
			return false
		}
		switch x.(type) {
		case *ast.InputProperty, *ast.VariableProperty:
			ok = false
		}
		return ok
	})
	return ok
}

// setOp plans UNION [ALL|DISTINCT], INTERSECT and MINUS; both sides read the
// same piped input and must have the same column names.
func (p *planner) setOp(ctx context.Context, s *ast.SetOp, _ *shape) (*shape, error) {
	// As NebulaGraph's SetValidator, the operands do not see a piped
	// input: in `A | (B UNION C)`, B and C have no $- columns.
	left, err := p.stmt(ctx, s.Left, nil)
	if err != nil {
		return nil, err
	}
	right, err := p.stmt(ctx, s.Right, nil)
	if err != nil {
		return nil, err
	}
	if len(left.cols) != len(right.cols) {
		return nil, status.Semantic("number of columns to UNION/INTERSECT/MINUS must be same")
	}
	if !slices.Equal(left.cols, right.cols) {
		return nil, status.Semantic("different column names to UNION/INTERSECT/MINUS are not supported")
	}
	kind := map[ast.SetOpKind]plan.Kind{ast.Union: plan.Union, ast.Intersect: plan.Intersect, ast.Minus: plan.Minus}[s.Op]
	n := p.b.New(kind, left.node, right.node)
	n.ColNames = left.cols
	out := &shape{node: n, cols: left.cols, kinds: left.kinds}
	if s.Op == ast.Union && s.Distinct {
		out = p.dedup(out)
	}
	return out, nil
}

func isAggregate(e ast.Expr) bool {
	_, ok := e.(*ast.Aggregate)
	return ok
}

// unwindStmt plans UNWIND expr AS alias as an nGQL statement (after a
// pipe): one row per element of the list the expression gives each input
// row, whose only column is the alias.
func (p *planner) unwindStmt(ctx context.Context, s *ast.Unwind, in *shape) (*shape, error) {
	if eval.HasAggregate(s.Expr) {
		return nil, status.Semantic("Can't use aggregating expressions in unwind clause, `%s'", ast.NebulaString(s.Expr))
	}
	dep, src, err := p.source(ctx, collectRefs(s.Expr), in)
	if err != nil {
		return nil, err
	}
	cols := []column{{expr: s.Expr, name: s.Alias}}
	if _, err := p.checkColumns(src, cols, nil); err != nil {
		return nil, err
	}
	n := p.b.New(plan.Unwind, dep)
	n.InputVar, n.ColNames = src.node.OutputVar, []string{s.Alias}
	n.Stmt = &unwindJob{Stmt: s, expr: cols[0].expr, alias: s.Alias, only: true}
	return &shape{node: n, cols: n.ColNames, kinds: make([]value.Kind, 1)}, nil
}
