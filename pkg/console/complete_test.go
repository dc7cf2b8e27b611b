package console

import (
	"fmt"
	"testing"
)

func TestComplete(t *testing.T) {
	names := []string{"airports", "airport", "route", "Player"}
	tests := []struct {
		line string
		pos  int // -1: end of line
		head string
		want []string
		tail string
	}{
		{line: "SHO", pos: -1, head: "", want: []string{"SHORTEST", "SHORTESTPATH", "SHOW"}},
		{line: "sho", pos: -1, head: "", want: []string{"shortest", "shortestpath", "show"}},
		{line: "MATCH (v:air", pos: -1, head: "MATCH (v:", want: []string{"airport", "airports"}},
		{line: "GO FROM 1 OVER ro", pos: -1, head: "GO FROM 1 OVER ", want: []string{"role", "roles", "route"}},
		{line: "FETCH PROP ON pl", pos: -1, head: "FETCH PROP ON ", want: []string{"plan", "Player"}},
		{line: "USE  ", pos: -1, head: "USE  ", want: nil},
		{line: ":pa", pos: -1, head: "", want: []string{":param", ":params"}},
		{line: "  :P", pos: -1, head: "  ", want: []string{":param", ":params", ":play"}},
		{line: "YIELD 1 :pa", pos: -1, head: "YIELD 1 :", want: []string{"part", "partition_num", "parts", "password", "path"}},
		{line: "SHOW TA; YIELD 1", pos: 7, head: "SHOW ", want: []string{"TAG", "TAGS"}, tail: "; YIELD 1"},
		{line: "xyzzy", pos: -1, head: "", want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			pos := tc.pos
			if pos < 0 {
				pos = len(tc.line)
			}
			head, got, tail := Complete(tc.line, pos, names)
			if head != tc.head || tail != tc.tail || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got (%q, %v, %q), want (%q, %v, %q)", head, got, tail, tc.head, tc.want, tc.tail)
			}
		})
	}
}
