package storage

import (
	"context"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// writeScope resolves the space, part and catalog of a write.
func (s *Store) writeScope(spaceID, pid int32) (*part, *catalog, error) {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, nil, err
	}
	p, err := sp.part(pid)
	if err != nil {
		return nil, nil, err
	}
	cat, err := newCatalog(s.meta, sp)
	if err != nil {
		return nil, nil, err
	}
	return p, cat, nil
}

func byteNames(bs [][]byte) []string {
	if bs == nil {
		return nil
	}
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = string(b)
	}
	return out
}

// AddVertices writes the tag rows of vertices in part pid of a space, with
// their index entries, as one raft entry. propNames gives, per tag, the
// property each value is for (a tag absent there takes values in schema
// order). With ifNotExists an existing (unexpired) tag row is left alone;
// with ignoreExistedIndex the index entries of the rows replaced are not
// deleted. A vertex without tags is recorded by its vertex key.
func (s *Store) AddVertices(ctx context.Context, spaceID, pid int32, vs []*storage.NewVertex_, propNames map[common.TagID][][]byte, ifNotExists, ignoreExistedIndex bool) error {
	p, cat, err := s.writeScope(spaceID, pid)
	if err != nil {
		return err
	}
	type tagWrite struct {
		vid  []byte
		desc *SchemaDesc
		key  []byte
		row  []byte
	}
	var writes []tagWrite
	var markers [][]byte
	rmw := ifNotExists
	var lockKeys []string
	for _, v := range vs {
		vidv, err := value.FromThrift(v.GetID())
		if err != nil {
			return fmt.Errorf("vertex id: %w: %w", ErrInvalidVID, err)
		}
		vid, err := vidKey(cat, pid, vidv)
		if err != nil {
			return err
		}
		if len(v.GetTags()) == 0 {
			markers = append(markers, cat.codec.AppendVertexKey(nil, uint32(pid), vid))
			continue
		}
		for _, t := range v.GetTags() {
			desc, err := cat.tag(int32(t.GetTagID()))
			if err != nil {
				return err
			}
			props, err := valuesFromThrift(t.GetProps())
			if err != nil {
				return err
			}
			row, err := encodeProps(desc, byteNames(propNames[t.GetTagID()]), props, ErrTagPropNotFound)
			if err != nil {
				return err
			}
			key := cat.codec.AppendTagKey(nil, uint32(pid), vid, desc.ID)
			writes = append(writes, tagWrite{vid: vid, desc: desc, key: key, row: row})
			if len(cat.indexesOf(false, desc.ID)) > 0 && !ignoreExistedIndex {
				rmw = true
			}
			lockKeys = append(lockKeys, string(key))
		}
	}
	w, err := s.beginWrite(ctx, p, cat, rmw, lockKeys)
	if err != nil {
		return err
	}
	defer w.end()
	for _, m := range markers {
		w.put(m, nil)
	}
	for _, tw := range writes {
		indexed := len(cat.indexesOf(false, tw.desc.ID)) > 0
		if rmw {
			old, raw, live, err := w.liveRow(tw.key, tw.desc)
			if err != nil {
				return err
			}
			if live && ifNotExists {
				continue
			}
			if raw != nil && indexed && !ignoreExistedIndex {
				if err := delTagIndexes(w, uint32(pid), tw.vid, tw.desc, old); err != nil {
					return err
				}
			}
		}
		w.put(tw.key, tw.row)
		if indexed {
			r, err := tw.desc.Versions.Reader(tw.row)
			if err != nil {
				return err
			}
			keys, err := tagIndexKeys(cat, uint32(pid), tw.vid, tw.desc, r)
			if err != nil {
				return err
			}
			for _, k := range keys {
				w.put(k, nil)
			}
		}
	}
	return w.commit(ctx)
}

