package storage

import (
	"bytes"
	"context"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// scanPlan is a compiled ScanVertexRequest or ScanEdgeRequest.
type scanPlan struct {
	cat        *catalog
	cols       []propCol
	colOf      map[int32]int
	filter     ast.Expr
	limit      int64 // rows per part; <0 none
	followerOK bool
	colNames   []string
}

func compileScanVertex(cat *catalog, req *storage.ScanVertexRequest) (*scanPlan, error) {
	pl := &scanPlan{cat: cat, colOf: map[int32]int{}, limit: req.GetLimit(), followerOK: req.GetEnableReadFromFollower()}
	pl.colNames = []string{propVid}
	for _, vp := range req.GetReturnColumns() {
		desc, err := cat.tag(int32(vp.GetTag()))
		if err != nil {
			return nil, err
		}
		pl.colOf[desc.ID] = len(pl.cols)
		pl.cols = append(pl.cols, propCol{desc: desc, typ: desc.ID, props: byteNames(vp.GetProps())})
		for _, p := range vp.GetProps() {
			pl.colNames = append(pl.colNames, desc.Name+"."+string(p))
		}
	}
	var err error
	if pl.filter, err = compileExpr(req.GetFilter(), cat, ErrInvalidFilter); err != nil {
		return nil, err
	}
	return pl, nil
}

func compileScanEdge(cat *catalog, req *storage.ScanEdgeRequest) (*scanPlan, error) {
	pl := &scanPlan{cat: cat, colOf: map[int32]int{}, limit: req.GetLimit(), followerOK: req.GetEnableReadFromFollower()}
	for _, ep := range req.GetReturnColumns() {
		desc, err := cat.edge(int32(ep.GetType()))
		if err != nil {
			return nil, err
		}
		if ep.GetType() < 0 {
			return nil, fmt.Errorf("scan of in-edges: %w", ErrInvalidRequest)
		}
		pl.colOf[desc.ID] = len(pl.cols)
		pl.cols = append(pl.cols, propCol{desc: desc, typ: desc.ID, props: byteNames(ep.GetProps())})
		for _, p := range ep.GetProps() {
			pl.colNames = append(pl.colNames, desc.Name+"."+string(p))
		}
	}
	var err error
	if pl.filter, err = compileExpr(req.GetFilter(), cat, ErrInvalidFilter); err != nil {
		return nil, err
	}
	return pl, nil
}

// scanStart returns where a scan of the keys under prefix resumes: the
// cursor, which must lie under prefix, or the prefix itself.
func scanStart(prefix, cursor []byte) ([]byte, error) {
	if len(cursor) == 0 {
		return prefix, nil
	}
	if !bytes.HasPrefix(cursor, prefix) {
		return nil, fmt.Errorf("scan cursor outside the part: %w", ErrInvalidRequest)
	}
	return cursor, nil
}

// scanVertexPart scans part pid's vertices from cursor, appending one row
// per vertex having one of the asked tags. It returns the next cursor, nil
// when the part is exhausted.
func (s *Store) scanVertexPart(ctx context.Context, spaceID, pid int32, pl *scanPlan, cursor []byte, ds *value.DataSet) ([]byte, error) {
	r, err := s.beginRead(ctx, spaceID, pid, pl.cat, pl.followerOK)
	if err != nil {
		return nil, err
	}
	defer r.close()
	prefix := kvstore.PartPrefix(kvstore.KeyTag, r.pid())
	start, err := scanStart(prefix, cursor)
	if err != nil {
		return nil, err
	}
	it, err := r.snap.NewIter(kvstore.IterOptions{LowerBound: start, UpperBound: kvstore.PrefixEnd(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var (
		cur  []byte // vid of the vertex being gathered
		curV value.Value
		tags []tagRow
		n    int64
	)
	flush := func() error {
		if cur == nil || len(tags) == 0 {
			return nil
		}
		vals := []value.Value{curV}
		for _, col := range pl.cols {
			var t *tagRow
			for i := range tags {
				if tags[i].desc.ID == col.desc.ID {
					t = &tags[i]
				}
			}
			for _, p := range col.props {
				if t == nil {
					vals = append(vals, value.Empty)
					continue
				}
				v, err := t.prop(p, curV)
				if err != nil {
					return err
				}
				vals = append(vals, v)
			}
		}
		ok, err := evalFilter(pl.filter, &rowCtx{vid: curV, tags: tags})
		if err != nil {
			return err
		}
		if ok {
			ds.Rows = append(ds.Rows, value.Row{Values: vals})
			n++
		}
		return nil
	}
	for ok := it.First(); ok; ok = it.Next() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tk, err := pl.cat.codec.ParseTagKey(it.Key())
		if err != nil {
			return nil, err
		}
		if cur == nil || !bytes.Equal(tk.VID, cur) {
			if err := flush(); err != nil {
				return nil, err
			}
			if pl.limit >= 0 && n >= pl.limit {
				return append([]byte(nil), it.Key()...), nil
			}
			cur = append(cur[:0:0], tk.VID...)
			if curV, err = pl.cat.codec.VIDValue(cur); err != nil {
				return nil, err
			}
			tags = nil
		}
		if _, want := pl.colOf[tk.Tag]; !want {
			continue
		}
		row, live, err := r.row(pl.cat.tagsByID[tk.Tag], it.Value(), true)
		if err != nil {
			return nil, err
		}
		if live {
			tags = append(tags, tagRow{desc: pl.cat.tagsByID[tk.Tag], r: row})
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return nil, flush()
}

// scanEdgePart scans part pid's out-edges of the asked types from cursor.
func (s *Store) scanEdgePart(ctx context.Context, spaceID, pid int32, pl *scanPlan, cursor []byte, ds *value.DataSet) ([]byte, error) {
	r, err := s.beginRead(ctx, spaceID, pid, pl.cat, pl.followerOK)
	if err != nil {
		return nil, err
	}
	defer r.close()
	prefix := kvstore.PartPrefix(kvstore.KeyEdge, r.pid())
	start, err := scanStart(prefix, cursor)
	if err != nil {
		return nil, err
	}
	it, err := r.snap.NewIter(kvstore.IterOptions{LowerBound: start, UpperBound: kvstore.PrefixEnd(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	n := int64(0)
	var e edgeRow
	for ok := it.First(); ok; ok = it.Next() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if pl.limit >= 0 && n >= pl.limit {
			return append([]byte(nil), it.Key()...), nil
		}
		ek, err := pl.cat.codec.ParseEdgeKey(it.Key())
		if err != nil {
			return nil, err
		}
		col, want := pl.colOf[ek.Type]
		if !want {
			continue
		}
		live, err := r.edgeRowAt(it.Key(), it.Value(), &e)
		if err != nil {
			return nil, err
		}
		if !live {
			continue
		}
		ok, err := evalFilter(pl.filter, &rowCtx{vid: e.Src, edge: &e})
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		var vals []value.Value
		for i, c := range pl.cols {
			for _, p := range c.props {
				if i != col {
					vals = append(vals, value.Empty)
					continue
				}
				v, err := e.prop(p)
				if err != nil {
					return nil, err
				}
				vals = append(vals, v)
			}
		}
		ds.Rows = append(ds.Rows, value.Row{Values: vals})
		n++
	}
	return nil, it.Err()
}
