package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// group is the state of one group of an aggregation: the first row that
// fell into it (for the non-aggregate parts of the output) and one
// accumulator per aggregate call.
type group struct {
	first int
	accs  []function.Aggregator
}

// aggregate groups the rows of src that pass where by keys and evaluates
// cols once per group, each aggregate call in them answered from the
// group's accumulator. With no keys, an empty input still makes one group,
// so count(*) over nothing is 0.
func (x *run) aggregate(src *table, varName string, keys []ast.Expr, cols []column, where ast.Expr) (*value.DataSet, error) {
	var calls []*ast.Aggregate
	for _, c := range cols {
		var err error
		ast.Walk(c.expr, func(e ast.Expr) bool {
			a, ok := e.(*ast.Aggregate)
			if !ok || err != nil {
				return err == nil
			}
			if eval.HasAggregate(a.Arg) {
				err = status.Semantic("Aggregate function nesting is not allowed: `%s'", ast.NebulaString(a))
				return false
			}
			if _, aerr := function.NewAggregator(a.Name, a.Distinct); aerr != nil {
				err = status.Semantic("%s", aerr.Error())
				return false
			}
			calls = append(calls, a)
			return false
		})
		if err != nil {
			return nil, err
		}
	}
	newGroup := func(first int) *group {
		g := &group{first: first, accs: make([]function.Aggregator, len(calls))}
		for i, a := range calls {
			g.accs[i], _ = function.NewAggregator(a.Name, a.Distinct) // validated above
		}
		return g
	}

	set := newRowSet(16)
	var groups []*group
	for i := range src.ds.Rows {
		c := x.rowCtxAt(src, varName, i)
		ok, err := passes(where, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		key := make([]value.Value, len(keys))
		for j, k := range keys {
			v, err := evalIn(k, c)
			if err != nil {
				return nil, err
			}
			key[j] = v
		}
		idx, added := set.add(key)
		if added {
			groups = append(groups, newGroup(i))
		}
		g := groups[idx]
		for j, a := range calls {
			if a.IsCountStar() {
				g.accs[j].Add(value.NewInt(1))
				continue
			}
			v, err := evalIn(a.Arg, c)
			if err != nil {
				return nil, err
			}
			g.accs[j].Add(v)
		}
	}
	if len(groups) == 0 && len(keys) == 0 {
		groups = append(groups, newGroup(-1))
	}

	out := &value.DataSet{ColNames: columnNames(cols), Rows: make([]value.Row, 0, len(groups))}
	for _, g := range groups {
		c := &rowCtx{x: x}
		if g.first >= 0 {
			c = x.rowCtxAt(src, varName, g.first)
		}
		c.aggs = make(map[*ast.Aggregate]value.Value, len(calls))
		for j, a := range calls {
			c.aggs[a] = g.accs[j].Result()
		}
		row, err := evalColumns(cols, c)
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// groupBy runs GROUP BY keys YIELD columns on the piped-in table.
func (x *run) groupBy(ctx context.Context, s *ast.GroupBy, input *value.DataSet) (*value.DataSet, error) {
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
	if !r.usesInput() && len(r.vars) == 0 {
		return nil, status.Semantic("Only support input and variable in GroupBy sentence.")
	}
	src, varName, err := x.source(ctx, r, input)
	if err != nil {
		return nil, err
	}
	cols := expandColumns(s.Yield.Columns, src)
	kinds, err := x.checkTypes(input, cols, nil)
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		if ast.Any(c.expr, isAggregate) || eval.IsConstant(c.expr) {
			continue
		}
		if !keyText[ast.NebulaString(c.expr)] {
			return nil, status.Semantic("Yield non-agg expression `%s' must be functionally dependent on items in GROUP BY clause",
				ast.NebulaString(c.expr))
		}
	}
	keys := make([]ast.Expr, len(s.Keys))
	for i, k := range s.Keys {
		keys[i] = k.Expr
	}
	out, err := x.aggregate(src, varName, keys, cols, nil)
	if err != nil {
		return nil, err
	}
	if s.Yield.Distinct {
		out = distinct(out)
	}
	x.colKinds[out] = kinds
	return out, nil
}
