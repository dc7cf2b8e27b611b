package storage

import (
	"context"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// update is the compiled form of an update request.
type update struct {
	cond    ast.Expr
	names   []string
	exprs   []ast.Expr
	returns []string
	retExpr []ast.Expr
}

func compileUpdate(cat *catalog, desc *SchemaDesc, props []*storage.UpdatedProp, cond []byte, returns [][]byte, notFound error) (*update, error) {
	u := &update{}
	var err error
	if u.cond, err = compileExpr(cond, cat, ErrInvalidFilter); err != nil {
		return nil, err
	}
	latest := desc.Versions.Latest()
	for _, p := range props {
		name := string(p.GetName())
		if latest.Index(name) < 0 {
			return nil, fmt.Errorf("%s has no property %q: %w", desc.Name, name, notFound)
		}
		e, err := compileExpr(p.GetValue(), cat, ErrInvalidUpdater)
		if err != nil {
			return nil, err
		}
		if e == nil {
			return nil, fmt.Errorf("empty value for %s.%s: %w", desc.Name, name, ErrInvalidUpdater)
		}
		u.names = append(u.names, name)
		u.exprs = append(u.exprs, e)
	}
	for _, r := range returns {
		e, err := compileExpr(r, cat, ErrInvalidUpdater)
		if err != nil {
			return nil, err
		}
		u.returns = append(u.returns, string(r))
		u.retExpr = append(u.retExpr, e)
	}
	return u, nil
}

// apply evaluates the assignments in c (whose assigned map collects them in
// order, so later ones see earlier ones) and returns the new row's values
// in the latest schema's column order, reading unassigned ones from old
// (when live) or leaving them EMPTY (default or NULL on encoding).
func (u *update) apply(c *rowCtx, desc *SchemaDesc, old *kvstore.RowReader) ([]value.Value, error) {
	for i, e := range u.exprs {
		v, err := eval.Eval(e, c)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrInvalidUpdater, u.names[i], err)
		}
		c.assigned[u.names[i]] = v
	}
	latest := desc.Versions.Latest()
	vals := make([]value.Value, latest.NumColumns())
	for i := range vals {
		name := latest.Column(i).Name
		if v, ok := c.assigned[name]; ok {
			vals[i] = v
			continue
		}
		if old != nil {
			v, err := desc.Versions.Read(*old, name)
			if err != nil {
				return nil, fmt.Errorf("read %s.%s: %w", desc.Name, name, err)
			}
			vals[i] = v
		}
	}
	return vals, nil
}

// result evaluates the return expressions over the new row.
func (u *update) result(c *rowCtx, inserted bool) (*value.DataSet, error) {
	ds := &value.DataSet{ColNames: append([]string{"_inserted"}, u.returns...)}
	row := value.Row{Values: []value.Value{value.NewBool(inserted)}}
	for i, e := range u.retExpr {
		v, err := eval.Eval(e, c)
		if err != nil {
			return nil, fmt.Errorf("%w: return %s: %w", ErrInvalidUpdater, u.returns[i], err)
		}
		row.Values = append(row.Values, v)
	}
	ds.Rows = []value.Row{row}
	return ds, nil
}

// defaultsOf returns the values an inserted row starts from: each column's
// default, where it has one.
func defaultsOf(desc *SchemaDesc) map[string]value.Value {
	latest := desc.Versions.Latest()
	m := make(map[string]value.Value)
	for i := range latest.NumColumns() {
		c := latest.Column(i)
		if c.HasDefault {
			m[c.Name] = c.Default
		}
	}
	return m
}

