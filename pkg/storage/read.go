package storage

import (
	"bytes"
	"context"
	"fmt"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// reader is one read request's view of one part: a consistent snapshot of
// the part's engine taken after the replica proved it leads and has applied
// every committed entry, so reads are linearizable.
type reader struct {
	p    *part
	cat  *catalog
	snap kvstore.Snapshot
	now  int64
	// tagIt and edgeIt are the iterators tags and a neighbors plan's
	// expand reuse from vertex to vertex (nil until the first); close
	// closes them.
	tagIt, edgeIt kvstore.Iterator
	// dsts collects the kept edges' destinations of a neighbors plan
	// with dst_props.
	dsts []value.Value
	// kept is the buffer a neighbors plan's expand reuses from vertex to
	// vertex: a hub's edges grew a fresh slice one doubling at a time.
	kept []keptEdge
	// slab holds the values and lists of the rows built.
	slab value.Slab
	// tagRows is the buffer tags returns, reused from vertex to vertex:
	// every caller is done with one vertex's tags before the next's.
	tagRows []tagRow
	// tagPrefix is the buffer a vertex cache lookup builds its key in;
	// only a miss, whose iterator keeps the prefix, copies it.
	tagPrefix []byte
}

// beginRead opens a read of part pid. followerOK allows a follower to
// answer from its possibly stale data (scans from tools ask for it).
func (s *Store) beginRead(ctx context.Context, spaceID, pid int32, cat *catalog, followerOK bool) (*reader, error) {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, err
	}
	p, err := sp.part(pid)
	if err != nil {
		return nil, err
	}
	if !(followerOK && !p.raft.IsLeader()) {
		if err := p.raft.ReadBarrier(ctx); err != nil {
			return nil, err
		}
	}
	return &reader{p: p, cat: cat, snap: p.engine.NewSnapshot(), now: s.opts.Now().Unix()}, nil
}

// readCatalog returns the catalog of an open space for a read. With a
// meta whose schemas change only with its catalog version (MetaClient)
// the space's catalog is built once per version: building it per request
// (schema descriptors, index lists, four maps) was a read's largest fixed
// allocation.
func (s *Store) readCatalog(spaceID int32) (*catalog, error) {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, err
	}
	vm, ok := s.meta.(versionedMeta)
	if !ok {
		return newCatalog(s.meta, sp)
	}
	v := vm.CatalogVersion()
	if c := sp.cat.Load(); c != nil && v != 0 && c.version == v {
		return c.cat, nil
	}
	// A catalog built from a newer version than v (meta reloaded since
	// v was read) is stored under v: the next read sees the version moved
	// and builds again.
	cat, err := newCatalog(s.meta, sp)
	if err != nil {
		return nil, err
	}
	sp.cat.Store(&versionedCatalog{version: v, cat: cat})
	return cat, nil
}

// versionedMeta is a Meta whose schemas change only with its catalog
// version (0 before the first load).
type versionedMeta interface {
	CatalogVersion() int64
}

// versionedCatalog is a space's catalog and the meta version it was
// built at.
type versionedCatalog struct {
	version int64
	cat     *catalog
}

func (r *reader) close() {
	for _, it := range []kvstore.Iterator{r.tagIt, r.edgeIt} {
		if it != nil {
			it.Close()
		}
	}
	r.snap.Close()
}

// prefixIter positions the iterator kept in slot at the first key with
// prefix, reusing it when the engine allows (a seek instead of a new
// iterator per vertex). prefix must not change while the iterator uses it.
func (r *reader) prefixIter(slot *kvstore.Iterator, prefix []byte) (kvstore.Iterator, bool, error) {
	if rs, reusable := (*slot).(kvstore.PrefixResetter); reusable {
		return *slot, rs.ResetPrefix(prefix), nil
	}
	if *slot != nil {
		(*slot).Close()
	}
	it, err := r.snap.NewIter(kvstore.IterOptions{Prefix: prefix})
	if err != nil {
		*slot = nil
		return nil, false, err
	}
	*slot = it
	return it, it.First(), nil
}

func (r *reader) pid() uint32 { return uint32(r.p.id) }

// vid converts and checks a start vertex id of the part.
func (r *reader) vid(v value.Value) ([]byte, error) { return vidKey(r.cat, r.p.id, v) }

