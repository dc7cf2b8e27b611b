package value

import (
	"math"
	"testing"
)

func TestIdentical(t *testing.T) {
	tests := []struct {
		name string
		a, b Value
		want bool
	}{
		{"empty", Empty, Empty, true},
		{"null same reason", Null, NewNull(NullPlain), true},
		{"null different reason", Null, nullBadType, false},
		{"null vs empty", Null, Empty, false},
		{"int", i(3), i(3), true},
		{"int vs float", i(1), f(1), false},
		{"float", f(pointOne + 0.2), f(0.30000000000000004), true},
		{"float epsilon is not identity", f(pointOne + 0.2), f(0.3), false},
		{"signed zeros", f(0), f(math.Copysign(0, -1)), true},
		{"nan", f(nan), f(math.NaN()), true},
		{"string", s("a"), s("a"), true},
		{"string vs int", s("1"), i(1), false},
		{"bool", True, b(true), true},
		{"date", date(2020, 1, 2), date(2020, 1, 2), true},
		{"date vs datetime", date(2020, 1, 2), dtm(2020, 1, 2, 0, 0, 0, 0), false},
		{"datetime micro", dtm(2020, 1, 2, 0, 0, 0, 1), dtm(2020, 1, 2, 0, 0, 0, 2), false},
		{"duration inline vs boxed", dur(1, 2, 3), NewDuration(Duration{Months: 1, Seconds: 2, Microseconds: 3}), true},
		{"duration unnormalised", dur(0, 1, 0), dur(0, 0, 1000000), false},
		{"list order", l(i(1), i(2)), l(i(2), i(1)), false},
		{"list nested", l(l(Null), m("a", i(1))), l(l(Null), m("a", i(1))), true},
		{"list int vs float inside", l(i(1)), l(f(1)), false},
		{"map order free", m("a", i(1), "b", i(2)), m("b", i(2), "a", i(1)), true},
		{"map different value", m("a", i(1)), m("a", i(2)), false},
		{"map different key", m("a", i(1)), m("b", i(1)), false},
		{"set order free", set(i(1), s("x")), set(s("x"), i(1)), true},
		{"set differs", set(i(1), i(2)), set(i(1), i(3)), false},
		{"vertex", vtx(s("a"), tag("t", "p", i(1))), vtx(s("a"), tag("t", "p", i(1))), true},
		{"vertex props differ", vtx(s("a"), tag("t", "p", i(1))), vtx(s("a"), tag("t", "p", i(2))), false},
		{"vertex tags differ", vtx(s("a"), tag("t")), vtx(s("a")), false},
		{"edge", edge(s("a"), s("b"), 1, "e", 0), edge(s("a"), s("b"), 1, "e", 0), true},
		{"edge reversed", edge(s("a"), s("b"), 1, "e", 0, "p", i(1)), edge(s("b"), s("a"), -1, "e", 0, "p", i(1)), true},
		{"edge rank", edge(s("a"), s("b"), 1, "e", 0), edge(s("a"), s("b"), 1, "e", 1), false},
		{"edge direction", edge(s("a"), s("b"), 1, "e", 0), edge(s("b"), s("a"), 1, "e", 0), false},
		{"path", samplePath(), samplePath(), true},
		{"path vs prefix", samplePath(), NewPath(&Path{Src: samplePath().Path().Src}), false},
		{"dataset", NewDataSet(&DataSet{ColNames: []string{"a"}, Rows: []Row{{Values: []Value{i(1)}}}}),
			NewDataSet(&DataSet{ColNames: []string{"a"}, Rows: []Row{{Values: []Value{i(1)}}}}), true},
		{"dataset columns", NewDataSet(&DataSet{ColNames: []string{"a"}}), NewDataSet(&DataSet{ColNames: []string{"b"}}), false},
		{"geography", point(1, 2), point(1, 2), true},
		{"geography differs", point(1, 2), point(2, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Identical(tt.a, tt.b); got != tt.want {
				t.Fatalf("Identical(%s, %s) = %v, want %v", tt.a.Literal(), tt.b.Literal(), got, tt.want)
			}
			if got := Identical(tt.b, tt.a); got != tt.want {
				t.Fatalf("Identical is not symmetric")
			}
			if tt.want && Hash(tt.a) != Hash(tt.b) {
				t.Fatalf("identical values hash differently: %x vs %x", Hash(tt.a), Hash(tt.b))
			}
		})
	}
}

// TestHashConsistentWithIdentical checks the contract over the whole corpus:
// Identical implies equal hashes, and every value is identical to itself and
// to a copy rebuilt through the wire.
func TestHashConsistentWithIdentical(t *testing.T) {
	vs := sampleValues()
	for _, a := range vs {
		if !Identical(a, a) {
			t.Errorf("%s is not identical to itself", a.Literal())
		}
		c, err := FromThrift(ToThrift(a))
		if err != nil {
			t.Fatalf("FromThrift(ToThrift(%s)): %v", a.Literal(), err)
		}
		if !Identical(a, c) || Hash(a) != Hash(c) {
			t.Errorf("copy of %s is not identical or hashes differently", a.Literal())
		}
		for _, b := range vs {
			if Identical(a, b) && Hash(a) != Hash(b) {
				t.Errorf("Identical(%s, %s) but hashes differ", a.Literal(), b.Literal())
			}
		}
	}
	// Distinct values of the corpus should not collide (not a contract, but
	// a badly mixed hash would show here).
	seen := map[uint64]Value{}
	for _, a := range vs {
		h := Hash(a)
		if o, ok := seen[h]; ok && !Identical(o, a) {
			t.Errorf("hash collision between %s and %s", o.Literal(), a.Literal())
		}
		seen[h] = a
	}
}
