package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// propCol is one _tag or _edge column of a neighbors result: a schema and
// the properties returned from it.
type propCol struct {
	desc  *SchemaDesc
	typ   int32 // signed edge type; the tag id for tags
	props []string
}

type statCol struct {
	name string
	expr ast.Expr
	kind storage.StatType
}

type namedExpr struct {
	name string
	expr ast.Expr
}

// neighborsPlan is a compiled TraverseSpec, shared read-only by the parts
// of one request.
type neighborsPlan struct {
	cat        *catalog
	edgeTypes  []int32 // signed, in scan order
	tagCols    []propCol
	edgeCols   []propCol
	edgeColOf  map[int32]int // signed type → index in edgeCols
	stats      []statCol
	exprs      []namedExpr
	filter     ast.Expr
	tagFilter  ast.Expr
	limit      int64 // per vertex; <0 none
	totalLimit int64 // per part; <0 none
	random     bool
	dedup      bool
	colNames   []string
	// dst, with dst_props, reads the kept edges' destinations whose
	// partition this host leads (dstProps).
	dst *propsPlan
}

// schemaProps returns the property names of desc's latest schema.
func schemaProps(desc *SchemaDesc) []string {
	s := desc.Versions.Latest()
	out := make([]string, s.NumColumns())
	for i := range out {
		out[i] = s.Column(i).Name
	}
	return out
}

func compileNeighbors(cat *catalog, spec *storage.TraverseSpec, colNames [][]byte) (*neighborsPlan, error) {
	if spec == nil {
		spec = storage.NewTraverseSpec()
	}
	pl := &neighborsPlan{cat: cat, edgeColOf: map[int32]int{}, limit: -1, totalLimit: -1}
	for _, t := range spec.GetEdgeTypes() {
		if _, err := cat.edge(int32(t)); err != nil {
			return nil, err
		}
		pl.edgeTypes = append(pl.edgeTypes, int32(t))
	}
	if len(pl.edgeTypes) == 0 {
		dir := spec.GetEdgeDirection()
		for _, e := range sortedSchemas(cat.edgesByID) {
			if dir != storage.EdgeDirection_IN_EDGE {
				pl.edgeTypes = append(pl.edgeTypes, e.ID)
			}
			if dir != storage.EdgeDirection_OUT_EDGE {
				pl.edgeTypes = append(pl.edgeTypes, -e.ID)
			}
		}
	}
	if spec.IsSetVertexProps() {
		for _, vp := range spec.GetVertexProps() {
			desc, err := cat.tag(int32(vp.GetTag()))
			if err != nil {
				return nil, err
			}
			pl.tagCols = append(pl.tagCols, propCol{desc: desc, typ: desc.ID, props: byteNames(vp.GetProps())})
		}
	} else {
		for _, desc := range sortedSchemas(cat.tagsByID) {
			pl.tagCols = append(pl.tagCols, propCol{desc: desc, typ: desc.ID, props: schemaProps(desc)})
		}
	}
	if spec.IsSetEdgeProps() {
		for _, ep := range spec.GetEdgeProps() {
			desc, err := cat.edge(int32(ep.GetType()))
			if err != nil {
				return nil, err
			}
			pl.edgeColOf[int32(ep.GetType())] = len(pl.edgeCols)
			pl.edgeCols = append(pl.edgeCols, propCol{desc: desc, typ: int32(ep.GetType()), props: byteNames(ep.GetProps())})
		}
	} else {
		for _, t := range pl.edgeTypes {
			desc, _ := cat.edge(t)
			pl.edgeColOf[t] = len(pl.edgeCols)
			props := append([]string{propSrc, propType, propRank, propDst}, schemaProps(desc)...)
			pl.edgeCols = append(pl.edgeCols, propCol{desc: desc, typ: t, props: props})
		}
	}
	for _, sp := range spec.GetStatProps() {
		e, err := compileExpr(sp.GetProp(), cat, ErrInvalidFilter)
		if err != nil {
			return nil, err
		}
		if e == nil && sp.GetStat() != storage.StatType_COUNT {
			return nil, fmt.Errorf("stat %s without a property: %w", sp.GetName(), ErrInvalidRequest)
		}
		pl.stats = append(pl.stats, statCol{name: string(sp.GetName()), expr: e, kind: sp.GetStat()})
	}
	for _, x := range spec.GetExpressions() {
		e, err := compileExpr(x.GetExpr(), cat, ErrInvalidFilter)
		if err != nil {
			return nil, err
		}
		pl.exprs = append(pl.exprs, namedExpr{name: string(x.GetName()), expr: e})
	}
	var err error
	if spec.IsSetDstProps() {
		if pl.dst, err = compileDstProps(cat, spec.GetDstProps()); err != nil {
			return nil, err
		}
	}
	if pl.filter, err = compileExpr(spec.GetFilter(), cat, ErrInvalidFilter); err != nil {
		return nil, err
	}
	if pl.tagFilter, err = compileExpr(spec.GetTagFilter(), cat, ErrInvalidFilter); err != nil {
		return nil, err
	}
	if spec.IsSetLimit() {
		pl.limit = max(spec.GetLimit(), 0)
	}
	if spec.IsSetTotalLimit() {
		pl.totalLimit = max(spec.GetTotalLimit(), 0)
	}
	pl.random = spec.GetRandom() && pl.limit >= 0
	pl.dedup = spec.GetDedup()
	pl.colNames = []string{"_vid", "_stats"}
	for _, c := range pl.tagCols {
		pl.colNames = append(pl.colNames, "_tag:"+c.desc.Name+":"+strings.Join(c.props, ":"))
	}
	for _, c := range pl.edgeCols {
		sign := "+"
		if c.typ < 0 {
			sign = "-"
		}
		pl.colNames = append(pl.colNames, "_edge:"+sign+c.desc.Name+":"+strings.Join(c.props, ":"))
	}
	pl.colNames = append(pl.colNames, "_expr")
	if len(colNames) > 0 {
		if len(colNames) != len(pl.colNames) {
			return nil, fmt.Errorf("%d column names for %d columns: %w", len(colNames), len(pl.colNames), ErrInvalidRequest)
		}
		pl.colNames = byteNames(colNames)
	}
	return pl, nil
}

