package parser

import (
	"errors"
	"strconv"
	"strings"
)

// SyntaxError is a query NebulaGraph would reject with error class
// SyntaxError (ErrorCode E_SYNTAX_ERROR). Its Error() text is NebulaGraph's
// message, which graphd sends after "SyntaxError: ", e.g.
//
//	syntax error near `| GO FRO'
//	Out of range: near `9223372036854775809'
//	Direct output of variable is prohibited near `$var'
type SyntaxError struct {
	// Msg is the complete message, as Error returns it.
	Msg string
	// Offset is the byte offset in the query of the start of the offending
	// token or construct.
	Offset int
	// Line and Column (1-based, in bytes) locate Offset the way
	// NebulaGraph's scanner counts: only newlines outside of comments and
	// strings start a new line.
	Line, Column int
}

// Error returns the message.
func (e *SyntaxError) Error() string { return e.Msg }

// ErrQueryTooLarge is returned (wrapped, with the sizes) for a query longer
// than Config.MaxQueryBytes.
var ErrQueryTooLarge = errors.New("query is too large")

// ErrEmptyQuery is returned for a query without any statement (empty, only
// comments or only ';'), which NebulaGraph answers with the error code
// E_STATEMENT_EMPTY.
var ErrEmptyQuery = errors.New("empty statement")

// pos is a position as bison's location tracking in NebulaGraph's parser
// counts it: a 1-based line and column.
type pos struct{ line, col int32 }

// span is the location of a token or of a grammar symbol: where it begins
// and ends (exclusive), plus the byte offset of its beginning.
type span struct {
	begin, end pos
	off        int32
}

// spanOf gives a reduced grammar symbol the location bison's default
// YYLLOC_DEFAULT gives it: from the start of its first right-hand-side
// symbol to the end of its last; an empty rule gets an empty location at the
// end of the symbol before it. syms is $0..$n of the reduction. The
// generated parser calls it on every reduction (see internal/yaccgen).
func spanOf(syms []yySymType) span {
	if len(syms) == 1 {
		e := syms[0].span.end
		return span{begin: e, end: e, off: syms[0].span.off}
	}
	return span{begin: syms[1].span.begin, end: syms[len(syms)-1].span.end, off: syms[1].span.off}
}

// message builds NebulaGraph's error text for msg at sp in query, as
// GraphParser::error does: the message, then the offending text quoted
// "near `...'" — the token or construct itself (at most 80 bytes) when it
// is longer than one byte, else the 8 bytes starting at it — or " at
// LINE.COL" when the location spans lines. The text is cut from the query
// at the location's column, which is also what NebulaGraph does for
// locations past the first line.
func message(query, msg string, sp span) string {
	if msg == "" {
		msg = "syntax error"
	}
	var b strings.Builder
	b.WriteString(msg)
	begin := int(sp.begin.col) - 1
	if begin < 0 {
		begin = 0
	}
	endCol := int(sp.end.col) - 1
	if sp.end.col == 0 {
		endCol = 0
	}
	switch {
	case sp.begin.line < sp.end.line || begin >= len(query):
		b.WriteString(" at ")
		b.WriteString(locationString(sp))
	case int(sp.begin.col) < endCol:
		n := int(sp.end.col - sp.begin.col)
		if n > 80 {
			n = 80
		}
		b.WriteString(" near `")
		b.WriteString(substr(query, begin, n))
		b.WriteByte('\'')
	default:
		b.WriteString(" near `")
		b.WriteString(substr(query, begin, 8))
		b.WriteByte('\'')
	}
	return b.String()
}

// substr is C++'s std::string::substr: at most n bytes from i.
func substr(s string, i, n int) string {
	if i+n > len(s) {
		return s[i:]
	}
	return s[i : i+n]
}

// locationString prints a location like bison's operator<<: "L.C", "L.C-C"
// or "L.C-L.C", where the end column is the last one covered.
func locationString(sp span) string {
	endCol := sp.end.col - 1
	if sp.end.col == 0 {
		endCol = 0
	}
	s := strconv.Itoa(int(sp.begin.line)) + "." + strconv.Itoa(int(sp.begin.col))
	switch {
	case sp.begin.line < sp.end.line:
		s += "-" + strconv.Itoa(int(sp.end.line)) + "." + strconv.Itoa(int(endCol))
	case sp.begin.col < endCol:
		s += "-" + strconv.Itoa(int(endCol))
	}
	return s
}
