package raftex

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestKillLeaderNode crashes the node leading the most parts while eight
// writers write, then restarts it. Every acknowledged write must survive on
// the survivors and come back on the restarted node, and no replica may
// apply an entry twice (the cluster's checkingEngine watches that).
func TestKillLeaderNode(t *testing.T) {
	c := newTestCluster(t, 3, nil)
	groups := manyGroups()
	c.openParts(groups, 0, 1, 2)
	leaders := c.waitLeaders(30 * time.Second)
	count := map[int]int{}
	for _, l := range leaders {
		count[l]++
	}
	victim := 0
	for i := range 3 {
		if count[i] > count[victim] {
			victim = i
		}
	}
	t.Logf("killing node %d, leader of %d of %d parts", victim, count[victim], groups)

	var (
		mu    sync.Mutex
		acked = map[int32]map[string]string{}
		total atomic.Int64
		stop  = make(chan struct{})
		wg    sync.WaitGroup
	)
	const writers = 8
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := 0; ; seq++ {
				select {
				case <-stop:
					return
				default:
				}
				part := c.parts[(w+seq*writers)%len(c.parts)]
				key, val := fmt.Sprintf("w%d-%d", w, seq), fmt.Sprintf("value %d of writer %d", seq, w)
				var b Batch
				b.Put(dataKey(part, key), []byte(val))
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				err := c.propose(ctx, part, &b)
				cancel()
				if err != nil {
					// Not acknowledged: it may or may not be there.
					continue
				}
				mu.Lock()
				if acked[part] == nil {
					acked[part] = map[string]string{}
				}
				acked[part][key] = val
				mu.Unlock()
				total.Add(1)
			}
		}()
	}
	waitWrites := func(n int64) {
		eventually(t, 60*time.Second, fmt.Sprintf("%d acknowledged writes", n), func() error {
			if got := total.Load(); got < n {
				return fmt.Errorf("%d so far", got)
			}
			return nil
		})
	}
	waitWrites(int64(2 * groups))
	before := total.Load()
	killed := time.Now()
	c.kill(victim, true)
	t.Logf("killed node %d after %d acknowledged writes (kill took %v)", victim, before, time.Since(killed))
	waitWrites(before + int64(2*groups))
	t.Logf("%d more writes acknowledged %v after the kill", 2*groups, time.Since(killed))
	close(stop)
	wg.Wait()
	t.Logf("%d acknowledged writes in all", total.Load())

	var survivors []int
	for i := range 3 {
		if i != victim {
			survivors = append(survivors, i)
		}
	}
	c.waitLeaders(30 * time.Second)
	checkAcked := func(nodes []int) error {
		for part, kv := range acked {
			for _, i := range nodes {
				got := c.contents(i, part)
				for k, v := range kv {
					if got[k] != v {
						return fmt.Errorf("node %d part %d: acknowledged %s=%q, have %q", i, part, k, v, got[k])
					}
				}
			}
		}
		return nil
	}
	eventually(t, 30*time.Second, "survivors hold every acknowledged write", func() error { return checkAcked(survivors) })

	t.Logf("survivors checked %v after the kill", time.Since(killed))
	restarted := time.Now()
	c.restart(victim, c.addrs())
	defer func() { t.Logf("restarted node caught up in %v", time.Since(restarted)) }()
	all := []int{0, 1, 2}
	eventually(t, 60*time.Second, "restarted node catches up", func() error {
		if err := checkAcked(all); err != nil {
			return err
		}
		return c.converged(all)
	})
}
