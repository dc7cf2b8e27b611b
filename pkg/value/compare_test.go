package value

import (
	"math"
	"slices"
	"testing"
)

type relOp struct {
	name string
	fn   func(a, b Value) Value
}

var (
	opEq = relOp{"==", Equal}
	opNe = relOp{"!=", NotEqual}
	opLt = relOp{"<", Less}
	opLe = relOp{"<=", LessEq}
	opGt = relOp{">", Greater}
	opGe = relOp{">=", GreaterEq}
)

func TestRelational(t *testing.T) {
	dur30d, dur1m := dur(0, 30*86400, 0), dur(1, 0, 0)
	tests := []struct {
		op   relOp
		a, b Value
		want Value
	}{
		// ints and floats (tck RelationalExpr: int_test, float_test, mixed_test)
		{opLt, i(1), i(2), True},
		{opLe, i(1), i(1), True},
		{opGt, i(3), i(2), True},
		{opGe, i(2), i(2), True},
		{opEq, i(2), i(2), True},
		{opNe, i(3), i(2), True},
		{opLt, f(1.2), f(2.4), True},
		{opLe, f(1.3), f(1.300000001), True},
		{opGt, f(3.1), f(2.9), True},
		{opGe, f(2.3), f(2.11), True},
		{opEq, f(2.0), f(2.000000009), True},
		{opNe, f(3.3), f(2.1), True},
		{opLt, i(1), f(2.4), True},
		{opLe, i(1), f(1.300000001), True},
		{opGt, i(3), f(2.9), True},
		{opGe, f(2.3), i(2), True},
		{opEq, i(2), f(2.000000009), True},
		{opNe, f(3.3), i(2), True},
		{opNe, i(4), f(3.001), True},
		{opLt, f(1), f(1.000000001), False}, // within Epsilon: not less
		{opEq, f(math.Inf(1)), f(math.Inf(1)), True},
		{opEq, f(nan), f(nan), False},
		// strings
		{opLt, s("1"), s("2"), True},
		{opLe, s("abc"), s("Azz"), False},
		{opGt, s("true"), s("x"), False},
		{opGe, s("null"), s("NULL"), True},
		{opLe, s("abcd"), s("abcde"), True},
		{opNe, s("aaa"), s("aaa"), False},
		{opNe, s("\nx"), s("\nx"), False},
		// lists
		{opLt, l(i(1)), l(i(2), i(3), f(4.5)), True},
		{opLe, l(i(1), s("a")), l(i(1)), False},
		{opGt, l(i(2), i(3), s("s"), True), l(i(3)), False},
		{opGe, l(f(2.0000000001), i(3), s("s"), True), l(i(2)), True},
		{opNe, l(f(1.9999999999), i(3), s("s"), True), l(i(2), i(3), s("s"), True), False},
		{opLe, i(4), l(i(4)), Null},
		{opNe, True, l(True, True), True},
		{opEq, f(2.0), l(f(1.9999999999999)), False},
		// incomparable kinds (non_numeric_test)
		{opLt, s("10"), f(2.4), Null},
		{opLe, s("1"), f(1.300000001), Null},
		{opGt, i(3), s("2.9"), Null},
		{opGe, s("2.3"), True, Null},
		{opEq, True, f(2.000000009), False},
		{opNe, False, i(2), True},
		{opNe, l(i(1), i(3)), f(3.001), True},
		// NULL (null_test, tck Null.feature)
		{opLt, s("10"), Null, Null},
		{opLe, Null, f(1.300000001), Null},
		{opGt, i(3), Null, Null},
		{opGe, Null, True, Null},
		{opEq, Null, Null, Null},
		{opNe, Null, Null, Null},
		{opNe, Null, False, Null},
		{opLt, Null, l(i(2), i(3), Null), Null},
		{opEq, l(i(2), Null), l(i(2), Null), True},
		{opNe, l(i(2), Null), l(i(2), Null, i(1)), True},
		{opGe, Null, Null, Null},
		{opLe, Null, Null, Null},
		{opEq, nullBadType, i(1), Null},
		// EMPTY
		{opEq, Empty, Empty, Null},
		{opEq, Empty, i(1), False},
		{opEq, Null, Empty, False},
		{opNe, Empty, i(1), True},
		{opLt, Empty, i(1), Null},
		{opGe, Empty, Empty, Null},
		// durations are unordered (tck TimeComparison)
		{opGt, dur30d, dur1m, nullBadType},
		{opLt, dur30d, dur1m, nullBadType},
		{opEq, dur30d, dur1m, False},
		{opNe, dur30d, dur1m, True},
		{opGe, dur30d, dur1m, nullBadType},
		{opLe, dur30d, dur1m, nullBadType},
		{opGt, dur(1, 2592000, 0), dur(1, 2592000, 0), nullBadType},
		{opEq, dur(1, 2592000, 0), dur(1, 2592000, 0), True},
		{opGe, dur(1, 2592000, 0), dur(1, 2592000, 0), nullBadType},
		// temporal values
		{opLt, date(2020, 1, 2), date(2020, 2, 1), True},
		{opLt, date(-1, 12, 31), date(0, 1, 1), True},
		{opGt, tm(12, 0, 0, 1), tm(12, 0, 0, 0), True},
		{opLt, dtm(2020, 1, 1, 0, 0, 0, 0), dtm(2020, 1, 1, 0, 0, 0, 1), True},
		{opEq, dtm(2020, 1, 1, 0, 0, 0, 5), dtm(2020, 1, 1, 0, 0, 0, 5), True},
		{opLt, date(2020, 1, 1), dtm(2020, 1, 1, 0, 0, 0, 0), Null},
		// maps, sets and datasets are unordered but comparable for equality
		{opLt, m("a", i(1)), m("a", i(2)), False},
		{opGe, m("a", i(1)), m("a", i(2)), True},
		{opEq, m("a", i(1), "b", Null), m("b", Null, "a", f(1)), True},
		{opEq, set(i(1), i(2)), set(i(2), i(1)), True},
		{opEq, set(i(1)), set(f(1)), False},
		// graph elements
		{opEq, edge(s("a"), s("b"), 1, "e", 0), edge(s("b"), s("a"), -1, "e", 0), True},
		{opLt, vtx(s("a")), vtx(s("b")), True},
		{opEq, vtx(i(1), tag("t", "p", i(1))), vtx(f(1), tag("t", "p", f(1.000000001))), True},
		{opEq, samplePath(), samplePath(), True},
		{opLt, point(1, 2), point(1, 3), True},
		// bools
		{opLt, False, True, True},
		{opGe, False, True, False},
	}
	for _, tt := range tests {
		if got := tt.op.fn(tt.a, tt.b); !Identical(got, tt.want) {
			t.Errorf("%s %s %s = %s, want %s", tt.a.Literal(), tt.op.name, tt.b.Literal(), got.Literal(), tt.want.Literal())
		}
	}
}

