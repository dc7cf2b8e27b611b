package function

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

// Body is the implementation of a scalar builtin. args has already been
// checked against the function's arity. A body never modifies args and
// reports failures as NULL values of a reason, never as a Go error.
type Body func(env *Env, args []value.Value) value.Value

// Variadic is the MaxArity of a function that takes any number of
// arguments from its MinArity on.
const Variadic = math.MaxInt64

// Function is one scalar builtin.
type Function struct {
	// Name is the canonical lower-case name; lookups are case-insensitive.
	Name     string
	MinArity int
	MaxArity int // Variadic for no upper bound

	// impure lists the arities at which a call reads the clock or the random
	// source, so that it must not be constant-folded (date() is impure,
	// date("2020-01-01") is pure).
	impure []int
	body   Body
}

// Call runs the function on args. It panics if len(args) is outside the
// function's arity, which Lookup has already checked for callers.
func (f *Function) Call(env *Env, args []value.Value) value.Value {
	if len(args) < f.MinArity || int64(len(args)) > int64(f.MaxArity) {
		panic(fmt.Sprintf("function %s called with %d arguments", f.Name, len(args)))
	}
	return f.body(env, args)
}

// Pure reports whether a call with arity arguments depends on its arguments
// only, so that a call on constants may be folded at validation time.
func (f *Function) Pure(arity int) bool {
	for _, a := range f.impure {
		if a == arity {
			return false
		}
	}
	return true
}

// ErrNotDefined is wrapped by the error of a lookup of an unknown function.
var ErrNotDefined = errors.New("function not defined")

// ErrArity is wrapped by the error of a lookup with an arity the function
// does not accept.
var ErrArity = errors.New("arity not match")

// ErrParamType is wrapped by ReturnType's error when no signature of the
// function accepts the argument kinds.
var ErrParamType = errors.New("parameter's type error")

// lookupError carries NebulaGraph's exact message while still matching a
// sentinel with errors.Is.
type lookupError struct {
	msg      string
	sentinel error
}

func (e *lookupError) Error() string { return e.msg }
func (e *lookupError) Unwrap() error { return e.sentinel }

var registry = map[string]*Function{}

// register adds f under its name and under each alias. It panics on a
// duplicate, which is a programming error caught by the package tests.
func register(f *Function, aliases ...string) {
	for _, n := range append([]string{f.Name}, aliases...) {
		if _, dup := registry[n]; dup {
			panic("function: duplicate registration of " + n)
		}
		registry[n] = f
	}
}

// Lookup returns the builtin called name (case-insensitively) if it accepts
// arity arguments. The errors carry NebulaGraph's messages, "Function `xxx'
// not defined" (wrapping ErrNotDefined) and "Arity not match for function
// `xxx': provided N but M expected." (wrapping ErrArity); both name the
// function in lower case, as NebulaGraph does.
func Lookup(name string, arity int) (*Function, error) {
	lower := strings.ToLower(name)
	f, ok := registry[lower]
	if !ok {
		return nil, &lookupError{fmt.Sprintf("Function `%s' not defined", lower), ErrNotDefined}
	}
	if arity < f.MinArity || int64(arity) > int64(f.MaxArity) {
		var msg string
		if f.MinArity == f.MaxArity {
			msg = fmt.Sprintf("Arity not match for function `%s': provided %d but %d expected.",
				lower, arity, f.MinArity)
		} else {
			msg = fmt.Sprintf("Arity not match for function `%s': provided %d but %d-%d expected.",
				lower, arity, f.MinArity, f.MaxArity)
		}
		return nil, &lookupError{msg, ErrArity}
	}
	return f, nil
}

// Names returns the canonical names of all scalar builtins and their
// aliases, in no particular order.
func Names() []string {
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	return out
}
