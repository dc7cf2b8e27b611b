package meta

import (
	"bytes"
	"io"
	"testing"

	"github.com/hashicorp/raft"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

func memFSM(t testing.TB) *fsm {
	t.Helper()
	eng, err := kvstore.OpenMem(smallEngine(false, discardLogger()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	f, err := newFSM(eng)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func command(touch bool, ops ...*gmeta.KVOp) []byte {
	return encode(&gmeta.Command{Ops: ops, Touch: touch})
}

func put(k, v string) *gmeta.KVOp {
	return &gmeta.KVOp{Kind: gmeta.KVOpKind_PUT, Key: []byte(k), Value: []byte(v)}
}

func get(t *testing.T, f *fsm, k string) string {
	t.Helper()
	v, err := f.eng.Get([]byte(k))
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(v)
}

// sinkBuffer is a raft.SnapshotSink in memory.
type sinkBuffer struct {
	bytes.Buffer
	canceled bool
}

func (s *sinkBuffer) ID() string    { return "test" }
func (s *sinkBuffer) Close() error  { return nil }
func (s *sinkBuffer) Cancel() error { s.canceled = true; return nil }

func TestFSMApplySnapshotRestore(t *testing.T) {
	f := memFSM(t)
	apply := func(index uint64, data []byte) any {
		return f.Apply(&raft.Log{Index: index, Type: raft.LogCommand, Data: data})
	}
	if err := apply(1, command(true, put("\x02a", "1"), put("\x02b", "2"))); err != nil {
		t.Fatal(err)
	}
	if err := apply(2, command(false, put("\x02a", "3"), &gmeta.KVOp{Kind: gmeta.KVOpKind_DELETE, Key: []byte("\x02b")})); err != nil {
		t.Fatal(err)
	}
	if f.applied.Load() != 2 || f.version.Load() != 1 {
		t.Fatalf("applied %d version %d, want 2 and 1 (entry 2 did not touch)", f.applied.Load(), f.version.Load())
	}
	// A replayed entry (after a restart) is skipped: it would undo entry 2.
	if err := apply(1, command(true, put("\x02a", "1"))); err != nil {
		t.Fatal(err)
	}
	if got := get(t, f, "\x02a"); got != "3" {
		t.Fatalf("a = %s after replay of entry 1, want 3", got)
	}
	// Entries other than commands are not the FSM's.
	if err := f.Apply(&raft.Log{Index: 3, Type: raft.LogNoop}); err != nil {
		t.Fatal(err)
	}
	if err := apply(4, []byte{0xff, 0xfe}); err == nil {
		t.Fatal("garbage command applied")
	}
	if err := apply(5, command(true, put("\x03c", "x"), &gmeta.KVOp{Kind: gmeta.KVOpKind_DELETE_RANGE, Key: []byte("\x02"), Value: []byte("\x03")})); err != nil {
		t.Fatal(err)
	}
	if got := get(t, f, "\x02a"); got != "<kvstore: key not found>" {
		t.Fatalf("a = %s after range delete", got)
	}

	snap, err := f.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var sink sinkBuffer
	if err := snap.Persist(&sink); err != nil || sink.canceled {
		t.Fatalf("persist: %v (canceled %v)", err, sink.canceled)
	}
	snap.Release()

	g := memFSM(t)
	if err := g.Apply(&raft.Log{Index: 1, Type: raft.LogCommand, Data: command(false, put("\x09stale", "y"))}); err != nil {
		t.Fatal(err)
	}
	if err := g.Restore(io.NopCloser(bytes.NewReader(sink.Bytes()))); err != nil {
		t.Fatal(err)
	}
	if got := get(t, g, "\x03c"); got != "x" {
		t.Fatalf("restored c = %s", got)
	}
	if got := get(t, g, "\x09stale"); got != "<kvstore: key not found>" {
		t.Fatalf("restore kept a key the snapshot lacks: %s", got)
	}
	if g.applied.Load() != 5 || g.version.Load() != 5 {
		t.Fatalf("restored applied %d version %d, want 5 and 5", g.applied.Load(), g.version.Load())
	}
	if err := g.Restore(io.NopCloser(bytes.NewReader(sink.Bytes()[:len(sink.Bytes())-1]))); err == nil {
		t.Fatal("truncated snapshot restored")
	}
}
