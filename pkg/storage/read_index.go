package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// indexQuery is one compiled IndexQueryContext.
type indexQuery struct {
	ix     *IndexDesc
	desc   *SchemaDesc
	rng    kvstore.IndexRange
	filter ast.Expr
}

// lookupPlan is a compiled LookupIndexRequest.
type lookupPlan struct {
	cat      *catalog
	edge     bool
	queries  []indexQuery
	returns  []string
	colNames []string
	limit    int64 // per part; <0 none
}

func compileLookup(cat *catalog, req *storage.LookupIndexRequest) (*lookupPlan, error) {
	spec := req.GetIndices()
	if spec == nil || len(spec.GetContexts()) == 0 {
		return nil, fmt.Errorf("lookup without an index: %w", ErrInvalidRequest)
	}
	pl := &lookupPlan{cat: cat, limit: -1, returns: byteNames(req.GetReturnColumns())}
	if req.IsSetLimit() {
		pl.limit = max(req.GetLimit(), 0)
	}
	for i, qc := range spec.GetContexts() {
		ix, err := cat.index(int32(qc.GetIndexID()))
		if err != nil {
			return nil, err
		}
		if i == 0 {
			pl.edge = ix.Edge
		} else if ix.Edge != pl.edge {
			return nil, fmt.Errorf("lookup mixes tag and edge indexes: %w", ErrInvalidRequest)
		}
		var desc *SchemaDesc
		if ix.Edge {
			desc, err = cat.edge(ix.SchemaID)
		} else {
			desc, err = cat.tag(ix.SchemaID)
		}
		if err != nil {
			return nil, err
		}
		q := indexQuery{ix: ix, desc: desc}
		if q.filter, err = compileExpr(qc.GetFilter(), cat, ErrInvalidFilter); err != nil {
			return nil, err
		}
		if q.rng, err = hintRange(ix, qc.GetColumnHints()); err != nil {
			return nil, err
		}
		pl.queries = append(pl.queries, q)
	}
	name := pl.queries[0].desc.Name
	for _, c := range pl.returns {
		if len(c) > 0 && c[0] == '_' {
			pl.colNames = append(pl.colNames, c)
		} else {
			pl.colNames = append(pl.colNames, name+"."+c)
		}
	}
	return pl, nil
}

// hintRange turns column hints into an index range: PREFIX hints fix the
// leading fields, then at most one RANGE hint bounds the next.
func hintRange(ix *IndexDesc, hints []*storage.IndexColumnHint) (kvstore.IndexRange, error) {
	var rng kvstore.IndexRange
	for i, h := range hints {
		if i >= len(ix.Fields) || ix.Fields[i].Name != string(h.GetColumnName()) {
			return rng, fmt.Errorf("hint on %q does not follow index %s's fields: %w", h.GetColumnName(), ix.Name, ErrInvalidRequest)
		}
		begin, err := value.FromThrift(h.GetBeginValue())
		if err != nil {
			return rng, fmt.Errorf("hint on %s: %w: %w", h.GetColumnName(), ErrInvalidRequest, err)
		}
		if h.GetScanType() == storage.ScanType_PREFIX {
			if rng.Lower != nil || rng.Upper != nil {
				return rng, fmt.Errorf("prefix hint after a range hint: %w", ErrInvalidRequest)
			}
			rng.Eq = append(rng.Eq, begin)
			continue
		}
		if rng.Lower != nil || rng.Upper != nil {
			return rng, fmt.Errorf("two range hints: %w", ErrInvalidRequest)
		}
		end, err := value.FromThrift(h.GetEndValue())
		if err != nil {
			return rng, fmt.Errorf("hint on %s: %w: %w", h.GetColumnName(), ErrInvalidRequest, err)
		}
		if !begin.IsEmpty() {
			rng.Lower = &kvstore.IndexBound{Value: begin, Inclusive: h.GetIncludeBegin()}
		}
		if !end.IsEmpty() {
			rng.Upper = &kvstore.IndexBound{Value: end, Inclusive: h.GetIncludeEnd()}
		}
	}
	return rng, nil
}

// inRange re-checks candidate values (of the row) against the range, for
// ranges made inexact by truncated strings.
func inRange(rng kvstore.IndexRange, vals []value.Value) bool {
	for i, eq := range rng.Eq {
		if value.Compare(vals[i], eq) != 0 {
			return false
		}
	}
	if rng.Lower == nil && rng.Upper == nil {
		return true
	}
	v := vals[len(rng.Eq)]
	if v.IsNull() {
		return false
	}
	if b := rng.Lower; b != nil {
		c := value.Compare(v, b.Value)
		if c < 0 || (c == 0 && !b.Inclusive) {
			return false
		}
	}
	if b := rng.Upper; b != nil {
		c := value.Compare(v, b.Value)
		if c > 0 || (c == 0 && !b.Inclusive) {
			return false
		}
	}
	return true
}

