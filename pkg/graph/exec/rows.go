package exec

import (
	"github.com/novagraph/novagraph/pkg/value"
)

// rowSet is a set of rows under value.Identical, for DISTINCT, grouping and
// the set operators. It hashes so that building it stays linear.
type rowSet struct {
	buckets map[uint64][]int
	rows    [][]value.Value
}

func newRowSet(hint int) *rowSet {
	return &rowSet{buckets: make(map[uint64][]int, hint)}
}

func hashRow(vs []value.Value) uint64 {
	h := uint64(14695981039346656037)
	for _, v := range vs {
		h = (h ^ value.Hash(v)) * 1099511628211
	}
	return h
}

func identicalRows(a, b []value.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !value.Identical(a[i], b[i]) {
			return false
		}
	}
	return true
}

// find returns the index of a row identical to vs, or -1.
func (s *rowSet) find(vs []value.Value) int {
	for _, i := range s.buckets[hashRow(vs)] {
		if identicalRows(s.rows[i], vs) {
			return i
		}
	}
	return -1
}

// add inserts vs unless present and returns its index and whether it was new.
func (s *rowSet) add(vs []value.Value) (int, bool) {
	h := hashRow(vs)
	for _, i := range s.buckets[h] {
		if identicalRows(s.rows[i], vs) {
			return i, false
		}
	}
	s.buckets[h] = append(s.buckets[h], len(s.rows))
	s.rows = append(s.rows, vs)
	return len(s.rows) - 1, true
}

// distinct keeps the first of each group of identical rows, in order.
func distinct(ds *value.DataSet) *value.DataSet {
	set := newRowSet(len(ds.Rows))
	out := &value.DataSet{ColNames: ds.ColNames, Rows: make([]value.Row, 0, len(ds.Rows))}
	for _, r := range ds.Rows {
		if _, added := set.add(r.Values); added {
			out.Rows = append(out.Rows, r)
		}
	}
	return out
}
