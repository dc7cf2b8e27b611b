package eval

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// HasAggregate reports whether e contains an aggregate function call.
func HasAggregate(e ast.Expr) bool {
	return ast.Any(e, func(x ast.Expr) bool {
		_, ok := x.(*ast.Aggregate)
		return ok
	})
}

// IsConstant reports whether e can be evaluated without a row: it reads no
// parameter, input or variable column, no vertex, edge or property, no
// name other than those its own comprehensions bind, and has no aggregate
// or pattern. Such an expression evaluates with a nil Context. Whether its
// functions are pure is not considered (rand() is constant here); see
// Fold for that.
func IsConstant(e ast.Expr) bool {
	return isConstant(e, nil)
}

func isConstant(e ast.Expr, bound []string) bool {
	switch e := e.(type) {
	case *ast.NullLiteral, *ast.BoolLiteral, *ast.IntLiteral, *ast.FloatLiteral, *ast.StringLiteral:
		return true
	case *ast.Label:
		for _, b := range bound {
			if b == e.Name {
				return true
			}
		}
		return false
	case *ast.LabelAttribute:
		return isConstant(&ast.Label{Name: e.Label}, bound)
	case *ast.ListComprehension:
		inner := append(bound[:len(bound):len(bound)], e.Var)
		return isConstant(e.Collection, bound) && optConstant(e.Filter, inner) && optConstant(e.Mapping, inner)
	case *ast.Predicate:
		inner := append(bound[:len(bound):len(bound)], e.Var)
		return isConstant(e.Collection, bound) && optConstant(e.Filter, inner)
	case *ast.Reduce:
		inner := append(bound[:len(bound):len(bound)], e.Acc, e.Var)
		return isConstant(e.Init, bound) && isConstant(e.Collection, bound) && isConstant(e.Mapping, inner)
	case *ast.Unary, *ast.Binary, *ast.Logical, *ast.TypeCast, *ast.FunctionCall, *ast.List, *ast.Set,
		*ast.Map, *ast.Case, *ast.Attribute, *ast.Subscript, *ast.SubscriptRange, *ast.LabelTagProperty:
		for _, c := range ast.Children(e) {
			if !isConstant(c, bound) {
				return false
			}
		}
		return true
	}
	return false
}

func optConstant(e ast.Expr, bound []string) bool { return e == nil || isConstant(e, bound) }

// Errors Fold reports, wrapped by its error (whose text is NebulaGraph's).
var (
	ErrDivByZero = errors.New("divide by zero")
	ErrOverflow  = errors.New("integer overflow")
	ErrTypeError = errors.New("type error")
)

// sentinelError carries NebulaGraph's exact message and matches a
// sentinel with errors.Is.
type sentinelError struct {
	msg      string
	sentinel error
}

func (e *sentinelError) Error() string { return e.msg }
func (e *sentinelError) Unwrap() error { return e.sentinel }

// Fold evaluates the constant parts of e the way NebulaGraph's validator
// does and returns the resulting tree, which shares unchanged sub-trees
// with e (e itself is not modified).
//
// What folds follows NebulaGraph: literals; operators, casts, subscripts
// and CASE whose operands fold; calls of pure functions on arguments that
// fold; the items of list, set and map literals (the literal itself stays
// a literal). Names, properties, parameters, variables, attributes and
// aggregates do not fold. A parameter folds to its value when ctx defines
// it (so errors name the value, as NebulaGraph's do: "Type error
// `(true+43)'" for $p+43). NB: NebulaGraph folds a unary operator applied
// directly to a literal only if it is + or -, so NOT true stays as is.
//
// A folded value replaces its sub-tree when it has a literal form (NULL,
// bool, int, float, string); other values (lists from range(), dates, ...)
// leave the sub-tree in place, to be evaluated again at run time with the
// same result.
//
// The errors are NebulaGraph's: "Divide by 0" (ErrDivByZero), "result of
// <expr> cannot be represented as an integer" (ErrOverflow) and "Type
// error `<expr>'" (ErrTypeError), naming the innermost failing
// sub-expression as NebulaGraph prints it; and any error Eval returns.
//
// ctx supplies the parameters and the function environment; a nil ctx
// has neither. Nothing else is read from it.
func Fold(e ast.Expr, ctx Context) (ast.Expr, error) {
	if ctx == nil {
		ctx = Base{}
	}
	f := folder{ctx: ctx}
	out, foldable, err := f.visit(e)
	if err != nil {
		return nil, err
	}
	if foldable {
		return f.fold(out)
	}
	return out, nil
}

type folder struct {
	ctx   Context
	depth int
}

func isLiteral(e ast.Expr) bool {
	switch e.(type) {
	case *ast.NullLiteral, *ast.BoolLiteral, *ast.IntLiteral, *ast.FloatLiteral, *ast.StringLiteral:
		return true
	}
	return false
}

