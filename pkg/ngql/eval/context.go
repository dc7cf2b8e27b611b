package eval

import (
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// Context supplies what an expression reads from outside itself. Each
// method answers one kind of reference; an implementation that has no such
// thing (a storage filter has no input row, a YIELD without input has no
// vertex) returns an error, for which embedding Base is the easy way.
//
// The values returned are shared, not copied: Eval never modifies them.
// Eval calls a Context from the calling goroutine only.
type Context interface {
	// Param returns the query parameter $name; ok is false when the request
	// did not supply it.
	Param(name string) (v value.Value, ok bool)
	// InputProp returns column col of the current input row: $-.col.
	InputProp(col string) (value.Value, error)
	// VarProp returns column col of variable name's current row: $name.col.
	VarProp(name, col string) (value.Value, error)
	// Var returns the whole value of variable $name.
	Var(name string) (value.Value, error)
	// Label returns the value a bare name stands for in the current row (a
	// column alias or a MATCH variable). Names bound by list comprehensions,
	// predicates and reduce are resolved by Eval itself and never asked.
	Label(name string) (value.Value, error)
	// SrcProp returns $^.tag.prop, a property of the source vertex of the
	// current edge.
	SrcProp(tag, prop string) (value.Value, error)
	// DstProp returns $$.tag.prop, a property of the destination vertex.
	DstProp(tag, prop string) (value.Value, error)
	// TagProp returns tag.prop of the current vertex.
	TagProp(tag, prop string) (value.Value, error)
	// EdgeProp returns edge.prop of the current edge; prop is also asked for
	// the built-in _src, _dst, _rank and _type.
	EdgeProp(edge, prop string) (value.Value, error)
	// Vertex returns the vertex that VERTEX ("VERTEX"), $^ ("$^") or $$
	// ("$$") names.
	Vertex(name string) (value.Value, error)
	// Edge returns the current edge (EDGE).
	Edge() (value.Value, error)
	// Aggregate returns the result an aggregating executor has computed for
	// a, which is a node of the expression being evaluated.
	Aggregate(a *ast.Aggregate) (value.Value, error)
	// Env returns what impure functions read; nil means the defaults.
	Env() *function.Env
}

// ErrUnbound is wrapped by the error returned for a reference the Context
// cannot resolve.
var ErrUnbound = errors.New("unbound reference")

type unboundError struct{ msg string }

func (e *unboundError) Error() string { return e.msg }
func (e *unboundError) Unwrap() error { return ErrUnbound }

// Unbound returns an error wrapping ErrUnbound with the given message; a
// Context implementation uses it for references it cannot resolve.
func Unbound(format string, args ...any) error {
	return &unboundError{fmt.Sprintf(format, args...)}
}

// Base is a Context that resolves nothing: every reference is an error
// wrapping ErrUnbound, Param reports no parameters, and Env is the default.
// Embed it and override what a context provides.
type Base struct{}

// Param reports that no parameter is defined.
func (Base) Param(string) (value.Value, bool) { return value.Value{}, false }

// InputProp fails: there is no input row.
func (Base) InputProp(col string) (value.Value, error) {
	return value.Value{}, Unbound("`$-.%s', not exist prop `%s'", col, col)
}

// VarProp fails: there are no variables.
func (Base) VarProp(name, col string) (value.Value, error) {
	return value.Value{}, Unbound("`$%s.%s', not exist variable `%s'", name, col, name)
}

// Var fails: there are no variables.
func (Base) Var(name string) (value.Value, error) {
	return value.Value{}, Unbound("`$%s', not exist variable `%s'", name, name)
}

// Label fails: no names are bound.
func (Base) Label(name string) (value.Value, error) {
	return value.Value{}, Unbound("Invalid label identifiers: %s", name)
}

// SrcProp fails: there is no source vertex.
func (Base) SrcProp(tag, prop string) (value.Value, error) {
	return value.Value{}, Unbound("`$^.%s.%s' is not available here", tag, prop)
}

// DstProp fails: there is no destination vertex.
func (Base) DstProp(tag, prop string) (value.Value, error) {
	return value.Value{}, Unbound("`$$.%s.%s' is not available here", tag, prop)
}

// TagProp fails: there is no current vertex.
func (Base) TagProp(tag, prop string) (value.Value, error) {
	return value.Value{}, Unbound("`%s.%s' is not available here", tag, prop)
}

// EdgeProp fails: there is no current edge.
func (Base) EdgeProp(edge, prop string) (value.Value, error) {
	return value.Value{}, Unbound("`%s.%s' is not available here", edge, prop)
}

// Vertex fails: there is no current vertex.
func (Base) Vertex(name string) (value.Value, error) {
	return value.Value{}, Unbound("`%s' is not available here", name)
}

// Edge fails: there is no current edge.
func (Base) Edge() (value.Value, error) {
	return value.Value{}, Unbound("`EDGE' is not available here")
}

// Aggregate fails: aggregates need an aggregating executor.
func (Base) Aggregate(a *ast.Aggregate) (value.Value, error) {
	return value.Value{}, Unbound("aggregate `%s' is not available here", ast.NebulaString(a))
}

// Env returns nil, the default environment.
func (Base) Env() *function.Env { return nil }

// MapContext is an in-memory Context over maps: the parameters of a
// request, one input row, the current row of each variable, and named
// values. Graphd uses it for YIELD without input; tests use it everywhere.
// References it lacks fail as Base's do. It is read-only while in use.
type MapContext struct {
	Base
	Params map[string]value.Value
	// Input is the current input row, by column name ($-.col).
	Input map[string]value.Value
	// VarRows is each variable's current row, by column name ($v.col).
	VarRows map[string]map[string]value.Value
	// Vars is each variable's whole value ($v).
	Vars map[string]value.Value
	// Labels are the bare names bound in the row.
	Labels map[string]value.Value
	// Function is the function environment; nil means the defaults.
	Function *function.Env
}

// Param returns a parameter from Params.
func (c *MapContext) Param(name string) (value.Value, bool) {
	v, ok := c.Params[name]
	return v, ok
}

// InputProp returns a column of Input.
func (c *MapContext) InputProp(col string) (value.Value, error) {
	if v, ok := c.Input[col]; ok {
		return v, nil
	}
	return c.Base.InputProp(col)
}

// VarProp returns a column of a variable's row in VarRows.
func (c *MapContext) VarProp(name, col string) (value.Value, error) {
	if row, ok := c.VarRows[name]; ok {
		if v, ok := row[col]; ok {
			return v, nil
		}
		return value.Value{}, Unbound("`$%s.%s', not exist prop `%s'", name, col, col)
	}
	return c.Base.VarProp(name, col)
}

// Var returns a variable from Vars.
func (c *MapContext) Var(name string) (value.Value, error) {
	if v, ok := c.Vars[name]; ok {
		return v, nil
	}
	return c.Base.Var(name)
}

// Label returns a name from Labels.
func (c *MapContext) Label(name string) (value.Value, error) {
	if v, ok := c.Labels[name]; ok {
		return v, nil
	}
	return c.Base.Label(name)
}

// Env returns Function.
func (c *MapContext) Env() *function.Env { return c.Function }
