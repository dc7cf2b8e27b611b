package exec

import (
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// hashJoinProjectRule: Project ▶ HashLeftJoin|HashInnerJoin ==> the join
// writing the Project's columns itself, when each of them is a column of
// the join ($-.x). A GO reading $$ joins its edges with their
// destinations' properties and then copies all but the key column out;
// for a GO 2 STEPS from a hub that built hundreds of thousands of rows
// twice. NebulaGraph has no such rule (its join and project are separate
// executors); the rule changes how many rows are built, not the result.
func hashJoinProjectRule(g *optGraph, n *plan.Node) bool {
	if n.Kind != plan.Project {
		return false
	}
	j, ok := single(n)
	if !ok || (j.Kind != plan.HashLeftJoin && j.Kind != plan.HashInnerJoin) || !g.private(n, j) {
		return false
	}
	job, ok := j.Stmt.(*joinJob)
	if !ok || job.keep != nil {
		return false
	}
	at := make(map[string]int, len(j.ColNames))
	for i, c := range j.ColNames {
		at[c] = i // a duplicated name reads its last column, as in newTable
	}
	keep := make([]int, len(n.Columns))
	for k, c := range n.Columns {
		ref, ok := c.Expr.(*ast.InputProperty)
		if !ok {
			return false
		}
		if keep[k], ok = at[ref.Prop]; !ok {
			return false
		}
	}
	fused := *job
	fused.keep = keep
	n.Kind, n.Stmt, n.Deps, n.InputVar, n.Columns = j.Kind, &fused, j.Deps, j.InputVar, nil
	return true
}
