package exec

import (
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// joinJob is a hash join's payload: the two tables and their key columns.
// The output is the left columns then the right ones but its key.
type joinJob struct {
	ast.Stmt
	left, right       string
	leftKey, rightKey string
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
	width := len(n.ColNames) - len(l.ds.ColNames)
	lk, lok := l.idx[job.leftKey]
	out.Rows = make([]value.Row, 0, len(l.ds.Rows))
	dups := len(more.ints)+len(more.rest) > 0 // some key matches several right rows
	var one [1]int
	var slab value.Slab
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
				vals := append(append(slab.Take(len(n.ColNames)), row.Values...), emptyValues(width)...)
				out.Rows = append(out.Rows, value.Row{Values: vals})
			}
			continue
		}
		for _, m := range matches {
			vals := append(slab.Take(len(n.ColNames)), row.Values...)
			for _, c := range rightCols {
				vals = append(vals, r.ds.Rows[m].Values[c])
			}
			out.Rows = append(out.Rows, value.Row{Values: vals})
		}
	}
	return out, nil
}

func emptyValues(n int) []value.Value {
	out := make([]value.Value, max(n, 0))
	for i := range out {
		out[i] = value.Empty
	}
	return out
}
