package console

import "strings"

// joinMode says why the Joiner is waiting for more input.
type joinMode int

const (
	joinNone         joinMode = iota
	joinBackslash             // the last line ended with '\'
	joinTripleQuotes          // inside a """ or ''' block
)

// Joiner assembles physical input lines into the logical lines the console
// executes, with nebula-console's rules:
//
//   - a line is complete by itself, semicolons and all: "YIELD 1; YIELD 2"
//     is one request, and graphd runs both statements;
//   - a line ending in a backslash continues on the next line, the
//     backslash removed and nothing put in its place;
//   - a line that is exactly three double or three single quotes
//     (surrounding blanks ignored) opens a block that the next such line
//     closes; the lines in between are joined with a space, and a trailing
//     backslash inside the block joins without one.
//
// NB: a statement is not continued until a ';' as in psql or mysql: scripts
// written for nebula-console, which send one line per request and often
// omit the ';', must run unchanged.
//
// The zero Joiner is ready for use. It is not safe for concurrent use.
type Joiner struct {
	mode joinMode
	buf  strings.Builder
}

// Feed adds one input line (without its newline) and reports the logical
// line once it is complete.
func (j *Joiner) Feed(line string) (logical string, complete bool) {
	trimmed := strings.TrimSpace(line)
	triple := trimmed == `"""` || trimmed == `'''`
	backslash := strings.HasSuffix(line, `\`)
	switch j.mode {
	case joinTripleQuotes:
		switch {
		case triple:
			return j.finish(), true
		case backslash:
			j.buf.WriteString(line[:len(line)-1])
		default:
			j.buf.WriteString(line)
			j.buf.WriteByte(' ')
		}
		return "", false
	case joinBackslash:
		if backslash {
			j.buf.WriteString(line[:len(line)-1])
			return "", false
		}
		j.buf.WriteString(line)
		return j.finish(), true
	}
	switch {
	case triple:
		j.mode = joinTripleQuotes
		return "", false
	case backslash:
		j.mode = joinBackslash
		j.buf.WriteString(line[:len(line)-1])
		return "", false
	}
	return line, true
}

// Pending reports whether a logical line has been started but not finished.
func (j *Joiner) Pending() bool { return j.mode != joinNone }

// Reset drops a partly assembled line, as Ctrl-C does at the prompt.
func (j *Joiner) Reset() {
	j.mode = joinNone
	j.buf.Reset()
}

// Flush returns whatever partial line is pending and resets; used at the end
// of input, where nebula-console drops it but a script's author would
// rather see it run.
func (j *Joiner) Flush() (string, bool) {
	if !j.Pending() {
		return "", false
	}
	return j.finish(), true
}

func (j *Joiner) finish() string {
	s := j.buf.String()
	j.Reset()
	return s
}
