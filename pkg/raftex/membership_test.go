package raftex

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"
)

// TestLearnerCatchesUpBySnapshot truncates the leader's log, adds a new
// replica as a learner (it can only catch up through a streamed
// snapshot), promotes it, then removes and drops it.
func TestLearnerCatchesUpBySnapshot(t *testing.T) {
	c := newTestCluster(t, 3, func(o *Options) {
		o.TrailingLogs = 4
		o.SnapshotThreshold = 1 << 30 // only the snapshot the test asks for
		o.SnapshotChunkSize = 4 << 10 // many chunks
		o.MaxFrameSize = 64 << 10
	})
	c.openParts(1, 0, 1, 2)
	const part = 1
	c.waitLeaders(30 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	value := strings.Repeat("x", 200)
	for k := range 300 {
		var b Batch
		b.Put(dataKey(part, fmt.Sprintf("k%03d", k)), []byte(value))
		if err := c.propose(ctx, part, &b); err != nil {
			t.Fatal(err)
		}
	}
	l, err := c.leaderOf(part)
	if err != nil {
		t.Fatal(err)
	}
	leader := c.part(l, part)
	if err := leader.raft.Snapshot().Error(); err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	first, _ := leader.log.FirstIndex()
	if first < 100 {
		t.Fatalf("leader's log starts at %d after the snapshot; want it truncated", first)
	}

	nn := c.addNode()
	learner := len(c.nodes) - 1
	lp, err := nn.node.OpenPart(c.partConfig(learner, part, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := leader.AddLearner(ctx, nn.addr); err != nil {
		t.Fatalf("add learner: %v", err)
	}
	want := c.contents(l, part)
	eventually(t, 30*time.Second, "the learner catches up", func() error {
		if n := lp.fsm.restores.Load(); n != 1 {
			return fmt.Errorf("learner installed %d snapshots, want 1", n)
		}
		if got := c.contents(learner, part); !maps.Equal(got, want) {
			return fmt.Errorf("learner has %d keys of %d", len(got), len(want))
		}
		// The spool goes just after the restore is counted (partFSM.Restore).
		if names, _ := nn.fs.List(nn.node.spoolDir()); len(names) != 0 {
			return fmt.Errorf("received snapshot spool left behind: %v", names)
		}
		return nil
	})
	if ms, _ := leader.Members(); !hasMember(ms, nn.addr, false) {
		t.Fatalf("members %v: want %s as a learner", ms, nn.addr)
	}
	if err := leader.Promote(ctx, nn.addr); err != nil {
		t.Fatalf("promote: %v", err)
	}
	if ms, _ := leader.Members(); !hasMember(ms, nn.addr, true) || len(ms) != 4 {
		t.Fatalf("members %v: want 4 voters including %s", ms, nn.addr)
	}
	// The new voter takes part in commits from now on.
	var b Batch
	b.Put(dataKey(part, "after"), []byte("promotion"))
	if err := c.propose(ctx, part, &b); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "four replicas converge", func() error { return c.converged([]int{0, 1, 2, 3}) })

	// Remove it again and drop its data.
	if l, err = c.leaderOf(part); err != nil {
		t.Fatal(err)
	}
	if err := c.part(l, part).RemovePeer(ctx, nn.addr); err != nil {
		t.Fatalf("remove peer: %v", err)
	}
	if err := lp.Drop(); err != nil {
		t.Fatalf("drop: %v", err)
	}
	if got := c.contents(learner, part); len(got) != 0 {
		t.Fatalf("dropped replica still has %d keys", len(got))
	}
	s := nn.eng.NewSnapshot()
	_, ok, _ := s.Get(appliedKey(part))
	s.Close()
	if ok {
		t.Fatal("dropped replica still has its applied index")
	}
	g, err := nn.node.logs.group(groupID{Space: 1, Part: part})
	if err != nil {
		t.Fatal(err)
	}
	if last, _ := g.LastIndex(); last != 0 {
		t.Fatalf("dropped replica's raft log still ends at %d", last)
	}
	if ms, _ := c.part(l, part).Members(); len(ms) != 3 {
		t.Fatalf("members after removal: %v", ms)
	}
}

func hasMember(ms []Member, addr string, voter bool) bool {
	for _, m := range ms {
		if m.Addr == addr && m.Voter == voter {
			return true
		}
	}
	return false
}

// TestTransferLeader moves each part's leadership to a named peer and
// checks that subscribers on another replica see the change.
func TestTransferLeader(t *testing.T) {
	c := newTestCluster(t, 3, nil)
	c.openParts(4, 0, 1, 2)
	leaders := c.waitLeaders(30 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, p := range c.parts {
		from := leaders[p]
		to := (from + 1) % 3
		watcher := (from + 2) % 3
		sub := c.part(watcher, p).Subscribe()
		if err := c.part(from, p).TransferLeader(ctx, c.nodes[to].addr); err != nil {
			t.Fatalf("part %d: transfer from node %d to %d: %v", p, from, to, err)
		}
		eventually(t, 10*time.Second, "the new leader is in charge", func() error {
			l, err := c.leaderOf(p)
			if err != nil {
				return err
			}
			if l != to {
				return fmt.Errorf("part %d led by node %d", p, l)
			}
			return nil
		})
		func() {
			defer sub.Close()
			timeout := time.After(10 * time.Second)
			for {
				select {
				case lc := <-sub.C:
					if lc.Leader == c.nodes[to].addr {
						if lc.Local || lc.Space != 1 || lc.Part != p {
							t.Fatalf("part %d: bad change %+v", p, lc)
						}
						return
					}
				case <-timeout:
					t.Fatalf("part %d: node %d never saw node %d lead", p, watcher, to)
				}
			}
		}()
		// The new leader serves linearizable reads and writes.
		var b Batch
		b.Put(dataKey(p, "moved"), []byte("yes"))
		if err := c.part(to, p).Propose(ctx, &b); err != nil {
			t.Fatal(err)
		}
		if err := c.part(to, p).ReadBarrier(ctx); err != nil {
			t.Fatal(err)
		}
		if got := c.contents(to, p)["moved"]; got != "yes" {
			t.Fatalf("part %d: read %q after the write", p, got)
		}
	}
}
