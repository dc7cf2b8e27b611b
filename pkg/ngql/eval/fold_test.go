package eval

import (
	"errors"
	"math"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

func TestFoldErrors(t *testing.T) {
	params := &MapContext{Params: map[string]value.Value{"p2": b(true), "p6": m("a", i(3))}}
	cases := []struct {
		e   ast.Expr
		ctx Context
		msg string
		is  error
	}{
		{add(in_(math.MaxInt64), in_(1)), nil, "result of (9223372036854775807+1) cannot be represented as an integer", ErrOverflow},
		{bin(ast.OpMul, in_(math.MaxInt64), in_(2)), nil, "result of (9223372036854775807*2) cannot be represented as an integer", ErrOverflow},
		{neg(in_(math.MinInt64)), nil, "result of -(-9223372036854775808) cannot be represented as an integer", ErrOverflow},
		{bin(ast.OpDiv, in_(1), in_(0)), nil, "Divide by 0", ErrDivByZero},
		{bin(ast.OpMod, in_(2), in_(0)), nil, "Divide by 0", ErrDivByZero},
		{list(call("toBoolean", in_(1)), call("toBoolean", fl(3.14))), nil, "Type error `toBoolean(1)'", ErrTypeError},
		{list(call("toFloat", boo(true))), nil, "Type error `toFloat(true)'", ErrTypeError},
		{bin(ast.OpNotIn, str(""), str("")), nil, "Type error `(\"\" NOT IN \"\")'", ErrTypeError},
		{bin(ast.OpSub, str("24"), in_(1)), nil, "Type error `(\"24\"-1)'", ErrTypeError},
		{bin(ast.OpGT, &ast.TagProperty{Tag: "player", Prop: "age"}, add(&ast.Parameter{Name: "p2"}, in_(43))), params,
			"Type error `(true+43)'", ErrTypeError},
		// the innermost failing expression is named
		{add(add(in_(math.MaxInt64), in_(1)), lbl("x")), nil, "result of (9223372036854775807+1) cannot be represented as an integer", ErrOverflow},
		// a folded constant prints as NebulaGraph prints it
		{add(bin(ast.OpSub, in_(1), in_(6)), boo(true)), nil, "Type error `(-5+true)'", ErrTypeError},
	}
	for _, c := range cases {
		_, err := Fold(c.e, c.ctx)
		if err == nil || err.Error() != c.msg || !errors.Is(err, c.is) {
			t.Errorf("Fold(%s) error = %v, want %q", ast.NebulaString(c.e), err, c.msg)
		}
	}
}

func TestFold(t *testing.T) {
	params := &MapContext{Params: map[string]value.Value{"p1": i(1), "p6": m("a", i(3))}}
	cases := []struct {
		e    ast.Expr
		ctx  Context
		want string // NebulaString of the folded tree
	}{
		{add(in_(1), in_(1)), nil, "2"},
		{bin(ast.OpMul, add(in_(1), in_(2)), lbl("x")), nil, "(3*x)"},
		{list(add(in_(1), in_(1)), lbl("x")), nil, "[2,x]"},
		{list(add(in_(1), in_(1)), in_(3)), nil, "[2,3]"},
		{bin(ast.OpIn, in_(1), list(in_(1), in_(2))), nil, "true"},
		{not(boo(true)), nil, "!(true)"},
		{not(bin(ast.OpLT, in_(1), in_(2))), nil, "false"},
		{neg(in_(5)), nil, "-5"},
		{call("abs", neg(in_(5))), nil, "5"},
		{call("rand32", in_(5)), nil, "rand32(5)"},
		{call("date"), nil, "date()"},
		{call("date", str("2020-01-02")), nil, `date("2020-01-02")`},
		{attr(call("date", str("2020-01-02")), "year"), nil, `date("2020-01-02").year`},
		{call("range", in_(1), add(in_(1), in_(2))), nil, "range(1,3)"},
		{call("size", call("range", in_(1), in_(3))), nil, "3"},
		{and(boo(true), lbl("x")), nil, "(true AND x)"},
		{and(boo(true), bin(ast.OpGT, in_(2), in_(1))), nil, "true"},
		{&ast.Parameter{Name: "p1"}, params, "1"},
		{add(&ast.Parameter{Name: "p1"}, in_(1)), params, "2"},
		{attr(&ast.Parameter{Name: "p6"}, "a"), params, "$p6.a"},
		{&ast.Parameter{Name: "p6"}, params, "$p6"},
		{&ast.Parameter{Name: "nope"}, params, "$nope"},
		{&ast.Aggregate{Name: "sum", Arg: add(in_(1), in_(1))}, nil, "sum(2)"},
		{&ast.ListComprehension{Var: "x", Collection: list(in_(1)), Mapping: add(lbl("x"), add(in_(1), in_(1)))}, nil,
			"[x IN [1] | (x+2)]"},
		{bin(ast.OpDiv, fl(1), in_(0)), nil, "(1/0)"}, // +Inf has no literal
		{&ast.TypeCast{Type: "INT", Operand: fl(3.14)}, nil, "3"},
	}
	for _, c := range cases {
		got, err := Fold(c.e, c.ctx)
		if err != nil {
			t.Errorf("Fold(%s): %v", ast.NebulaString(c.e), err)
			continue
		}
		if s := ast.NebulaString(got); s != c.want {
			t.Errorf("Fold(%s) = %s, want %s", ast.NebulaString(c.e), s, c.want)
		}
	}
	// Folding does not change the input tree.
	e := add(in_(1), in_(1))
	if _, err := Fold(list(e), nil); err != nil || ast.NebulaString(e) != "(1+1)" {
		t.Errorf("Fold modified its input: %s, %v", ast.NebulaString(e), err)
	}
}

func TestIsConstantAndHasAggregate(t *testing.T) {
	x := lbl("x")
	comp := &ast.ListComprehension{Var: "x", Collection: list(in_(1)), Mapping: add(x, in_(1))}
	cases := []struct {
		e        ast.Expr
		constant bool
		agg      bool
	}{
		{add(in_(1), in_(2)), true, false},
		{call("rand"), true, false},
		{x, false, false},
		{comp, true, false},
		{&ast.ListComprehension{Var: "x", Collection: list(in_(1)), Mapping: lbl("y")}, false, false},
		{&ast.Reduce{Acc: "a", Init: in_(0), Var: "n", Collection: list(in_(1)), Mapping: add(lbl("a"), lbl("n"))}, true, false},
		{&ast.Predicate{Name: "any", Var: "x", Collection: x, Filter: x}, false, false},
		{&ast.Parameter{Name: "p"}, false, false},
		{&ast.InputProperty{Prop: "a"}, false, false},
		{attr(call("date"), "year"), true, false},
		{add(&ast.Aggregate{Name: "count", Arg: str("*")}, in_(1)), false, true},
		{call("abs", &ast.Aggregate{Name: "count", Arg: in_(2)}), false, true},
		{&ast.Case{Generic: true, Arms: []ast.WhenThen{{When: boo(true), Then: in_(1)}}}, true, false},
	}
	for _, c := range cases {
		if got := IsConstant(c.e); got != c.constant {
			t.Errorf("IsConstant(%s) = %v", ast.NebulaString(c.e), got)
		}
		if got := HasAggregate(c.e); got != c.agg {
			t.Errorf("HasAggregate(%s) = %v", ast.NebulaString(c.e), got)
		}
		if c.constant {
			if _, err := Eval(c.e, nil); err != nil {
				t.Errorf("constant %s does not evaluate without a context: %v", ast.NebulaString(c.e), err)
			}
		}
	}
}

func TestAggregation(t *testing.T) {
	count := &ast.Aggregate{Name: "COUNT", Arg: str("*")}
	sum := &ast.Aggregate{Name: "sum", Arg: &ast.InputProperty{Prop: "x"}}
	avgD := &ast.Aggregate{Name: "avg", Arg: &ast.InputProperty{Prop: "x"}, Distinct: true}
	col := &ast.Aggregate{Name: "collect", Arg: &ast.InputProperty{Prop: "x"}}
	exprs := []ast.Expr{add(count, in_(1)), sum, avgD, bin(ast.OpIn, in_(1), col), &ast.InputProperty{Prop: "k"}}
	agg, err := NewAggregation(exprs...)
	if err != nil {
		t.Fatal(err)
	}
	var last Context
	for _, x := range []value.Value{i(1), i(2), i(2), null, i(3)} {
		row := &MapContext{Input: map[string]value.Value{"x": x, "k": s("group")}}
		if err := agg.Add(row); err != nil {
			t.Fatal(err)
		}
		last = row
	}
	want := []value.Value{i(6), i(8), f(2), b(true), s("group")}
	for j, e := range exprs {
		got, err := Eval(e, agg.Context(last))
		if err != nil || !same(got, want[j]) {
			t.Errorf("%s = %s, %v; want %s", ast.NebulaString(e), show(got), err, show(want[j]))
		}
	}
	// With no rows the aggregates take NebulaGraph's empty-input values.
	empty, _ := NewAggregation(count, sum, avgD, col)
	for j, e := range []ast.Expr{count, sum, avgD, col} {
		got, _ := Eval(e, empty.Context(nil))
		if w := []value.Value{i(0), i(0), null, l()}[j]; !same(got, w) {
			t.Errorf("empty %s = %s, want %s", ast.NebulaString(e), show(got), show(w))
		}
	}

	nested := &ast.Aggregate{Name: "avg", Distinct: true, Arg: &ast.Aggregate{Name: "count", Arg: &ast.InputProperty{Prop: "age"}}}
	if _, err := NewAggregation(nested); err == nil || !errors.Is(err, ErrNestedAggregate) ||
		err.Error() != "Aggregate function nesting is not allowed: `avg(distinct count($-.age))'" {
		t.Errorf("nested aggregate error = %v", err)
	}
	if _, err := NewAggregation(&ast.Aggregate{Name: "median", Arg: in_(1)}); err == nil {
		t.Error("unknown aggregate accepted")
	}
}

func TestExpr(t *testing.T) {
	vx := value.NewVertex(&value.Vertex{VID: value.NewString("v")})
	tests := []struct {
		v    value.Value
		want string // "" when there is no expression
	}{
		{value.NewInt(3), "3"},
		{value.NewList([]value.Value{value.NewInt(1), value.NewString("a")}), `[1,"a"]`},
		{value.NewMap(map[string]value.Value{"c": value.NewString("x"), "a": value.NewList([]value.Value{value.True})}), `{a:[true],c:"x"}`},
		{value.NewSet([]value.Value{value.Null}), "{NULL}"},
		{vx, ""},
		{value.NewList([]value.Value{vx}), ""},
	}
	for _, tt := range tests {
		e, ok := Expr(tt.v)
		got := ""
		if ok {
			got = ast.NebulaString(e)
			if back, err := Eval(e, nil); err != nil || value.Compare(back, tt.v) != 0 {
				t.Errorf("%s evaluates to %v (%v), want %v", got, back, err, tt.v)
			}
		}
		if got != tt.want {
			t.Errorf("Expr(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
