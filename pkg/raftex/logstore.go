package raftex

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/raft"
)

// logDB is the one durable raft log and stable store shared by every group
// of a Node: a Pebble instance of its own, separate from the data engine.
//
// Every write that raft must find after a crash (log entries, term, vote,
// snapshot metadata) is committed with pebble.Sync. Pebble's commit pipeline
// coalesces the WAL syncs of batches committed concurrently, so the many
// groups of a host, each appending from its own raft goroutine, share fsyncs
// instead of paying one each: that is the group commit this design relies on
// (see BenchmarkPropose, which compares it with one fsync per entry). To
// share more, a sync that follows one shared by several appends waits for
// the group-commit window (Options.LogSyncInterval) to gather the next
// ones; a lone hot group, whose syncs each carry one append, never waits.
//
// Key layout (docs in format.md):
//
//	'l' space(4) part(4) index(8)  -> log entry
//	's' space(4) part(4) name      -> stable-store value
//	'm' space(4) part(4)           -> snapshot metadata
type logDB struct {
	db *pebble.DB
	// appends counts log appends since the last WAL sync.
	appends atomic.Int64
	// lazy is the file system whose WAL skips per-commit syncs, when
	// Options.SkipLogSync is set; nil otherwise.
	lazy *lazyWALFS
}

const (
	prefixLog      = 'l'
	prefixStable   = 's'
	prefixSnapMeta = 'm'
)

func openLogDB(fs vfs.FS, dir string, syncInterval time.Duration, skipSync bool, logger *slog.Logger) (*logDB, error) {
	d := &logDB{}
	path := fs.PathJoin(dir, "log")
	if err := mkdirAllSynced(fs, path); err != nil {
		return nil, fmt.Errorf("create raft log dir %s: %w", path, err)
	}
	if skipSync {
		d.lazy = newLazyWALFS(fs)
		fs = d.lazy
		// Syncs cost nothing then: holding them back would only add
		// latency.
		syncInterval = 0
	}
	opts := &pebble.Options{
		FS:     fs,
		Logger: pebbleLogger{logger},
		// Log entries live briefly (until the next snapshot truncates
		// them); a memtable larger than the default lets more die before a
		// flush, while staying small enough for cheap inserts.
		MemTableSize: 8 << 20,
		// Pebble asks after each sync how long to hold the next one back.
		WALMinSyncInterval: func() time.Duration {
			if d.appends.Swap(0) < 2 {
				return 0
			}
			return syncInterval
		},
	}
	db, err := pebble.Open(path, opts)
	if err != nil {
		return nil, fmt.Errorf("open raft log store: %w", err)
	}
	d.db = db
	return d, nil
}

func (d *logDB) Close() error { return d.db.Close() }

// durable makes the writes committed so far durable even when the WAL
// skips per-commit syncs: raft's term, vote and snapshot metadata must
// survive a power cut for a replica not to vote twice in a term or forget
// a snapshot it reported.
func (d *logDB) durable() error {
	if d.lazy == nil {
		return nil
	}
	if err := d.lazy.syncAll(); err != nil {
		return fmt.Errorf("sync raft log store: %w", err)
	}
	return nil
}

// mkdirAllSynced creates dir and any missing parents, syncing each parent
// that gains an entry: a directory whose creation is not synced into its
// parent can vanish in a crash, taking everything synced inside it along.
func mkdirAllSynced(fs vfs.FS, dir string) error {
	if _, err := fs.Stat(dir); err == nil {
		return nil
	}
	parent := fs.PathDir(dir)
	if parent != dir {
		if err := mkdirAllSynced(fs, parent); err != nil {
			return err
		}
	}
	if err := fs.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if parent == dir {
		return nil
	}
	return syncDir(fs, parent)
}

func groupKey(prefix byte, g groupID, extra int) []byte {
	k := make([]byte, 9, 9+extra)
	k[0] = prefix
	binary.BigEndian.PutUint32(k[1:], uint32(g.Space))
	binary.BigEndian.PutUint32(k[5:], uint32(g.Part))
	return k
}

