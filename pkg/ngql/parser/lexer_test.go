package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

func tokenName(id int) string {
	if id == 0 {
		return "$end"
	}
	return yyToknames[id-KW_BOOL+3]
}

// tokens scans src and renders each token as NAME(value)@line.col-col.
func tokens(src string) (out []string, err error) {
	l := newLexer(src, &Config{}, 0)
	defer func() {
		if r := recover(); r != nil {
			err = l.err
		}
	}()
	for {
		var v yySymType
		id := l.Lex(&v)
		s := tokenName(id)
		switch id {
		case LABEL, VARIABLE, STRING, IPV4:
			s += fmt.Sprintf("(%q)", v.str)
		case INTEGER, INT_MIN:
			s += fmt.Sprintf("(%d)", v.i)
		case DOUBLE:
			s += fmt.Sprintf("(%g)", v.f)
		case BOOL:
			s += fmt.Sprintf("(%v)", v.b)
		}
		s += fmt.Sprintf("@%d.%d-%d.%d", v.span.begin.line, v.span.begin.col, v.span.end.line, v.span.end.col)
		out = append(out, s)
		if id == 0 {
			return out, nil
		}
	}
}

func TestScanner(t *testing.T) {
	tests := []struct{ src, want string }{
		// Fused operators, with any blanks between the words.
		{"a NOT IN b", `LABEL("a")@1.1-1.2 KW_NOT_IN@1.3-1.9 LABEL("b")@1.10-1.11 $end@1.10-1.11`},
		{"IS\n NOT\tNULL", `KW_IS_NOT_NULL@1.1-1.13 $end@1.1-1.13`},
		{"x not  starts with y", `LABEL("x")@1.1-1.2 KW_NOT_STARTS_WITH@1.3-1.19 LABEL("y")@1.20-1.21 $end@1.20-1.21`},
		// Like flex, the longest match wins even inside a longer word.
		{"NOT INDEX", `KW_NOT_IN@1.1-1.7 LABEL("DEX")@1.7-1.10 $end@1.7-1.10`},
		{"is", `LABEL("is")@1.1-1.3 $end@1.1-1.3`},
		// Pattern punctuation.
		{"-[ ]- <-[ ]-> --) --> <-- <--> -> <- < -", `MINUS_L_BRACKET@1.1-1.3 R_BRACKET_MINUS@1.4-1.6 L_ARROW_L_BRACKET@1.7-1.10 R_BRACKET_R_ARROW@1.11-1.14 MINUS_MINUS@1.15-1.17 R_PAREN@1.17-1.18 MINUS_R_ARROW@1.19-1.22 L_ARROW_MINUS@1.23-1.26 L_ARROW_R_ARROW@1.27-1.31 R_ARROW@1.32-1.34 LT@1.35-1.36 MINUS@1.36-1.37 LT@1.38-1.39 MINUS@1.40-1.41 $end@1.40-1.41`},
		// "--" is an edge, never a comment.
		{"a -- b", `LABEL("a")@1.1-1.2 MINUS_MINUS@1.3-1.5 LABEL("b")@1.6-1.7 $end@1.6-1.7`},
		// Numbers.
		{"0x1F 017 019 1..2 1.5 .5 1. 1e3 1.2.3.4", `INTEGER(31)@1.1-1.5 INTEGER(15)@1.6-1.9 INTEGER(19)@1.10-1.13 INTEGER(1)@1.14-1.15 DOT_DOT@1.15-1.17 INTEGER(2)@1.17-1.18 DOUBLE(1.5)@1.19-1.22 DOUBLE(0.5)@1.23-1.25 DOUBLE(1)@1.26-1.28 DOUBLE(1000)@1.29-1.32 IPV4("1.2.3.4")@1.33-1.40 $end@1.33-1.40`},
		{"9223372036854775808", `INT_MIN(-9223372036854775808)@1.1-1.20 $end@1.1-1.20`},
		// A string's location is its closing quote.
		{`"ab\"c" 'd'`, `STRING("ab\"c")@1.7-1.8 STRING("d")@1.11-1.12 $end@1.11-1.12`},
		{"`a b` `a-b` `中`", "LABEL(\"a b\")@1.1-1.6 LABEL(\"a-b\")@1.11-1.12 LABEL(\"中\")@1.13-1.18 $end@1.13-1.18"},
		// References and properties.
		{"$a $-.b $^ $$ e._src E._RANK", `VARIABLE("a")@1.1-1.3 INPUT_REF@1.4-1.6 DOT@1.6-1.7 LABEL("b")@1.7-1.8 SRC_REF@1.9-1.11 DST_REF@1.12-1.14 LABEL("e")@1.15-1.16 DOT@1.16-1.17 SRC_ID_PROP@1.17-1.21 LABEL("E")@1.22-1.23 DOT@1.23-1.24 RANK_PROP@1.24-1.29 $end@1.24-1.29`},
		// Keywords are case-insensitive; names keep their case.
		{"yield Go TRUE false Space", `KW_YIELD@1.1-1.6 KW_GO@1.7-1.9 BOOL(true)@1.10-1.14 BOOL(false)@1.15-1.20 KW_SPACE@1.21-1.26 $end@1.21-1.26`},
		// Comments; only newlines outside comments start a line.
		{"a # x\nb /* y\nz */ c // w\nd", `LABEL("a")@1.1-1.2 LABEL("b")@2.1-2.2 LABEL("c")@2.13-2.14 LABEL("d")@3.1-3.2 $end@3.1-3.2`},
		// Unknown bytes are tokens of their own.
		{"a & b", `LABEL("a")@1.1-1.2 ILLEGAL@1.3-1.4 LABEL("b")@1.5-1.6 $end@1.5-1.6`},
		{"a\xc2\xa0b", `LABEL("a")@1.1-1.2 LABEL("b")@1.4-1.5 $end@1.4-1.5`},
	}
	for _, tt := range tests {
		got, err := tokens(tt.src)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%q:\n got  %s\n want %s", tt.src, g, tt.want)
		}
	}
}

// TestKeywordsMatchAST keeps the scanner's keywords and ast.Keywords (which
// the printer uses to decide what to quote) the same set, and checks that
// the non-reserved ones really are usable as names.
func TestKeywordsMatchAST(t *testing.T) {
	for w := range keywords {
		if _, ok := ast.Keywords[w]; !ok {
			t.Errorf("scanner keyword %s missing from ast.Keywords", w)
		}
	}
	for w, reserved := range ast.Keywords {
		if _, ok := keywords[w]; !ok {
			t.Errorf("ast keyword %s unknown to the scanner", w)
			continue
		}
		_, err := Parse("YIELD 1 AS " + strings.ToLower(w))
		if reserved && err == nil {
			t.Errorf("reserved keyword %s accepted as a name", w)
		}
		if !reserved && err != nil {
			t.Errorf("non-reserved keyword %s rejected as a name: %v", w, err)
		}
	}
}

// TestSyntaxErrorPosition checks the location fields of a SyntaxError.
func TestSyntaxErrorPosition(t *testing.T) {
	_, err := Parse("YIELD 1;\nYIELD )")
	se, ok := err.(*SyntaxError)
	if !ok {
		t.Fatalf("got %T %v", err, err)
	}
	if se.Offset != 15 || se.Line != 2 || se.Column != 7 {
		t.Errorf("got offset %d line %d column %d", se.Offset, se.Line, se.Column)
	}
}
