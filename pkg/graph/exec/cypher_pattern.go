package exec

import (
	"context"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// A pattern used as an expression ((v)-[:like]->() in WHERE or RETURN) is
// planned as NebulaGraph's RollUpApply: for every row of the running
// table the pattern is walked from the aliases it reuses, and the paths it
// matches are collected into a hidden column. The expression reads that
// column: as the list of paths, or — where a condition is expected — as
// whether the list is not empty.

// applyJob is a RollUpApply node's payload.
type applyJob struct {
	ast.Stmt
	rid     string // the row number column the walk groups by
	pathCol string // the walk's path column
	ops     []matchOp
}

// patternExprs plans the pattern expressions of e over dep and returns
// the node to read from and e reading their columns. cond says e is a
// condition.
func (cp *cypherPlanner) patternExprs(dep *plan.Node, e ast.Expr, cond bool) (*plan.Node, ast.Expr, error) {
	if !ast.Any(e, func(x ast.Expr) bool { _, ok := x.(*ast.PathPattern); return ok }) {
		return dep, e, nil
	}
	var err error
	replace := func(pp *ast.PathPattern) ast.Expr {
		if err != nil {
			return pp
		}
		var col string
		dep, col, err = cp.rollUp(dep, pp)
		return &ast.Label{Name: col}
	}
	nonEmpty := func(l ast.Expr) ast.Expr {
		return &ast.Binary{Op: ast.OpGT, Left: &ast.FunctionCall{Name: "size", Args: []ast.Expr{l}}, Right: &ast.IntLiteral{Value: 0}}
	}
	var boolean func(x ast.Expr) ast.Expr
	lists := func(x ast.Expr) ast.Expr {
		return rewriteExpr(x, func(y ast.Expr) (ast.Expr, bool) {
			switch n := y.(type) {
			case *ast.PathPattern:
				return replace(n), true
			case *ast.Logical, *ast.Unary:
				if n, ok := n.(*ast.Unary); ok && n.Op != ast.OpNot {
					return nil, false
				}
				return boolean(y), true
			case *ast.Predicate:
				if pp, ok := n.Collection.(*ast.PathPattern); ok && n.Name == "exists" {
					return nonEmpty(replace(pp)), true
				}
			}
			return nil, false
		})
	}
	boolean = func(x ast.Expr) ast.Expr {
		switch n := x.(type) {
		case *ast.PathPattern:
			return nonEmpty(replace(n))
		case *ast.Logical:
			ops := make([]ast.Expr, len(n.Operands))
			for i, o := range n.Operands {
				ops[i] = boolean(o)
			}
			return &ast.Logical{Op: n.Op, Operands: ops}
		case *ast.Unary:
			if n.Op == ast.OpNot {
				return &ast.Unary{Op: ast.OpNot, Operand: boolean(n.Operand)}
			}
		}
		return lists(x)
	}
	var out ast.Expr
	if cond {
		out = boolean(e)
	} else {
		out = lists(e)
	}
	if err != nil {
		return nil, nil, err
	}
	return dep, out, nil
}

// rollUp plans a RollUpApply of one pattern over dep.
func (cp *cypherPlanner) rollUp(dep *plan.Node, pp *ast.PathPattern) (*plan.Node, string, error) {
	g, err := cp.space()
	if err != nil {
		return nil, "", err
	}
	paths, err := cp.resolvePaths(g, []*ast.MatchPath{pp.Path}, true)
	if err != nil {
		return nil, "", err
	}
	path := paths[0]
	start := cp.boundStart(path)
	if start < 0 {
		return nil, "", status.Semantic("The pattern expression `%s' reuses no alias", ast.NebulaString(pp))
	}
	rid, pathCol, col := cp.hidden("rid"), cp.hidden("p"), cp.hidden("pattern")
	ops, err := cp.walkOps(g, path, start, true, append(slices.Clone(cp.sc.cols), rid), pathCol)
	if err != nil {
		return nil, "", err
	}
	n := cp.p.b.New(plan.RollUpApply, dep)
	n.InputVar = dep.OutputVar
	n.Stmt = &applyJob{Stmt: cp.stmt, rid: rid, pathCol: pathCol, ops: ops}
	cp.sc.add(col, aliasValue, true)
	n.ColNames = slices.Clone(cp.sc.cols)
	return n, col, nil
}

// patternApply runs a RollUpApply: the walk over the numbered input rows,
// whose paths are then collected per row.
func (e *executor) patternApply(ctx context.Context, n *plan.Node, job *applyJob) (*value.DataSet, error) {
	in := e.table(n.InputVar)
	t := &value.DataSet{ColNames: append(slices.Clone(in.ColNames), job.rid), Rows: make([]value.Row, len(in.Rows))}
	for i, r := range in.Rows {
		t.Rows[i] = value.Row{Values: append(slices.Clone(r.Values), value.NewInt(int64(i)))}
	}
	var err error
	for _, op := range job.ops {
		switch o := op.job.(type) {
		case *traverseJob:
			t, err = e.traverseMatch(ctx, o, t)
		case *appendJob:
			t, err = e.appendVertices(ctx, o, t)
		case *pathJob:
			t, err = buildPaths(o, t)
		}
		if err != nil {
			return nil, err
		}
	}
	res := newTable(t)
	ri, pi := res.idx[job.rid], res.idx[job.pathCol]
	collected := make([][]value.Value, len(in.Rows))
	for _, r := range t.Rows {
		i := r.Values[ri].Int()
		collected[i] = append(collected[i], r.Values[pi])
	}
	out := &value.DataSet{ColNames: n.ColNames, Rows: make([]value.Row, len(in.Rows))}
	for i, r := range in.Rows {
		out.Rows[i] = value.Row{Values: append(slices.Clone(r.Values), value.NewList(collected[i]))}
	}
	return out, nil
}
