package exec

import (
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
