package exec

import (
	"context"
	"slices"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// FETCH PROP ON tags ids YIELD ...  ──▶ GetVertices ▶ Project [▶ Dedup]
// FETCH PROP ON edge keys YIELD ... ──▶ GetEdges ▶ Project [▶ Dedup]
//
// validated as NebulaGraph's FetchVerticesValidator and FetchEdgesValidator.

// getVerticesJob is a GetVertices node's payload: where the ids come from,
// which tags to read, and the references to evaluate on each vertex found.
// A GetVertices of GO's destinations (dst set) evaluates $$ references and
// starts its rows with the vertex id, for the join.
type getVerticesJob struct {
	ast.Stmt
	space  int32
	src    *vidSource
	dedup  bool
	layout vertexLayout
	refs   []*graphRef
	dst    bool
}

// getEdgesJob is a GetEdges node's payload.
type getEdgesJob struct {
	ast.Stmt
	space  int32
	edge   *meta.Schema
	keys   []storage.EdgeKey
	keyRef *ast.EdgeKeyRef
	table  string
	layout edgeLayout
	refs   []*graphRef
}

func (p *planner) fetchVertices(ctx context.Context, s *ast.FetchVertices, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	var tags []*meta.Schema
	if s.Tags == nil {
		if tags, err = g.meta.Tags(g.id); err != nil {
			return nil, err
		}
	} else {
		for _, name := range s.Tags {
			t, err := g.tag(name)
			if err != nil {
				return nil, err
			}
			tags = append(tags, t)
		}
	}
	src, dep, err := p.vidSource(g, s.From, in)
	if err != nil {
		return nil, err
	}
	if s.Yield == nil {
		return nil, status.Semantic("Missing yield clause.")
	}
	for _, c := range s.Yield.Columns {
		if ast.Any(c.Expr, isEdgeRef) {
			return nil, status.Semantic("illegal yield clauses `%s'", yieldColumnText(c))
		}
	}
	sc := p.newRefScope(g, in)
	cols, err := sc.columns(s.Yield.Columns)
	if err != nil {
		return nil, err
	}
	if sc.refs.has(refInput, refVar) {
		return nil, status.Semantic("unsupported input/variable property expression in yield.")
	}
	if sc.refs.has(refSrcProp, refDstProp, refSrcVertex, refDstVertex) {
		return nil, status.Semantic("unsupported src/dst property expression in yield.")
	}
	job := &getVerticesJob{Stmt: s, space: g.id, src: src, refs: sc.refs.list}
	for _, t := range tags {
		job.layout.addTag(t, true)
	}
	// NebulaGraph answers for every vertex that exists, with EMPTY for
	// the tags asked for that it lacks: ask for the other tags' presence.
	all, err := g.meta.Tags(g.id)
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		job.layout.addPresence(t)
	}
	gv := p.b.New(plan.GetVertices, dep)
	gv.Stmt = job
	gv.ColNames, _ = sc.refs.cols()
	return p.finishRead(sc, gv, cols, nil, s.Yield.Distinct)
}

func isEdgeRef(e ast.Expr) bool {
	_, ok := e.(*ast.EdgeRef)
	return ok
}

func isVertexRef(e ast.Expr) bool {
	_, ok := e.(*ast.VertexRef)
	return ok
}

// finishRead plans what follows a read's storage node: Filter on the
// rewritten WHERE (nil: none), Project of the rewritten columns, Dedup for
// DISTINCT.
func (p *planner) finishRead(sc *refScope, read *plan.Node, cols []column, where ast.Expr, distinct bool) (*shape, error) {
	names, kinds := sc.refs.cols()
	src := &shape{node: read, cols: names, kinds: kinds}
	outKinds, err := p.checkColumns(src, cols, &where)
	if err != nil {
		return nil, err
	}
	dep := read
	if where != nil {
		f := p.b.New(plan.Filter, dep)
		f.InputVar, f.Condition, f.ColNames = dep.OutputVar, where, names
		f.Shown = sc.shownWhere
		dep = f
	}
	n := p.b.New(plan.Project, dep)
	n.InputVar, n.Columns, n.ColNames = dep.OutputVar, planColumns(cols), columnNames(cols)
	out := &shape{node: n, cols: n.ColNames, kinds: outKinds}
	if distinct {
		out = p.dedup(out)
	}
	return out, nil
}