// delTagIndexes deletes the index entries of the tag row r.
func delTagIndexes(w *writeTxn, pid uint32, vid []byte, desc *SchemaDesc, r kvstore.RowReader) error {
	keys, err := tagIndexKeys(w.cat, pid, vid, desc, r)
	if err != nil {
		return err
	}
	for _, k := range keys {
		w.del(k)
	}
	return nil
}

// delEdgeIndexes deletes the index entries of the out-edge row r.
func delEdgeIndexes(w *writeTxn, pid uint32, src []byte, rank int64, dst []byte, desc *SchemaDesc, r kvstore.RowReader) error {
	keys, err := edgeIndexKeys(w.cat, pid, src, rank, dst, desc, r)
	if err != nil {
		return err
	}
	for _, k := range keys {
		w.del(k)
	}
	return nil
}

func valuesFromThrift(ts []*common.Value) ([]value.Value, error) {
	out := make([]value.Value, len(ts))
	for i, t := range ts {
		v, err := value.FromThrift(t)
		if err != nil {
			return nil, fmt.Errorf("property value %d: %w: %w", i, ErrInvalidRequest, err)
		}
		out[i] = v
	}
	return out, nil
}

// edgeKeyOf converts a wire edge key for part pid.
func edgeKeyOf(cat *catalog, pid int32, k *storage.EdgeKey) (src, dst []byte, err error) {
	sv, err := value.FromThrift(k.GetSrc())
	if err != nil {
		return nil, nil, fmt.Errorf("edge src: %w: %w", ErrInvalidVID, err)
	}
	dv, err := value.FromThrift(k.GetDst())
	if err != nil {
		return nil, nil, fmt.Errorf("edge dst: %w: %w", ErrInvalidVID, err)
	}
	if src, err = vidKey(cat, pid, sv); err != nil {
		return nil, nil, err
	}
	if dst, err = cat.codec.VID(dv); err != nil {
		return nil, nil, err
	}
	return src, dst, nil
}

// AddEdges writes edge rows (each key as given: out-keys with a positive
// type, in-keys with a negative one) in part pid, with the index entries of
// the out-edges, as one raft entry. propNames and the flags are as for
// AddVertices.
func (s *Store) AddEdges(ctx context.Context, spaceID, pid int32, es []*storage.NewEdge_, propNames [][]byte, ifNotExists, ignoreExistedIndex bool) error {
	p, cat, err := s.writeScope(spaceID, pid)
	if err != nil {
		return err
	}
	type edgeWrite struct {
		src, dst []byte
		typ      int32
		rank     int64
		desc     *SchemaDesc
		key, row []byte
	}
	names := byteNames(propNames)
	writes := make([]edgeWrite, 0, len(es))
	rmw := ifNotExists
	var lockKeys []string
	for _, e := range es {
		k := e.GetKey()
		if k == nil || int32(k.GetEdgeType()) == 0 {
			return fmt.Errorf("edge without a key or type: %w", ErrInvalidRequest)
		}
		desc, err := cat.edge(int32(k.GetEdgeType()))
		if err != nil {
			return err
		}
		src, dst, err := edgeKeyOf(cat, pid, k)
		if err != nil {
			return err
		}
		props, err := valuesFromThrift(e.GetProps())
		if err != nil {
			return err
		}
		row, err := encodeProps(desc, names, props, ErrEdgePropNotFound)
		if err != nil {
			return err
		}
		key := cat.codec.AppendEdgeKey(nil, uint32(pid), src, int32(k.GetEdgeType()), int64(k.GetRanking()), dst)
		writes = append(writes, edgeWrite{src: src, dst: dst, typ: int32(k.GetEdgeType()), rank: int64(k.GetRanking()), desc: desc, key: key, row: row})
		if int32(k.GetEdgeType()) > 0 && len(cat.indexesOf(true, desc.ID)) > 0 && !ignoreExistedIndex {
			rmw = true
		}
		if rmw {
			lockKeys = append(lockKeys, string(key))
		}
	}
	if rmw && len(lockKeys) < len(writes) {
		lockKeys = lockKeys[:0]
		for _, ew := range writes {
			lockKeys = append(lockKeys, string(ew.key))
		}
	}
	w, err := s.beginWrite(ctx, p, cat, rmw, lockKeys)
	if err != nil {
		return err
	}
	defer w.end()
	for _, ew := range writes {
		indexed := ew.typ > 0 && len(cat.indexesOf(true, ew.desc.ID)) > 0
		if rmw {
			old, raw, live, err := w.liveRow(ew.key, ew.desc)
			if err != nil {
				return err
			}
			if live && ifNotExists {
				continue
			}
			if raw != nil && indexed && !ignoreExistedIndex {
				if err := delEdgeIndexes(w, uint32(pid), ew.src, ew.rank, ew.dst, ew.desc, old); err != nil {
					return err
				}
			}
		}
		w.put(ew.key, ew.row)
		if indexed {
			r, err := ew.desc.Versions.Reader(ew.row)
			if err != nil {
				return err
			}
			keys, err := edgeIndexKeys(cat, uint32(pid), ew.src, ew.rank, ew.dst, ew.desc, r)
			if err != nil {
				return err
			}
			for _, k := range keys {
				w.put(k, nil)
			}
		}
	}
	return w.commit(ctx)
}

