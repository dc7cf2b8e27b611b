package kvstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/novagraph/novagraph/pkg/value"
)

// List and set columns hold homogeneous strings, integers or doubles. In
// the row they live in the variable tail like a string:
//
//	count(u32) element...
//
// where an element is len(u32)+bytes for strings and eight little-endian
// bytes for integers and doubles. A set is stored with its duplicates
// removed and read back as a set.

// IsContainer reports whether t is one of the list or set types.
func (t PropertyType) IsContainer() bool {
	return t >= TypeListString && t <= TypeSetFloat
}

// elemKind is the value kind of a container type's elements.
func elemKind(t PropertyType) value.Kind {
	switch t {
	case TypeListString, TypeSetString:
		return value.KindString
	case TypeListInt, TypeSetInt:
		return value.KindInt
	}
	return value.KindFloat
}

func isSetType(t PropertyType) bool { return t >= TypeSetString }

// coerceContainer checks v against a list or set column: a list for a list
// column, a set for a set column (a list is accepted for a set column and
// deduplicated), every element of the element kind, integers widened for
// float containers.
func coerceContainer(t PropertyType, v value.Value) (value.Value, error) {
	var elems []value.Value
	switch {
	case v.Kind() == value.KindList:
		elems = v.List()
	case v.Kind() == value.KindSet && isSetType(t):
		elems = v.Set()
	default:
		return v, fmt.Errorf("%v value for %v: %w", v.Kind(), t, ErrTypeMismatch)
	}
	want := elemKind(t)
	out := make([]value.Value, len(elems))
	for i, e := range elems {
		switch {
		case e.Kind() == want:
			out[i] = e
		case want == value.KindFloat && e.Kind() == value.KindInt:
			out[i] = value.NewFloat(float64(e.Int()))
		default:
			return v, fmt.Errorf("%v element for %v: %w", e.Kind(), t, ErrTypeMismatch)
		}
	}
	if isSetType(t) {
		return value.NewSet(out), nil
	}
	return value.NewList(out), nil
}

// elems returns the elements of a coerced container value.
func elems(v value.Value) []value.Value {
	if v.Kind() == value.KindSet {
		return v.Set()
	}
	return v.List()
}

func appendContainer(buf []byte, t PropertyType, v value.Value) []byte {
	es := elems(v)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(es)))
	for _, e := range es {
		switch elemKind(t) {
		case value.KindString:
			buf = binary.LittleEndian.AppendUint32(buf, uint32(len(e.Str())))
			buf = append(buf, e.Str()...)
		case value.KindInt:
			buf = binary.LittleEndian.AppendUint64(buf, uint64(e.Int()))
		default:
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(e.Float()))
		}
	}
	return buf
}

var errShortContainer = errors.New("container truncated")

func parseContainer(t PropertyType, b []byte) (value.Value, error) {
	if len(b) < 4 {
		return value.Empty, errShortContainer
	}
	n := binary.LittleEndian.Uint32(b)
	b = b[4:]
	// Every element takes at least four bytes, which bounds n by the input.
	if uint64(n) > uint64(len(b))/4 {
		return value.Empty, fmt.Errorf("%d elements in %d bytes: %w", n, len(b), errShortContainer)
	}
	out := make([]value.Value, 0, n)
	for range n {
		switch elemKind(t) {
		case value.KindString:
			if len(b) < 4 {
				return value.Empty, errShortContainer
			}
			l := binary.LittleEndian.Uint32(b)
			if uint64(l) > uint64(len(b)-4) {
				return value.Empty, errShortContainer
			}
			out = append(out, value.NewString(string(b[4:4+l])))
			b = b[4+l:]
		default:
			if len(b) < 8 {
				return value.Empty, errShortContainer
			}
			u := binary.LittleEndian.Uint64(b)
			if elemKind(t) == value.KindInt {
				out = append(out, value.NewInt(int64(u)))
			} else {
				out = append(out, value.NewFloat(math.Float64frombits(u)))
			}
			b = b[8:]
		}
	}
	if len(b) != 0 {
		return value.Empty, fmt.Errorf("%d bytes after the last element", len(b))
	}
	if isSetType(t) {
		return value.NewSet(out), nil
	}
	return value.NewList(out), nil
}

// Fit returns v as a row of a column c would store it, or an error wrapping
// ErrTypeMismatch or ErrOutOfRange when the column cannot hold it: the
// check a schema's default value must pass. NULL is returned unchanged.
func (c Column) Fit(v value.Value) (value.Value, error) { return coerce(c, v) }
