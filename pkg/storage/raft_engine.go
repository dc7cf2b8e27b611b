package storage

import (
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// raftEngine lets raftex apply a part's entries to a space's kvstore.Engine.
// Several parts share one raftEngine, as they share the engine.
type raftEngine struct {
	e kvstore.Engine
}

var _ raftex.Engine = raftEngine{}

func (r raftEngine) NewBatch() raftex.EngineBatch { return raftBatch{r.e.NewBatch()} }

func (r raftEngine) NewSnapshot() raftex.EngineSnapshot { return raftSnapshot{r.e.NewSnapshot()} }

// Sync makes every committed batch durable. NB: kvstore.Engine has no
// WAL-only sync, so this flushes the memtables, which is heavier than an
// fsync of the log; raftex calls it only before truncating a part's raft
// log (every few thousand entries), so the cost is amortised.
func (r raftEngine) Sync() error {
	if err := r.e.Flush(); err != nil {
		return fmt.Errorf("sync engine: %w", err)
	}
	return nil
}

type raftBatch struct{ b kvstore.Batch }

func (b raftBatch) Set(key, value []byte) error         { return b.b.Put(key, value) }
func (b raftBatch) Delete(key []byte) error             { return b.b.Delete(key) }
func (b raftBatch) DeleteRange(start, end []byte) error { return b.b.DeleteRange(start, end) }
func (b raftBatch) Commit() error                       { return b.b.Commit() }
func (b raftBatch) Close() error                        { return b.b.Close() }

type raftSnapshot struct{ s kvstore.Snapshot }

func (s raftSnapshot) Get(key []byte) ([]byte, bool, error) {
	v, err := s.s.Get(key)
	if errors.Is(err, kvstore.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

func (s raftSnapshot) Scan(start, end []byte, fn func(key, value []byte) error) error {
	it, err := s.s.NewIter(kvstore.IterOptions{LowerBound: start, UpperBound: end})
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			it.Close()
			return err
		}
	}
	return it.Close()
}

func (s raftSnapshot) Close() error { return s.s.Close() }
