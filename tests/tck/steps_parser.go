package tck

import (
	"errors"
	"fmt"

	messages "github.com/cucumber/messages/go/v21"
	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// The value-parsing steps (tck/parser/nebula.feature) check the runner's
// own reader of expected cells (literal.go) against the reference
// runner's: the text parses, and to a value of the type the reference
// names by its Thrift field (iVal, lVal, ...) or null kind.

func init() {
	step(`a string: (.*)`, aString)
	step(`they are parsed as nebula value`, parseString)
	checkStep(`the type of the parsed value should be (\w+)`, parsedTypeShouldBe)
}

func aString(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	s.text, s.parsed = args[1], nil
	return nil
}

func parseString(s *scenarioRun, _ []string, _ *messages.PickleStepArgument) error {
	w, err := parseCell(s.text)
	if err != nil {
		return fmt.Errorf("parse %q: %w", s.text, err)
	}
	s.parsed = w
	return nil
}

func parsedTypeShouldBe(s *scenarioRun, args []string, _ *messages.PickleStepArgument) error {
	if s.parsed == nil {
		return errors.New("no value was parsed")
	}
	if got := wantTypeName(s.parsed); got != args[1] {
		return fmt.Errorf("%q parsed as %s, want %s", s.text, got, args[1])
	}
	return nil
}

// wantTypeName is the reference runner's name of a value's type: EMPTY,
// NULL or the null kind, else the Thrift field of nebula.Value.
func wantTypeName(w *want) string {
	switch w.kind {
	case wantEmpty:
		return "EMPTY"
	case wantNull:
		if w.null == nebula.NullType___NULL__ {
			return "NULL"
		}
		return w.null.String()
	case wantBool:
		return "bVal"
	case wantInt:
		return "iVal"
	case wantFloat:
		return "fVal"
	case wantString:
		return "sVal"
	case wantList:
		return "lVal"
	case wantSet:
		return "uVal"
	case wantMap:
		return "mVal"
	case wantVertex:
		return "vVal"
	case wantEdge:
		return "eVal"
	case wantPath:
		return "pVal"
	}
	return fmt.Sprintf("kind %d", w.kind)
}
