package tck

import (
	"math"
	"testing"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// Helpers building wire values the way graphd sends them.
func vInt(i int64) *nebula.Value     { return &nebula.Value{IVal: &i} }
func vFloat(f float64) *nebula.Value { return &nebula.Value{FVal: &f} }
func vStr(s string) *nebula.Value    { return &nebula.Value{SVal: []byte(s)} }
func vBool(b bool) *nebula.Value     { return &nebula.Value{BVal: &b} }
func vNull(n nebula.NullType) *nebula.Value {
	return &nebula.Value{NVal: &n}
}
func vList(vs ...*nebula.Value) *nebula.Value { return &nebula.Value{LVal: &nebula.NList{Values: vs}} }
func vSet(vs ...*nebula.Value) *nebula.Value  { return &nebula.Value{UVal: &nebula.NSet{Values: vs}} }
func vMap(kv map[string]*nebula.Value) *nebula.Value {
	return &nebula.Value{MVal: &nebula.NMap{Kvs: kv}}
}

func vertex(vid *nebula.Value, tags ...*nebula.Tag) *nebula.Vertex {
	return &nebula.Vertex{Vid: vid, Tags: tags}
}

func tag(name string, kv map[string]*nebula.Value) *nebula.Tag {
	return &nebula.Tag{Name: []byte(name), Props: kv}
}

func TestCompareValue(t *testing.T) {
	tim := vertex(vStr("Tim Duncan"), tag("player", map[string]*nebula.Value{"name": vStr("Tim Duncan"), "age": vInt(42)}),
		tag("bachelor", map[string]*nebula.Value{"name": vStr("Tim Duncan")}))
	tony := vertex(vStr("Tony Parker"), tag("player", map[string]*nebula.Value{"name": vStr("Tony Parker"), "age": vInt(36)}))
	like := &nebula.Edge{Src: vStr("Tim Duncan"), Dst: vStr("Tony Parker"), Type: 3, Name: []byte("like"), Ranking: 0,
		Props: map[string]*nebula.Value{"likeness": vInt(95)}}
	likeReversed := &nebula.Edge{Src: vStr("Tony Parker"), Dst: vStr("Tim Duncan"), Type: -3, Name: []byte("like"), Ranking: 0,
		Props: map[string]*nebula.Value{"likeness": vInt(95)}}
	path := &nebula.Path{Src: tim, Steps: []*nebula.Step{{Dst: tony, Type: 3, Name: []byte("like"), Ranking: 0,
		Props: map[string]*nebula.Value{"likeness": vInt(95)}}}}
	hashed := vertex(vInt(murmurHash2([]byte("Tim Duncan"))), tag("player", map[string]*nebula.Value{}))
	date := &nebula.Value{DVal: &nebula.Date{Year: 2020, Month: 1, Day: 2}}
	tm := &nebula.Value{TVal: &nebula.Time{Hour: 4, Minute: 44, Sec: 24}}
	dt := &nebula.Value{DtVal: &nebula.DateTime{Year: 1984, Month: 10, Day: 11, Hour: 12, Minute: 31, Sec: 14, Microsec: 5}}

	for _, c := range []struct {
		name    string
		strict  bool
		intVid  bool
		actual  *nebula.Value
		cell    string
		matches bool
	}{
		{"int", true, false, vInt(1), "1", true},
		{"int is not float", true, false, vInt(1), "1.0", false},
		{"float tolerance", true, false, vFloat(0.1 + 0.2), "0.3", true},
		{"float differs", true, false, vFloat(0.3001), "0.3", false},
		{"nan", true, false, vFloat(math.NaN()), "nan", true},
		{"inf", true, false, vFloat(math.Inf(1)), "inf", true},
		{"-inf", true, false, vFloat(math.Inf(-1)), "-inf", true},
		{"inf is not -inf", true, false, vFloat(math.Inf(1)), "-inf", false},
		{"nan is not a number", true, false, vFloat(math.NaN()), "1.5", false},
		{"string", true, false, vStr("a"), `"a"`, true},
		{"bool", true, false, vBool(false), "false", true},
		{"null", true, false, vNull(nebula.NullType___NULL__), "NULL", true},
		{"null kinds differ", true, false, vNull(nebula.NullType_BAD_TYPE), "NULL", false},
		{"bad type", true, false, vNull(nebula.NullType_BAD_TYPE), "BAD_TYPE", true},
		{"empty", true, false, &nebula.Value{}, "EMPTY", true},
		{"empty is not null", true, false, &nebula.Value{}, "NULL", false},
		{"date as string", true, false, date, "'2020-01-02'", true},
		{"time as string", true, false, tm, "'04:44:24.000000'", true},
		{"datetime as string", true, false, dt, "'1984-10-11T12:31:14.000005'", true},
		{"list is a multiset", true, false, vList(vInt(1), vInt(2), vInt(2)), "[2, 1, 2]", true},
		{"list length", true, false, vList(vInt(1), vInt(2)), "[1, 2, 2]", false},
		{"list multiplicity", true, false, vList(vInt(1), vInt(1), vInt(2)), "[1, 2, 2]", false},
		{"set", true, false, vSet(vInt(3), vInt(1)), "{1, 3}", true},
		{"set is not list", true, false, vSet(vInt(1)), "[1]", false},
		{"map", true, false, vMap(map[string]*nebula.Value{"a": vInt(1), "b": vStr("x")}), `{b: "x", a: 1}`, true},
		{"map extra key", true, false, vMap(map[string]*nebula.Value{"a": vInt(1), "b": vStr("x")}), `{a: 1}`, false},
		{"vertex strict", true, false, &nebula.Value{VVal: tim},
			`("Tim Duncan" :bachelor{name: "Tim Duncan"} :player{age: 42, name: "Tim Duncan"})`, true},
		{"vertex strict needs every tag", true, false, &nebula.Value{VVal: tim}, `("Tim Duncan" :player{age: 42, name: "Tim Duncan"})`, false},
		{"vertex strict needs tags", true, false, &nebula.Value{VVal: tim}, `("Tim Duncan")`, false},
		{"vertex strict bare is no tags", true, false, &nebula.Value{VVal: vertex(vStr("a"))}, `("a")`, true},
		{"vertex relax bare", false, false, &nebula.Value{VVal: tim}, `("Tim Duncan")`, true},
		{"vertex relax tag subset", false, false, &nebula.Value{VVal: tim}, `("Tim Duncan" :player)`, true},
		{"vertex relax props are whole", false, false, &nebula.Value{VVal: tim}, `("Tim Duncan" :player{age: 42})`, false},
		{"vertex relax wrong vid", false, false, &nebula.Value{VVal: tim}, `("Tony Parker")`, false},
		{"int vid from string", false, true, &nebula.Value{VVal: hashed}, `("Tim Duncan")`, true},
		{"int vid needs int space", false, false, &nebula.Value{VVal: hashed}, `("Tim Duncan")`, false},
		{"edge strict", true, false, &nebula.Value{EVal: like}, `[:like "Tim Duncan"->"Tony Parker" @0 {likeness: 95}]`, true},
		{"edge strict needs props", true, false, &nebula.Value{EVal: like}, `[:like "Tim Duncan"->"Tony Parker" @0]`, false},
		{"edge strict rank", true, false, &nebula.Value{EVal: like}, `[:like "Tim Duncan"->"Tony Parker" @1 {likeness: 95}]`, false},
		{"edge reversed is written stored-way", true, false, &nebula.Value{EVal: likeReversed},
			`[:like "Tim Duncan"->"Tony Parker" @0 {likeness: 95}]`, true},
		{"edge relax", false, false, &nebula.Value{EVal: like}, `[:like]`, true},
		{"edge relax wrong name", false, false, &nebula.Value{EVal: like}, `[:serve]`, false},
		{"edge relax ends", false, false, &nebula.Value{EVal: like}, `["Tim Duncan"->"Tony Parker"]`, true},
		{"path strict", true, false, &nebula.Value{PVal: path},
			`<("Tim Duncan" :bachelor{name: "Tim Duncan"} :player{age: 42, name: "Tim Duncan"})-[:like@0 {likeness: 95}]->("Tony Parker" :player{age: 36, name: "Tony Parker"})>`, true},
		{"path relax", false, false, &nebula.Value{PVal: path}, `<("Tim Duncan")-[:like@0]->("Tony Parker")>`, true},
		{"path relax bare steps", false, false, &nebula.Value{PVal: path}, `<("Tim Duncan")-->("Tony Parker")>`, true},
		{"path relax length", false, false, &nebula.Value{PVal: path}, `<("Tim Duncan")>`, false},
		{"path relax direction", false, false, &nebula.Value{PVal: path}, `<("Tim Duncan")<--("Tony Parker")>`, false},
		{"regex on printed form", true, false, vInt(12345), `/\d+/`, true},
		{"regex anchored at start", true, false, vStr("ab"), `/b/`, false},
		{"regex on vertex", true, false, &nebula.Value{VVal: tony}, `/\("Tony Parker":player/`, true},
	} {
		w, err := parseCell(c.cell)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		cmp := comparator{strict: c.strict, intVid: c.intVid}
		if got := cmp.value(c.actual, w); got != c.matches {
			t.Errorf("%s: %s vs %s = %v, want %v", c.name, printValue(c.actual), c.cell, got, c.matches)
		}
	}
}

func TestCompareTable(t *testing.T) {
	row := func(vs ...*nebula.Value) *nebula.Row { return &nebula.Row{Values: vs} }
	cols := [][]byte{[]byte("a"), []byte("b")}
	rows := []*nebula.Row{row(vInt(1), vStr("x")), row(vInt(2), vStr("y")), row(vInt(2), vStr("y"))}
	table := func(cells ...[]string) [][]*want {
		var out [][]*want
		for _, r := range cells {
			var wr []*want
			for _, c := range r {
				w, err := parseCell(c)
				if err != nil {
					t.Fatal(err)
				}
				wr = append(wr, w)
			}
			out = append(out, wr)
		}
		return out
	}
	for _, c := range []struct {
		name string
		cmp  comparator
		cols []string
		rows [][]*want
		ok   bool
	}{
		{"any order", comparator{strict: true}, []string{"a", "b"}, table([]string{"2", `"y"`}, []string{"1", `"x"`}, []string{"2", `"y"`}), true},
		{"multiplicity", comparator{strict: true}, []string{"a", "b"}, table([]string{"2", `"y"`}, []string{"1", `"x"`}, []string{"1", `"x"`}), false},
		{"missing row", comparator{strict: true}, []string{"a", "b"}, table([]string{"2", `"y"`}, []string{"1", `"x"`}), false},
		{"column names", comparator{strict: true}, []string{"a", "c"}, table([]string{"1", `"x"`}, []string{"2", `"y"`}, []string{"2", `"y"`}), false},
		{"in order", comparator{strict: true, order: true}, []string{"a", "b"}, table([]string{"1", `"x"`}, []string{"2", `"y"`}, []string{"2", `"y"`}), true},
		{"out of order", comparator{strict: true, order: true}, []string{"a", "b"}, table([]string{"2", `"y"`}, []string{"1", `"x"`}, []string{"2", `"y"`}), false},
		{"contains", comparator{strict: true, mode: modeContains}, []string{"a", "b"}, table([]string{"2", `"y"`}), true},
		{"contains absent", comparator{strict: true, mode: modeContains}, []string{"a", "b"}, table([]string{"3", `"y"`}), false},
		{"not contains", comparator{strict: true, mode: modeNotContains}, []string{"a", "b"}, table([]string{"3", `"y"`}), true},
		{"not contains present", comparator{strict: true, mode: modeNotContains}, []string{"a", "b"}, table([]string{"1", `"x"`}), false},
	} {
		mm := c.cmp.compare(cols, rows, c.cols, c.rows)
		if (mm == nil) != c.ok {
			t.Errorf("%s: mismatch %+v, want ok=%v", c.name, mm, c.ok)
		}
	}
	if mm := (&comparator{mode: modeNotContains}).compare(cols, nil, []string{"z"}, nil); mm != nil {
		t.Errorf("not contains on no rows: %+v", mm)
	}
}

func TestPyFloat(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1.0", 0.1: "0.1", -2.5: "-2.5", 1e16: "1e+16", 1.5e16: "1.5e+16", 1e15: "1000000000000000.0",
		0.0001: "0.0001", 0.00001: "1e-05", 123456789.125: "123456789.125",
	} {
		if got := pyFloat(f); got != want {
			t.Errorf("pyFloat(%v) = %q, want %q", f, got, want)
		}
	}
}
