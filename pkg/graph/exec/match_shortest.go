package exec

import (
	"context"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// shortestPath((a)-[e*..n]-(b)) and allShortestPaths(...) are planned as
// NebulaGraph plans them: both ends are found first (bound, or each by its
// own seek, crossed with the running table), then a ShortestPath node
// searches breadth first from a to b for every row.

// shortestJob is a ShortestPath node's payload.
type shortestJob struct {
	ast.Stmt
	space          int32
	from, to       string
	edge, nodesCol string
	pathCol        string
	edgeTypes      []int32
	edges          map[int32]edgeLayout
	tags           vertexLayout
	min, max       int64
	all            bool
	varLen         bool
	edgeFilter     []propCond
}

func (cp *cypherPlanner) planShortest(g *graphSpace, path *mpath, conj []ast.Expr) error {
	if len(path.edges) != 1 {
		return status.Semantic("`shortestPath(...)' only support pattern like (start)-[edge*..hop]-(end)")
	}
	ed := path.edges[0]
	if ed.min != 0 && ed.min != 1 {
		return status.Semantic("The minimal number of steps for shortestPath() must be either 0 or 1.")
	}
	a, b := path.nodes[0], path.nodes[1]
	if a.alias != "" && a.alias == b.alias {
		return status.Semantic("The shortest path algorithm does not work when the start and end nodes are the same")
	}
	tags, err := g.meta.Tags(g.id)
	if err != nil {
		return err
	}
	var layout vertexLayout
	for _, t := range tags {
		layout.addTag(t, true)
	}
	for _, n := range []*mnode{a, b} {
		if n.alias != "" && cp.sc.has(n.alias) {
			continue
		}
		single := &mpath{nodes: []*mnode{n}}
		_, dep, err := cp.seek(g, single, conj)
		if err != nil {
			return err
		}
		ap := cp.p.b.New(plan.AppendVertices, dep)
		ap.InputVar, ap.ColNames = dep.OutputVar, []string{n.col}
		ap.Stmt = &appendJob{Stmt: cp.stmt, space: g.id, col: n.col, tags: layout, filter: nodeFilterOf(n)}
		if cp.cur == nil {
			cp.cur = ap
		} else {
			j := cp.p.b.New(plan.CrossJoin, cp.cur, ap)
			j.Stmt = &cypherJoinJob{Stmt: cp.stmt, left: cp.cur.OutputVar, right: ap.OutputVar}
			j.ColNames = append(slices.Clone(cp.sc.cols), n.col)
			cp.cur = j
		}
		cp.sc.add(n.col, aliasNode, n.alias == "")
	}
	job := &shortestJob{Stmt: cp.stmt, space: g.id, from: a.col, to: b.col, edge: ed.col, nodesCol: ed.nodesCol,
		pathCol: path.alias, tags: layout, min: ed.min, max: ed.max, all: path.kind == ast.PathAllShortest, varLen: ed.varLen,
		edges: map[int32]edgeLayout{}, edgeFilter: ed.props}
	for _, t := range ed.types {
		var types []int32
		switch ed.dir {
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
	dep := cp.input()
	n := cp.p.b.New(plan.ShortestPath, dep)
	n.InputVar, n.Stmt = dep.OutputVar, job
	cols := append(slices.Clone(cp.sc.cols), ed.col)
	if ed.nodesCol != "" {
		cols = append(cols, ed.nodesCol)
	}
	if path.alias != "" {
		cols = append(cols, path.alias)
	}
	n.ColNames = cols
	cp.cur = n
	cp.bindPath(path)
	return nil
}

// shortest finds, for every row, the shortest walks from its from vertex
// to its to vertex: one, or all of them.
func (e *executor) shortest(ctx context.Context, n *plan.Node, job *shortestJob) (*value.DataSet, error) {
	in := newTable(e.table(n.InputVar))
	out := &value.DataSet{ColNames: n.ColNames}
	fi, fok := in.idx[job.from]
	ti, tok := in.idx[job.to]
	if !fok || !tok {
		return out, nil
	}
	cache := map[string]*hop{}
	for i, r := range in.ds.Rows {
		src, dst := r.Values[fi], r.Values[ti]
		if src.Kind() != value.KindVertex || dst.Kind() != value.KindVertex {
			continue
		}
		wants, err := edgeWants(job.edgeFilter, e.rowCtx(in, i))
		if err != nil {
			return nil, err
		}
		walks, err := e.shortestWalks(ctx, job, src.Vertex(), dst.Vertex(), wants, cache)
		if err != nil {
			return nil, err
		}
		if !job.all && len(walks) > 1 {
			// NebulaGraph keeps, for every vertex the search reaches, the
			// last edge that reached it (its visited map is overwritten),
			// so of equally short walks it answers the one taking the last
			// edge at every vertex: the last walk enumerated.
			walks = walks[len(walks)-1:]
		}
		for _, w := range walks {
			vals := slices.Clone(r.Values)
			list := make([]value.Value, len(w.edges))
			for j, ed := range w.edges {
				list[j] = storedEdge(ed)
			}
			if job.varLen {
				vals = append(vals, value.NewList(list), value.NewList(w.nodes))
			} else {
				vals = append(vals, list[0])
			}
			if job.pathCol != "" {
				p := &value.Path{Src: *src.Vertex()}
				for j, ed := range w.edges {
					d := *dst.Vertex()
					if j < len(w.nodes) {
						d = *w.nodes[j].Vertex()
					}
					p.Steps = append(p.Steps, value.Step{Dst: d, Type: ed.Type, Name: ed.Name, Ranking: ed.Ranking, Props: ed.Props})
				}
				vals = append(vals, value.NewPath(p))
			}
			out.Rows = append(out.Rows, value.Row{Values: vals})
		}
	}
	return out, nil
}

// shortestWalks searches breadth first from src until the layer that
// reaches dst, and returns every walk of that length.
func (e *executor) shortestWalks(ctx context.Context, job *shortestJob, src, dst *value.Vertex, wants []value.Value,
	cache map[string]*hop) ([]*walk, error) {
	target := vidKey(dst.VID)
	// From a vertex to itself the shortest walks are the shortest cycles
	// through it, as NebulaGraph finds them: the end is then a copy of the
	// start that only the last edge of a walk may reach.
	cycle := vidKey(src.VID) == target
	end := target
	if cycle {
		end = "\x00end"
	}
	dist := map[string]int64{vidKey(src.VID): 0}
	parents := map[string][]*value.Edge{} // vertex -> edges reaching it from the layer before
	frontier := []value.Value{src.VID}
	found := false
	for depth := int64(1); len(frontier) > 0 && !found && (job.max < 0 || depth <= job.max); depth++ {
		var need []value.Value
		for _, v := range frontier {
			if _, ok := cache[vidKey(v)]; !ok {
				need = append(need, v)
			}
		}
		hops, err := e.neighbors(ctx, job.space, need, job.edgeTypes, job.edges, job.tags)
		if err != nil {
			return nil, err
		}
		for _, v := range need {
			cache[vidKey(v)] = hops[vidKey(v)]
		}
		var next []value.Value
		for _, v := range frontier {
			h := cache[vidKey(v)]
			if h == nil {
				continue
			}
			for _, ed := range h.edges {
				if !matchEdge(job.edgeFilter, wants, ed) {
					continue
				}
				k := vidKey(ed.Dst)
				if cycle && k == target {
					parents[end] = append(parents[end], ed)
					found = true
					continue
				}
				if d, seen := dist[k]; seen && d < depth {
					continue
				}
				if _, seen := dist[k]; !seen {
					dist[k] = depth
					next = append(next, ed.Dst)
				}
				parents[k] = append(parents[k], ed)
				if k == target {
					found = true
				}
			}
		}
		frontier = next
	}
	if !found {
		return nil, nil
	}
	// Unwind the parents from dst back to src.
	var out []*walk
	var back func(at string, edges []*value.Edge)
	back = func(at string, edges []*value.Edge) {
		if at == vidKey(src.VID) && at != end {
			w := &walk{}
			for i := len(edges) - 1; i >= 0; i-- {
				w.edges = append(w.edges, edges[i])
			}
			for _, ed := range w.edges[:len(w.edges)-1] {
				if h := cache[vidKey(ed.Dst)]; h != nil {
					w.nodes = append(w.nodes, value.NewVertex(h.src))
				} else {
					w.nodes = append(w.nodes, value.NewVertex(&value.Vertex{VID: ed.Dst}))
				}
			}
			out = append(out, w)
			return
		}
		for _, ed := range parents[at] {
			// A walk takes an edge once (a cycle may meet the same edge
			// from both its ends).
			if slices.ContainsFunc(edges, func(x *value.Edge) bool { return edgeID(x) == edgeID(ed) }) {
				continue
			}
			back(vidKey(ed.Src), append(slices.Clone(edges), ed))
		}
	}
	back(end, nil)
	return out, nil
}
