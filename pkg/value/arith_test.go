package value

import (
	"errors"
	"math"
	"testing"
)

type arithOp struct {
	name string
	fn   func(a, b Value) (Value, error)
}

var (
	opAdd = arithOp{"+", Add}
	opSub = arithOp{"-", Sub}
	opMul = arithOp{"*", Mul}
	opDiv = arithOp{"/", Div}
	opMod = arithOp{"%", Mod}
)

func TestArithmetic(t *testing.T) {
	v := vtx(s("v"))
	tests := []struct {
		op   arithOp
		a, b Value
		want Value
	}{
		// numbers
		{opAdd, i(1), i(1), i(2)},
		{opAdd, i(1), f(0.5), f(1.5)},
		{opAdd, f(0.5), i(1), f(1.5)},
		{opAdd, f(pointOne), f(0.2), f(0.30000000000000004)},
		{opSub, i(1), i(3), i(-2)},
		{opSub, f(1), i(3), f(-2)},
		{opMul, i(-3), i(4), i(-12)},
		{opMul, i(2), f(0.25), f(0.5)},
		{opMul, i(-2), i(4611686018427387904), i(math.MinInt64)},
		{opDiv, i(7), i(2), i(3)},
		{opDiv, i(-7), i(2), i(-3)},
		{opDiv, i(7), f(2), f(3.5)},
		{opDiv, f(1), i(0), f(math.Inf(1))},
		{opDiv, i(1), i(0), nullDivByZero},
		{opDiv, i(math.MinInt64), i(1), i(math.MinInt64)},
		{opMod, i(7), i(3), i(1)},
		{opMod, i(-7), i(3), i(-1)},
		{opMod, i(2), i(0), nullDivByZero},
		{opMod, i(math.MinInt64), i(-1), i(0)},
		{opMod, f(2.5), f(1.2), f(0.10000000000000009)},
		{opMod, i(5), f(0), f(nan)},
		// NULL and EMPTY propagation
		{opAdd, Null, i(1), Null},
		{opAdd, i(1), Null, Null},
		{opAdd, nullBadType, Null, nullBadType},
		{opAdd, Null, nullBadType, Null},
		{opAdd, Empty, i(1), Empty},
		{opAdd, i(1), Empty, Empty},
		{opAdd, Empty, Null, Null},
		{opAdd, Empty, nullDivByZero, nullDivByZero},
		{opSub, Null, Empty, Null},
		{opMul, Empty, Empty, Empty},
		{opDiv, nullOverflow, i(0), nullOverflow},
		{opMod, i(1), Null, Null},
		{opAdd, l(i(1)), Empty, Empty},
		// strings
		{opAdd, s("a"), s("b"), s("ab")},
		{opAdd, s("a"), i(1), s("a1")},
		{opAdd, i(-1), s("a"), s("-1a")},
		{opAdd, s("a"), f(1.0), s("a1")},
		{opAdd, f(1.5), s("a"), s("1.5a")},
		{opAdd, s("a"), True, s("atrue")},
		{opAdd, False, s("a"), s("falsea")},
		{opAdd, s("d:"), date(2020, 1, 2), s("d:2020-01-02")},
		{opAdd, s("t:"), tm(1, 2, 3, 4), s("t:01:02:03.000004")},
		{opAdd, s(""), dtm(2020, 1, 2, 3, 4, 5, 6), s("2020-01-02T03:04:05.000006")},
		{opAdd, date(2020, 1, 2), s("!"), s("2020-01-02!")},
		{opAdd, tm(1, 2, 3, 4), s("!"), s("01:02:03.000004!")},
		{opAdd, s("a"), dur(1, 1, 0), nullBadType},
		{opAdd, s("a"), l(), l(s("a"))},
		{opSub, s("a"), s("a"), nullBadType},
		// lists
		{opAdd, l(i(1)), l(i(2), i(3)), l(i(1), i(2), i(3))},
		{opAdd, l(i(1)), i(2), l(i(1), i(2))},
		{opAdd, i(0), l(i(1)), l(i(0), i(1))},
		{opAdd, l(), m("a", i(1)), l(m("a", i(1)))},
		{opAdd, v, l(), l(v)},
		{opAdd, l(), dur(1, 0, 0), l(dur(1, 0, 0))},
		{opAdd, dur(1, 0, 0), l(), nullBadType},
		{opAdd, l(), point(1, 2), nullBadType},
		{opAdd, point(1, 2), l(), nullBadType},
		{opAdd, l(), NewDataSet(&DataSet{}), nullBadType},
		{opSub, l(i(1)), i(1), nullBadType},
		// bad types
		{opAdd, True, True, nullBadType},
		{opAdd, True, i(1), nullBadType},
		{opMul, s("a"), i(2), nullBadType},
		{opDiv, True, i(1), nullBadType},
		{opMod, l(), i(1), nullBadType},
		{opAdd, v, v, nullBadType},
		{opAdd, m(), m(), nullBadType},
		// dates (tck TimeComputation)
		{opAdd, date(1984, 10, 11), dur(149, 14*86400+16*3600+12*60+70, 0), date(1997, 3, 25)},
		{opSub, date(1984, 10, 11), dur(149, 14*86400+16*3600+12*60+70, 0), date(1972, 4, 27)},
		{opAdd, tm(12, 31, 14, 0), dur(149, 14*86400+16*3600+12*60+70, 0), tm(4, 44, 24, 0)},
		{opSub, tm(12, 31, 14, 0), dur(149, 14*86400+16*3600+12*60+70, 0), tm(20, 18, 4, 0)},
		{opAdd, dtm(1984, 10, 11, 12, 31, 14, 0), dur(149, 14*86400+16*3600+12*60+70, 0), dtm(1997, 3, 26, 4, 44, 24, 0)},
		{opSub, dtm(1984, 10, 11, 12, 31, 14, 0), dur(149, 14*86400+16*3600+12*60+70, 0), dtm(1972, 4, 26, 20, 18, 4, 0)},
		{opAdd, date(2020, 1, 31), dur(1, 0, 0), date(2020, 3, 2)},
		{opAdd, date(2020, 3, 1), dur(-12, 0, 0), date(2019, 3, 1)},
		{opAdd, date(2020, 1, 15), dur(-12, 0, 0), date(2019, 1, 15)},
		{opAdd, date(2020, 1, 1), dur(0, -1, 0), date(2020, 1, 1)}, // seconds truncate to days
		{opAdd, date(2020, 1, 1), dur(0, -86400, 0), date(2019, 12, 31)},
		{opAdd, date(2020, 2, 28), i(1), date(2020, 2, 29)},
		{opAdd, i(1), date(2100, 2, 28), date(2100, 3, 1)},
		{opSub, date(2020, 3, 1), i(1), date(2020, 2, 29)},
		{opSub, date(2020, 3, 1), date(2020, 2, 1), i(29)},
		{opSub, date(1970, 1, 1), date(2000, 1, 1), i(-10957)},
		{opAdd, dtm(2020, 12, 31, 23, 59, 59, 999999), dur(0, 0, 1), dtm(2021, 1, 1, 0, 0, 0, 0)},
		{opSub, dtm(2021, 1, 1, 0, 0, 0, 0), dur(0, 0, 1), dtm(2020, 12, 31, 23, 59, 59, 999999)},
		{opAdd, tm(23, 59, 59, 999999), dur(0, 0, 1), tm(0, 0, 0, 0)},
		{opAdd, tm(0, 0, 0, 0), dur(0, math.MinInt64, 0), tm(8, 29, 52, 0)}, // MinInt64 mod 86400 = 30592
		{opAdd, dur(1, 2, 3), dur(4, 5, 6), dur(5, 7, 9)},
		{opSub, dur(1, 2, 3), dur(4, 5, 6), dur(-3, -3, -3)},
		{opAdd, date(2020, 1, 1), dtm(2020, 1, 1, 0, 0, 0, 0), nullBadType},
		{opAdd, dur(1, 0, 0), date(2020, 1, 1), nullBadType},
		{opSub, tm(1, 0, 0, 0), tm(0, 0, 0, 0), nullBadType},
	}
	for _, tt := range tests {
		got, err := tt.op.fn(tt.a, tt.b)
		if err != nil {
			t.Errorf("%s %s %s: unexpected error %v", tt.a.Literal(), tt.op.name, tt.b.Literal(), err)
			continue
		}
		if !Identical(got, tt.want) {
			t.Errorf("%s %s %s = %s, want %s", tt.a.Literal(), tt.op.name, tt.b.Literal(), got.Literal(), tt.want.Literal())
		}
	}
}