func logKey(g groupID, index uint64) []byte {
	return binary.BigEndian.AppendUint64(groupKey(prefixLog, g, 8), index)
}

// dropGroup deletes everything the store holds for g.
func (d *logDB) dropGroup(g groupID) error {
	b := d.db.NewBatch()
	defer b.Close()
	for _, p := range []byte{prefixLog, prefixStable, prefixSnapMeta} {
		s := PrefixSpan(groupKey(p, g, 0))
		if err := b.DeleteRange(s.Start, s.End, nil); err != nil {
			return err
		}
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("drop raft log of %s: %w", g, err)
	}
	return nil
}

// groupLog is one group's view of the logDB: a raft.LogStore and
// raft.StableStore. raft calls it from several goroutines (appends and
// suffix truncation from its main loop, compaction from its snapshot loop,
// reads from replication), so the cached bounds are under mu.
type groupLog struct {
	db      *pebble.DB
	logs    *logDB
	appends *atomic.Int64 // the logDB's
	g       groupID
	mu      struct {
		sync.Mutex
		first, last uint64 // 0, 0 when the log is empty
	}
}

var (
	_ raft.LogStore    = (*groupLog)(nil)
	_ raft.StableStore = (*groupLog)(nil)
)

// errStableNotFound must read exactly "not found": hashicorp/raft compares
// the message.
var errStableNotFound = errors.New("not found")

func (d *logDB) group(g groupID) (*groupLog, error) {
	l := &groupLog{db: d.db, logs: d, appends: &d.appends, g: g}
	s := PrefixSpan(groupKey(prefixLog, g, 0))
	it, err := d.db.NewIter(&pebble.IterOptions{LowerBound: s.Start, UpperBound: s.End})
	if err != nil {
		return nil, fmt.Errorf("open raft log of %s: %w", g, err)
	}
	if it.First() {
		l.mu.first = binary.BigEndian.Uint64(it.Key()[9:])
		it.Last()
		l.mu.last = binary.BigEndian.Uint64(it.Key()[9:])
	}
	if err := errors.Join(it.Error(), it.Close()); err != nil {
		return nil, fmt.Errorf("open raft log of %s: %w", g, err)
	}
	return l, nil
}

// FirstIndex implements raft.LogStore.
func (l *groupLog) FirstIndex() (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.mu.first, nil
}

// LastIndex implements raft.LogStore.
func (l *groupLog) LastIndex() (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.mu.last, nil
}

// GetLog implements raft.LogStore. out receives copies of the stored bytes.
func (l *groupLog) GetLog(index uint64, out *raft.Log) error {
	v, closer, err := l.db.Get(logKey(l.g, index))
	if errors.Is(err, pebble.ErrNotFound) {
		return raft.ErrLogNotFound
	}
	if err != nil {
		return fmt.Errorf("read raft log %s@%d: %w", l.g, index, err)
	}
	defer closer.Close()
	if err := decodeLog(v, out); err != nil {
		return fmt.Errorf("read raft log %s@%d: %w", l.g, index, err)
	}
	out.Index = index
	return nil
}

// StoreLog implements raft.LogStore.
func (l *groupLog) StoreLog(entry *raft.Log) error { return l.StoreLogs([]*raft.Log{entry}) }

// StoreLogs implements raft.LogStore: the entries are durable on return.
func (l *groupLog) StoreLogs(entries []*raft.Log) error {
	if len(entries) == 0 {
		return nil
	}
	l.appends.Add(1)
	b := l.db.NewBatch()
	defer b.Close()
	var buf []byte
	for _, e := range entries {
		buf = encodeLog(buf[:0], e)
		if err := b.Set(logKey(l.g, e.Index), buf, nil); err != nil {
			return err
		}
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("append raft log of %s: %w", l.g, err)
	}
	l.mu.Lock()
	if l.mu.first == 0 || entries[0].Index < l.mu.first {
		l.mu.first = entries[0].Index
	}
	if last := entries[len(entries)-1].Index; last > l.mu.last {
		l.mu.last = last
	}
	l.mu.Unlock()
	return nil
}