func (e *executor) getVertices(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*getVerticesJob)
	out := &value.DataSet{ColNames: n.ColNames}
	vids := e.vids(job.src, job.dedup)
	if len(vids) == 0 {
		return out, nil
	}
	ds := &value.DataSet{}
	if job.dst {
		vids, ds.Rows = e.takeDstRows(job.src.table, vids)
	}
	if len(vids) > 0 {
		got, err := e.x.engine.opts.Storage.GetVertexProps(ctx, job.space, vids, &gstorage.GetPropRequest{VertexProps: job.layout.request()})
		if err != nil {
			return nil, storageError(err)
		}
		ds.Rows = append(ds.Rows, got.Rows...)
	}
	// Rows that read only properties take them straight from the values;
	// building each vertex's tag maps was most of a GO's $$ join.
	wantKind := refTagProp
	if job.dst {
		wantKind = refDstProp
	}
	propsOnly := !slices.ContainsFunc(job.refs, func(r *graphRef) bool { return r.kind != wantKind })
	out.Rows = make([]value.Row, 0, len(ds.Rows))
	var slab value.Slab
	for _, r := range ds.Rows {
		if len(r.Values) < 1+job.layout.width() {
			continue
		}
		if propsOnly {
			props := r.Values[1:]
			if !job.layout.exists(props) {
				continue
			}
			vals := slab.Take(len(job.refs) + 1)
			if job.dst {
				vals = append(vals, r.Values[0])
			}
			for _, ref := range job.refs {
				vals = append(vals, job.layout.propOf(props, ref.name, ref.prop))
			}
			out.Rows = append(out.Rows, value.Row{Values: vals})
			continue
		}
		vx := job.layout.fromProps(r.Values[0], r.Values[1:])
		if vx == nil {
			continue
		}
		row := &graphRow{vertex: vx}
		vals := make([]value.Value, 0, len(job.refs)+1)
		if job.dst {
			row = &graphRow{dst: vx}
			vals = append(vals, vx.VID)
		}
		for _, ref := range job.refs {
			vals = append(vals, ref.eval(row))
		}
		out.Rows = append(out.Rows, value.Row{Values: vals})
	}
	return out, nil
}

func (p *planner) fetchEdges(ctx context.Context, s *ast.FetchEdges, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	if len(s.Edges) != 1 {
		return nil, status.Semantic("only allow fetch on one edge")
	}
	es, err := g.edge(s.Edges[0])
	if err != nil {
		return nil, err
	}
	job := &getEdgesJob{Stmt: s, space: g.id, edge: es,
		layout: edgeLayout{typ: es.ID, name: es.Name, props: schemaProps(es)}}
	dep := p.start()
	if s.KeyRef != nil {
		if dep, err = p.edgeKeyRef(g, s.KeyRef, in, job); err != nil {
			return nil, err
		}
	} else {
		for _, k := range s.Keys {
			src, dst, err := p.constEdgeEnds(g, k)
			if err != nil {
				return nil, err
			}
			job.keys = append(job.keys, storage.EdgeKey{Src: src, Type: es.ID, Rank: k.Rank, Dst: dst})
		}
	}
	if s.Yield == nil {
		return nil, status.Semantic("Missing yield clause.")
	}
	for _, c := range s.Yield.Columns {
		if ast.Any(c.Expr, isVertexRef) {
			return nil, status.Semantic("illegal yield clauses `%s'", yieldColumnText(c))
		}
	}
	sc := p.newRefScope(g, in)
	sc.edgeLabels = true
	cols, err := sc.columns(s.Yield.Columns)
	if err != nil {
		return nil, err
	}
	if sc.refs.has(refInput, refVar) {
		return nil, status.Semantic("unsupported input/variable property expression in yield.")
	}
	if sc.refs.has(refSrcProp, refDstProp, refTagProp, refSrcVertex, refDstVertex) {
		return nil, status.Semantic("unsupported src/dst property expression in yield.")
	}
	for _, r := range sc.refs.of(refEdgeProp) {
		if r.name != es.Name && r.name != "*" {
			return nil, status.Semantic("should use edge name `%s'", es.Name)
		}
	}
	job.refs = sc.refs.list
	ge := p.b.New(plan.GetEdges, dep)
	ge.Stmt = job
	ge.ColNames, _ = sc.refs.cols()
	return p.finishRead(sc, ge, cols, nil, s.Yield.Distinct)
}

// constEdgeEnds evaluates a constant edge key's ends.
func (p *planner) constEdgeEnds(g *graphSpace, k *ast.EdgeKey) (src, dst value.Value, err error) {
	if !evaluable(k.Src) {
		return src, dst, status.Semantic("`%s' is not evaluable.", ast.NebulaString(k.Src))
	}
	if src, err = p.x.evalConst(k.Src); err != nil {
		return src, dst, err
	}
	if src.Kind() != g.vidKind {
		return src, dst, status.Semantic("the src should be type of %s, but was`%s'", g.vidKind, src.Kind())
	}
	if !evaluable(k.Dst) {
		return src, dst, status.Semantic("`%s' is not evaluable.", ast.NebulaString(k.Dst))
	}
	if dst, err = p.x.evalConst(k.Dst); err != nil {
		return src, dst, err
	}
	if dst.Kind() != g.vidKind {
		return src, dst, status.Semantic("the dst should be type of %s, but was`%s'", g.vidKind, dst.Kind())
	}
	return src, dst, nil
}

