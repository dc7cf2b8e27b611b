package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/vfs"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// fakeFree is a Statfs source the test sets.
type fakeFree struct{ free atomic.Uint64 }

func (f *fakeFree) statfs(string) (uint64, error) { return f.free.Load(), nil }

func TestDiskGuardStates(t *testing.T) {
	dir := t.TempDir()
	var ff fakeFree
	ff.free.Store(100 << 20)
	g := openDiskGuard([]string{dir}, DiskSpaceOptions{MinReservedBytes: 10 << 20, BallastBytes: 1 << 20,
		CheckInterval: time.Hour, Statfs: ff.statfs}, quietLogger())
	defer g.close()
	ballast := filepath.Join(dir, ballastName)
	exists := func() bool { _, err := os.Stat(ballast); return err == nil }

	for _, step := range []struct {
		name    string
		free    uint64
		full    bool
		ballast bool
	}{
		{"plenty", 100 << 20, false, true},
		{"above the reserve", 10<<20 + 1, false, true},
		{"below the reserve", 10<<20 - 1, true, true},
		// Once full, writes resume only with room for reserve + ballast.
		{"back at the reserve", 10 << 20, false, true},
		{"empty", 0, true, true},
		{"plenty again", 100 << 20, false, true},
	} {
		ff.free.Store(step.free)
		g.check()
		err := g.err()
		if (err != nil) != step.full {
			t.Fatalf("%s: err = %v, want full=%v", step.name, err, step.full)
		}
		if err != nil && (!errors.Is(err, ErrDiskFull) || codeOf(err) != common.ErrorCode_E_RAFT_WAL_FAIL) {
			t.Fatalf("%s: %v (code %v), want ErrDiskFull / E_RAFT_WAL_FAIL", step.name, err, codeOf(err))
		}
		if exists() != step.ballast {
			t.Fatalf("%s: ballast exists %v, want %v", step.name, exists(), step.ballast)
		}
	}

	// A write that finds the disk full anyway gives the ballast back;
	// writes resume only when there is room for it again.
	if !g.outOfSpace("x", syscall.ENOSPC) {
		t.Fatal("outOfSpace freed nothing")
	}
	if exists() || g.err() == nil {
		t.Fatalf("after outOfSpace: ballast %v, err %v", exists(), g.err())
	}
	ff.free.Store(10<<20 + 1)
	g.check()
	if g.err() == nil {
		t.Fatal("writes resumed without room for the ballast")
	}
	ff.free.Store(11<<20 + 1)
	g.check()
	if g.err() != nil || !exists() {
		t.Fatalf("with room again: err %v, ballast %v", g.err(), exists())
	}
}

// fullUntilBallastGoes is a file system that is full while the guard's
// ballast file exists: removing the ballast is what frees space, as on a
// real disk.
type fullUntilBallastGoes struct {
	vfs.FS
	ballast string
}

func (fs fullUntilBallastGoes) Create(name string) (vfs.File, error) {
	f, err := fs.FS.Create(name)
	return fullFile{File: f, ballast: fs.ballast}, err
}

type fullFile struct {
	vfs.File
	ballast string
}

func (f fullFile) Write(p []byte) (int, error) {
	if _, err := os.Stat(f.ballast); err == nil {
		return 0, &os.PathError{Op: "write", Path: "wal", Err: syscall.ENOSPC}
	}
	return f.File.Write(p)
}

// TestDiskFSGivesBallastBack: a write that finds the disk full frees the
// ballast, marks the host full and is retried, so pebble never sees the
// error (it panics on a failed write of its write-ahead log).
func TestDiskFSGivesBallastBack(t *testing.T) {
	dir := t.TempDir()
	var ff fakeFree
	ff.free.Store(100 << 20)
	g := openDiskGuard([]string{dir}, DiskSpaceOptions{MinReservedBytes: 1 << 20, BallastBytes: 1 << 20,
		CheckInterval: time.Hour, Statfs: ff.statfs}, quietLogger())
	defer g.close()
	ballast := filepath.Join(dir, ballastName)
	fs := newDiskFS(fullUntilBallastGoes{FS: vfs.NewMem(), ballast: ballast}, g)
	f, err := fs.Create("wal")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.Write([]byte("entry")); err != nil || n != 5 {
		t.Fatalf("write = %d, %v; want 5, nil", n, err)
	}
	if !errors.Is(g.err(), ErrDiskFull) {
		t.Fatalf("after a write found the disk full: err %v, want ErrDiskFull", g.err())
	}
	if _, err := os.Stat(ballast); !os.IsNotExist(err) {
		t.Fatalf("ballast still there: %v", err)
	}
	// Without a ballast left to give, the error reaches the caller.
	if err := os.WriteFile(ballast, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("more")); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("write with nothing to give back: %v, want ENOSPC", err)
	}
}

