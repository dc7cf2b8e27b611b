package kvstore

import (
	"fmt"
	"log/slog"
	"runtime"
	"strings"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/bloom"
	"github.com/cockroachdb/pebble/vfs"
)

// Compression is the block compression of one LSM level.
type Compression uint8

// Block compressions.
const (
	CompressionDefault Compression = iota // the Options default for that level
	CompressionNone
	CompressionSnappy
)

// String names the compression as the --rocksdb_compression-style flags do.
func (c Compression) String() string {
	switch c {
	case CompressionNone:
		return "none"
	case CompressionSnappy:
		return "snappy"
	}
	return "default"
}

// ParseCompression parses "none" or "snappy".
//
// NB: zstd is deliberately absent. Pebble v1.1's cgo zstd binding expects
// github.com/DataDog/zstd v1.4 and fails on every block with the v1.5 that
// the module graph selects (hashicorp/raft's msgpack requires it).
func ParseCompression(s string) (Compression, error) {
	switch s {
	case "none", "no":
		return CompressionNone, nil
	case "snappy":
		return CompressionSnappy, nil
	}
	return CompressionDefault, fmt.Errorf("compression %q: want none or snappy", s)
}

// NumLevels is the number of LSM levels (L0..L6).
const NumLevels = 7

// Options configures an engine. The zero value of every field means "the
// default below"; cmd/storaged fills them from flags. The defaults are
// chosen for a storaged holding graph data on a small machine.
type Options struct {
	// BlockCacheSize is the bytes of uncompressed blocks kept in memory.
	// Default 256 MiB: tag rows and the first blocks of edge prefixes are
	// the working set of expansions, and a cache miss is a disk read plus a
	// decompression. Ignored when Cache is set.
	BlockCacheSize int64
	// Cache, when set, is shared with other engines of the process (one per
	// space), so that the memory budget is global rather than per space.
	Cache *Cache

	// VertexCacheSize is the bytes of the vertex cache (VertexCache): the
	// tag rows of vertices read recently. Default 50 MiB, NebulaGraph's
	// vertex_pool_capacity; negative turns the cache off. Ignored when
	// VertexCache is set.
	VertexCacheSize int64
	// VertexCache, when set, is shared with other engines of the process.
	VertexCache *VertexCache

	// MemTableSize is the size of one memtable. Default 64 MiB: a bigger
	// memtable means fewer, larger L0 files and less write amplification.
	// At most MemTableStopWrites of them (default 4) exist before writes
	// stall, bounding memory at 256 MiB. A batch of at least half of it
	// skips the memtable (see BulkBatchBytes).
	MemTableSize       uint64
	MemTableStopWrites int

	// L0CompactionThreshold (default 4) is the L0 read amplification that
	// triggers a compaction; L0StopWrites (default 24) the one that stalls
	// writes. The stall threshold is twice pebble's so that a bulk load on
	// two cores rides out compaction bursts instead of stalling.
	L0CompactionThreshold int
	L0StopWrites          int
	// LBaseMaxBytes is the target size of the first non-empty level below L0;
	// default 256 MiB, four memtables, so that a flush does not immediately
	// cascade into Lbase compactions.
	LBaseMaxBytes int64
	// TargetFileSize is the sstable size at L0, doubling per level; default
	// 2 MiB (pebble's), so that L6 files are 128 MiB: big enough for few
	// files, small enough that one compaction does not rewrite a large part
	// of the store.
	TargetFileSize int64
	// MaxConcurrentCompactions defaults to the number of CPUs, at most 4,
	// at least 1.
	MaxConcurrentCompactions int

	// BlockSize is the uncompressed size of data blocks; default 4 KiB, the
	// unit of a point read, which with bloom filters is usually the only
	// block a tag read touches.
	BlockSize int
	// IndexBlockSize is the size past which an sstable's index is split
	// into partitions under a top-level index (pebble's two-level index);
	// default 256 KiB, so a table of this store's sizes keeps one index
	// block, as RocksDB's default binary-search index does. A two-level
	// index costs every seek on a fresh iterator (a GetProps reads each
	// vertex through one) a second index block from the cache.
	IndexBlockSize int
	// BloomBitsPerKey sizes the bloom filters (default 10, ~1% false
	// positives); negative disables them. Filters hash the prefix that
	// Prefix returns.
	BloomBitsPerKey int
	// Compression per level. Default: none on L0 and L1, which are rewritten
	// soon and hot in reads (compressing them costs CPU a two-core machine
	// needs for foreground work); snappy below, where most of the data
	// lives and changes least. Entries left at CompressionDefault keep that
	// default. (See ParseCompression for why zstd is not offered.)
	Compression [NumLevels]Compression

	// Prefix is the bloom prefix extractor, usually KeyCodec.PrefixExtractor
	// of the space. Nil hashes whole keys (point reads only). NB: it is
	// persisted by name; reopening with another one fails.
	Prefix PrefixExtractor

	// Sync makes every write wait for fsync of the WAL. Default false: the
	// raft log is the durable record and applying is idempotent, so the
	// data engine trades the last writes before an OS crash for latency.
	Sync bool
	// DisableWAL turns the write-ahead log off entirely (only for bulk
	// loads that are redone from scratch after a crash).
	DisableWAL bool

	// Logger receives pebble's background errors; nil uses slog.Default().
	Logger *slog.Logger

	// FS is the file system Open stores the engine on. Nil: the local disk
	// (vfs.Default). storaged passes a wrapper that handles a full disk
	// (pkg/storage's disk-space guard) instead of letting pebble's write-
	// ahead log fail, which pebble cannot survive.
	FS vfs.FS
}

