package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/geo"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
	"github.com/novagraph/novagraph/pkg/value"
)

// writeTxn builds the raft entry of one write request on one part. Data
// and index changes go into the same entry, so every replica applies them
// together. Reads (old rows, for index maintenance and conditions) see the
// engine overlaid with the txn's own earlier writes, so that a request that
// writes one key twice maintains indexes as if the writes were sequential.
type writeTxn struct {
	p       *part
	cat     *catalog
	now     int64
	batch   raftex.Batch
	pending map[string][]byte // nil value: deleted in this txn
	release func()
}

// beginWrite starts a write on p. When rmw is set the write reads rows
// before writing them: lockKeys are locked until the txn ends and the
// replica's engine is brought up to date with every committed entry
// (raftex.Part.ReadBarrier), so that what is read is what the entry
// replaces.
func (s *Store) beginWrite(ctx context.Context, p *part, cat *catalog, rmw bool, lockKeys []string) (*writeTxn, error) {
	if s.writesBlocked.Load() {
		return nil, fmt.Errorf("part %d/%d: %w", p.sp.desc.ID, p.id, ErrWritesBlocked)
	}
	if !p.raft.IsLeader() {
		return nil, s.notLeader(p)
	}
	// After the leader check: a full follower must still redirect the
	// client to the leader, which has room.
	if err := s.disk.err(); err != nil {
		return nil, fmt.Errorf("part %d/%d: %w", p.sp.desc.ID, p.id, err)
	}
	w := &writeTxn{p: p, cat: cat, now: s.opts.Now().Unix(), pending: map[string][]byte{}}
	if rmw {
		release, err := p.locks.lock(ctx, lockKeys)
		if err != nil {
			return nil, fmt.Errorf("lock keys of part %d/%d: %w", p.sp.desc.ID, p.id, err)
		}
		w.release = release
		if err := p.raft.ReadBarrier(ctx); err != nil {
			release()
			return nil, err
		}
	}
	return w, nil
}

// notLeader is the error for a request that reached a follower.
func (s *Store) notLeader(p *part) error {
	return &raftex.NotLeaderError{Space: p.sp.desc.ID, Part: p.id, Leader: p.raft.Leader()}
}

// end releases the txn's locks.
func (w *writeTxn) end() {
	if w.release != nil {
		w.release()
		w.release = nil
	}
}

// commit proposes the entry and waits until it is applied here.
func (w *writeTxn) commit(ctx context.Context) error {
	if w.batch.Len() == 0 {
		return nil
	}
	return w.p.raft.Propose(ctx, &w.batch)
}

func (w *writeTxn) put(key, val []byte) {
	w.batch.Put(key, val)
	if val == nil {
		val = []byte{}
	}
	w.pending[string(key)] = val
}

func (w *writeTxn) del(key []byte) {
	w.batch.Delete(key)
	w.pending[string(key)] = nil
}

// get reads key through the txn's own writes; ok is false when absent.
func (w *writeTxn) get(key []byte) (val []byte, ok bool, err error) {
	if v, in := w.pending[string(key)]; in {
		return v, v != nil, nil
	}
	v, err := w.p.engine.Get(key)
	if errors.Is(err, kvstore.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read part %d/%d: %w", w.p.sp.desc.ID, w.p.id, err)
	}
	return v, true, nil
}

// liveRow reads a tag or edge row and reports whether it is visible: present
// and, under desc's TTL, not expired.
func (w *writeTxn) liveRow(key []byte, desc *SchemaDesc) (kvstore.RowReader, []byte, bool, error) {
	raw, ok, err := w.get(key)
	if err != nil || !ok {
		return kvstore.RowReader{}, nil, false, err
	}
	r, err := desc.Versions.Reader(raw)
	if err != nil {
		return kvstore.RowReader{}, nil, false, fmt.Errorf("row of %s: %w", desc.Name, err)
	}
	if desc.Versions.Expired(r, w.now) {
		return r, raw, false, nil
	}
	return r, raw, true, nil
}

// indexValues appends the encoded index values of a row for ix, whose
// fields must not include a GEOGRAPHY (see geoEntryValues).
func indexValues(dst []byte, ix *IndexDesc, desc *SchemaDesc, r kvstore.RowReader) ([]byte, error) {
	for _, f := range ix.Fields {
		v, err := desc.Versions.Read(r, f.Name)
		if err != nil {
			return nil, fmt.Errorf("index %s field %s: %w", ix.Name, f.Name, err)
		}
		if dst, err = kvstore.AppendIndexValue(dst, f.IndexField, v); err != nil {
			return nil, fmt.Errorf("index %s field %s: %w", ix.Name, f.Name, err)
		}
	}
	return dst, nil
}

