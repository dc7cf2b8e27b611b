package exec

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/raftex"
	"github.com/novagraph/novagraph/pkg/storage"
)

// graphCluster is an in-process cluster for the graph statements: one
// metad, three storaged registered with ADD HOSTS, and an engine with a
// meta client and a storage client, as graphd has them.
type graphCluster struct {
	t        testing.TB
	metaPort int
	graphMC  *meta.Client
	storeMCs []*meta.Client
	engine   *Engine
	client   *storage.Client
	addrs    []string
	mgr      *session.Manager
	dirs     []string // metad's, then each storaged's
	stops    []func()
}

// startGraphCluster starts the cluster; it stops when the test ends.
func startGraphCluster(t testing.TB) *graphCluster {
	t.Helper()
	c := &graphCluster{t: t, mgr: session.NewManager(session.Options{})}
	// The data directories first: cleanups run last-in first-out, and the
	// servers must stop before their directories go.
	for range 4 {
		c.dirs = append(c.dirs, t.TempDir())
	}
	t.Cleanup(c.stop)
	c.startMeta()
	c.client = storage.NewClient(&storage.MetaClient{Client: c.graphMC},
		storage.ClientOptions{Timeout: 20 * time.Second, MaxRetries: 30, Logger: quietLog()})
	c.engine = New(Options{
		Meta:    c.graphMC,
		Catalog: MetaCatalog{c.graphMC},
		Storage: c.client,
		Now:     func() time.Time { return time.Date(2022, 3, 4, 5, 6, 7, 0, time.UTC) },
	})
	ports := make([]int, 3)
	for i := range ports {
		ports[i] = freePortPair(t)
		c.addrs = append(c.addrs, net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[i])))
	}
	if _, err := c.exec(c.session(), "ADD HOSTS "+strings.Join(c.addrs, ", ")); err != nil {
		t.Fatalf("add hosts: %v", err)
	}
	for i, p := range ports {
		c.startStoraged(i, p)
	}
	c.waitHosts()
	return c
}

func (c *graphCluster) stop() {
	if c.client != nil {
		c.client.Close()
	}
	// Storaged first (they heartbeat to metad), then the clients, metad last.
	for i := len(c.stops) - 1; i >= 0; i-- {
		c.stops[i]()
	}
}

func (c *graphCluster) startMeta() {
	t := c.t
	c.metaPort = freePortPair(t)
	cfg := meta.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = "127.0.0.1", c.metaPort, 0
	cfg.DataPath = c.dirs[0]
	cfg.PasswordHashIterations = 1000
	cfg.Raft = meta.RaftTuning{
		HeartbeatTimeout:   400 * time.Millisecond,
		ElectionTimeout:    400 * time.Millisecond,
		LeaderLeaseTimeout: 200 * time.Millisecond,
		CommitTimeout:      5 * time.Millisecond,
	}
	cfg.ApplyTimeout = 5 * time.Second
	srv, err := meta.NewServer(cfg, meta.Deps{Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	c.stops = append(c.stops, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("metad: %v", err)
		}
	})
	c.graphMC = c.newMetaClient(gmeta.HostRole_GRAPH, "127.0.0.1:9669", nil, nil)
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	if err := c.graphMC.WaitReady(wctx); err != nil {
		t.Fatal(err)
	}
}

// newMetaClient returns a running meta client of the cluster's metad,
// stopped (before metad) when the cluster stops. created, when set, sees
// the client before it runs.
func (c *graphCluster) newMetaClient(role gmeta.HostRole, local string, report func() meta.HeartbeatReport, created func(*meta.Client)) *meta.Client {
	mc, err := meta.NewClient(meta.ClientOptions{
		Addrs:             []string{fmt.Sprintf("127.0.0.1:%d", c.metaPort)},
		Role:              role,
		LocalHost:         local,
		HeartbeatInterval: 100 * time.Millisecond,
		LoadInterval:      100 * time.Millisecond,
		Timeout:           20 * time.Second,
		Report:            report,
		Logger:            quietLog(),
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if created != nil {
		created(mc)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		mc.Run(ctx)
	}()
	c.stops = append(c.stops, func() {
		cancel()
		<-done
		mc.Close()
	})
	return mc
}

func (c *graphCluster) startStoraged(i, port int) {
	t := c.t
	adapter := &storage.MetaClient{}
	// The adapter reports through its client, so it must have it before
	// the first heartbeat.
	mc := c.newMetaClient(gmeta.HostRole_STORAGE, c.addrs[i], adapter.Report, func(mc *meta.Client) { adapter.Client = mc })
	c.storeMCs = append(c.storeMCs, mc)
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	if err := mc.WaitReady(wctx); err != nil {
		t.Fatal(err)
	}
	cfg := storage.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = "127.0.0.1", port, 0
	cfg.DataPaths = []string{c.dirs[1+i]}
	cfg.HeartbeatInterval = 100 * time.Millisecond
	cfg.Engine = kvstore.Options{BlockCacheSize: 8 << 20, MemTableSize: 2 << 20}
	// Loose enough that a loaded machine (the race detector, parallel
	// test binaries) does not make leaders flap.
	cfg.Raft = raftex.Options{
		HeartbeatTimeout:   time.Second,
		ElectionTimeout:    time.Second,
		LeaderLeaseTimeout: 500 * time.Millisecond,
		CommitTimeout:      10 * time.Millisecond,
		RaftLogger:         hclog.NewNullLogger(),
	}
	srv, err := storage.NewServer(cfg, storage.Deps{Meta: adapter, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		srv.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	c.stops = append(c.stops, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("storaged %d: %v", i, err)
		}
	})
}

// waitHosts waits until metad sees every storaged online.
func (c *graphCluster) waitHosts() {
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		hosts, err := c.graphMC.ListHosts(ctx, gmeta.ListHostType_STORAGE)
		cancel()
		online := 0
		for _, h := range hosts {
			if h.Online {
				online++
			}
		}
		if err == nil && online == len(c.addrs) {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("storage hosts online: %d of %d (%v)", online, len(c.addrs), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sync brings every meta client's cache up to date with metad, so that
// what DDL just changed is seen by graphd and every storaged.
func (c *graphCluster) sync() error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(c.storeMCs)+1)
	for i, mc := range append([]*meta.Client{c.graphMC}, c.storeMCs...) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = mc.Refresh(ctx)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *graphCluster) session() *session.Session {
	s, err := c.mgr.Create(context.Background(), meta.RootUser, "127.0.0.1")
	if err != nil {
		c.t.Fatal(err)
	}
	return s
}

func (c *graphCluster) exec(s *session.Session, text string) (*Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return c.engine.Execute(ctx, &Query{Session: s, Text: text})
}
