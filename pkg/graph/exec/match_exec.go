package exec

import (
	"context"
	"fmt"
	"slices"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// The executors of the MATCH plan nodes. Each works on whole tables: the
// seeks make the start column, Traverse and AppendVertices extend each
// input row with what they read (dropping the rows that match nothing), in
// one storage request per step for all the rows.

// seekJob is the payload of the start nodes: constant ids (PassThrough),
// an index scan (IndexScan) or a scan of some tags (ScanVertices).
type seekJob struct {
	ast.Stmt
	space    int32
	col      string
	ids      []value.Value
	index    *lookupJob
	scanTags []int32
	vidKind  value.Kind
	parts    int32
	limit    scanLimit // pushed down by the optimizer
}

// traverseJob is a Traverse node's payload: one edge pattern walked from
// the vertices of column from.
type traverseJob struct {
	ast.Stmt
	space                    int32
	from, edge, to, nodesCol string
	edgeTypes                []int32 // signed
	edges                    map[int32]edgeLayout
	tags                     vertexLayout
	min, max                 int64
	varLen                   bool
	edgeFilter               []propCond
	fromFilter               *nodeFilter
	toBound                  bool     // to is bound already: the walk must end there
	uniq                     []string // edge columns of the path the walk may not reuse
	argument                 bool     // from holds a value of an earlier clause
	edgeBound                bool     // edge is a column already: the walk must take that edge
}

// appendJob is an AppendVertices node's payload.
type appendJob struct {
	ast.Stmt
	space    int32
	col      string
	tags     vertexLayout
	filter   *nodeFilter
	argument bool
}

// pathSpec says which columns a named path is made of.
type pathSpec struct {
	col       string
	nodes     []string
	edges     []string
	nodesCols []string // per edge: the walked-through vertices of a variable-length edge, or ""
}

// pathJob is the payload of the Project that builds named paths.
type pathJob struct {
	ast.Stmt
	specs []pathSpec
}

// argumentJob numbers the rows an OPTIONAL MATCH starts from, so that the
// rows it matches can be joined back to them.
type argumentJob struct {
	ast.Stmt
	col string
}

// cypherJoinJob joins two tables: on equal key columns (HashLeftJoin, the
// right table extending the left one's columns), or every row with every
// row (CrossJoin).
type cypherJoinJob struct {
	ast.Stmt
	left, right string
	keys        []string
}

// execMatch runs the nodes of openCypher plans; ok is false for others.
func (e *executor) execMatch(ctx context.Context, n *plan.Node) (t *value.DataSet, ok bool, err error) {
	if n.Kind == plan.TopN {
		s, err := e.sort(n)
		if err != nil {
			return nil, true, err
		}
		return window(s, n.Offset, n.Count), true, nil
	}
	switch job := n.Stmt.(type) {
	case *seekJob:
		t, err = e.seek(ctx, n, job)
	case *traverseJob:
		t, err = e.traverseMatch(ctx, job, e.table(n.InputVar))
	case *appendJob:
		t, err = e.appendVertices(ctx, job, e.table(n.InputVar))
	case *pathJob:
		t, err = buildPaths(job, e.table(n.InputVar))
	case *argumentJob:
		in := e.table(n.InputVar)
		t = &value.DataSet{ColNames: n.ColNames, Rows: make([]value.Row, len(in.Rows))}
		for i, r := range in.Rows {
			t.Rows[i] = value.Row{Values: append(slices.Clone(r.Values), value.NewInt(int64(i)))}
		}
	case *cypherJoinJob:
		t = e.cypherJoin(n, job)
	case *unwindJob:
		t, err = e.unwind(n, job)
	case *cypherFilter:
		t, err = e.strictFilter(n)
	case *applyJob:
		t, err = e.patternApply(ctx, n, job)
	case *shortestJob:
		t, err = e.shortest(ctx, n, job)
	default:
		return nil, false, nil
	}
	return t, true, err
}

// window keeps rows [offset, offset+count).
func window(in *value.DataSet, offset, count int64) *value.DataSet {
	off := min(max(offset, 0), int64(len(in.Rows)))
	end := int64(len(in.Rows))
	if count < end-off {
		end = off + max(count, 0)
	}
	return &value.DataSet{ColNames: in.ColNames, Rows: in.Rows[off:end]}
}

func (e *executor) seek(ctx context.Context, n *plan.Node, job *seekJob) (*value.DataSet, error) {
	out := &value.DataSet{ColNames: n.ColNames}
	add := func(v value.Value) {
		if v.Kind() == job.vidKind {
			out.Rows = append(out.Rows, value.Row{Values: []value.Value{v}})
		}
	}
	st := e.x.engine.opts.Storage
	switch {
	case job.index != nil:
		idx := *job.index
		idx.limit = job.limit
		ds, err := idx.scan(ctx, e, [][]byte{[]byte("_vid")})
		if err != nil {
			return nil, err
		}
		set := newRowSet(len(ds.Rows))
		for _, r := range ds.Rows {
			if len(r.Values) > 0 {
				if _, added := set.add(r.Values[:1]); added {
					add(r.Values[0])
				}
			}
		}
	case job.scanTags != nil:
		sp, err := e.x.engine.opts.Meta.SpaceByID(job.space)
		if err != nil {
			return nil, err
		}
		cols := make([]*gstorage.VertexProp, len(job.scanTags))
		for i, t := range job.scanTags {
			cols[i] = &gstorage.VertexProp{Tag: common.TagID(t)}
		}
		full := func() bool { return job.limit.set && int64(len(out.Rows)) >= job.limit.n }
		for part := int32(1); part <= sp.PartitionNum && !full(); part++ {
			var cursor []byte
			for !full() {
				ds, next, err := st.ScanVertex(ctx, job.space, part, cursor, cols, job.limit.storage(), "")
				if err != nil {
					return nil, storageError(err)
				}
				for _, r := range ds.Rows {
					if len(r.Values) > 0 {
						add(r.Values[0])
					}
				}
				if len(next) == 0 {
					break
				}
				cursor = next
			}
		}
	default:
		for _, v := range job.ids {
			add(v)
		}
	}
	if job.limit.set && int64(len(out.Rows)) > job.limit.n {
		out.Rows = out.Rows[:job.limit.n]
	}
	return out, nil
}

// neighbors reads the given edges of vertices, with all the properties of
// the vertices (tags) and edges (layouts), as GetNeighbors answers them.
func (e *executor) neighbors(ctx context.Context, space int32, vids []value.Value, types []int32,
	edges map[int32]edgeLayout, tags vertexLayout) (map[string]*hop, error) {
	spec := &gstorage.TraverseSpec{EdgeDirection: gstorage.EdgeDirection_BOTH, VertexProps: tags.request()}
	var layouts []edgeLayout
	for _, t := range types {
		l := edges[t]
		layouts = append(layouts, l)
		spec.EdgeTypes = append(spec.EdgeTypes, l.request().Type)
		spec.EdgeProps = append(spec.EdgeProps, l.request())
	}
	hops := map[string]*hop{}
	if len(vids) == 0 {
		return hops, nil
	}
	ds, err := e.x.engine.opts.Storage.GetNeighbors(ctx, space, vids, spec)
	if err != nil {
		return nil, storageError(err)
	}
	for _, r := range ds.Rows {
		vals := r.Values
		if len(vals) < 2+len(tags)+len(layouts) {
			continue
		}
		h := &hop{src: tags.fromNeighbors(vals[0], vals[2:2+len(tags)])}
		for i, l := range layouts {
			cell := vals[2+len(tags)+i]
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
		hops[vidKey(vals[0])] = h
	}
	return hops, nil
}

// argumentVertex checks a value read from an earlier clause where a node
// is expected.
func argumentVertex(v value.Value) error {
	if v.Kind() == value.KindVertex || v.IsNull() || v.Kind() == value.KindEmpty {
		return nil
	}
	return status.Execution("Argument only support vertex, but got %s, whose type is '%s'", v.String(), kindName(v))
}

// kindName is a value's type as NebulaGraph's messages name it.
func kindName(v value.Value) string {
	switch v.Kind() {
	case value.KindInt:
		return "int"
	case value.KindFloat:
		return "float"
	case value.KindString:
		return "string"
	case value.KindBool:
		return "bool"
	}
	return v.Kind().String()
}

// vidOf is the vertex id a node column holds: the vertex's, or the id
// itself before the vertex is read.
func vidOf(v value.Value) value.Value {
	if v.Kind() == value.KindVertex {
		return v.Vertex().VID
	}
	return v
}

// storedEdge is an edge as MATCH answers it: in its stored direction,
// however it was walked.
func storedEdge(ed *value.Edge) value.Value {
	if ed.Type > 0 {
		return value.NewEdge(ed)
	}
	c := *ed
	c.Src, c.Dst, c.Type = ed.Dst, ed.Src, -ed.Type
	return value.NewEdge(&c)
}

// edgeID identifies a stored edge whichever end it was walked from.
func edgeID(ed *value.Edge) string {
	src, dst, t := ed.Src, ed.Dst, ed.Type
	if t < 0 {
		src, dst, t = dst, src, -t
	}
	return fmt.Sprintf("%s\x00%s\x00%d\x00%d", vidKey(src), vidKey(dst), t, ed.Ranking)
}

// matchVertex reports whether a vertex has a node pattern's labels and
// properties; c is the row's context for the property values.
func matchVertex(f *nodeFilter, vx *value.Vertex, c *rowCtx) (bool, error) {
	if f == nil {
		return true, nil
	}
	for _, l := range f.labels {
		if !slices.ContainsFunc(vx.Tags, func(t value.Tag) bool { return t.Name == l }) {
			return false, nil
		}
	}
	for _, p := range f.props {
		want, err := evalIn(p.expr, c)
		if err != nil {
			return false, err
		}
		got := value.Null
		for _, t := range vx.Tags {
			if t.Name == p.tag {
				if v, ok := t.Props[p.prop]; ok {
					got = v
				}
			}
		}
		if !isTrue(value.Equal(got, want)) {
			return false, nil
		}
	}
	return true, nil
}

// edgeWants evaluates an edge pattern's property map for one row.
func edgeWants(conds []propCond, c *rowCtx) ([]value.Value, error) {
	out := make([]value.Value, len(conds))
	for i, p := range conds {
		v, err := evalIn(p.expr, c)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func matchEdge(conds []propCond, wants []value.Value, ed *value.Edge) bool {
	for i, p := range conds {
		got, ok := ed.Props[p.prop]
		if !ok {
			got = value.Null
		}
		if !isTrue(value.Equal(got, wants[i])) {
			return false
		}
	}
	return true
}

// walk is a partial walk of one input row.
type walk struct {
	row   int
	from  value.Value // the start vertex
	edges []*value.Edge
	nodes []value.Value // full vertices walked through
	end   value.Value   // vid reached
	used  map[string]bool
	wants []value.Value
	only  string // the one edge the walk may take, "" for any
}

// traverseMatch walks job's edge pattern from every row's start vertex,
// level by level, one GetNeighbors request per level.
func (e *executor) traverseMatch(ctx context.Context, job *traverseJob, in *value.DataSet) (*value.DataSet, error) {
	t := newTable(in)
	cols := slices.Clone(in.ColNames)
	if !job.edgeBound {
		cols = append(cols, job.edge)
	}
	if job.nodesCol != "" {
		cols = append(cols, job.nodesCol)
	}
	if !job.toBound {
		cols = append(cols, job.to)
	}
	out := &value.DataSet{ColNames: cols}
	fi, ok := t.idx[job.from]
	if !ok {
		return out, nil
	}
	ti := t.idx[job.to]
	var uniqIdx []int
	for _, c := range job.uniq {
		if i, ok := t.idx[c]; ok {
			uniqIdx = append(uniqIdx, i)
		}
	}
	var starts []value.Value
	seen := map[string]bool{}
	for _, r := range in.Rows {
		v := r.Values[fi]
		if job.argument {
			if err := argumentVertex(v); err != nil {
				return nil, err
			}
		}
		if v.IsNull() || v.Kind() == value.KindEmpty {
			continue
		}
		id := vidOf(v)
		if k := vidKey(id); !seen[k] {
			seen[k] = true
			starts = append(starts, id)
		}
	}
	cache := map[string]*hop{}
	fetch := func(vids []value.Value) error {
		var need []value.Value
		for _, v := range vids {
			if _, ok := cache[vidKey(v)]; !ok {
				need = append(need, v)
			}
		}
		hops, err := e.neighbors(ctx, job.space, need, job.edgeTypes, job.edges, job.tags)
		if err != nil {
			return err
		}
		for _, v := range need {
			cache[vidKey(v)] = hops[vidKey(v)]
		}
		return nil
	}
	if err := fetch(starts); err != nil {
		return nil, err
	}
	emit := func(w *walk) {
		row := in.Rows[w.row].Values
		if job.toBound && vidKey(vidOf(row[ti])) != vidKey(w.end) {
			return
		}
		vals := make([]value.Value, 0, len(cols))
		vals = append(vals, row...)
		vals[fi] = w.from
		switch {
		case job.edgeBound:
		case job.varLen:
			list := make([]value.Value, len(w.edges))
			for i, ed := range w.edges {
				list[i] = storedEdge(ed)
			}
			vals = append(vals, value.NewList(list), value.NewList(slices.Clone(w.nodes)))
		default:
			vals = append(vals, storedEdge(w.edges[0]))
		}
		if !job.toBound {
			if len(w.edges) == 0 {
				vals = append(vals, w.from)
			} else {
				vals = append(vals, w.end)
			}
		}
		out.Rows = append(out.Rows, value.Row{Values: vals})
	}
	var walks []*walk
	for i, r := range in.Rows {
		v := r.Values[fi]
		if v.IsNull() || v.Kind() == value.KindEmpty {
			continue
		}
		from := v
		if v.Kind() != value.KindVertex {
			h := cache[vidKey(v)]
			if h == nil {
				continue
			}
			from = value.NewVertex(h.src)
		}
		c := e.rowCtx(t, i)
		ok, err := matchVertex(job.fromFilter, from.Vertex(), c)
		if err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		w := &walk{row: i, from: from, end: from.Vertex().VID, used: map[string]bool{}}
		for _, ui := range uniqIdx {
			switch u := r.Values[ui]; u.Kind() {
			case value.KindEdge:
				w.used[edgeID(u.Edge())] = true
			case value.KindList:
				for _, x := range u.List() {
					if x.Kind() == value.KindEdge {
						w.used[edgeID(x.Edge())] = true
					}
				}
			}
		}
		if w.wants, err = edgeWants(job.edgeFilter, c); err != nil {
			return nil, err
		}
		if job.edgeBound {
			b := r.Values[t.idx[job.edge]]
			if b.Kind() != value.KindEdge {
				continue
			}
			w.only = edgeID(b.Edge())
		}
		walks = append(walks, w)
		if job.min == 0 {
			emit(w)
		}
	}
	for depth := int64(1); len(walks) > 0 && (job.max < 0 || depth <= job.max); depth++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var ends []value.Value
		seen := map[string]bool{}
		for _, w := range walks {
			if k := vidKey(w.end); !seen[k] {
				seen[k] = true
				ends = append(ends, w.end)
			}
		}
		if err := fetch(ends); err != nil {
			return nil, err
		}
		var next []*walk
		for _, w := range walks {
			h := cache[vidKey(w.end)]
			if h == nil {
				continue
			}
			for _, ed := range h.edges {
				id := edgeID(ed)
				if w.used[id] || !matchEdge(job.edgeFilter, w.wants, ed) || (w.only != "" && id != w.only) {
					continue
				}
				nw := &walk{row: w.row, from: w.from, end: ed.Dst, wants: w.wants, only: w.only,
					edges: append(slices.Clone(w.edges), ed), nodes: slices.Clone(w.nodes)}
				if depth > 1 {
					nw.nodes = append(nw.nodes, value.NewVertex(h.src))
				}
				nw.used = make(map[string]bool, len(w.used)+1)
				for k := range w.used {
					nw.used[k] = true
				}
				nw.used[id] = true
				next = append(next, nw)
				if depth >= job.min {
					emit(nw)
				}
			}
		}
		walks = next
	}
	return out, nil
}

// appendVertices reads the vertices of a column that holds ids, drops the
// rows whose vertex does not exist or does not fit the node pattern, and
// puts the vertices in place of the ids.
func (e *executor) appendVertices(ctx context.Context, job *appendJob, in *value.DataSet) (*value.DataSet, error) {
	t := newTable(in)
	out := &value.DataSet{ColNames: in.ColNames}
	ci, ok := t.idx[job.col]
	if !ok {
		return out, nil
	}
	var vids []value.Value
	seen := map[string]bool{}
	for _, r := range in.Rows {
		v := r.Values[ci]
		if job.argument {
			if err := argumentVertex(v); err != nil {
				return nil, err
			}
		}
		if v.Kind() == value.KindVertex || v.IsNull() || v.Kind() == value.KindEmpty {
			continue
		}
		if k := vidKey(v); !seen[k] {
			seen[k] = true
			vids = append(vids, v)
		}
	}
	found := map[string]*value.Vertex{}
	if len(vids) > 0 {
		ds, err := e.x.engine.opts.Storage.GetVertexProps(ctx, job.space, vids, &gstorage.GetPropRequest{VertexProps: job.tags.request()})
		if err != nil {
			return nil, storageError(err)
		}
		for _, r := range ds.Rows {
			if len(r.Values) < 1+job.tags.width() {
				continue
			}
			if vx := job.tags.fromProps(r.Values[0], r.Values[1:]); vx != nil {
				found[vidKey(vx.VID)] = vx
			}
		}
	}
	for i, r := range in.Rows {
		v := r.Values[ci]
		if v.IsNull() || v.Kind() == value.KindEmpty {
			continue
		}
		var vx *value.Vertex
		if v.Kind() == value.KindVertex {
			vx = v.Vertex()
		} else if vx = found[vidKey(v)]; vx == nil {
			continue
		}
		ok, err := matchVertex(job.filter, vx, e.rowCtx(t, i))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		vals := slices.Clone(r.Values)
		vals[ci] = value.NewVertex(vx)
		out.Rows = append(out.Rows, value.Row{Values: vals})
	}
	return out, nil
}

// buildPaths adds the named paths of each row.
func buildPaths(job *pathJob, in *value.DataSet) (*value.DataSet, error) {
	t := newTable(in)
	cols := slices.Clone(in.ColNames)
	for _, s := range job.specs {
		cols = append(cols, s.col)
	}
	out := &value.DataSet{ColNames: cols, Rows: make([]value.Row, 0, len(in.Rows))}
	for _, r := range in.Rows {
		vals := slices.Clone(r.Values)
		for _, s := range job.specs {
			vals = append(vals, pathOf(s, t, r.Values))
		}
		out.Rows = append(out.Rows, value.Row{Values: vals})
	}
	return out, nil
}

// pathOf assembles one path from a row's node and edge columns; each edge
// is oriented from the node before it in the pattern.
func pathOf(s pathSpec, t *table, row []value.Value) value.Value {
	col := func(name string) value.Value {
		if i, ok := t.idx[name]; ok {
			return row[i]
		}
		return value.Null
	}
	vertex := func(v value.Value) value.Vertex {
		if v.Kind() == value.KindVertex {
			return *v.Vertex()
		}
		return value.Vertex{VID: v}
	}
	first := col(s.nodes[0])
	if first.Kind() != value.KindVertex {
		return value.Null
	}
	p := &value.Path{Src: vertex(first)}
	prev := p.Src.VID
	step := func(ed *value.Edge, dst value.Vertex) {
		typ := ed.Type
		if vidKey(ed.Src) != vidKey(prev) {
			typ = -typ
		}
		p.Steps = append(p.Steps, value.Step{Dst: dst, Type: typ, Name: ed.Name, Ranking: ed.Ranking, Props: ed.Props})
		prev = dst.VID
	}
	for i, ecol := range s.edges {
		ev := col(ecol)
		next := vertex(col(s.nodes[i+1]))
		switch ev.Kind() {
		case value.KindEdge:
			step(ev.Edge(), next)
		case value.KindList:
			list := ev.List()
			var mids []value.Value
			if s.nodesCols[i] != "" {
				if m := col(s.nodesCols[i]); m.Kind() == value.KindList {
					mids = m.List()
				}
			}
			// A walk from the far end lists its edges and vertices from
			// there: read them backwards.
			if len(list) > 0 && otherEnd(list[0].Edge(), prev).Kind() == value.KindEmpty {
				list, mids = slices.Clone(list), slices.Clone(mids)
				slices.Reverse(list)
				slices.Reverse(mids)
			}
			for j, x := range list {
				dst := next
				if j < len(list)-1 && j < len(mids) {
					dst = vertex(mids[j])
				}
				step(x.Edge(), dst)
			}
		default:
			return value.Null
		}
	}
	return value.NewPath(p)
}

// otherEnd returns the end of ed that is not at, or EMPTY when ed does
// not touch at.
func otherEnd(ed *value.Edge, at value.Value) value.Value {
	switch vidKey(at) {
	case vidKey(ed.Src):
		return ed.Dst
	case vidKey(ed.Dst):
		return ed.Src
	}
	return value.Empty
}

// cypherJoin runs CrossJoin and the HashLeftJoin of OPTIONAL MATCH.
func (e *executor) cypherJoin(n *plan.Node, job *cypherJoinJob) *value.DataSet {
	l, r := e.table(job.left), e.table(job.right)
	out := &value.DataSet{ColNames: n.ColNames}
	if len(job.keys) == 0 {
		for _, a := range l.Rows {
			for _, b := range r.Rows {
				vals := append(slices.Clone(a.Values), b.Values...)
				out.Rows = append(out.Rows, value.Row{Values: vals})
			}
		}
		return out
	}
	lt, rt := newTable(l), newTable(r)
	key := func(t *table, row []value.Value) []value.Value {
		k := make([]value.Value, len(job.keys))
		for i, c := range job.keys {
			k[i] = row[t.idx[c]]
		}
		return k
	}
	set := newRowSet(len(r.Rows))
	var byKey [][]int
	for i, row := range r.Rows {
		idx, added := set.add(key(rt, row.Values))
		if added {
			byKey = append(byKey, nil)
		}
		byKey[idx] = append(byKey[idx], i)
	}
	width := len(n.ColNames)
	for _, row := range l.Rows {
		idx := set.find(key(lt, row.Values))
		if idx < 0 {
			vals := slices.Clone(row.Values)
			for len(vals) < width {
				vals = append(vals, value.Null)
			}
			out.Rows = append(out.Rows, value.Row{Values: vals})
			continue
		}
		for _, m := range byKey[idx] {
			vals := slices.Clone(row.Values)
			vals = append(vals, r.Rows[m].Values[min(len(row.Values), len(r.Rows[m].Values)):]...)
			out.Rows = append(out.Rows, value.Row{Values: vals})
		}
	}
	return out
}

// unwind makes a row per element of the list the expression gives each
// input row; NULL and an empty list give none, any other value one.
func (e *executor) unwind(n *plan.Node, job *unwindJob) (*value.DataSet, error) {
	in := newTable(e.table(n.InputVar))
	out := &value.DataSet{ColNames: n.ColNames}
	for i, r := range in.ds.Rows {
		v, err := evalIn(job.expr, e.rowCtx(in, i))
		if err != nil {
			return nil, err
		}
		var items []value.Value
		switch v.Kind() {
		case value.KindList:
			items = v.List()
		case value.KindSet:
			items = v.Set()
		case value.KindNull, value.KindEmpty:
		default:
			items = []value.Value{v}
		}
		for _, it := range items {
			if job.only {
				out.Rows = append(out.Rows, value.Row{Values: []value.Value{it}})
				continue
			}
			out.Rows = append(out.Rows, value.Row{Values: append(slices.Clone(r.Values), it)})
		}
	}
	return out, nil
}
