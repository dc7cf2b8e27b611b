package eval

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// BenchmarkFilter evaluates a typical WHERE clause against an input row:
// $-.age > 30 AND $-.name STARTS WITH "T" OR $-.likeness IN [90, 95].
func BenchmarkFilter(b *testing.B) {
	e := or(
		and(bin(ast.OpGT, &ast.InputProperty{Prop: "age"}, in_(30)),
			bin(ast.OpStartsWith, &ast.InputProperty{Prop: "name"}, str("T"))),
		bin(ast.OpIn, &ast.InputProperty{Prop: "likeness"}, list(in_(90), in_(95))))
	ctx := &MapContext{Input: map[string]value.Value{"age": i(42), "name": s("Tim"), "likeness": i(95)}}
	b.ReportAllocs()
	for b.Loop() {
		if v, err := Eval(e, ctx); err != nil || !v.Bool() {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkComprehension evaluates [x IN range(1, 100) WHERE x % 2 == 0 | x * x].
func BenchmarkComprehension(b *testing.B) {
	x := lbl("x")
	e := &ast.ListComprehension{Var: "x", Collection: call("range", in_(1), in_(100)),
		Filter:  bin(ast.OpEQ, bin(ast.OpMod, x, in_(2)), in_(0)),
		Mapping: bin(ast.OpMul, x, x)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Eval(e, nil); err != nil {
			b.Fatal(err)
		}
	}
}