// lookupPart appends part pid's index matches to ds.
func (s *Store) lookupPart(ctx context.Context, spaceID, pid int32, pl *lookupPlan, ds *value.DataSet) error {
	r, err := s.beginRead(ctx, spaceID, pid, pl.cat, false)
	if err != nil {
		return err
	}
	defer r.close()
	// A row can match several contexts, and several entries of a geography
	// index (one per cell of its value); it is returned once.
	var seen map[string]bool
	if len(pl.queries) > 1 || pl.queries[0].ix.geography() {
		seen = map[string]bool{}
	}
	n := int64(0)
	for _, q := range pl.queries {
		fields := make([]kvstore.IndexField, len(q.ix.Fields))
		for i, f := range q.ix.Fields {
			fields[i] = f.IndexField
		}
		start, end, exact, err := kvstore.IndexScanRange(r.pid(), q.ix.ID, fields, q.rng)
		if err != nil {
			return fmt.Errorf("index %s: %w", q.ix.Name, err)
		}
		it, err := r.snap.NewIter(kvstore.IterOptions{LowerBound: start, UpperBound: end})
		if err != nil {
			return err
		}
		for ok := it.First(); ok; ok = it.Next() {
			if pl.limit >= 0 && n >= pl.limit {
				break
			}
			vals, key, ok, err := pl.match(r, q, it.Key(), exact)
			if err != nil {
				it.Close()
				return err
			}
			if !ok {
				continue
			}
			if seen != nil {
				if seen[key] {
					continue
				}
				seen[key] = true
			}
			ds.Rows = append(ds.Rows, value.Row{Values: vals})
			n++
		}
		if err := it.Close(); err != nil {
			return err
		}
	}
	return nil
}

// match resolves one index entry: it reads the data row (skipping entries
// whose row is gone or expired), re-checks an inexact range, applies the
// filter and returns the result values and the entry's data key.
func (pl *lookupPlan) match(r *reader, q indexQuery, ikey []byte, exact bool) ([]value.Value, string, bool, error) {
	codec := pl.cat.codec
	var dataKey []byte
	c := &rowCtx{}
	var read func(string) (value.Value, error)
	if q.ix.Edge {
		k, err := codec.ParseEdgeIndexKey(ikey)
		if err != nil {
			return nil, "", false, err
		}
		dataKey = codec.AppendEdgeKey(nil, r.pid(), k.Src, q.desc.ID, k.Rank, k.Dst)
		raw, err := r.snap.Get(dataKey)
		if errors.Is(err, kvstore.ErrNotFound) {
			return nil, "", false, nil
		} else if err != nil {
			return nil, "", false, err
		}
		row, live, err := r.row(q.desc, raw, false)
		if err != nil || !live {
			return nil, "", false, err
		}
		src, _ := codec.VIDValue(k.Src)
		dst, _ := codec.VIDValue(k.Dst)
		e := &edgeRow{desc: q.desc, Type: q.desc.ID, Src: src, Rank: k.Rank, Dst: dst, r: row}
		c.vid, c.edge = src, e
		read = e.prop
	} else {
		k, err := codec.ParseTagIndexKey(ikey)
		if err != nil {
			return nil, "", false, err
		}
		dataKey = codec.AppendTagKey(nil, r.pid(), k.VID, q.desc.ID)
		raw, err := r.snap.Get(dataKey)
		if errors.Is(err, kvstore.ErrNotFound) {
			return nil, "", false, nil
		} else if err != nil {
			return nil, "", false, err
		}
		row, live, err := r.row(q.desc, raw, false)
		if err != nil || !live {
			return nil, "", false, err
		}
		vid, _ := codec.VIDValue(k.VID)
		t := tagRow{desc: q.desc, r: row}
		c.vid, c.tags = vid, []tagRow{t}
		read = func(name string) (value.Value, error) { return t.prop(name, vid) }
	}
	if !exact {
		vals := make([]value.Value, 0, len(q.ix.Fields))
		for _, f := range q.ix.Fields {
			v, err := read(f.Name)
			if err != nil {
				return nil, "", false, err
			}
			vals = append(vals, v)
		}
		if !inRange(q.rng, vals) {
			return nil, "", false, nil
		}
	}
	if ok, err := evalFilter(q.filter, c); err != nil || !ok {
		return nil, "", false, err
	}
	out := make([]value.Value, len(pl.returns))
	for i, name := range pl.returns {
		v, err := read(name)
		if err != nil {
			return nil, "", false, err
		}
		out[i] = v
	}
	return out, string(dataKey), true, nil
}
