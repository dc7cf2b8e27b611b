// Package status is graphd's typed query error: a kind that decides the
// client error code and the "Kind: " prefix of the message, as NebulaGraph's
// Status does. Every layer of graphd returns these (or plain errors, which
// count as execution errors); the service maps them to ErrorCode once.
package status

import (
	"errors"
	"fmt"
)

// Kind classifies a query failure.
type Kind uint8

// Kinds, each with NebulaGraph's message prefix.
const (
	KindExecution      Kind = iota // generic failure; no prefix
	KindSyntax                     // "SyntaxError: "
	KindSemantic                   // "SemanticError: "
	KindPermission                 // "PermissionError: "
	KindStatementEmpty             // "StatementEmpty: "
	KindSession                    // invalid or expired session
	KindPartial                    // some storage parts failed
	KindMemory                     // the query's memory cap was exceeded
)

var prefixes = [...]string{
	KindExecution:      "",
	KindSyntax:         "SyntaxError: ",
	KindSemantic:       "SemanticError: ",
	KindPermission:     "PermissionError: ",
	KindStatementEmpty: "StatementEmpty: ",
	KindSession:        "",
	KindPartial:        "",
	KindMemory:         "",
}

// Error is a query failure of a known kind.
type Error struct {
	Kind Kind
	Msg  string
}

// Error returns the message with the kind's prefix, as clients see it.
func (e *Error) Error() string { return prefixes[e.Kind] + e.Msg }

func newf(k Kind, format string, args ...any) error {
	if len(args) == 0 {
		return &Error{Kind: k, Msg: format}
	}
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// Syntax returns a SyntaxError.
func Syntax(format string, args ...any) error { return newf(KindSyntax, format, args...) }

// Semantic returns a SemanticError.
func Semantic(format string, args ...any) error { return newf(KindSemantic, format, args...) }

// Execution returns an execution error (no prefix).
func Execution(format string, args ...any) error { return newf(KindExecution, format, args...) }

// Permission returns a PermissionError.
func Permission(format string, args ...any) error { return newf(KindPermission, format, args...) }

// KindOf returns the kind of err: that of the first *Error in its chain, or
// KindExecution.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindExecution
}
