package value

import (
	"math"
	"testing"
)

// Shorthands for building test values.

func i(n int64) Value     { return NewInt(n) }
func f(x float64) Value   { return NewFloat(x) }
func s(x string) Value    { return NewString(x) }
func b(x bool) Value      { return NewBool(x) }
func l(vs ...Value) Value { return NewList(vs) }
func set(vs ...Value) Value {
	return NewSet(vs)
}

func m(kv ...any) Value {
	out := make(map[string]Value, len(kv)/2)
	for j := 0; j < len(kv); j += 2 {
		out[kv[j].(string)] = kv[j+1].(Value)
	}
	return NewMap(out)
}

func props(kv ...any) map[string]Value { return m(kv...).Map() }

func date(y, mo, d int) Value { return NewDate(Date{Year: int16(y), Month: int8(mo), Day: int8(d)}) }

func tm(h, mi, sec, us int) Value {
	return NewTime(Time{Hour: int8(h), Minute: int8(mi), Sec: int8(sec), Microsec: int32(us)})
}

func dtm(y, mo, d, h, mi, sec, us int) Value {
	return NewDateTime(DateTime{Year: int16(y), Month: int8(mo), Day: int8(d),
		Hour: int8(h), Minute: int8(mi), Sec: int8(sec), Microsec: int32(us)})
}

func dur(months int32, secs int64, us int32) Value {
	return NewDuration(Duration{Months: months, Seconds: secs, Microseconds: us})
}

func vx(vid Value, tags ...Tag) *Vertex { return &Vertex{VID: vid, Tags: tags} }

func vtx(vid Value, tags ...Tag) Value { return NewVertex(vx(vid, tags...)) }

func tag(name string, kv ...any) Tag { return Tag{Name: name, Props: props(kv...)} }

func edge(src, dst Value, typ int32, name string, rank int64, kv ...any) Value {
	return NewEdge(&Edge{Src: src, Dst: dst, Type: typ, Name: name, Ranking: rank, Props: props(kv...)})
}

func point(x, y float64) Value {
	return NewGeography(&Geography{Shape: GeoPoint, Point: Coordinate{X: x, Y: y}})
}

var (
	nullBadData = NewNull(NullBadData)
	nullNaN     = NewNull(NullNaN)
	nan         = math.NaN()
	pointOne    = 0.1 // a variable, so that pointOne + 0.2 is computed in float64
)

// samplePath is ("a" :player{age: 42})-[:like@0 {w: 1}]->("b")<-[:serve@2 {}]-("c" :team{}).
func samplePath() Value {
	return NewPath(&Path{
		Src: *vx(s("a"), tag("player", "age", i(42))),
		Steps: []Step{
			{Dst: *vx(s("b")), Type: 5, Name: "like", Ranking: 0, Props: props("w", i(1))},
			{Dst: *vx(s("c"), tag("team")), Type: -7, Name: "serve", Ranking: 2, Props: props()},
		},
	})
}

// sampleValues holds one or more values of every kind, nested composites
// included; tests use it as a corpus.
func sampleValues() []Value {
	return []Value{
		Empty, Null, nullBadType, nullDivByZero, nullOverflow, nullBadData, nullNaN,
		True, False,
		i(0), i(1), i(-1), i(math.MaxInt64), i(math.MinInt64),
		f(0), f(math.Copysign(0, -1)), f(1), f(1.5), f(-2.25), f(nan), f(math.Inf(1)), f(math.Inf(-1)),
		s(""), s("a"), s("Tim Duncan"), s("with \"quotes\"\n"),
		date(2020, 1, 1), date(-5, 12, 31), date(1970, 1, 1),
		tm(0, 0, 0, 0), tm(23, 59, 59, 999999), tm(12, 0, 0, 1),
		dtm(2020, 2, 29, 12, 34, 56, 789012), dtm(1970, 1, 1, 0, 0, 0, 0), dtm(-1, 1, 1, 0, 0, 0, 1),
		dur(0, 0, 0), dur(14, 100, 20), dur(-3, -86400, -5), dur(1, 2, 1<<24), dur(1, 2, -(1 << 24)),
		l(), l(i(1), f(2.5), s("x")), l(l(i(1)), Null, Empty),
		set(), set(i(1), i(2), s("x")),
		m(), m("a", i(1), "b", l(i(2)), "c", Null),
		vtx(s("v1")), vtx(i(7), tag("t1", "p", i(1)), tag("t2")),
		edge(s("a"), s("b"), 3, "like", 0, "w", f(0.5)), edge(i(1), i(2), -3, "like", 9),
		samplePath(),
		NewPath(&Path{Src: *vx(s("solo"))}),
		NewDataSet(&DataSet{ColNames: []string{"a", "b"}, Rows: []Row{{Values: []Value{i(1), s("x")}}, {Values: []Value{Null, Empty}}}}),
		NewDataSet(&DataSet{}),
		point(1, 2),
		NewGeography(&Geography{Shape: GeoLineString, Line: []Coordinate{{3, 8}, {4.7, 73.23}}}),
		NewGeography(&Geography{Shape: GeoPolygon, Rings: [][]Coordinate{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}),
	}
}

func mustEqualValue(t *testing.T, what string, got, want Value) {
	t.Helper()
	if !Identical(got, want) {
		t.Errorf("%s = %s (%s), want %s (%s)", what, got.Literal(), got.TypeName(), want.Literal(), want.TypeName())
	}
}
