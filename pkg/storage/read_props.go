package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// propsPlan is a compiled GetPropRequest.
type propsPlan struct {
	cat      *catalog
	edge     bool
	cols     []propCol
	exprs    []namedExpr
	filter   ast.Expr
	dedup    bool
	limit    int64 // per part; <0 none
	colNames []string
	// absent: a vertex without the columns' tags gets a row of EMPTY
	// values instead of none (dst_props, whose reader must know which
	// destinations were looked up).
	absent bool
}

func compileProps(cat *catalog, req *storage.GetPropRequest) (*propsPlan, error) {
	pl := &propsPlan{cat: cat, edge: req.IsSetEdgeProps(), dedup: req.GetDedup(), limit: -1}
	if req.IsSetVertexProps() && req.IsSetEdgeProps() {
		return nil, fmt.Errorf("get props of vertices and edges at once: %w", ErrInvalidRequest)
	}
	if pl.edge {
		for _, ep := range req.GetEdgeProps() {
			desc, err := cat.edge(int32(ep.GetType()))
			if err != nil {
				return nil, err
			}
			pl.cols = append(pl.cols, propCol{desc: desc, typ: int32(ep.GetType()), props: byteNames(ep.GetProps())})
		}
	} else {
		var err error
		if pl.cols, err = tagCols(cat, req.GetVertexProps(), req.IsSetVertexProps()); err != nil {
			return nil, err
		}
	}
	pl.colNames = propColNames(pl.edge, pl.cols)
	for _, x := range req.GetExpressions() {
		e, err := compileExpr(x.GetExpr(), cat, ErrInvalidFilter)
		if err != nil {
			return nil, err
		}
		pl.exprs = append(pl.exprs, namedExpr{name: string(x.GetName()), expr: e})
		pl.colNames = append(pl.colNames, string(x.GetName()))
	}
	var err error
	if pl.filter, err = compileExpr(req.GetFilter(), cat, ErrInvalidFilter); err != nil {
		return nil, err
	}
	if req.IsSetLimit() {
		pl.limit = max(req.GetLimit(), 0)
	}
	return pl, nil
}

// compileDstProps compiles a TraverseSpec's dst_props: a GetProps of
// the destinations' vertex_props that also answers a row for a vertex
// without the tags, so the reader can tell a destination looked up.
func compileDstProps(cat *catalog, vps []*storage.VertexProp) (*propsPlan, error) {
	cols, err := tagCols(cat, vps, true)
	if err != nil {
		return nil, err
	}
	return &propsPlan{cat: cat, cols: cols, colNames: propColNames(false, cols), limit: -1, absent: true}, nil
}

// tagCols resolves a request's vertex_props; every property of every tag
// when they are not set.
func tagCols(cat *catalog, vps []*storage.VertexProp, set bool) ([]propCol, error) {
	var cols []propCol
	if !set {
		for _, desc := range sortedSchemas(cat.tagsByID) {
			cols = append(cols, propCol{desc: desc, typ: desc.ID, props: schemaProps(desc)})
		}
		return cols, nil
	}
	for _, vp := range vps {
		desc, err := cat.tag(int32(vp.GetTag()))
		if err != nil {
			return nil, err
		}
		cols = append(cols, propCol{desc: desc, typ: desc.ID, props: byteNames(vp.GetProps())})
	}
	return cols, nil
}

// propColNames names a GetProps answer's columns: _vid (for vertices),
// then <schema>.<prop> per column.
func propColNames(edge bool, cols []propCol) []string {
	var out []string
	if !edge {
		out = append(out, propVid)
	}
	for _, c := range cols {
		for _, p := range c.props {
			out = append(out, c.desc.Name+"."+p)
		}
	}
	return out
}

// rowSet deduplicates result rows.
type rowSet map[uint64][][]value.Value

func (s rowSet) add(vals []value.Value) bool {
	h := value.Hash(value.NewList(vals))
	for _, o := range s[h] {
		if sameValues(o, vals) {
			return false
		}
	}
	s[h] = append(s[h], vals)
	return true
}

// getPropsPart appends the rows of part pid's keys to ds.
func (s *Store) getPropsPart(ctx context.Context, spaceID, pid int32, pl *propsPlan, keys []*value.Row, ds *value.DataSet) error {
	r, err := s.beginRead(ctx, spaceID, pid, pl.cat, false)
	if err != nil {
		return err
	}
	defer r.close()
	if !pl.edge && pl.limit < 0 && (len(keys) > 1 || pl.absent) {
		return pl.vertexRowsSorted(r, keys, ds)
	}
	seen := rowSet{}
	n := int64(0)
	for _, k := range keys {
		if pl.limit >= 0 && n >= pl.limit {
			break
		}
		var vals []value.Value
		var ok bool
		if pl.edge {
			vals, ok, err = pl.edgeRow(r, k)
		} else {
			vals, ok, err = pl.vertexRow(r, k)
		}
		if err != nil {
			return err
		}
		if !ok || (pl.dedup && !seen.add(vals)) {
			continue
		}
		ds.Rows = append(ds.Rows, value.Row{Values: vals})
		n++
	}
	return nil
}