// sub folds one operand: a literal stays, anything else is visited and
// replaced by its folded form when it folds. It reports whether the
// operand folds.
func (f *folder) sub(x ast.Expr) (ast.Expr, bool, error) {
	if x == nil {
		return nil, true, nil
	}
	if isLiteral(x) {
		return x, true, nil
	}
	out, ok, err := f.visit(x)
	if err != nil || !ok {
		return out, ok, err
	}
	folded, err := f.fold(out)
	return folded, true, err
}

// subs folds a list of operands, copying the slice only if one changes.
func (f *folder) subs(xs []ast.Expr) ([]ast.Expr, bool, error) {
	out, all := xs, true
	for i, x := range xs {
		y, ok, err := f.sub(x)
		if err != nil {
			return nil, false, err
		}
		all = all && ok
		if y != x {
			if &out[0] == &xs[0] {
				out = append([]ast.Expr(nil), xs...)
			}
			out[i] = y
		}
	}
	return out, all, nil
}

// visit returns e with its foldable operands folded, and whether e as a
// whole may be folded.
func (f *folder) visit(e ast.Expr) (ast.Expr, bool, error) {
	f.depth++
	defer func() { f.depth-- }()
	if f.depth > MaxDepth {
		return nil, false, ErrTooDeep
	}
	switch e := e.(type) {
	case *ast.NullLiteral, *ast.BoolLiteral, *ast.IntLiteral, *ast.FloatLiteral, *ast.StringLiteral:
		return e, true, nil
	case *ast.Parameter:
		v, ok := f.ctx.Param(e.Name)
		if !ok {
			return e, false, nil
		}
		if lit, ok := Literal(v); ok {
			return lit, true, nil
		}
		return e, true, nil
	case *ast.Unary:
		if isLiteral(e.Operand) {
			return e, e.Op == ast.OpNegate || e.Op == ast.OpPlus, nil
		}
		x, ok, err := f.sub(e.Operand)
		if err != nil {
			return nil, false, err
		}
		return &ast.Unary{Op: e.Op, Operand: x}, ok, nil
	case *ast.TypeCast:
		x, ok, err := f.sub(e.Operand)
		if err != nil {
			return nil, false, err
		}
		return &ast.TypeCast{Type: e.Type, Operand: x}, ok, nil
	case *ast.Binary:
		l, lok, err := f.sub(e.Left)
		if err != nil {
			return nil, false, err
		}
		r, rok, err := f.sub(e.Right)
		if err != nil {
			return nil, false, err
		}
		return &ast.Binary{Op: e.Op, Left: l, Right: r}, lok && rok, nil
	case *ast.Subscript:
		l, lok, err := f.sub(e.Left)
		if err != nil {
			return nil, false, err
		}
		r, rok, err := f.sub(e.Index)
		if err != nil {
			return nil, false, err
		}
		return &ast.Subscript{Left: l, Index: r}, lok && rok, nil
	case *ast.SubscriptRange:
		xs, ok, err := f.subs([]ast.Expr{e.Left, e.Lo, e.Hi})
		if err != nil {
			return nil, false, err
		}
		return &ast.SubscriptRange{Left: xs[0], Lo: xs[1], Hi: xs[2]}, ok, nil
	case *ast.Logical:
		xs, ok, err := f.subs(e.Operands)
		if err != nil {
			return nil, false, err
		}
		return &ast.Logical{Op: e.Op, Operands: xs}, ok, nil
	case *ast.FunctionCall:
		xs, ok, err := f.subs(e.Args)
		if err != nil {
			return nil, false, err
		}
		fn, lookErr := function.Lookup(e.Name, len(e.Args))
		ok = ok && lookErr == nil && fn.Pure(len(e.Args))
		return &ast.FunctionCall{Name: e.Name, Args: xs}, ok, nil
	case *ast.Aggregate:
		x, _, err := f.sub(e.Arg)
		if err != nil {
			return nil, false, err
		}
		return &ast.Aggregate{Name: e.Name, Arg: x, Distinct: e.Distinct}, false, nil
	case *ast.List:
		xs, ok, err := f.subs(e.Items)
		if err != nil {
			return nil, false, err
		}
		return &ast.List{Items: xs}, ok, nil
	case *ast.Set:
		xs, ok, err := f.subs(e.Items)
		if err != nil {
			return nil, false, err
		}
		return &ast.Set{Items: xs}, ok, nil
	case *ast.Map:
		items := make([]ast.MapItem, len(e.Items))
		all := true
		for i, it := range e.Items {
			x, ok, err := f.sub(it.Value)
			if err != nil {
				return nil, false, err
			}
			items[i] = ast.MapItem{Key: it.Key, Value: x}
			all = all && ok
		}
		return &ast.Map{Items: items}, all, nil
	case *ast.Case:
		out := &ast.Case{Generic: e.Generic, Arms: make([]ast.WhenThen, len(e.Arms))}
		all := true
		var ok bool
		var err error
		if out.Condition, ok, err = f.sub(e.Condition); err != nil {
			return nil, false, err
		}
		all = all && ok
		if out.Default, ok, err = f.sub(e.Default); err != nil {
			return nil, false, err
		}
		all = all && ok
		for i, arm := range e.Arms {
			xs, ok, err := f.subs([]ast.Expr{arm.When, arm.Then})
			if err != nil {
				return nil, false, err
			}
			out.Arms[i] = ast.WhenThen{When: xs[0], Then: xs[1]}
			all = all && ok
		}
		return out, all, nil
	case *ast.ListComprehension:
		xs, ok, err := f.subs([]ast.Expr{e.Collection, e.Filter, e.Mapping})
		if err != nil {
			return nil, false, err
		}
		return &ast.ListComprehension{Var: e.Var, Collection: xs[0], Filter: xs[1], Mapping: xs[2]}, ok, nil
	case *ast.Predicate:
		xs, ok, err := f.subs([]ast.Expr{e.Collection, e.Filter})
		if err != nil {
			return nil, false, err
		}
		return &ast.Predicate{Name: e.Name, Var: e.Var, Collection: xs[0], Filter: xs[1]}, ok, nil
	case *ast.Reduce:
		xs, ok, err := f.subs([]ast.Expr{e.Init, e.Collection, e.Mapping})
		if err != nil {
			return nil, false, err
		}
		return &ast.Reduce{Acc: e.Acc, Init: xs[0], Var: e.Var, Collection: xs[1], Mapping: xs[2]}, ok, nil
	}
	// Names, properties, variables, attributes, vertex and edge
	// references, patterns: never folded, nor their operands.
	return e, false, nil
}