// DeleteRange implements raft.LogStore: it removes [min, max], which raft
// uses both to compact a prefix and to cut a conflicting suffix.
func (l *groupLog) DeleteRange(min, max uint64) error {
	if err := l.db.DeleteRange(logKey(l.g, min), logKey(l.g, max+1), pebble.Sync); err != nil {
		return fmt.Errorf("truncate raft log of %s: %w", l.g, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case min <= l.mu.first && max >= l.mu.last:
		l.mu.first, l.mu.last = 0, 0
	case min <= l.mu.first:
		l.mu.first = max + 1
	case max >= l.mu.last:
		l.mu.last = min - 1
	}
	return nil
}

// Set implements raft.StableStore.
func (l *groupLog) Set(key, val []byte) error {
	if err := l.db.Set(append(groupKey(prefixStable, l.g, len(key)), key...), val, pebble.Sync); err != nil {
		return fmt.Errorf("write raft state of %s: %w", l.g, err)
	}
	return l.logs.durable()
}

// Get implements raft.StableStore.
func (l *groupLog) Get(key []byte) ([]byte, error) {
	v, closer, err := l.db.Get(append(groupKey(prefixStable, l.g, len(key)), key...))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, errStableNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read raft state of %s: %w", l.g, err)
	}
	out := append([]byte(nil), v...)
	return out, closer.Close()
}

// SetUint64 implements raft.StableStore.
func (l *groupLog) SetUint64(key []byte, val uint64) error {
	return l.Set(key, binary.BigEndian.AppendUint64(nil, val))
}

// GetUint64 implements raft.StableStore.
func (l *groupLog) GetUint64(key []byte) (uint64, error) {
	v, err := l.Get(key)
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("raft state %q of %s: bad length %d", key, l.g, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// encodeLog appends the stored form of e (everything but its index, which
// is in the key): uvarint term, type byte, varint appended-at unix nanos,
// then data and extensions each as uvarint length + bytes.
func encodeLog(buf []byte, e *raft.Log) []byte {
	buf = binary.AppendUvarint(buf, e.Term)
	buf = append(buf, byte(e.Type))
	var at int64
	if !e.AppendedAt.IsZero() {
		at = e.AppendedAt.UnixNano()
	}
	buf = binary.AppendVarint(buf, at)
	buf = binary.AppendUvarint(buf, uint64(len(e.Data)))
	buf = append(buf, e.Data...)
	buf = binary.AppendUvarint(buf, uint64(len(e.Extensions)))
	return append(buf, e.Extensions...)
}

var errBadLogEntry = errors.New("malformed log entry")

func decodeLog(v []byte, out *raft.Log) error {
	term, n := binary.Uvarint(v)
	if n <= 0 || len(v) < n+1 {
		return errBadLogEntry
	}
	out.Term = term
	out.Type = raft.LogType(v[n])
	v = v[n+1:]
	at, n := binary.Varint(v)
	if n <= 0 {
		return errBadLogEntry
	}
	out.AppendedAt = time.Time{}
	if at != 0 {
		out.AppendedAt = time.Unix(0, at)
	}
	v = v[n:]
	bytesField := func() ([]byte, bool) {
		l, n := binary.Uvarint(v)
		if n <= 0 || l > uint64(len(v)-n) {
			return nil, false
		}
		var f []byte
		if l > 0 {
			f = append([]byte(nil), v[n:n+int(l)]...)
		}
		v = v[n+int(l):]
		return f, true
	}
	var ok bool
	if out.Data, ok = bytesField(); !ok {
		return errBadLogEntry
	}
	if out.Extensions, ok = bytesField(); !ok {
		return errBadLogEntry
	}
	return nil
}

// pebbleLogger routes Pebble's messages to slog.
type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...any) {
	p.l.Debug(fmt.Sprintf(format, args...), "component", "raftlog")
}

// Fatalf is Pebble reporting a broken invariant of its own; continuing
// would risk the log, so it panics like Pebble's default logger exits.
func (p pebbleLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.l.Error(msg, "component", "raftlog")
	panic(msg)
}
