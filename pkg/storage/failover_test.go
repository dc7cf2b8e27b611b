package storage

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestClusterLeaderLoss kills the storaged leading the most parts while
// writers insert edges: the client retries on the new leaders, every
// acknowledged write is readable afterwards, and the restarted node catches
// up to the same data.
func TestClusterLeaderLoss(t *testing.T) {
	c := newTestCluster(t, 3)
	const parts = 10
	space := c.createSpace(SpaceDesc{Name: "failover", PartNum: parts, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	var (
		next   atomic.Int64
		mu     sync.Mutex
		acked  []int64
		failed []error
		stop   = make(chan struct{})
		wg     sync.WaitGroup
	)
	edgeOf := func(i int64) NewEdge {
		return NewEdge{EdgeKey: EdgeKey{Src: num(i % 997), Type: sc.serve, Rank: i, Dst: num(i * 31 % 997)}, Props: []value.Value{num(i)}}
	}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var es []NewEdge
				var ids []int64
				for range 5 {
					i := next.Add(1)
					ids = append(ids, i)
					es = append(es, edgeOf(i))
				}
				err := c.client.AddEdges(ctx, space, es, []string{"start_year"}, false, false)
				mu.Lock()
				if err != nil {
					failed = append(failed, err)
				} else {
					acked = append(acked, ids...)
				}
				mu.Unlock()
			}
		}()
	}
	ackedNow := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(acked)
	}
	waitAcked := func(n int) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for ackedNow() < n {
			if time.Now().After(deadline) {
				t.Fatalf("only %d writes acknowledged", ackedNow())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitAcked(200)

	// Kill the node leading the most parts.
	leads := make([]int, len(c.nodes))
	for p := int32(1); p <= parts; p++ {
		if i := c.leaderNode(space, p); i >= 0 {
			leads[i]++
		}
	}
	victim := 0
	for i := range leads {
		if leads[i] > leads[victim] {
			victim = i
		}
	}
	t.Logf("killing node %d, leader of %d parts, after %d acknowledged writes", victim, leads[victim], ackedNow())
	c.stop(victim)
	before := ackedNow()
	waitAcked(before + 300)
	close(stop)
	wg.Wait()
	t.Logf("%d writes acknowledged, %d calls failed", len(acked), len(failed))
	for _, err := range failed {
		t.Errorf("write failed despite retries: %v", err)
	}

	// Every acknowledged edge is there, with both keys.
	var keys []EdgeKey
	for _, i := range acked {
		keys = append(keys, edgeOf(i).EdgeKey)
	}
	ds, err := c.client.GetEdgeProps(ctx, space, keys, propsOf(sc.serve, "start_year"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]bool{}
	for _, r := range ds.Rows {
		got[r.Values[0].Int()] = true
	}
	for _, i := range acked {
		if !got[i] {
			t.Fatalf("acknowledged edge %d lost", i)
		}
	}

	// The restarted node catches up: for every part its replica reaches
	// the leader's applied index and holds the same keys.
	c.start(victim)
	c.waitLeaders(space)
	for p := int32(1); p <= parts; p++ {
		// Leadership may move while the node rejoins; follow it.
		var l int
		deadline := time.Now().Add(30 * time.Second)
		for {
			l = c.leaderNode(space, p)
			rp := c.nodes[victim].srv.Store().Node().Part(space, p)
			if l >= 0 && rp != nil {
				if lp := c.nodes[l].srv.Store().Node().Part(space, p); lp != nil && rp.AppliedIndex() >= lp.AppliedIndex() {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("part %d: restarted replica did not catch up with the leader (node %d)", p, l)
			}
			time.Sleep(20 * time.Millisecond)
		}
		a, b := partDump(t, c, l, space, p), partDump(t, c, victim, space, p)
		if a != b {
			t.Fatalf("part %d: restarted replica differs from the leader (%d vs %d bytes)", p, len(b), len(a))
		}
	}
}

// propsOf is a GetPropRequest template asking for props of one edge type
// (the first column is the rank, which the tests use as the edge's id).
func propsOf(edgeType int32, props ...string) *gstorage.GetPropRequest {
	return &gstorage.GetPropRequest{EdgeProps: []*gstorage.EdgeProp{{Type: common.EdgeType(edgeType), Props: namesToBytes(append([]string{"_rank"}, props...))}}}
}

// partDump renders every data key and value of one part on one node.
func partDump(t *testing.T, c *testCluster, node int, space, part int32) string {
	t.Helper()
	st := c.nodes[node].srv.Store()
	sp, err := st.space(space)
	if err != nil {
		t.Fatal(err)
	}
	p, err := sp.part(part)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, kt := range []kvstore.KeyType{kvstore.KeyTag, kvstore.KeyVertex, kvstore.KeyEdge, kvstore.KeyIndex} {
		it, err := p.engine.NewIter(kvstore.IterOptions{Prefix: kvstore.PartPrefix(kt, uint32(part))})
		if err != nil {
			t.Fatal(err)
		}
		for ok := it.First(); ok; ok = it.Next() {
			fmt.Fprintf(&b, "%x=%x\n", it.Key(), it.Value())
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}
