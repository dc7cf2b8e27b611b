package value

// dedup returns vs without later duplicates (under Identical), keeping first
// occurrences in order. Small inputs are scanned pairwise; larger ones are
// hashed so that building a large set stays linear. The input is not
// modified; when it holds no duplicate it is returned as is.
func dedup(vs []Value) []Value {
	if len(vs) < 2 {
		return vs
	}
	if len(vs) <= 8 {
		for j := 1; j < len(vs); j++ {
			if containsIdentical(vs[:j], vs[j]) {
				return dedupSmall(vs, j)
			}
		}
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

// dedupSmall finishes dedup for a short slice whose first duplicate is at
// index first.
func dedupSmall(vs []Value, first int) []Value {
	out := make([]Value, first, len(vs)-1)
	copy(out, vs[:first])
	for _, v := range vs[first+1:] {
		if !containsIdentical(out, v) {
			out = append(out, v)
		}
	}
	return out
}
