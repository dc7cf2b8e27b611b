package exec

import (
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// Rules that move the conditions of a Filter closer to the rows they test.

// pushFilterThroughAppendVerticesRule: Filter ▶ AppendVertices ==>
// [Filter ▶] AppendVertices ▶ Filter: the conditions that read only
// whole values of the columns AppendVertices reads (id(v2) IN [...], say)
// are tested before the vertices are fetched, so that rows they drop cost
// no read. As NebulaGraph's rule picks them, a condition reading a
// property (v.tag.prop, e.prop) stays above.
func pushFilterThroughAppendVerticesRule(g *optGraph, n *plan.Node) bool {
	if _, ok := n.Stmt.(*cypherFilter); !ok || n.Kind != plan.Filter {
		return false
	}
	a, ok := single(n)
	if !ok || a.Kind != plan.AppendVertices || !g.private(n, a) {
		return false
	}
	av, ok := a.Stmt.(*appendJob)
	if !ok {
		return false
	}
	x, ok := single(a)
	if !ok {
		return false
	}
	return g.pushFilterBelow(n, a, x, func(c ast.Expr) bool { return readsOnlyWhole(c, x.ColNames, av.col) })
}

// readsOnlyWhole reports whether cond reads no property and names only
// columns of cols other than col.
func readsOnlyWhole(cond ast.Expr, cols []string, col string) bool {
	return !ast.Any(cond, func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.LabelAttribute, *ast.LabelTagProperty, *ast.Attribute, *ast.PathPattern:
			return true
		case *ast.Label:
			return e.Name == col || !slices.Contains(cols, e.Name)
		}
		return false
	})
}

// and joins conditions with AND (one condition is itself).
func and(conds []ast.Expr) ast.Expr {
	if len(conds) == 1 {
		return conds[0]
	}
	return &ast.Logical{Op: ast.OpAnd, Operands: conds}
}

// pushFilterDownShortestPathRule: Filter ▶ ShortestPath ==> [Filter ▶]
// ShortestPath ▶ Filter: the conditions on the two ends only (id(a) ==
// ..., b.player.age > ...) drop rows before their paths are searched, not
// after. (NebulaGraph's planner puts such conditions on the ends' seeks;
// here a rule moves them, so the search runs once per surviving row.)
func pushFilterDownShortestPathRule(g *optGraph, n *plan.Node) bool {
	if _, ok := n.Stmt.(*cypherFilter); !ok || n.Kind != plan.Filter {
		return false
	}
	sp, ok := single(n)
	if !ok || sp.Kind != plan.ShortestPath || !g.private(n, sp) {
		return false
	}
	x, ok := single(sp)
	if !ok {
		return false
	}
	return g.pushFilterBelow(n, sp, x, func(c ast.Expr) bool { return readsOnly(c, x.ColNames) })
}

// readsOnly reports whether cond names no column but those of cols (and
// no pattern, whose walk reads the row as a whole).
func readsOnly(cond ast.Expr, cols []string) bool {
	return !ast.Any(cond, func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.PathPattern, *ast.ListComprehension, *ast.Predicate, *ast.Reduce:
			// Names bound inside are not columns; stay conservative.
			return true
		case *ast.LabelAttribute:
			return !slices.Contains(cols, e.Label)
		case *ast.Label:
			return !slices.Contains(cols, e.Name)
		}
		return false
	})
}

// pushFilterBelow moves the conjuncts of filter n that pick accepts into a
// new Filter between op and its input x, keeping the rest in n (or
// removing n when nothing is left). It reports whether anything moved.
func (g *optGraph) pushFilterBelow(n, op, x *plan.Node, pick func(ast.Expr) bool) bool {
	var picked, kept []ast.Expr
	for _, c := range conjuncts(n.Condition) {
		if pick(c) {
			picked = append(picked, c)
		} else {
			kept = append(kept, c)
		}
	}
	if len(picked) == 0 {
		return false
	}
	below := g.p.New(plan.Filter, x)
	below.InputVar, below.ColNames = x.OutputVar, x.ColNames
	below.Stmt = n.Stmt
	below.Condition = and(picked)
	below.Shown = aliasesAsVariables(below.Condition)
	op.Deps, op.InputVar = []*plan.Node{below}, below.OutputVar
	if len(kept) == 0 {
		g.replace(n, op)
		return true
	}
	n.Condition = and(kept)
	n.Shown = aliasesAsVariables(n.Condition)
	return true
}
