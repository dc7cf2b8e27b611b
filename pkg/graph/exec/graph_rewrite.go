package exec

import (
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// rewriteExpr returns e with each sub-expression x for which fn(x) returns
// (r, true) replaced by r (whose own sub-expressions are not visited).
// Nodes above a replacement are copied; everything else is shared with e,
// which is not modified.
func rewriteExpr(e ast.Expr, fn func(ast.Expr) (ast.Expr, bool)) ast.Expr {
	if e == nil {
		return nil
	}
	if r, ok := fn(e); ok {
		return r
	}
	sub := func(x ast.Expr) ast.Expr { return rewriteExpr(x, fn) }
	subs := func(xs []ast.Expr) []ast.Expr {
		var out []ast.Expr
		for i, x := range xs {
			r := sub(x)
			if r != x && out == nil {
				out = append(make([]ast.Expr, 0, len(xs)), xs[:i]...)
			}
			if out != nil {
				out = append(out, r)
			}
		}
		if out == nil {
			return xs
		}
		return out
	}
	switch n := e.(type) {
	case *ast.LabelTagProperty:
		if l := sub(n.Label); l != n.Label {
			c := *n
			c.Label = l
			return &c
		}
	case *ast.Attribute:
		if l := sub(n.Left); l != n.Left {
			c := *n
			c.Left = l
			return &c
		}
	case *ast.Subscript:
		l, i := sub(n.Left), sub(n.Index)
		if l != n.Left || i != n.Index {
			return &ast.Subscript{Left: l, Index: i}
		}
	case *ast.SubscriptRange:
		l, lo, hi := sub(n.Left), sub(n.Lo), sub(n.Hi)
		if l != n.Left || lo != n.Lo || hi != n.Hi {
			return &ast.SubscriptRange{Left: l, Lo: lo, Hi: hi}
		}
	case *ast.Unary:
		if o := sub(n.Operand); o != n.Operand {
			return &ast.Unary{Op: n.Op, Operand: o}
		}
	case *ast.Binary:
		l, r := sub(n.Left), sub(n.Right)
		if l != n.Left || r != n.Right {
			return &ast.Binary{Op: n.Op, Left: l, Right: r}
		}
	case *ast.Logical:
		if ops := subs(n.Operands); &ops[0] != &n.Operands[0] {
			return &ast.Logical{Op: n.Op, Operands: ops}
		}
	case *ast.TypeCast:
		if o := sub(n.Operand); o != n.Operand {
			return &ast.TypeCast{Type: n.Type, Operand: o}
		}
	case *ast.FunctionCall:
		if len(n.Args) > 0 {
			if args := subs(n.Args); &args[0] != &n.Args[0] {
				return &ast.FunctionCall{Name: n.Name, Args: args}
			}
		}
	case *ast.Aggregate:
		if a := sub(n.Arg); a != n.Arg {
			c := *n
			c.Arg = a
			return &c
		}
	case *ast.List:
		if len(n.Items) > 0 {
			if items := subs(n.Items); &items[0] != &n.Items[0] {
				return &ast.List{Items: items}
			}
		}
	case *ast.Set:
		if len(n.Items) > 0 {
			if items := subs(n.Items); &items[0] != &n.Items[0] {
				return &ast.Set{Items: items}
			}
		}
	case *ast.Map:
		var items []ast.MapItem
		for i, it := range n.Items {
			v := sub(it.Value)
			if v != it.Value && items == nil {
				items = append(make([]ast.MapItem, 0, len(n.Items)), n.Items[:i]...)
			}
			if items != nil {
				items = append(items, ast.MapItem{Key: it.Key, Value: v})
			}
		}
		if items != nil {
			return &ast.Map{Items: items}
		}
	case *ast.Case:
		c := &ast.Case{Generic: n.Generic, Condition: sub(n.Condition), Default: sub(n.Default)}
		changed := c.Condition != n.Condition || c.Default != n.Default
		for _, a := range n.Arms {
			w, t := sub(a.When), sub(a.Then)
			changed = changed || w != a.When || t != a.Then
			c.Arms = append(c.Arms, ast.WhenThen{When: w, Then: t})
		}
		if changed {
			return c
		}
	case *ast.Predicate:
		coll, f := sub(n.Collection), sub(n.Filter)
		if coll != n.Collection || f != n.Filter {
			c := *n
			c.Collection, c.Filter = coll, f
			return &c
		}
	case *ast.ListComprehension:
		coll, f, m := sub(n.Collection), sub(n.Filter), sub(n.Mapping)
		if coll != n.Collection || f != n.Filter || m != n.Mapping {
			c := *n
			c.Collection, c.Filter, c.Mapping = coll, f, m
			return &c
		}
	case *ast.Reduce:
		init, coll, m := sub(n.Init), sub(n.Collection), sub(n.Mapping)
		if init != n.Init || coll != n.Collection || m != n.Mapping {
			c := *n
			c.Init, c.Collection, c.Mapping = init, coll, m
			return &c
		}
	}
	return e
}

// evaluable reports whether e can be evaluated before anything runs, as
// NebulaGraph's isEvaluableExpr: it reads nothing but constants, the
// request's parameters and functions.
func evaluable(e ast.Expr) bool {
	noParams := rewriteExpr(e, func(x ast.Expr) (ast.Expr, bool) {
		if _, ok := x.(*ast.Parameter); ok {
			return &ast.NullLiteral{}, true
		}
		return nil, false
	})
	return eval.IsConstant(noParams)
}

// evalConst evaluates an evaluable expression with the request's
// parameters and clock.
func (x *run) evalConst(e ast.Expr) (value.Value, error) {
	return evalIn(e, &rowCtx{x: x})
}

// badValue reports a value NebulaGraph refuses to store or look up: a
// NULL that records a failure (BAD_TYPE, OUT_OF_RANGE, ...) rather than
// the plain NULL.
func badValue(v value.Value) bool { return v.Kind() == value.KindNull && v.IsBadNull() }

// constValues evaluates the values of an INSERT row (SchemaUtil::toValueVec).
func (x *run) constValues(es []ast.Expr) ([]value.Value, error) {
	out := make([]value.Value, len(es))
	for i, e := range es {
		v, err := x.evalConst(e)
		if err != nil {
			return nil, err
		}
		if badValue(v) {
			return nil, status.Execution("Wrong value type: %s", ast.NebulaString(e))
		}
		out[i] = v
	}
	return out, nil
}
