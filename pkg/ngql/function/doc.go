// Package function is NovaGraph's library of built-in nGQL/openCypher
// functions: the scalar functions that a FunctionCall expression names
// (abs, substr, toString, date, nodes, ...) and the aggregate functions
// (count, sum, avg, min, max, std, collect, collect_set, bit_and, bit_or,
// bit_xor) that an Aggregate expression names.
//
// It owns, for every builtin, the arity NebulaGraph accepts, whether a call
// is pure (may be constant-folded), the body with NebulaGraph's exact
// semantics, and the static return-type table that the validator consults.
// It does not evaluate expressions (package eval does), and it does not know
// about schemas or storage.
//
// NebulaGraph reports a failing builtin not with an error but with a NULL of
// a reason: BAD_TYPE for an argument of the wrong kind, BAD_DATA for an
// argument of the right kind but an unusable value (a malformed date, a zero
// step), and so on. Bodies here do the same, so Call never fails; the errors
// of this package come from looking a function up (unknown name, wrong
// arity, argument kinds no signature accepts).
//
// Main types: Function (one scalar builtin, found with Lookup), Env (the
// clock, random source and time zone that impure builtins read), and
// Aggregator (an accumulator built by NewAggregator).
//
// Concurrency: the registry is built at init and read-only afterwards, so
// Lookup, ReturnType and Call are safe for concurrent use as long as each
// goroutine's Env is (see Env). An Aggregator is not safe for concurrent use.
package function