// geoEntryValues returns the encoded index values of each of a row's
// entries in an index with a GEOGRAPHY field: such a field has an entry
// per cell of its value's S2 covering (a NULL has one), as NebulaGraph
// indexes geographies, so that lookups can scan cell ranges. With several
// such fields a row has an entry per combination of their cells. A value
// S2 sees as empty has no cells and so leaves the row out of ix.
func geoEntryValues(ix *IndexDesc, desc *SchemaDesc, r kvstore.RowReader) ([][]byte, error) {
	entries := [][]byte{nil}
	for _, f := range ix.Fields {
		v, err := desc.Versions.Read(r, f.Name)
		if err != nil {
			return nil, fmt.Errorf("index %s field %s: %w", ix.Name, f.Name, err)
		}
		fieldVals := []value.Value{v}
		if f.Type == kvstore.TypeGeography && v.Kind() == value.KindGeography {
			cells, err := geo.IndexCells(v.Geography(), ix.S2)
			if err != nil {
				return nil, fmt.Errorf("index %s field %s: %w: %w", ix.Name, f.Name, kvstore.ErrTypeMismatch, err)
			}
			fieldVals = fieldVals[:0]
			for _, c := range cells {
				fieldVals = append(fieldVals, value.NewInt(int64(c)))
			}
		}
		next := make([][]byte, 0, len(entries)*len(fieldVals))
		for _, prefix := range entries {
			for _, fv := range fieldVals {
				// Each entry gets its own array: prefixes are shared.
				e, err := kvstore.AppendIndexValue(append([]byte(nil), prefix...), f.IndexField, fv)
				if err != nil {
					return nil, fmt.Errorf("index %s field %s: %w", ix.Name, f.Name, err)
				}
				next = append(next, e)
			}
		}
		entries = next
	}
	return entries, nil
}

// tagIndexKeys returns the index entries of a tag row.
func tagIndexKeys(cat *catalog, part uint32, vid []byte, desc *SchemaDesc, r kvstore.RowReader) ([][]byte, error) {
	var keys [][]byte
	for _, ix := range cat.indexesOf(false, desc.ID) {
		if ix.geography() {
			entries, err := geoEntryValues(ix, desc, r)
			if err != nil {
				return nil, err
			}
			for _, vals := range entries {
				keys = append(keys, cat.codec.AppendTagIndexKey(nil, part, ix.ID, vals, vid))
			}
			continue
		}
		vals, err := indexValues(nil, ix, desc, r)
		if err != nil {
			return nil, err
		}
		keys = append(keys, cat.codec.AppendTagIndexKey(nil, part, ix.ID, vals, vid))
	}
	return keys, nil
}

// edgeIndexKeys returns the index entries of an out-edge row.
func edgeIndexKeys(cat *catalog, part uint32, src []byte, rank int64, dst []byte, desc *SchemaDesc, r kvstore.RowReader) ([][]byte, error) {
	var keys [][]byte
	for _, ix := range cat.indexesOf(true, desc.ID) {
		if ix.geography() {
			entries, err := geoEntryValues(ix, desc, r)
			if err != nil {
				return nil, err
			}
			for _, vals := range entries {
				keys = append(keys, cat.codec.AppendEdgeIndexKey(nil, part, ix.ID, vals, src, rank, dst))
			}
			continue
		}
		vals, err := indexValues(nil, ix, desc, r)
		if err != nil {
			return nil, err
		}
		keys = append(keys, cat.codec.AppendEdgeIndexKey(nil, part, ix.ID, vals, src, rank, dst))
	}
	return keys, nil
}

// encodeProps encodes a row of schema desc (latest version) from values
// given for names (no names: the values are in schema order).
func encodeProps(desc *SchemaDesc, names []string, props []value.Value, notFound error) ([]byte, error) {
	s := desc.Versions.Latest()
	vals := make([]value.Value, s.NumColumns())
	if len(names) == 0 {
		if len(props) > len(vals) {
			return nil, fmt.Errorf("%d values for %s's %d properties: %w", len(props), desc.Name, len(vals), ErrInvalidRequest)
		}
		copy(vals, props)
	} else {
		if len(props) != len(names) {
			return nil, fmt.Errorf("%d values for %d property names of %s: %w", len(props), len(names), desc.Name, ErrInvalidRequest)
		}
		for i, n := range names {
			j := s.Index(n)
			if j < 0 {
				return nil, fmt.Errorf("%s has no property %q: %w", desc.Name, n, notFound)
			}
			vals[j] = props[i]
		}
	}
	row, err := s.EncodeRow(nil, vals)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", desc.Name, err)
	}
	return row, nil
}

// vidKey converts a vertex id for part p, checking that it belongs there.
func vidKey(cat *catalog, pid int32, v value.Value) ([]byte, error) {
	raw, err := cat.codec.VID(v)
	if err != nil {
		return nil, err
	}
	if got := cat.codec.PartOf(raw, uint32(cat.space.PartNum)); got != uint32(pid) {
		return nil, fmt.Errorf("vertex %v belongs to part %d, not %d: %w", v, got, pid, ErrInvalidRequest)
	}
	return raw, nil
}
