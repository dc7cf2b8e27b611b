package value

// dedup returns vs without later duplicates, keeping first occurrences in
// order. It hashes so that building a large set stays linear.
func dedup(vs []Value) []Value {
	if len(vs) < 2 {
		return vs
	}
	seen := make(map[uint64][]int, len(vs))
	out := vs[:0:0]
	for _, v := range vs {
		h := Hash(v)
		dup := false
		for _, i := range seen[h] {
			if Identical(out[i], v) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		seen[h] = append(seen[h], len(out))
		out = append(out, v)
	}
	return out
}