// tags returns the live tag rows of a vertex, in tag id order, for the tags
// want accepts (nil: all). Rows are copied out of the iterator, which is
// kept for the next vertex. With a vertex cache the rows come from it when
// it holds the vertex, and fill it when not. The slice is valid until the
// next call.
func (r *reader) tags(vid []byte, want func(int32) bool) ([]tagRow, error) {
	vc, cached := r.snap.(kvstore.VertexCacher)
	if !cached {
		return r.tagsFromEngine(r.cat.codec.AppendTagPrefix(nil, r.pid(), vid), want)
	}
	r.tagPrefix = r.cat.codec.AppendTagPrefix(r.tagPrefix[:0], r.pid(), vid)
	prefix := r.tagPrefix
	kvs, hit := vc.CachedVertex(prefix)
	if !hit {
		prefix = bytes.Clone(prefix)
		var err error
		if kvs, err = r.readTagKVs(prefix); err != nil {
			return nil, err
		}
		vc.FillVertex(prefix, kvs)
	}
	out := r.tagRows[:0]
	for _, kv := range kvs {
		tr, live, err := r.liveTagRow(kv.Key, kv.Value, want, false)
		if err != nil {
			return nil, err
		}
		if live {
			out = append(out, tr)
		}
	}
	r.tagRows = out
	return out, nil
}

// tagsFromEngine is tags without a vertex cache.
func (r *reader) tagsFromEngine(prefix []byte, want func(int32) bool) ([]tagRow, error) {
	it, ok, err := r.prefixIter(&r.tagIt, prefix)
	if err != nil {
		return nil, err
	}
	out := r.tagRows[:0]
	defer func() { r.tagRows = out }()
	for ; ok; ok = it.Next() {
		tr, live, err := r.liveTagRow(it.Key(), it.Value(), want, true)
		if err != nil {
			return nil, err
		}
		if live {
			out = append(out, tr)
		}
	}
	return out, it.Err()
}

// readTagKVs reads every key and value under a tag prefix, copied into one
// buffer, for the vertex cache (which keeps them, so they are never reused).
func (r *reader) readTagKVs(prefix []byte) ([]kvstore.KV, error) {
	it, ok, err := r.prefixIter(&r.tagIt, prefix)
	if err != nil {
		return nil, err
	}
	var kvs []kvstore.KV
	var buf []byte
	for ; ok; ok = it.Next() {
		k, v := it.Key(), it.Value()
		if buf == nil {
			// Most vertices have one tag: size for it, grow for more.
			buf = make([]byte, 0, len(k)+len(v))
		}
		start := len(buf)
		buf = append(buf, k...)
		buf = append(buf, v...)
		// Capped, so that a later append never writes into them; when buf
		// moves the earlier ones keep the old array.
		kvs = append(kvs, kvstore.KV{Key: buf[start : start+len(k) : start+len(k)], Value: buf[start+len(k) : len(buf) : len(buf)]})
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return kvs, nil
}

// liveTagRow decodes the tag row at key, reporting false for a tag the catalog
// no longer knows, one want refuses, or a row past its TTL.
func (r *reader) liveTagRow(key, val []byte, want func(int32) bool, copyBytes bool) (tagRow, bool, error) {
	tk, err := r.cat.codec.ParseTagKey(key)
	if err != nil {
		return tagRow{}, false, err
	}
	desc := r.cat.tagsByID[tk.Tag]
	if desc == nil || (want != nil && !want(tk.Tag)) {
		return tagRow{}, false, nil
	}
	row, live, err := r.row(desc, val, copyBytes)
	if err != nil || !live {
		return tagRow{}, false, err
	}
	return tagRow{desc: desc, r: row}, true, nil
}

// row decodes a stored row of desc, copying the bytes when copyBytes (the
// caller's slice is an iterator's), and reports whether the row is live
// under the schema's TTL.
func (r *reader) row(desc *SchemaDesc, raw []byte, copyBytes bool) (kvstore.RowReader, bool, error) {
	if copyBytes {
		raw = append([]byte(nil), raw...)
	}
	rr, err := desc.Versions.Reader(raw)
	if err != nil {
		return kvstore.RowReader{}, false, fmt.Errorf("row of %s: %w", desc.Name, err)
	}
	return rr, !desc.Versions.Expired(rr, r.now), nil
}

// edgeRowAt decodes the edge at the iterator position into e (reusing it),
// reporting whether the row is live. Src and Dst are converted to values.
// NB: e's row aliases val, valid only until the iterator moves.
func (r *reader) edgeRowAt(key, val []byte, e *edgeRow) (bool, error) {
	ek, err := r.cat.codec.ParseEdgeKey(key)
	if err != nil {
		return false, err
	}
	desc := r.cat.edgesByID[abs32(ek.Type)]
	if desc == nil {
		return false, nil
	}
	row, live, err := r.row(desc, val, false)
	if err != nil || !live {
		return false, err
	}
	src, err := r.cat.codec.VIDValue(ek.Src)
	if err != nil {
		return false, err
	}
	dst, err := r.cat.codec.VIDValue(ek.Dst)
	if err != nil {
		return false, err
	}
	*e = edgeRow{desc: desc, Type: ek.Type, Src: src, Rank: ek.Rank, Dst: dst, r: row}
	return true, nil
}
