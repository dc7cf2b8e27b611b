package kvstore

// Reader is the read side shared by an Engine and its snapshots. Methods
// are safe for concurrent use.
type Reader interface {
	// Get returns a copy of the value of key, or ErrNotFound.
	Get(key []byte) ([]byte, error)
	// View calls fn with the value of key without copying it, or returns
	// ErrNotFound without calling fn. NB: value is valid only during fn;
	// fn must not retain or modify it. View returns fn's error.
	View(key []byte, fn func(value []byte) error) error
	// MultiGet returns copies of the values of keys, in order; a missing
	// key has a nil entry (an empty value is a non-nil empty slice).
	MultiGet(keys [][]byte) ([][]byte, error)
	// NewIter returns an iterator over the keys o selects, unpositioned:
	// call First or SeekGE. The caller must Close it.
	NewIter(o IterOptions) (Iterator, error)
}

// Writer is the write side shared by an Engine (each call is its own atomic
// write) and a Batch (calls are buffered until Commit). The engine copies
// keys and values; callers may reuse them after the call returns.
type Writer interface {
	Put(key, value []byte) error
	Delete(key []byte) error
	// DeleteRange deletes every key in [start, end).
	DeleteRange(start, end []byte) error
}

// IterOptions selects the keys an iterator visits. With Prefix set the
// iterator visits exactly the keys that start with it (and the engine uses
// its bloom filters when the prefix is in the extractor's domain);
// otherwise it visits [LowerBound, UpperBound), a nil bound being open.
// Setting Prefix together with a bound is not allowed.
type IterOptions struct {
	Prefix     []byte
	LowerBound []byte
	UpperBound []byte
}

// Iterator walks keys in ascending byte order. It is not safe for
// concurrent use. Key and Value are valid only until the next positioning
// call or Close; copy them to keep them.
type Iterator interface {
	// First moves to the first selected key and reports whether there is one.
	First() bool
	// SeekGE moves to the first selected key >= key.
	SeekGE(key []byte) bool
	// Next moves to the following key and reports whether there is one.
	Next() bool
	// Valid reports whether the iterator is at a key.
	Valid() bool
	Key() []byte
	Value() []byte
	// Err returns the error that stopped the iteration, if any.
	Err() error
	// Close releases the iterator; it returns Err.
	Close() error
}

// PrefixResetter is implemented by the iterators that can be moved to
// another prefix (see pebbleIter.ResetPrefix).
type PrefixResetter interface {
	ResetPrefix(prefix []byte) bool
}

// Batch buffers writes to commit them atomically: after Commit either all
// of them are visible or, on error, none. A Batch is not safe for
// concurrent use and must be Closed (after Commit, too).
type Batch interface {
	Writer
	// Count returns the number of operations buffered.
	Count() uint32
	// Len returns the encoded size of the batch in bytes.
	Len() int
	// Commit applies the batch. It may be called once; Reset allows reuse.
	Commit() error
	// Reset empties the batch for reuse, keeping its memory.
	Reset()
	Close() error
}

// Snapshot is a consistent point-in-time view of an engine. It must be
// Closed; an open snapshot pins the data it sees, holding back compactions'
// space reclamation.
type Snapshot interface {
	Reader
	Close() error
}

// Span is the key range [Start, End).
type Span struct {
	Start, End []byte
}

// Engine is a local ordered key-value store. Every method is safe for
// concurrent use. Writes are atomic per call or per Batch, and durable as
// the engine's options say (see Options.Sync).
type Engine interface {
	Reader
	Writer
	NewBatch() Batch
	NewSnapshot() Snapshot
	// Checkpoint writes a consistent, openable copy of the store (or of the
	// spans given, when any) to dir, which must not exist; files are hard
	// linked when possible.
	Checkpoint(dir string, spans ...Span) error
	// NewSSTWriter creates an sstable at path (on the engine's file system)
	// that Ingest can load.
	NewSSTWriter(path string) (*SSTWriter, error)
	// Ingest atomically adds the sstables at paths (which it takes over).
	// Their key ranges must not overlap each other.
	Ingest(paths []string) error
	// Flush writes the memtable out to an sstable and waits for it.
	Flush() error
	// Compact compacts [start, end) down the levels and waits for it.
	Compact(start, end []byte) error
	// ApproximateSize estimates the on-disk bytes of [start, end).
	ApproximateSize(start, end []byte) (uint64, error)
	// Stats returns a summary of the engine's metrics.
	Stats() Stats
	Close() error
}

// Stats is a summary of an engine's state for /metrics and SHOW STATS.
type Stats struct {
	DiskUsage        uint64 // bytes of sstables, WAL and manifests
	LiveSSTSize      uint64
	MemTableSize     uint64
	MemTableCount    int64
	WALSize          uint64
	L0Files          int64
	L0Sublevels      int32
	LevelFiles       [7]int64
	LevelSize        [7]int64
	ReadAmp          int
	CompactionCount  int64
	CompactionDebt   uint64 // estimated bytes still to compact
	FlushCount       int64
	BlockCacheSize   int64
	BlockCacheHits   int64
	BlockCacheMisses int64
	TableIters       int64 // open sstable iterators
	Snapshots        int
}
