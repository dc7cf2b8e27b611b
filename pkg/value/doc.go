// Package value is NovaGraph's value model: the dynamically typed Value that
// every expression, row and property holds, with NebulaGraph 3.x semantics.
//
// It owns the value kinds (null with its reasons, empty, bool, int, float,
// string, date, time, datetime, duration, vertex, edge, path, list, map, set,
// dataset, geography), their identity, comparison, ordering and hashing,
// arithmetic and null/empty propagation, three-valued logic, textual forms,
// the calendar, and the conversion to and from the Thrift types of
// idl/gen/common and graphd's JSON. It does not know about schemas, the query
// language or sessions (callers pass the time zone offset and the clock).
//
// Files, by concern:
//
//	value.go           the Value layout, constructors and accessors
//	kind.go            kind and null names (typeof(), type errors)
//	hash.go, set.go    Identical and Hash: keys for grouping, DISTINCT, sets, joins
//	compare.go         Equal..GreaterEq (three-valued) and Compare (total order)
//	arith.go           Add, Sub, Mul, Div, Mod, Neg; ErrOverflow
//	logic.go           And, Or, Xor, Not, IsTrue
//	format.go          String (NebulaGraph toString) and Literal (tck tables)
//	calendar*.go       calendar arithmetic, validation, parsing, maps, attributes
//	thrift.go, json.go the wire forms
//
// Vocabulary. NebulaGraph has three notions of sameness and this package
// keeps them apart:
//
//   - Equal is the query operator ==: three-valued (NULL when either side is
//     NULL), int and float compare across kinds within Epsilon.
//   - Identical/Hash is the key identity of hash tables: two-valued, kinds
//     must match (1 and 1.0 are different keys), NULL matches NULL of the
//     same reason, floats match exactly (NaN matches NaN).
//   - Compare is the sort order: total, EMPTY first and NULL last, numbers
//     across int/float exactly.
//
// Errors. Operations on values of the wrong kinds do not fail: they return
// NULL(BAD_TYPE), as NebulaGraph does; division by an int zero returns
// NULL(DIV_BY_ZERO). Only int64 overflow returns an error (wrapping
// ErrOverflow, with NebulaGraph's message) alongside NULL(ERR_OVERFLOW).
// Calendar parsing and map construction return errors worded as
// NebulaGraph's. FromThrift returns errors wrapping ErrBadThrift and never
// panics.
//
// Performance. A Value is 48 bytes; scalars, including durations, are
// stored inline, and comparison, hashing, logic and scalar arithmetic do not
// allocate. Composite payloads are pointers.
//
// Concurrency. Values are immutable once built: composite payloads (lists,
// maps, vertices, ...) are shared by reference between copies of a Value, so
// nobody may modify a payload after handing it to a constructor, nor a
// slice or map obtained from an accessor. Under that rule a Value is safe for
// concurrent reads, and every function of the package is safe for concurrent
// use. Thrift structures built by ToThrift share string memory with the
// Value and are read-only too.
package value
