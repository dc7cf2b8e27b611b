package eval

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Builders for hand-made trees (the parser is another package's work).

func in_(n int64) ast.Expr {
	if n < 0 && n != math.MinInt64 {
		return neg(&ast.IntLiteral{Value: -n})
	}
	return &ast.IntLiteral{Value: n}
}
func fl(x float64) ast.Expr {
	if x < 0 {
		return neg(&ast.FloatLiteral{Value: -x})
	}
	return &ast.FloatLiteral{Value: x}
}
func str(s string) ast.Expr   { return &ast.StringLiteral{Value: s} }
func boo(b bool) ast.Expr     { return &ast.BoolLiteral{Value: b} }
func nul() ast.Expr           { return &ast.NullLiteral{} }
func lbl(n string) ast.Expr   { return &ast.Label{Name: n} }
func neg(x ast.Expr) ast.Expr { return &ast.Unary{Op: ast.OpNegate, Operand: x} }
func not(x ast.Expr) ast.Expr { return &ast.Unary{Op: ast.OpNot, Operand: x} }
func un(op ast.UnaryOp, x ast.Expr) ast.Expr {
	return &ast.Unary{Op: op, Operand: x}
}
func bin(op ast.BinaryOp, l, r ast.Expr) ast.Expr { return &ast.Binary{Op: op, Left: l, Right: r} }
func add(l, r ast.Expr) ast.Expr                  { return bin(ast.OpAdd, l, r) }
func and(xs ...ast.Expr) ast.Expr                 { return &ast.Logical{Op: ast.OpAnd, Operands: xs} }
func or(xs ...ast.Expr) ast.Expr                  { return &ast.Logical{Op: ast.OpOr, Operands: xs} }
func xor(xs ...ast.Expr) ast.Expr                 { return &ast.Logical{Op: ast.OpXor, Operands: xs} }
func list(xs ...ast.Expr) ast.Expr                { return &ast.List{Items: xs} }
func set(xs ...ast.Expr) ast.Expr                 { return &ast.Set{Items: xs} }
func call(name string, xs ...ast.Expr) ast.Expr   { return &ast.FunctionCall{Name: name, Args: xs} }
func attr(x ast.Expr, name string) ast.Expr       { return &ast.Attribute{Left: x, Name: name} }
func sub(x, i ast.Expr) ast.Expr                  { return &ast.Subscript{Left: x, Index: i} }
func mapOf(kv ...any) ast.Expr {
	m := &ast.Map{}
	for j := 0; j < len(kv); j += 2 {
		m.Items = append(m.Items, ast.MapItem{Key: kv[j].(string), Value: kv[j+1].(ast.Expr)})
	}
	return m
}

// Values.

func i(n int64) value.Value   { return value.NewInt(n) }
func f(x float64) value.Value { return value.NewFloat(x) }
func s(x string) value.Value  { return value.NewString(x) }
func b(x bool) value.Value    { return value.NewBool(x) }
func l(vs ...value.Value) value.Value {
	if vs == nil {
		vs = []value.Value{}
	}
	return value.NewList(vs)
}
func m(kv ...any) value.Value {
	out := map[string]value.Value{}
	for j := 0; j < len(kv); j += 2 {
		out[kv[j].(string)] = kv[j+1].(value.Value)
	}
	return value.NewMap(out)
}

var (
	null        = value.Null
	empty       = value.Empty
	nBadType    = value.NewNull(value.NullBadType)
	nOverflow   = value.NewNull(value.NullOverflow)
	nDivByZero  = value.NewNull(value.NullDivByZero)
	nOutOfRange = value.NewNull(value.NullOutOfRange)
	nUnknown    = value.NewNull(value.NullUnknownProp)
)

// same compares results: kinds must match, floats within a relative 1e-12,
// lists element-wise, sets ignoring order (value.Identical).
func same(a, b value.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case value.KindFloat:
		x, y := a.Float(), b.Float()
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.IsNaN(x) && math.IsNaN(y)
		}
		return x == y || math.Abs(x-y) <= 1e-12*math.Max(math.Abs(x), math.Abs(y))
	case value.KindList:
		return slices.EqualFunc(a.List(), b.List(), same)
	}
	return value.Identical(a, b)
}

func show(v value.Value) string {
	if v.Kind() == value.KindNull {
		return v.NullKind().String()
	}
	if v.Kind() == value.KindFloat {
		return fmt.Sprintf("%v(float)", v.Float())
	}
	return v.String()
}

type evalCase struct {
	e    ast.Expr
	want value.Value
}

func runEval(t *testing.T, ctx Context, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		got, err := Eval(c.e, ctx)
		if err != nil {
			t.Errorf("Eval(%s): %v", ast.NebulaString(c.e), err)
			continue
		}
		if !same(got, c.want) {
			t.Errorf("Eval(%s) = %s, want %s", ast.NebulaString(c.e), show(got), show(c.want))
		}
	}
}

// joinShow prints several values for messages.
func joinShow(vs []value.Value) string {
	parts := make([]string, len(vs))
	for j, v := range vs {
		parts[j] = show(v)
	}
	return strings.Join(parts, ", ")
}
