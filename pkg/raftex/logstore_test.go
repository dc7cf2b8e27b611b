package raftex

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/raft"
)

func openTestLogDB(t *testing.T, fs vfs.FS) *logDB {
	t.Helper()
	db, err := openLogDB(fs, "/raft", 0, false, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func testEntries(lo, hi uint64) []*raft.Log {
	var out []*raft.Log
	for i := lo; i <= hi; i++ {
		e := &raft.Log{Index: i, Term: i / 3, Type: raft.LogCommand, Data: []byte(fmt.Sprintf("entry %d", i))}
		if i%2 == 0 {
			e.Type, e.Extensions = raft.LogConfiguration, []byte{byte(i)}
			e.AppendedAt = time.Unix(0, int64(i)*1e9)
		}
		out = append(out, e)
	}
	return out
}

func bounds(t *testing.T, l raft.LogStore) [2]uint64 {
	t.Helper()
	f, err1 := l.FirstIndex()
	la, err2 := l.LastIndex()
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	return [2]uint64{f, la}
}

func TestLogStore(t *testing.T) {
	tests := []struct {
		name     string
		store    [2]uint64   // entries stored
		deletes  [][2]uint64 // DeleteRange calls, in order
		want     [2]uint64   // first, last after
		missing  []uint64
		appended [2]uint64 // entries stored after the deletes, if any
	}{
		{name: "empty", want: [2]uint64{0, 0}},
		{name: "append", store: [2]uint64{1, 10}, want: [2]uint64{1, 10}},
		{name: "compact prefix", store: [2]uint64{1, 10}, deletes: [][2]uint64{{1, 4}}, want: [2]uint64{5, 10}, missing: []uint64{1, 4}},
		{name: "cut suffix", store: [2]uint64{1, 10}, deletes: [][2]uint64{{8, 10}}, want: [2]uint64{1, 7}, missing: []uint64{8, 10}},
		{name: "cut suffix and rewrite", store: [2]uint64{1, 10}, deletes: [][2]uint64{{6, 10}},
			appended: [2]uint64{6, 8}, want: [2]uint64{1, 8}, missing: []uint64{9}},
		{name: "delete all", store: [2]uint64{3, 9}, deletes: [][2]uint64{{1, 20}}, want: [2]uint64{0, 0}, missing: []uint64{3, 9}},
		{name: "delete all then append", store: [2]uint64{3, 9}, deletes: [][2]uint64{{3, 9}},
			appended: [2]uint64{10, 12}, want: [2]uint64{10, 12}, missing: []uint64{9}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := vfs.NewMem()
			db := openTestLogDB(t, fs)
			g := groupID{Space: 1, Part: 7}
			other := groupID{Space: 1, Part: 8}
			l, err := db.group(g)
			if err != nil {
				t.Fatal(err)
			}
			lo, err := db.group(other)
			if err != nil {
				t.Fatal(err)
			}
			if err := lo.StoreLogs(testEntries(1, 3)); err != nil {
				t.Fatal(err)
			}
			if tc.store[1] > 0 {
				if err := l.StoreLogs(testEntries(tc.store[0], tc.store[1])); err != nil {
					t.Fatal(err)
				}
			}
			for _, d := range tc.deletes {
				if err := l.DeleteRange(d[0], d[1]); err != nil {
					t.Fatal(err)
				}
			}
			if tc.appended[1] > 0 {
				if err := l.StoreLogs(testEntries(tc.appended[0], tc.appended[1])); err != nil {
					t.Fatal(err)
				}
			}
			check := func(l *groupLog) {
				t.Helper()
				if got := bounds(t, l); got != tc.want {
					t.Fatalf("bounds %v, want %v", got, tc.want)
				}
				for _, want := range testEntries(max(tc.want[0], 1), tc.want[1]) {
					if tc.want[1] == 0 {
						break
					}
					var got raft.Log
					if err := l.GetLog(want.Index, &got); err != nil {
						t.Fatalf("get %d: %v", want.Index, err)
					}
					if !reflect.DeepEqual(&got, want) {
						t.Fatalf("entry %d: got %+v, want %+v", want.Index, got, *want)
					}
				}
				for _, i := range tc.missing {
					var got raft.Log
					if err := l.GetLog(i, &got); !errors.Is(err, raft.ErrLogNotFound) {
						t.Fatalf("get %d: %v, want ErrLogNotFound", i, err)
					}
				}
			}
			check(l)
			// The bounds are found again after a restart.
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			db = openTestLogDB(t, fs)
			defer db.Close()
			if l, err = db.group(g); err != nil {
				t.Fatal(err)
			}
			check(l)
			// Another group's log is untouched.
			if lo, err = db.group(other); err != nil {
				t.Fatal(err)
			}
			if got := bounds(t, lo); got != [2]uint64{1, 3} {
				t.Fatalf("other group's bounds %v", got)
			}
		})
	}
}

func TestStableStore(t *testing.T) {
	fs := vfs.NewMem()
	db := openTestLogDB(t, fs)
	l, err := db.group(groupID{Space: 2, Part: 1})
	if err != nil {
		t.Fatal(err)
	}
	// hashicorp/raft recognises a missing key by this exact message.
	if _, err := l.GetUint64([]byte("CurrentTerm")); err == nil || err.Error() != "not found" {
		t.Fatalf("missing uint64: %v", err)
	}
	if _, err := l.Get([]byte("LastVoteCand")); err == nil || err.Error() != "not found" {
		t.Fatalf("missing key: %v", err)
	}
	if err := l.SetUint64([]byte("CurrentTerm"), 42); err != nil {
		t.Fatal(err)
	}
	if err := l.Set([]byte("LastVoteCand"), []byte("10.0.0.1:9780")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openTestLogDB(t, fs)
	defer db.Close()
	if l, err = db.group(groupID{Space: 2, Part: 1}); err != nil {
		t.Fatal(err)
	}
	if v, err := l.GetUint64([]byte("CurrentTerm")); err != nil || v != 42 {
		t.Fatalf("term %d, %v", v, err)
	}
	if v, err := l.Get([]byte("LastVoteCand")); err != nil || string(v) != "10.0.0.1:9780" {
		t.Fatalf("vote %q, %v", v, err)
	}
	// Dropping the group removes its log and state.
	if err := l.StoreLogs(testEntries(1, 5)); err != nil {
		t.Fatal(err)
	}
	if err := db.dropGroup(groupID{Space: 2, Part: 1}); err != nil {
		t.Fatal(err)
	}
	if l, err = db.group(groupID{Space: 2, Part: 1}); err != nil {
		t.Fatal(err)
	}
	if got := bounds(t, l); got != [2]uint64{0, 0} {
		t.Fatalf("bounds after drop %v", got)
	}
	if _, err := l.GetUint64([]byte("CurrentTerm")); err == nil {
		t.Fatal("term survived the drop")
	}
}

func TestLogEntryCodec(t *testing.T) {
	for _, e := range append(testEntries(1, 4), &raft.Log{Index: 9, Term: 1 << 40, Type: raft.LogBarrier}) {
		var got raft.Log
		if err := decodeLog(encodeLog(nil, e), &got); err != nil {
			t.Fatal(err)
		}
		got.Index = e.Index
		if !reflect.DeepEqual(&got, e) {
			t.Fatalf("got %+v, want %+v", got, *e)
		}
	}
	for _, bad := range [][]byte{nil, {1}, {1, 0}, {1, 0, 0, 5, 'a'}} {
		var got raft.Log
		if err := decodeLog(bad, &got); err == nil {
			t.Fatalf("decoded %x", bad)
		}
	}
}
