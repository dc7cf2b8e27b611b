package raftex

import (
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble"
)

// PebbleEngine is an Engine over a Pebble database that the caller opened
// and keeps ownership of (PebbleEngine never closes it). The database must
// have its write-ahead log enabled: Sync relies on it.
type PebbleEngine struct {
	db *pebble.DB
}

// NewPebbleEngine returns an Engine writing to db.
func NewPebbleEngine(db *pebble.DB) *PebbleEngine { return &PebbleEngine{db: db} }

// NewBatch implements Engine.
func (e *PebbleEngine) NewBatch() EngineBatch { return &pebbleBatch{b: e.db.NewBatch()} }

// NewSnapshot implements Engine.
func (e *PebbleEngine) NewSnapshot() EngineSnapshot { return &pebbleSnapshot{s: e.db.NewSnapshot()} }

// Sync implements Engine. Pebble's log is sequential, so syncing an empty
// record makes every earlier write durable too.
func (e *PebbleEngine) Sync() error {
	if err := e.db.LogData(nil, pebble.Sync); err != nil {
		return fmt.Errorf("sync engine: %w", err)
	}
	return nil
}

type pebbleBatch struct {
	b *pebble.Batch
}

func (b *pebbleBatch) Set(key, value []byte) error   { return b.b.Set(key, value, nil) }
func (b *pebbleBatch) Delete(key []byte) error       { return b.b.Delete(key, nil) }
func (b *pebbleBatch) DeleteRange(s, e []byte) error { return b.b.DeleteRange(s, e, nil) }
func (b *pebbleBatch) Commit() error                 { return b.b.Commit(pebble.NoSync) }
func (b *pebbleBatch) Close() error                  { return b.b.Close() }

type pebbleSnapshot struct {
	s *pebble.Snapshot
}

func (s *pebbleSnapshot) Get(key []byte) ([]byte, bool, error) {
	v, closer, err := s.s.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	out := append([]byte(nil), v...)
	return out, true, closer.Close()
}

func (s *pebbleSnapshot) Scan(start, end []byte, fn func(k, v []byte) error) error {
	it, err := s.s.NewIter(&pebble.IterOptions{LowerBound: start, UpperBound: end})
	if err != nil {
		return err
	}
	for valid := it.First(); valid; valid = it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return err
	}
	return it.Close()
}

func (s *pebbleSnapshot) Close() error { return s.s.Close() }
