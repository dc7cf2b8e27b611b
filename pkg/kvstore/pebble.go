package kvstore

import (
	"fmt"
	"sync/atomic"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
)

// Pebble is the Engine on github.com/cockroachdb/pebble. Its methods are
// safe for concurrent use; after Close they return ErrClosed.
type Pebble struct {
	reader
	db     *pebble.DB
	opts   Options // with defaults applied
	popts  *pebble.Options
	wo     *pebble.WriteOptions
	closed atomic.Bool
	// vc is the engine's part of its vertex cache; nil without one.
	vc *vcHandle
}

var _ Engine = (*Pebble)(nil)

// Open opens (creating if needed) the engine stored in dir on the local
// disk, or on o.FS when set.
func Open(dir string, o Options) (*Pebble, error) {
	fs := o.FS
	if fs == nil {
		fs = vfs.Default
	}
	return open(dir, fs, o)
}

// OpenMem opens an empty engine held in memory: the in-memory twin for
// tests. It behaves exactly like an on-disk engine (same code, same
// options); its checkpoints and sstables live on the same in-memory file
// system, reachable through OpenCheckpoint and NewSSTWriter.
func OpenMem(o Options) (*Pebble, error) {
	return open("/novagraph", vfs.NewMem(), o)
}

// OpenCheckpoint opens the engine at dir on p's file system (a directory
// written by p.Checkpoint, say) with options o. For an in-memory engine
// this is the only way to reach its checkpoints.
func (p *Pebble) OpenCheckpoint(dir string, o Options) (*Pebble, error) {
	return open(dir, p.popts.FS, o)
}

func open(dir string, fs vfs.FS, o Options) (*Pebble, error) {
	o = o.withDefaults()
	po := o.pebbleOptions()
	po.FS = fs
	cache := o.Cache
	if cache == nil {
		cache = NewCache(o.BlockCacheSize)
		// The DB takes its own reference; ours goes when Open returns.
		defer cache.Release()
	}
	po.Cache = cache.c
	db, err := pebble.Open(dir, po)
	if err != nil {
		return nil, fmt.Errorf("open engine %s: %w", dir, err)
	}
	wo := pebble.NoSync
	if o.Sync {
		wo = pebble.Sync
	}
	p := &Pebble{db: db, opts: o, popts: po, wo: wo}
	p.reader = reader{src: db, prefix: o.Prefix, closed: &p.closed}
	switch {
	case o.VertexCache != nil:
		p.vc = o.VertexCache.handle()
	case o.VertexCacheSize > 0:
		p.vc = NewVertexCache(o.VertexCacheSize).handle()
	}
	return p, nil
}

