package exec

import (
	"context"
	"slices"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// GET SUBGRAPH [WITH PROP] [n STEPS] FROM ... [IN e, ...] [OUT e, ...]
// [BOTH e, ...] [WHERE ...] YIELD VERTICES AS v, EDGES AS e, validated as
// NebulaGraph's GetSubgraphValidator, planned as its SubgraphPlanner:
//
//	n STEPS  ──▶ Subgraph ▶ DataCollect
//	0 STEPS  ──▶ GetVertices ▶ Aggregate (collect)
//
// Subgraph reads n+1 rounds of neighbours. Round 1 reads the start
// vertices and their edges; round k the vertices the previous round
// reached first. The last round keeps only edges between vertices already
// reached, so every edge's ends are in the subgraph. Each round is one
// result row: its vertices and the edges read from them, where an edge
// back to a vertex reached before is dropped if it was already listed
// from the other end (BOTH, or all edges when none are named: an in-edge,
// or an out-edge to a vertex of the round before last).
//
// The WHERE may read the current edge and, as $$.tag.prop, the vertex an
// edge leads to. Round 1 filters its edges by the edge part; later rounds
// filter their vertices by the $$ part (read as $^ of the vertex
// expanded) and their edges by the whole condition. An edge leading to a
// vertex that the next round filters out is dropped. Everything is
// evaluated by storage.

// subgraphJob is the payload of a Subgraph node.
type subgraphJob struct {
	ast.Stmt
	space int32
	src   *vidSource
	steps int64
	// types are the signed edge types walked; biDirect those walked both
	// ways.
	types    []int32
	biDirect map[int32]bool
	tags     vertexLayout
	edges    map[int32]edgeLayout
	// edgeFilter filters round 1's edges; filter later rounds' edges and
	// tagFilter their vertices ("" for none).
	edgeFilter, filter, tagFilter string
}

// subgraphCollectJob is the payload of GET SUBGRAPH's DataCollect: for
// each output column, the Subgraph column it shows.
type subgraphCollectJob struct {
	ast.Stmt
	cols []string
}

// The columns of a Subgraph node.
const (
	colVertices = "VERTICES"
	colEdges    = "EDGES"
)

func (p *planner) getSubgraph(ctx context.Context, s *ast.GetSubgraph, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	steps := s.Steps.Max
	if s.Steps.Range && s.Steps.Max < max(s.Steps.Min, 1) {
		return nil, status.Semantic("`%s', upper bound steps should be greater than lower bound.", s.Steps.String())
	}
	var src *vidSource
	var dep *plan.Node
	if s.From.Ref != nil {
		src, dep, err = p.refStarts(g, s.From, in)
	} else {
		src, dep, err = p.vidSource(g, s.From, in)
	}
	if err != nil {
		return nil, err
	}
	job := &subgraphJob{Stmt: s, space: g.id, src: src, steps: steps, biDirect: map[int32]bool{}, edges: map[int32]edgeLayout{}}
	var named []string
	for _, b := range []struct {
		edges []*ast.OverEdge
		signs []int32
	}{{s.In, []int32{-1}}, {s.Out, []int32{1}}, {s.Both, []int32{1, -1}}} {
		for _, e := range b.edges {
			if e.Alias != "" {
				return nil, status.Semantic("Get Subgraph not support rename edge name.")
			}
			sc, err := g.edge(e.Edge)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(named, sc.Name) {
				named = append(named, sc.Name)
			}
			for _, sign := range b.signs {
				if t := sign * sc.ID; !slices.Contains(job.types, t) {
					job.types = append(job.types, t)
				}
				if len(b.signs) == 2 {
					job.biDirect[sign*sc.ID] = true
				}
			}
		}
	}
	if len(job.types) == 0 {
		all, err := g.meta.Edges(g.id)
		if err != nil {
			return nil, err
		}
		for _, sc := range all {
			job.types = append(job.types, sc.ID, -sc.ID)
			job.biDirect[sc.ID], job.biDirect[-sc.ID] = true, true
		}
	}
	filterProps, err := p.subgraphWhere(g, s.Where, named, job)
	if err != nil {
		return nil, err
	}
	cols, aliases, err := subgraphYield(s.Yield, steps)
	if err != nil {
		return nil, err
	}
	tags, err := g.meta.Tags(g.id)
	if err != nil {
		return nil, err
	}
	vertexProps := s.WithProp && slices.Contains(cols, colVertices)
	job.tags = allTagsLayout(tags, vertexProps)
	if steps == 0 {
		return p.zeroStepSubgraph(g, s, src, dep, job.tags, aliases)
	}
	edgeProps := s.WithProp && slices.Contains(cols, colEdges)
	for _, t := range job.types {
		sc, err := g.meta.EdgeByType(g.id, t)
		if err != nil {
			return nil, err
		}
		props := filterProps[sc.Name]
		if edgeProps {
			props = schemaProps(sc)
		}
		job.edges[t] = edgeLayout{typ: t, name: sc.Name, props: props}
	}
	if dep == nil {
		dep = p.start()
	}
	sg := p.b.New(plan.Subgraph, dep)
	sg.Stmt, sg.ColNames = job, []string{colVertices, colEdges}
	dc := p.b.New(plan.DataCollect, sg)
	dc.InputVar = sg.OutputVar
	dc.Stmt, dc.ColNames = &subgraphCollectJob{Stmt: s, cols: cols}, aliases
	kinds := make([]value.Kind, len(aliases))
	for i := range kinds {
		kinds[i] = value.KindList
	}
	return &shape{node: dc, cols: aliases, kinds: kinds}, nil
}

// subgraphWhere validates the WHERE as GetSubgraphValidator::validateWhere
// does and splits it into the job's filters. It returns the properties
// each edge type's filter reads, which the edges carry even without WITH
// PROP.
func (p *planner) subgraphWhere(g *graphSpace, where ast.Expr, named []string, job *subgraphJob) (map[string][]string, error) {
	if where == nil {
		return nil, nil
	}
	if err := p.undefinedParams(where); err != nil {
		return nil, err
	}
	if ast.Any(where, func(x ast.Expr) bool {
		switch n := x.(type) {
		case *ast.Aggregate, *ast.SourceProperty, *ast.VariableProperty, *ast.InputProperty:
			return true
		case *ast.Logical:
			return n.Op == ast.OpOr
		}
		return false
	}) {
		return nil, status.Semantic("Not support `%s' in where sentence.", ast.NebulaString(where))
	}
	sc := p.newRefScope(g, nil)
	sc.edgeLabels = true
	resolved, err := sc.resolve(where)
	if err != nil {
		return nil, err
	}
	names, kinds := sc.refs.cols()
	k, err := p.typer(&shape{cols: names, kinds: kinds}).deduce(resolved)
	if err != nil {
		return nil, err
	}
	if k != value.KindBool && k != value.KindNull && !unknown(k) {
		return nil, status.Semantic("`%s', expected Boolean, but was `%s'", ast.NebulaString(where), k)
	}
	props := map[string][]string{}
	for _, r := range sc.refs.of(refEdgeProp) {
		if len(named) > 0 && !slices.Contains(named, r.name) {
			sorted := slices.Sorted(slices.Values(named))
			return nil, status.Semantic("Edge type \"%s\" in filter \"%s\" is not in the edge types [%s]",
				r.name, ast.NebulaString(where), strings.Join(sorted, ","))
		}
		if r.prop[0] != '_' && !slices.Contains(props[r.name], r.prop) {
			props[r.name] = append(props[r.name], r.prop)
		}
	}
	folded, err := p.x.fold(where)
	if err != nil {
		return nil, err
	}
	toSrc := func(e ast.Expr) ast.Expr {
		return rewriteExpr(e, func(x ast.Expr) (ast.Expr, bool) {
			if d, ok := x.(*ast.DestProperty); ok {
				return &ast.SourceProperty{Tag: d.Tag, Prop: d.Prop}, true
			}
			return nil, false
		})
	}
	isDst := func(x ast.Expr) bool {
		_, ok := x.(*ast.DestProperty)
		return ok
	}
	job.filter = edgeFilterText(toSrc(folded))
	if !ast.Any(folded, isDst) {
		job.edgeFilter = job.filter
		return props, nil
	}
	// The conjuncts reading $$ filter the vertices; the others the edges.
	var vertexPart, edgePart []ast.Expr
	for _, c := range andOperands(folded) {
		if !ast.Any(c, isDst) {
			edgePart = append(edgePart, c)
			continue
		}
		if ast.Any(c, func(x ast.Expr) bool {
			switch x.(type) {
			case *ast.EdgeProperty, *ast.EdgeMeta, *ast.LabelAttribute, *ast.EdgeRef, *ast.VertexRef, *ast.TagProperty:
				return true
			}
			return false
		}) {
			return nil, status.Semantic("Push target vertices filter error: %s", ast.NebulaString(where))
		}
		vertexPart = append(vertexPart, c)
	}
	job.tagFilter = edgeFilterText(toSrc(andExpr(vertexPart)))
	if len(edgePart) > 0 {
		job.edgeFilter = edgeFilterText(andExpr(edgePart))
	}
	return props, nil
}

// andOperands flattens the operands of nested ANDs.
func andOperands(e ast.Expr) []ast.Expr {
	l, ok := e.(*ast.Logical)
	if !ok || l.Op != ast.OpAnd {
		return []ast.Expr{e}
	}
	var out []ast.Expr
	for _, o := range l.Operands {
		out = append(out, andOperands(o)...)
	}
	return out
}

func andExpr(es []ast.Expr) ast.Expr {
	if len(es) == 1 {
		return es[0]
	}
	return &ast.Logical{Op: ast.OpAnd, Operands: es}
}

// subgraphYield checks GET SUBGRAPH's YIELD: VERTICES and EDGES only
// (VERTICES only for 0 STEPS). It returns the Subgraph column of each
// output column and the output names.
func subgraphYield(y *ast.YieldClause, steps int64) (cols, aliases []string, err error) {
	if y == nil {
		return nil, nil, status.Semantic("Missing yield clause.")
	}
	for _, c := range y.Columns {
		l, _ := c.Expr.(*ast.Label)
		switch {
		case l != nil && l.Name == colVertices:
		case l != nil && l.Name == colEdges:
			if steps == 0 {
				return nil, nil, status.Semantic("Get Subgraph 0 STEPS only support YIELD vertices")
			}
		default:
			return nil, nil, status.Semantic("Get Subgraph only support YIELD vertices OR edges")
		}
		name := c.Alias
		if name == "" {
			name = l.Name
		}
		cols, aliases = append(cols, l.Name), append(aliases, name)
	}
	return cols, aliases, nil
}

// zeroStepSubgraph plans GET SUBGRAPH 0 STEPS: the start vertices that
// exist, collected into one list per column.
func (p *planner) zeroStepSubgraph(g *graphSpace, s *ast.GetSubgraph, src *vidSource, dep *plan.Node, tags vertexLayout, aliases []string) (*shape, error) {
	if dep == nil {
		dep = p.start()
	}
	ref := &graphRef{kind: refVertex, col: "__ref0", valKind: value.KindVertex}
	gv := p.b.New(plan.GetVertices, dep)
	gv.Stmt = &getVerticesJob{Stmt: s, space: g.id, src: src, dedup: true, layout: tags, refs: []*graphRef{ref}}
	gv.ColNames = []string{ref.col}
	agg := p.b.New(plan.Aggregate, gv)
	agg.InputVar = gv.OutputVar
	kinds := make([]value.Kind, len(aliases))
	for i, a := range aliases {
		agg.Columns = append(agg.Columns, plan.Column{Expr: &ast.Aggregate{Name: "COLLECT", Arg: &ast.InputProperty{Prop: ref.col}}, Name: a})
		kinds[i] = value.KindList
	}
	agg.ColNames = aliases
	return &shape{node: agg, cols: aliases, kinds: kinds}, nil
}

// subgraphRound is what one round read: its vertices and the edges kept.
type subgraphRound struct {
	vertices []value.Value
	edges    []*value.Edge
}

// subgraph runs a Subgraph node: one row per round, VERTICES and EDGES.
func (e *executor) subgraph(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*subgraphJob)
	out := &value.DataSet{ColNames: n.ColNames}
	vids := e.vids(job.src, true)
	total := job.steps + 1
	history := map[string]int64{} // vertex -> round that reached it (0: a start)
	valid := map[string]bool{}    // vertices some round read (passed the vertex filter)
	var rounds []*subgraphRound
	for round := int64(1); len(vids) > 0 && round <= total; round++ {
		if err := searchCtxErr(ctx); err != nil {
			return nil, err
		}
		filter, tagFilter := job.edgeFilter, ""
		if round > 1 {
			filter, tagFilter = job.filter, job.tagFilter
		}
		rows, err := e.subgraphRead(ctx, job, vids, filter, tagFilter)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			break
		}
		current := map[string]int64{}
		if round == 1 {
			for _, h := range rows {
				current[vidKey(h.src.VID)] = 0
			}
		}
		r := &subgraphRound{}
		var next []value.Value
		for _, h := range rows {
			valid[vidKey(h.src.VID)] = true
			r.vertices = append(r.vertices, value.NewVertex(h.src))
			for _, ed := range h.edges {
				dst := vidKey(ed.Dst)
				if reached, ok := history[dst]; ok {
					if job.biDirect[ed.Type] && (ed.Type < 0 || reached+2 == round) {
						continue
					}
				} else {
					if round == total {
						continue
					}
					if _, ok := current[dst]; !ok {
						current[dst] = round
						next = append(next, ed.Dst)
					}
				}
				r.edges = append(r.edges, ed)
			}
		}
		if err := e.x.mem.charge(valuesBytes(r.vertices) + edgesBytes(r.edges)); err != nil {
			return nil, err
		}
		rounds = append(rounds, r)
		for k, v := range current {
			history[k] = v
		}
		if round > 1 && tagFilter != "" {
			keepValid(rounds[len(rounds)-2], valid)
		}
		vids = next
	}
	if len(rounds) > 0 {
		keepValid(rounds[len(rounds)-1], valid)
	}
	for _, r := range rounds {
		edges := make([]value.Value, len(r.edges))
		for i, ed := range r.edges {
			edges[i] = value.NewEdge(ed)
		}
		out.Rows = append(out.Rows, value.Row{Values: []value.Value{value.NewList(r.vertices), value.NewList(edges)}})
	}
	return out, nil
}

