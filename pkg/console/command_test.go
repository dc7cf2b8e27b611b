package console

import (
	"fmt"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		line  string
		local bool
		want  Command
		err   string
	}{
		{line: "YIELD 1", local: false},
		{line: "  SHOW HOSTS;", local: false},
		{line: "exit", local: true, want: Command{Kind: CmdQuit}},
		{line: " QUIT; ", local: true, want: Command{Kind: CmdQuit}},
		{line: "exit 1", local: false},
		{line: ":exit", local: true, want: Command{Kind: CmdQuit}},
		{line: ":QUIT;", local: true, want: Command{Kind: CmdQuit}},
		{line: ":quit now", local: true, err: ":quit takes no argument"},
		{line: ":", local: true, err: "empty command"},
		{line: ":frobnicate x", local: true, want: Command{Kind: CmdUnknown, Name: "frobnicate"}},
		{line: ":play airports", local: true, want: Command{Kind: CmdPlay, Name: "airports"}},
		{line: ":PLAY ./data/nba;", local: true, want: Command{Kind: CmdPlay, Name: "./data/nba"}},
		{line: ":play", local: true, err: ":play needs exactly one argument"},
		{line: ":csv out.csv", local: true, want: Command{Kind: CmdCSV, Name: "out.csv"}},
		{line: ":dot plan.dot", local: true, want: Command{Kind: CmdDot, Name: "plan.dot"}},
		{line: ":sleep 3", local: true, want: Command{Kind: CmdSleep, N: 3}},
		{line: ":sleep x", local: true, err: `invalid integer, strconv.Atoi: parsing "x": invalid syntax`},
		{line: ":sleep -1", local: true, err: "invalid integer, -1 is out of range"},
		{line: ":repeat 5;", local: true, want: Command{Kind: CmdRepeat, N: 5}},
		{line: ":repeat 0", local: true, err: "invalid integer, 0 is out of range"},
		{line: ":params", local: true, want: Command{Kind: CmdParams}},
		{line: ":params p1;", local: true, want: Command{Kind: CmdParams, Name: "p1"}},
		{line: ":params a b", local: true, err: ":params takes at most one name"},
		{line: `:param p1 => "Tim Duncan";`, local: true, want: Command{Kind: CmdParam, Name: "p1", Value: `"Tim Duncan"`}},
		{line: `:param p=>1`, local: true, want: Command{Kind: CmdParam, Name: "p", Value: "1"}},
		{line: `:PARAM p2 => {"a": [1, 2.5, "x"]}`, local: true, want: Command{Kind: CmdParam, Name: "p2", Value: `{"a": [1, 2.5, "x"]}`}},
		{line: `:param p1 =>`, local: true, want: Command{Kind: CmdParam, Name: "p1"}},
		{line: `:param p1 => ;`, local: true, want: Command{Kind: CmdParam, Name: "p1"}},
		{line: `:param p1 1`, local: true, err: "wrong format, expected :param <name> => <value>"},
		{line: `:param 1p => 1`, local: true, err: `invalid parameter name "1p"`},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			got, local, err := ParseCommand(tc.line)
			if local != tc.local {
				t.Fatalf("local = %v", local)
			}
			if fmt.Sprint(err) != fmt.Sprint(errOrNil(tc.err)) {
				t.Fatalf("err = %v, want %q", err, tc.err)
			}
			if err == nil && got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func errOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestCommandKindString(t *testing.T) {
	for name, k := range commandNames {
		if name == "exit" {
			continue
		}
		if k.String() != name {
			t.Errorf("%v.String() = %q", name, k.String())
		}
	}
}
