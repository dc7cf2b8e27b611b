package value

import (
	"math"
	"testing"
)

func TestFormatFloat(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{1, "1"},
		{123, "123"},
		{-2.5, "-2.5"},
		{pointOne + 0.2, "0.30000000000000004"},
		{math.Mod(2.5, 1.2), "0.10000000000000009"},
		{34.666666666666664, "34.666666666666664"},
		{1e20, "100000000000000000000"},
		{1e21, "1E21"},
		{1.5e21, "1.5E21"},
		{1e-6, "0.000001"},
		{1.5e-7, "1.5E-7"},
		{1234e-10, "1.234E-7"},
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{math.MaxFloat64, "1.7976931348623157E308"},
		{math.SmallestNonzeroFloat64, "5E-324"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, tt := range tests {
		if got := FormatFloat(tt.f); got != tt.want {
			t.Errorf("FormatFloat(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func tckVertices() (duncan, parker Value) {
	// Tags deliberately out of name order: Literal sorts them.
	duncan = vtx(s("Tim Duncan"),
		tag("player", "age", i(42), "name", s("Tim Duncan")),
		tag("bachelor", "name", s("Tim Duncan"), "speciality", s("psychology")))
	parker = vtx(s("Tony Parker"), tag("player", "age", i(36), "name", s("Tony Parker")))
	return duncan, parker
}

func TestString(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{Empty, "__EMPTY__"},
		{Null, "NULL"},
		{nullBadType, "__NULL_BAD_TYPE__"},
		{nullOverflow, "__NULL_OVERFLOW__"},
		{nullDivByZero, "__NULL_DIV_BY_ZERO__"},
		{NewNull(NullUnknownProp), "__NULL_UNKNOWN_PROP__"},
		{True, "true"},
		{i(-12), "-12"},
		{f(123), "123"},
		{f(1.5), "1.5"},
		{s(`a"b`), `"a"b"`},
		{date(2020, 1, 2), "2020-01-02"},
		{date(-5, 12, 31), "-5-12-31"},
		{tm(1, 2, 3, 4), "01:02:03.000004"},
		{dtm(2017, 3, 4, 22, 30, 40, 3000), "2017-03-04T22:30:40.003000"},
		{dur(14, 100, 20), "P14MT100.000020000S"},
		{dur(12, 0, 0), "P12MT0.000000000S"},
		{dur(0, 1, 1500000), "P0MT2.500000000S"},
		{dur(0, 0, -5), "P0MT0.0000-5000S"}, // folly pads around the sign
		{l(i(1), s("a"), l()), `[1,"a",[]]`},
		{set(i(1), i(2)), "{1,2}"},
		{m("b", s("x"), "a", i(1)), `{a:1,b:"x"}`},
		{vtx(s("v")), `("v")`},
		{vtx(i(1), tag("t", "p", i(1), "q", f(2))), `(1) Tag: t, p:1,q:2`},
		{edge(s("a"), s("b"), 3, "like", 0, "w", f(0.5)), `("a")-[like(3)]->("b")@0 w:0.5`},
		{edge(s("a"), s("b"), -3, "like", 7), `("a")-[like(-3)]->("b")@7`},
		{point(3, 8), "POINT(3 8)"},
		{NewGeography(&Geography{Shape: GeoLineString, Line: []Coordinate{{3, 8}, {4.7, 73.23}}}), "LINESTRING(3 8, 4.7 73.23)"},
		{NewGeography(&Geography{Shape: GeoPolygon, Rings: [][]Coordinate{{{0, 0}, {1, 0}, {0, 0}}, {{0.1, 0.1}}}}), "POLYGON((0 0, 1 0, 0 0), (0.1 0.1))"},
		{NewDataSet(&DataSet{ColNames: []string{"a", "b"}, Rows: []Row{{Values: []Value{i(1), s("x")}}}}), "a|b|\n1,\"x\"\n"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("String(%s) = %q, want %q", tt.v.TypeName(), got, tt.want)
		}
	}
}

func TestLiteral(t *testing.T) {
	duncan, parker := tckVertices()
	teammate := NewPath(&Path{
		Src: *duncan.Vertex(),
		Steps: []Step{{Dst: *parker.Vertex(), Type: -4, Name: "teammate", Ranking: 0,
			Props: props("end_year", i(2016), "start_year", i(2001))}},
	})
	tests := []struct {
		v    Value
		want string
	}{
		{Empty, "EMPTY"},
		{Null, "NULL"},
		{nullBadType, "BAD_TYPE"},
		{NewNull(NullUnknownProp), "UNKNOWN_PROP"},
		{nullOverflow, "OVERFLOW"},
		{nullDivByZero, "DIV_BY_ZERO"},
		{True, "true"},
		{i(-9223372036854775808), "-9223372036854775808"},
		{f(100), "100.0"},
		{f(1.1), "1.1"},
		{f(1234e-10), "0.0000001234"},
		{f(1e21), "1e21"},
		{f(34.666666666666664), "34.666666666666664"},
		{s("Tim Duncan"), `"Tim Duncan"`},
		{s("a\"b\\c\nd"), `"a\"b\\c\nd"`},
		{l(i(1), f(1.1), f(100), f(0.0000001234), True), "[1, 1.1, 100.0, 0.0000001234, true]"},
		{m("p3", s("test"), "p1", i(1), "p2", True), `{p1: 1, p2: true, p3: "test"}`},
		{set(i(3), i(1), i(2)), "{3, 1, 2}"},
		{l(), "[]"},
		{date(2017, 3, 4), "2017-03-04"},
		{tm(23, 1, 0, 0), "23:01:00.000000"},
		{dtm(2017, 3, 4, 22, 30, 40, 0), "2017-03-04T22:30:40.000000"},
		{duncan, `("Tim Duncan" :bachelor{name: "Tim Duncan", speciality: "psychology"} :player{age: 42, name: "Tim Duncan"})`},
		{vtx(s("Null1"), tag("player", "age", i(-1), "name", Null)), `("Null1" :player{age: -1, name: NULL})`},
		{vtx(i(7)), "(7)"},
		{vtx(s("x"), tag("t")), `("x" :t{})`},
		{edge(s("Tim Duncan"), s("Manu Ginobili"), 5, "like", 0, "likeness", i(95)), `[:like "Tim Duncan"->"Manu Ginobili" @0 {likeness: 95}]`},
		{edge(s("Manu Ginobili"), s("Tim Duncan"), -5, "like", 0, "likeness", i(95)), `[:like "Tim Duncan"->"Manu Ginobili" @0 {likeness: 95}]`},
		{edge(i(1), i(2), 1, "e", -1), `[:e 1->2 @-1 {}]`},
		{teammate, `<("Tim Duncan" :bachelor{name: "Tim Duncan", speciality: "psychology"} :player{age: 42, name: "Tim Duncan"})<-[:teammate@0 {end_year: 2016, start_year: 2001}]-("Tony Parker" :player{age: 36, name: "Tony Parker"})>`},
		{samplePath(), `<("a" :player{age: 42})-[:like@0 {w: 1}]->("b")<-[:serve@2 {}]-("c" :team{})>`},
		{NewPath(&Path{Src: *vx(s("a"))}), `<("a")>`},
		{point(3, 8), "POINT(3 8)"},
		{dur(1, 100, 20), "P1MT100.000020000S"},
		{NewDataSet(&DataSet{ColNames: []string{"a"}, Rows: []Row{{Values: []Value{f(1)}}}}), `{columns: ["a"], rows: [[1.0]]}`},
	}
	for _, tt := range tests {
		if got := tt.v.Literal(); got != tt.want {
			t.Errorf("Literal(%s) = %s, want %s", tt.v.TypeName(), got, tt.want)
		}
	}
	// The tags of the vertex itself must not have been reordered.
	if duncan.Vertex().Tags[0].Name != "player" {
		t.Error("Literal reordered the vertex's tags in place")
	}
}

func TestTemporalText(t *testing.T) {
	if got := (Date{Year: 2020, Month: 2, Day: 29}).String(); got != "2020-02-29" {
		t.Errorf("Date.String = %q", got)
	}
	if got := (Time{Hour: 9, Minute: 5, Sec: 0, Microsec: 10}).String(); got != "09:05:00.000010" {
		t.Errorf("Time.String = %q", got)
	}
	if got := (Duration{Months: -1, Seconds: -2}).String(); got != "P-1MT-2.000000000S" {
		t.Errorf("Duration.String = %q", got)
	}
}