// DefaultVertexCacheSize is Options.VertexCacheSize's default.
const DefaultVertexCacheSize = 50 << 20

// BulkBatchBytes is the batch size (Batch.Len) bulk loaders should commit
// at: from MemTableSize/2 on, pebble does not insert a batch into the
// memtable's skiplist — a cache miss per level per key when keys arrive in
// random order, as the out- and in-keys of random edges do — but sorts it
// and flushes it as its own L0 table. Measured in BenchmarkBulkLoad this
// halves the CPU cost of loading edges; BulkBatch batches at this size and
// also pre-sorts, saving a further quarter.
func (o Options) BulkBatchBytes() int {
	return int(o.withDefaults().MemTableSize / 2)
}

// withDefaults returns o with zero fields set to their defaults.
func (o Options) withDefaults() Options {
	if o.BlockCacheSize <= 0 {
		o.BlockCacheSize = 256 << 20
	}
	if o.VertexCacheSize == 0 {
		o.VertexCacheSize = DefaultVertexCacheSize
	}
	if o.MemTableSize == 0 {
		o.MemTableSize = 64 << 20
	}
	if o.MemTableStopWrites <= 0 {
		o.MemTableStopWrites = 4
	}
	if o.L0CompactionThreshold <= 0 {
		o.L0CompactionThreshold = 4
	}
	if o.L0StopWrites <= 0 {
		o.L0StopWrites = 24
	}
	if o.LBaseMaxBytes <= 0 {
		o.LBaseMaxBytes = 256 << 20
	}
	if o.TargetFileSize <= 0 {
		o.TargetFileSize = 2 << 20
	}
	if o.MaxConcurrentCompactions <= 0 {
		o.MaxConcurrentCompactions = min(max(runtime.NumCPU(), 1), 4)
	}
	if o.BlockSize <= 0 {
		o.BlockSize = 4 << 10
	}
	if o.IndexBlockSize <= 0 {
		o.IndexBlockSize = 256 << 10
	}
	if o.BloomBitsPerKey == 0 {
		o.BloomBitsPerKey = 10
	}
	defaults := [NumLevels]Compression{
		CompressionNone, CompressionNone,
		CompressionSnappy, CompressionSnappy, CompressionSnappy, CompressionSnappy, CompressionSnappy,
	}
	for i, c := range o.Compression {
		if c == CompressionDefault {
			o.Compression[i] = defaults[i]
		}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// pebbleOptions translates o (with defaults applied) for pebble. The cache
// is set by the caller.
func (o Options) pebbleOptions() *pebble.Options {
	po := &pebble.Options{
		MemTableSize:                o.MemTableSize,
		MemTableStopWritesThreshold: o.MemTableStopWrites,
		L0CompactionThreshold:       o.L0CompactionThreshold,
		L0StopWritesThreshold:       o.L0StopWrites,
		LBaseMaxBytes:               o.LBaseMaxBytes,
		DisableWAL:                  o.DisableWAL,
		FormatMajorVersion:          formatVersion,
		Logger:                      slogLogger{o.Logger},
		Comparer:                    comparer(o.Prefix),
	}
	n := o.MaxConcurrentCompactions
	po.MaxConcurrentCompactions = func() int { return n }
	size := o.TargetFileSize
	po.Levels = make([]pebble.LevelOptions, NumLevels)
	for i := range po.Levels {
		l := &po.Levels[i]
		l.BlockSize = o.BlockSize
		l.IndexBlockSize = o.IndexBlockSize
		l.TargetFileSize = size
		size *= 2
		if o.BloomBitsPerKey > 0 {
			l.FilterPolicy = bloom.FilterPolicy(o.BloomBitsPerKey)
			l.FilterType = pebble.TableFilter
		}
		switch o.Compression[i] {
		case CompressionSnappy:
			l.Compression = pebble.SnappyCompression
		default:
			l.Compression = pebble.NoCompression
		}
	}
	return po
}

// formatVersion is the store format. NB: it is deliberately older than
// pebble.FormatNewest. From FormatDeleteSizedAndObsolete on, sstables
// always use "value blocks": when consecutive keys share a Split prefix,
// pebble treats all but the first as older MVCC versions and moves their
// values out of line. Our prefixes group a vertex's tags and a vertex's
// edges of one type, which are all live and all read, so every row but the
// first would cost another block read. This version keeps values in line
// (value blocks are off unless enabled) and still has flushable batches.
const formatVersion = pebble.FormatPrePebblev1MarkedCompacted

// comparer is pebble's bytewise comparer with the bloom prefix of p.
func comparer(p PrefixExtractor) *pebble.Comparer {
	c := *pebble.DefaultComparer
	if p != nil {
		c.Split = p.Split
		c.Name = "novagraph.bytewise." + p.Name()
	}
	return &c
}

// Cache is a block cache that several engines may share. Release it when
// the engines using it are closed (they keep their own reference).
type Cache struct {
	c *pebble.Cache
}

// NewCache returns a block cache of size bytes.
func NewCache(size int64) *Cache { return &Cache{c: pebble.NewCache(size)} }

// Release drops the creator's reference.
func (c *Cache) Release() { c.c.Unref() }

// slogLogger adapts slog to pebble's Logger. Pebble reports background
// errors through Infof and calls Fatalf only on a broken invariant or
// corruption, after which it must not continue.
type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Infof(format string, args ...any) {
	msg := "pebble: " + fmt.Sprintf(format, args...)
	if strings.HasPrefix(format, "background error") {
		s.l.Error(msg)
		return
	}
	// Everything else is routine (WAL replay, cleanup progress).
	s.l.Debug(msg)
}

func (s slogLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.l.Error("pebble fatal: " + msg)
	panic("pebble: " + msg)
}