func TestArithmeticOverflow(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	tests := []struct {
		op   arithOp
		a, b int64
		msg  string // empty: no overflow
	}{
		{opAdd, maxI, 1, "result of (9223372036854775807+1) cannot be represented as an integer"},
		{opAdd, maxI, 0, ""},
		{opAdd, maxI - 1, 1, ""},
		{opAdd, -9223372036854775807, -2, "result of (-9223372036854775807+-2) cannot be represented as an integer"},
		{opAdd, minI, -1, "result of (-9223372036854775808+-1) cannot be represented as an integer"},
		{opAdd, minI, maxI, ""},
		{opSub, -9223372036854775807, 2, "result of (-9223372036854775807-2) cannot be represented as an integer"},
		{opSub, minI, 1, "result of (-9223372036854775808-1) cannot be represented as an integer"},
		{opSub, -9223372036854775807, 1, ""},
		{opSub, 0, minI, "result of (0--9223372036854775808) cannot be represented as an integer"},
		{opSub, -1, minI, ""},
		{opSub, maxI, -1, "result of (9223372036854775807--1) cannot be represented as an integer"},
		{opMul, maxI, 2, "result of (9223372036854775807*2) cannot be represented as an integer"},
		{opMul, -9223372036854775807, -2, "result of (-9223372036854775807*-2) cannot be represented as an integer"},
		{opMul, maxI, -2, "result of (9223372036854775807*-2) cannot be represented as an integer"},
		{opMul, minI, -1, "result of (-9223372036854775808*-1) cannot be represented as an integer"},
		{opMul, -1, minI, "result of (-1*-9223372036854775808) cannot be represented as an integer"},
		{opMul, minI, 1, ""},
		{opMul, maxI, -1, ""},
		{opMul, 4611686018427387904, 2, "result of (4611686018427387904*2) cannot be represented as an integer"},
		{opMul, 4611686018427387904, -2, ""},
		{opMul, 3037000500, 3037000500, "result of (3037000500*3037000500) cannot be represented as an integer"},
		{opMul, 3037000499, 3037000499, ""},
		{opDiv, minI, -1, "result of (-9223372036854775808/-1) cannot be represented as an integer"},
		{opDiv, maxI, -1, ""},
	}
	for _, tt := range tests {
		got, err := tt.op.fn(i(tt.a), i(tt.b))
		if tt.msg == "" {
			if err != nil || got.Kind() != KindInt {
				t.Errorf("%d %s %d = %s, %v; want an int", tt.a, tt.op.name, tt.b, got.Literal(), err)
			}
			continue
		}
		if err == nil || err.Error() != tt.msg || !errors.Is(err, ErrOverflow) {
			t.Errorf("%d %s %d error = %v, want %q wrapping ErrOverflow", tt.a, tt.op.name, tt.b, err, tt.msg)
		}
		if !Identical(got, nullOverflow) {
			t.Errorf("%d %s %d = %s, want OVERFLOW", tt.a, tt.op.name, tt.b, got.Literal())
		}
	}
}

func TestNeg(t *testing.T) {
	tests := []struct{ a, want Value }{
		{i(1), i(-1)},
		{i(math.MaxInt64), i(-math.MaxInt64)},
		{f(1.5), f(-1.5)},
		{dur(1, -2, 3), dur(-1, 2, -3)},
		{Null, Null},
		{nullBadData, nullBadData},
		{Empty, Empty},
		{s("a"), nullBadType},
		{True, nullBadType},
	}
	for _, tt := range tests {
		got, err := Neg(tt.a)
		if err != nil || !Identical(got, tt.want) {
			t.Errorf("-%s = %s, %v; want %s", tt.a.Literal(), got.Literal(), err, tt.want.Literal())
		}
	}
	got, err := Neg(i(math.MinInt64))
	const want = "result of -(-9223372036854775808) cannot be represented as an integer"
	if !errors.Is(err, ErrOverflow) || err.Error() != want || !Identical(got, nullOverflow) {
		t.Errorf("-MinInt64 = %s, %v; want OVERFLOW, %q", got.Literal(), err, want)
	}
}