// DeleteVertices deletes the tag rows and vertex keys of vertices in part
// pid, with their tag index entries. The vertices' edges are not touched:
// the client deletes them (both keys) first, as NebulaGraph's graphd does.
func (s *Store) DeleteVertices(ctx context.Context, spaceID, pid int32, vids []*common.Value) error {
	p, cat, err := s.writeScope(spaceID, pid)
	if err != nil {
		return err
	}
	raws := make([][]byte, 0, len(vids))
	var lockKeys []string
	for _, t := range vids {
		v, err := value.FromThrift(t)
		if err != nil {
			return fmt.Errorf("vertex id: %w: %w", ErrInvalidVID, err)
		}
		raw, err := vidKey(cat, pid, v)
		if err != nil {
			return err
		}
		raws = append(raws, raw)
		for id := range cat.tagsByID {
			lockKeys = append(lockKeys, string(cat.codec.AppendTagKey(nil, uint32(pid), raw, id)))
		}
	}
	w, err := s.beginWrite(ctx, p, cat, true, lockKeys)
	if err != nil {
		return err
	}
	defer w.end()
	for _, vid := range raws {
		w.del(cat.codec.AppendVertexKey(nil, uint32(pid), vid))
		prefix := cat.codec.AppendTagPrefix(nil, uint32(pid), vid)
		keys, err := scanKeys(p.engine, prefix)
		if err != nil {
			return err
		}
		for _, key := range keys {
			if v, in := w.pending[string(key)]; in && v == nil {
				continue
			}
			tk, err := cat.codec.ParseTagKey(key)
			if err != nil {
				return err
			}
			if desc := cat.tagsByID[tk.Tag]; desc != nil && len(cat.indexesOf(false, desc.ID)) > 0 {
				if err := delTagRowIndexes(w, uint32(pid), vid, desc, key); err != nil {
					return err
				}
			}
			w.del(key)
		}
	}
	return w.commit(ctx)
}

// delTagRowIndexes deletes the index entries of the stored tag row at key.
func delTagRowIndexes(w *writeTxn, pid uint32, vid []byte, desc *SchemaDesc, key []byte) error {
	raw, ok, err := w.get(key)
	if err != nil || !ok {
		return err
	}
	r, err := desc.Versions.Reader(raw)
	if err != nil {
		return fmt.Errorf("row of %s: %w", desc.Name, err)
	}
	return delTagIndexes(w, pid, vid, desc, r)
}

