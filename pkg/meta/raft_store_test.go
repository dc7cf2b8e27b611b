package meta

import (
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/raft"

	"github.com/novagraph/novagraph/pkg/kvstore"
)

func openTestLogStore(t *testing.T, dir string) (*logStore, *kvstore.Pebble) {
	t.Helper()
	eng, err := kvstore.Open(dir, smallEngine(true, discardLogger()))
	if err != nil {
		t.Fatal(err)
	}
	s, err := newLogStore(eng)
	if err != nil {
		t.Fatal(err)
	}
	return s, eng
}

func TestLogStore(t *testing.T) {
	dir := t.TempDir()
	s, eng := openTestLogStore(t, dir)
	if first, _ := s.FirstIndex(); first != 0 {
		t.Fatalf("empty store: first %d", first)
	}
	var logs []*raft.Log
	at := time.Unix(1700000000, 5)
	for i := uint64(1); i <= 300; i++ {
		logs = append(logs, &raft.Log{Index: i, Term: i / 100, Type: raft.LogCommand, Data: []byte{byte(i)}, Extensions: []byte("x"), AppendedAt: at})
	}
	if err := s.StoreLogs(logs[:200]); err != nil {
		t.Fatal(err)
	}
	if err := s.StoreLog(logs[200]); err != nil {
		t.Fatal(err)
	}
	if err := s.StoreLogs(logs[201:]); err != nil {
		t.Fatal(err)
	}
	check := func(first, last uint64) {
		t.Helper()
		f, _ := s.FirstIndex()
		l, _ := s.LastIndex()
		if f != first || l != last {
			t.Fatalf("bounds %d..%d, want %d..%d", f, l, first, last)
		}
	}
	check(1, 300)
	var got raft.Log
	if err := s.GetLog(257, &got); err != nil {
		t.Fatal(err)
	}
	if got.Index != 257 || got.Term != 2 || got.Data[0] != 1 || string(got.Extensions) != "x" || !got.AppendedAt.Equal(at) {
		t.Fatalf("log 257 read back as %+v", got)
	}
	// Compaction removes a prefix; a conflict removes a suffix.
	if err := s.DeleteRange(1, 100); err != nil {
		t.Fatal(err)
	}
	check(101, 300)
	if err := s.DeleteRange(251, 300); err != nil {
		t.Fatal(err)
	}
	check(101, 250)
	if err := s.GetLog(50, &got); !errors.Is(err, raft.ErrLogNotFound) {
		t.Fatalf("deleted log: %v, want ErrLogNotFound", err)
	}

	if _, err := s.Get([]byte("CurrentTerm")); err == nil || err.Error() != "not found" {
		t.Fatalf("missing stable key: %v, want raft's \"not found\"", err)
	}
	if err := s.SetUint64([]byte("CurrentTerm"), 7); err != nil {
		t.Fatal(err)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopened, the bounds are found again from the keys.
	s, eng = openTestLogStore(t, dir)
	defer eng.Close()
	check(101, 250)
	if v, err := s.GetUint64([]byte("CurrentTerm")); err != nil || v != 7 {
		t.Fatalf("stable value %d, %v; want 7", v, err)
	}
}

func TestDecodeLogRejectsGarbage(t *testing.T) {
	var l raft.Log
	for _, b := range [][]byte{nil, make([]byte, 24), append(make([]byte, 25), 0x05)} {
		if err := decodeLog(b, &l); err == nil {
			t.Errorf("decodeLog(%x) accepted", b)
		}
	}
}