// vertexRowsSorted appends the rows of keys to ds in the order of keys, but
// reads them in the order of their keys in the engine. Each seek of the
// part's reused iterator then lands at or after the previous one, and
// Pebble's sstable iterators, seeing bounds that only move forward, step
// on inside the block they hold instead of seeking from the index and
// loading a block again: a GetProps of a few hundred vertices a part,
// such as the destinations of a GO, reads most of them from the block of
// their neighbour.
func (pl *propsPlan) vertexRowsSorted(r *reader, keys []*value.Row, ds *value.DataSet) error {
	vids, order, err := keyOrder(len(keys), func(i int) ([]byte, error) { return vertexKeyVID(r, keys[i]) })
	if err != nil {
		return err
	}
	rows := make([][]value.Value, len(keys)) // nil: no row
	for _, i := range order {
		vals, ok, err := pl.vertexRowOf(r, keys[i].Values[0], vids[i])
		if err != nil {
			return err
		}
		if ok {
			rows[i] = vals
		}
	}
	seen := rowSet{}
	for i, vals := range rows {
		if vals == nil && pl.absent {
			vals = pl.absentRow(keys[i].Values[0])
		}
		if vals == nil || (pl.dedup && !seen.add(vals)) {
			continue
		}
		ds.Rows = append(ds.Rows, value.Row{Values: vals})
	}
	return nil
}

// absentRow is the row of a vertex without any of the columns' tags.
func (pl *propsPlan) absentRow(vid value.Value) []value.Value {
	vals := make([]value.Value, len(pl.colNames)) // the zero Value is EMPTY
	vals[0] = vid
	return vals
}

// keyOrder returns the key forms of n vertex ids (vid(i) for each i) and
// the indexes 0..n-1 in the order of those keys, equal keys in index order.
func keyOrder(n int, vid func(i int) ([]byte, error)) ([][]byte, []int, error) {
	keys := make([][]byte, n)
	order := make([]int, n)
	for i := range n {
		k, err := vid(i)
		if err != nil {
			return nil, nil, err
		}
		keys[i], order[i] = k, i
	}
	slices.SortStableFunc(order, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
	return keys, order, nil
}

// vertexKeyVID is the key form of a vertex key row's id (its first value).
func vertexKeyVID(r *reader, k *value.Row) ([]byte, error) {
	if len(k.Values) < 1 {
		return nil, fmt.Errorf("vertex row without an id: %w", ErrInvalidRequest)
	}
	return r.vid(k.Values[0])
}

func (pl *propsPlan) vertexRow(r *reader, k *value.Row) ([]value.Value, bool, error) {
	vid, err := vertexKeyVID(r, k)
	if err != nil {
		return nil, false, err
	}
	return pl.vertexRowOf(r, k.Values[0], vid)
}

// vertexRowOf reads the row of vertex vidv, whose key form is vid.
func (pl *propsPlan) vertexRowOf(r *reader, vidv value.Value, vid []byte) ([]value.Value, bool, error) {
	var want func(int32) bool
	if pl.filter == nil && len(pl.exprs) == 0 {
		// Only the columns' tags are read: decoding the others was most
		// of a GetProps of vertices with several tags.
		want = pl.wantsTag
	}
	tags, err := r.tags(vid, want)
	if err != nil {
		return nil, false, err
	}
	c := &rowCtx{vid: vidv, tags: tags}
	found := false
	vals := make([]value.Value, 1, len(pl.colNames)) // the expressions' columns included
	vals[0] = vidv
	for _, col := range pl.cols {
		t := c.findTag(col.desc.Name)
		found = found || t != nil
		for _, p := range col.props {
			if t == nil {
				vals = append(vals, value.Empty)
				continue
			}
			v, err := t.prop(p, vidv)
			if err != nil {
				return nil, false, err
			}
			vals = append(vals, v)
		}
	}
	if !found {
		return nil, false, nil
	}
	return pl.finish(c, vals)
}

// wantsTag reports whether a column reads tag id.
func (pl *propsPlan) wantsTag(id int32) bool {
	for _, c := range pl.cols {
		if c.desc.ID == id {
			return true
		}
	}
	return false
}

// finish applies the filter and appends the expressions.
func (pl *propsPlan) finish(c *rowCtx, vals []value.Value) ([]value.Value, bool, error) {
	ok, err := evalFilter(pl.filter, c)
	if err != nil || !ok {
		return nil, false, err
	}
	for _, ne := range pl.exprs {
		v, err := eval.Eval(ne.expr, c)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %s: %w", ErrInvalidFilter, ne.name, err)
		}
		vals = append(vals, v)
	}
	return vals, true, nil
}

func (pl *propsPlan) edgeRow(r *reader, k *value.Row) ([]value.Value, bool, error) {
	if len(k.Values) < 4 || k.Values[1].Kind() != value.KindInt || k.Values[2].Kind() != value.KindInt {
		return nil, false, fmt.Errorf("edge row must be [src, type, rank, dst]: %w", ErrInvalidRequest)
	}
	typ, rank := int32(k.Values[1].Int()), k.Values[2].Int()
	desc, err := pl.cat.edge(typ)
	if err != nil {
		return nil, false, err
	}
	src, err := r.vid(k.Values[0])
	if err != nil {
		return nil, false, err
	}
	dst, err := pl.cat.codec.VID(k.Values[3])
	if err != nil {
		return nil, false, err
	}
	raw, err := r.snap.Get(pl.cat.codec.AppendEdgeKey(nil, r.pid(), src, typ, rank, dst))
	if errors.Is(err, kvstore.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	row, live, err := r.row(desc, raw, false)
	if err != nil || !live {
		return nil, false, err
	}
	e := &edgeRow{desc: desc, Type: typ, Src: k.Values[0], Rank: rank, Dst: k.Values[3], r: row}
	c := &rowCtx{vid: k.Values[0], edge: e}
	var vals []value.Value
	found := len(pl.cols) == 0
	for _, col := range pl.cols {
		match := col.typ == typ
		found = found || match
		for _, p := range col.props {
			if !match {
				vals = append(vals, value.Empty)
				continue
			}
			v, err := e.prop(p)
			if err != nil {
				return nil, false, err
			}
			vals = append(vals, v)
		}
	}
	if !found {
		return nil, false, nil
	}
	return pl.finish(c, vals)
}
