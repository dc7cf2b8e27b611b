package tck

import "encoding/binary"

// murmurHash2 is MurmurHash64A with NebulaGraph's seed, the function the
// reference runner calls `hash` in expected cells and uses for hashed columns
// and for string vids compared against an integer-vid space. Unlike the
// server's partition hash it has no special case for 8-byte inputs.
func murmurHash2(b []byte) int64 {
	const (
		seed = 0xc70f6907
		m    = 0xc6a4a7935bd1e995
		r    = 47
	)
	h := uint64(seed) ^ (uint64(len(b)) * m)
	n := len(b) &^ 7
	for i := 0; i < n; i += 8 {
		k := binary.LittleEndian.Uint64(b[i:])
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
	}
	if tail := b[n:]; len(tail) > 0 {
		for i := len(tail) - 1; i >= 0; i-- {
			h ^= uint64(tail[i]) << (8 * uint(i))
		}
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return int64(h)
}
