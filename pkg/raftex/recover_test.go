package raftex

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/hashicorp/raft"
)

// TestResumeSnapshotInstall crashes a replica after it received a
// snapshot but before (or while) installing it; opening the part again
// must finish the install from the spooled stream before raft starts.
func TestResumeSnapshotInstall(t *testing.T) {
	for _, midway := range []bool{false, true} {
		t.Run(fmt.Sprintf("midway=%v", midway), func(t *testing.T) {
			c := newTestCluster(t, 1, singleNodeTimeouts)
			c.openParts(1, 0)
			const part = 1
			c.waitLeaders(10 * time.Second)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var b Batch
			b.Put(dataKey(part, "old"), []byte("data"))
			if err := c.propose(ctx, part, &b); err != nil {
				t.Fatal(err)
			}
			p := c.part(0, part)
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}

			// A snapshot of another history, at raft index 900.
			src, _ := openTestEngine(t)
			fillPart(t, src, part, 50, 900)
			stream := snapshotStream(t, newTestFSM(src, part))
			tn := c.nodes[0]
			store := &snapStore{id: p.id, logs: tn.node.logs, fs: tn.fs, dir: tn.node.spoolDir(), fsm: p.fsm}
			conf := raft.Configuration{Servers: []raft.Server{{Suffrage: raft.Voter, ID: raft.ServerID(tn.addr), Address: raft.ServerAddress(tn.addr)}}}
			sink, err := store.Create(1, 900, 3, conf, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sink.Write(stream); err != nil {
				t.Fatal(err)
			}
			if err := sink.Close(); err != nil {
				t.Fatal(err)
			}
			if midway {
				// The install had begun: the part's data is half gone.
				if err := p.fsm.begin(); err != nil {
					t.Fatal(err)
				}
			}

			p2, err := tn.node.OpenPart(c.partConfig(0, part, []string{tn.addr}))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := c.contents(0, part), engineContents(t, src, part); !maps.Equal(got, want) {
				t.Fatalf("after reopen: %d keys, want %d", len(got), len(want))
			}
			if p2.AppliedIndex() != 900 {
				t.Fatalf("applied %d, want 900", p2.AppliedIndex())
			}
			if names, _ := tn.fs.List(tn.node.spoolDir()); len(names) != 0 {
				t.Fatalf("spool left behind: %v", names)
			}
			// raft carries on from the snapshot.
			c.waitLeaders(10 * time.Second)
			b.Reset()
			b.Put(dataKey(part, "new"), []byte("after"))
			if err := c.propose(ctx, part, &b); err != nil {
				t.Fatal(err)
			}
			if err := p2.ReadBarrier(ctx); err != nil {
				t.Fatal(err)
			}
			if got := c.contents(0, part); got["new"] != "after" || len(got) != 51 {
				t.Fatalf("after a new write: %d keys, new=%q", len(got), got["new"])
			}
		})
	}
}

// TestRestartReplaysLog crashes a single-replica part whose engine lost
// its unsynced writes; the raft log brings them back.
func TestRestartReplaysLog(t *testing.T) {
	c := newTestCluster(t, 1, singleNodeTimeouts)
	c.openParts(1, 0)
	c.waitLeaders(10 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i := range 20 {
		var b Batch
		b.Put(dataKey(1, fmt.Sprintf("k%02d", i)), []byte("v"))
		if err := c.propose(ctx, 1, &b); err != nil {
			t.Fatal(err)
		}
	}
	c.kill(0, false)
	c.restart(0, []string{c.nodes[0].addr})
	c.waitLeaders(10 * time.Second)
	if err := c.part(0, 1).ReadBarrier(ctx); err != nil {
		t.Fatal(err)
	}
	if got := c.contents(0, 1); len(got) != 20 {
		t.Fatalf("after restart: %d keys, want 20", len(got))
	}
}

// singleNodeTimeouts shortens elections for one-node clusters, which have
// nobody to disturb.
func singleNodeTimeouts(o *Options) {
	o.HeartbeatTimeout = 200 * time.Millisecond
	o.ElectionTimeout = 200 * time.Millisecond
	o.LeaderLeaseTimeout = 100 * time.Millisecond
}
