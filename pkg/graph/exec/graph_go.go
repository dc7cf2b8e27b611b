package exec

import (
	"context"
	"slices"
	"strings"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// GO [M TO] N STEPS FROM ids OVER edges [WHERE] YIELD ..., validated as
// NebulaGraph's GoValidator, planned as its GoPlanner:
//
//	1 step:     GetNeighbors
//	N steps:    Expand (steps 1..N-1: the frontier) ▶ ExpandAll (step N)
//	M TO N:     [Expand (steps 1..M-1) ▶] ExpandAll (steps M..N, rows of each)
//	then        [▶ GetVertices ▶ HashLeftJoin]  when $$ is read
//	            [▶ Filter] ▶ Project [▶ Dedup]
//
// The frontier of each step is deduplicated. When the ids come from $- or
// a variable, each frontier vertex remembers the input ids it was reached
// from (deduplicated pairs), and the rows of the last steps are joined
// with every input row of their id, as NebulaGraph's trackStartVid and
// input join do: an input row with no edges gives no row, and duplicated
// input rows duplicate results.

// goJob is the payload of GetNeighbors, Expand and ExpandAll.
type goJob struct {
	ast.Stmt
	space int32
	src   *vidSource
	// frontier, when set, is the Expand node whose table holds the
	// frontier to start from (columns __root, __vid).
	frontier string
	// first and last are the steps walked (1-based, inclusive); rows are
	// emitted for the steps from emit on (never for an Expand).
	first, last, emit int64
	edgeTypes         []int32 // signed
	srcLayout         vertexLayout
	edges             map[int32]edgeLayout
	refs              []*graphRef // evaluated here: all but $$ references
	joinInput         bool
	joinDst           bool
	filter            string // pushed down to storage, "" for none
	limits            []int64
	sample            bool
	// dstLayout, when $$ is read, is what the GetVertices after the
	// traversal reads of the destinations: an emitting step asks storage
	// for it with the edges (dst_props), and the GetVertices then reads
	// only the destinations no host answered (executor.dstRows).
	dstLayout vertexLayout
}

const (
	colRoot = "__root"
	colVid  = "__vid"
	colDst  = "__dst"
)

func (p *planner) goStmt(ctx context.Context, s *ast.Go, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	first, last := s.Steps.Min, s.Steps.Max
	if s.Steps.Range {
		first = max(first, 1)
		if last > 0 && first > last {
			return nil, status.Semantic("`%s', upper bound steps should be greater than lower bound.", s.Steps.String())
		}
	}
	src, dep, err := p.vidSource(g, s.From, in)
	if err != nil {
		return nil, err
	}
	over, err := p.over(g, s.Over)
	if err != nil {
		return nil, err
	}
	sc := p.newRefScope(g, in)
	sc.edgeLabels, sc.goFuncs = true, true
	var where, origWhere ast.Expr
	if s.Where != nil {
		// NebulaGraph folds the filter's constants first, raising their
		// errors (overflow, division by zero) before anything else.
		if origWhere, err = p.x.fold(s.Where); err != nil {
			return nil, err
		}
		if where, err = sc.resolve(origWhere); err != nil {
			return nil, err
		}
	}
	yield := s.Yield
	if yield == nil {
		yield = &ast.YieldClause{}
		for _, e := range over {
			yield.Columns = append(yield.Columns, &ast.YieldColumn{Expr: &ast.EdgeMeta{Edge: e.Name, Field: ast.EdgeDst}})
		}
	}
	for _, c := range yield.Columns {
		if ast.Any(c.Expr, func(x ast.Expr) bool {
			v, ok := x.(*ast.VertexRef)
			return ok && v.Name == ast.VertexKeyword
		}) {
			return nil, status.Semantic("`%s' is not support in go sentence.", yieldColumnText(c))
		}
	}
	cols, err := sc.columns(yield.Columns)
	if err != nil {
		return nil, err
	}
	for _, r := range sc.refs.of(refEdgeProp) {
		if r.name != "*" && !slices.ContainsFunc(over, func(e *meta.Schema) bool { return e.Name == r.name }) {
			return nil, status.Semantic("edge should be declared first in over clause.")
		}
	}
	job := &goJob{Stmt: s, space: g.id, src: src, first: 1, last: last, emit: first,
		joinInput: src.ref != nil, joinDst: sc.refs.has(refDstProp, refDstVertex)}
	if s.Truncate != nil {
		if job.limits, err = p.stepLimits(s.Truncate, last); err != nil {
			return nil, err
		}
		job.sample = s.Truncate.Sample
	}
	if err := checkGoInputs(sc.refs, src); err != nil {
		return nil, err
	}
	if where != nil {
		names, kinds := sc.refs.cols()
		k, err := p.typer(&shape{cols: names, kinds: kinds}).deduce(where)
		if err != nil {
			return nil, err
		}
		if k != value.KindBool && !unknown(k) {
			return nil, status.Semantic("`%s', expected boolean, but was `%s'", ast.NebulaString(s.Where), k)
		}
	}
	p.goLayouts(job, sc.refs, over, s.Over.Direction)
	if where != nil && (!s.Steps.Range || first == last) && pushable(origWhere) {
		job.filter = edgeFilterText(origWhere)
		where = nil
	}

	var read *plan.Node
	switch {
	case last == 0 || (s.Steps.Range && first > last):
		job.last = 0
		read = p.b.New(plan.GetNeighbors, dep)
	case !s.Steps.Range && last == 1:
		read = p.b.New(plan.GetNeighbors, dep)
	default:
		emitFrom := last
		if s.Steps.Range {
			emitFrom = first
		}
		if emitFrom > 1 {
			ex := p.b.New(plan.Expand, dep)
			ex.Stmt = &goJob{Stmt: s, space: g.id, src: src, first: 1, last: emitFrom - 1, emit: emitFrom,
				edgeTypes: job.edgeTypes, joinInput: job.joinInput, limits: job.limits, sample: job.sample,
				edges: onlyBuiltins(job.edges)}
			ex.ColNames = []string{colRoot, colVid}
			dep = ex
			job.frontier, job.first = ex.OutputVar, emitFrom
		}
		read = p.b.New(plan.ExpandAll, dep)
	}
	read.Stmt = job
	read.ColNames = nonDstCols(sc.refs)
	if job.joinDst {
		read.ColNames = append(read.ColNames, colDst)
		read = p.joinDst(g, s, sc.refs, read)
	}
	return p.finishRead(sc, read, cols, where, yield.Distinct)
}

// over resolves OVER: every edge type of the space for *, else the ones
// named (an unknown one is meta's EdgeNotFound).
func (p *planner) over(g *graphSpace, o *ast.Over) ([]*meta.Schema, error) {
	if o.All {
		all, err := g.meta.Edges(g.id)
		if err != nil {
			return nil, err
		}
		if len(all) == 0 {
			return nil, status.Semantic("No edge type found in space `%s'", g.name)
		}
		return all, nil
	}
	var out []*meta.Schema
	for _, e := range o.Edges {
		sc, err := g.edge(e.Edge)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// stepLimits checks GO's LIMIT/SAMPLE list: one non-negative integer per
// step.
func (p *planner) stepLimits(t *ast.Truncate, steps int64) ([]int64, error) {
	v, err := p.x.evalConst(t.Expr)
	if err != nil {
		return nil, err
	}
	if v.Kind() != value.KindList {
		return nil, status.Semantic("`%s' type must be LIST.", ast.NebulaString(t.Expr))
	}
	list := v.List()
	if int64(len(list)) != steps {
		return nil, status.Semantic("`%s' length must be equal to GO step size %d.", ast.NebulaString(t.Expr), steps)
	}
	out := make([]int64, len(list))
	for i, x := range list {
		if x.Kind() != value.KindInt {
			return nil, status.Semantic("Limit/Sample element type must be Integer.")
		}
		if x.Int() < 0 {
			return nil, status.Semantic("Limit/Sample element must be nonnegative.")
		}
		out[i] = x.Int()
	}
	return out, nil
}

// checkGoInputs applies GO's rules for $- and $var in WHERE and YIELD.
func checkGoInputs(refs *graphRefs, src *vidSource) error {
	if refs.has(refInput) && !src.fromPipe {
		return status.Semantic("$- must be referred in FROM before used in WHERE or YIELD")
	}
	vars := map[string]bool{}
	for _, r := range refs.of(refVar) {
		vars[r.name] = true
	}
	if len(vars) == 0 {
		return nil
	}
	if !src.fromVar {
		return status.Semantic("A variable must be referred in FROM before used in WHERE or YIELD")
	}
	if len(vars) > 1 {
		return status.Semantic("Multiple variable property is not supported in WHERE or YIELD")
	}
	if !vars[src.varName] {
		return status.Semantic("A variable must be referred in FROM before used in WHERE or YIELD")
	}
	return nil
}

// goLayouts decides what the traversal reads: the edge types in the
// walk's directions with the properties referenced (all of them for
// EDGE), and the start vertices' tags referenced (all for $^).
func (p *planner) goLayouts(job *goJob, refs *graphRefs, over []*meta.Schema, dir ast.EdgeDirection) {
	job.edges = map[int32]edgeLayout{}
	allEdge := refs.has(refEdge)
	// Only _dst is needed unless a reference reads another built-in.
	lean := !allEdge && !slices.ContainsFunc(refs.of(refEdgeProp), func(r *graphRef) bool {
		return r.prop == "_src" || r.prop == "_type" || r.prop == "_rank"
	})
	for _, e := range over {
		var props []string
		if allEdge {
			props = schemaProps(e)
		} else {
			for _, r := range refs.of(refEdgeProp) {
				if r.name == e.Name && r.prop[0] != '_' && !slices.Contains(props, r.prop) {
					props = append(props, r.prop)
				}
			}
		}
		var types []int32
		switch dir {
		case ast.Outgoing:
			types = []int32{e.ID}
		case ast.Reversely:
			types = []int32{-e.ID}
		default:
			types = []int32{e.ID, -e.ID}
		}
		for _, t := range types {
			job.edgeTypes = append(job.edgeTypes, t)
			job.edges[t] = edgeLayout{typ: t, name: e.Name, props: props, lean: lean}
		}
	}
	if refs.has(refSrcVertex) {
		if tags, err := p.x.engine.opts.Meta.Tags(job.space); err == nil {
			for _, t := range tags {
				job.srcLayout.addTag(t, true)
			}
		}
	}
	for _, r := range refs.of(refSrcProp) {
		if t, err := p.x.engine.opts.Meta.TagByName(job.space, r.name); err == nil {
			job.srcLayout.addTag(t, false, r.prop)
		}
	}
	for _, r := range refs.list {
		if r.kind != refDstProp && r.kind != refDstVertex {
			job.refs = append(job.refs, r)
		}
	}
}

func onlyBuiltins(edges map[int32]edgeLayout) map[int32]edgeLayout {
	out := make(map[int32]edgeLayout, len(edges))
	for t, l := range edges {
		out[t] = edgeLayout{typ: l.typ, name: l.name, lean: true}
	}
	return out
}

// nonDstCols are the columns a traversal node computes itself.
func nonDstCols(refs *graphRefs) []string {
	var out []string
	for _, r := range refs.list {
		if r.kind != refDstProp && r.kind != refDstVertex {
			out = append(out, r.col)
		}
	}
	return out
}

// pushable reports whether GO's WHERE can be evaluated by storage while it
// walks the edges: it reads the current edge, constants and, only as an
// operand of a comparison, properties of the start vertex (storage reads a
// tag the vertex lacks as NULL where graphd reads EMPTY, which no
// comparison tells apart). Destination properties, the input, variables
// and impure functions stay in graphd.
func pushable(where ast.Expr) bool {
	ok := true
	var walk func(e ast.Expr, inCmp bool)
	walk = func(e ast.Expr, inCmp bool) {
		if !ok {
			return
		}
		switch n := e.(type) {
		case *ast.Parameter, *ast.InputProperty, *ast.VariableProperty, *ast.Variable, *ast.DestProperty,
			*ast.VertexRef, *ast.Aggregate, *ast.PathPattern, *ast.TextSearch, *ast.UUID, *ast.TagProperty:
			ok = false
			return
		case *ast.SourceProperty:
			ok = inCmp
			return
		case *ast.FunctionCall:
			switch strings.ToLower(n.Name) {
			case "rand", "rand32", "rand64", "now", "timestamp", "date", "time", "datetime", "localdatetime", "localtime":
				if len(n.Args) == 0 {
					ok = false
					return
				}
			}
		case *ast.Binary:
			cmp := n.Op >= ast.OpEQ && n.Op <= ast.OpGE
			walk(n.Left, cmp)
			walk(n.Right, cmp)
			return
		}
		for _, c := range ast.Children(e) {
			walk(c, false)
		}
	}
	walk(where, false)
	return ok
}

// edgeFilterText is the WHERE as storage parses it.
func edgeFilterText(where ast.Expr) string { return where.String() }

// joinDst plans the $$ join: GetVertices of the distinct destinations,
// evaluating the $$ references, left-joined to the traversal's rows.
func (p *planner) joinDst(g *graphSpace, s ast.Stmt, refs *graphRefs, read *plan.Node) *plan.Node {
	job := &getVerticesJob{Stmt: s, space: g.id, dedup: true, dst: true,
		src: &vidSource{ref: &ast.InputProperty{Prop: colDst}, col: colDst, table: read.OutputVar, fromPipe: true, vidKind: g.vidKind}}
	if refs.has(refDstVertex) {
		if tags, err := g.meta.Tags(g.id); err == nil {
			for _, t := range tags {
				job.layout.addTag(t, true)
			}
		}
	}
	for _, r := range refs.of(refDstProp) {
		if t, err := g.tag(r.name); err == nil {
			job.layout.addTag(t, false, r.prop)
		}
	}
	job.refs = refs.of(refDstProp, refDstVertex)
	if gj, ok := read.Stmt.(*goJob); ok {
		gj.dstLayout = job.layout
	}
	gv := p.b.New(plan.GetVertices, read)
	gv.Stmt = job
	gv.ColNames = []string{colVid}
	for _, r := range job.refs {
		gv.ColNames = append(gv.ColNames, r.col)
	}
	join := p.b.New(plan.HashLeftJoin, read, gv)
	join.Stmt = &joinJob{Stmt: s, left: read.OutputVar, right: gv.OutputVar, leftKey: colDst, rightKey: colVid}
	join.ColNames = append(slices.Clone(read.ColNames), gv.ColNames[1:]...)
	return join
}
