package exec

import (
	"context"
	"math/rand/v2"
	"slices"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/value"
)

// frontierItem is a vertex a traversal has reached and the input id it
// was reached from (EMPTY when the traversal does not join its input).
type frontierItem struct {
	root, vid value.Value
}

// hop is what one step read of one start vertex: the vertex (with the
// tags asked for) and its edges, in storage order.
type hop struct {
	src   *value.Vertex
	edges []*value.Edge
}

// goHop is a GO step's hop: its edges stay the values storage sent.
type goHop struct {
	src   *value.Vertex
	edges []goEdge
}

// goEdge is one edge a GO step read, as the values of its layout (the
// built-ins, then the properties). A GO row reads a property or two of
// it, and building a value.Edge with its property map for every row was
// GO's largest allocation; edge() builds one when a row yields the edge.
type goEdge struct {
	layout *edgeLayout
	vals   []value.Value
}

func (g goEdge) dst() value.Value { return g.vals[len(g.layout.builtins())-1] }

func (g goEdge) edge() *value.Edge { return g.layout.edge(g.vals) }

// prop reads a property or built-in as edgePropOf does on edge().
func (g goEdge) prop(edge, prop string) value.Value {
	l := g.layout
	if edge != "*" && l.name != edge {
		return value.Empty
	}
	switch {
	case prop == "_dst":
		return g.dst()
	case l.lean && (prop == "_src" || prop == "_rank" || prop == "_type"):
		// Not asked for: the planner leans a layout only when no
		// reference reads them.
		return value.Empty
	case prop == "_src":
		return g.vals[0]
	case prop == "_rank":
		return value.NewInt(g.vals[2].Int())
	case prop == "_type":
		return value.NewInt(int64(int32(g.vals[1].Int())))
	}
	off := len(l.builtins())
	for i, p := range l.props {
		if p == prop {
			return g.vals[off+i]
		}
	}
	return value.Null
}

// vidKey is a map key for a vertex id: ints and strings never collide.
func vidKey(v value.Value) string { return v.Literal() }

// vkey is a value as a map key that costs no allocation for the int and
// string ids every space uses; vidKey's literal, built per lookup, was a
// large share of a multi-step GO's time. Other kinds key by their literal.
type vkey struct {
	kind value.Kind
	n    int64
	s    string
}

func keyOf(v value.Value) vkey {
	switch k := v.Kind(); k {
	case value.KindInt:
		return vkey{kind: k, n: v.Int()}
	case value.KindString:
		return vkey{kind: k, s: v.Str()}
	default:
		return vkey{kind: k, s: v.Literal()}
	}
}

// traverse runs GetNeighbors, Expand and ExpandAll: the job's steps from
// its start ids or the frontier an Expand left, one GetNeighbors request
// per step. An Expand returns its final frontier; the others the rows of
// their emitting steps.
func (e *executor) traverse(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*goJob)
	out := &value.DataSet{ColNames: n.ColNames}
	expandOnly := n.Kind == plan.Expand
	frontier := e.startFrontier(job)
	var input *table
	var inputOf vidMap[[]int]
	if job.joinInput && !expandOnly {
		input = e.inputRows(job.src)
		if i, ok := input.idx[job.src.col]; ok {
			for r, row := range input.ds.Rows {
				rows, _ := inputOf.get(row.Values[i])
				inputOf.put(row.Values[i], append(rows, r))
			}
		}
	}
	var slab value.Slab
	var dst *value.DataSet
	for step := job.first; step <= job.last && len(frontier) > 0; step++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		emit := !expandOnly && step >= job.emit
		hops, stepDst, err := e.step(ctx, job, frontier, step, emit)
		if err != nil {
			return nil, err
		}
		dst = appendRows(dst, stepDst)
		if emit {
			if input == nil {
				out.Rows = slices.Grow(out.Rows, emitted(frontier, hops))
			}
			for _, it := range frontier {
				h, _ := hops.get(it.vid)
				if h == nil {
					continue
				}
				for _, ed := range h.edges {
					row := &graphRow{src: h.src, goEdge: ed}
					if input == nil {
						out.Rows = append(out.Rows, job.row(row, &slab))
						continue
					}
					row.inputIdx = input.idx
					rows, _ := inputOf.get(it.root)
					for _, r := range rows {
						row.input = input.ds.Rows[r].Values
						out.Rows = append(out.Rows, job.row(row, &slab))
					}
				}
			}
		}
		if step < job.last || expandOnly {
			frontier = nextFrontier(job, frontier, hops)
		}
	}
	if expandOnly {
		for _, it := range frontier {
			out.Rows = append(out.Rows, value.Row{Values: []value.Value{it.root, it.vid}})
		}
	}
	e.putDstRows(n.OutputVar, dst)
	return out, nil
}

