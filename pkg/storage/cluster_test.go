package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/freeport"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// The test cluster: real storaged Servers (Store, Thrift services, raft)
// on loopback ports in this process, and a Client routing to them. The
// meta service is a real metad (newTestCluster) — every storaged with its
// own meta client, as cmd/storaged runs — or, for the tests that rewrite
// the partition map by hand, a MemMeta (newMemCluster).

type testNode struct {
	addr   string
	dir    string
	srv    *Server
	cancel context.CancelFunc
	done   chan error
	// mc is this incarnation's meta client (nil on MemMeta); stopMC stops
	// its heartbeats and closes it.
	mc     *meta.Client
	stopMC func()
}

type testCluster struct {
	t testing.TB
	// mem is the meta service of a cluster on MemMeta, nil on metad.
	mem *MemMeta
	// ddl is a client of metad as graphd holds one: DDL goes through it
	// and the storage client reads its cache. nil on MemMeta.
	ddl      *meta.Client
	metaAddr string
	// meta is what the storage client and the helpers read: mem, or ddl
	// through the MetaClient adapter.
	meta  Meta
	nodes []*testNode
	// nextID numbers the spaces, schemas and indexes of a MemMeta cluster
	// as metad does: spaces on one counter, the rest on one per space.
	nextSpace int32
	nextID    map[int32]int32
	client    *Client
	// skew is added to the wall clock the storage nodes judge TTL by.
	skew atomic.Int64
	// tune, when set, adjusts node i's config before each start.
	tune func(i int, cfg *Config)
}

