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
// whether the list is not empty. A pattern predicate of a WHERE is a
// PatternApply instead, which keeps or drops the row (cypher_where.go).

// applyJob is the payload of a RollUpApply or PatternApply node.
type applyJob struct {
	ast.Stmt
	rid     string // the row number column the walk groups by
	pathCol string // the walk's path column
	ops     []matchOp
	each    *applyEach // the walk is per element of a list, not per row
	use     patternUse
}

// patternUse says what becomes of the paths a pattern's walk matches
// from a row.
type patternUse int8

const (
	// collectPaths (RollUpApply) gives the row a column of the paths.
	collectPaths patternUse = iota
	// keepMatched (PatternApply) keeps the rows that matched some path.
	keepMatched
	// keepUnmatched (PatternApply, anti) keeps the rows that matched none.
	keepUnmatched
)

// patternExprs plans the pattern expressions of e over dep and returns
// the node to read from and e reading their columns. cond says e is a
// condition.
func (cp *cypherPlanner) patternExprs(dep *plan.Node, e ast.Expr, cond bool) (*plan.Node, ast.Expr, error) {
	if !ast.Any(e, func(x ast.Expr) bool { _, ok := x.(*ast.PathPattern); return ok }) {
		return dep, e, nil
	}
	var err error
	// locals are the comprehensions being rewritten, innermost last.
	var locals []*localBinding
	replace := func(pp *ast.PathPattern) ast.Expr {
		if err != nil {
			return pp
		}
		for k := len(locals) - 1; k >= 0; k-- {
			if pathUses(pp.Path, locals[k].name) {
				var col string
				dep, col, err = cp.rollUpEach(dep, pp, locals[k])
				return &ast.Subscript{Left: &ast.Label{Name: col}, Index: &ast.Label{Name: locals[k].idx}}
			}
		}
		var col string
		dep, col, err = cp.rollUp(dep, pp, collectPaths)
		return &ast.Label{Name: col}
	}
	nonEmpty := func(l ast.Expr) ast.Expr {
		return &ast.Binary{Op: ast.OpGT, Left: &ast.FunctionCall{Name: "size", Args: []ast.Expr{l}}, Right: &ast.IntLiteral{Value: 0}}
	}
	var boolean, lists func(x ast.Expr) ast.Expr
	// comprehension rewrites [x IN L WHERE f | m] whose patterns read x:
	// they are walked once per element of L (rollUpEach) and read back by
	// the element's position i, as
	//
	//	CASE WHEN L IS NULL THEN NULL ELSE
	//	reduce(acc = [], i IN range(0, size(L)-1) | acc + [x IN [L[i]] WHERE f' | m']) END
	comprehension := func(n *ast.ListComprehension) ast.Expr {
		l := lists(n.Collection)
		b := &localBinding{name: n.Var, list: l, idx: cp.hidden("i")}
		locals = append(locals, b)
		inner := &ast.ListComprehension{Var: n.Var,
			Collection: &ast.List{Items: []ast.Expr{&ast.Subscript{Left: l, Index: &ast.Label{Name: b.idx}}}}}
		if n.Filter != nil {
			inner.Filter = boolean(n.Filter)
		}
		if n.Mapping != nil {
			inner.Mapping = lists(n.Mapping)
		}
		locals = locals[:len(locals)-1]
		acc := cp.hidden("acc")
		last := &ast.Binary{Op: ast.OpSub, Left: &ast.FunctionCall{Name: "size", Args: []ast.Expr{l}}, Right: &ast.IntLiteral{Value: 1}}
		red := &ast.Reduce{Acc: acc, Init: &ast.List{}, Var: b.idx,
			Collection: &ast.FunctionCall{Name: "range", Args: []ast.Expr{&ast.IntLiteral{Value: 0}, last}},
			Mapping:    &ast.Binary{Op: ast.OpAdd, Left: &ast.Label{Name: acc}, Right: inner}}
		return &ast.Case{Generic: true, Arms: []ast.WhenThen{{When: &ast.Unary{Op: ast.OpIsNull, Operand: l}, Then: &ast.NullLiteral{}}},
			Default: red}
	}
	lists = func(x ast.Expr) ast.Expr {
		return rewriteExpr(x, func(y ast.Expr) (ast.Expr, bool) {
			switch n := y.(type) {
			case *ast.ListComprehension:
				if patternsUse(n.Filter, n.Var) || patternsUse(n.Mapping, n.Var) {
					return comprehension(n), true
				}
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

// rollUp plans a RollUpApply (or, unless use is collectPaths, a
// PatternApply) of one pattern over dep. The walk starts from the first
// node the pattern reuses; a pattern that reuses only an edge starts from
// that edge's ends.
func (cp *cypherPlanner) rollUp(dep *plan.Node, pp *ast.PathPattern, use patternUse) (*plan.Node, string, error) {
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
	var each *applyEach
	if start < 0 {
		if start, each = cp.edgeStart(path); start < 0 {
			return nil, "", status.Semantic("The pattern expression `%s' reuses no alias", ast.NebulaString(pp))
		}
	}
	return cp.rollUpPath(g, dep, path, start, each, cp.sc, use)
}

// edgeStart starts the walk of a pattern whose only reused alias is an
// edge at the node before that edge, which is the edge's source (or, for
// <-[e]-, its destination; for -[e]-, either end). It returns -1 when
// the pattern reuses no edge.
func (cp *cypherPlanner) edgeStart(path *mpath) (int, *applyEach) {
	for i, e := range path.edges {
		if !e.bound {
			continue
		}
		end := func(fn string) ast.Expr {
			return &ast.FunctionCall{Name: fn, Args: []ast.Expr{&ast.Label{Name: e.col}}}
		}
		var ends []ast.Expr
		switch e.dir {
		case ast.DirOut:
			ends = []ast.Expr{end("src")}
		case ast.DirIn:
			ends = []ast.Expr{end("dst")}
		default:
			ends = []ast.Expr{end("src"), end("dst")}
		}
		return i, &applyEach{list: &ast.List{Items: ends}, col: path.nodes[i].col, idx: cp.hidden("idx"), flat: true}
	}
	return -1, nil
}

// rollUpPath plans the RollUpApply walking a resolved pattern from node
// start over the rows of dep (once per element of a list with each);
// walk is the scope the walk sees (with the element bound). With use
// other than collectPaths it plans a PatternApply, which adds no column
// (and returns none).
func (cp *cypherPlanner) rollUpPath(g *graphSpace, dep *plan.Node, path *mpath, start int, each *applyEach, walk *cscope, use patternUse) (*plan.Node, string, error) {
	rid, pathCol := cp.hidden("rid"), cp.hidden("p")
	cols := slices.Clone(cp.sc.cols)
	in := slices.Clone(cols)
	if each != nil {
		if !slices.Contains(cols, each.col) {
			cols = append(cols, each.col)
		}
		cols = append(cols, rid, each.idx)
	} else {
		cols = append(cols, rid)
	}
	outer := cp.sc
	cp.sc = walk
	ops, err := cp.walkOps(g, path, start, true, cols, pathCol)
	cp.sc = outer
	if err != nil {
		return nil, "", err
	}
	job := &applyJob{Stmt: cp.stmt, rid: rid, pathCol: pathCol, ops: ops, each: each, use: use}
	if use != collectPaths {
		n := cp.p.b.New(plan.PatternApply, dep)
		n.InputVar, n.Stmt, n.ColNames = dep.OutputVar, job, in
		return n, "", nil
	}
	n := cp.p.b.New(plan.RollUpApply, dep)
	n.InputVar, n.Stmt = dep.OutputVar, job
	col := cp.hidden("pattern")
	cp.sc.add(col, aliasValue, true)
	n.ColNames = slices.Clone(cp.sc.cols)
	return n, col, nil
}

// localBinding is a comprehension variable that patterns read: name
// stands for each element of list in turn, whose position is idx.
type localBinding struct {
	name string
	list ast.Expr
	idx  string
}

// pathUses reports whether a pattern names alias among its nodes or
// edges.
func pathUses(p *ast.MatchPath, alias string) bool {
	for _, n := range p.Nodes {
		if n.Alias == alias {
			return true
		}
	}
	for _, e := range p.Edges {
		if e.Alias == alias {
			return true
		}
	}
	return false
}

// patternsUse reports whether a pattern inside e names alias.
func patternsUse(e ast.Expr, alias string) bool {
	return e != nil && ast.Any(e, func(x ast.Expr) bool {
		pp, ok := x.(*ast.PathPattern)
		return ok && pathUses(pp.Path, alias)
	})
}

// renamed returns a copy of p with alias from renamed to to.
func renamed(p *ast.MatchPath, from, to string) *ast.MatchPath {
	c := *p
	c.Nodes = make([]*ast.MatchNode, len(p.Nodes))
	for i, n := range p.Nodes {
		x := *n
		if x.Alias == from {
			x.Alias = to
		}
		c.Nodes[i] = &x
	}
	c.Edges = make([]*ast.MatchEdge, len(p.Edges))
	for i, e := range p.Edges {
		x := *e
		if x.Alias == from {
			x.Alias = to
		}
		c.Edges[i] = &x
	}
	return &c
}

// rollUpEach plans a RollUpApply of a pattern that reads a comprehension
// variable: each row is walked once per element of the comprehension's
// list, the element standing in for the variable, and the row's column
// holds, per element, the list of paths matched.
func (cp *cypherPlanner) rollUpEach(dep *plan.Node, pp *ast.PathPattern, b *localBinding) (*plan.Node, string, error) {
	g, err := cp.space()
	if err != nil {
		return nil, "", err
	}
	elem := cp.hidden("local")
	outer := cp.sc
	walk := outer.clone()
	walk.add(elem, aliasValue, false)
	cp.sc = walk
	paths, err := cp.resolvePaths(g, []*ast.MatchPath{renamed(pp.Path, b.name, elem)}, true)
	var start int
	if err == nil {
		start = cp.boundStart(paths[0])
	}
	cp.sc = outer
	if err != nil {
		return nil, "", err
	}
	return cp.rollUpPath(g, dep, paths[0], start, &applyEach{list: b.list, col: elem, idx: cp.hidden("idx")}, walk, collectPaths)
}

// applyEach makes a RollUpApply walk each row once per element of a list.
type applyEach struct {
	list ast.Expr // evaluated on the row
	col  string   // the element's column
	idx  string   // the element's position's column
	flat bool     // the row's paths are one list, not one per element
}

// patternApply runs a RollUpApply or PatternApply: the walk over the
// numbered input rows, whose paths are then collected per row (or, for a
// PatternApply, decide whether the row stays).
func (e *executor) patternApply(ctx context.Context, n *plan.Node, job *applyJob) (*value.DataSet, error) {
	in := e.table(n.InputVar)
	var t *value.DataSet
	var sizes []int // with each: the elements of every row
	if job.each == nil {
		t = &value.DataSet{ColNames: append(slices.Clone(in.ColNames), job.rid), Rows: make([]value.Row, len(in.Rows))}
		for i, r := range in.Rows {
			t.Rows[i] = value.Row{Values: append(slices.Clone(r.Values), value.NewInt(int64(i)))}
		}
	} else {
		t = &value.DataSet{ColNames: append(slices.Clone(in.ColNames), job.each.col, job.rid, job.each.idx)}
		sizes = make([]int, len(in.Rows))
		src := newTable(in)
		for i, r := range in.Rows {
			l, err := evalIn(job.each.list, e.rowCtx(src, i))
			if err != nil {
				return nil, err
			}
			var items []value.Value
			switch l.Kind() {
			case value.KindList:
				items = l.List()
			case value.KindSet:
				items = l.Set()
			}
			sizes[i] = len(items)
			for j, it := range items {
				vals := append(slices.Clone(r.Values), it, value.NewInt(int64(i)), value.NewInt(int64(j)))
				t.Rows = append(t.Rows, value.Row{Values: vals})
			}
		}
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
	out := &value.DataSet{ColNames: n.ColNames, Rows: make([]value.Row, len(in.Rows))}
	if job.each != nil && !job.each.flat {
		// Per row, per element, the paths of that element.
		per := make([][][]value.Value, len(in.Rows))
		for i := range per {
			per[i] = make([][]value.Value, sizes[i])
		}
		xi := res.idx[job.each.idx]
		for _, r := range t.Rows {
			i, j := r.Values[ri].Int(), r.Values[xi].Int()
			per[i][j] = append(per[i][j], r.Values[pi])
		}
		for i, r := range in.Rows {
			lists := make([]value.Value, sizes[i])
			for j, ps := range per[i] {
				lists[j] = value.NewList(ps)
			}
			out.Rows[i] = value.Row{Values: append(slices.Clone(r.Values), value.NewList(lists))}
		}
		return out, nil
	}
	collected := make([][]value.Value, len(in.Rows))
	for _, r := range t.Rows {
		i := r.Values[ri].Int()
		collected[i] = append(collected[i], r.Values[pi])
	}
	if job.use != collectPaths {
		out.Rows = out.Rows[:0]
		for i, r := range in.Rows {
			if (len(collected[i]) > 0) == (job.use == keepMatched) {
				out.Rows = append(out.Rows, r)
			}
		}
		return out, nil
	}
	for i, r := range in.Rows {
		out.Rows[i] = value.Row{Values: append(slices.Clone(r.Values), value.NewList(collected[i]))}
	}
	return out, nil
}
