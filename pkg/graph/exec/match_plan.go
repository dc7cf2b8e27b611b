package exec

import (
	"slices"
	"strings"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// A MATCH clause's paths are planned one after the other over the running
// table. A path that reuses an alias already bound starts from it on the
// running table's rows (NebulaGraph's Argument); any other path starts
// from a seek chosen as NebulaGraph's start finders choose, in priority
// order: vertex ids from WHERE id(v) == / IN, a property index that the
// node's property map or WHERE pins, a label index, a scan. From the start
// node the path is walked right (Traverse per edge, AppendVertices for the
// last node), then left with the edges reversed, and its rows are crossed
// with the running table.

// mnode is a node pattern resolved against the schema.
type mnode struct {
	col    string // the column holding it
	alias  string // "" when anonymous
	labels []*meta.Schema
	props  []propCond
}

// propCond is one entry of a property map: tag (empty for edges), the
// property and the expected value.
type propCond struct {
	tag, prop string
	expr      ast.Expr
}

// medge is an edge pattern resolved against the schema.
type medge struct {
	col      string
	alias    string
	nodesCol string // variable length: the vertices walked through
	types    []*meta.Schema
	dir      ast.Direction
	min, max int64 // max < 0: unbounded
	varLen   bool
	props    []propCond
	bound    bool // a pattern expression reuses an edge of the row
	// joinOn is the alias of an edge (with no node of its pattern bound)
	// or an edge list of an earlier clause that this one must equal: the
	// walk fills the hidden column col and a filter joins the two, as
	// NebulaGraph joins MATCH clauses on a shared edge alias.
	joinOn string
}

// mpath is a path pattern resolved against the schema.
type mpath struct {
	alias string
	kind  ast.PathKind
	nodes []*mnode
	edges []*medge
}

// matchClause plans one MATCH or OPTIONAL MATCH clause.
func (cp *cypherPlanner) matchClause(c *ast.MatchClause) error {
	g, err := cp.space()
	if err != nil {
		return err
	}
	paths, err := cp.resolvePaths(g, c.Paths, false)
	if err != nil {
		return err
	}
	var conj []ast.Expr
	if c.Where != nil {
		conj = conjuncts(c.Where)
	}
	var arg *plan.Node
	var argCols []string
	if c.Optional {
		dep := cp.input()
		arg = cp.p.b.New(plan.Argument, dep)
		arg.InputVar = dep.OutputVar
		rid := cp.hidden("rid")
		arg.Stmt = &argumentJob{Stmt: cp.stmt, col: rid}
		cp.sc.add(rid, aliasValue, true)
		arg.ColNames = slices.Clone(cp.sc.cols)
		argCols = arg.ColNames
		cp.cur = arg
	}
	for _, path := range paths {
		if err := cp.planPath(g, path, conj); err != nil {
			return err
		}
	}
	if c.Optional {
		right := cp.cur
		j := cp.p.b.New(plan.HashLeftJoin, arg, right)
		j.Stmt = &cypherJoinJob{Stmt: cp.stmt, left: arg.OutputVar, right: right.OutputVar, keys: []string{argCols[len(argCols)-1]}}
		j.ColNames = slices.Clone(right.ColNames)
		cp.cur = j
	}
	if c.Where != nil {
		cond, err := cp.checkExpr(c.Where)
		if err != nil {
			return err
		}
		// A WHERE a seek by id answers whole needs no Filter; one with more
		// conditions is kept whole, as NebulaGraph keeps it.
		answered := true
		for _, x := range conjuncts(cond) {
			answered = answered && cp.seeded[x]
		}
		if answered {
			return nil
		}
		return cp.filter(cond)
	}
	return nil
}

// checkPropValue checks and folds a value of a pattern's property map.
func (cp *cypherPlanner) checkPropValue(e ast.Expr) (ast.Expr, error) {
	e, err := cp.checkExpr(e)
	if err != nil {
		return nil, err
	}
	if !evaluable(e) {
		return e, nil
	}
	v, err := cp.p.x.evalConst(e)
	if err != nil {
		return nil, err
	}
	if badValue(v) {
		return nil, status.Semantic("Type error `%s'", ast.NebulaString(e))
	}
	if lit, ok := eval.Literal(v); ok {
		return lit, nil
	}
	return e, nil
}

// conjuncts flattens the top-level ANDs of a condition.
func conjuncts(e ast.Expr) []ast.Expr {
	if l, ok := e.(*ast.Logical); ok && l.Op == ast.OpAnd {
		var out []ast.Expr
		for _, o := range l.Operands {
			out = append(out, conjuncts(o)...)
		}
		return out
	}
	return []ast.Expr{e}
}

// resolvePaths checks the clause's paths (alias types, labels, edge
// types, property maps) and resolves them, naming a column for every
// node and edge.
func (cp *cypherPlanner) resolvePaths(g *graphSpace, paths []*ast.MatchPath, inExpr bool) ([]*mpath, error) {
	local := map[string]aliasKind{}
	kindOf := func(alias string) (aliasKind, bool) {
		if k, ok := local[alias]; ok {
			return k, true
		}
		k, ok := cp.sc.kinds[alias]
		return k, ok
	}
	allEdges, err := g.meta.Edges(g.id)
	if err != nil {
		return nil, err
	}
	var out []*mpath
	for _, p := range paths {
		mp := &mpath{alias: p.Alias, kind: p.Kind}
		for _, n := range p.Nodes {
			mn := &mnode{alias: n.Alias, col: n.Alias}
			if n.Alias == "" {
				mn.col = cp.hidden("n")
			} else if k, ok := kindOf(n.Alias); ok && k != aliasNode && k != aliasValue {
				if !inExpr {
					return nil, status.Semantic("`%s': alias redefined with a different type", n.Alias)
				}
				return nil, status.Semantic("`%s' is defined with type %s, but referenced with type Node", n.Alias, k)
			}
			if n.Props != nil && len(n.Props.Items) > 0 {
				it := n.Props.Items[0]
				return nil, status.Semantic("`%s:%s': No tag found for property.", it.Key, ast.NebulaString(it.Value))
			}
			for _, l := range n.Labels {
				t, err := g.tag(l.Name)
				if err != nil {
					return nil, status.Semantic("`%s': Unknown tag", l.Name)
				}
				mn.labels = append(mn.labels, t)
				if l.Props != nil {
					for _, it := range l.Props.Items {
						e, err := cp.checkPropValue(it.Value)
						if err != nil {
							return nil, err
						}
						mn.props = append(mn.props, propCond{tag: t.Name, prop: it.Key, expr: e})
					}
				}
			}
			if n.Alias != "" {
				local[n.Alias] = aliasNode
			}
			mp.nodes = append(mp.nodes, mn)
		}
		for _, ed := range p.Edges {
			me := &medge{alias: ed.Alias, col: ed.Alias, dir: ed.Dir, min: 1, max: 1}
			if r := ed.Range; r != nil {
				me.varLen, me.min, me.max = true, r.Min, r.Max
			}
			want := aliasEdge
			if me.varLen {
				want = aliasEdgeList
			}
			if ed.Alias == "" {
				me.col = cp.hidden("e")
			} else if k, ok := cp.sc.kinds[ed.Alias]; ok && inExpr {
				if k == aliasEdgeList || me.varLen {
					return nil, status.Semantic("Unsupported type of variable '%s` used in multiple patterns: list of edges.", ed.Alias)
				}
				me.bound = true
			} else if k, ok := kindOf(ed.Alias); ok {
				_, here := local[ed.Alias]
				switch {
				case !here && k == aliasEdgeList && me.varLen && (me.max < 0 || me.max > 1):
					// An edge list of an earlier clause walked again as a
					// list: keep the rows whose list is that list.
					me.col, me.joinOn = cp.hidden("e"), ed.Alias
				case !here && k == aliasEdgeList:
					// NebulaGraph types a pattern edge of at most one step
					// (e, e*1, e*1..1) as Edge, which no list can bind.
					return nil, status.Semantic("%s binding to different type: %s vs %s", ed.Alias, aliasEdge, k)
				case !here && k == aliasEdge && me.varLen:
					return nil, status.Semantic("%s binding to different type: %s vs %s", ed.Alias, aliasEdgeList, k)
				case !here && k == aliasEdge && cp.nodeBoundIn(p.Nodes):
					// An edge of an earlier clause: the walk from a bound
					// node must take that very edge.
					me.bound = true
				case !here && k == aliasEdge:
					// No node to walk from: walk the pattern on its own
					// and keep the rows whose edge is the earlier one.
					me.col, me.joinOn = cp.hidden("e"), ed.Alias
				case k == aliasEdge || k == aliasEdgeList:
					return nil, status.Semantic("`%s': Redefined alias", ed.Alias)
				case !here && k == aliasValue && !inExpr:
					// A column of an earlier WITH or UNWIND is typed at run
					// time, as NebulaGraph's kRuntime alias: keep the rows
					// whose walked edge (or edge list) equals it.
					me.col, me.joinOn = cp.hidden("e"), ed.Alias
				case !inExpr:
					return nil, status.Semantic("`%s': alias redefined with a different type", ed.Alias)
				default:
					return nil, status.Semantic("`%s' is defined with type %s, but referenced with type %s", ed.Alias, k, want)
				}
			}
			if me.varLen {
				me.nodesCol = cp.hidden("vs")
			}
			if len(ed.Types) == 0 {
				me.types = allEdges
			}
			for _, t := range ed.Types {
				s, err := g.edge(t)
				if err != nil {
					return nil, status.Semantic("`%s': Unknown edge type", t)
				}
				if !slices.Contains(me.types, s) {
					me.types = append(me.types, s)
				}
			}
			if ed.Props != nil {
				for _, it := range ed.Props.Items {
					e, err := cp.checkPropValue(it.Value)
					if err != nil {
						return nil, err
					}
					me.props = append(me.props, propCond{prop: it.Key, expr: e})
				}
			}
			if ed.Alias != "" {
				local[ed.Alias] = want
			}
			mp.edges = append(mp.edges, me)
		}
		if p.Alias != "" {
			if _, ok := kindOf(p.Alias); ok {
				return nil, status.Semantic("`%s': Redefined alias", p.Alias)
			}
			local[p.Alias] = aliasPath
		}
		out = append(out, mp)
	}
	return out, nil
}

// nodeBoundIn reports whether a node of the pattern reuses an alias of the
// clauses before.
func (cp *cypherPlanner) nodeBoundIn(nodes []*ast.MatchNode) bool {
	for _, n := range nodes {
		if n.Alias != "" && cp.sc.has(n.Alias) {
			return true
		}
	}
	return false
}

// matchOp is one step of a path's plan: a Traverse, AppendVertices or
// path-building Project, with its payload and output columns.
type matchOp struct {
	kind plan.Kind
	job  ast.Stmt
	cols []string
}

// planPath plans one path over the running table.
func (cp *cypherPlanner) planPath(g *graphSpace, path *mpath, conj []ast.Expr) error {
	if path.kind != ast.PathAll {
		return cp.planShortest(g, path, conj)
	}
	start := cp.boundStart(path)
	var dep *plan.Node
	var cols []string
	apply := start >= 0
	if apply {
		dep = cp.input()
		cols = slices.Clone(cp.sc.cols)
	} else {
		var err error
		start, dep, err = cp.seek(g, path, conj)
		if err != nil {
			return err
		}
		cols = []string{path.nodes[start].col}
	}
	ops, err := cp.walkOps(g, path, start, apply, cols, path.alias)
	if err != nil {
		return err
	}
	for _, op := range ops {
		n := cp.p.b.New(op.kind, dep)
		n.InputVar, n.Stmt, n.ColNames = dep.OutputVar, op.job, op.cols
		dep = n
		cols = op.cols
	}
	if !apply && cp.cur != nil {
		j := cp.p.b.New(plan.CrossJoin, cp.cur, dep)
		j.Stmt = &cypherJoinJob{Stmt: cp.stmt, left: cp.cur.OutputVar, right: dep.OutputVar}
		j.ColNames = append(slices.Clone(cp.sc.cols), cols...)
		dep = j
	}
	cp.cur = dep
	cp.bindPath(path)
	cp.joinEdges(path)
	return nil
}

// joinEdges keeps the rows in which each edge of path that reuses an edge
// alias of an earlier clause (medge.joinOn) is that edge, or that list of
// edges element by element. Edges compare as NebulaGraph's Edge::operator==
// does, so a walk against the direction still meets the edge it reverses.
func (cp *cypherPlanner) joinEdges(path *mpath) {
	var cond ast.Expr
	for _, e := range path.edges {
		if e.joinOn == "" {
			continue
		}
		eq := &ast.Binary{Op: ast.OpEQ, Left: &ast.Label{Name: e.col}, Right: &ast.Label{Name: e.joinOn}}
		if cond == nil {
			cond = eq
		} else {
			cond = &ast.Logical{Op: ast.OpAnd, Operands: []ast.Expr{cond, eq}}
		}
	}
	if cond == nil {
		return
	}
	cp.addFilter(cp.input(), cond)
}

// boundStart returns the first node of the path bound in the running
// table, -1 if there is none.
func (cp *cypherPlanner) boundStart(path *mpath) int {
	for i, n := range path.nodes {
		if n.alias != "" && cp.sc.has(n.alias) {
			return i
		}
	}
	return -1
}

// walkOps plans the walk of a path from node start over a table with
// columns cols (apply: the running table, whose bound nodes the walk must
// meet), naming the path pathCol when that is not empty.
func (cp *cypherPlanner) walkOps(g *graphSpace, path *mpath, start int, apply bool, cols []string, pathCol string) ([]matchOp, error) {
	cols = slices.Clone(cols)
	bound := map[string]bool{}
	if apply {
		for _, n := range path.nodes {
			if n.alias != "" && cp.sc.has(n.alias) {
				bound[n.col] = true
			}
		}
	}
	// Bound nodes are checked against their pattern too.
	filtered := map[string]bool{}
	tags, err := g.meta.Tags(g.id)
	if err != nil {
		return nil, err
	}
	var layout vertexLayout
	for _, t := range tags {
		layout.addTag(t, true)
	}
	var ops []matchOp
	var walked []string // edge columns of this path walked so far
	step := func(from, to *mnode, ed *medge, reverse bool) {
		job := &traverseJob{Stmt: cp.stmt, space: g.id, from: from.col, edge: ed.col, to: to.col,
			nodesCol: ed.nodesCol, min: ed.min, max: ed.max, varLen: ed.varLen, tags: layout,
			uniq: slices.Clone(walked), toBound: bound[to.col], argument: apply && cp.isArgument(from), edgeBound: ed.bound}
		if !filtered[from.col] {
			job.fromFilter = nodeFilterOf(from)
			filtered[from.col] = true
		}
		dir := ed.dir
		if reverse {
			switch dir {
			case ast.DirOut:
				dir = ast.DirIn
			case ast.DirIn:
				dir = ast.DirOut
			}
		}
		job.edges = map[int32]edgeLayout{}
		for _, t := range ed.types {
			var types []int32
			switch dir {
			case ast.DirOut:
				types = []int32{t.ID}
			case ast.DirIn:
				types = []int32{-t.ID}
			default:
				types = []int32{t.ID, -t.ID}
			}
			for _, ty := range types {
				job.edgeTypes = append(job.edgeTypes, ty)
				job.edges[ty] = edgeLayout{typ: ty, name: t.Name, props: schemaProps(t)}
			}
		}
		job.edgeFilter = ed.props
		if !ed.bound {
			cols = append(cols, ed.col)
		}
		if ed.nodesCol != "" {
			cols = append(cols, ed.nodesCol)
		}
		if !bound[to.col] {
			cols = append(cols, to.col)
			bound[to.col] = true
		}
		walked = append(walked, ed.col)
		ops = append(ops, matchOp{kind: plan.Traverse, job: job, cols: slices.Clone(cols)})
	}
	appendVertices := func(nd *mnode) {
		job := &appendJob{Stmt: cp.stmt, space: g.id, col: nd.col, tags: layout}
		if !filtered[nd.col] {
			job.filter = nodeFilterOf(nd)
			filtered[nd.col] = true
		}
		job.argument = apply && cp.isArgument(nd)
		ops = append(ops, matchOp{kind: plan.AppendVertices, job: job, cols: slices.Clone(cols)})
	}
	bound[path.nodes[start].col] = true
	for i := start; i < len(path.edges); i++ {
		step(path.nodes[i], path.nodes[i+1], path.edges[i], false)
	}
	// A walk starting at the last node reads that node's vertex with its
	// first step to the left (Traverse fills in its start), as
	// NebulaGraph's plan does; otherwise the last node is appended.
	if start < len(path.nodes)-1 || start == 0 {
		appendVertices(path.nodes[len(path.nodes)-1])
	}
	if start > 0 {
		for i := start - 1; i >= 0; i-- {
			step(path.nodes[i+1], path.nodes[i], path.edges[i], true)
		}
		appendVertices(path.nodes[0])
	}
	if pathCol != "" {
		spec := pathSpec{col: pathCol}
		for _, n := range path.nodes {
			spec.nodes = append(spec.nodes, n.col)
		}
		for _, e := range path.edges {
			spec.edges = append(spec.edges, e.col)
			spec.nodesCols = append(spec.nodesCols, e.nodesCol)
		}
		cols = append(cols, pathCol)
		ops = append(ops, matchOp{kind: plan.Project, job: &pathJob{Stmt: cp.stmt, specs: []pathSpec{spec}}, cols: slices.Clone(cols)})
	}
	return ops, nil
}

// isArgument reports whether a node comes from the rows before the
// clause (where it may hold any value, checked when read).
func (cp *cypherPlanner) isArgument(n *mnode) bool {
	k, ok := cp.sc.kinds[n.alias]
	return n.alias != "" && ok && k == aliasValue
}

// bindPath adds a planned path's columns to the scope, in the order
// RETURN * lists them: nodes and edges as written, then the path.
func (cp *cypherPlanner) bindPath(path *mpath) {
	for i, n := range path.nodes {
		cp.sc.add(n.col, aliasNode, n.alias == "")
		if i < len(path.edges) {
			e := path.edges[i]
			k := aliasEdge
			if e.varLen {
				k = aliasEdgeList
			}
			// An edge joined on an earlier one has its own hidden column.
			cp.sc.add(e.col, k, e.alias == "" || e.col != e.alias)
			if e.nodesCol != "" {
				cp.sc.add(e.nodesCol, aliasValue, true)
			}
		}
	}
	if path.alias != "" {
		cp.sc.add(path.alias, aliasPath, false)
	}
}

// nodeFilterOf returns what a node pattern requires of a vertex, nil for
// nothing.
func nodeFilterOf(n *mnode) *nodeFilter {
	if len(n.labels) == 0 && len(n.props) == 0 {
		return nil
	}
	f := &nodeFilter{props: n.props}
	for _, l := range n.labels {
		f.labels = append(f.labels, l.Name)
	}
	return f
}

// nodeFilter is a node pattern's labels (all required) and property map.
type nodeFilter struct {
	labels []string
	props  []propCond
}

// seek chooses the start node of a path none of whose nodes is bound and
// plans the node that produces its vertex ids.
func (cp *cypherPlanner) seek(g *graphSpace, path *mpath, conj []ast.Expr) (int, *plan.Node, error) {
	// Vertex ids.
	for i, n := range path.nodes {
		if n.alias == "" {
			continue
		}
		ids, ok, err := cp.idSeek(n.alias, conj)
		if err != nil {
			return 0, nil, err
		}
		if ok {
			pt := cp.p.b.New(plan.PassThrough, cp.p.start())
			pt.Stmt = &seekJob{Stmt: cp.stmt, space: g.id, col: n.col, ids: ids, vidKind: g.vidKind}
			pt.ColNames = []string{n.col}
			d := cp.p.b.New(plan.Dedup, pt)
			d.InputVar, d.ColNames = pt.OutputVar, pt.ColNames
			return i, d, nil
		}
	}
	indexes, err := g.meta.Indexes(g.id, false)
	if err != nil {
		return 0, nil, err
	}
	indexesOf := func(tag int32) []*meta.Index {
		var out []*meta.Index
		for _, ix := range indexes {
			if ix.SchemaID == tag {
				out = append(out, ix)
			}
		}
		return out
	}
	// A property index, then a label index.
	for _, wantHint := range []bool{true, false} {
		for i, n := range path.nodes {
			for _, l := range n.labels {
				mine := indexesOf(l.ID)
				if len(mine) == 0 {
					continue
				}
				job := &lookupJob{Stmt: cp.stmt, space: g.id, schema: l}
				dnf := cp.indexDNF(n, l, conj)
				kind, _ := job.plan(mine, dnf)
				hinted := false
				for _, qc := range job.contexts {
					hinted = hinted || len(qc.ColumnHints) > 0
				}
				// Like NebulaGraph's PropIndexSeek, the first node with a
				// condition on its tag's properties starts the path, the
				// index helping with it or not.
				if wantHint && !hinted && tagFilter(n, l, conj) == nil {
					continue
				}
				if !hinted {
					// A scan of the whole index still leaves to storage
					// the conditions of WHERE on this node's tag alone
					// (NebulaGraph's OptimizeTagIndexScanByFilterRule).
					job.contexts = job.contexts[:1]
					job.contexts[0].Filter = nil
					job.contexts[0].ColumnHints = nil
					if f := tagFilter(n, l, conj); f != nil {
						job.contexts[0].Filter = []byte(f.String())
					}
				}
				_ = kind
				scan := cp.p.b.New(plan.IndexScan, cp.p.start())
				scan.Stmt = &seekJob{Stmt: cp.stmt, space: g.id, col: n.col, index: job, vidKind: g.vidKind}
				scan.ColNames = []string{n.col}
				return i, scan, nil
			}
		}
	}
	// A scan of the first node's label (or of every tag).
	n := path.nodes[0]
	job := &seekJob{Stmt: cp.stmt, space: g.id, col: n.col, vidKind: g.vidKind}
	if len(n.labels) > 0 {
		job.scanTags = []int32{n.labels[0].ID}
	} else {
		tags, err := g.meta.Tags(g.id)
		if err != nil {
			return 0, nil, err
		}
		for _, t := range tags {
			job.scanTags = append(job.scanTags, t.ID)
		}
	}
	sv := cp.p.b.New(plan.ScanVertices, cp.p.start())
	sv.Stmt = job
	sv.ColNames = []string{n.col}
	return 0, sv, nil
}

// idSeek looks for id(alias) == ids or id(alias) IN ids among the
// conjuncts, with ids evaluable before the query runs.
func (cp *cypherPlanner) idSeek(alias string, conj []ast.Expr) ([]value.Value, bool, error) {
	isID := func(e ast.Expr) bool {
		f, ok := e.(*ast.FunctionCall)
		if !ok || !strings.EqualFold(f.Name, "id") || len(f.Args) != 1 {
			return false
		}
		l, ok := f.Args[0].(*ast.Label)
		return ok && l.Name == alias
	}
	for _, c := range conj {
		b, ok := c.(*ast.Binary)
		if !ok || (b.Op != ast.OpEQ && b.Op != ast.OpIn) {
			continue
		}
		var other ast.Expr
		switch {
		case isID(b.Left):
			other = b.Right
		case isID(b.Right) && b.Op == ast.OpEQ:
			other = b.Left
		default:
			continue
		}
		if !evaluable(other) {
			continue
		}
		v, err := cp.p.x.evalConst(other)
		if err != nil {
			return nil, false, err
		}
		var ids []value.Value
		switch {
		case b.Op == ast.OpEQ:
			ids = []value.Value{v}
		case v.Kind() == value.KindList:
			ids = v.List()
		case v.Kind() == value.KindSet:
			ids = v.Set()
		case v.Kind() == value.KindNull:
		default:
			continue
		}
		if cp.seeded == nil {
			cp.seeded = map[ast.Expr]bool{}
		}
		cp.seeded[c] = true
		return ids, true, nil
	}
	return nil, false, nil
}

// indexDNF is what a node's property map and the WHERE conjuncts pin of
// tag l's properties, as LOOKUP's index choice reads conditions.
func (cp *cypherPlanner) indexDNF(n *mnode, l *meta.Schema, conj []ast.Expr) [][]lookupCond {
	var conds []ast.Expr
	lit := func(e ast.Expr, prop string) (ast.Expr, bool) {
		if !evaluable(e) || ast.Any(e, func(x ast.Expr) bool { _, ok := x.(*ast.Parameter); return ok }) {
			return nil, false
		}
		col := columnOf(l, prop)
		if col == nil {
			return nil, false
		}
		v, err := cp.p.x.evalConst(e)
		if err != nil {
			return nil, false
		}
		want := propKind(col.Type)
		check := func(v value.Value) bool { return v.Kind() == want }
		if v.Kind() == value.KindList {
			for _, x := range v.List() {
				if !check(x) {
					return nil, false
				}
			}
			l, ok := eval.Literal(v)
			return l, ok && len(v.List()) > 0
		}
		l, ok := eval.Literal(v)
		return l, ok && check(v)
	}
	for _, p := range n.props {
		if p.tag != l.Name {
			continue
		}
		if e, ok := lit(p.expr, p.prop); ok {
			conds = append(conds, &ast.Binary{Op: ast.OpEQ, Left: &ast.LabelAttribute{Label: l.Name, Attr: p.prop}, Right: e})
		}
	}
	for _, c := range conj {
		b, ok := c.(*ast.Binary)
		if !ok {
			continue
		}
		b = moveArithmetic(b)
		op, left, right := b.Op, b.Left, b.Right
		prop, ok := aliasTagProp(left, n.alias, l.Name)
		if !ok {
			r, rok := reversed[op]
			prop, ok = aliasTagProp(right, n.alias, l.Name)
			if !ok || !rok {
				continue
			}
			op, right = r, left
		}
		switch op {
		case ast.OpEQ, ast.OpLT, ast.OpLE, ast.OpGT, ast.OpGE:
		case ast.OpIn:
			if _, isList := right.(*ast.List); !isList {
				continue
			}
		default:
			continue
		}
		if e, ok := lit(right, prop); ok {
			conds = append(conds, &ast.Binary{Op: op, Left: &ast.LabelAttribute{Label: l.Name, Attr: prop}, Right: e})
		}
	}
	if len(conds) == 0 {
		return nil
	}
	var and ast.Expr = conds[0]
	if len(conds) > 1 {
		and = &ast.Logical{Op: ast.OpAnd, Operands: conds}
	}
	return lookupDNF(and)
}

// aliasTagProp matches alias.tag.prop.
func aliasTagProp(e ast.Expr, alias, tag string) (string, bool) {
	a, ok := e.(*ast.Attribute)
	if !ok || alias == "" {
		return "", false
	}
	la, ok := a.Left.(*ast.LabelAttribute)
	if !ok || la.Label != alias || la.Attr != tag {
		return "", false
	}
	return a.Name, true
}

// moveArithmetic rewrites x + c <op> y and x - c <op> y (c, y constant)
// to x <op> y - c and x <op> y + c, and c + x <op> y to x <op> y - c, as
// NebulaGraph's RewriteRelExprVisitor does before it picks an index, so
// that a bound on an expression of a property bounds the property. Other
// conditions come back unchanged.
func moveArithmetic(b *ast.Binary) *ast.Binary {
	switch b.Op {
	case ast.OpEQ, ast.OpNE, ast.OpLT, ast.OpLE, ast.OpGT, ast.OpGE:
	default:
		return b
	}
	for {
		a, ok := b.Left.(*ast.Binary)
		if !ok || (a.Op != ast.OpAdd && a.Op != ast.OpSub) || !evaluable(b.Right) {
			return b
		}
		switch {
		case evaluable(a.Right) && !evaluable(a.Left):
			inv := ast.OpSub
			if a.Op == ast.OpSub {
				inv = ast.OpAdd
			}
			b = &ast.Binary{Op: b.Op, Left: a.Left, Right: &ast.Binary{Op: inv, Left: b.Right, Right: a.Right}}
		case a.Op == ast.OpAdd && evaluable(a.Left) && !evaluable(a.Right):
			b = &ast.Binary{Op: b.Op, Left: a.Right, Right: &ast.Binary{Op: ast.OpSub, Left: b.Right, Right: a.Left}}
		default:
			return b
		}
	}
}

// tagFilter returns the node's property map entries of tag l and the WHERE
// conjuncts that read nothing but properties of tag l of node n,
// rewritten to read them as an index scan does (v.player.age > 20 as
// player.age > 20), joined with AND; nil for none.
func tagFilter(n *mnode, l *meta.Schema, conj []ast.Expr) ast.Expr {
	var picked []ast.Expr
	// The node's property map: (v:player{age: 42}) is player.age == 42.
	for _, pc := range n.props {
		if pc.tag == l.Name && columnOf(l, pc.prop) != nil && isLiteral(pc.expr) {
			picked = append(picked, &ast.Binary{Op: ast.OpEQ, Left: &ast.LabelAttribute{Label: l.Name, Attr: pc.prop}, Right: pc.expr})
		}
	}
	if n.alias == "" {
		conj = nil
	}
	for _, c := range conj {
		ok := isComparison(c)
		r := rewriteExpr(c, func(e ast.Expr) (ast.Expr, bool) {
			switch x := e.(type) {
			case *ast.Attribute:
				if prop, is := aliasTagProp(x, n.alias, l.Name); is && columnOf(l, prop) != nil {
					return &ast.LabelAttribute{Label: l.Name, Attr: prop}, true
				}
				ok = false
			case *ast.NullLiteral, *ast.BoolLiteral, *ast.IntLiteral, *ast.FloatLiteral, *ast.StringLiteral,
				*ast.Binary, *ast.Logical, *ast.Unary, *ast.List, *ast.Set, *ast.Map:
			default:
				// Only properties of the tag and constants reach storage.
				ok = false
			}
			return e, !ok
		})
		if ok {
			picked = append(picked, r)
		}
	}
	if len(picked) == 0 {
		return nil
	}
	return and(picked)
}

// isComparison reports whether e is a condition storage may test in the
// graph's place: comparisons joined by AND, OR and NOT. (A bare value,
// v.player.name say, must reach graphd's Filter, which refuses it.)
func isComparison(e ast.Expr) bool {
	switch n := e.(type) {
	case *ast.Binary:
		return n.Op.IsRelational()
	case *ast.Logical:
		for _, o := range n.Operands {
			if !isComparison(o) {
				return false
			}
		}
		return true
	case *ast.Unary:
		switch n.Op {
		case ast.OpNot:
			return isComparison(n.Operand)
		case ast.OpIsNull, ast.OpIsNotNull, ast.OpIsEmpty, ast.OpIsNotEmpty:
			return true
		}
	}
	return false
}

// isLiteral reports whether e is a constant literal.
func isLiteral(e ast.Expr) bool {
	switch e.(type) {
	case *ast.NullLiteral, *ast.BoolLiteral, *ast.IntLiteral, *ast.FloatLiteral, *ast.StringLiteral:
		return true
	}
	return false
}
