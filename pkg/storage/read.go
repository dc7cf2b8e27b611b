package storage

import (
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
// kept for the next vertex.
func (r *reader) tags(vid []byte, want func(int32) bool) ([]tagRow, error) {
	it, ok, err := r.prefixIter(&r.tagIt, r.cat.codec.AppendTagPrefix(nil, r.pid(), vid))
	if err != nil {
		return nil, err
	}
	var out []tagRow
	for ; ok; ok = it.Next() {
		tk, err := r.cat.codec.ParseTagKey(it.Key())
		if err != nil {
			return nil, err
		}
		desc := r.cat.tagsByID[tk.Tag]
		if desc == nil || (want != nil && !want(tk.Tag)) {
			continue
		}
		row, live, err := r.row(desc, it.Value(), true)
		if err != nil {
			return nil, err
		}
		if live {
			out = append(out, tagRow{desc: desc, r: row})
		}
	}
	return out, it.Err()
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
