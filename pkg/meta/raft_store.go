package meta

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/raft"

	"github.com/novagraph/novagraph/pkg/kvstore"
)

// logStore is the durable raft log and stable store of one meta replica: a
// kvstore engine opened with synchronous writes, so that an entry raft
// believes persisted survives a crash. Keys:
//
//	'l' · index(8)  → encoded raft.Log
//	's' · name      → stable value (current term, last vote, ...)
//
// It is safe for concurrent use.
type logStore struct {
	eng kvstore.Engine

	mu struct {
		sync.Mutex
		first, last uint64 // 0, 0 when empty
	}
}

var (
	_ raft.LogStore    = (*logStore)(nil)
	_ raft.StableStore = (*logStore)(nil)
)

const (
	logKeyPrefix    = 'l'
	stableKeyPrefix = 's'
)

// errStableNotFound is what raft expects for a missing stable key: it tests
// the message, not the identity.
var errStableNotFound = errors.New("not found")

func logKey(i uint64) []byte { return binary.BigEndian.AppendUint64([]byte{logKeyPrefix}, i) }

// newLogStore wraps eng, which must be opened with Sync set.
func newLogStore(eng kvstore.Engine) (*logStore, error) {
	s := &logStore{eng: eng}
	if err := s.reloadBounds(); err != nil {
		return nil, err
	}
	return s, nil
}

// reloadBounds finds the first and last stored index. Iterators only move
// forward, so the last index is found by bisecting SeekGE probes.
func (s *logStore) reloadBounds() error {
	it, err := s.eng.NewIter(kvstore.IterOptions{Prefix: []byte{logKeyPrefix}})
	if err != nil {
		return fmt.Errorf("raft log: %w", err)
	}
	defer it.Close()
	var first, last uint64
	if it.First() {
		first = binary.BigEndian.Uint64(it.Key()[1:])
		lo, hi := first, uint64(1<<63) // invariant: an entry >= lo exists, none >= hi
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if it.SeekGE(logKey(mid)) {
				lo = binary.BigEndian.Uint64(it.Key()[1:])
			} else {
				hi = mid
			}
		}
		last = lo
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("raft log: %w", err)
	}
	s.mu.Lock()
	s.mu.first, s.mu.last = first, last
	s.mu.Unlock()
	return nil
}

// FirstIndex implements raft.LogStore.
func (s *logStore) FirstIndex() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.first, nil
}

// LastIndex implements raft.LogStore.
func (s *logStore) LastIndex() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.last, nil
}

// GetLog implements raft.LogStore.
func (s *logStore) GetLog(index uint64, out *raft.Log) error {
	err := s.eng.View(logKey(index), func(v []byte) error { return decodeLog(v, out) })
	if errors.Is(err, kvstore.ErrNotFound) {
		return raft.ErrLogNotFound
	}
	return err
}

// StoreLog implements raft.LogStore.
func (s *logStore) StoreLog(l *raft.Log) error { return s.StoreLogs([]*raft.Log{l}) }

// StoreLogs implements raft.LogStore: one synced batch.
func (s *logStore) StoreLogs(logs []*raft.Log) error {
	if len(logs) == 0 {
		return nil
	}
	b := s.eng.NewBatch()
	defer b.Close()
	var buf []byte
	for _, l := range logs {
		buf = encodeLog(buf[:0], l)
		if err := b.Put(logKey(l.Index), buf); err != nil {
			return fmt.Errorf("store raft log %d: %w", l.Index, err)
		}
	}
	if err := b.Commit(); err != nil {
		return fmt.Errorf("store raft logs: %w", err)
	}
	s.mu.Lock()
	if s.mu.first == 0 {
		s.mu.first = logs[0].Index
	}
	if l := logs[len(logs)-1].Index; l > s.mu.last {
		s.mu.last = l
	}
	s.mu.Unlock()
	return nil
}

// DeleteRange implements raft.LogStore: removes [min, max].
func (s *logStore) DeleteRange(min, max uint64) error {
	if err := s.eng.DeleteRange(logKey(min), logKey(max+1)); err != nil {
		return fmt.Errorf("delete raft logs [%d, %d]: %w", min, max, err)
	}
	return s.reloadBounds()
}

// Set implements raft.StableStore.
func (s *logStore) Set(key, val []byte) error {
	return s.eng.Put(append([]byte{stableKeyPrefix}, key...), val)
}

// Get implements raft.StableStore.
func (s *logStore) Get(key []byte) ([]byte, error) {
	v, err := s.eng.Get(append([]byte{stableKeyPrefix}, key...))
	if errors.Is(err, kvstore.ErrNotFound) {
		return nil, errStableNotFound
	}
	return v, err
}

// SetUint64 implements raft.StableStore.
func (s *logStore) SetUint64(key []byte, val uint64) error {
	return s.Set(key, binary.BigEndian.AppendUint64(nil, val))
}

// GetUint64 implements raft.StableStore.
func (s *logStore) GetUint64(key []byte) (uint64, error) {
	v, err := s.Get(key)
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("stable key %q holds %d bytes: %w", key, len(v), errCorrupt)
	}
	return binary.BigEndian.Uint64(v), nil
}

// A log entry is: index(8) term(8) type(1) appendedAt(8, unix ns)
// len(data) uvarint · data · len(extensions) uvarint · extensions.
func encodeLog(dst []byte, l *raft.Log) []byte {
	dst = binary.BigEndian.AppendUint64(dst, l.Index)
	dst = binary.BigEndian.AppendUint64(dst, l.Term)
	dst = append(dst, byte(l.Type))
	var at int64
	if !l.AppendedAt.IsZero() {
		at = l.AppendedAt.UnixNano()
	}
	dst = binary.BigEndian.AppendUint64(dst, uint64(at))
	dst = binary.AppendUvarint(dst, uint64(len(l.Data)))
	dst = append(dst, l.Data...)
	dst = binary.AppendUvarint(dst, uint64(len(l.Extensions)))
	return append(dst, l.Extensions...)
}

func decodeLog(b []byte, l *raft.Log) error {
	if len(b) < 25 {
		return fmt.Errorf("raft log entry of %d bytes: %w", len(b), errCorrupt)
	}
	l.Index = binary.BigEndian.Uint64(b)
	l.Term = binary.BigEndian.Uint64(b[8:])
	l.Type = raft.LogType(b[16])
	l.AppendedAt = time.Time{}
	if at := int64(binary.BigEndian.Uint64(b[17:])); at != 0 {
		l.AppendedAt = time.Unix(0, at)
	}
	rest := b[25:]
	var err error
	if l.Data, rest, err = readBytes(rest); err != nil {
		return err
	}
	if l.Extensions, rest, err = readBytes(rest); err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("raft log entry %d has %d trailing bytes: %w", l.Index, len(rest), errCorrupt)
	}
	return nil
}

// readBytes reads a uvarint-prefixed byte string, copying it (b is only
// valid during the engine's View callback).
func readBytes(b []byte) (field, rest []byte, err error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return nil, nil, fmt.Errorf("raft log field: %w", errCorrupt)
	}
	if n == 0 {
		return nil, b[k:], nil
	}
	return append([]byte(nil), b[k:k+int(n)]...), b[k+int(n):], nil
}
