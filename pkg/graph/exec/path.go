package exec

import (
	"context"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// FIND SHORTEST|SINGLE SHORTEST|ALL|NOLOOP PATH [WITH PROP] FROM ... TO ...
// OVER ... [WHERE] [UPTO n STEPS] YIELD path AS p, validated as
// NebulaGraph's FindPathValidator, planned as its PathPlanner:
//
//	SHORTEST, one source and one destination  ──▶ BFSShortestPath
//	SHORTEST, otherwise                       ──▶ MultiShortestPath
//	ALL, NOLOOP                               ──▶ ProduceAllPaths
//	then                                      ──▶ DataCollect
//
// The search node walks the graph itself, one GetNeighbors request per
// side and step (see path_search.go); the WHERE, which may read only the
// current edge, is pushed into those requests when storage can evaluate
// it. DataCollect names the column and, WITH PROP, reads the properties
// of the paths' vertices and edges. Without WITH PROP a path's vertices
// are bare ids and its steps carry no properties.
//
// FROM and TO each take constants, $-.col or $var.col; every source is
// paired with every destination.

// findPathJob is the payload of a search node.
type findPathJob struct {
	ast.Stmt
	space    int32
	kind     ast.PathSearch
	from, to *vidSource
	upto     int64
	// leftTypes and rightTypes are the signed edge types the sources and
	// the destinations walk; layouts what is read of each.
	leftTypes, rightTypes []int32
	layouts               map[int32]edgeLayout
	// filter is the WHERE as storage evaluates it ("" for none); where is
	// the WHERE graphd evaluates instead, reading refs (nil for none).
	filter string
	where  ast.Expr
	refs   []*graphRef
}

// pathCollectJob is the payload of FIND PATH's DataCollect.
type pathCollectJob struct {
	ast.Stmt
	space    int32
	withProp bool
	edges    []*meta.Schema // the OVER edge types, for WITH PROP
}

// colPath is the column a search node writes its paths to.
const colPath = "path"

func (p *planner) findPath(ctx context.Context, s *ast.FindPath, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	from, fromDep, err := p.pathEnds(g, s.From, in)
	if err != nil {
		return nil, err
	}
	to, toDep, err := p.pathEnds(g, s.To, in)
	if err != nil {
		return nil, err
	}
	over, err := pathOver(g, s.Over)
	if err != nil {
		return nil, err
	}
	job := &findPathJob{Stmt: s, space: g.id, kind: s.Kind, from: from, to: to, upto: s.Upto, layouts: map[int32]edgeLayout{}}
	if err := p.pathWhere(g, s.Where, job); err != nil {
		return nil, err
	}
	alias, err := pathYield(s.Yield)
	if err != nil {
		return nil, err
	}
	pathLayouts(job, over, s.Over.Direction)

	var deps []*plan.Node
	for _, d := range []*plan.Node{fromDep, toDep} {
		if d != nil && !slices.Contains(deps, d) {
			deps = append(deps, d)
		}
	}
	if len(deps) == 0 {
		deps = append(deps, p.start())
	}
	kind := plan.ProduceAllPaths
	switch s.Kind {
	case ast.FindShortestPath:
		kind = plan.MultiShortestPath
		if len(from.consts) > 0 && len(to.consts) > 0 && len(distinctVids(from.consts)) == 1 && len(distinctVids(to.consts)) == 1 {
			kind = plan.BFSShortestPath
		}
	case ast.FindSingleShortestPath:
		kind = plan.MultiShortestPath
	}
	search := p.b.New(kind, deps...)
	search.Stmt, search.ColNames = job, []string{colPath}

	dc := p.b.New(plan.DataCollect, search)
	dc.InputVar = search.OutputVar
	dc.Stmt = &pathCollectJob{Stmt: s, space: g.id, withProp: s.WithProp, edges: over}
	dc.ColNames = []string{alias}
	return &shape{node: dc, cols: dc.ColNames, kinds: []value.Kind{value.KindPath}}, nil
}

// pathEnds validates FROM or TO as NebulaGraph's validateStarts does. A
// list of constants needs no node; a reference returns the node that
// produces its rows.
func (p *planner) pathEnds(g *graphSpace, ids *ast.VertexIDs, in *shape) (*vidSource, *plan.Node, error) {
	if ids.Ref != nil {
		return p.refStarts(g, ids, in)
	}
	src := &vidSource{vidKind: g.vidKind}
	for _, e := range ids.IDs {
		if !evaluable(e) {
			return nil, nil, status.Semantic("`%s' is not an evaluable expression.", ast.NebulaString(e))
		}
		v, err := p.x.evalConst(e)
		if err != nil {
			return nil, nil, err
		}
		if !g.validVid(v) {
			return nil, nil, status.Semantic("Vid should be a %s", g.vidTypeName())
		}
		src.consts = append(src.consts, v)
	}
	return src, nil, nil
}

// refStarts is vidSource for $-.col or $var.col, refusing, as
// validateStarts does, a variable whose columns repeat a name (vidSource
// checks the piped input's).
func (p *planner) refStarts(g *graphSpace, ids *ast.VertexIDs, in *shape) (*vidSource, *plan.Node, error) {
	if r, ok := ids.Ref.(*ast.VariableProperty); ok {
		if v, ok := p.vars[r.Var]; ok {
			if err := checkDuplicateCols(v.cols); err != nil {
				return nil, nil, err
			}
		}
	}
	return p.vidSource(g, ids, in)
}

// pathOver resolves FIND PATH's OVER with ValidateUtil::validateOver's
// words: every edge type of the space for *, else the ones named, once
// each.
func pathOver(g *graphSpace, o *ast.Over) ([]*meta.Schema, error) {
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
			return nil, status.Semantic("%s not found in space [%s].", e.Edge, g.name)
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// pathWhere validates the WHERE as FindPathValidator::validateWhere does:
// it may read the current edge's properties, constants and parameters,
// never a vertex, the input or a variable. It is pushed into the searches'
// GetNeighbors requests when storage can evaluate it, and otherwise
// evaluated by graphd on every edge read.
func (p *planner) pathWhere(g *graphSpace, where ast.Expr, job *findPathJob) error {
	if where == nil {
		return nil
	}
	if err := p.undefinedParams(where); err != nil {
		return err
	}
	if ast.Any(where, func(x ast.Expr) bool {
		switch x.(type) {
		case *ast.SourceProperty, *ast.DestProperty, *ast.VariableProperty, *ast.InputProperty:
			return true
		}
		return false
	}) {
		return status.Semantic("Not support `%s' in where sentence.", ast.NebulaString(where))
	}
	sc := p.newRefScope(g, nil)
	sc.edgeLabels = true
	resolved, err := sc.resolve(where)
	if err != nil {
		return err
	}
	names, kinds := sc.refs.cols()
	k, err := p.typer(&shape{cols: names, kinds: kinds}).deduce(resolved)
	if err != nil {
		return err
	}
	if k != value.KindBool && k != value.KindNull && !unknown(k) {
		return status.Semantic("`%s', expected Boolean, but was `%s'", ast.NebulaString(where), k)
	}
	folded, err := p.x.fold(where)
	if err != nil {
		return err
	}
	if pushable(folded) {
		// Storage tests it; the properties it reads are read too, and the
		// paths' edges carry them, as NebulaGraph's do.
		job.filter = edgeFilterText(folded)
		job.refs = sc.refs.list
		return nil
	}
	if job.where, err = sc.resolve(folded); err != nil {
		return err
	}
	job.refs = sc.refs.list
	return nil
}

// pathYield checks FIND PATH's YIELD (FindPathValidator::validateYield)
// and returns the name of its one column.
func pathYield(y *ast.YieldClause) (string, error) {
	if y == nil {
		return "", status.Semantic("Missing yield clause.")
	}
	if len(y.Columns) != 1 {
		return "", status.Semantic("Only support yield path")
	}
	c := y.Columns[0]
	if l, ok := c.Expr.(*ast.Label); !ok || l.Name != "PATH" {
		return "", status.Semantic("Illegal yield clauses `%s'. only support yield path", yieldColumnText(c))
	}
	if c.Alias == "" {
		return "PATH", nil
	}
	return c.Alias, nil
}

// pathLayouts decides the signed edge types each side walks and what is
// read of each: the built-ins, and the properties a WHERE evaluated by
// graphd reads.
func pathLayouts(job *findPathJob, over []*meta.Schema, dir ast.EdgeDirection) {
	for _, e := range over {
		var props []string
		for _, r := range job.refs {
			if r.kind == refEdgeProp && r.name == e.Name && r.prop[0] != '_' && !slices.Contains(props, r.prop) {
				props = append(props, r.prop)
			}
		}
		if slices.ContainsFunc(job.refs, func(r *graphRef) bool { return r.kind == refEdge }) {
			props = schemaProps(e)
		}
		for _, t := range []int32{e.ID, -e.ID} {
			job.layouts[t] = edgeLayout{typ: t, name: e.Name, props: props}
		}
		switch dir {
		case ast.Outgoing:
			job.leftTypes = append(job.leftTypes, e.ID)
			job.rightTypes = append(job.rightTypes, -e.ID)
		case ast.Reversely:
			job.leftTypes = append(job.leftTypes, -e.ID)
			job.rightTypes = append(job.rightTypes, e.ID)
		default:
			job.leftTypes = append(job.leftTypes, e.ID, -e.ID)
			job.rightTypes = append(job.rightTypes, e.ID, -e.ID)
		}
	}
}
