package value

// Slab hands out value slices from larger blocks: one allocation per
// block instead of one per slice, for code that builds many short rows or
// lists (a traversal's rows, a storage answer's edges). Blocks start
// small and double up to maxSlabBlock values, so a short request pays for
// little more than it uses. A block stays alive while any slice from it
// does. The zero Slab is ready to use.
type Slab struct {
	buf  []Value
	next int // the size of the next block
	// lists holds the List structs NewList hands out, likewise in
	// blocks.
	lists     []List
	nextLists int
}

const (
	minSlabBlock = 32
	maxSlabBlock = 1024 // 48 KiB
)

// Take returns an empty slice with room for n values; appending past n
// reallocates, so slices never overlap.
func (s *Slab) Take(n int) []Value {
	if cap(s.buf)-len(s.buf) < n {
		size := max(s.next, minSlabBlock)
		s.next = min(2*size, maxSlabBlock)
		s.buf = make([]Value, 0, max(n, size))
	}
	at := len(s.buf)
	s.buf = s.buf[:at+n]
	return s.buf[at : at : at+n]
}

// NewList is NewList(vs) with the List taken from a block of the slab's
// instead of allocated alone: a storage answer wraps every edge's
// properties in a list.
func (s *Slab) NewList(vs []Value) Value {
	if len(s.lists) == cap(s.lists) {
		size := max(s.nextLists, minSlabBlock)
		s.nextLists = min(2*size, maxSlabBlock)
		s.lists = make([]List, 0, size)
	}
	s.lists = append(s.lists, List{Values: vs})
	return Value{kind: KindList, ptr: &s.lists[len(s.lists)-1]}
}
