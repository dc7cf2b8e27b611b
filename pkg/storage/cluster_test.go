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

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
	"github.com/novagraph/novagraph/pkg/value"
)

// The test cluster: real storaged Servers (Store, Thrift services, raft)
// on loopback ports in this process, a MemMeta as the meta service, and a
// Client routing to them.

type testNode struct {
	addr   string
	dir    string
	srv    *Server
	cancel context.CancelFunc
	done   chan error
}

type testCluster struct {
	t      testing.TB
	meta   *MemMeta
	nodes  []*testNode
	client *Client
	// skew is added to the wall clock the storage nodes judge TTL by.
	skew atomic.Int64
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

// freePortPair returns a port p such that p and p+1 were free.
func freePortPair(t testing.TB) int {
	t.Helper()
	for range 100 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := ln.Addr().(*net.TCPAddr).Port
		ln2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+1))
		ln.Close()
		if err == nil {
			ln2.Close()
			return p
		}
	}
	t.Fatal("no free port pair")
	return 0
}

func newTestCluster(t testing.TB, n int) *testCluster {
	c := &testCluster{t: t, meta: NewMemMeta()}
	for range n {
		c.addNode()
	}
	c.client = NewClient(c.meta, ClientOptions{Timeout: 10 * time.Second, MaxRetries: 40, Logger: quietLogger()})
	t.Cleanup(c.close)
	return c
}

// start (re)starts node i on its address and data.
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
	var srv *Server
	var err error
	deadline := time.Now().Add(10 * time.Second)
	for {
		srv, err = NewServer(cfg, Deps{Meta: c.meta, Logger: quietLogger(), Now: func() time.Time { return time.Now().Add(time.Duration(c.skew.Load())) }})
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
		c.t.Fatalf("start node %d: %v", i, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tn.srv, tn.cancel, tn.done = srv, cancel, make(chan error, 1)
	go func() { tn.done <- srv.Run(ctx) }()
}

// stop stops node i (its raft replicas go away at once) and waits.
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

// addNode starts one more node, hosting nothing yet.
func (c *testCluster) addNode() int {
	tn := &testNode{dir: c.t.TempDir()}
	tn.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(freePortPair(c.t)))
	c.nodes = append(c.nodes, tn)
	c.start(len(c.nodes) - 1)
	return len(c.nodes) - 1
}

// createSpace adds a space with every part on every node (or on the nodes
// given) and waits until each part has a leader.
func (c *testCluster) createSpace(d SpaceDesc, nodes ...int) {
	c.t.Helper()
	hosts := c.addrs()
	if len(nodes) > 0 {
		hosts = nil
		for _, i := range nodes {
			hosts = append(hosts, c.nodes[i].addr)
		}
	}
	alloc := map[int32][]string{}
	for p := int32(1); p <= d.PartNum; p++ {
		alloc[p] = hosts
	}
	c.meta.AddSpace(d, alloc)
	for _, tn := range c.nodes {
		if tn.srv != nil {
			if err := tn.srv.Store().Reconcile(context.Background()); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	c.waitLeaders(d.ID)
}

// waitLeaders waits until every part of the space has a leader that a
// quorum follows.
func (c *testCluster) waitLeaders(space int32) {
	c.t.Helper()
	d, _ := c.meta.Space(space)
	deadline := time.Now().Add(20 * time.Second)
	for {
		led := map[int32]bool{}
		for _, tn := range c.nodes {
			if tn.srv == nil {
				continue
			}
			for _, p := range tn.srv.Store().Node().Parts() {
				if s, pid := p.ID(); s == space && p.IsLeader() {
					led[pid] = true
				}
			}
		}
		if len(led) == int(d.PartNum) {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("space %d: %d of %d parts have a leader", space, len(led), d.PartNum)
		}
		time.Sleep(20 * time.Millisecond)
	}
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

// The test schema.
const (
	tagPlayer = 1
	tagTeam   = 2
	edgeLike  = 3
	edgeServe = 4
	ixAge     = 10
	ixLike    = 11
	ixName    = 12
)

func mustSchema(t testing.TB, cols []kvstore.Column, ttl kvstore.TTL) *kvstore.Versions {
	t.Helper()
	s, err := kvstore.NewSchema(0, cols, ttl)
	if err != nil {
		t.Fatal(err)
	}
	v, err := kvstore.NewVersions(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// addSchema creates player(name, age), team(name), like(likeness),
// serve(start_year, end_year) and indexes on player.age, player.name(8)
// and like.likeness.
func (c *testCluster) addSchema(space int32) {
	t := c.t
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.meta.AddTag(space, &SchemaDesc{ID: tagPlayer, Name: "player", Versions: mustSchema(t, []kvstore.Column{
		{Name: "name", Type: kvstore.TypeString},
		{Name: "age", Type: kvstore.TypeInt64, Nullable: true},
	}, kvstore.TTL{})}))
	must(c.meta.AddTag(space, &SchemaDesc{ID: tagTeam, Name: "team", Versions: mustSchema(t, []kvstore.Column{
		{Name: "name", Type: kvstore.TypeString},
	}, kvstore.TTL{})}))
	must(c.meta.AddEdge(space, &SchemaDesc{ID: edgeLike, Name: "like", Versions: mustSchema(t, []kvstore.Column{
		{Name: "likeness", Type: kvstore.TypeInt64, HasDefault: true, Default: value.NewInt(50)},
	}, kvstore.TTL{})}))
	must(c.meta.AddEdge(space, &SchemaDesc{ID: edgeServe, Name: "serve", Versions: mustSchema(t, []kvstore.Column{
		{Name: "start_year", Type: kvstore.TypeInt64},
		{Name: "end_year", Type: kvstore.TypeInt64, Nullable: true},
	}, kvstore.TTL{})}))
	must(c.meta.AddIndex(space, &IndexDesc{ID: ixAge, Name: "player_age", SchemaID: tagPlayer,
		Fields: []IndexFieldDesc{{Name: "age", IndexField: kvstore.IndexField{Type: kvstore.TypeInt64, Nullable: true}}}}))
	must(c.meta.AddIndex(space, &IndexDesc{ID: ixName, Name: "player_name", SchemaID: tagPlayer,
		Fields: []IndexFieldDesc{{Name: "name", IndexField: kvstore.IndexField{Type: kvstore.TypeString, Len: 8}}}}))
	must(c.meta.AddIndex(space, &IndexDesc{ID: ixLike, Name: "like_likeness", Edge: true, SchemaID: edgeLike,
		Fields: []IndexFieldDesc{{Name: "likeness", IndexField: kvstore.IndexField{Type: kvstore.TypeInt64}}}}))
}

func isErr(err error, code fmt.Stringer) bool {
	var e *Error
	return errors.As(err, &e) && e.Code.String() == code.String()
}
