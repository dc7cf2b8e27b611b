package raftex

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"testing"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/raft"
)

func openTestEngine(t testing.TB) (*PebbleEngine, *pebble.DB) {
	t.Helper()
	db, err := pebble.Open("/data", &pebble.Options{FS: vfs.NewMem(), Logger: quietPebble{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return NewPebbleEngine(db), db
}

func newTestFSM(eng Engine, part int32) *partFSM {
	return &partFSM{
		id:         groupID{Space: 1, Part: part},
		eng:        eng,
		spans:      []Span{PrefixSpan(dataPrefix(part))},
		appliedKey: appliedKey(part),
		logger:     slog.Default(),
	}
}

func commandLog(index uint64, build func(*Batch)) *raft.Log {
	var b Batch
	build(&b)
	return &raft.Log{Index: index, Term: 1, Type: raft.LogCommand, Data: bytes.Clone(b.encoded())}
}

func engineContents(t testing.TB, eng Engine, part int32) map[string]string {
	t.Helper()
	s := eng.NewSnapshot()
	defer s.Close()
	sp := PrefixSpan(dataPrefix(part))
	out := map[string]string{}
	if err := s.Scan(sp.Start, sp.End, func(k, v []byte) error {
		out[string(k[len(sp.Start):])] = string(v)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestApplyTwiceChangesNothing replays entries an engine already has, as a
// restart does: they are skipped, so a later overwrite is not undone.
func TestApplyTwiceChangesNothing(t *testing.T) {
	eng, _ := openTestEngine(t)
	f := newTestFSM(eng, 3)
	logs := []*raft.Log{
		commandLog(1, func(b *Batch) { b.Put(dataKey(3, "a"), []byte("1")) }),
		commandLog(2, func(b *Batch) { b.Put(dataKey(3, "b"), []byte("1")) }),
		{Index: 3, Term: 1, Type: raft.LogConfiguration},
		commandLog(4, func(b *Batch) { b.Put(dataKey(3, "a"), []byte("2")); b.Delete(dataKey(3, "b")) }),
	}
	for i, r := range f.ApplyBatch(logs) {
		if r != nil {
			t.Fatalf("entry %d: %v", i+1, r)
		}
	}
	want := map[string]string{"a": "2"}
	if got := engineContents(t, eng, 3); !maps.Equal(got, want) {
		t.Fatalf("after apply: %v", got)
	}
	// A fresh FSM over the same engine (a restart) resumes at index 4 and
	// skips what raft replays.
	f2 := newTestFSM(eng, 3)
	idx, restoring, err := f2.loadApplied()
	if err != nil || restoring || idx != 4 {
		t.Fatalf("loadApplied = %d, %v, %v", idx, restoring, err)
	}
	f2.applied.Store(idx)
	f2.ApplyBatch(logs[:2])
	f2.ApplyBatch(logs)
	if got := engineContents(t, eng, 3); !maps.Equal(got, want) {
		t.Fatalf("after replay: %v", got)
	}
	// New entries after a replayed prefix do apply.
	f2.ApplyBatch(append(logs[2:], commandLog(5, func(b *Batch) { b.Put(dataKey(3, "c"), []byte("3")) })))
	want["c"] = "3"
	if got := engineContents(t, eng, 3); !maps.Equal(got, want) || f2.applied.Load() != 5 {
		t.Fatalf("after new entry: %v at %d", got, f2.applied.Load())
	}
	// A malformed command is refused by every replica alike, and the
	// index still advances.
	resps := f2.ApplyBatch([]*raft.Log{{Index: 6, Type: raft.LogCommand, Data: []byte{42}}})
	if err, ok := resps[0].(error); !ok || !errors.Is(err, ErrBadCommand) {
		t.Fatalf("bad command response %v", resps[0])
	}
	if f2.applied.Load() != 6 {
		t.Fatalf("applied %d after a bad command", f2.applied.Load())
	}
}

func fillPart(t testing.TB, eng Engine, part int32, n int, applied uint64) {
	t.Helper()
	b := eng.NewBatch()
	defer b.Close()
	for i := range n {
		if err := b.Set(dataKey(part, fmt.Sprintf("k%04d", i)), []byte(fmt.Sprintf("value %d of part %d", i, part))); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Set(appliedKey(part), encodeApplied(applied)); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
}

func snapshotStream(t testing.TB, f *partFSM) []byte {
	t.Helper()
	s := f.eng.NewSnapshot()
	defer s.Close()
	size, applied, err := f.streamSize(s)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.writeStream(s, applied, &buf); err != nil {
		t.Fatal(err)
	}
	if int64(buf.Len()) != size {
		t.Fatalf("stream is %d bytes, streamSize said %d", buf.Len(), size)
	}
	return buf.Bytes()
}

// TestSnapshotStreamRestore streams one engine's part into another that
// holds stale data for it and data of another part.
func TestSnapshotStreamRestore(t *testing.T) {
	src, _ := openTestEngine(t)
	fillPart(t, src, 5, 500, 77)
	fillPart(t, src, 6, 10, 3) // another part: not in the stream
	stream := snapshotStream(t, newTestFSM(src, 5))

	dst, _ := openTestEngine(t)
	fillPart(t, dst, 5, 800, 12) // stale, longer
	fillPart(t, dst, 4, 10, 9)   // a neighbour that must survive
	f := newTestFSM(dst, 5)
	logs := openTestLogDB(t, vfs.NewMem())
	defer logs.Close()
	f.snaps = &snapStore{id: f.id, logs: logs, fsm: f}
	if err := f.Restore(io.NopCloser(bytes.NewReader(stream))); err != nil {
		t.Fatal(err)
	}
	if got, want := engineContents(t, dst, 5), engineContents(t, src, 5); !maps.Equal(got, want) {
		t.Fatalf("restored %d keys, want %d", len(got), len(want))
	}
	if got := engineContents(t, dst, 4); len(got) != 10 {
		t.Fatalf("neighbour part has %d keys", len(got))
	}
	if idx, restoring, err := f.loadApplied(); idx != 77 || restoring || err != nil || f.applied.Load() != 77 {
		t.Fatalf("applied %d (%v, %v), in memory %d", idx, restoring, err, f.applied.Load())
	}
}

func TestSnapshotStreamCorrupt(t *testing.T) {
	src, _ := openTestEngine(t)
	fillPart(t, src, 5, 20, 8)
	stream := snapshotStream(t, newTestFSM(src, 5))
	flipped := bytes.Clone(stream)
	flipped[len(flipped)/2] ^= 0x40
	tests := map[string][]byte{
		"empty":     {},
		"bad magic": append([]byte("XXXX"), stream[4:]...),
		"truncated": stream[:len(stream)-3],
		"flipped":   flipped,
		"no magic":  stream[:2],
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			d := newStreamDecoder(bytes.NewReader(data))
			var err error
			for err == nil {
				_, _, err = d.next()
			}
			if !errors.Is(err, ErrCorruptSnapshot) {
				t.Fatalf("got %v, want ErrCorruptSnapshot", err)
			}
		})
	}
}

// FuzzStreamDecoder: no input makes the snapshot decoder panic or accept
// a stream whose checksum does not match.
func FuzzStreamDecoder(f *testing.F) {
	eng, _ := openTestEngine(f)
	fillPart(f, eng, 5, 3, 2)
	f.Add(snapshotStream(f, newTestFSM(eng, 5)))
	f.Add([]byte("NGS1\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newStreamDecoder(bytes.NewReader(data))
		for range 1 << 16 {
			if _, _, err := d.next(); err != nil {
				return
			}
		}
	})
}
