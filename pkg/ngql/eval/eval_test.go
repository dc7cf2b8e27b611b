package eval

import (
	"errors"
	"math"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

func TestRelational(t *testing.T) {
	lt := func(a, b ast.Expr) ast.Expr { return bin(ast.OpLT, a, b) }
	le := func(a, b ast.Expr) ast.Expr { return bin(ast.OpLE, a, b) }
	gt := func(a, b ast.Expr) ast.Expr { return bin(ast.OpGT, a, b) }
	ge := func(a, b ast.Expr) ast.Expr { return bin(ast.OpGE, a, b) }
	eq := func(a, b ast.Expr) ast.Expr { return bin(ast.OpEQ, a, b) }
	ne := func(a, b ast.Expr) ast.Expr { return bin(ast.OpNE, a, b) }
	runEval(t, nil, []evalCase{
		// ints
		{list(lt(in_(1), in_(2)), le(in_(1), in_(1)), gt(in_(3), in_(2)), ge(in_(2), in_(2)), eq(in_(2), in_(2)), ne(in_(3), in_(2))),
			l(b(true), b(true), b(true), b(true), b(true), b(true))},
		// floats, equal within 1e-8
		{list(lt(fl(1.2), fl(2.4)), le(fl(1.3), fl(1.300000001)), gt(fl(3.1), fl(2.9)), ge(fl(2.3), fl(2.11)),
			eq(fl(2.0), fl(2.000000009)), ne(fl(3.3), fl(2.1))),
			l(b(true), b(true), b(true), b(true), b(true), b(true))},
		// strings
		{list(lt(str("1"), str("2")), le(str("abc"), str("Azz")), gt(str("true"), str("x")), ge(str("null"), str("NULL")),
			le(str("abcd"), str("abcde")), ne(str("aaa"), str("aaa")), ne(str("\nx"), str("\nx"))),
			l(b(true), b(false), b(false), b(true), b(true), b(false), b(false))},
		// lists
		{list(lt(list(in_(1)), list(in_(2), in_(3), fl(4.5))), le(list(in_(1), str("a")), list(in_(1))),
			gt(list(in_(2), in_(3), str("s"), boo(true)), list(in_(3))),
			ge(list(fl(2.0000000001), in_(3), str("s"), boo(true)), list(in_(2))),
			ne(list(fl(1.9999999999), in_(3), str("s"), boo(true)), list(in_(2), in_(3), str("s"), boo(true)))),
			l(b(true), b(false), b(false), b(true), b(false))},
		// mixed
		{list(lt(in_(1), fl(2.4)), le(in_(1), fl(1.300000001)), gt(in_(3), fl(2.9)), ge(fl(2.3), in_(2)),
			eq(in_(2), fl(2.000000009)), ne(fl(3.3), in_(2)), ne(in_(4), fl(3.001)), le(in_(4), list(in_(4))),
			ne(boo(true), list(boo(true), boo(true))), eq(fl(2.0), list(fl(1.9999999999999)))),
			l(b(true), b(true), b(true), b(true), b(true), b(true), b(true), null, b(true), b(false))},
		// non-numeric
		{list(lt(str("10"), fl(2.4)), le(str("1"), fl(1.300000001)), gt(in_(3), str("2.9")), ge(str("2.3"), boo(true)),
			eq(boo(true), fl(2.000000009)), ne(boo(false), in_(2)), ne(list(in_(1), in_(3)), fl(3.001))),
			l(null, null, null, null, b(false), b(true), b(true))},
		// nulls
		{list(lt(str("10"), nul()), le(nul(), fl(1.300000001)), gt(in_(3), nul()), ge(nul(), boo(true)), eq(nul(), nul()),
			ne(nul(), nul()), ne(nul(), boo(false)), lt(nul(), list(in_(2), in_(3), nul())),
			eq(list(in_(2), nul()), list(in_(2), nul())), ne(list(in_(2), nul()), list(in_(2), nul(), in_(1)))),
			l(null, null, null, null, null, null, null, null, b(true), b(true))},
	})
}

func TestIn(t *testing.T) {
	inE := func(a, b ast.Expr) ast.Expr { return bin(ast.OpIn, a, b) }
	notIn := func(a, b ast.Expr) ast.Expr { return bin(ast.OpNotIn, a, b) }
	lhs := []ast.Expr{in_(1), in_(1), list(in_(1)), nul(), nul(), nul(), in_(1), in_(1),
		list(in_(1), nul()), list(in_(1), nul()), list(in_(1), nul())}
	rhs := []ast.Expr{list(in_(1), in_(2)), list(in_(2), in_(3)), list(in_(2), list(in_(1))), list(in_(1), in_(2)),
		list(nul()), list(in_(1), nul()), list(in_(1), nul()), list(nul(), in_(2)), list(in_(1), nul()), list(in_(1)),
		list(nul(), list(in_(1), nul()))}
	wantIn := []value.Value{b(true), b(false), b(true), null, null, null, b(true), null, null, b(false), b(true)}
	wantNotIn := []value.Value{b(false), b(true), b(false), null, null, null, b(false), null, null, b(true), b(false)}
	var cases []evalCase
	for j := range lhs {
		cases = append(cases, evalCase{inE(lhs[j], rhs[j]), wantIn[j]}, evalCase{notIn(lhs[j], rhs[j]), wantNotIn[j]})
	}
	cases = append(cases,
		evalCase{notIn(in_(1), set(in_(1), in_(2), in_(3))), b(false)},
		evalCase{notIn(in_(0), set(in_(1), in_(2), in_(3))), b(true)},
		evalCase{inE(str("hello"), set(str("hello"), str("world"), in_(3))), b(true)},
		evalCase{inE(in_(1), set(fl(1))), b(false)},
		evalCase{inE(in_(5), set(in_(1), nul())), null},
		evalCase{inE(str("a"), mapOf("a", in_(1))), b(true)},
		evalCase{inE(in_(1), mapOf("a", in_(1))), b(false)},
		evalCase{inE(in_(1), nul()), null},
		evalCase{notIn(str(""), str("")), nBadType},
		evalCase{inE(in_(1), in_(1)), nBadType},
		evalCase{inE(nul(), str("")), nBadType},
	)
	runEval(t, nil, cases)
}

func TestStringOperators(t *testing.T) {
	op := func(o ast.BinaryOp, a, b string) ast.Expr { return bin(o, str(a), str(b)) }
	runEval(t, nil, []evalCase{
		{op(ast.OpContains, "abcd", "bc"), b(true)},
		{op(ast.OpContains, "abcd", "x"), b(false)},
		{op(ast.OpNotContains, "abcd", "x"), b(true)},
		{op(ast.OpStartsWith, "abcd", "ab"), b(true)},
		{op(ast.OpStartsWith, "ab", "abc"), b(false)},
		{op(ast.OpNotStartsWith, "abcd", "b"), b(true)},
		{op(ast.OpEndsWith, "abcd", "cd"), b(true)},
		{op(ast.OpNotEndsWith, "", ""), b(false)},
		{bin(ast.OpContains, nul(), str("a")), null},
		{bin(ast.OpNotContains, str("a"), nul()), null},
		{bin(ast.OpContains, in_(1), str("a")), nBadType},
		{bin(ast.OpEndsWith, str("a"), call("abs", str("x"))), nBadType},
		{op(ast.OpRegex, "Tony Parker", "Tony.*"), b(true)},
		{op(ast.OpRegex, "xTony", "Tony.*"), b(false)},
		{op(ast.OpRegex, "Tony|x", "Tony|x"), b(false)},
		{op(ast.OpRegex, "x", "Tony|x"), b(true)},
		{op(ast.OpRegex, "abc", "a("), nBadType},
		{bin(ast.OpRegex, nul(), str("a")), null},
		{bin(ast.OpRegex, in_(1), str("a")), nBadType},
	})
}

func TestLogical(t *testing.T) {
	bad := call("abs", str("x"))                  // BAD_TYPE
	empty_ := func() ast.Expr { return lbl("e") } // bound to EMPTY below
	withEmpty := &MapContext{Labels: map[string]value.Value{"e": value.Empty}}
	runEval(t, withEmpty, []evalCase{
		{xor(or(not(boo(false)), and(boo(false), boo(false))), boo(false)), b(true)},
		{xor(and(or(not(boo(false)), boo(false)), boo(false)), boo(true)), b(true)},
		{and(boo(true), boo(true)), b(true)},
		{and(boo(true), nul()), null},
		{and(boo(true), empty_()), empty},
		{and(nul(), empty_()), null},
		{and(empty_(), nul()), null},
		{or(empty_(), boo(false)), empty},
	})
	// Operands after a deciding one are not evaluated, so an unbound name
	// there is no error.
	runEval(t, nil, []evalCase{
		{and(boo(false), lbl("never_evaluated")), b(false)},
		{or(boo(true), lbl("never_evaluated")), b(true)},
		{and(nul(), boo(false)), b(false)},
		{and(bad, boo(false)), nBadType},
		{and(boo(true), in_(1)), nBadType},
		{or(boo(false), nul()), null},
		{or(nul(), boo(true)), b(true)},
		{or(boo(false), boo(false)), b(false)},
		{xor(boo(true), boo(true)), b(false)},
		{xor(boo(true), boo(false), boo(true)), b(false)},
		{xor(boo(true), nul()), null},
		{xor(boo(true), in_(1)), nBadType},
		{not(boo(true)), b(false)},
		{not(nul()), null},
		{not(list()), b(true)},
		{not(in_(1)), nBadType},
		{not(not(bin(ast.OpGE, in_(40), in_(40)))), b(true)},
	})
	if _, err := Eval(and(nul(), lbl("unbound")), nil); !errors.Is(err, ErrUnbound) {
		t.Errorf("AND evaluates past NULL: err = %v", err)
	}
}

func TestUnaryAndArithmetic(t *testing.T) {
	runEval(t, nil, []evalCase{
		{list(un(ast.OpIsNull, in_(1)), un(ast.OpIsNull, fl(1.2)), un(ast.OpIsNull, boo(true)),
			un(ast.OpIsNull, list(in_(1), in_(2))), un(ast.OpIsNull, nul())),
			l(b(false), b(false), b(false), b(false), b(true))},
		{list(un(ast.OpIsNotNull, in_(1)), un(ast.OpIsNotNull, nul())), l(b(true), b(false))},
		{un(ast.OpIsNull, call("abs", str("x"))), b(true)},
		{un(ast.OpIsEmpty, nul()), b(false)},
		{un(ast.OpIsNotEmpty, in_(1)), b(true)},
		{un(ast.OpPlus, in_(3)), i(3)},
		{neg(in_(3)), i(-3)},
		{neg(in_(math.MinInt64)), nOverflow},
		{neg(str("a")), nBadType},
		{add(in_(1), in_(1)), i(2)},
		{add(in_(math.MaxInt64), in_(1)), nOverflow},
		{bin(ast.OpMul, in_(math.MaxInt64), in_(2)), nOverflow},
		{bin(ast.OpDiv, in_(1), in_(0)), nDivByZero},
		{bin(ast.OpMod, in_(2), in_(0)), nDivByZero},
		{bin(ast.OpDiv, in_(7), in_(2)), i(3)},
		{bin(ast.OpMod, fl(2.5), fl(1.2)), f(0.10000000000000009)},
		{add(str("a"), in_(1)), s("a1")},
		{add(in_(1), boo(true)), nBadType},
		{add(nul(), in_(1)), null},
		{bin(ast.OpSub, str("24"), in_(1)), nBadType},
	})
}

func TestTypeCast(t *testing.T) {
	cast := func(typ string, x ast.Expr) ast.Expr { return &ast.TypeCast{Type: typ, Operand: x} }
	runEval(t, nil, []evalCase{
		{cast("INT", fl(3.14)), i(3)},
		{cast("STRING", add(in_(1), in_(1))), s("2")},
		{cast("STRING", boo(true)), s("true")},
		{cast("STRING", fl(1.0)), s("1")},
		{cast("STRING", str("x")), s("x")},
		{cast("BOOL", str("TRUE")), b(true)},
		{cast("FLOAT", str("1.5")), f(1.5)},
		{cast("INT", str("12")), i(12)},
		{cast("DATE", str("2020-01-01")), null},
	})
}

func TestCase(t *testing.T) {
	generic := func(cond ast.Expr, dflt ast.Expr, arms ...ast.Expr) ast.Expr {
		c := &ast.Case{Generic: true, Condition: cond, Default: dflt}
		for j := 0; j < len(arms); j += 2 {
			c.Arms = append(c.Arms, ast.WhenThen{When: arms[j], Then: arms[j+1]})
		}
		return c
	}
	runEval(t, nil, []evalCase{
		{generic(add(in_(2), in_(3)), in_(2), in_(4), in_(0), in_(5), in_(1)), i(1)},
		{generic(boo(true), nil, boo(false), in_(0)), null},
		{generic(nil, in_(2), bin(ast.OpGT, in_(4), in_(5)), in_(0), bin(ast.OpEQ, add(in_(3), in_(4)), in_(7)), in_(1)), i(1)},
		{generic(nil, in_(1), boo(false), in_(0)), i(1)},
		{generic(nil, in_(1), nul(), in_(0)), i(1)},
		{generic(nil, in_(1), in_(3), in_(0)), nBadType},
		{generic(nul(), in_(2), nul(), in_(1)), i(1)},
		{generic(in_(1), nil, fl(1.0), str("one")), s("one")},
		{&ast.Case{Arms: []ast.WhenThen{{When: bin(ast.OpGT, in_(3), in_(5)), Then: in_(0)}}, Default: in_(1)}, i(1)},
		{&ast.Case{Arms: []ast.WhenThen{{When: boo(true), Then: str("yes")}}, Default: str("no")}, s("yes")},
	})
}

func TestListPredicates(t *testing.T) {
	pred := func(name string, coll, filter ast.Expr) ast.Expr {
		return &ast.Predicate{Name: name, Var: "a", Collection: coll, Filter: filter}
	}
	a := lbl("a")
	gtN := func(n int64) ast.Expr { return bin(ast.OpGT, a, in_(n)) }
	eqN := func(n int64) ast.Expr { return bin(ast.OpEQ, a, in_(n)) }
	l23 := list(in_(2), in_(3))
	l23n := list(in_(2), in_(3), nul())
	runEval(t, nil, []evalCase{
		{pred("all", call("range", in_(1), in_(5)), gtN(2)), b(false)},
		{pred("any", list(in_(1), in_(2), in_(3), in_(4), in_(5)), gtN(2)), b(true)},
		{pred("single", call("range", in_(1), in_(5)), eqN(3)), b(true)},
		{pred("none", call("range", in_(1), in_(3)), eqN(0)), b(true)},
		{pred("all", nul(), boo(true)), null},
		{pred("any", nul(), boo(true)), null},
		{pred("single", nul(), boo(true)), null},
		{pred("none", nul(), boo(true)), null},
		{pred("all", l23, gtN(1)), b(true)},
		{pred("all", l23, gtN(2)), b(false)},
		{pred("all", l23n, gtN(0)), null},
		{pred("any", l23, gtN(1)), b(true)},
		{pred("any", l23, gtN(3)), b(false)},
		{pred("any", l23n, gtN(3)), null},
		{pred("single", l23, gtN(4)), b(false)},
		{pred("single", list(in_(2), in_(3), in_(4)), bin(ast.OpGE, a, in_(2))), b(false)},
		{pred("single", list(in_(2), in_(3), in_(4)), eqN(3)), b(true)},
		{pred("single", l23n, eqN(3)), null},
		{pred("none", l23n, gtN(1)), b(false)},
		{pred("none", list(in_(2), in_(3), in_(4)), gtN(100)), b(true)},
		{pred("none", l23n, gtN(3)), null},
		{pred("all", list(nul(), boo(false)), a), null}, // NebulaGraph 3.8: the first NULL decides
		{pred("all", list(boo(false), nul()), a), b(false)},
		{pred("any", l23, in_(1)), nBadType},
		{pred("all", str("x"), boo(true)), nBadType},
		{pred("all", list(), boo(false)), b(true)},
		{pred("any", list(), boo(true)), b(false)},
		// The outer name a is shadowed by the predicate's own a.
		{pred("all", list(in_(2), in_(3)), gtN(1)), b(true)},
	})
	ctx := &MapContext{Labels: map[string]value.Value{"a": i(1)}}
	runEval(t, ctx, []evalCase{{pred("all", l23, gtN(1)), b(true)}, {a, i(1)}})
}

func TestExists(t *testing.T) {
	vx := value.NewVertex(&value.Vertex{VID: s("v"), Tags: []value.Tag{
		{Name: "player", Props: map[string]value.Value{"name": s("Tim"), "age": null}},
	}})
	ed := value.NewEdge(&value.Edge{Src: s("a"), Dst: s("b"), Type: 1, Name: "like",
		Props: map[string]value.Value{"likeness": i(90)}})
	ctx := &MapContext{Labels: map[string]value.Value{"v": vx, "e": ed, "m": m("k", i(1)), "n": null}}
	exists := func(x ast.Expr) ast.Expr { return &ast.Predicate{Name: "exists", Collection: x} }
	runEval(t, ctx, []evalCase{
		// A vertex's attributes are its tags, not their properties.
		{exists(&ast.LabelAttribute{Label: "v", Attr: "player"}), b(true)},
		{exists(&ast.LabelAttribute{Label: "v", Attr: "name"}), b(false)},
		{exists(&ast.LabelAttribute{Label: "v", Attr: "age"}), b(false)},
		{exists(&ast.LabelAttribute{Label: "v", Attr: "nope"}), b(false)},
		{exists(sub(lbl("v"), str("name"))), b(true)},
		{exists(sub(lbl("v"), str("age"))), b(false)},
		{exists(sub(lbl("v"), str("player"))), b(false)},
		{exists(attr(lbl("e"), "likeness")), b(true)},
		{exists(sub(lbl("m"), str("k"))), b(true)},
		{exists(sub(lbl("m"), str("z"))), b(false)},
		{exists(sub(lbl("m"), in_(1))), nBadType},
		{exists(attr(lbl("n"), "x")), null},
		{exists(&ast.LabelTagProperty{Label: lbl("v"), Tag: "player", Prop: "name"}), b(true)},
		{exists(&ast.LabelTagProperty{Label: lbl("v"), Tag: "player", Prop: "age"}), b(false)},
	})
}

func TestListComprehensionAndReduce(t *testing.T) {
	x := lbl("x")
	comp := func(coll, filter, mapping ast.Expr) ast.Expr {
		return &ast.ListComprehension{Var: "x", Collection: coll, Filter: filter, Mapping: mapping}
	}
	reduce := func(init, coll, mapping ast.Expr) ast.Expr {
		return &ast.Reduce{Acc: "acc", Init: init, Var: "n", Collection: coll, Mapping: mapping}
	}
	acc, n := lbl("acc"), lbl("n")
	runEval(t, nil, []evalCase{
		{comp(call("range", in_(1), in_(5)), bin(ast.OpGT, x, in_(2)), bin(ast.OpMul, x, in_(10))), l(i(30), i(40), i(50))},
		{comp(list(in_(1), nul(), in_(3)), bin(ast.OpGT, x, in_(1)), nil), l(i(3))},
		{comp(list(in_(1), in_(2)), nil, add(x, in_(1))), l(i(2), i(3))},
		{comp(list(in_(1), in_(2)), in_(1), nil), nBadType},
		{comp(nul(), boo(true), nil), null},
		{comp(str("ab"), boo(true), nil), nBadType},
		// nested comprehensions see their own and the enclosing names
		{comp(list(in_(1), in_(2)), nil,
			&ast.ListComprehension{Var: "y", Collection: list(in_(10), in_(20)), Mapping: add(x, lbl("y"))}),
			l(l(i(11), i(21)), l(i(12), i(22)))},
		{reduce(in_(10), call("range", in_(1), in_(3)), add(acc, n)), i(16)},
		{reduce(bin(ast.OpMul, in_(-4), in_(5)), list(in_(1), in_(2)), add(acc, bin(ast.OpMul, n, in_(2)))), i(-14)},
		{reduce(in_(10), list(in_(1), in_(2), nul()), bin(ast.OpSub, n, acc)), null},
		{reduce(in_(10), nul(), add(acc, n)), null},
		{reduce(in_(10), str("jerry"), add(acc, n)), nBadType},
		{reduce(in_(10), list(), add(acc, n)), i(10)},
	})
	ctx := &MapContext{Labels: map[string]value.Value{"b": i(2)}}
	runEval(t, ctx, []evalCase{
		{reduce(in_(10), list(in_(1), in_(2), in_(3)), bin(ast.OpMul, lbl("b"), add(n, acc))), i(102)},
	})
}
