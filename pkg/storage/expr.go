package storage

import (
	"errors"
	"fmt"
	"slices"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/ngql/parser"
	"github.com/novagraph/novagraph/pkg/value"
)

// compileExpr parses a pushed-down expression and resolves its label
// attributes against the catalog: name.prop becomes an edge property when
// name is an edge type, a tag property when it is a tag (names bound by
// list comprehensions, predicates and reduce stay as they are). An empty
// text compiles to nil. Errors wrap base (ErrInvalidFilter or
// ErrInvalidUpdater).
func compileExpr(text []byte, cat *catalog, base error) (ast.Expr, error) {
	if len(text) == 0 {
		return nil, nil
	}
	e, err := parser.ParseExpr(string(text))
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", base, text, err)
	}
	return resolveLabels(e, cat, nil), nil
}

// resolveLabels rewrites e in place (its nodes are the caller's) and
// returns the new root.
func resolveLabels(e ast.Expr, cat *catalog, bound []string) ast.Expr {
	r := func(x ast.Expr) ast.Expr {
		if x == nil {
			return nil
		}
		return resolveLabels(x, cat, bound)
	}
	all := func(xs []ast.Expr) {
		for i, x := range xs {
			xs[i] = r(x)
		}
	}
	switch n := e.(type) {
	case *ast.LabelAttribute:
		if slices.Contains(bound, n.Label) {
			return n
		}
		if _, ok := cat.edgesByName[n.Label]; ok {
			return &ast.EdgeProperty{Edge: n.Label, Prop: n.Attr}
		}
		if _, ok := cat.tagsByName[n.Label]; ok {
			return &ast.TagProperty{Tag: n.Label, Prop: n.Attr}
		}
	case *ast.LabelTagProperty:
		n.Label = r(n.Label)
	case *ast.Attribute:
		n.Left = r(n.Left)
	case *ast.Subscript:
		n.Left, n.Index = r(n.Left), r(n.Index)
	case *ast.SubscriptRange:
		n.Left, n.Lo, n.Hi = r(n.Left), r(n.Lo), r(n.Hi)
	case *ast.Unary:
		n.Operand = r(n.Operand)
	case *ast.Binary:
		n.Left, n.Right = r(n.Left), r(n.Right)
	case *ast.Logical:
		all(n.Operands)
	case *ast.TypeCast:
		n.Operand = r(n.Operand)
	case *ast.FunctionCall:
		all(n.Args)
	case *ast.Aggregate:
		n.Arg = r(n.Arg)
	case *ast.List:
		all(n.Items)
	case *ast.Set:
		all(n.Items)
	case *ast.Map:
		for i := range n.Items {
			n.Items[i].Value = r(n.Items[i].Value)
		}
	case *ast.Case:
		n.Condition, n.Default = r(n.Condition), r(n.Default)
		for i := range n.Arms {
			n.Arms[i].When, n.Arms[i].Then = r(n.Arms[i].When), r(n.Arms[i].Then)
		}
	case *ast.Predicate:
		n.Collection = r(n.Collection)
		n.Filter = resolveBound(n.Filter, cat, bound, n.Var)
	case *ast.ListComprehension:
		n.Collection = r(n.Collection)
		n.Filter = resolveBound(n.Filter, cat, bound, n.Var)
		n.Mapping = resolveBound(n.Mapping, cat, bound, n.Var)
	case *ast.Reduce:
		n.Init, n.Collection = r(n.Init), r(n.Collection)
		n.Mapping = resolveBound(n.Mapping, cat, bound, n.Acc, n.Var)
	}
	return e
}

func resolveBound(e ast.Expr, cat *catalog, bound []string, names ...string) ast.Expr {
	if e == nil {
		return nil
	}
	return resolveLabels(e, cat, append(slices.Clip(bound), names...))
}

// isTrue is NebulaGraph's test of a filter result: only a true bool passes.
func isTrue(v value.Value) bool { return v.Kind() == value.KindBool && v.Bool() }

// evalFilter evaluates a compiled filter (nil passes everything); an
// evaluation that cannot complete is ErrInvalidFilter.
func evalFilter(e ast.Expr, ctx eval.Context) (bool, error) {
	if e == nil {
		return true, nil
	}
	v, err := eval.Eval(e, ctx)
	if err != nil {
		return false, fmt.Errorf("%w: %w", ErrInvalidFilter, err)
	}
	return isTrue(v), nil
}

// errUnknownProp is what a context answers for a property a row's schema
// does not have.
var errUnknownProp = errors.New("unknown property")
