package meta

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/freeport"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testTuning makes elections quick on loopback while leaving room for a
// loaded machine (shared CI runners stall fsyncs for hundreds of
// milliseconds).
var testTuning = RaftTuning{
	HeartbeatTimeout:   400 * time.Millisecond,
	ElectionTimeout:    400 * time.Millisecond,
	LeaderLeaseTimeout: 200 * time.Millisecond,
	CommitTimeout:      5 * time.Millisecond,
}

// freePort returns a port p such that p and p+1 (raft) were both free.
func freePort(t *testing.T) int {
	t.Helper()
	p, err := freeport.Block(2)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testNode is one metad replica of a testCluster.
type testNode struct {
	cfg    Config
	srv    *Server
	cancel context.CancelFunc
	done   chan error
}

// testCluster runs metad replicas on loopback in this process; replicas can
// be stopped and started again on the same ports and data.
type testCluster struct {
	t     *testing.T
	nodes []*testNode
	addrs []string
	deps  Deps
}

func newCluster(t *testing.T, n int, mod func(*Config)) *testCluster {
	t.Helper()
	return newClusterDeps(t, n, mod, Deps{})
}

// newClusterDeps is newCluster with the servers built from deps (the test
// logger unless deps has one).
func newClusterDeps(t *testing.T, n int, mod func(*Config), deps Deps) *testCluster {
	t.Helper()
	if deps.Logger == nil {
		deps.Logger = testLogger()
	}
	c := &testCluster{t: t, deps: deps}
	for range n {
		c.addrs = append(c.addrs, fmt.Sprintf("127.0.0.1:%d", freePort(t)))
	}
	for i := range n {
		cfg := DefaultConfig()
		h, _ := parseAddr(c.addrs[i])
		cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = h.Host, int(h.Port), 0
		cfg.MetaServerAddrs = joinAddrs(c.addrs)
		cfg.DataPath = t.TempDir()
		cfg.PasswordHashIterations = 1000
		cfg.Raft = testTuning
		cfg.ApplyTimeout = 5 * time.Second
		if mod != nil {
			mod(&cfg)
		}
		c.nodes = append(c.nodes, &testNode{cfg: cfg})
	}
	t.Cleanup(func() {
		for i := range c.nodes {
			c.stop(i)
		}
	})
	for i := range n {
		c.start(i)
	}
	return c
}

func joinAddrs(addrs []string) string {
	s := ""
	for i, a := range addrs {
		if i > 0 {
			s += ","
		}
		s += a
	}
	return s
}

// start runs replica i (again).
func (c *testCluster) start(i int) {
	c.t.Helper()
	n := c.nodes[i]
	srv, err := NewServer(n.cfg, c.deps)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.srv, n.cancel, n.done = srv, cancel, make(chan error, 1)
	go func() { n.done <- srv.Run(ctx) }()
}

// stop stops replica i and waits for it; stopping a stopped one does
// nothing.
func (c *testCluster) stop(i int) {
	n := c.nodes[i]
	if n.cancel == nil {
		return
	}
	n.cancel()
	if err := <-n.done; err != nil {
		c.t.Errorf("replica %d: %v", i, err)
	}
	n.cancel, n.srv = nil, nil
}

// leader waits for a ready leader among the running replicas and returns
// its index.
func (c *testCluster) leader() int {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for i, n := range c.nodes {
			if n.srv != nil && n.srv.IsLeader() {
				return i
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.t.Fatal("no meta leader elected")
	return -1
}

// client returns a client of the given replicas (all when none), closed
// when the test ends.
func (c *testCluster) client(addrs ...string) *Client {
	c.t.Helper()
	return newTestClient(c.t, ClientOptions{Addrs: addrs}, c.addrs)
}

var testClientPort struct {
	sync.Mutex
	next int
}

func newTestClient(t *testing.T, opts ClientOptions, defaultAddrs []string) *Client {
	t.Helper()
	if len(opts.Addrs) == 0 {
		opts.Addrs = defaultAddrs
	}
	if opts.LocalHost == "" {
		testClientPort.Lock()
		testClientPort.next++
		opts.LocalHost = fmt.Sprintf("127.0.0.1:%d", 40000+testClientPort.next)
		testClientPort.Unlock()
	}
	if opts.Timeout == 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = testLogger()
	}
	cl, err := NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// testCtx is a context bounded for one test step.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// registerStorage registers storage hosts (each in the zone given, or in
// a default zone when zones is nil) and heartbeats them once.
func registerStorage(t *testing.T, c *Client, hosts []string, zones []string) []*Client {
	t.Helper()
	ctx := testCtx(t)
	if zones == nil {
		if err := c.AddHosts(ctx, hosts); err != nil {
			t.Fatal(err)
		}
	} else {
		for i, h := range hosts {
			if err := c.AddHostsIntoZone(ctx, []string{h}, zones[i], true); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out []*Client
	for _, h := range hosts {
		sc := newTestClient(t, ClientOptions{Addrs: c.opts.Addrs, Role: gmeta.HostRole_STORAGE, LocalHost: h}, nil)
		if err := sc.Heartbeat(ctx); err != nil {
			t.Fatal(err)
		}
		out = append(out, sc)
	}
	return out
}

// raftNode returns replica i's raft node once Run has opened it.
func (c *testCluster) raftNode(i int) *node {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if n := c.nodes[i].srv.node.Load(); n != nil {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
	c.t.Fatalf("replica %d never opened its raft node", i)
	return nil
}

// testLogger discards logs unless META_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("META_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return discardLogger()
}
