package raftex

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/raft"
)

// partFSM applies one part's committed entries to its engine.
//
// Each batch of entries is one engine batch that also records the part's
// applied index, committed without fsync: after a crash the engine comes
// back at some earlier applied index, consistent with its data, and raft
// replays the log from there. Entries at or below the applied index are
// skipped, so applying an entry twice changes nothing.
//
// hashicorp/raft calls ApplyBatch, Snapshot and Restore from one goroutine
// (its FSM loop); the atomics are read by other goroutines.
type partFSM struct {
	id         groupID
	eng        Engine
	spans      []Span
	appliedKey []byte
	logger     *slog.Logger
	snaps      *snapStore

	// applied is the highest raft index whose effects are in the engine.
	applied atomic.Uint64
	// failed holds the first engine error; from then on nothing is applied.
	failed atomic.Pointer[error]
	// restoring is set while (or after a failed attempt at) replacing the
	// part's data with a snapshot: the data is incomplete until a restore
	// finishes.
	restoring atomic.Bool
	// through wakes readers waiting for an index to be applied.
	through indexWaiter
	// restores counts snapshots installed.
	restores atomic.Int64
}

var _ raft.BatchingFSM = (*partFSM)(nil)

// The applied-index value is the index as 8 big-endian bytes; while a
// snapshot is being restored it is restoringMark followed by the snapshot's
// index, so that a crash in the middle is recognised on restart.
const restoringMark = 'R'

func encodeApplied(index uint64) []byte { return binary.BigEndian.AppendUint64(nil, index) }

func decodeApplied(v []byte) (index uint64, restoring bool, err error) {
	switch {
	case len(v) == 8:
		return binary.BigEndian.Uint64(v), false, nil
	case len(v) == 9 && v[0] == restoringMark:
		return binary.BigEndian.Uint64(v[1:]), true, nil
	}
	return 0, false, fmt.Errorf("bad applied-index value %x", v)
}

// loadApplied reads the applied index from the engine.
func (f *partFSM) loadApplied() (index uint64, restoring bool, err error) {
	s := f.eng.NewSnapshot()
	defer s.Close()
	v, ok, err := s.Get(f.appliedKey)
	if err != nil || !ok {
		return 0, false, err
	}
	return decodeApplied(v)
}

func (f *partFSM) failure() error {
	if p := f.failed.Load(); p != nil {
		return *p
	}
	return nil
}

func (f *partFSM) fail(err error) error {
	err = fmt.Errorf("part %s: %w: %w", f.id, ErrPartFailed, err)
	if f.failed.CompareAndSwap(nil, &err) {
		f.logger.Error("raftex: part stops applying", "part", f.id.String(), "err", err)
	}
	return *f.failed.Load()
}

// Apply implements raft.FSM; raft uses ApplyBatch instead.
func (f *partFSM) Apply(l *raft.Log) any { return f.ApplyBatch([]*raft.Log{l})[0] }

// ApplyBatch implements raft.BatchingFSM. The response of a command is nil
// or the error that kept it from applying (a malformed command, or a failed
// engine).
func (f *partFSM) ApplyBatch(logs []*raft.Log) []any {
	resps := make([]any, len(logs))
	if len(logs) == 0 {
		return resps
	}
	last := logs[len(logs)-1].Index
	if err := f.failure(); err != nil {
		for i := range resps {
			resps[i] = err
		}
		return resps
	}
	if f.restoring.Load() {
		// Entries older than the snapshot being installed are in it.
		err := fmt.Errorf("part %s: %w: snapshot restore incomplete", f.id, ErrPartFailed)
		for i := range resps {
			resps[i] = err
		}
		return resps
	}
	applied := f.applied.Load()
	if last <= applied {
		f.through.advance(last)
		return resps
	}
	b := f.eng.NewBatch()
	defer b.Close()
	for i, l := range logs {
		if l.Index <= applied || l.Type != raft.LogCommand {
			continue
		}
		err := decodeCommand(l.Data, func(kind OpKind, key, value []byte) error {
			switch kind {
			case OpPut:
				return b.Set(key, value)
			case OpDelete:
				return b.Delete(key)
			default:
				return b.DeleteRange(key, value)
			}
		})
		if errors.Is(err, ErrBadCommand) {
			// Every replica sees the same bytes and rejects them alike.
			resps[i] = fmt.Errorf("part %s entry %d: %w", f.id, l.Index, err)
		} else if err != nil {
			return f.failAll(resps, err)
		}
	}
	if err := b.Set(f.appliedKey, encodeApplied(last)); err != nil {
		return f.failAll(resps, err)
	}
	if err := b.Commit(); err != nil {
		return f.failAll(resps, err)
	}
	f.applied.Store(last)
	f.through.advance(last)
	return resps
}

func (f *partFSM) failAll(resps []any, err error) []any {
	err = f.fail(err)
	for i := range resps {
		resps[i] = err
	}
	return resps
}

