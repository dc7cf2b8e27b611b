package raftex

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"sync"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/raft"
)

// snapStore is one part's raft.SnapshotStore. It keeps no snapshot data of
// its own, only the metadata of the latest snapshot, in the log store:
//
//   - A snapshot raft takes locally (to truncate its log) writes no bytes:
//     the part's FSM syncs its engine and the store records the metadata.
//   - Open of such a snapshot, which raft does only to send it to a peer
//     that is too far behind, streams the part's current data from an
//     engine snapshot (see partFSM.writeStream). The stream's applied index
//     may be ahead of the metadata's raft index; the receiver copes.
//   - A snapshot received from a leader is spooled to a file under
//     Dir/snap, then Open of it (which raft does right away, to restore
//     it) reads the file; once restored the file is deleted. The spool
//     makes the install atomic: the part's data is replaced only after the
//     whole stream arrived, and a crash while replacing it is finished from
//     the file at the next open.
type snapStore struct {
	id   groupID
	logs *logDB
	fs   vfs.FS
	dir  string
	fsm  *partFSM

	// mu serialises metadata updates (sink Close, restored, drop).
	mu sync.Mutex
}

var _ raft.SnapshotStore = (*snapStore)(nil)

// snapMeta is what the store persists about the latest snapshot.
type snapMeta struct {
	raft.SnapshotMeta
	// Spool names the file of a received snapshot not yet restored.
	Spool string
}

func (s *snapStore) metaKey() []byte { return groupKey(prefixSnapMeta, s.id, 0) }

// Encoding of snapMeta (format.md): a version byte 1, then uvarint version,
// index, term, configuration index, size; then as uvarint length + bytes
// the ID, the spool file name and raft's encoding of the configuration.
func encodeSnapMeta(m *snapMeta) []byte {
	b := []byte{1}
	b = binary.AppendUvarint(b, uint64(m.Version))
	b = binary.AppendUvarint(b, m.Index)
	b = binary.AppendUvarint(b, m.Term)
	b = binary.AppendUvarint(b, m.ConfigurationIndex)
	b = binary.AppendUvarint(b, uint64(m.Size))
	for _, f := range [][]byte{[]byte(m.ID), []byte(m.Spool), raft.EncodeConfiguration(m.Configuration)} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

var errBadSnapMeta = errors.New("malformed snapshot metadata")

func decodeSnapMeta(b []byte) (*snapMeta, error) {
	if len(b) == 0 || b[0] != 1 {
		return nil, errBadSnapMeta
	}
	b = b[1:]
	var nums [5]uint64
	for i := range nums {
		x, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errBadSnapMeta
		}
		nums[i], b = x, b[n:]
	}
	var fields [3][]byte
	for i := range fields {
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return nil, errBadSnapMeta
		}
		fields[i], b = b[n:n+int(l)], b[n+int(l):]
	}
	m := &snapMeta{Spool: string(fields[1])}
	m.Version = raft.SnapshotVersion(nums[0])
	m.Index, m.Term, m.ConfigurationIndex, m.Size = nums[1], nums[2], nums[3], int64(nums[4])
	m.ID = string(fields[0])
	m.Configuration = raft.DecodeConfiguration(fields[2])
	return m, nil
}

// load returns the latest snapshot's metadata, nil if there is none.
func (s *snapStore) load() (*snapMeta, error) {
	v, closer, err := s.logs.db.Get(s.metaKey())
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read snapshot metadata of %s: %w", s.id, err)
	}
	defer closer.Close()
	m, err := decodeSnapMeta(v)
	if err != nil {
		return nil, fmt.Errorf("read snapshot metadata of %s: %w", s.id, err)
	}
	return m, nil
}

func (s *snapStore) save(m *snapMeta) error {
	if err := s.logs.db.Set(s.metaKey(), encodeSnapMeta(m), pebble.Sync); err != nil {
		return fmt.Errorf("write snapshot metadata of %s: %w", s.id, err)
	}
	return s.logs.durable()
}

// Create implements raft.SnapshotStore.
func (s *snapStore) Create(version raft.SnapshotVersion, index, term uint64,
	configuration raft.Configuration, configurationIndex uint64, _ raft.Transport) (raft.SnapshotSink, error) {
	m := &snapMeta{SnapshotMeta: raft.SnapshotMeta{
		Version:            version,
		ID:                 fmt.Sprintf("%d-%d-%d", term, index, time.Now().UnixNano()),
		Index:              index,
		Term:               term,
		Configuration:      configuration,
		ConfigurationIndex: configurationIndex,
	}}
	return &snapSink{s: s, meta: m}, nil
}

// List implements raft.SnapshotStore.
func (s *snapStore) List() ([]*raft.SnapshotMeta, error) {
	m, err := s.load()
	if err != nil || m == nil {
		return nil, err
	}
	return []*raft.SnapshotMeta{&m.SnapshotMeta}, nil
}

// Open implements raft.SnapshotStore.
func (s *snapStore) Open(id string) (*raft.SnapshotMeta, io.ReadCloser, error) {
	m, err := s.load()
	if err != nil {
		return nil, nil, err
	}
	if m == nil || m.ID != id {
		return nil, nil, fmt.Errorf("open snapshot %s of %s: no such snapshot", id, s.id)
	}
	if m.Spool != "" {
		f, err := s.fs.Open(s.fs.PathJoin(s.dir, m.Spool))
		if err != nil {
			return nil, nil, fmt.Errorf("open snapshot %s of %s: %w", id, s.id, err)
		}
		return &m.SnapshotMeta, &spoolReader{f: f, r: bufio.NewReaderSize(f, 256<<10)}, nil
	}
	snap := s.fsm.eng.NewSnapshot()
	size, applied, err := s.fsm.streamSize(snap)
	if err != nil {
		snap.Close()
		return nil, nil, fmt.Errorf("open snapshot %s of %s: %w", id, s.id, err)
	}
	m.Size = size
	return &m.SnapshotMeta, newStreamReader(s.fsm, snap, applied), nil
}

