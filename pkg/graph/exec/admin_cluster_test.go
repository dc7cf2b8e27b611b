package exec

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"go.uber.org/goleak"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/freeport"
	"github.com/novagraph/novagraph/pkg/meta"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testMeta is a single metad replica on loopback with a client of it, as
// the graphd of a test cluster sees it.
type testMeta struct {
	port   int
	client *meta.Client
	addrs  []string
}

// Fixed addresses the test cluster reports; nothing listens on them.
const (
	testGraphAddr = "127.0.0.1:9669"
)

// freePortPair returns a port p such that p and p+1 (the raft port of
// metad and storaged) were both free.
func freePortPair(t testing.TB) int {
	t.Helper()
	p, err := freeport.Block(2)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startMeta starts one metad with a fresh data directory and a graphd's
// meta client of it (heartbeating as GRAPH at testGraphAddr, its cache
// loaded); both stop when the test ends.
func startMeta(t *testing.T) *testMeta {
	t.Helper()
	port := freePortPair(t)
	cfg := meta.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = "127.0.0.1", port, 0
	cfg.DataPath = t.TempDir()
	cfg.PasswordHashIterations = 1000
	cfg.Raft = meta.RaftTuning{
		HeartbeatTimeout:   400 * time.Millisecond,
		ElectionTimeout:    400 * time.Millisecond,
		LeaderLeaseTimeout: 200 * time.Millisecond,
		CommitTimeout:      5 * time.Millisecond,
	}
	cfg.ApplyTimeout = 5 * time.Second
	srv, err := meta.NewServer(cfg, meta.Deps{Logger: discard()})
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

	tm := &testMeta{port: port, addrs: []string{fmt.Sprintf("127.0.0.1:%d", port)}}
	tm.client = tm.newClient(t, gmeta.HostRole_GRAPH, testGraphAddr)
	cctx, ccancel := context.WithCancel(context.Background())
	cdone := make(chan struct{})
	go func() {
		defer close(cdone)
		tm.client.Run(cctx)
	}()
	t.Cleanup(func() {
		ccancel()
		<-cdone
	})
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	if err := tm.client.WaitReady(wctx); err != nil {
		t.Fatal(err)
	}
	// One heartbeat now, so that SHOW HOSTS GRAPH lists this graphd.
	if err := tm.client.Heartbeat(wctx); err != nil {
		t.Fatal(err)
	}
	return tm
}

// newClient returns a meta client reporting role at local, closed when the
// test ends.
func (tm *testMeta) newClient(t *testing.T, role gmeta.HostRole, local string) *meta.Client {
	t.Helper()
	c, err := meta.NewClient(meta.ClientOptions{
		Addrs:        tm.addrs,
		Role:         role,
		LocalHost:    local,
		LoadInterval: 100 * time.Millisecond,
		Timeout:      20 * time.Second,
		Logger:       discard(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// heartbeatStorage sends one storage heartbeat from addr, which ADD HOSTS
// must have registered.
func (tm *testMeta) heartbeatStorage(t *testing.T, addr string) error {
	t.Helper()
	c := tm.newClient(t, gmeta.HostRole_STORAGE, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return c.Heartbeat(ctx)
}
