package console

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// CommandKind names a console-side command: one that the console handles
// itself instead of sending it to graphd.
type CommandKind int

// The console-side commands, as nebula-console spells them after a ':'.
const (
	CmdUnknown CommandKind = iota
	CmdQuit                // :exit, :quit, and the bare words exit and quit
	CmdPlay                // :play NAME
	CmdSleep               // :sleep SECONDS
	CmdCSV                 // :csv FILE
	CmdDot                 // :dot FILE
	CmdRepeat              // :repeat N
	CmdParam               // :param NAME => VALUE, or :param NAME => to delete
	CmdParams              // :params, :params NAME
)

var commandNames = map[string]CommandKind{
	"exit": CmdQuit, "quit": CmdQuit, "play": CmdPlay, "sleep": CmdSleep,
	"csv": CmdCSV, "dot": CmdDot, "repeat": CmdRepeat, "param": CmdParam,
	"params": CmdParams,
}

// String returns the command's name as typed after the ':'.
func (k CommandKind) String() string {
	switch k {
	case CmdQuit:
		return "quit"
	case CmdPlay:
		return "play"
	case CmdSleep:
		return "sleep"
	case CmdCSV:
		return "csv"
	case CmdDot:
		return "dot"
	case CmdRepeat:
		return "repeat"
	case CmdParam:
		return "param"
	case CmdParams:
		return "params"
	}
	return "unknown"
}

// Command is a parsed console-side command.
type Command struct {
	Kind CommandKind
	// Name is the word after the command (:play, :csv, :dot, :params) or
	// the parameter name (:param); empty when absent.
	Name string
	// N is the number of :sleep and :repeat.
	N int
	// Value is the text after "=>" of :param, trimmed; empty deletes.
	Value string
}

// paramPattern is nebula-console's shape of ":param name => value".
var paramPattern = regexp.MustCompile(`(?is)^:param\s+(\S+?)\s*=>(.*)$`)

var identPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ParseCommand recognises a console-side command in one logical line. It
// returns ok=false for a line that is for graphd. A line is a command if it
// starts with ':' (after blanks) or is exactly "exit" or "quit"; one
// trailing ';' is ignored, and command names are case-insensitive. A
// malformed command returns ok=true and an error describing it.
func ParseCommand(line string) (cmd Command, ok bool, err error) {
	plain := strings.TrimSpace(line)
	if low := strings.ToLower(strings.TrimSuffix(plain, ";")); low == "exit" || low == "quit" {
		return Command{Kind: CmdQuit}, true, nil
	}
	if !strings.HasPrefix(plain, ":") {
		return Command{}, false, nil
	}
	plain = strings.TrimSpace(strings.TrimSuffix(plain, ";"))
	words := strings.Fields(plain[1:])
	if len(words) == 0 {
		return Command{}, true, fmt.Errorf("empty command")
	}
	kind, known := commandNames[strings.ToLower(words[0])]
	if !known {
		return Command{Kind: CmdUnknown, Name: words[0]}, true, nil
	}
	cmd = Command{Kind: kind}
	args := words[1:]
	switch kind {
	case CmdQuit:
		if len(args) != 0 {
			return cmd, true, fmt.Errorf(":%s takes no argument", strings.ToLower(words[0]))
		}
	case CmdPlay, CmdCSV, CmdDot:
		if len(args) != 1 {
			return cmd, true, fmt.Errorf(":%s needs exactly one argument", kind)
		}
		cmd.Name = args[0]
	case CmdSleep, CmdRepeat:
		if len(args) != 1 {
			return cmd, true, fmt.Errorf(":%s needs exactly one integer", kind)
		}
		n, perr := strconv.Atoi(args[0])
		if perr != nil {
			return cmd, true, fmt.Errorf("invalid integer, %w", perr)
		}
		if n < 0 || (kind == CmdRepeat && n < 1) {
			return cmd, true, fmt.Errorf("invalid integer, %d is out of range", n)
		}
		cmd.N = n
	case CmdParams:
		if len(args) > 1 {
			return cmd, true, fmt.Errorf(":params takes at most one name")
		}
		if len(args) == 1 {
			cmd.Name = args[0]
		}
	case CmdParam:
		m := paramPattern.FindStringSubmatch(plain)
		if m == nil {
			return cmd, true, fmt.Errorf("wrong format, expected :param <name> => <value>")
		}
		if !identPattern.MatchString(m[1]) {
			return cmd, true, fmt.Errorf("invalid parameter name %q", m[1])
		}
		cmd.Name, cmd.Value = m[1], strings.TrimSpace(m[2])
	}
	return cmd, true, nil
}