// appendRows appends more's rows to ds (either may be nil).
func appendRows(ds, more *value.DataSet) *value.DataSet {
	switch {
	case more == nil || len(more.Rows) == 0:
		return ds
	case ds == nil:
		return more
	}
	ds.Rows = append(ds.Rows, more.Rows...)
	return ds
}

// emitted is the number of rows a step emits without an input to join.
func emitted(frontier []frontierItem, hops vidMap[*goHop]) int {
	n := 0
	for _, it := range frontier {
		if h, _ := hops.get(it.vid); h != nil {
			n += len(h.edges)
		}
	}
	return n
}

// row evaluates the job's references (and the destination, for the $$
// join) in one traversal row.
func (job *goJob) row(r *graphRow, slab *value.Slab) value.Row {
	vals := slab.Take(len(job.refs) + 1)
	for _, ref := range job.refs {
		vals = append(vals, ref.eval(r))
	}
	if job.joinDst {
		vals = append(vals, r.goEdge.dst())
	}
	return value.Row{Values: vals}
}

// startFrontier returns the first step's frontier: the Expand node's, or
// the start ids (each its own root when the input is joined).
func (e *executor) startFrontier(job *goJob) []frontierItem {
	if job.frontier != "" {
		var out []frontierItem
		for _, r := range e.table(job.frontier).Rows {
			out = append(out, frontierItem{root: r.Values[0], vid: r.Values[1]})
		}
		return out
	}
	var out []frontierItem
	for _, v := range e.vids(job.src, true) {
		it := frontierItem{vid: v}
		if job.joinInput {
			it.root = v
		}
		out = append(out, it)
	}
	return out
}

// nextFrontier is the deduplicated destinations of the step's edges, each
// with the roots of the vertex it was reached from.
func nextFrontier(job *goJob, frontier []frontierItem, hops vidMap[*goHop]) []frontierItem {
	type rootedKey struct{ root, vid vkey }
	rooted := map[rootedKey]bool{}
	seen := newVidMap[struct{}](len(frontier))
	var next []frontierItem
	for _, it := range frontier {
		h, _ := hops.get(it.vid)
		if h == nil {
			continue
		}
		var root vkey
		if job.joinInput {
			root = keyOf(it.root)
		}
		for _, ed := range h.edges {
			if job.joinInput {
				k := rootedKey{root, keyOf(ed.dst())}
				if rooted[k] {
					continue
				}
				rooted[k] = true
			} else if !seen.add(ed.dst(), struct{}{}) {
				continue
			}
			next = append(next, frontierItem{root: it.root, vid: ed.dst()})
		}
	}
	return next
}

