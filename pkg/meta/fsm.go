package meta

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/hashicorp/raft"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// fsm is the replicated meta state: a kvstore engine that applies
// Commands. Each apply batch also records the entry's index (sysApplied),
// so that entries replayed after a restart are recognised and skipped, and,
// for commands that touch cached state, the catalog version (sysVersion).
//
// The engine is written without fsync: the raft log is the durable record,
// and whatever the engine lost in a crash is applied again from it.
//
// raft calls Apply, Snapshot and Restore from one goroutine; readers use
// the engine concurrently.
type fsm struct {
	eng     kvstore.Engine
	applied atomic.Uint64
	version atomic.Int64
	// onApply, when set, runs after every applied command (metrics, cache
	// wake-ups); it must not block.
	onApply func(index uint64, touch bool)
}

var _ raft.FSM = (*fsm)(nil)

func newFSM(eng kvstore.Engine) (*fsm, error) {
	f := &fsm{eng: eng}
	if err := f.loadCounters(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *fsm) loadCounters() error {
	applied, err := readI64(f.eng, sysKey(sysApplied))
	if err != nil {
		return err
	}
	version, err := readI64(f.eng, sysKey(sysVersion))
	if err != nil {
		return err
	}
	f.applied.Store(uint64(applied))
	f.version.Store(version)
	return nil
}

// readI64 returns the 8-byte value at key, or 0 when absent.
func readI64(r kvstore.Reader, key []byte) (int64, error) {
	v, err := r.Get(key)
	if errors.Is(err, kvstore.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read %q: %w", key, err)
	}
	return decodeI64(v)
}

// Apply implements raft.FSM. It returns nil or the error that kept the
// command from applying (which leaves the state as it was).
func (f *fsm) Apply(l *raft.Log) any {
	if l.Type != raft.LogCommand || l.Index <= f.applied.Load() {
		return nil
	}
	var cmd gmeta.Command
	if err := decode(l.Data, &cmd); err != nil {
		return fmt.Errorf("apply entry %d: %w", l.Index, err)
	}
	b := f.eng.NewBatch()
	defer b.Close()
	for _, op := range cmd.Ops {
		var err error
		switch op.Kind {
		case gmeta.KVOpKind_PUT:
			err = b.Put(op.Key, op.Value)
		case gmeta.KVOpKind_DELETE:
			err = b.Delete(op.Key)
		case gmeta.KVOpKind_DELETE_RANGE:
			err = b.DeleteRange(op.Key, op.Value)
		default:
			err = fmt.Errorf("op kind %v: %w", op.Kind, errCorrupt)
		}
		if err != nil {
			return fmt.Errorf("apply entry %d: %w", l.Index, err)
		}
	}
	idx := binary.BigEndian.AppendUint64(nil, l.Index)
	if err := b.Put(sysKey(sysApplied), idx); err != nil {
		return fmt.Errorf("apply entry %d: %w", l.Index, err)
	}
	if cmd.Touch {
		if err := b.Put(sysKey(sysVersion), idx); err != nil {
			return fmt.Errorf("apply entry %d: %w", l.Index, err)
		}
	}
	if err := b.Commit(); err != nil {
		return fmt.Errorf("apply entry %d: %w", l.Index, err)
	}
	f.applied.Store(l.Index)
	if cmd.Touch {
		f.version.Store(int64(l.Index))
	}
	if f.onApply != nil {
		f.onApply(l.Index, cmd.Touch)
	}
	return nil
}

// Snapshot implements raft.FSM: a point-in-time view of the engine,
// streamed by Persist.
func (f *fsm) Snapshot() (raft.FSMSnapshot, error) {
	return &fsmSnapshot{snap: f.eng.NewSnapshot()}, nil
}

// Restore implements raft.FSM: it replaces the whole state with the
// snapshot's key-value pairs.
func (f *fsm) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	if err := f.eng.DeleteRange([]byte{0}, []byte{0xff}); err != nil {
		return fmt.Errorf("restore: clear state: %w", err)
	}
	r := bufio.NewReaderSize(rc, 64<<10)
	b := f.eng.NewBatch()
	defer b.Close()
	for {
		k, err := readFrame(r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		v, err := readFrame(r)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if err := b.Put(k, v); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if b.Len() >= 4<<20 {
			if err := b.Commit(); err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			b.Reset()
		}
	}
	if err := b.Commit(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return f.loadCounters()
}

// A snapshot stream is a sequence of key, value frames, each a uvarint
// length and the bytes.
func readFrame(r *bufio.Reader) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	if n > 1<<30 {
		return nil, fmt.Errorf("snapshot frame of %d bytes: %w", n, errCorrupt)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("snapshot frame: %w", err)
	}
	return buf, nil
}

type fsmSnapshot struct {
	snap kvstore.Snapshot
}

// Persist implements raft.FSMSnapshot.
func (s *fsmSnapshot) Persist(sink raft.SnapshotSink) error {
	if err := s.write(sink); err != nil {
		_ = sink.Cancel()
		return err
	}
	return sink.Close()
}

func (s *fsmSnapshot) write(w io.Writer) error {
	it, err := s.snap.NewIter(kvstore.IterOptions{})
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	defer it.Close()
	bw := bufio.NewWriterSize(w, 64<<10)
	var hdr [binary.MaxVarintLen64]byte
	for ok := it.First(); ok; ok = it.Next() {
		for _, p := range [2][]byte{it.Key(), it.Value()} {
			n := binary.PutUvarint(hdr[:], uint64(len(p)))
			if _, err := bw.Write(hdr[:n]); err != nil {
				return fmt.Errorf("snapshot: %w", err)
			}
			if _, err := bw.Write(p); err != nil {
				return fmt.Errorf("snapshot: %w", err)
			}
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}

// Release implements raft.FSMSnapshot.
func (s *fsmSnapshot) Release() { _ = s.snap.Close() }
