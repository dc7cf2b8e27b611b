package exec

import "github.com/novagraph/novagraph/pkg/value"

// vidMap maps vertex ids (or any join key) to V. Int ids, what most spaces
// use, live in a map of their own keyed by the int: hashing a vkey, whose
// string field is hashed even when empty, was a tenth of a multi-step
// GO's time. The zero vidMap is ready to use.
type vidMap[V any] struct {
	ints map[int64]V
	rest map[vkey]V
}

func newVidMap[V any](hint int) vidMap[V] { return vidMap[V]{ints: make(map[int64]V, hint)} }

func (m *vidMap[V]) get(v value.Value) (V, bool) {
	if v.Kind() == value.KindInt {
		x, ok := m.ints[v.Int()]
		return x, ok
	}
	x, ok := m.rest[keyOf(v)]
	return x, ok
}

func (m *vidMap[V]) put(v value.Value, x V) {
	if v.Kind() == value.KindInt {
		if m.ints == nil {
			m.ints = map[int64]V{}
		}
		m.ints[v.Int()] = x
		return
	}
	if m.rest == nil {
		m.rest = map[vkey]V{}
	}
	m.rest[keyOf(v)] = x
}

// add puts x under v unless v is present, and reports whether it did.
func (m *vidMap[V]) add(v value.Value, x V) bool {
	if _, ok := m.get(v); ok {
		return false
	}
	m.put(v, x)
	return true
}

// each calls fn for every value, in no particular order.
func (m *vidMap[V]) each(fn func(V)) {
	for _, x := range m.ints {
		fn(x)
	}
	for _, x := range m.rest {
		fn(x)
	}
}
