package raftex

// Engine is the local key-value store a part's state machine applies to.
// Several parts may share one Engine; each owns the key ranges of its
// PartConfig.Spans and its applied-index key.
//
// raftex needs only what this interface lists: atomic unsynced batches (a
// part writes its applied index in the same batch as the data it applies), a
// way to make earlier writes durable before the raft log behind them is
// truncated, point-in-time reads to stream a snapshot, and range deletion to
// drop a replica. PebbleEngine implements it over a *pebble.DB.
//
// All methods must be safe for concurrent use.
type Engine interface {
	// NewBatch returns an empty write batch.
	NewBatch() EngineBatch
	// NewSnapshot returns a consistent point-in-time view of the engine.
	// The caller must Close it.
	NewSnapshot() EngineSnapshot
	// Sync makes every batch committed before the call durable.
	Sync() error
}

// EngineBatch collects writes that Commit applies atomically. The batch
// copies the keys and values it is given, so the caller may reuse them. A
// batch is used by one goroutine at a time.
type EngineBatch interface {
	Set(key, value []byte) error
	Delete(key []byte) error
	// DeleteRange deletes every key in [start, end).
	DeleteRange(start, end []byte) error
	// Commit applies the batch atomically without waiting for it to be
	// durable. A batch is committed at most once.
	Commit() error
	// Close releases the batch; it is safe after Commit.
	Close() error
}

// EngineSnapshot is a consistent, read-only view of an Engine.
type EngineSnapshot interface {
	// Get returns a copy of key's value; ok is false when key is absent.
	Get(key []byte) (value []byte, ok bool, err error)
	// Scan calls fn for each key in [start, end) in ascending order,
	// stopping at the first error fn returns (which Scan returns). key and
	// value are only valid during the call.
	Scan(start, end []byte, fn func(key, value []byte) error) error
	Close() error
}

// Span is the half-open key range [Start, End).
type Span struct {
	Start, End []byte
}

// PrefixSpan returns the span of every key starting with prefix. prefix
// must not be empty or all 0xff bytes.
func PrefixSpan(prefix []byte) Span {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return Span{Start: append([]byte(nil), prefix...), End: end[:i+1]}
		}
	}
	panic("raftex: PrefixSpan of an empty or all-0xff prefix")
}

// contains reports whether key falls in s.
func (s Span) contains(key []byte) bool {
	return string(key) >= string(s.Start) && string(key) < string(s.End)
}