// UpdateVertex updates one tag row of a vertex as an atomic read-modify-
// write in the part's raft order: the condition is checked against the
// current row (ErrFilteredOut when false), the assignments are evaluated in
// order over it, and the new row replaces it together with its index
// entries. A missing (or expired) row is ErrKeyNotFound unless insertable,
// which inserts it from the columns' defaults (the condition then does not
// apply). The result has the column _inserted then the return expressions.
func (s *Store) UpdateVertex(ctx context.Context, req *storage.UpdateVertexRequest) (*value.DataSet, error) {
	p, cat, err := s.writeScope(int32(req.GetSpaceID()), int32(req.GetPartID()))
	if err != nil {
		return nil, err
	}
	desc, err := cat.tag(int32(req.GetTagID()))
	if err != nil {
		return nil, err
	}
	vidv, err := value.FromThrift(req.GetVertexID())
	if err != nil {
		return nil, fmt.Errorf("vertex id: %w: %w", ErrInvalidVID, err)
	}
	vid, err := vidKey(cat, p.id, vidv)
	if err != nil {
		return nil, err
	}
	u, err := compileUpdate(cat, desc, req.GetUpdatedProps(), req.GetCondition(), req.GetReturnProps(), ErrTagPropNotFound)
	if err != nil {
		return nil, err
	}
	key := cat.codec.AppendTagKey(nil, uint32(p.id), vid, desc.ID)
	w, err := s.beginWrite(ctx, p, cat, true, []string{string(key)})
	if err != nil {
		return nil, err
	}
	defer w.end()
	old, raw, live, err := w.liveRow(key, desc)
	if err != nil {
		return nil, err
	}
	c := &rowCtx{vid: vidv, assigned: map[string]value.Value{}}
	var oldp *kvstore.RowReader
	if live {
		c.tags = []tagRow{{desc: desc, r: old}}
		c.updTag = &c.tags[0]
		oldp = &old
		if ok, err := evalFilter(u.cond, c); err != nil {
			return nil, err
		} else if !ok {
			return nil, fmt.Errorf("update %s of %v: %w", desc.Name, vidv, ErrFilteredOut)
		}
	} else {
		if !req.GetInsertable() {
			return nil, fmt.Errorf("vertex %v has no tag %s: %w", vidv, desc.Name, ErrKeyNotFound)
		}
		c.updTag = &tagRow{desc: desc}
		c.assigned = defaultsOf(desc)
	}
	vals, err := u.apply(c, desc, oldp)
	if err != nil {
		return nil, err
	}
	row, err := desc.Versions.Latest().EncodeRow(nil, vals)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", desc.Name, err)
	}
	newR, err := desc.Versions.Reader(row)
	if err != nil {
		return nil, err
	}
	if len(cat.indexesOf(false, desc.ID)) > 0 {
		if raw != nil {
			if err := delTagIndexes(w, uint32(p.id), vid, desc, old); err != nil {
				return nil, err
			}
		}
		keys, err := tagIndexKeys(cat, uint32(p.id), vid, desc, newR)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			w.put(k, nil)
		}
	}
	w.put(key, row)
	if err := w.commit(ctx); err != nil {
		return nil, err
	}
	after := &rowCtx{vid: vidv, tags: []tagRow{{desc: desc, r: newR}}}
	after.updTag = &after.tags[0]
	return u.result(after, !live)
}

// UpdateEdge is UpdateVertex for one edge key (an out-key, or an in-key
// with a negative type; the client updates both). Index entries are kept
// for out-keys.
func (s *Store) UpdateEdge(ctx context.Context, req *storage.UpdateEdgeRequest) (*value.DataSet, error) {
	p, cat, err := s.writeScope(int32(req.GetSpaceID()), int32(req.GetPartID()))
	if err != nil {
		return nil, err
	}
	ek := req.GetEdgeKey()
	if ek == nil || ek.GetEdgeType() == 0 {
		return nil, fmt.Errorf("update edge without a key: %w", ErrInvalidRequest)
	}
	typ, rank := int32(ek.GetEdgeType()), int64(ek.GetRanking())
	desc, err := cat.edge(typ)
	if err != nil {
		return nil, err
	}
	src, dst, err := edgeKeyOf(cat, p.id, ek)
	if err != nil {
		return nil, err
	}
	u, err := compileUpdate(cat, desc, req.GetUpdatedProps(), req.GetCondition(), req.GetReturnProps(), ErrEdgePropNotFound)
	if err != nil {
		return nil, err
	}
	key := cat.codec.AppendEdgeKey(nil, uint32(p.id), src, typ, rank, dst)
	w, err := s.beginWrite(ctx, p, cat, true, []string{string(key)})
	if err != nil {
		return nil, err
	}
	defer w.end()
	old, raw, live, err := w.liveRow(key, desc)
	if err != nil {
		return nil, err
	}
	srcV, _ := cat.codec.VIDValue(src)
	dstV, _ := cat.codec.VIDValue(dst)
	er := &edgeRow{desc: desc, Type: typ, Src: srcV, Rank: rank, Dst: dstV}
	c := &rowCtx{vid: srcV, edge: er, updEdge: true, assigned: map[string]value.Value{}}
	var oldp *kvstore.RowReader
	if live {
		er.r = old
		oldp = &old
		if ok, err := evalFilter(u.cond, c); err != nil {
			return nil, err
		} else if !ok {
			return nil, fmt.Errorf("update %s edge: %w", desc.Name, ErrFilteredOut)
		}
	} else {
		if !req.GetInsertable() {
			return nil, fmt.Errorf("edge of type %s not found: %w", desc.Name, ErrKeyNotFound)
		}
		c.assigned = defaultsOf(desc)
		er.noRow = true
	}
	vals, err := u.apply(c, desc, oldp)
	if err != nil {
		return nil, err
	}
	row, err := desc.Versions.Latest().EncodeRow(nil, vals)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", desc.Name, err)
	}
	newR, err := desc.Versions.Reader(row)
	if err != nil {
		return nil, err
	}
	if typ > 0 && len(cat.indexesOf(true, desc.ID)) > 0 {
		if raw != nil {
			if err := delEdgeIndexes(w, uint32(p.id), src, rank, dst, desc, old); err != nil {
				return nil, err
			}
		}
		keys, err := edgeIndexKeys(cat, uint32(p.id), src, rank, dst, desc, newR)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			w.put(k, nil)
		}
	}
	w.put(key, row)
	if err := w.commit(ctx); err != nil {
		return nil, err
	}
	er.r, er.noRow = newR, false
	after := &rowCtx{vid: srcV, edge: er, updEdge: true, assigned: map[string]value.Value{}}
	return u.result(after, !live)
}