// Snapshot implements raft.FSM. The engine already is the snapshot: raft's
// snapshot only needs the engine to be durable up to the applied index
// before raft truncates the log behind it, which Persist does. The bytes
// are produced later, from an engine snapshot, if a peer needs them.
func (f *partFSM) Snapshot() (raft.FSMSnapshot, error) {
	if err := f.failure(); err != nil {
		return nil, err
	}
	if f.restoring.Load() {
		return nil, fmt.Errorf("part %s: snapshot restore incomplete", f.id)
	}
	return fsmSnapshot{f}, nil
}

type fsmSnapshot struct{ f *partFSM }

func (s fsmSnapshot) Persist(sink raft.SnapshotSink) error {
	if err := s.f.eng.Sync(); err != nil {
		sink.Cancel()
		return fmt.Errorf("part %s: %w", s.f.id, err)
	}
	return sink.Close()
}

func (s fsmSnapshot) Release() {}

// restoreBatchBytes is how much snapshot data goes into one engine batch.
const restoreBatchBytes = 4 << 20

// Restore implements raft.FSM: rc is a snapshot stream (see snapshotStream)
// received from the leader. It replaces the part's data:
//
//  1. mark the applied index "restoring" and delete the part's spans, then
//     sync, so a crash from here on is noticed at the next open (which
//     restores again from the received stream, kept until step 3);
//  2. write the stream's records in batches without syncing;
//  3. write the stream's applied index, sync, and drop the received stream.
//
// The stream's applied index may be above the snapshot's raft index (the
// leader streams its current state); raft then replays entries the data
// already has, which ApplyBatch skips.
func (f *partFSM) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	if err := f.failure(); err != nil {
		return err
	}
	f.restoring.Store(true)
	if err := f.begin(); err != nil {
		return f.fail(err)
	}
	applied, err := f.load(rc)
	if err != nil {
		return fmt.Errorf("restore part %s: %w", f.id, err)
	}
	f.applied.Store(applied)
	f.restoring.Store(false)
	f.through.advance(applied)
	f.restores.Add(1)
	// The stream came from the spool of the latest snapshot, which the
	// engine now holds.
	if err := f.snaps.restored(); err != nil {
		return fmt.Errorf("restore part %s: %w", f.id, err)
	}
	return nil
}

func (f *partFSM) begin() error {
	b := f.eng.NewBatch()
	defer b.Close()
	for _, s := range f.spans {
		if err := b.DeleteRange(s.Start, s.End); err != nil {
			return err
		}
	}
	mark := append([]byte{restoringMark}, encodeApplied(f.applied.Load())...)
	if err := b.Set(f.appliedKey, mark); err != nil {
		return err
	}
	if err := b.Commit(); err != nil {
		return err
	}
	return f.eng.Sync()
}

func (f *partFSM) load(rc io.Reader) (uint64, error) {
	d := newStreamDecoder(rc)
	b := f.eng.NewBatch()
	size := 0
	defer func() { b.Close() }()
	for {
		key, value, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		if err := b.Set(key, value); err != nil {
			return 0, f.fail(err)
		}
		if size += len(key) + len(value); size >= restoreBatchBytes {
			if err := b.Commit(); err != nil {
				return 0, f.fail(err)
			}
			b.Close()
			b, size = f.eng.NewBatch(), 0
		}
	}
	if err := b.Set(f.appliedKey, encodeApplied(d.applied)); err != nil {
		return 0, f.fail(err)
	}
	if err := b.Commit(); err != nil {
		return 0, f.fail(err)
	}
	if err := f.eng.Sync(); err != nil {
		return 0, f.fail(err)
	}
	return d.applied, nil
}

// dropData deletes the part's data and applied index from the engine.
func (f *partFSM) dropData() error {
	b := f.eng.NewBatch()
	defer b.Close()
	for _, s := range f.spans {
		if err := b.DeleteRange(s.Start, s.End); err != nil {
			return err
		}
	}
	if err := b.Delete(f.appliedKey); err != nil {
		return err
	}
	if err := b.Commit(); err != nil {
		return err
	}
	return f.eng.Sync()
}

// indexWaiter lets goroutines wait until an index has been applied.
type indexWaiter struct {
	mu struct {
		sync.Mutex
		index uint64
		ch    chan struct{} // closed and replaced on every advance
	}
}

func (w *indexWaiter) advance(index uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if index <= w.mu.index {
		return
	}
	w.mu.index = index
	if w.mu.ch != nil {
		close(w.mu.ch)
		w.mu.ch = nil
	}
}

func (w *indexWaiter) load() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mu.index
}

// wait returns nil once index is reached, or an error when ctx ends or
// closed closes first.
func (w *indexWaiter) wait(ctx context.Context, index uint64, closed <-chan struct{}) error {
	for {
		w.mu.Lock()
		if w.mu.index >= index {
			w.mu.Unlock()
			return nil
		}
		if w.mu.ch == nil {
			w.mu.ch = make(chan struct{})
		}
		ch := w.mu.ch
		w.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait for index %d: %w: %w", index, ErrTimeout, ctx.Err())
		case <-closed:
			return ErrClosed
		}
	}
}
