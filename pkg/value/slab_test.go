package value

import "testing"

func TestSlabTake(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sizes []int
	}{
		{"one small", []int{3}},
		{"many rows", []int{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}},
		{"larger than a block", []int{5, 2000, 5}},
		{"zero", []int{0, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s Slab
			var got [][]Value
			for i, n := range tc.sizes {
				vs := s.Take(n)
				if len(vs) != 0 || cap(vs) != n {
					t.Fatalf("take %d: len %d cap %d", n, len(vs), cap(vs))
				}
				for range n {
					vs = append(vs, NewInt(int64(i)))
				}
				got = append(got, vs)
			}
			// Appending past a slice's room must not write into the next.
			if len(got) > 1 {
				_ = append(got[0], NewString("overflow"))
			}
			for i, vs := range got {
				for _, v := range vs {
					if v.Int() != int64(i) {
						t.Fatalf("slice %d holds %v", i, v)
					}
				}
			}
		})
	}
}

func TestSlabBlocksGrow(t *testing.T) {
	var s Slab
	s.Take(1)
	first := cap(s.buf)
	for range 10 * maxSlabBlock {
		s.Take(1)
	}
	if first != minSlabBlock || cap(s.buf) != maxSlabBlock {
		t.Fatalf("first block %d, last %d; want %d then %d", first, cap(s.buf), minSlabBlock, maxSlabBlock)
	}
}

func TestSlabNewList(t *testing.T) {
	var s Slab
	var got []Value
	const n = 3 * maxSlabBlock // several blocks
	for i := range n {
		got = append(got, s.NewList([]Value{NewInt(int64(i)), NewString("x")}))
	}
	for i, v := range got {
		want := NewList([]Value{NewInt(int64(i)), NewString("x")})
		if !Identical(v, want) {
			t.Fatalf("list %d is %v, want %v", i, v, want)
		}
	}
	// Each list is its own: changing one's values leaves the others.
	got[0].List()[0] = NewInt(-1)
	if got[1].List()[0].Int() != 1 {
		t.Fatal("lists share their storage")
	}
}
