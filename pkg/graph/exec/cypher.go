package exec

import (
	"context"
	"math"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// openCypher statements (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN) are
// planned clause by clause over one running table, as NebulaGraph's
// MatchPlanner does. Every clause reads the table the clauses before it
// produced and extends or replaces it:
//
//	MATCH          ──▶ seek (PassThrough | IndexScan | ScanVertices | Argument)
//	                   ▶ Traverse per edge ▶ AppendVertices [▶ Project: paths]
//	                   [▶ CrossJoin with the rows before] [▶ Filter: WHERE]
//	OPTIONAL MATCH ──▶ Argument ▶ (as MATCH) ▶ HashLeftJoin with the Argument
//	UNWIND         ──▶ Unwind
//	WITH, RETURN   ──▶ Project | Aggregate [▶ Dedup] [▶ Sort] [▶ Limit]
//	                   [▶ Filter: WITH's WHERE]
//
// The running table's columns are named by the query's aliases; pattern
// parts without an alias get hidden columns (names starting "__") that
// RETURN * and WITH * leave out. Expressions read the columns through bare
// names (rowCtx.Label).

// aliasKind is what an alias of the running table stands for, as
// NebulaGraph's validator types them.
type aliasKind uint8

const (
	aliasValue aliasKind = iota
	aliasNode
	aliasEdge
	aliasEdgeList
	aliasPath
)

func (k aliasKind) String() string {
	switch k {
	case aliasNode:
		return "Node"
	case aliasEdge:
		return "Edge"
	case aliasEdgeList:
		return "EdgeList"
	case aliasPath:
		return "Path"
	}
	return "Value"
}

// cscope is the running table as the planner knows it.
type cscope struct {
	cols  []string             // every column, hidden ones too
	kinds map[string]aliasKind // the aliases in scope
	names []string             // the aliases in the order RETURN * lists them
}

func newScope() *cscope { return &cscope{kinds: map[string]aliasKind{}} }

func (s *cscope) has(name string) bool {
	_, ok := s.kinds[name]
	return ok
}

// add binds an alias (visible unless hidden) to a new column.
func (s *cscope) add(name string, k aliasKind, hidden bool) {
	if !slices.Contains(s.cols, name) {
		s.cols = append(s.cols, name)
	}
	if hidden {
		return
	}
	if _, ok := s.kinds[name]; !ok {
		s.names = append(s.names, name)
	}
	s.kinds[name] = k
}

func (s *cscope) clone() *cscope {
	out := &cscope{cols: slices.Clone(s.cols), kinds: make(map[string]aliasKind, len(s.kinds)), names: slices.Clone(s.names)}
	for k, v := range s.kinds {
		out.kinds[k] = v
	}
	return out
}

// cypherPlanner plans one openCypher statement.
type cypherPlanner struct {
	p    *planner
	ctx  context.Context
	stmt *ast.Match
	g    *graphSpace // resolved at the first MATCH
	cur  *plan.Node  // producer of the running table; nil before any clause
	sc   *cscope
	seq  int // for hidden column names
	// inWith words an undefined alias as WITH's validation does.
	inWith bool
	// seeded are the WHERE conjuncts a seek by id answers.
	seeded map[ast.Expr]bool
}

// cypher plans an openCypher statement.
func (p *planner) cypher(ctx context.Context, s *ast.Match, in *shape) (*shape, error) {
	cp := &cypherPlanner{p: p, ctx: ctx, stmt: s, sc: newScope()}
	if in != nil {
		return nil, status.Syntax("syntax error near `MATCH'")
	}
	for _, c := range s.Clauses {
		var err error
		switch c := c.(type) {
		case *ast.MatchClause:
			err = cp.matchClause(c)
		case *ast.UnwindClause:
			err = cp.unwind(c)
		case *ast.WithClause:
			err = cp.projection(c.Distinct, c.Items, c.OrderBy, c.Skip, c.Limit, c.Where, true)
		}
		if err != nil {
			return nil, err
		}
	}
	r := s.Return
	if err := cp.projection(r.Distinct, r.Items, r.OrderBy, r.Skip, r.Limit, nil, false); err != nil {
		return nil, err
	}
	return &shape{node: cp.cur, cols: cp.cur.ColNames, kinds: make([]value.Kind, len(cp.cur.ColNames))}, nil
}

// hidden returns a fresh hidden column name.
func (cp *cypherPlanner) hidden(what string) string {
	cp.seq++
	return "__" + what + "_" + itoa(cp.seq)
}

func itoa(n int) string {
	return value.NewInt(int64(n)).String()
}

// input is the node the next clause reads: the running table, or a
// single empty row before any clause.
func (cp *cypherPlanner) input() *plan.Node {
	if cp.cur == nil {
		cp.cur = cp.p.start()
	}
	return cp.cur
}

// space resolves the session's space for MATCH.
func (cp *cypherPlanner) space() (*graphSpace, error) {
	if cp.g != nil {
		return cp.g, nil
	}
	g, err := cp.p.graphSpace(cp.ctx, cp.stmt)
	if err != nil {
		return nil, err
	}
	cp.g = g
	return g, nil
}

// unwind plans UNWIND expr AS alias.
func (cp *cypherPlanner) unwind(c *ast.UnwindClause) error {
	var agg ast.Expr
	ast.Walk(c.Expr, func(e ast.Expr) bool {
		if a, ok := e.(*ast.Aggregate); ok && agg == nil {
			agg = a
		}
		return agg == nil
	})
	if agg != nil {
		return status.Semantic("Can't use aggregating expressions in unwind clause, `%s'", ast.NebulaString(agg))
	}
	if cp.sc.has(c.Alias) {
		return status.Semantic("Variable `%s` already declared", c.Alias)
	}
	expr, err := cp.checkExpr(c.Expr)
	if err != nil {
		return err
	}
	dep := cp.input()
	dep, expr, err = cp.patternExprs(dep, expr, false)
	if err != nil {
		return err
	}
	n := cp.p.b.New(plan.Unwind, dep)
	n.InputVar = dep.OutputVar
	n.Stmt = &unwindJob{Stmt: cp.stmt, expr: expr, alias: c.Alias}
	cp.sc.add(c.Alias, aliasValue, false)
	n.ColNames = slices.Clone(cp.sc.cols)
	cp.cur = n
	return nil
}

// unwindJob is an Unwind node's payload.
type unwindJob struct {
	ast.Stmt
	expr  ast.Expr
	alias string
	only  bool // the rows are the element alone (nGQL's UNWIND statement)
}

// projection plans WITH (isWith) and RETURN.
func (cp *cypherPlanner) projection(distinct bool, items *ast.ReturnItems, order []*ast.OrderFactor,
	skip, limit, where ast.Expr, isWith bool) error {
	var cols []column
	if items.Star {
		if len(cp.sc.names) == 0 && (!isWith || len(items.Columns) == 0) {
			return status.Semantic("RETURN * is not allowed when there are no variables in scope")
		}
		for _, name := range cp.sc.names {
			cols = append(cols, column{expr: &ast.Label{Name: name}, name: name})
		}
	}
	for _, c := range items.Columns {
		name := c.Alias
		if name == "" {
			if _, isLabel := c.Expr.(*ast.Label); !isLabel && isWith {
				return status.Semantic("Expression in WITH must be aliased (use AS)")
			}
			name = ast.NebulaString(c.Expr)
		}
		cols = append(cols, column{expr: c.Expr, name: name})
	}
	aggs := false
	cp.inWith = isWith
	defer func() { cp.inWith = false }()
	for i := range cols {
		e, err := cp.checkExpr(cols[i].expr)
		if err != nil {
			return err
		}
		// MatchValidator folds constants before it deduces types, so a
		// constant part that fails is a "Type error" first.
		if e, err = cp.p.x.fold(e); err != nil {
			return err
		}
		cols[i].expr = e
		aggs = aggs || eval.HasAggregate(e)
	}
	if aggs {
		if err := checkAggregates(cols); err != nil {
			return err
		}
	}
	dep := cp.input()
	for i := range cols {
		var err error
		if dep, cols[i].expr, err = cp.patternExprs(dep, cols[i].expr, false); err != nil {
			return err
		}
	}
	src := &shape{node: dep, cols: cp.sc.cols}
	if _, err := cp.p.checkColumns(src, cols, nil); err != nil {
		return err
	}
	var n *plan.Node
	if aggs {
		n = cp.p.b.New(plan.Aggregate, dep)
		for _, c := range cols {
			if !ast.Any(c.expr, isAggregate) {
				n.GroupKeys = append(n.GroupKeys, c.expr)
			}
		}
	} else {
		n = cp.p.b.New(plan.Project, dep)
	}
	n.InputVar, n.Columns, n.ColNames = dep.OutputVar, planColumns(cols), columnNames(cols)
	next := newScope()
	for _, c := range cols {
		k := aliasValue
		if l, ok := c.expr.(*ast.Label); ok {
			k = cp.sc.kinds[l.Name]
		}
		next.add(c.name, k, false)
	}
	next.cols = n.ColNames
	cp.cur = n
	if distinct {
		d := cp.p.b.New(plan.Dedup, cp.cur)
		d.InputVar, d.ColNames = cp.cur.OutputVar, n.ColNames
		cp.cur = d
	}
	var factors []plan.SortFactor
	for _, f := range order {
		if _, ok := f.Expr.(*ast.Parameter); ok {
			// A parameter is the same for every row: it orders nothing.
			continue
		}
		l, ok := f.Expr.(*ast.Label)
		if !ok {
			return status.Semantic("Only column name can be used as sort item")
		}
		if !slices.Contains(n.ColNames, l.Name) {
			return status.Semantic("Alias used but not defined: `%s'", l.Name)
		}
		factors = append(factors, plan.SortFactor{Expr: l, Desc: f.Desc})
	}
	offset, count, err := cp.skipLimit(skip, limit)
	if err != nil {
		return err
	}
	// ORDER BY with SKIP/LIMIT becomes a TopN in the optimizer (TopNRule).
	if len(factors) > 0 {
		s := cp.p.b.New(plan.Sort, cp.cur)
		s.InputVar, s.ColNames, s.Factors = cp.cur.OutputVar, n.ColNames, factors
		cp.cur = s
	}
	if skip != nil || limit != nil {
		l := cp.p.b.New(plan.Limit, cp.cur)
		l.InputVar, l.ColNames, l.Offset, l.Count = cp.cur.OutputVar, n.ColNames, offset, count
		cp.cur = l
	}
	cp.sc = next
	if where != nil {
		cond, err := cp.checkExpr(where)
		if err != nil {
			return err
		}
		if err := cp.filter(cond); err != nil {
			return err
		}
	}
	return nil
}

// skipLimit evaluates SKIP and LIMIT (constants or parameters).
func (cp *cypherPlanner) skipLimit(skip, limit ast.Expr) (offset, count int64, err error) {
	count = math.MaxInt64
	num := func(e ast.Expr, what string) (int64, error) {
		if !evaluable(e) {
			return 0, status.Semantic("`%s' is not evaluable.", ast.NebulaString(e))
		}
		v, err := cp.p.x.evalConst(e)
		if err != nil {
			return 0, err
		}
		if v.Kind() != value.KindInt {
			if _, param := e.(*ast.Parameter); param {
				return 0, status.Semantic("%s should be of type integer", what)
			}
			return 0, status.Semantic("%s should be integer type, but got `%s'", what, ast.NebulaString(e))
		}
		if v.Int() < 0 {
			return 0, status.Semantic("%s should not be negative", what)
		}
		return v.Int(), nil
	}
	if skip != nil {
		if offset, err = num(skip, "SKIP"); err != nil {
			return 0, 0, err
		}
	}
	if limit != nil {
		if count, err = num(limit, "LIMIT"); err != nil {
			return 0, 0, err
		}
	}
	return offset, count, nil
}

// filter adds a Filter of cond over the running table, after a
// PatternApply for each of its pattern predicates (see cypher_where.go).
// The whole condition is type checked first, as NebulaGraph checks it
// before taking the predicates out.
func (cp *cypherPlanner) filter(cond ast.Expr) error {
	cond, err := cp.p.x.fold(cond)
	if err != nil {
		return err
	}
	src := &shape{node: cp.input(), cols: cp.sc.cols}
	if _, err := cp.p.checkColumns(src, nil, &cond); err != nil {
		return err
	}
	preds, cond := pathPredicates(cond)
	dep := cp.input()
	for _, pr := range preds {
		use := keepMatched
		if pr.anti {
			use = keepUnmatched
		}
		if dep, _, err = cp.rollUp(dep, pr.pattern, use); err != nil {
			return err
		}
	}
	if cond == nil {
		cp.cur = dep
		return nil
	}
	dep, cond, err = cp.patternExprs(dep, cond, true)
	if err != nil {
		return err
	}
	cp.addFilter(dep, cond)
	return nil
}

// addFilter makes a cypher Filter of cond over dep the running table.
func (cp *cypherPlanner) addFilter(dep *plan.Node, cond ast.Expr) {
	f := cp.p.b.New(plan.Filter, dep)
	f.InputVar, f.Condition, f.ColNames = dep.OutputVar, cond, slices.Clone(cp.sc.cols)
	f.Stmt = &cypherFilter{Stmt: cp.stmt}
	f.Shown = aliasesAsVariables(cond)
	cp.cur = f
}

// aliasesAsVariables is cond as NebulaGraph's planner holds it
// (MatchSolver::rewriteLabel2VarProp): an alias a reads as the variable
// $a and a.x as $a.x; v.tag.prop stays as written.
func aliasesAsVariables(cond ast.Expr) ast.Expr {
	return rewriteExpr(cond, func(e ast.Expr) (ast.Expr, bool) {
		switch n := e.(type) {
		case *ast.LabelTagProperty:
			return n, true
		case *ast.Attribute:
			if _, ok := n.Left.(*ast.LabelAttribute); ok {
				return n, true
			}
		case *ast.LabelAttribute:
			return &ast.VariableProperty{Var: n.Label, Prop: n.Attr}, true
		case *ast.Label:
			return &ast.Variable{Name: n.Name}, true
		}
		return nil, false
	})
}
