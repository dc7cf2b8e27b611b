package console

import (
	"fmt"
	"strings"
	"testing"
)

func TestJoiner(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string // complete logical lines, in order
		tail  string   // left pending at the end, flushed
	}{
		{"single", []string{"YIELD 1"}, []string{"YIELD 1"}, ""},
		{"semicolons stay in one request", []string{"YIELD 1; YIELD 2;"}, []string{"YIELD 1; YIELD 2;"}, ""},
		{"no semicolon needed", []string{"SHOW HOSTS", "SHOW SPACES"}, []string{"SHOW HOSTS", "SHOW SPACES"}, ""},
		{"backslash joins without a space", []string{`GO FROM "a" \`, `OVER e \`, `YIELD dst(edge)`}, []string{`GO FROM "a" OVER e YIELD dst(edge)`}, ""},
		{"backslash not last", []string{`YIELD "\" AS x`}, []string{`YIELD "\" AS x`}, ""},
		{"lone backslash", []string{`\`, `YIELD 1`}, []string{`YIELD 1`}, ""},
		{"triple quotes join with spaces", []string{`"""`, `MATCH (v)`, `RETURN v`, `"""`}, []string{`MATCH (v) RETURN v `}, ""},
		{"single triple quotes, padded", []string{`  '''  `, `YIELD 1`, `'''`}, []string{`YIELD 1 `}, ""},
		{"backslash inside triple quotes", []string{`"""`, `YIELD \`, `1`, `"""`}, []string{`YIELD 1 `}, ""},
		{"empty lines are lines", []string{"", "YIELD 1"}, []string{"", "YIELD 1"}, ""},
		{"pending at end", []string{`YIELD \`}, nil, "YIELD "},
		{"open block at end", []string{`"""`, `YIELD 1`}, nil, "YIELD 1 "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var j Joiner
			var got []string
			for _, l := range tc.lines {
				if s, ok := j.Feed(l); ok {
					got = append(got, s)
				}
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) {
				t.Errorf("lines %q\ngot  %q\nwant %q", tc.lines, got, tc.want)
			}
			tail, ok := j.Flush()
			if ok != (tc.tail != "") || tail != tc.tail {
				t.Errorf("flush = %q, %v; want %q", tail, ok, tc.tail)
			}
			if j.Pending() {
				t.Error("pending after flush")
			}
		})
	}
}

func TestJoinerReset(t *testing.T) {
	var j Joiner
	j.Feed(`YIELD \`)
	if !j.Pending() {
		t.Fatal("not pending")
	}
	j.Reset()
	if s, ok := j.Feed("YIELD 2"); !ok || s != "YIELD 2" {
		t.Fatalf("after reset: %q %v", s, ok)
	}
}

func TestPrompt(t *testing.T) {
	c := New(nil, Options{User: "root"})
	if p := c.Prompt(false); p != "(root@nebula) [(none)]> " {
		t.Errorf("prompt %q", p)
	}
	c.space = "demo"
	p, cont := c.Prompt(false), c.Prompt(true)
	if p != "(root@nebula) [demo]> " || len(cont) != len(p) || !strings.HasSuffix(cont, "-> ") || strings.TrimSpace(cont) != "->" {
		t.Errorf("prompt %q continuation %q", p, cont)
	}
}
