package tck

import (
	"strings"
	"testing"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

func TestParseCell(t *testing.T) {
	for _, c := range []struct {
		in    string
		kind  wantKind
		print string
	}{
		// The reference runner's own self-test cases (tests/tck/utils/nbv.py).
		{`EMPTY`, wantEmpty, `EMPTY`},
		{`NULL`, wantNull, `__NULL__`},
		{`NaN`, wantFloat, `nan`}, // a float, as parser/nebula.feature has it
		{`nan`, wantFloat, `nan`},
		{`inf`, wantFloat, `inf`},
		{`-inf`, wantFloat, `-inf`},
		{`BAD_DATA`, wantNull, `BAD_DATA`},
		{`BAD_TYPE`, wantNull, `BAD_TYPE`},
		{`OVERFLOW`, wantNull, `ERR_OVERFLOW`},
		{`UNKNOWN_PROP`, wantNull, `UNKNOWN_PROP`},
		{`DIV_BY_ZERO`, wantNull, `DIV_BY_ZERO`},
		{`OUT_OF_RANGE`, wantNull, `OUT_OF_RANGE`},
		{`123`, wantInt, `123`},
		{`-123`, wantInt, `-123`},
		{`3.14`, wantFloat, `3.14`},
		{`-3.14`, wantFloat, `-3.14`},
		{`true`, wantBool, `true`},
		{`True`, wantBool, `true`},
		{`fAlse`, wantBool, `false`},
		{`'string'`, wantString, `string`},
		{`"string'string'"`, wantString, `string'string'`},
		{`/^[_a-z][-_a-z0-9]*$/`, wantRegex, `/^[_a-z][-_a-z0-9]*$/`},
		{`/\//`, wantRegex, `///`},
		{`hash("hello")`, wantInt, `2762169579135187400`},
		{`hash("World")`, wantInt, `-295471233978816215`},
		{`[]`, wantList, `[]`},
		{`[{}]`, wantList, `[{}]`},
		{`[1,2,3]`, wantList, `[1,2,3]`},
		{`{1,2,3}`, wantSet, `{1,2,3}`},
		{`{}`, wantMap, `{}`},
		{`{k1:1,"k2":true}`, wantMap, `{k1:1,k2:true}`},
		{`()`, wantVertex, `()`},
		{`("vid")`, wantVertex, `("vid")`},
		{`(123)`, wantVertex, `(123)`},
		{`(-123)`, wantVertex, `(-123)`},
		{`(hash("vid"))`, wantVertex, `(4149134252121725748)`},
		{`("vid":t:t)`, wantVertex, `("vid":t:t)`},
		{`("vid":t1{p1:0,p2:" "}:t2{})`, wantVertex, `("vid":t1{p1:0,p2: }:t2{})`},
		{`[:e]`, wantEdge, `[:e ]`},
		{`[@-1]`, wantEdge, `[ @-1]`},
		{`["1"->"2"]`, wantEdge, `[ "1"->"2"]`},
		{`[-1->-2]`, wantEdge, `[ -1->-2]`},
		{`[:e"1"->"2"@123{}]`, wantEdge, `[:e "1"->"2"@123{}]`},
		{`[:like "a"<-"b"]`, wantEdge, `[:like "a"<-"b"]`},
		{`<()>`, wantPath, `<()>`},
		{`<()-->()<--()>`, wantPath, `<()-[]->()<-[]-()>`},
		{`<("v1")-[:e1]->()<-[:e2]-("v2")>`, wantPath, `<("v1")-[:e1]->()<-[:e2]-("v2")>`},
		// Spellings beyond the reference.
		{``, wantEmpty, `EMPTY`},
		{`__EMPTY__`, wantEmpty, `EMPTY`},
		{`__NULL__`, wantNull, `__NULL__`},
		{`1.5e3`, wantFloat, `1500.0`},
		{`'a\'b\tc\nd'`, wantString, "a'b\tc\nd"},
		{`[[:e2{}],[:e3{}]]`, wantList, `[[:e2 {}],[:e3 {}]]`},
		{`[:serve "Tim Duncan"->"Spurs" @0 {end_year: 2016, start_year: 1997}]`, wantEdge,
			`[:serve "Tim Duncan"->"Spurs"@0{end_year:2016,start_year:1997}]`},
		{`<("a" :p{n: "a"})-[:like@0 {likeness: 95}]->("b" :p{n: "b"})>`, wantPath,
			`<("a":p{n:a})-[:like@0{likeness:95}]->("b":p{n:b})>`},
	} {
		w, err := parseCell(c.in)
		if err != nil {
			t.Errorf("parseCell(%q): %v", c.in, err)
			continue
		}
		if w.kind != c.kind || printWant(w) != c.print {
			t.Errorf("parseCell(%q) = kind %d %q, want kind %d %q", c.in, w.kind, printWant(w), c.kind, c.print)
		}
	}
}

func TestParseCellNullKind(t *testing.T) {
	w, err := parseCell("OVERFLOW")
	if err != nil || w.null != nebula.NullType_ERR_OVERFLOW {
		t.Fatalf("OVERFLOW = %+v, %v", w, err)
	}
}

func TestParseCellErrors(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{`"open`, "unterminated string"},
		{`/open`, "unterminated regex"},
		{`player`, "unknown word"},
		{`[1, 2`, "expected `]'"},
		{`1 2`, "after the value"},
		{`hash(1)`, "hash takes one string"},
		{`md5("x")`, "unknown function"},
		{`("a" :)`, "expected a tag name"},
		{`["a"->]`, "destination vid"},
		{`<("a")=>`, "unexpected"},
		{`/[/`, "missing closing"},
		{`<id_201>`, "expected `('"},
	} {
		_, err := parseCell(c.in)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("parseCell(%q) error = %v, want %q", c.in, err, c.err)
		}
	}
}

// FuzzParseCell checks that no input panics the parser and that what it
// accepts prints.
func FuzzParseCell(f *testing.F) {
	for _, s := range []string{`[1, "a", {k: 2.5}]`, `<("a":t{p:1})-[:e@0{}]->("b")>`, `[:e "a"->"b"@1{}]`, `{1,2}`, `/x/`, `hash("x")`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if w, err := parseCell(s); err == nil {
			_ = printWant(w)
		}
	})
}