// restored is called once the spooled latest snapshot is in the engine:
// the spool is no longer needed.
func (s *snapStore) restored() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.load()
	if err != nil || m == nil || m.Spool == "" {
		return err
	}
	spool := m.Spool
	m.Spool, m.Size = "", 0
	if err := s.save(m); err != nil {
		return err
	}
	return s.removeSpool(spool)
}

func (s *snapStore) spoolName(id string) string {
	return fmt.Sprintf("%d.%d.%s.snap", s.id.Space, s.id.Part, id)
}

func (s *snapStore) removeSpool(name string) error {
	if err := s.fs.Remove(s.fs.PathJoin(s.dir, name)); err != nil && !errors.Is(err, iofs.ErrNotExist) {
		return fmt.Errorf("remove snapshot spool %s: %w", name, err)
	}
	return nil
}

// snapSink receives a snapshot. Nothing written means a local snapshot
// (the data is in the engine); bytes written are a received stream, spooled.
type snapSink struct {
	s    *snapStore
	meta *snapMeta
	f    vfs.File
	w    *bufio.Writer
	n    int64
	tmp  string
	done bool
}

func (k *snapSink) ID() string { return k.meta.ID }

func (k *snapSink) Write(p []byte) (int, error) {
	if k.done {
		return 0, errors.New("raftex: write to a closed snapshot sink")
	}
	if k.f == nil {
		if err := mkdirAllSynced(k.s.fs, k.s.dir); err != nil {
			return 0, fmt.Errorf("create snapshot spool dir: %w", err)
		}
		k.tmp = k.s.spoolName(k.meta.ID) + ".tmp"
		f, err := k.s.fs.Create(k.s.fs.PathJoin(k.s.dir, k.tmp))
		if err != nil {
			return 0, fmt.Errorf("create snapshot spool: %w", err)
		}
		k.f, k.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	n, err := k.w.Write(p)
	k.n += int64(n)
	return n, err
}

// Close makes the snapshot the latest: it syncs a spooled stream and then
// records the metadata. raft may call it twice (Persist closes too).
func (k *snapSink) Close() error {
	if k.done {
		return nil
	}
	k.done = true
	s := k.s
	if k.f != nil {
		final := s.spoolName(k.meta.ID)
		err := errors.Join(k.w.Flush(), k.f.Sync(), k.f.Close())
		if err == nil {
			err = s.fs.Rename(s.fs.PathJoin(s.dir, k.tmp), s.fs.PathJoin(s.dir, final))
		}
		if err == nil {
			err = syncDir(s.fs, s.dir)
		}
		if err != nil {
			_ = s.fs.Remove(s.fs.PathJoin(s.dir, k.tmp))
			return fmt.Errorf("spool snapshot of %s: %w", s.id, err)
		}
		k.meta.Spool, k.meta.Size = final, k.n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.load()
	if err != nil {
		return err
	}
	if err := s.save(k.meta); err != nil {
		return err
	}
	if old != nil && old.Spool != "" && old.Spool != k.meta.Spool {
		return s.removeSpool(old.Spool)
	}
	return nil
}

func (k *snapSink) Cancel() error {
	if k.done {
		return nil
	}
	k.done = true
	if k.f == nil {
		return nil
	}
	err := k.f.Close()
	return errors.Join(err, k.s.fs.Remove(k.s.fs.PathJoin(k.s.dir, k.tmp)))
}

func syncDir(fs vfs.FS, dir string) error {
	d, err := fs.OpenDir(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// spoolReader reads a received snapshot back for Restore. Close may be
// called more than once (raft and Restore both close).
type spoolReader struct {
	f    vfs.File
	r    *bufio.Reader
	once sync.Once
	err  error
}

func (s *spoolReader) Read(p []byte) (int, error) { return s.r.Read(p) }

func (s *spoolReader) Close() error {
	s.once.Do(func() { s.err = s.f.Close() })
	return s.err
}

// streamReader produces a part's snapshot stream from an engine snapshot.
// A goroutine it owns scans the snapshot into a pipe; Close stops it and
// waits for it, and releases the engine snapshot.
type streamReader struct {
	pr   *io.PipeReader
	done chan struct{}
	snap EngineSnapshot
	once sync.Once
	err  error
}

func newStreamReader(f *partFSM, snap EngineSnapshot, applied uint64) *streamReader {
	pr, pw := io.Pipe()
	r := &streamReader{pr: pr, done: make(chan struct{}), snap: snap}
	go func() {
		defer close(r.done)
		pw.CloseWithError(f.writeStream(snap, applied, pw))
	}()
	return r
}

func (r *streamReader) Read(p []byte) (int, error) { return r.pr.Read(p) }

func (r *streamReader) Close() error {
	r.once.Do(func() {
		r.pr.CloseWithError(errors.New("raftex: snapshot stream closed"))
		<-r.done
		r.err = r.snap.Close()
	})
	return r.err
}