func TestCompareOrdersKinds(t *testing.T) {
	// NebulaGraph's cross-kind order: EMPTY first, NULL last, ints and floats
	// interleaved numerically.
	want := []Value{
		Empty, False, True, i(math.MinInt64), f(-1.5), i(-1), f(0), i(1), f(1.5), i(2), f(math.Inf(1)), f(nan),
		s(""), s("a"), s("b"), date(2020, 1, 1), tm(1, 0, 0, 0), dtm(2020, 1, 1, 0, 0, 0, 0),
		vtx(s("a")), vtx(s("a"), tag("t")), vtx(s("b")), edge(s("a"), s("b"), 1, "e", 0), edge(s("a"), s("c"), 1, "e", 0),
		samplePath(), l(), l(i(1)), l(i(1), i(0)), l(i(2)), m("a", i(1)), set(i(1)), NewDataSet(&DataSet{}),
		point(0, 0), point(0, 1), dur(0, 0, 0), dur(1, 0, 0), Null, nullBadType,
	}
	got := slices.Clone(want)
	for j := range got { // reverse, then sort back
		k := len(got) - 1 - j
		if j >= k {
			break
		}
		got[j], got[k] = got[k], got[j]
	}
	slices.SortStableFunc(got, Compare)
	for j := range want {
		if !Identical(got[j], want[j]) {
			t.Fatalf("sorted[%d] = %s, want %s", j, got[j].Literal(), want[j].Literal())
		}
	}
	for j := range want {
		for k := range want {
			c := Compare(want[j], want[k])
			if c != -Compare(want[k], want[j]) {
				t.Fatalf("Compare(%s, %s) not antisymmetric", want[j].Literal(), want[k].Literal())
			}
			if j < k && c > 0 {
				t.Fatalf("Compare(%s, %s) = %d, want <= 0", want[j].Literal(), want[k].Literal(), c)
			}
		}
	}
}

func TestCompareNumbersExactly(t *testing.T) {
	tests := []struct {
		a, b Value
		want int
	}{
		{i(1), f(1), 0},
		{f(1), i(1), 0},
		{i(math.MaxInt64), f(math.MaxInt64), -1}, // the float is 2^63
		{f(math.MaxInt64), i(math.MaxInt64), 1},
		{i(math.MinInt64), f(math.MinInt64), 0},
		{i(math.MinInt64), f(-math.MaxFloat64), 1},
		{i(1 << 53), f(1<<53 + 2), -1},
		{i(1<<53 + 1), f(1 << 53), 1},
		{i(-3), f(-2.5), -1},
		{i(-2), f(-2.5), 1},
		{i(0), f(nan), -1},
		{f(nan), f(nan), 0},
		{f(math.Inf(-1)), i(math.MinInt64), -1},
		{f(math.Copysign(0, -1)), f(0), 0},
	}
	for _, tt := range tests {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%s, %s) = %d, want %d", tt.a.Literal(), tt.b.Literal(), got, tt.want)
		}
	}
}