// Put writes key → value.
func (p *Pebble) Put(key, value []byte) error {
	if p.closed.Load() {
		return ErrClosed
	}
	if err := p.db.Set(key, value, p.wo); err != nil {
		return fmt.Errorf("put: %w", err)
	}
	if p.vc != nil {
		p.vc.invalidate(key)
	}
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (p *Pebble) Delete(key []byte) error {
	if p.closed.Load() {
		return ErrClosed
	}
	if err := p.db.Delete(key, p.wo); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	if p.vc != nil {
		p.vc.invalidate(key)
	}
	return nil
}

// DeleteRange removes every key in [start, end).
func (p *Pebble) DeleteRange(start, end []byte) error {
	if p.closed.Load() {
		return ErrClosed
	}
	err := p.db.DeleteRange(start, end, p.wo)
	if p.vc != nil {
		p.vc.clear()
	}
	if err != nil {
		return fmt.Errorf("delete range: %w", err)
	}
	return nil
}

// NewBatch returns an empty write batch.
func (p *Pebble) NewBatch() Batch {
	return &pebbleBatch{b: p.db.NewBatch(), p: p}
}

// NewSnapshot returns a point-in-time view; the caller must Close it.
func (p *Pebble) NewSnapshot() Snapshot {
	s := &pebbleSnapshot{engine: &p.closed, vc: p.vc}
	if p.vc != nil {
		// Before the snapshot: see VertexCache.
		s.gen = p.vc.gen.Load()
	}
	s.snap = p.db.NewSnapshot()
	s.reader = reader{src: s.snap, prefix: p.opts.Prefix, closed: &s.closed, engine: &p.closed}
	if p.vc != nil {
		return pebbleSnapshotCached{s}
	}
	return s
}

// Checkpoint writes a consistent copy of the store (restricted to spans when
// given) to dir, which must not exist. The WAL is flushed first so the copy
// holds every acknowledged write.
func (p *Pebble) Checkpoint(dir string, spans ...Span) error {
	if p.closed.Load() {
		return ErrClosed
	}
	opts := []pebble.CheckpointOption{pebble.WithFlushedWAL()}
	if len(spans) > 0 {
		cs := make([]pebble.CheckpointSpan, len(spans))
		for i, s := range spans {
			cs[i] = pebble.CheckpointSpan{Start: s.Start, End: s.End}
		}
		opts = append(opts, pebble.WithRestrictToSpans(cs))
	}
	if err := p.db.Checkpoint(dir, opts...); err != nil {
		return fmt.Errorf("checkpoint to %s: %w", dir, err)
	}
	return nil
}

// Ingest adds the sstables at paths atomically; the files are moved (or
// linked) into the store.
func (p *Pebble) Ingest(paths []string) error {
	if p.closed.Load() {
		return ErrClosed
	}
	err := p.db.Ingest(paths)
	if p.vc != nil {
		p.vc.clear()
	}
	if err != nil {
		return fmt.Errorf("ingest %d files: %w", len(paths), err)
	}
	return nil
}

// Flush writes the memtable to L0 and waits.
func (p *Pebble) Flush() error {
	if p.closed.Load() {
		return ErrClosed
	}
	if err := p.db.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}

// Compact compacts [start, end) and waits. A nil start or end extends the
// range to the first or past the last key.
func (p *Pebble) Compact(start, end []byte) error {
	if p.closed.Load() {
		return ErrClosed
	}
	start, end, ok, err := p.span(start, end)
	if err != nil || !ok {
		return err
	}
	if err := p.db.Compact(start, end, true); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	return nil
}

// ApproximateSize estimates the disk bytes of [start, end); nil ends are
// open.
func (p *Pebble) ApproximateSize(start, end []byte) (uint64, error) {
	if p.closed.Load() {
		return 0, ErrClosed
	}
	start, end, ok, err := p.span(start, end)
	if err != nil || !ok {
		return 0, err
	}
	n, err := p.db.EstimateDiskUsage(start, end)
	if err != nil {
		return 0, fmt.Errorf("estimate size: %w", err)
	}
	return n, nil
}

// span closes open ends of [start, end) with the store's first and last
// keys; ok is false when the range is empty.
func (p *Pebble) span(start, end []byte) ([]byte, []byte, bool, error) {
	if start != nil && end != nil {
		return start, end, string(start) < string(end), nil
	}
	it, err := p.db.NewIter(&pebble.IterOptions{LowerBound: start, UpperBound: end})
	if err != nil {
		return nil, nil, false, fmt.Errorf("find key span: %w", err)
	}
	defer it.Close()
	if start == nil {
		if !it.First() {
			return nil, nil, false, it.Error()
		}
		start = append([]byte(nil), it.Key()...)
	}
	if end == nil {
		if !it.Last() {
			return nil, nil, false, it.Error()
		}
		end = append(append([]byte(nil), it.Key()...), 0)
	}
	return start, end, string(start) < string(end), nil
}

// Stats summarizes pebble's metrics.
func (p *Pebble) Stats() Stats {
	if p.closed.Load() {
		return Stats{}
	}
	m := p.db.Metrics()
	s := Stats{
		DiskUsage:        m.DiskSpaceUsage(),
		MemTableSize:     m.MemTable.Size,
		MemTableCount:    m.MemTable.Count,
		WALSize:          m.WAL.Size,
		L0Files:          m.Levels[0].NumFiles,
		L0Sublevels:      m.Levels[0].Sublevels,
		ReadAmp:          m.ReadAmp(),
		CompactionCount:  m.Compact.Count,
		CompactionDebt:   m.Compact.EstimatedDebt,
		FlushCount:       m.Flush.Count,
		BlockCacheSize:   m.BlockCache.Size,
		BlockCacheHits:   m.BlockCache.Hits,
		BlockCacheMisses: m.BlockCache.Misses,
		TableIters:       m.TableIters,
		Snapshots:        m.Snapshots.Count,
	}
	for i := range m.Levels {
		s.LevelFiles[i] = m.Levels[i].NumFiles
		s.LevelSize[i] = m.Levels[i].Size
		s.LiveSSTSize += uint64(m.Levels[i].Size)
	}
	return s
}

// Metrics returns pebble's full metrics report, for debugging pages.
func (p *Pebble) Metrics() string {
	if p.closed.Load() {
		return ""
	}
	return p.db.Metrics().String()
}

// Close closes the engine. Open snapshots and iterators must be closed
// first.
func (p *Pebble) Close() error {
	if p.closed.Swap(true) {
		return ErrClosed
	}
	if err := p.db.Close(); err != nil {
		return fmt.Errorf("close engine: %w", err)
	}
	return nil
}

// pebbleBatch is a Batch on a pebble batch.
type pebbleBatch struct {
	b *pebble.Batch
	p *Pebble
	// With a vertex cache: the tag keys written (copied into tagKeyBuf,
	// tagKeyEnds marking where each ends) and whether the whole cache of
	// the engine is to go (a range deletion, too many keys), for Commit
	// to invalidate.
	tagKeyBuf  []byte
	tagKeyEnds []int
	ranged     bool
}

func (b *pebbleBatch) Put(key, value []byte) error {
	if b.b == nil {
		return ErrClosed
	}
	b.noteKey(key)
	return b.b.Set(key, value, nil)
}

func (b *pebbleBatch) Delete(key []byte) error {
	if b.b == nil {
		return ErrClosed
	}
	b.noteKey(key)
	return b.b.Delete(key, nil)
}

func (b *pebbleBatch) DeleteRange(start, end []byte) error {
	if b.b == nil {
		return ErrClosed
	}
	b.ranged = true
	return b.b.DeleteRange(start, end, nil)
}

// maxBatchTagKeys bounds the tag keys a batch remembers; a batch writing
// more (a bulk load) clears the engine's vertex cache instead.
const maxBatchTagKeys = 4096

// noteKey remembers a tag key for the vertex cache's invalidation.
func (b *pebbleBatch) noteKey(key []byte) {
	if b.p.vc == nil || b.ranged {
		return
	}
	if _, ok := tagPrefixOf(key); !ok {
		return
	}
	if len(b.tagKeyEnds) == maxBatchTagKeys {
		b.ranged = true
		b.tagKeyBuf, b.tagKeyEnds = b.tagKeyBuf[:0], b.tagKeyEnds[:0]
		return
	}
	b.tagKeyBuf = append(b.tagKeyBuf, key...)
	b.tagKeyEnds = append(b.tagKeyEnds, len(b.tagKeyBuf))
}

// invalidate drops what the batch wrote from the vertex cache.
func (b *pebbleBatch) invalidate() {
	vc := b.p.vc
	if vc == nil {
		return
	}
	if b.ranged {
		vc.clear()
		return
	}
	start := 0
	for _, end := range b.tagKeyEnds {
		vc.invalidate(b.tagKeyBuf[start:end])
		start = end
	}
}

func (b *pebbleBatch) forget() {
	b.tagKeyBuf, b.tagKeyEnds, b.ranged = b.tagKeyBuf[:0], b.tagKeyEnds[:0], false
}

func (b *pebbleBatch) Count() uint32 {
	if b.b == nil {
		return 0
	}
	return b.b.Count()
}

func (b *pebbleBatch) Len() int {
	if b.b == nil {
		return 0
	}
	return b.b.Len()
}

func (b *pebbleBatch) Commit() error {
	if b.b == nil || b.p.closed.Load() {
		return ErrClosed
	}
	err := b.b.Commit(b.p.wo)
	b.invalidate()
	if err != nil {
		return fmt.Errorf("commit batch of %d: %w", b.b.Count(), err)
	}
	return nil
}

func (b *pebbleBatch) Reset() {
	if b.b != nil {
		b.b.Reset()
	}
	b.forget()
}

func (b *pebbleBatch) Close() error {
	if b.b == nil {
		return ErrClosed
	}
	err := b.b.Close()
	b.b = nil
	return err
}

// pebbleSnapshot is a Snapshot on a pebble snapshot.
type pebbleSnapshot struct {
	reader
	snap   *pebble.Snapshot
	engine *atomic.Bool // the engine's closed flag
	closed atomic.Bool
	// vc is the engine's vertex cache (nil without one) and gen its
	// generation when the snapshot was taken.
	vc  *vcHandle
	gen uint64
}

// pebbleSnapshotCached is a snapshot of an engine with a vertex cache.
type pebbleSnapshotCached struct{ *pebbleSnapshot }

var _ VertexCacher = pebbleSnapshotCached{}

func (s pebbleSnapshotCached) CachedVertex(prefix []byte) ([]KV, bool) {
	return s.vc.get(prefix)
}

func (s pebbleSnapshotCached) FillVertex(prefix []byte, kvs []KV) {
	s.vc.fill(s.gen, prefix, kvs)
}

func (s *pebbleSnapshot) Close() error {
	if s.closed.Swap(true) {
		return ErrClosed
	}
	if s.engine.Load() {
		// The engine closed first; pebble already released it.
		return nil
	}
	return s.snap.Close()
}
