package exec

import (
	"errors"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// table is a DataSet with its column positions looked up once.
type table struct {
	ds  *value.DataSet
	idx map[string]int
}

func newTable(ds *value.DataSet) *table {
	t := &table{ds: ds, idx: make(map[string]int, len(ds.ColNames))}
	for i, c := range ds.ColNames {
		// NebulaGraph resolves a duplicated name to its last column.
		t.idx[c] = i
	}
	return t
}

func (t *table) has(col string) bool {
	_, ok := t.idx[col]
	return ok
}

// rowCtx is the eval.Context of one row: the current row of the piped-in
// table ($-) or of one variable ($var), the request's parameters, and —
// inside an aggregation — the aggregates computed for the row's group.
type rowCtx struct {
	eval.Base
	x *run

	input *table
	inRow []value.Value

	// varName limits $var.col to one variable; "" resolves any variable's
	// columns from the current row, as NebulaGraph does for the variable a
	// clause iterates (the planner has checked there is only one).
	varName string
	vars    *table
	varRow  []value.Value

	aggs map[*ast.Aggregate]value.Value
}

func (c *rowCtx) Param(name string) (value.Value, bool) {
	v, ok := c.x.params[name]
	return v, ok
}

func (c *rowCtx) InputProp(col string) (value.Value, error) {
	if c.input != nil {
		if i, ok := c.input.idx[col]; ok && c.inRow != nil {
			return c.inRow[i], nil
		}
	}
	return c.Base.InputProp(col)
}

func (c *rowCtx) VarProp(name, col string) (value.Value, error) {
	if c.vars != nil && (c.varName == "" || name == c.varName) {
		if i, ok := c.vars.idx[col]; ok && c.varRow != nil {
			return c.varRow[i], nil
		}
		return value.Value{}, eval.Unbound("`$%s.%s', not exist prop `%s'", name, col, col)
	}
	return c.Base.VarProp(name, col)
}

func (c *rowCtx) Aggregate(a *ast.Aggregate) (value.Value, error) {
	if v, ok := c.aggs[a]; ok {
		return v, nil
	}
	return c.Base.Aggregate(a)
}

func (c *rowCtx) Env() *function.Env { return c.x.env }

// evalIn evaluates e in c, turning an unresolvable reference into the
// SemanticError NebulaGraph's validator would have raised and any other
// failure into an execution error.
func evalIn(e ast.Expr, c eval.Context) (value.Value, error) {
	v, err := eval.Eval(e, c)
	if err == nil {
		return v, nil
	}
	if errors.Is(err, eval.ErrUnbound) {
		return value.Value{}, status.Semantic("%s", err.Error())
	}
	var se *status.Error
	if errors.As(err, &se) {
		return value.Value{}, err
	}
	return value.Value{}, status.Execution("%s", err.Error())
}

// fold evaluates e's constant parts once, before any row, raising the
// errors NebulaGraph's validator raises for them (division by zero, integer
// overflow, type errors) as SemanticErrors.
func (x *run) fold(e ast.Expr) (ast.Expr, error) {
	if e == nil {
		return nil, nil
	}
	out, err := eval.Fold(e, &rowCtx{x: x})
	if err != nil {
		if errors.Is(err, eval.ErrUnbound) {
			return nil, status.Semantic("%s", err.Error())
		}
		var se *status.Error
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, status.Semantic("%s", err.Error())
	}
	return out, nil
}

// passes reports whether the row of c passes where; a nil where keeps
// every row.
func passes(where ast.Expr, c eval.Context) (bool, error) {
	if where == nil {
		return true, nil
	}
	v, err := evalIn(where, c)
	return isTrue(v), err
}

// evalColumns evaluates cols in c into a new row.
func evalColumns(cols []column, c eval.Context) (value.Row, error) {
	row := make([]value.Value, len(cols))
	for j, col := range cols {
		v, err := evalIn(col.expr, c)
		if err != nil {
			return value.Row{}, err
		}
		row[j] = v
	}
	return value.Row{Values: row}, nil
}

// isTrue reports whether a filter's value keeps a row: only true does;
// false, NULL and EMPTY drop it.
func isTrue(v value.Value) bool { return v.Kind() == value.KindBool && v.Bool() }