// selfLoop identifies a self-loop among one vertex's edges: its type
// whichever way it was read, and its rank.
type selfLoop struct {
	typ  int32
	rank int64
}

// keptEdge is one edge that passed the filter: its result column, returned
// values and stat inputs.
type keptEdge struct {
	col   int
	vals  []value.Value
	stats []value.Value
	dst   value.Value // the other end
}

// getNeighborsPart expands the start vertices vids of part pid as the plan
// says and appends one row per vertex kept to ds. With the plan's dst it
// returns the kept edges' destinations.
func (s *Store) getNeighborsPart(ctx context.Context, spaceID, pid int32, pl *neighborsPlan, vids []value.Value, ds *value.DataSet) ([]value.Value, error) {
	r, err := s.beginRead(ctx, spaceID, pid, pl.cat, false)
	if err != nil {
		return nil, err
	}
	defer r.close()
	err = pl.rows(ctx, r, vids, ds)
	return r.dsts, err
}

// rows appends the rows of the start vertices vids to ds.
func (pl *neighborsPlan) rows(ctx context.Context, r *reader, vids []value.Value, ds *value.DataSet) error {
	if pl.totalLimit < 0 && len(vids) > 1 {
		return pl.rowsSorted(ctx, r, vids, ds)
	}
	total := int64(0)
	for _, vidv := range vids {
		if pl.totalLimit >= 0 && total >= pl.totalLimit {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		vid, err := r.vid(vidv)
		if err != nil {
			return err
		}
		row, kept, ok, err := pl.vertexRow(r, vidv, vid, pl.totalLimit-total)
		if err != nil {
			return err
		}
		if ok {
			total += int64(kept)
			ds.Rows = append(ds.Rows, row)
		}
	}
	return nil
}

// rowsSorted appends the rows of vids to ds in the order of vids but reads
// them in key order, as vertexRowsSorted does for GetProps: a step of a
// multi-hop GO expands thousands of vertices, and each seek then moves
// forward from the previous one instead of starting again from the index.
// Only without a total limit, which keeps the first vertices in the
// request's order.
func (pl *neighborsPlan) rowsSorted(ctx context.Context, r *reader, vids []value.Value, ds *value.DataSet) error {
	keys, order, err := keyOrder(len(vids), func(i int) ([]byte, error) { return r.vid(vids[i]) })
	if err != nil {
		return err
	}
	rows := make([]value.Row, len(vids))
	found := make([]bool, len(vids))
	for n, i := range order {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row, _, ok, err := pl.vertexRow(r, vids[i], keys[i], -1)
		if err != nil {
			return err
		}
		rows[i], found[i] = row, ok
	}
	for i, row := range rows {
		if found[i] {
			ds.Rows = append(ds.Rows, row)
		}
	}
	return nil
}

// vertexRow expands one start vertex, vidv in key form vid, and returns
// its row and the number of edges kept; ok is false when the tag filter
// drops the vertex. budget is what the part's total limit still allows
// (<0: no total limit).
func (pl *neighborsPlan) vertexRow(r *reader, vidv value.Value, vid []byte, budget int64) (row value.Row, kept int, ok bool, err error) {
	var tags []tagRow
	if pl.readsTags() {
		if tags, err = r.tags(vid, nil); err != nil {
			return value.Row{}, 0, false, err
		}
	}
	c := &rowCtx{vid: vidv, tags: tags}
	if ok, err := evalFilter(pl.tagFilter, c); err != nil || !ok {
		return value.Row{}, 0, false, err
	}
	edges, err := pl.expand(r, vid, c, budget)
	if err != nil {
		return value.Row{}, 0, false, err
	}
	if pl.dst != nil {
		for _, ke := range edges {
			r.dsts = append(r.dsts, ke.dst)
		}
	}
	row, err = pl.row(vidv, c, edges, &r.slab)
	return row, len(edges), err == nil, err
}

// readsTags reports whether anything of the plan reads the start vertex's
// tags: a step of a GO that only walks edges (no vertex columns, filter or
// expressions) skips the seek for them.
func (pl *neighborsPlan) readsTags() bool {
	if len(pl.tagCols) > 0 || pl.tagFilter != nil || pl.filter != nil || len(pl.exprs) > 0 {
		return true
	}
	for _, st := range pl.stats {
		if st.expr != nil {
			return true
		}
	}
	return false
}

// expand walks the vertex's edges of the plan's types and returns those
// kept: passing the filter, deduplicated, limited or sampled. budget is
// what the part's total limit still allows (<0: no total limit).
func (pl *neighborsPlan) expand(r *reader, vid []byte, c *rowCtx, budget int64) ([]keptEdge, error) {
	limit := pl.limit
	if pl.totalLimit >= 0 && (limit < 0 || budget < limit) {
		limit = budget
	}
	kept := r.kept[:0]
	defer func() { r.kept = kept[:0] }()
	seen := 0 // edges that passed, for reservoir sampling
	var dedup map[uint64][]int
	var loops []selfLoop
	var e edgeRow
	for _, t := range pl.edgeTypes {
		if limit >= 0 && !pl.random && int64(len(kept)) >= limit {
			break
		}
		col, hasCol := pl.edgeColOf[t]
		it, ok, err := r.prefixIter(&r.edgeIt, r.cat.codec.AppendEdgeTypePrefix(nil, r.pid(), vid, t))
		if err != nil {
			return nil, err
		}
		for ; ok; ok = it.Next() {
			if limit >= 0 && !pl.random && int64(len(kept)) >= limit {
				break
			}
			live, err := r.edgeRowAt(it.Key(), it.Value(), &e)
			if err != nil {
				return nil, err
			}
			if !live {
				continue
			}
			c.edge = &e
			pass, err := evalFilter(pl.filter, c)
			if err != nil {
				return nil, err
			}
			if !pass {
				continue
			}
			// A self-loop is stored twice, as an out-edge and an in-edge of
			// its vertex, so a walk over both directions meets it twice; it
			// is one edge, kept once, as NebulaGraph's GetNeighbors does
			// (otherwise an undirected MATCH doubled every loop, and each
			// further MATCH re-binding it doubled the rows again).
			if value.Identical(e.Src, e.Dst) {
				id := selfLoop{typ: abs32(e.Type), rank: e.Rank}
				if slices.Contains(loops, id) {
					continue
				}
				loops = append(loops, id)
			}
			ke := keptEdge{col: -1, dst: e.Dst}
			if hasCol {
				ke.col = col
				for _, name := range pl.edgeCols[col].props {
					v, err := e.prop(name)
					if err != nil {
						return nil, err
					}
					if ke.vals == nil {
						ke.vals = r.slab.Take(len(pl.edgeCols[col].props))
					}
					ke.vals = append(ke.vals, v)
				}
			}
			if pl.dedup && hasCol {
				if dedup == nil {
					dedup = map[uint64][]int{}
				}
				h := value.Hash(value.NewList(ke.vals)) ^ uint64(col)
				dup := false
				for _, i := range dedup[h] {
					if kept[i].col == col && sameValues(kept[i].vals, ke.vals) {
						dup = true
						break
					}
				}
				if dup {
					continue
				}
				dedup[h] = append(dedup[h], len(kept))
			}
			for _, st := range pl.stats {
				v := value.NewInt(1)
				if st.expr != nil {
					if v, err = eval.Eval(st.expr, c); err != nil {
						return nil, fmt.Errorf("%w: stat %s: %w", ErrInvalidFilter, st.name, err)
					}
				}
				ke.stats = append(ke.stats, v)
			}
			seen++
			if pl.random && limit >= 0 && int64(len(kept)) >= limit {
				// Reservoir sampling: the seen-th edge replaces a kept one
				// with probability limit/seen.
				if j := rand.IntN(seen); int64(j) < limit {
					kept[j] = ke
				}
				continue
			}
			kept = append(kept, ke)
		}
		c.edge = nil
		if err := it.Err(); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

func sameValues(a, b []value.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !value.Identical(a[i], b[i]) {
			return false
		}
	}
	return true
}

// row builds the result row of one vertex.
func (pl *neighborsPlan) row(vid value.Value, c *rowCtx, kept []keptEdge, slab *value.Slab) (value.Row, error) {
	vals := make([]value.Value, 0, len(pl.colNames))
	vals = append(vals, vid)
	if len(pl.stats) == 0 {
		vals = append(vals, value.Empty)
	} else {
		st := make([]value.Value, len(pl.stats))
		for i, sc := range pl.stats {
			st[i] = aggregate(sc.kind, kept, i)
		}
		vals = append(vals, value.NewList(st))
	}
	for _, tc := range pl.tagCols {
		var t *tagRow
		for i := range c.tags {
			if c.tags[i].desc.ID == tc.desc.ID {
				t = &c.tags[i]
			}
		}
		if t == nil {
			vals = append(vals, value.Empty)
			continue
		}
		props := make([]value.Value, len(tc.props))
		for i, name := range tc.props {
			v, err := t.prop(name, vid)
			if err != nil {
				return value.Row{}, err
			}
			props[i] = v
		}
		vals = append(vals, value.NewList(props))
	}
	cells := make([][]value.Value, len(pl.edgeCols))
	for i, ke := range kept {
		if ke.col < 0 {
			continue
		}
		if cells[ke.col] == nil {
			cells[ke.col] = make([]value.Value, 0, len(kept)-i)
		}
		cells[ke.col] = append(cells[ke.col], slab.NewList(ke.vals))
	}
	for _, cell := range cells {
		if cell == nil {
			vals = append(vals, value.Empty)
		} else {
			vals = append(vals, value.NewList(cell))
		}
	}
	if len(pl.exprs) == 0 {
		vals = append(vals, value.Empty)
	} else {
		ex := make([]value.Value, len(pl.exprs))
		for i, ne := range pl.exprs {
			v, err := eval.Eval(ne.expr, c)
			if err != nil {
				return value.Row{}, fmt.Errorf("%w: %s: %w", ErrInvalidFilter, ne.name, err)
			}
			ex[i] = v
		}
		vals = append(vals, value.NewList(ex))
	}
	return value.Row{Values: vals}, nil
}

// aggregate computes stat i over the kept edges: COUNT counts the non-null
// inputs, SUM and AVG add numbers, MAX and MIN compare; an empty input
// gives 0 for COUNT and SUM and NULL otherwise.
func aggregate(kind storage.StatType, kept []keptEdge, i int) value.Value {
	var acc value.Value
	n := int64(0)
	for _, ke := range kept {
		v := ke.stats[i]
		if v.IsNull() || v.IsEmpty() {
			continue
		}
		switch kind {
		case storage.StatType_COUNT:
		case storage.StatType_SUM, storage.StatType_AVG:
			if !v.IsNumeric() {
				continue
			}
			if n == 0 {
				acc = v
			} else if sum, err := value.Add(acc, v); err == nil {
				acc = sum
			}
		case storage.StatType_MAX:
			if n == 0 || value.Compare(v, acc) > 0 {
				acc = v
			}
		case storage.StatType_MIN:
			if n == 0 || value.Compare(v, acc) < 0 {
				acc = v
			}
		}
		n++
	}
	switch kind {
	case storage.StatType_COUNT:
		return value.NewInt(n)
	case storage.StatType_SUM:
		if n == 0 {
			return value.NewInt(0)
		}
		return acc
	case storage.StatType_AVG:
		if n == 0 {
			return value.Null
		}
		return value.NewFloat(acc.AsFloat() / float64(n))
	}
	if n == 0 {
		return value.Null
	}
	return acc
}

// getDstBySrcPart appends the distinct destinations of the vertices' edges
// of the given types to ds.
func (s *Store) getDstBySrcPart(ctx context.Context, spaceID, pid int32, cat *catalog, types []int32, vids []value.Value, seen map[uint64][]value.Value, ds *value.DataSet) error {
	r, err := s.beginRead(ctx, spaceID, pid, cat, false)
	if err != nil {
		return err
	}
	defer r.close()
	var e edgeRow
	for _, vidv := range vids {
		vid, err := r.vid(vidv)
		if err != nil {
			return err
		}
		for _, t := range types {
			prefix := cat.codec.AppendEdgeTypePrefix(nil, r.pid(), vid, t)
			it, err := r.snap.NewIter(kvstore.IterOptions{Prefix: prefix})
			if err != nil {
				return err
			}
			for ok := it.First(); ok; ok = it.Next() {
				live, err := r.edgeRowAt(it.Key(), it.Value(), &e)
				if err != nil {
					it.Close()
					return err
				}
				if !live {
					continue
				}
				h := value.Hash(e.Dst)
				dup := false
				for _, d := range seen[h] {
					if value.Identical(d, e.Dst) {
						dup = true
						break
					}
				}
				if !dup {
					seen[h] = append(seen[h], e.Dst)
					ds.Rows = append(ds.Rows, value.Row{Values: []value.Value{e.Dst}})
				}
			}
			if err := it.Close(); err != nil {
				return err
			}
		}
	}
	return nil
}