// TestClusterDiskFull: one storaged's data paths run low on space (the
// guard's statfs source is faked). Writes to the parts it leads fail with
// E_RAFT_WAL_FAIL ("disk space is not enough") instead of reaching its
// engines, until it has handed those parts' leadership to the other
// replicas; then writes succeed on every part while it is still full; it
// keeps running, and takes writes again once space is back.
func TestClusterDiskFull(t *testing.T) {
	var ff fakeFree
	ff.free.Store(1 << 40)
	c := &testCluster{t: t}
	c.metaAddr = startMetad(t)
	c.ddl, _ = startMetaClient(t, c.metaAddr, 0, "127.0.0.1:1", nil)
	t.Cleanup(func() { c.ddl.Close() })
	c.meta = &MetaClient{Client: c.ddl}
	c.tune = func(i int, cfg *Config) {
		if i == 0 {
			cfg.DiskSpace = DiskSpaceOptions{MinReservedBytes: 64 << 20, BallastBytes: 1 << 20,
				CheckInterval: 20 * time.Millisecond, Statfs: ff.statfs}
		}
	}
	c.startNodes(3)
	c.waitHostsOnline()
	space := c.createSpace(SpaceDesc{Name: "full", PartNum: 6, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	c.waitLeaders(space)
	// Host 0 leads part 1.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	raft0, err := RaftAddr(c.nodes[0].addr)
	if err != nil {
		t.Fatal(err)
	}
	for l := c.leaderNode(space, 1); l != 0; l = c.leaderNode(space, 1) {
		if l >= 0 {
			if err := c.nodes[l].srv.Store().Node().Part(space, 1).TransferLeader(ctx, raft0); err != nil {
				t.Logf("transfer leadership of part 1 to host 0: %v", err)
			}
		}
		time.Sleep(100 * time.Millisecond)
		if ctx.Err() != nil {
			t.Fatal("host 0 never led part 1")
		}
	}
	c.waitLeaders(space)
	write := func(seq int) error {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		return c.client.AddEdges(wctx, space, edgesOnAllParts(sc.serve, 30, seq), []string{"start_year"}, false, false)
	}
	if err := write(1); err != nil {
		t.Fatal(err)
	}

	ff.free.Store(1 << 20)
	for c.nodes[0].srv.Store().disk.err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	// Writes to the parts host 0 leads fail with the clear error until
	// it has handed their leadership over; then every write succeeds
	// while host 0 stays full.
	full := time.Now()
	for seq := 2; ; seq++ {
		err := write(seq)
		if err == nil {
			break
		}
		var se *Error
		if !errors.As(err, &se) {
			t.Fatalf("write while host 0 is full: %v", err)
		}
		for _, p := range se.Parts {
			if p.Code != common.ErrorCode_E_RAFT_WAL_FAIL {
				t.Fatalf("write while host 0 is full: part %d: %v %s, want E_RAFT_WAL_FAIL", p.Part, p.Code, p.Msg)
			}
		}
		if time.Since(full) > 15*time.Second {
			t.Fatalf("host 0 kept its leaderships while full: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("writes to every part succeed again %v after host 0 filled up", time.Since(full).Round(time.Millisecond))
	for pid := int32(1); pid <= 6; pid++ {
		if c.leaderNode(space, pid) == 0 {
			t.Errorf("host 0 still leads part %d while full", pid)
		}
	}
	if !errors.Is(c.nodes[0].srv.Store().disk.err(), ErrDiskFull) {
		t.Fatal("host 0's guard does not refuse writes")
	}
	// A client that still takes host 0 for the leader is redirected by
	// it (a full follower answers "leader changed", not the disk error).
	stale := NewClient(c.meta, ClientOptions{Logger: quietLogger()})
	defer stale.Close()
	for pid := int32(1); pid <= 6; pid++ {
		stale.setLeader(space, pid, c.nodes[0].addr)
	}
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := stale.AddEdges(wctx, space, edgesOnAllParts(sc.serve, 30, 1000), []string{"start_year"}, false, false); err != nil {
		t.Fatalf("write through a client that takes the full host for the leader: %v", err)
	}

	ff.free.Store(1 << 40)
	deadline := time.Now().Add(10 * time.Second)
	for seq := 3; ; seq++ {
		err := write(seq)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("writes did not resume after space was freed: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for c.nodes[0].srv.Store().disk.err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("host 0 still refuses writes after space was freed")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