// scanKeys returns copies of the keys with prefix.
func scanKeys(r kvstore.Reader, prefix []byte) ([][]byte, error) {
	it, err := r.NewIter(kvstore.IterOptions{Prefix: prefix})
	if err != nil {
		return nil, err
	}
	var keys [][]byte
	for ok := it.First(); ok; ok = it.Next() {
		keys = append(keys, append([]byte(nil), it.Key()...))
	}
	return keys, it.Close()
}

// DeleteTags deletes tag rows of vertices in part pid with their index
// entries.
func (s *Store) DeleteTags(ctx context.Context, spaceID, pid int32, dels []*storage.DelTags) error {
	p, cat, err := s.writeScope(spaceID, pid)
	if err != nil {
		return err
	}
	type tagDel struct {
		vid  []byte
		desc *SchemaDesc
		key  []byte
	}
	var ds []tagDel
	var lockKeys []string
	for _, d := range dels {
		v, err := value.FromThrift(d.GetID())
		if err != nil {
			return fmt.Errorf("vertex id: %w: %w", ErrInvalidVID, err)
		}
		raw, err := vidKey(cat, pid, v)
		if err != nil {
			return err
		}
		for _, id := range d.GetTags() {
			desc, err := cat.tag(int32(id))
			if err != nil {
				return err
			}
			key := cat.codec.AppendTagKey(nil, uint32(pid), raw, int32(id))
			ds = append(ds, tagDel{vid: raw, desc: desc, key: key})
			lockKeys = append(lockKeys, string(key))
		}
	}
	w, err := s.beginWrite(ctx, p, cat, true, lockKeys)
	if err != nil {
		return err
	}
	defer w.end()
	for _, d := range ds {
		if len(cat.indexesOf(false, d.desc.ID)) > 0 {
			if err := delTagRowIndexes(w, uint32(pid), d.vid, d.desc, d.key); err != nil {
				return err
			}
		}
		w.del(d.key)
	}
	return w.commit(ctx)
}

// DeleteEdges deletes edge keys (as given: out- or in-keys) in part pid,
// with the index entries of the out-edges.
func (s *Store) DeleteEdges(ctx context.Context, spaceID, pid int32, keys []*storage.EdgeKey) error {
	p, cat, err := s.writeScope(spaceID, pid)
	if err != nil {
		return err
	}
	type edgeDel struct {
		src, dst []byte
		rank     int64
		desc     *SchemaDesc
		key      []byte
		indexed  bool
	}
	ds := make([]edgeDel, 0, len(keys))
	rmw := false
	var lockKeys []string
	for _, k := range keys {
		desc, err := cat.edge(int32(k.GetEdgeType()))
		if err != nil {
			return err
		}
		src, dst, err := edgeKeyOf(cat, pid, k)
		if err != nil {
			return err
		}
		key := cat.codec.AppendEdgeKey(nil, uint32(pid), src, int32(k.GetEdgeType()), int64(k.GetRanking()), dst)
		indexed := int32(k.GetEdgeType()) > 0 && len(cat.indexesOf(true, desc.ID)) > 0
		rmw = rmw || indexed
		ds = append(ds, edgeDel{src: src, dst: dst, rank: int64(k.GetRanking()), desc: desc, key: key, indexed: indexed})
		lockKeys = append(lockKeys, string(key))
	}
	w, err := s.beginWrite(ctx, p, cat, rmw, lockKeys)
	if err != nil {
		return err
	}
	defer w.end()
	for _, d := range ds {
		if d.indexed {
			raw, ok, err := w.get(d.key)
			if err != nil {
				return err
			}
			if ok {
				r, err := d.desc.Versions.Reader(raw)
				if err != nil {
					return fmt.Errorf("row of %s: %w", d.desc.Name, err)
				}
				if err := delEdgeIndexes(w, uint32(pid), d.src, d.rank, d.dst, d.desc, r); err != nil {
					return err
				}
			}
		}
		w.del(d.key)
	}
	return w.commit(ctx)
}