func edgesBytes(es []*value.Edge) int64 {
	var n int64
	for _, ed := range es {
		n += valueBytes(value.NewEdge(ed))
	}
	return n
}

// keepValid drops a round's edges that lead to a vertex no round read.
func keepValid(r *subgraphRound, valid map[string]bool) {
	kept := r.edges[:0]
	for _, ed := range r.edges {
		if valid[vidKey(ed.Dst)] {
			kept = append(kept, ed)
		}
	}
	r.edges = kept
}

// subgraphRead is one round's GetNeighbors: a hop (vertex and edges) per
// vertex that passes tagFilter.
func (e *executor) subgraphRead(ctx context.Context, job *subgraphJob, vids []value.Value, filter, tagFilter string) ([]*hop, error) {
	spec := &gstorage.TraverseSpec{EdgeDirection: gstorage.EdgeDirection_BOTH, VertexProps: job.tags.request()}
	layouts := make([]edgeLayout, len(job.types))
	for i, t := range job.types {
		layouts[i] = job.edges[t]
		spec.EdgeTypes = append(spec.EdgeTypes, common.EdgeType(t))
		spec.EdgeProps = append(spec.EdgeProps, layouts[i].request())
	}
	if filter != "" {
		spec.Filter = []byte(filter)
	}
	if tagFilter != "" {
		spec.TagFilter = []byte(tagFilter)
	}
	ds, err := e.x.engine.opts.Storage.GetNeighbors(ctx, job.space, vids, spec)
	if err != nil {
		return nil, storageError(err)
	}
	ntags := len(job.tags)
	// Rows come back part by part; answer them in the order asked, so
	// that the rounds list their vertices and edges in discovery order.
	order := make(map[string]int, len(vids))
	for i, v := range vids {
		order[vidKey(v)] = i
	}
	slices.SortStableFunc(ds.Rows, func(a, b value.Row) int {
		if len(a.Values) == 0 || len(b.Values) == 0 {
			return len(a.Values) - len(b.Values)
		}
		return order[vidKey(a.Values[0])] - order[vidKey(b.Values[0])]
	})
	hops := make([]*hop, 0, len(ds.Rows))
	for _, r := range ds.Rows {
		vals := r.Values
		if len(vals) < 2+ntags+len(layouts) {
			continue
		}
		h := &hop{src: job.tags.fromNeighbors(vals[0], vals[2:2+ntags])}
		for i, l := range layouts {
			cell := vals[2+ntags+i]
			if cell.Kind() != value.KindList {
				continue
			}
			for _, ev := range cell.List() {
				if ev.Kind() != value.KindList {
					continue
				}
				if ed := l.edge(ev.List()); ed != nil {
					h.edges = append(h.edges, ed)
				}
			}
		}
		hops = append(hops, h)
	}
	return hops, nil
}

// collectSubgraph is GET SUBGRAPH's DataCollect: the yielded columns of
// each round that has something to show.
func (e *executor) collectSubgraph(n *plan.Node, job *subgraphCollectJob) (*value.DataSet, error) {
	in := newTable(e.table(n.InputVar))
	out := &value.DataSet{ColNames: n.ColNames}
	for _, r := range in.ds.Rows {
		row := make([]value.Value, len(job.cols))
		shown := false
		for i, c := range job.cols {
			v := r.Values[in.idx[c]]
			row[i] = v
			if v.Kind() == value.KindList && len(v.List()) > 0 {
				shown = true
			}
		}
		if shown {
			out.Rows = append(out.Rows, value.Row{Values: row})
		}
	}
	return out, nil
}
