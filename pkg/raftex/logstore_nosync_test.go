package raftex

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/vfs"
)

// TestSkipLogSyncPowerCut pins down what each log mode keeps through a
// power cut (pebble's strict in-memory file system forgets what was not
// synced): the default keeps every acknowledged append; SkipLogSync keeps
// the term and vote and what was appended before them, and may lose the
// appends after.
func TestSkipLogSyncPowerCut(t *testing.T) {
	tests := []struct {
		name     string
		skip     bool
		wantLast uint64
	}{
		{name: "synced", skip: false, wantLast: 8},
		{name: "skip sync", skip: true, wantLast: 5},
	}
	g := groupID{Space: 1, Part: 3}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := vfs.NewStrictMem()
			db, err := openLogDB(mem, "/raft", 0, tc.skip, slog.Default())
			if err != nil {
				t.Fatal(err)
			}
			l, err := db.group(g)
			if err != nil {
				t.Fatal(err)
			}
			if err := l.StoreLogs(testEntries(1, 5)); err != nil {
				t.Fatal(err)
			}
			if err := l.SetUint64([]byte("CurrentTerm"), 7); err != nil {
				t.Fatal(err)
			}
			if err := l.StoreLogs(testEntries(6, 8)); err != nil {
				t.Fatal(err)
			}
			mem.SetIgnoreSyncs(true)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			mem.ResetToSyncedState()
			mem.SetIgnoreSyncs(false)

			db, err = openLogDB(mem, "/raft", 0, tc.skip, slog.Default())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if l, err = db.group(g); err != nil {
				t.Fatal(err)
			}
			if got := bounds(t, l); got != [2]uint64{1, tc.wantLast} {
				t.Fatalf("log after the power cut %v, want [1 %d]", got, tc.wantLast)
			}
			if term, err := l.GetUint64([]byte("CurrentTerm")); err != nil || term != 7 {
				t.Fatalf("term after the power cut %d, %v; want 7", term, err)
			}
		})
	}
}

// TestSkipLogSyncWritesBeforeAck checks that with SkipLogSync an append
// is in the file system (what a crash of the process keeps) when StoreLogs
// returns, and that no fsync is paid for it.
func TestSkipLogSyncWritesBeforeAck(t *testing.T) {
	var sc syncCounter
	fs := sc.fs(vfs.NewMem())
	db, err := openLogDB(fs, "/raft", 0, true, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l, err := db.group(groupID{Space: 1, Part: 1})
	if err != nil {
		t.Fatal(err)
	}
	walSize := func() int64 {
		t.Helper()
		names, err := fs.List("/raft/log")
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, name := range names {
			if strings.HasSuffix(name, ".log") {
				st, err := fs.Stat(fs.PathJoin("/raft/log", name))
				if err != nil {
					t.Fatal(err)
				}
				n += st.Size()
			}
		}
		return n
	}
	syncs0 := sc.syncs.Load()
	for i := uint64(1); i <= 20; i++ {
		before := walSize()
		if err := l.StoreLogs(testEntries(i, i)); err != nil {
			t.Fatal(err)
		}
		if after := walSize(); after <= before {
			t.Fatalf("append %d acknowledged with the WAL at %d bytes, %d before it", i, after, before)
		}
	}
	if n := sc.syncs.Load() - syncs0; n != 0 {
		t.Fatalf("%d fsyncs for 20 appends, want none", n)
	}
}
