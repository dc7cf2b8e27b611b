package ast

import (
	"math"
	"testing"
)

func TestExprText(t *testing.T) {
	lbl := func(s string) Expr { return &Label{Name: s} }
	one := &IntLiteral{Value: 1}
	tests := []struct {
		e         Expr
		canonical string
		nebula    string
	}{
		{&Binary{Op: OpAdd, Left: one, Right: one}, "(1+1)", "(1+1)"},
		{&Binary{Op: OpSub, Left: &List{Items: []Expr{one}}, Right: &Unary{Op: OpNegate, Operand: one}}, "([1] - -(1))", "([1]--(1))"},
		{&TypeCast{Type: "INT", Operand: &FloatLiteral{Value: 3.14}}, "(INT)3.14", "(INT)3.14"},
		{&FunctionCall{Name: "hash", Args: []Expr{&FloatLiteral{Value: 123}}}, "hash(123.0)", "hash(123)"},
		{&StringLiteral{Value: `a"b`}, `"a\"b"`, `"a"b"`},
		{&Unary{Op: OpIsNull, Operand: lbl("a")}, "(a IS NULL)", "a IS NULL"},
		{&Aggregate{Name: "count", Arg: &StringLiteral{Value: "*"}}, "count(*)", "count(*)"},
		{&Aggregate{Name: "COUNT", Arg: lbl("a"), Distinct: true}, "COUNT(DISTINCT a)", "COUNT(distinct a)"},
		{&List{}, "LIST[]", "[]"},
		{&Map{Items: []MapItem{{Key: "a", Value: one}, {Key: "limit", Value: one}}}, "{a:1,`limit`:1}", "{a:1,limit:1}"},
		{&Attribute{Left: &LabelAttribute{Label: "v", Attr: "player"}, Name: "name"}, "v.player.name", "v.player.name"},
		{&Attribute{Left: lbl("v"), Name: "name"}, "(v).name", "v.name"},
		{&Subscript{Left: lbl("v"), Index: one}, "v[1]", "v[1]"},
		{&SubscriptRange{Left: &List{Items: []Expr{one, one}}, Lo: one}, "[1,1][1..]", "[1,1][1..]"},
		{&IntLiteral{Value: math.MinInt64}, "-9223372036854775808", "-9223372036854775808"},
		{&Case{Arms: []WhenThen{{When: lbl("a"), Then: one}}, Default: one}, "(a ? 1 : 1)", "(a ? 1 : 1)"},
		{&Case{Generic: true, Condition: lbl("a"), Arms: []WhenThen{{When: one, Then: one}}}, "CASE a WHEN 1 THEN 1 END", "CASE a WHEN 1 THEN 1 END"},
		{&Logical{Op: OpAnd, Operands: []Expr{lbl("a"), lbl("b")}}, "(a AND b)", "(a AND b)"},
		{&Predicate{Name: "all", Var: "x", Collection: lbl("l"), Filter: lbl("x")}, "all(x IN l WHERE x)", "all(x IN l WHERE x)"},
		{&Reduce{Acc: "s", Init: one, Var: "x", Collection: lbl("l"), Mapping: lbl("s")}, "reduce(s = 1, x IN l | s)", "reduce(s = 1, x IN l | s)"},
		{&FloatLiteral{Value: 1e21}, "1e+21", "1E21"},
		{&FloatLiteral{Value: 0.000001}, "1e-06", "0.000001"},
		{&FloatLiteral{Value: 2.5}, "2.5", "2.5"},
		{&PathPattern{Path: &MatchPath{
			Nodes: []*MatchNode{{Alias: "v", Labels: []*NodeLabel{{Name: "player"}}}, {}},
			Edges: []*MatchEdge{{Dir: DirOut, Alias: "e", Types: []string{"like", "serve"}, Range: &StepRange{Min: 1, Max: -1}}},
		}}, "(v:player)-[e:like|serve*1..]->()", "(v:player)-[e:like|serve*1..]->()"},
	}
	for _, tt := range tests {
		if got := tt.e.String(); got != tt.canonical {
			t.Errorf("String() = %s, want %s", got, tt.canonical)
		}
		if got := NebulaString(tt.e); got != tt.nebula {
			t.Errorf("NebulaString() = %s, want %s", got, tt.nebula)
		}
	}
}

func TestStmtText(t *testing.T) {
	y := func(n int64) Stmt {
		return &Yield{Columns: []*YieldColumn{{Expr: &IntLiteral{Value: n}, Alias: "a"}}}
	}
	tests := []struct {
		s    Stmt
		want string
	}{
		{&Pipe{Left: &SetOp{Op: Union, Distinct: true, Left: y(1), Right: y(2)}, Right: y(3)}, "(YIELD 1 AS a UNION YIELD 2 AS a) | YIELD 3 AS a"},
		{&SetOp{Op: Minus, Left: &SetOp{Op: Union, Left: y(1), Right: y(2)}, Right: &Pipe{Left: y(3), Right: y(4)}}, "YIELD 1 AS a UNION ALL YIELD 2 AS a MINUS YIELD 3 AS a | YIELD 4 AS a"},
		{&SetOp{Op: Intersect, Left: y(1), Right: &SetOp{Op: Minus, Left: y(2), Right: y(3)}}, "YIELD 1 AS a INTERSECT (YIELD 2 AS a MINUS YIELD 3 AS a)"},
		{&Explain{Format: "dot", Braced: true, Body: &Sequence{Stmts: []Stmt{y(1), y(2)}}}, `EXPLAIN FORMAT="dot" {YIELD 1 AS a; YIELD 2 AS a}`},
		{&Limit{Offset: 2, Count: 3}, "LIMIT 2, 3"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("String() = %s, want %s", got, tt.want)
		}
	}
}

func TestNeedsQuote(t *testing.T) {
	for name, want := range map[string]bool{
		"a": false, "a_1": false, "_a": true, "1a": true, "": true, "limit": true,
		"Space": true, "is": false, "中文": true, "a b": true,
	} {
		if got := NeedsQuote(name); got != want {
			t.Errorf("NeedsQuote(%q) = %v, want %v", name, got, want)
		}
	}
}
