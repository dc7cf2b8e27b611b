package raftex

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// A node's Stats count the proposals it led, their commit latencies and
// the leader changes it saw.
func TestNodeStats(t *testing.T) {
	c := newTestCluster(t, 3, nil)
	c.openParts(2, 0, 1, 2)
	leaders := c.waitLeaders(30 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const writes = 5
	for _, p := range c.parts {
		for w := range writes {
			var b Batch
			b.Put(dataKey(p, fmt.Sprintf("k%d", w)), []byte("v"))
			if err := c.propose(ctx, p, &b); err != nil {
				t.Fatal(err)
			}
		}
	}
	var proposals, commits, changes uint64
	for i, tn := range c.nodes {
		st := tn.node.Stats()
		proposals += st.Proposals - st.ProposalErrors
		commits += st.Commit.Count
		changes += st.LeaderChanges
		var inBuckets uint64
		for _, n := range st.Commit.Counts {
			inBuckets += n
		}
		if inBuckets > st.Commit.Count || len(st.Commit.Counts) != len(st.Commit.Bounds) {
			t.Errorf("node %d: buckets %v hold more than the count %d", i, st.Commit.Counts, st.Commit.Count)
		}
		if st.Commit.Count > 0 && st.Commit.Sum <= 0 {
			t.Errorf("node %d: %d commits took no time", i, st.Commit.Count)
		}
	}
	want := uint64(writes * len(c.parts))
	if proposals != want || commits != want {
		t.Errorf("successful proposals %d, commits %d; want %d each", proposals, commits, want)
	}
	// Every replica of every part saw its part's first leader.
	if changes < uint64(len(leaders)*len(c.nodes)) {
		t.Errorf("leader changes %d, want at least %d", changes, len(leaders)*len(c.nodes))
	}
}
