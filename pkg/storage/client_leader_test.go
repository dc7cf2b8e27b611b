package storage

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// blackHole listens on addr and accepts connections that it never
// answers, as the kernel does for a frozen (SIGSTOPped) process or, from
// the client's side, as a host cut off mid-connection looks. It is closed
// when the test ends.
func blackHole(t *testing.T, addr string) {
	t.Helper()
	var ln net.Listener
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; {
		if ln, err = net.Listen("tcp", addr); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("black hole on %s: %v", addr, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
}

// edgesOnAllParts returns one edge per source vertex 1..n (n well above
// the part count, so every part gets some).
func edgesOnAllParts(edgeType int32, n, seq int) []NewEdge {
	var es []NewEdge
	for i := 1; i <= n; i++ {
		es = append(es, NewEdge{EdgeKey: EdgeKey{Src: value.NewInt(int64(i)), Type: edgeType, Rank: int64(seq), Dst: value.NewInt(int64(i + 1))},
			Props: []value.Value{value.NewInt(int64(seq))}})
	}
	return es
}

// TestClientFailsOverFromSilentLeader: the storaged leading the most parts
// stops answering (its address turns into a black hole: connections are
// accepted and never answered), as a SIGSTOPped or isolated leader does.
// The other replicas elect new leaders and metad learns them from their
// heartbeats; writes to every part must succeed again within a few
// seconds, well inside the caller's deadline, rather than wait that
// deadline out on the silent host (the client used to learn leaders only
// from answers, and a request to a silent host waited for its whole
// deadline).
func TestClientFailsOverFromSilentLeader(t *testing.T) {
	c := newTestCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "silent", PartNum: 6, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	c.waitLeaders(space)
	client := NewClient(c.meta, ClientOptions{Timeout: 30 * time.Second, ProbeAfter: 500 * time.Millisecond,
		ProbeTimeout: 500 * time.Millisecond, ProbeInterval: 500 * time.Millisecond, Logger: quietLogger()})
	t.Cleanup(func() { client.Close() })

	write := func(seq int, timeout time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		return client.AddEdges(ctx, space, edgesOnAllParts(sc.serve, 30, seq), []string{"start_year"}, false, false)
	}
	// Warm the client: leaders cached, connections pooled to every host.
	if err := write(0, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	victim, most := 0, -1
	for i, tn := range c.nodes {
		n := 0
		for _, p := range tn.srv.Store().Node().Parts() {
			if s, _ := p.ID(); s == space && p.IsLeader() {
				n++
			}
		}
		if n > most {
			victim, most = i, n
		}
	}
	addr := c.nodes[victim].addr
	c.stop(victim)
	blackHole(t, addr)
	silent := time.Now()

	const goal = 6 * time.Second
	for seq := 1; ; seq++ {
		start := time.Now()
		err := write(seq, 20*time.Second)
		if err == nil {
			break
		}
		t.Logf("write %d failed after %v: %v", seq, time.Since(start).Round(time.Millisecond), err)
		if time.Since(silent) > 3*goal {
			t.Fatalf("no write succeeded %v after the leader of %d parts went silent", time.Since(silent), most)
		}
		time.Sleep(50 * time.Millisecond)
	}
	took := time.Since(silent)
	t.Logf("leader of %d parts went silent: writes to every part succeeded again after %v", most, took.Round(time.Millisecond))
	if took > goal {
		t.Errorf("writes resumed %v after the leader went silent, want < %v", took.Round(time.Millisecond), goal)
	}
	// Reads too, and the silent host is not asked again while down.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var vids []value.Value
	for i := 1; i <= 30; i++ {
		vids = append(vids, value.NewInt(int64(i)))
	}
	if _, err := client.GetDstBySrc(ctx, space, vids, []int32{sc.serve}); err != nil {
		t.Fatalf("read after failover: %v", err)
	}
}

// TestClientRetriesThroughLeaderlessWindow: while parts have no leader
// (here two of three replicas are down; under heavy load, leaders that
// step down and elections that repeat look the same to the client), every
// round of retries is answered "not the leader, leader unknown" or
// "connection refused". A read issued then must complete once a quorum is
// back, within the retry time budget, instead of failing with
// E_RETRY_EXHAUSTED after a fixed number of rounds (ten rounds of backoff
// were about 6.5 s: the bench's big reads failed so when leaders flapped
// under load).
func TestClientRetriesThroughLeaderlessWindow(t *testing.T) {
	c := newTestCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "leaderless", PartNum: 4, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	c.waitLeaders(space)
	client := NewClient(c.meta, ClientOptions{Logger: quietLogger()}) // defaults, as graphd runs it
	t.Cleanup(func() { client.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := client.AddEdges(ctx, space, edgesOnAllParts(sc.serve, 20, 1), []string{"start_year"}, false, false); err != nil {
		t.Fatal(err)
	}
	c.stop(1)
	c.stop(2)
	var vids []value.Value
	for i := 1; i <= 20; i++ {
		vids = append(vids, value.NewInt(int64(i)))
	}
	type result struct {
		ds  *value.DataSet
		err error
	}
	done := make(chan result, 1)
	go func() {
		ds, err := client.GetDstBySrc(ctx, space, vids, []int32{sc.serve})
		done <- result{ds, err}
	}()
	const outage = 9 * time.Second
	time.Sleep(outage)
	select {
	case r := <-done:
		t.Fatalf("read ended during the outage: %v", r.err)
	default:
	}
	c.start(1)
	r := <-done
	if r.err != nil {
		if isErr(r.err, common.ErrorCode_E_RETRY_EXHAUSTED) {
			t.Fatalf("read gave up while the parts had no leader: %v", r.err)
		}
		t.Fatal(r.err)
	}
	if len(r.ds.Rows) != 20 {
		t.Fatalf("read %d rows, want 20", len(r.ds.Rows))
	}
}