// fold evaluates a foldable expression and returns its literal, or e
// itself when the value has no literal form. Container literals are never
// replaced.
func (f *folder) fold(e ast.Expr) (ast.Expr, error) {
	switch e.(type) {
	case *ast.List, *ast.Set, *ast.Map:
		return e, nil
	}
	if isLiteral(e) {
		return e, nil
	}
	v, err := Eval(e, f.ctx)
	if err != nil {
		return nil, err
	}
	if v.IsNull() {
		switch v.NullKind() {
		case value.NullDivByZero:
			return nil, &sentinelError{"Divide by 0", ErrDivByZero}
		case value.NullOverflow:
			return nil, &sentinelError{fmt.Sprintf("result of %s cannot be represented as an integer", ast.NebulaString(e)), ErrOverflow}
		case value.NullBadType:
			return nil, &sentinelError{fmt.Sprintf("Type error `%s'", ast.NebulaString(e)), ErrTypeError}
		}
	}
	if lit, ok := Literal(v); ok {
		return lit, nil
	}
	return e, nil
}

// Literal returns the literal node of v, for the values that have one:
// plain NULL, bools, ints, finite floats and strings. Negative numbers
// become negative literals, which the parser never produces but which
// print as NebulaGraph prints a folded constant ("-5", not "-(5)").
func Literal(v value.Value) (ast.Expr, bool) {
	switch v.Kind() {
	case value.KindNull:
		if v.IsBadNull() {
			return nil, false
		}
		return &ast.NullLiteral{}, true
	case value.KindBool:
		return &ast.BoolLiteral{Value: v.Bool()}, true
	case value.KindInt:
		return &ast.IntLiteral{Value: v.Int()}, true
	case value.KindFloat:
		if x := v.Float(); !math.IsNaN(x) && !math.IsInf(x, 0) {
			return &ast.FloatLiteral{Value: x}, true
		}
	case value.KindString:
		return &ast.StringLiteral{Value: v.Str()}, true
	}
	return nil, false
}

// Expr returns an expression that evaluates to v: a literal, or a list,
// set or map expression of such (keys sorted); ok is false for values
// with no such form (vertices, dates, ...). It lets graphd hand storage an
// expression in which query parameters are already values.
func Expr(v value.Value) (ast.Expr, bool) {
	if lit, ok := Literal(v); ok {
		return lit, true
	}
	items := func(vs []value.Value) ([]ast.Expr, bool) {
		out := make([]ast.Expr, len(vs))
		for i, x := range vs {
			e, ok := Expr(x)
			if !ok {
				return nil, false
			}
			out[i] = e
		}
		return out, true
	}
	switch v.Kind() {
	case value.KindList:
		l, ok := items(v.List())
		return &ast.List{Items: l}, ok
	case value.KindSet:
		l, ok := items(v.Set())
		return &ast.Set{Items: l}, ok
	case value.KindMap:
		m := v.Map()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := &ast.Map{Items: make([]ast.MapItem, len(keys))}
		for i, k := range keys {
			e, ok := Expr(m[k])
			if !ok {
				return nil, false
			}
			out.Items[i] = ast.MapItem{Key: k, Value: e}
		}
		return out, true
	}
	return nil, false
}