// edgeKeyRef validates $-.src->$-.dst@$-.rank (or the $var form) and
// returns the node the storage node depends on.
func (p *planner) edgeKeyRef(g *graphSpace, ref *ast.EdgeKeyRef, in *shape, job *getEdgesJob) (*plan.Node, error) {
	table, dep := "", (*plan.Node)(nil)
	check := func(e ast.Expr, want value.Kind) error {
		var cols []string
		var kinds map[string]value.Kind
		var name, prop string
		switch r := e.(type) {
		case *ast.InputProperty:
			if in == nil {
				return status.Semantic("`%s', not exist prop `%s'", ast.NebulaString(e), r.Prop)
			}
			cols, kinds, name, prop = in.cols, kindMap(in), in.node.OutputVar, r.Prop
			if dep == nil {
				dep = in.node
			}
		case *ast.VariableProperty:
			v, ok := p.vars[r.Var]
			if !ok {
				return status.Semantic("`$%s.%s', not exist variable `%s'", r.Var, r.Prop, r.Var)
			}
			cols, kinds, name, prop = v.cols, kindMap(v), r.Var, r.Prop
			if dep == nil {
				dep = p.start()
			}
		default:
			return status.Semantic("`%s', only input and variable expression is acceptable", ast.NebulaString(e))
		}
		if !hasCol(cols, prop) {
			return status.Semantic("`%s', not exist prop `%s'", ast.NebulaString(e), prop)
		}
		if k := kinds[prop]; k != value.KindEmpty && k != value.KindNull && k != want {
			return status.Semantic("`%s' should be type of %s, but was %s", ast.NebulaString(e), want, k)
		}
		if table != "" && table != name {
			return status.Semantic("`%s' the src dst and rank of the edge must use the same reference.", ast.NebulaString(e))
		}
		table = name
		return nil
	}
	if err := check(ref.Src, g.vidKind); err != nil {
		return nil, err
	}
	if ref.Rank != nil {
		if err := check(ref.Rank, value.KindInt); err != nil {
			return nil, err
		}
	}
	if err := check(ref.Dst, g.vidKind); err != nil {
		return nil, err
	}
	if in != nil && table == in.node.OutputVar {
		if err := checkDuplicateCols(in.cols); err != nil {
			return nil, err
		}
	}
	job.keyRef, job.table = ref, table
	return dep, nil
}

// edgeKeys returns the job's keys: the constants, or those read from the
// referenced table (rows of the wrong kinds skipped).
func (e *executor) edgeKeys(job *getEdgesJob) ([]storage.EdgeKey, error) {
	if job.keyRef == nil {
		return job.keys, nil
	}
	t := newTable(e.table(job.table))
	var keys []storage.EdgeKey
	for i := range t.ds.Rows {
		c := e.rowCtx(t, i)
		src, err := evalIn(job.keyRef.Src, c)
		if err != nil {
			return nil, err
		}
		dst, err := evalIn(job.keyRef.Dst, c)
		if err != nil {
			return nil, err
		}
		rank := value.NewInt(0)
		if job.keyRef.Rank != nil {
			if rank, err = evalIn(job.keyRef.Rank, c); err != nil {
				return nil, err
			}
		}
		if src.Kind() != dst.Kind() || (src.Kind() != value.KindInt && src.Kind() != value.KindString) || rank.Kind() != value.KindInt {
			continue
		}
		keys = append(keys, storage.EdgeKey{Src: src, Type: job.edge.ID, Rank: rank.Int(), Dst: dst})
	}
	return keys, nil
}

func (e *executor) getEdges(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*getEdgesJob)
	out := &value.DataSet{ColNames: n.ColNames}
	keys, err := e.edgeKeys(job)
	if err != nil || len(keys) == 0 {
		return out, err
	}
	ds, err := e.x.engine.opts.Storage.GetEdgeProps(ctx, job.space, keys,
		&gstorage.GetPropRequest{EdgeProps: []*gstorage.EdgeProp{job.layout.request()}})
	if err != nil {
		return nil, storageError(err)
	}
	for _, r := range ds.Rows {
		ed := job.layout.edge(r.Values)
		if ed == nil {
			continue
		}
		row := &graphRow{edge: ed}
		vals := make([]value.Value, len(job.refs))
		for i, ref := range job.refs {
			vals[i] = ref.eval(row)
		}
		out.Rows = append(out.Rows, value.Row{Values: vals})
	}
	return out, nil
}
