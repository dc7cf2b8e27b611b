package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// yield runs YIELD (and a RETURN without reading clauses): it projects each
// row of its source that passes WHERE; with aggregates in its columns it
// groups by the columns that have none, as NebulaGraph does.
func (x *run) yield(ctx context.Context, s *ast.Yield, input *value.DataSet) (*value.DataSet, error) {
	exprs := make([]ast.Expr, 0, len(s.Columns)+1)
	for _, c := range s.Columns {
		exprs = append(exprs, c.Expr)
	}
	exprs = append(exprs, s.Where)
	r := collectRefs(exprs...)
	src, varName, err := x.source(ctx, r, input)
	if err != nil {
		return nil, err
	}
	cols := expandColumns(s.Columns, src)
	kinds, err := x.checkTypes(input, cols, s.Where)
	if err != nil {
		return nil, err
	}
	for i := range cols {
		if cols[i].expr, err = x.fold(cols[i].expr); err != nil {
			return nil, err
		}
	}
	where, err := x.fold(s.Where)
	if err != nil {
		return nil, err
	}

	var out *value.DataSet
	if r.aggs {
		var keys []ast.Expr
		for _, c := range cols {
			if !ast.Any(c.expr, isAggregate) {
				keys = append(keys, c.expr)
			}
		}
		out, err = x.aggregate(src, varName, keys, cols, where)
	} else {
		out, err = x.project(src, varName, cols, where)
	}
	if err != nil {
		return nil, err
	}
	if s.Distinct {
		out = distinct(out)
	}
	x.colKinds[out] = kinds
	return out, nil
}

// checkTypes deduces the kind of each column, failing on expressions whose
// operands can never fit (see typecheck.go); where is checked too.
func (x *run) checkTypes(input *value.DataSet, cols []column, where ast.Expr) ([]value.Kind, error) {
	t := x.typer(input)
	kinds := make([]value.Kind, len(cols))
	for i, c := range cols {
		k, err := t.deduce(c.expr)
		if err != nil {
			return nil, err
		}
		kinds[i] = k
	}
	if _, err := t.deduce(where); err != nil {
		return nil, err
	}
	return kinds, nil
}

// project evaluates cols over the rows of src that pass where.
func (x *run) project(src *table, varName string, cols []column, where ast.Expr) (*value.DataSet, error) {
	out := &value.DataSet{ColNames: columnNames(cols), Rows: make([]value.Row, 0, len(src.ds.Rows))}
	for i := range src.ds.Rows {
		c := x.rowCtxAt(src, varName, i)
		ok, err := passes(where, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		row, err := evalColumns(cols, c)
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func isAggregate(e ast.Expr) bool {
	_, ok := e.(*ast.Aggregate)
	return ok
}
