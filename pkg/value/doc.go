// Package value is NovaGraph's value model: the dynamically typed Value that
// every expression, row and property holds, with NebulaGraph's semantics.
//
// It owns the value kinds (null with its reasons, empty, bool, int, float,
// string, date, time, datetime, duration, vertex, edge, path, list, map, set,
// dataset, geography), their equality, ordering, hashing, arithmetic and
// null/empty propagation, their textual form, and the conversion to and from
// the Thrift types of idl/gen/common. It does not know about schemas or the
// query language.
//
// Values are immutable once built: composite payloads (lists, maps, vertices,
// ...) are shared by reference between copies of a Value, so nobody may modify
// a payload after handing it to a constructor. Under that rule a Value is safe
// for concurrent reads.
package value
