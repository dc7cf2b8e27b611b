package raftex

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// isolate cuts node i off from every other node, both ways.
func (c *testCluster) isolate(i int, cut bool) {
	for j, tn := range c.nodes {
		if j != i {
			c.nodes[i].node.BlockPeer(tn.addr, cut)
			tn.node.BlockPeer(c.nodes[i].addr, cut)
		}
	}
}

// TestPartitionMinority cuts one node away: it must accept no write and a
// leader there must fail its read barrier; the majority keeps writing;
// after healing the cut node catches up and nothing it was asked to write
// exists anywhere.
func TestPartitionMinority(t *testing.T) {
	c := newTestCluster(t, 3, nil)
	const groups = 8
	c.openParts(groups, 0, 1, 2)
	c.waitLeaders(30 * time.Second)
	const minority = 2
	// Give the node to be cut off the leadership of half the parts, so
	// that it is cut off as a leader there.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, p := range c.parts[:groups/2] {
		l, err := c.leaderOf(p)
		if err != nil {
			t.Fatal(err)
		}
		if l != minority {
			if err := c.part(l, p).TransferLeader(ctx, c.nodes[minority].addr); err != nil {
				t.Fatalf("part %d: %v", p, err)
			}
		}
	}
	var ledByMinority []int32
	for _, p := range c.parts {
		if c.part(minority, p).IsLeader() {
			ledByMinority = append(ledByMinority, p)
		}
	}
	if len(ledByMinority) == 0 {
		t.Fatal("the minority node leads no part")
	}
	t.Logf("node %d leads parts %v", minority, ledByMinority)
	for _, p := range ledByMinority {
		if err := c.part(minority, p).ReadBarrier(ctx); err != nil {
			t.Fatalf("part %d: read barrier before the cut: %v", p, err)
		}
	}

	c.isolate(minority, true)
	// The reads just before the cut hold a read lease, during which no
	// other leader can be elected; past it, reads need the quorum.
	time.Sleep(c.nodes[minority].node.opts.ReadLease)

	// Cut off, the leader still believes in itself for up to the leader
	// lease; its read barrier must fail all the same, for the quorum does
	// not answer. (The majority may elect a new leader and take writes
	// meanwhile: a read passing here could be stale.)
	var stillLeader int
	for _, p := range ledByMinority {
		part := c.part(minority, p)
		if part.IsLeader() {
			stillLeader++
		}
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := part.ReadBarrier(rctx)
		cancel()
		if err == nil {
			t.Errorf("part %d: the cut-off node passed a read barrier", p)
		}
	}
	t.Logf("%d of %d cut-off leaders still thought they led when asked to read", stillLeader, len(ledByMinority))

	// Every part refuses the minority's writes, leader or not.
	var wg sync.WaitGroup
	errs := make([]error, len(c.parts))
	for i, p := range c.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b Batch
			b.Put(dataKey(p, "minority"), []byte("must not exist"))
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			errs[i] = c.part(minority, p).Propose(pctx, &b)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err == nil {
			t.Errorf("part %d: the cut-off node acknowledged a write", c.parts[i])
		} else if !errors.Is(err, ErrNotLeader) {
			t.Logf("part %d: minority write refused: %v", c.parts[i], err)
		}
	}

	// The majority elects leaders and takes writes.
	majority := []int{0, 1}
	for _, p := range c.parts {
		for k := range 3 {
			var b Batch
			b.Put(dataKey(p, fmt.Sprintf("majority%d", k)), []byte("ok"))
			if err := c.propose(ctx, p, &b, majority...); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, p := range c.parts {
		l, err := c.leaderOf(p, majority...)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.part(l, p).ReadBarrier(ctx); err != nil {
			t.Fatalf("part %d: majority leader's read barrier: %v", p, err)
		}
	}

	c.isolate(minority, false)
	all := []int{0, 1, 2}
	eventually(t, 30*time.Second, "the healed node catches up", func() error { return c.converged(all) })
	for _, p := range c.parts {
		for _, i := range all {
			got := c.contents(i, p)
			if _, ok := got["minority"]; ok {
				t.Errorf("node %d part %d: holds the write the minority refused", i, p)
			}
			if len(got) != 3 {
				t.Errorf("node %d part %d: %d keys, want 3: %v", i, p, len(got), got)
			}
		}
	}
}
