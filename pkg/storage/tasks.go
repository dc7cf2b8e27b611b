package storage

import (
	"bytes"
	"context"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// Job types of AddTaskRequest (meta.thrift's JobType numbers).
const (
	jobCompact          = 0
	jobFlush            = 1
	jobRebuildTagIndex  = 2
	jobRebuildEdgeIndex = 3
	jobStats            = 5
)

// taskChunk bounds the writes of one raft entry proposed by a task.
const taskChunk = 1024

// leaderParts returns the replicas of a space this host leads, restricted
// to only when it is not empty.
func (s *Store) leaderParts(spaceID int32, only []int32) ([]*part, error) {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, err
	}
	var out []*part
	for _, p := range sp.parts() {
		if !p.raft.IsLeader() {
			continue
		}
		if len(only) > 0 {
			found := false
			for _, id := range only {
				found = found || id == p.id
			}
			if !found {
				continue
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// chunkedWriter proposes writes to a part in entries of taskChunk writes.
type chunkedWriter struct {
	ctx context.Context
	p   *part
	b   raftex.Batch
}

func (c *chunkedWriter) add(fn func(b *raftex.Batch)) error {
	fn(&c.b)
	if c.b.Len() >= taskChunk {
		return c.flush()
	}
	return nil
}

func (c *chunkedWriter) flush() error {
	if c.b.Len() == 0 {
		return nil
	}
	err := c.p.raft.Propose(c.ctx, &c.b)
	c.b.Reset()
	return err
}

// RunTask runs one job task on this host's leader replicas of the space
// (or of the parts given) and returns when it has finished: COMPACT purges
// expired rows through raft then compacts the engines, FLUSH flushes them,
// REBUILD_*_INDEX rebuilds the indexes named by id, STATS counts the live
// data.
func (s *Store) RunTask(ctx context.Context, jobType int32, spaceID int32, parts []int32, params []string) (*storage.StatsItem, error) {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, err
	}
	cat, err := newCatalog(s.meta, sp)
	if err != nil {
		return nil, err
	}
	leaders, err := s.leaderParts(spaceID, parts)
	if err != nil {
		return nil, err
	}
	switch jobType {
	case jobCompact:
		for _, p := range leaders {
			if err := s.purgeExpired(ctx, p, cat); err != nil {
				return nil, err
			}
		}
		for _, e := range sp.engines {
			if err := e.Compact([]byte{0}, []byte{0xff}); err != nil {
				return nil, fmt.Errorf("compact space %d: %w", spaceID, err)
			}
		}
		return nil, nil
	case jobFlush:
		for _, e := range sp.engines {
			if err := e.Flush(); err != nil {
				return nil, fmt.Errorf("flush space %d: %w", spaceID, err)
			}
		}
		return nil, nil
	case jobRebuildTagIndex, jobRebuildEdgeIndex:
		var ids []*IndexDesc
		for _, prm := range params {
			var id int32
			if _, err := fmt.Sscan(prm, &id); err != nil {
				return nil, fmt.Errorf("index id %q: %w", prm, ErrInvalidRequest)
			}
			ix, err := cat.index(id)
			if err != nil {
				return nil, err
			}
			ids = append(ids, ix)
		}
		if len(params) == 0 {
			for _, ix := range cat.indexes {
				if ix.Edge == (jobType == jobRebuildEdgeIndex) {
					ids = append(ids, ix)
				}
			}
		}
		for _, p := range leaders {
			for _, ix := range ids {
				if err := s.rebuildIndex(ctx, p, cat, ix); err != nil {
					return nil, err
				}
			}
		}
		return nil, nil
	case jobStats:
		st := &storage.StatsItem{TagVertices: map[string]int64{}, Edges: map[string]int64{}}
		for _, t := range cat.tagsByID {
			st.TagVertices[t.Name] = 0
		}
		for _, e := range cat.edgesByID {
			st.Edges[e.Name] = 0
		}
		for _, p := range leaders {
			if err := s.countPart(ctx, p, cat, st); err != nil {
				return nil, err
			}
		}
		return st, nil
	}
	return nil, fmt.Errorf("job type %d: %w", jobType, errUnsupported)
}

// eachRow calls fn for every tag or edge row of a part (a snapshot taken
// after a read barrier), with the row's schema and liveness.
func (s *Store) eachRow(ctx context.Context, p *part, cat *catalog, kt kvstore.KeyType, fn func(key []byte, desc *SchemaDesc, r kvstore.RowReader, live bool) error) error {
	if err := p.raft.ReadBarrier(ctx); err != nil {
		return err
	}
	snap := p.engine.NewSnapshot()
	defer snap.Close()
	it, err := snap.NewIter(kvstore.IterOptions{Prefix: kvstore.PartPrefix(kt, uint32(p.id))})
	if err != nil {
		return err
	}
	now := s.opts.Now().Unix()
	for ok := it.First(); ok; ok = it.Next() {
		if err := ctx.Err(); err != nil {
			it.Close()
			return err
		}
		var desc *SchemaDesc
		if kt == kvstore.KeyTag {
			tk, err := cat.codec.ParseTagKey(it.Key())
			if err != nil {
				it.Close()
				return err
			}
			desc = cat.tagsByID[tk.Tag]
		} else {
			ek, err := cat.codec.ParseEdgeKey(it.Key())
			if err != nil {
				it.Close()
				return err
			}
			desc = cat.edgesByID[abs32(ek.Type)]
		}
		if desc == nil {
			continue
		}
		raw := append([]byte(nil), it.Value()...)
		r, err := desc.Versions.Reader(raw)
		if err != nil {
			it.Close()
			return fmt.Errorf("row of %s: %w", desc.Name, err)
		}
		if err := fn(append([]byte(nil), it.Key()...), desc, r, !desc.Versions.Expired(r, now)); err != nil {
			it.Close()
			return err
		}
	}
	return it.Close()
}

// purgeExpired deletes a leader part's expired rows (and their index
// entries) through raft, so that every replica drops them.
func (s *Store) purgeExpired(ctx context.Context, p *part, cat *catalog) error {
	cw := &chunkedWriter{ctx: ctx, p: p}
	tagFn := func(key []byte, desc *SchemaDesc, r kvstore.RowReader, live bool) error {
		if live {
			return nil
		}
		tk, err := cat.codec.ParseTagKey(key)
		if err != nil {
			return err
		}
		idx, err := tagIndexKeys(cat, uint32(p.id), tk.VID, desc, r)
		if err != nil {
			return err
		}
		return cw.add(func(b *raftex.Batch) {
			for _, k := range idx {
				b.Delete(k)
			}
			b.Delete(key)
		})
	}
	edgeFn := func(key []byte, desc *SchemaDesc, r kvstore.RowReader, live bool) error {
		if live {
			return nil
		}
		ek, err := cat.codec.ParseEdgeKey(key)
		if err != nil {
			return err
		}
		var idx [][]byte
		if ek.Type > 0 {
			if idx, err = edgeIndexKeys(cat, uint32(p.id), ek.Src, ek.Rank, ek.Dst, desc, r); err != nil {
				return err
			}
		}
		return cw.add(func(b *raftex.Batch) {
			for _, k := range idx {
				b.Delete(k)
			}
			b.Delete(key)
		})
	}
	if err := s.eachRow(ctx, p, cat, kvstore.KeyTag, tagFn); err != nil {
		return err
	}
	if err := s.eachRow(ctx, p, cat, kvstore.KeyEdge, edgeFn); err != nil {
		return err
	}
	return cw.flush()
}

// rebuildIndex replaces a leader part's entries of ix with entries built
// from its live rows. NB: writes racing with the rebuild keep their own
// index entries, but a row deleted between the scan and the rebuilt
// entries' commit may leave a stale entry; run rebuilds while the schema's
// data is quiet, as NebulaGraph advises.
func (s *Store) rebuildIndex(ctx context.Context, p *part, cat *catalog, ix *IndexDesc) error {
	prefix := kvstore.AppendIndexPrefix(nil, uint32(p.id), ix.ID)
	cw := &chunkedWriter{ctx: ctx, p: p}
	cw.b.DeleteRange(prefix, kvstore.PrefixEnd(prefix))
	if err := cw.flush(); err != nil {
		return fmt.Errorf("rebuild index %s: %w", ix.Name, err)
	}
	kt := kvstore.KeyTag
	if ix.Edge {
		kt = kvstore.KeyEdge
	}
	single := *cat
	single.indexes = []*IndexDesc{ix}
	err := s.eachRow(ctx, p, cat, kt, func(key []byte, desc *SchemaDesc, r kvstore.RowReader, live bool) error {
		if desc.ID != ix.SchemaID || !live {
			return nil
		}
		var idx [][]byte
		var err error
		if ix.Edge {
			ek, perr := cat.codec.ParseEdgeKey(key)
			if perr != nil || ek.Type < 0 {
				return perr
			}
			idx, err = edgeIndexKeys(&single, uint32(p.id), ek.Src, ek.Rank, ek.Dst, desc, r)
		} else {
			tk, perr := cat.codec.ParseTagKey(key)
			if perr != nil {
				return perr
			}
			idx, err = tagIndexKeys(&single, uint32(p.id), tk.VID, desc, r)
		}
		if err != nil {
			return err
		}
		return cw.add(func(b *raftex.Batch) {
			for _, k := range idx {
				b.Put(k, nil)
			}
		})
	})
	if err != nil {
		return fmt.Errorf("rebuild index %s: %w", ix.Name, err)
	}
	return cw.flush()
}

// countPart adds a leader part's live data to st: vertices with at least one
// live tag, rows per tag, out-edges per type.
func (s *Store) countPart(ctx context.Context, p *part, cat *catalog, st *storage.StatsItem) error {
	var last []byte
	err := s.eachRow(ctx, p, cat, kvstore.KeyTag, func(key []byte, desc *SchemaDesc, _ kvstore.RowReader, live bool) error {
		if !live {
			return nil
		}
		tk, err := cat.codec.ParseTagKey(key)
		if err != nil {
			return err
		}
		st.TagVertices[desc.Name]++
		if !bytes.Equal(tk.VID, last) {
			st.SpaceVertices++
			last = append(last[:0], tk.VID...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.eachRow(ctx, p, cat, kvstore.KeyEdge, func(key []byte, desc *SchemaDesc, _ kvstore.RowReader, live bool) error {
		ek, err := cat.codec.ParseEdgeKey(key)
		if err != nil {
			return err
		}
		if live && ek.Type > 0 {
			st.Edges[desc.Name]++
			st.SpaceEdges++
		}
		return nil
	})
}
