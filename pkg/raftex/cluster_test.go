package raftex

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// manyGroups is the number of parts of the big cluster tests; under the
// race detector (several times slower) half as many, for headroom on a
// busy machine.
func manyGroups() int {
	if raceEnabled {
		return 50
	}
	return 100
}

func TestClusterManyGroups(t *testing.T) {
	c := newTestCluster(t, 3, nil)
	groups := manyGroups()
	c.openParts(groups, 0, 1, 2)
	start := time.Now()
	leaders := c.waitLeaders(30 * time.Second)
	t.Logf("%d groups elected leaders in %v", groups, time.Since(start))
	perNode := map[int]int{}
	for _, l := range leaders {
		perNode[l]++
	}
	t.Logf("leaders per node: %v", perNode)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const writes = 5
	for _, p := range c.parts {
		for w := range writes {
			var b Batch
			b.Put(dataKey(p, fmt.Sprintf("k%d", w)), []byte(fmt.Sprintf("v%d-%d", p, w)))
			b.Put(dataKey(p, "last"), []byte(fmt.Sprint(w)))
			if err := c.propose(ctx, p, &b); err != nil {
				t.Fatal(err)
			}
		}
	}
	eventually(t, 30*time.Second, "replicas converge", func() error { return c.converged([]int{0, 1, 2}) })
	for _, p := range c.parts {
		got := c.contents(0, p)
		if len(got) != writes+1 || got["last"] != fmt.Sprint(writes-1) || got["k3"] != fmt.Sprintf("v%d-3", p) {
			t.Fatalf("part %d: contents %v", p, got)
		}
	}
}
