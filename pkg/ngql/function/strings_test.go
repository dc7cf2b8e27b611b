package function

import (
	"math"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestStrings(t *testing.T) {
	runCalls(t, nil, []callCase{
		{"lower", args(s("AbC é")), s("abc é")},
		{"toLower", args(s("XY")), s("xy")},
		{"UPPER", args(s("abc")), s("ABC")},
		{"toupper", args(s("é")), s("é")},
		{"lower", args(null), null},
		{"lower", args(i(1)), nBadType},
		{"length", args(s("héllo")), i(6)},
		{"length", args(null), null},
		{"length", args(l()), nBadType},
		{"trim", args(s(" \t\nab c\r ")), s("ab c")},
		{"trim", args(s("\vab\v")), s("\vab\v")},
		{"ltrim", args(s("  ab  ")), s("ab  ")},
		{"rtrim", args(s("  ab  ")), s("  ab")},
		{"rtrim", args(f(1)), nBadType},
		{"strcasecmp", args(s("HELLO"), s("hello")), i(0)},
		{"strcasecmp", args(s("a"), s("B")), i(-1)},
		{"strcasecmp", args(s("abc"), s("ab")), i('c')},
		{"strcasecmp", args(s("a\x00z"), s("a")), i(0)},
		{"strcasecmp", args(null, s("a")), nBadType},
		{"left", args(s("abcdef"), i(3)), s("abc")},
		{"left", args(s("abc"), i(10)), s("abc")},
		{"left", args(s("abc"), i(-1)), nBadType},
		{"left", args(s("abc"), null), nBadType},
		{"left", args(null, i(1)), null},
		{"right", args(s("abcdef"), i(3)), s("def")},
		{"right", args(s("abc"), i(10)), s("abc")},
		{"right", args(s("abc"), i(0)), s("")},
		{"right", args(i(1), i(1)), nBadType},
		{"lpad", args(s("abc"), i(8), s("xy")), s("xyxyxabc")},
		{"lpad", args(s("abc"), i(2), s("xy")), s("ab")},
		{"lpad", args(s("abc"), i(-1), s("xy")), s("")},
		{"lpad", args(s("abc"), i(5), s("")), s("abc")},
		{"lpad", args(s("abc"), i(math.MaxInt64), s("x")), nBadData},
		{"lpad", args(null, i(1), s("x")), nBadType},
		{"rpad", args(s("abc"), i(8), s("xy")), s("abcxyxyx")},
		{"rpad", args(s("abc"), i(3), s("xy")), s("abc")},
		{"rpad", args(s("abc"), i(1), s("xy")), s("a")},
		{"substr", args(s("abcdef"), i(2)), s("cdef")},
		{"substr", args(s("abcdef"), i(2), i(3)), s("cde")},
		{"substring", args(s("abcdef"), i(2), i(100)), s("cdef")},
		{"substr", args(s("abc"), i(3)), s("")},
		{"substr", args(s("abc"), i(1), i(0)), s("")},
		{"substr", args(s("abc"), i(-1)), nBadData},
		{"substr", args(s("abc"), i(0), i(-1)), nBadData},
		{"substr", args(s("abc"), i(0), i(1<<32+1)), s("a")},
		{"substr", args(null, i(1)), null},
		{"substr", args(s("abc"), f(1)), nBadType},
		{"split", args(s("a,b,,c"), s(",")), l(s("a"), s("b"), s(""), s("c"))},
		{"split", args(s("a::b"), s("::")), l(s("a"), s("b"))},
		{"split", args(s("abc"), s("")), l(s("abc"))},
		{"split", args(s(""), s(",")), l(s(""))},
		{"split", args(s("ab"), s("abc")), l(s("ab"))},
		{"split", args(s("ab"), null), null},
		{"split", args(s("ab"), i(1)), nBadType},
		{"split", args(null, s(",")), null},
		{"reverse", args(s("abc")), s("cba")},
		{"reverse", args(l(i(1), i(2), i(3))), l(i(3), i(2), i(1))},
		{"reverse", args(null), null},
		{"reverse", args(i(1)), nBadType},
		{"replace", args(s("aXbXc"), s("X"), s("--")), s("a--b--c")},
		{"replace", args(s("abc"), s(""), s("-")), s("abc")},
		{"replace", args(s("abc"), null, s("-")), null},
		{"replace", args(s("abc"), i(1), s("-")), nBadType},
		{"md5", args(s("abc")), s("900150983cd24fb0d6963f7d28e17f72")},
		{"md5", args(null), null},
	})
}

func TestConcat(t *testing.T) {
	d := value.NewDate(value.Date{Year: 2021, Month: 7, Day: 9})
	tm := value.NewTime(value.Time{Hour: 1, Minute: 2, Sec: 3, Microsec: 4})
	dt := value.NewDateTime(value.DateTime{Year: 2021, Month: 7, Day: 9, Hour: 1, Minute: 2, Sec: 3, Microsec: 123456})
	runCalls(t, nil, []callCase{
		{"concat", args(s("Tim Duncan"), i(42), s("Manu Ginobili"), i(95)), s("Tim Duncan42Manu Ginobili95")},
		{"concat", args(s("a"), null, s("b")), null},
		{"concat", args(s("a"), l(), null), nBadData},
		{"concat", args(s("a"), empty), nBadData},
		{"concat", args(f(95), f(1.5), f(1234567.0), f(1e-5)), s("951.51.23457e+061e-05")},
		{"concat", args(b(true), d, s(" "), tm, s(" "), dt), s("true2021-07-09 01:02:03.000004 2021-07-09T01:02:03.123456")},
		{"concat_ws", args(s("-"), s("Tim Duncan"), i(42), s("Manu"), i(95)), s("Tim Duncan-42-Manu-95")},
		{"concat_ws", args(s("@"), s("a"), null, s("hello"), null, s("b")), s("a@hello@b")},
		{"concat_ws", args(i(1), s("a")), null},
		{"concat_ws", args(null, s("a")), null},
		{"concat_ws", args(s(","), f(95), f(0.5)), s("95,0.5")},
		{"concat_ws", args(s(","), s("a"), m()), nBadData},
	})
}

func TestExtract(t *testing.T) {
	runCalls(t, nil, []callCase{
		{"extract", args(s("Shaquille O'Neal"), s(`\w+`)), l(s("Shaquille"), s("O"), s("Neal"))},
		{"extract", args(s("Shaquille O'Neal"), s("hello")), l()},
		{"extract", args(s("abc"), s("(")), nBadData},
		{"extract", args(s("abc"), null), nBadType},
	})
}

func TestToString(t *testing.T) {
	runCalls(t, nil, []callCase{
		{"toString", args(i(-42)), s("-42")},
		{"toString", args(f(1)), s("1.0")},
		{"toString", args(f(3.14)), s("3.14")},
		{"toString", args(f(-0.5)), s("-0.5")},
		{"toString", args(f(1e21)), s("1E21.0")},
		{"toString", args(b(false)), s("false")},
		{"toString", args(s("x")), s("x")},
		{"toString", args(value.NewDate(value.Date{Year: 2020, Month: 1, Day: 2})), s("2020-01-02")},
		{"toString", args(null), null},
		{"toString", args(empty), nBadType},
		{"toString", args(l()), nBadType},
	})
}

func TestFormatStream(t *testing.T) {
	for in, want := range map[float64]string{
		95: "95", 1.234: "1.234", 1234567: "1.23457e+06", 0.0001: "0.0001", 1e-5: "1e-05",
		123456.5: "123456", math.Inf(-1): "-inf",
	} {
		if got := formatStream(in); got != want {
			t.Errorf("formatStream(%g) = %q, want %q", in, got, want)
		}
	}
}

func TestPadLimit(t *testing.T) {
	fn, _ := Lookup("rpad", 3)
	got := fn.Call(nil, args(s("a"), i(1000), s("bc")))
	if got.Kind() != value.KindString || len(got.Str()) != 1000 || !strings.HasPrefix(got.Str(), "abcb") {
		t.Errorf("rpad to 1000 = %q", got.Str())
	}
}