func quietLogger() *slog.Logger {
	if os.Getenv("STORAGE_DEBUG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func testRaftLogger() hclog.Logger {
	level := hclog.Off
	if os.Getenv("STORAGE_DEBUG") != "" {
		level = hclog.Debug
	}
	return hclog.New(&hclog.LoggerOptions{Name: "raft", Level: level, Output: os.Stderr})
}

// freePortPair returns a port p such that p and p+1 were free, below the
// ephemeral range: restarted nodes bind their port again.
func freePortPair(t testing.TB) int {
	t.Helper()
	p, err := freeport.Block(2)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newTestCluster starts one metad and n storaged registered with it (ADD
// HOSTS), and waits until metad sees every storaged online.
func newTestCluster(t testing.TB, n int) *testCluster {
	c := &testCluster{t: t}
	c.metaAddr = startMetad(t)
	c.ddl, _ = startMetaClient(t, c.metaAddr, gmeta.HostRole_GRAPH, "127.0.0.1:1", nil)
	t.Cleanup(func() { c.ddl.Close() })
	c.meta = &MetaClient{Client: c.ddl}
	c.startNodes(n)
	c.waitHostsOnline()
	return c
}

// newMemCluster starts n storaged on a MemMeta.
func newMemCluster(t testing.TB, n int) *testCluster {
	c := &testCluster{t: t, mem: NewMemMeta(), nextID: map[int32]int32{}}
	c.meta = c.mem
	c.startNodes(n)
	return c
}

func (c *testCluster) startNodes(n int) {
	for range n {
		c.addNode()
	}
	c.client = NewClient(c.meta, ClientOptions{Timeout: 10 * time.Second, MaxRetries: 40, Logger: quietLogger()})
	c.t.Cleanup(c.close)
}

// startMetad runs a one-replica metad until the test ends and returns its
// address.
func startMetad(t testing.TB) string {
	t.Helper()
	port := freePortPair(t)
	cfg := meta.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort, cfg.DataPath = "127.0.0.1", port, 0, t.TempDir()
	cfg.MetaServerAddrs = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	// A single replica elects itself after one heartbeat timeout; the
	// default second would be most of a small test's time.
	cfg.Raft = meta.RaftTuning{
		HeartbeatTimeout:   300 * time.Millisecond,
		ElectionTimeout:    300 * time.Millisecond,
		LeaderLeaseTimeout: 150 * time.Millisecond,
		CommitTimeout:      5 * time.Millisecond,
	}
	srv, err := meta.NewServer(cfg, meta.Deps{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("metad: %v", err)
		}
	})
	return cfg.MetaServerAddrs
}

// startMetaClient returns a meta client of metad at addr heartbeating as a
// host of role at local, once its cache holds the catalog, and a function
// that stops it (Close is left to the caller). A storaged's client reports
// through adapter, which is bound to it before its heartbeats start.
func startMetaClient(t testing.TB, addr string, role gmeta.HostRole, local string, adapter *MetaClient) (*meta.Client, func()) {
	t.Helper()
	opts := meta.ClientOptions{
		Addrs: []string{addr}, Role: role, LocalHost: local,
		HeartbeatInterval: 200 * time.Millisecond, LoadInterval: 200 * time.Millisecond,
		Logger: quietLogger(),
	}
	if adapter != nil {
		opts.Report = adapter.Report
	}
	mc, err := meta.NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	if adapter != nil {
		adapter.Client = mc
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); mc.Run(ctx) }()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	if err := mc.WaitReady(wctx); err != nil {
		stop()
		mc.Close()
		t.Fatal(err)
	}
	return mc, stop
}

// waitHostsOnline waits until metad lists every storaged as online.
func (c *testCluster) waitHostsOnline() {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		hosts, err := c.ddl.ListHosts(ctx, gmeta.ListHostType_STORAGE)
		online := map[string]bool{}
		for _, h := range hosts {
			online[h.Addr] = h.Online
		}
		n := 0
		for _, tn := range c.nodes {
			if online[tn.addr] {
				n++
			}
		}
		if err == nil && n == len(c.nodes) {
			return
		}
		select {
		case <-ctx.Done():
			c.t.Fatalf("%d of %d storage hosts online (%v)", n, len(c.nodes), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// start (re)starts node i on its address and data, with a new meta client
// on metad.
func (c *testCluster) start(i int) {
	c.t.Helper()
	tn := c.nodes[i]
	host, port, _ := net.SplitHostPort(tn.addr)
	p, _ := strconv.Atoi(port)
	cfg := DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = host, p, 0
	cfg.DataPaths = []string{tn.dir + "/a", tn.dir + "/b"}
	cfg.HeartbeatInterval = 100 * time.Millisecond
	cfg.Engine = kvstore.Options{BlockCacheSize: 16 << 20, MemTableSize: 4 << 20}
	cfg.Raft = raftex.Options{
		HeartbeatTimeout:   300 * time.Millisecond,
		ElectionTimeout:    300 * time.Millisecond,
		LeaderLeaseTimeout: 150 * time.Millisecond,
		CommitTimeout:      20 * time.Millisecond,
		RaftLogger:         testRaftLogger(),
	}
	if c.tune != nil {
		c.tune(i, &cfg)
	}
	var m Meta = c.mem
	if c.mem == nil {
		// As cmd/storaged wires it: the adapter reports the Store's
		// leaders through the client's heartbeats.
		adapter := &MetaClient{}
		tn.mc, tn.stopMC = startMetaClient(c.t, c.metaAddr, gmeta.HostRole_STORAGE, tn.addr, adapter)
		m = adapter
	}
	var srv *Server
	var err error
	deadline := time.Now().Add(10 * time.Second)
	for {
		srv, err = NewServer(cfg, Deps{Meta: m, Logger: quietLogger(), Now: func() time.Time { return time.Now().Add(time.Duration(c.skew.Load())) }})
		if err == nil {
			if err = srv.Listen(); err != nil {
				srv.Close()
			}
		}
		if err == nil || time.Now().After(deadline) {
			break
		}
		// A port of the previous incarnation may linger for a moment.
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		c.stopMeta(tn)
		c.t.Fatalf("start node %d: %v", i, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tn.srv, tn.cancel, tn.done = srv, cancel, make(chan error, 1)
	go func() { tn.done <- srv.Run(ctx) }()
}

func (c *testCluster) stopMeta(tn *testNode) {
	if tn.mc != nil {
		tn.stopMC()
		tn.mc.Close()
		tn.mc, tn.stopMC = nil, nil
	}
}

// stop stops node i (its raft replicas go away at once), then its meta
// client, and waits.
func (c *testCluster) stop(i int) {
	tn := c.nodes[i]
	if tn.cancel == nil {
		return
	}
	tn.cancel()
	if err := <-tn.done; err != nil {
		c.t.Errorf("node %d: %v", i, err)
	}
	tn.cancel, tn.srv = nil, nil
	c.stopMeta(tn)
}

func (c *testCluster) close() {
	c.client.Close()
	var wg sync.WaitGroup
	for i := range c.nodes {
		wg.Add(1)
		go func() { defer wg.Done(); c.stop(i) }()
	}
	wg.Wait()
}

func (c *testCluster) addrs() []string {
	out := make([]string, len(c.nodes))
	for i, tn := range c.nodes {
		out[i] = tn.addr
	}
	return out
}

// addNode starts one more node, hosting nothing yet; on metad it is
// registered first (ADD HOSTS), as an operator does before starting it.
func (c *testCluster) addNode() int {
	tn := &testNode{dir: c.t.TempDir()}
	tn.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(freePortPair(c.t)))
	if c.ddl != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.ddl.AddHosts(ctx, []string{tn.addr}); err != nil {
			c.t.Fatalf("add host %s: %v", tn.addr, err)
		}
	}
	c.nodes = append(c.nodes, tn)
	c.start(len(c.nodes) - 1)
	return len(c.nodes) - 1
}

// syncMeta makes every running node see the meta service's current
// catalog and open the parts it assigns: what their heartbeats do within
// a beat, done at once so that tests need not wait.
func (c *testCluster) syncMeta() {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i, tn := range c.nodes {
		if tn.srv == nil {
			continue
		}
		if tn.mc != nil {
			if err := tn.mc.Refresh(ctx); err != nil {
				c.t.Fatalf("node %d: refresh meta: %v", i, err)
			}
		}
		if err := tn.srv.Store().Reconcile(ctx); err != nil {
			c.t.Fatalf("node %d: %v", i, err)
		}
	}
}

// waitLeaders waits until every part of the space has a leader that a
// quorum follows and, on metad, until metad's view of the leaders (from
// the storaged heartbeats) is the nodes' own.
func (c *testCluster) waitLeaders(space int32) {
	c.t.Helper()
	d, err := c.meta.Space(space)
	if err != nil {
		c.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		led := map[int32]string{}
		for _, tn := range c.nodes {
			if tn.srv == nil {
				continue
			}
			for _, p := range tn.srv.Store().Node().Parts() {
				if s, pid := p.ID(); s == space && p.IsLeader() {
					led[pid] = tn.addr
				}
			}
		}
		err := c.metaLeadersAgree(space, led)
		if len(led) == int(d.PartNum) && err == nil {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("space %d: %d of %d parts have a leader; %v", space, len(led), d.PartNum, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// metaLeadersAgree reports whether metad names the leaders in led.
func (c *testCluster) metaLeadersAgree(space int32, led map[int32]string) error {
	if c.ddl == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	parts, err := c.ddl.ListParts(ctx, space, nil)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if p.Leader != led[p.Part] {
			return fmt.Errorf("metad names %q the leader of part %d, the nodes %q", p.Leader, p.Part, led[p.Part])
		}
	}
	return nil
}

// leaderNode returns the index of the node leading a part, or -1.
func (c *testCluster) leaderNode(space, part int32) int {
	for i, tn := range c.nodes {
		if tn.srv == nil {
			continue
		}
		if p := tn.srv.Store().Node().Part(space, part); p != nil && p.IsLeader() {
			return i
		}
	}
	return -1
}

func isErr(err error, code fmt.Stringer) bool {
	var e *Error
	return errors.As(err, &e) && e.Code.String() == code.String()
}
