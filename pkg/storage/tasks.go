package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// Job tasks: metad splits a job (SUBMIT JOB, REBUILD INDEX) into one task
// per storaged and sends it with addAdminTask; the task runs here under the
// task manager (task_manager.go) and answers when it has finished.
//
//	COMPACT  purge expired rows through raft (leader parts), compact engines
//	FLUSH    flush the space's engines
//	STATS    count live rows per tag and edge type (leader parts)
//	REBUILD_TAG_INDEX / REBUILD_EDGE_INDEX  rebuild index entries from the
//	         live rows of the leader parts while writes go on (task_rebuild.go)
//	DOWNLOAD / INGEST  copy a bulk load's sstables of every local replica,
//	         then ingest them (task_ingest.go)
//
// Tasks that write (purge, rebuild) propose their changes through the
// part's raft group in chunks, so every replica applies them.

// Job types of AddTaskRequest (meta.thrift's JobType numbers).
const (
	jobCompact          = 0
	jobFlush            = 1
	jobRebuildTagIndex  = 2
	jobRebuildEdgeIndex = 3
	jobStats            = 5
)

// taskChunk bounds the writes of one raft entry proposed by a task, and
// the rows a rebuild locks at once.
const taskChunk = 256

// leaderParts returns the replicas of a space this host leads: all of
// them, or the parts of only, each of which must be here and led here
// (else the error says who leads it).
func (s *Store) leaderParts(spaceID int32, only []int32) ([]*part, error) {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, err
	}
	if len(only) == 0 {
		var out []*part
		for _, p := range sp.parts() {
			if p.raft.IsLeader() {
				out = append(out, p)
			}
		}
		return out, nil
	}
	var out []*part
	for _, id := range slices.Compact(slices.Sorted(slices.Values(only))) {
		p, err := sp.part(id)
		if err != nil {
			return nil, err
		}
		if !p.raft.IsLeader() {
			return nil, s.notLeader(p)
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
// (or of the parts given, which it must lead) and returns when it has
// finished: COMPACT purges expired rows through raft then compacts the
// engines, FLUSH flushes them, REBUILD_*_INDEX rebuilds the indexes named
// by id (none: every index of the kind), STATS counts the live data. It
// stops early with ctx's error.
func (s *Store) RunTask(ctx context.Context, jobType int32, spaceID int32, parts []int32, params []string) (*storage.StatsItem, error) {
	switch jobType {
	case jobDownload:
		return nil, s.download(ctx, spaceID, parts, params)
	case jobIngest:
		return nil, s.ingest(ctx, spaceID, parts)
	}
	sp, err := s.space(spaceID)
	if err != nil {
		return nil, err
	}
	cat, err := newCatalog(s.meta, sp)
	if err != nil {
		return nil, err
	}
	switch jobType {
	case jobCompact:
		leaders, err := s.leaderParts(spaceID, parts)
		if err != nil {
			return nil, err
		}
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
		ixs, err := rebuildTargets(cat, jobType == jobRebuildEdgeIndex, params)
		if errors.Is(err, ErrIndexNotFound) {
			// CREATE INDEX then REBUILD at once: metad knows the index, this
			// host's catalog may not yet.
			if cat, err = s.awaitCatalog(ctx, sp, func(c *catalog) error {
				_, err := rebuildTargets(c, jobType == jobRebuildEdgeIndex, params)
				return err
			}); err == nil {
				ixs, err = rebuildTargets(cat, jobType == jobRebuildEdgeIndex, params)
			}
		}
		if err != nil {
			return nil, err
		}
		leaders, err := s.leaderParts(spaceID, parts)
		if err != nil {
			return nil, err
		}
		for _, p := range leaders {
			for _, ix := range ixs {
				if err := s.rebuildIndex(ctx, p, cat, ix); err != nil {
					return nil, err
				}
			}
		}
		return nil, nil
	case jobStats:
		leaders, err := s.leaderParts(spaceID, parts)
		if err != nil {
			return nil, err
		}
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

// catalogWait bounds how long a task waits for this host's meta cache to
// learn of a schema object metad already has.
const catalogWait = 10 * time.Second

// refresher is a Meta whose cache can be reloaded on demand.
type refresher interface {
	Refresh(ctx context.Context) error
}

// awaitCatalog rereads the space's catalog, refreshing the meta cache when
// it can, until ok accepts it or catalogWait passes (ok's last error).
func (s *Store) awaitCatalog(ctx context.Context, sp *space, ok func(*catalog) error) (*catalog, error) {
	ctx, cancel := context.WithTimeout(ctx, catalogWait)
	defer cancel()
	for {
		if r, can := s.meta.(refresher); can {
			_ = r.Refresh(ctx) // a failed refresh is retried below
		}
		cat, err := newCatalog(s.meta, sp)
		if err == nil {
			if err = ok(cat); err == nil {
				return cat, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// rebuildTargets returns the indexes a rebuild task names by id (decimal),
// or every index of the kind when it names none.
func rebuildTargets(cat *catalog, edge bool, params []string) ([]*IndexDesc, error) {
	var out []*IndexDesc
	for _, prm := range params {
		var id int32
		if _, err := fmt.Sscan(prm, &id); err != nil {
			return nil, fmt.Errorf("index id %q: %w", prm, ErrInvalidRequest)
		}
		ix, err := cat.index(id)
		if err != nil {
			return nil, err
		}
		if ix.Edge != edge {
			return nil, fmt.Errorf("index %s is not of the job's kind: %w", ix.Name, ErrInvalidRequest)
		}
		out = append(out, ix)
	}
	if len(params) == 0 {
		for _, ix := range cat.indexes {
			if ix.Edge == edge {
				out = append(out, ix)
			}
		}
	}
	return out, nil
}
