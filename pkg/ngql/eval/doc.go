// Package eval evaluates nGQL/openCypher expressions (ast.Expr) to values
// with NebulaGraph's semantics, and offers the static helpers a validator
// needs: IsConstant, HasAggregate and Fold (constant folding with
// NebulaGraph's folding errors).
//
// It owns the meaning of every expression form: NULL and EMPTY propagation,
// three-valued AND/OR/XOR with NebulaGraph's short-circuit ranking, the
// relational operators (IN over lists, sets and map keys; CONTAINS, STARTS
// WITH, ENDS WITH; =~ as a whole-string match), subscripts and slices,
// attribute access on maps, vertices, edges, dates and times, CASE, list
// comprehensions, all/any/single/none/exists, reduce and type casts.
// Arithmetic, comparison and logic on values come from package value, and
// functions from package function.
//
// What an expression reads from outside itself — query parameters, the
// input row, variables, the current vertex or edge, aggregate results — it
// asks a Context for. Aggregation accumulates the aggregate calls of a
// group's expressions and answers them through a Context. The executor (or the storage filter) implements
// Context; Base answers every question with an error for embedding, and
// MapContext is the in-memory implementation used by tests and by graphd's
// YIELD without input.
//
// Runtime errors are values, as in NebulaGraph: an int overflow gives
// NULL(ERR_OVERFLOW), a division by zero NULL(DIV_BY_ZERO), a wrong kind
// NULL(BAD_TYPE). Eval returns a Go error only when the expression cannot
// be evaluated at all: a reference the Context cannot resolve, an unknown
// function, an unsupported form (pattern expressions), or nesting deeper
// than MaxDepth. Fold turns DIV_BY_ZERO, ERR_OVERFLOW and BAD_TYPE results
// of constant sub-expressions into the validator errors NebulaGraph raises.
//
// NB: =~ and extract() use Go's RE2 (package regexp) where NebulaGraph uses
// std::regex (ECMAScript): look-around and back-references are rejected
// (the match is then BAD_TYPE, as NebulaGraph answers for a bad pattern).
//
// Concurrency: Eval keeps its state on the caller's stack, so concurrent
// calls are safe if their Contexts are. The compiled-regexp cache is shared
// and locked.
package eval
