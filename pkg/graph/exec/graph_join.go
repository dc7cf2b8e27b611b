package exec

import (
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// joinJob is a hash join's payload: the two tables and their key columns.
// The joined row is the left columns then the right ones but its key;
// keep, when set (hashJoinProjectRule), picks the columns of the joined
// row the node writes, in order.
type joinJob struct {
	ast.Stmt
	left, right       string
	leftKey, rightKey string
	keep              []int
}

// hashJoin runs HashLeftJoin (a left row without a match keeps EMPTY for
// the right columns) and HashInnerJoin (it is dropped).
func (e *executor) hashJoin(n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*joinJob)
	l, r := newTable(e.table(job.left)), newTable(e.table(job.right))
	out := &value.DataSet{ColNames: n.ColNames}
	rk, ok := r.idx[job.rightKey]
	var rightCols []int
	for i := range r.ds.ColNames {
		if i != rk {
			rightCols = append(rightCols, i)
		}
	}
	// Most keys match one right row (a vertex's properties), so the first
	// match of a key is kept apart and only further ones go to a slice.
	first := newVidMap[int](len(r.ds.Rows))
	var more vidMap[[]int]
	if ok {
		for i, row := range r.ds.Rows {
			k := row.Values[rk]
			if !first.add(k, i) {
				rows, _ := more.get(k)
				more.put(k, append(rows, i))
			}
		}
	}
	w := joinWriter{keep: job.keep, leftWidth: len(l.ds.ColNames), rightCols: rightCols}
	if job.keep == nil {
		w.pad = len(n.ColNames) - w.leftWidth
	}
	lk, lok := l.idx[job.leftKey]
	out.Rows = make([]value.Row, 0, len(l.ds.Rows))
	dups := len(more.ints)+len(more.rest) > 0 // some key matches several right rows
	var one [1]int
	for _, row := range l.ds.Rows {
		var matches []int
		if lok {
			k := row.Values[lk]
			if i, found := first.get(k); found {
				one[0] = i
				matches = one[:]
				if dups {
					rest, _ := more.get(k)
					matches = append(matches, rest...)
				}
			}
		}
		if len(matches) == 0 {
			if n.Kind == plan.HashLeftJoin {
				out.Rows = append(out.Rows, value.Row{Values: w.row(row.Values, nil)})
			}
			continue
		}
		for _, m := range matches {
			out.Rows = append(out.Rows, value.Row{Values: w.row(row.Values, r.ds.Rows[m].Values)})
		}
	}
	return out, nil
}

// joinWriter builds the rows a hash join writes.
type joinWriter struct {
	keep      []int // nil: every column
	leftWidth int
	rightCols []int // the right row's columns joined, in order
	pad       int   // without keep: the EMPTY columns of a row without a match
	slab      value.Slab
}

// row joins a left row with a right one (nil: no match, EMPTY columns).
func (w *joinWriter) row(left, right []value.Value) []value.Value {
	if w.keep == nil {
		vals := append(w.slab.Take(len(left)+max(w.pad, len(w.rightCols))), left...)
		if right == nil {
			for range w.pad {
				vals = append(vals, value.Empty)
			}
			return vals
		}
		for _, c := range w.rightCols {
			vals = append(vals, right[c])
		}
		return vals
	}
	vals := w.slab.Take(len(w.keep))
	for _, i := range w.keep {
		switch {
		case i < w.leftWidth:
			if i < len(left) {
				vals = append(vals, left[i])
			} else {
				vals = append(vals, value.Empty)
			}
		case right == nil:
			vals = append(vals, value.Empty)
		default:
			vals = append(vals, right[w.rightCols[i-w.leftWidth]])
		}
	}
	return vals
}
