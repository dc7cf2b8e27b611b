package parser

import (
	"os"
	"reflect"
	"testing"
)

// roundTrip checks parse(print(x)) == x for the tree parsed from query and
// returns a description of the first difference.
func roundTrip(query string, cfg Config) (string, bool) {
	seq, err := ParseWith(query, cfg)
	if err != nil {
		return "", true // nothing to print
	}
	text := seq.String()
	again, err := ParseWith(text, cfg)
	if err != nil {
		return "printed form does not parse: " + err.Error() + "\n  printed: " + text, false
	}
	if !reflect.DeepEqual(seq, again) {
		return "printed form parses to a different tree\n  printed: " + text + "\n  again:   " + again.String(), false
	}
	if again.String() != text {
		return "printing is not stable: " + again.String(), false
	}
	return "", true
}

// TestRoundTripTCK applies the round-trip property to every query of the
// reference features that parses.
func TestRoundTripTCK(t *testing.T) {
	dir := tckDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("NebulaGraph tck features not found at %s: %v", dir, err)
	}
	n := 0
	for _, c := range tckCases(t, dir) {
		params := c.params
		cfg := Config{IsParam: func(s string) bool { return params[s] }}
		if msg, ok := roundTrip(c.query, cfg); !ok {
			n++
			if n <= 20 {
				t.Errorf("%s: %s\n  query:   %s", c.id, msg, c.query)
			}
		}
	}
	if n > 20 {
		t.Errorf("... and %d more", n-20)
	}
}

// TestRoundTripExpr checks that every expression node the parser builds
// prints back to itself, including the awkward cases of the canonical text.
func TestRoundTripExpr(t *testing.T) {
	for _, q := range []string{
		`(-(1)).a`, `($v).a`, `(a).b`, `(a IS NULL).b`, `[1][0]`, `(1 - -2)`, `[1] - [2]`,
		`a - -9223372036854775808`, `-9223372036854775808 - 1`, `- -1`, `1 < -2`,
		`"a\"b\\c\n\td"`, `'single'`, "`limit` + 1", "`a b`.`c-d`", `1.0`, `1e30`, `.5`,
		`(INT)(a IS NULL)`, `(a IS NULL) IS NULL`, `true == a IS NULL`, `a IS NULL == true`,
		`(int8)-(1)`, `(fixed_string(3))x`, `(CASE WHEN a THEN b END).c`, `(a ? b : c)[1]`,
		`[x IN [1,2] WHERE x > 1 | x + 1]`, `all(x IN l WHERE x)`, `exists(a.b)`, `exists(a[1])`,
		`reduce(s = 0, x IN l | s + x)`, `LIST[]`, `SET{}`, `MAP{}`, `{a: 1, b: {c: 2}}`, `{1, 2}`,
		`count(*)`, `COUNT(DISTINCT a)`, `count("*")`, `uuid()`, `$-.a`, `$-.*`, `$v.*`, `$^.t.p`, `$$.t.p`,
		`e._src`, `e._type`, `timestamp()`, `date("2020-01-01")`, `x[1..2]`, `x[..2]`, `x[1..]`,
		`(v)-[e:like*1..3{a:1}]->(:player{name: "x"})`, `(v)<--()`, `(v)--(w)`, `(v)<-[]->(w)`,
		`NOT a AND b OR c XOR d`, `a NOT IN [1] AND b STARTS WITH "x" AND c NOT ENDS WITH "y"`,
		`a =~ "x.*"`, `a CONTAINS "b"`, `a NOT CONTAINS "b"`, `a IS NOT EMPTY`, `0x1f + 017`,
	} {
		e, err := ParseExpr(q)
		if err != nil {
			t.Errorf("ParseExpr(%s): %v", q, err)
			continue
		}
		text := e.String()
		again, err := ParseExpr(text)
		if err != nil {
			t.Errorf("%s printed as %s, which does not parse: %v", q, text, err)
			continue
		}
		if !reflect.DeepEqual(e, again) {
			t.Errorf("%s printed as %s, which parses differently: %s", q, text, again)
		}
	}
}