// step reads one step's edges of the frontier's vertices. Only an
// emitting step asks for properties and carries the pushed-down filter;
// when $$ is read it also asks for the destinations' properties and
// returns the rows the hosts answered (dst_props). The step's LIMIT or
// SAMPLE then keeps that many of all its edges.
func (e *executor) step(ctx context.Context, job *goJob, frontier []frontierItem, step int64, emit bool) (vidMap[*goHop], *value.DataSet, error) {
	vids := make([]value.Value, 0, len(frontier))
	seen := newVidMap[struct{}](len(frontier))
	for _, it := range frontier {
		if seen.add(it.vid, struct{}{}) {
			vids = append(vids, it.vid)
		}
	}
	spec := &gstorage.TraverseSpec{EdgeDirection: gstorage.EdgeDirection_BOTH, VertexProps: []*gstorage.VertexProp{}}
	var layouts []edgeLayout
	for _, t := range job.edgeTypes {
		l := job.edges[t]
		if !emit {
			l = edgeLayout{typ: l.typ, name: l.name, lean: true}
		}
		layouts = append(layouts, l)
		spec.EdgeTypes = append(spec.EdgeTypes, l.request().Type)
		spec.EdgeProps = append(spec.EdgeProps, l.request())
	}
	if int(step-1) < len(job.limits) {
		// No vertex can contribute more edges than the step keeps; a
		// LIMIT also never needs more than that from one part.
		limit := job.limits[step-1]
		spec.Limit = &limit
		if job.sample {
			random := true
			spec.Random = &random
		} else {
			spec.TotalLimit = &limit
		}
	}
	var tags vertexLayout
	if emit {
		tags = job.srcLayout
		spec.VertexProps = tags.request()
		if job.filter != "" {
			spec.Filter = []byte(job.filter)
		}
	}
	if emit && len(job.dstLayout) > 0 {
		spec.DstProps = job.dstLayout.request()
	}
	ds, dst, err := e.x.engine.opts.Storage.GetNeighborsDst(ctx, job.space, vids, spec)
	if err != nil {
		return vidMap[*goHop]{}, nil, storageError(err)
	}
	hops := newVidMap[*goHop](len(ds.Rows))
	// Every hop's edges are a window of one slice: a step of a GO 2 STEPS
	// reads thousands, and growing a slice per hop was a tenth of graphd's
	// time.
	edges := make([]goEdge, 0, stepEdges(ds, len(tags), len(layouts)))
	for _, r := range ds.Rows {
		vals := r.Values
		if len(vals) < 2+len(tags)+len(layouts) {
			continue
		}
		h := &goHop{src: tags.fromNeighbors(vals[0], vals[2:2+len(tags)])}
		first := len(edges)
		for i := range layouts {
			l := &layouts[i]
			cell := vals[2+len(tags)+i]
			if cell.Kind() != value.KindList {
				continue
			}
			for _, ev := range cell.List() {
				if ev.Kind() != value.KindList {
					continue
				}
				if ev := ev.List(); len(ev) >= l.width() {
					edges = append(edges, goEdge{layout: l, vals: ev})
				}
			}
		}
		h.edges = edges[first:len(edges):len(edges)]
		hops.put(vals[0], h)
	}
	if int(step-1) < len(job.limits) {
		all := make([]*goEdge, len(edges))
		for i := range edges {
			all[i] = &edges[i]
		}
		truncateStep(hops, all, job.limits[step-1], job.sample)
	}
	return hops, dst, nil
}

// stepEdges counts the edge cells of a GetNeighbors answer: the most
// edges a step can keep.
func stepEdges(ds *value.DataSet, tags, layouts int) int {
	n := 0
	for _, r := range ds.Rows {
		if len(r.Values) < 2+tags+layouts {
			continue
		}
		for _, cell := range r.Values[2+tags : 2+tags+layouts] {
			if cell.Kind() == value.KindList {
				n += len(cell.List())
			}
		}
	}
	return n
}

// truncateStep keeps limit of the step's edges: the first ones, or a
// uniform sample.
func truncateStep(hops vidMap[*goHop], all []*goEdge, limit int64, sample bool) {
	if int64(len(all)) <= limit {
		return
	}
	keep := map[*goEdge]bool{}
	if sample {
		for _, i := range rand.Perm(len(all))[:limit] {
			keep[all[i]] = true
		}
	} else {
		for _, ed := range all[:limit] {
			keep[ed] = true
		}
	}
	hops.each(func(h *goHop) {
		var kept []goEdge
		for i := range h.edges {
			if keep[&h.edges[i]] {
				kept = append(kept, h.edges[i])
			}
		}
		h.edges = kept
	})
}
