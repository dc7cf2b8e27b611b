package exec

import (
	"slices"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestVidMap(t *testing.T) {
	var m vidMap[int]
	keys := []value.Value{value.NewInt(1), value.NewString("1"), value.NewFloat(1), value.NewInt(-7), value.NewString("")}
	for i, k := range keys {
		if !m.add(k, i) {
			t.Fatalf("%v: add reported present", k)
		}
	}
	for i, k := range keys {
		if got, ok := m.get(k); !ok || got != i {
			t.Errorf("%v: got %d %v, want %d", k, got, ok, i)
		}
		if m.add(k, 100) {
			t.Errorf("%v: added twice", k)
		}
	}
	if _, ok := m.get(value.NewInt(2)); ok {
		t.Error("absent int found")
	}
	n := 0
	m.each(func(int) { n++ })
	if n != len(keys) {
		t.Errorf("each visited %d of %d", n, len(keys))
	}
}

func TestUniqueVids(t *testing.T) {
	s, num := value.NewString, value.NewInt
	for _, c := range []struct {
		name string
		in   []value.Value
		want []value.Value
	}{
		{"none", nil, nil},
		{"ints keep their first order", []value.Value{num(3), num(1), num(3), num(2), num(1)}, []value.Value{num(3), num(1), num(2)}},
		{"strings", []value.Value{s("b"), s("a"), s("b")}, []value.Value{s("b"), s("a")}},
		{"an int and a string of the same digits differ", []value.Value{num(1), s("1"), num(1)}, []value.Value{num(1), s("1")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := uniqueVids(slices.Values(c.in))
			if len(got) != len(c.want) {
				t.Fatalf("uniqueVids(%v) = %v, want %v", c.in, got, c.want)
			}
			for i := range got {
				if !value.Identical(got[i], c.want[i]) {
					t.Fatalf("uniqueVids(%v) = %v, want %v", c.in, got, c.want)
				}
			}
		})
	}
}
