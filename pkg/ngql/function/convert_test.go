package function

import (
	"math"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestConversions(t *testing.T) {
	runCalls(t, nil, []callCase{
		{"toBoolean", args(b(true)), b(true)},
		{"toBoolean", args(s("trUe")), b(true)},
		{"toBoolean", args(s("FALSE")), b(false)},
		{"toBoolean", args(s("3.14")), null},
		{"toBoolean", args(null), null},
		{"toBoolean", args(empty), null},
		{"toBoolean", args(i(1)), nBadType},

		{"toFloat", args(i(1)), f(1)},
		{"toFloat", args(f(3.14)), f(3.14)},
		{"toFloat", args(s("trUe")), null},
		{"toFloat", args(s("3.14")), f(3.14)},
		{"toFloat", args(s(" 2.5")), f(2.5)},
		{"toFloat", args(s("2.5 ")), null},
		{"toFloat", args(s("")), f(0)},
		{"toFloat", args(s("   ")), null},
		{"toFloat", args(s("1e3")), f(1000)},
		{"toFloat", args(s("0x10")), f(16)},
		{"toFloat", args(s("-inf")), f(math.Inf(-1))},
		{"toFloat", args(s("Infinity")), f(math.Inf(1))},
		{"toFloat", args(s("nan")), f(math.NaN())},
		{"toFloat", args(s("1e999")), f(math.Inf(1))},
		{"toFloat", args(s("1.5\x00junk")), f(1.5)},
		{"toFloat", args(null), null},
		{"toFloat", args(b(true)), nBadType},

		{"toInteger", args(i(1)), i(1)},
		{"toInteger", args(f(3.14)), i(3)},
		{"toInteger", args(f(-3.9)), i(-3)},
		{"toInteger", args(f(1e30)), i(math.MaxInt64)},
		{"toInteger", args(f(-1e30)), i(math.MinInt64)},
		{"toInteger", args(f(math.NaN())), i(math.MinInt64)},
		{"toInteger", args(s("trUe")), null},
		{"toInteger", args(s("3.14")), i(3)},
		{"toInteger", args(s("1e3")), i(1000)},
		{"toInteger", args(s("1E3")), i(1000)},
		{"toInteger", args(s("1.5E4")), i(15000)},
		{"toInteger", args(s(" -12")), i(-12)},
		{"toInteger", args(s("12abc")), null},
		{"toInteger", args(s("")), i(0)},
		{"toInteger", args(s("99999999999999999999")), nOverflow},
		{"toInteger", args(s("-9223372036854775808")), i(math.MinInt64)},
		{"toInteger", args(s("-9223372036854775809")), nOverflow},
		{"toInteger", args(s("1e400")), nOverflow},
		{"toInteger", args(s("1e19")), i(math.MinInt64)},
		{"toInteger", args(null), null},
		{"toInteger", args(b(true)), nBadType},

		{"toSet", args(l(i(1), i(2), i(3), i(1), i(2))), set(i(1), i(2), i(3))},
		{"toSet", args(set(i(1))), set(i(1))},
		{"toSet", args(null), null},
		{"toSet", args(b(true)), nBadType},
		{"toSet", args(i(1)), nBadType},
	})
}

func TestHash(t *testing.T) {
	// The numbers are NebulaGraph's (its reference tests and a build of
	// its std::hash<Value>).
	d := value.NewDate(value.Date{Year: 2020, Month: 1, Day: 1})
	runCalls(t, nil, []callCase{
		{"hash", args(s("Boris")), i(9126854228122744212)},
		{"hash", args(s("Hello")), i(2275118702903107253)},
		{"hash", args(i(123)), i(123)},
		{"hash", args(i(579)), i(579)},
		{"hash", args(f(123.0)), i(-2256853663865737834)},
		{"hash", args(b(true)), i(1)},
		{"hash", args(b(false)), i(0)},
		{"hash", args(f(0)), i(0)},
		{"hash", args(f(math.Copysign(0, -1))), i(0)},
		{"hash", args(null), i(-1)},
		{"hash", args(empty), i(0)},
		{"hash", args(s("")), i(int64(murmur64A(nil, murmurSeed)))},
		{"hash", args(d), i(int64(nebulaHash(d)))},
		{"hash", args(m()), nBadType},
		{"hash", args(value.NewTime(value.Time{})), nBadType},
	})
}
