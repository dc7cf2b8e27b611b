package graph_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
	ggraph "github.com/novagraph/novagraph/idl/gen/graph"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph"
	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/meta"
)

// freePortPair returns a port p such that p and p+1 are free (metad serves
// Thrift on p and raft on p+1).
func freePortPair(t *testing.T) int {
	t.Helper()
	for i := 0; i < 50; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if ln2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+1)); err == nil {
			ln2.Close()
			return p
		}
	}
	t.Fatal("no free port pair")
	return 0
}

// startMetad runs a one-replica metad and returns its address and a
// connected client.
func startMetad(t *testing.T) (string, *meta.Client) {
	t.Helper()
	port := freePortPair(t)
	cfg := meta.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort, cfg.DataPath = "127.0.0.1", port, 0, t.TempDir()
	cfg.MetaServerAddrs = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := meta.NewServer(cfg, meta.Deps{Logger: log})
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
	return cfg.MetaServerAddrs, newMetaClient(t, cfg.MetaServerAddrs)
}

func newMetaClient(t *testing.T, addr string) *meta.Client {
	t.Helper()
	c, err := meta.NewClient(meta.ClientOptions{Addrs: []string{addr}, Role: gmeta.HostRole_GRAPH,
		LocalHost: "127.0.0.1:1", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; c.Close() })
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	if err := c.WaitReady(wctx); err != nil {
		t.Fatal(err)
	}
	return c
}

// startMetaGraphd runs a graphd backed by metad through client.
func startMetaGraphd(t *testing.T, client *meta.Client) *graph.Server {
	t.Helper()
	cfg := graph.DefaultConfig()
	cfg.Port, cfg.WSHTTPPort = 0, 0
	srv, err := graph.NewServer(cfg, graph.Deps{
		Engine:   exec.New(exec.Options{Meta: client, Catalog: exec.MetaCatalog{Client: client}}),
		Auth:     client,
		Sessions: graph.MetaSessions{Client: client},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
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
			t.Errorf("graphd: %v", err)
		}
	})
	return srv
}

// rawExecute sends executeWithParameter with an explicit session id, as
// nebula-go does when it retries a statement on another connection.
func rawExecute(t *testing.T, addr string, sessionID int64, stmt string) *ggraph.ExecutionResponse {
	t.Helper()
	cfg := &thrift.TConfiguration{ConnectTimeout: 2 * time.Second, SocketTimeout: 10 * time.Second}
	trans := thrift.NewTHeaderTransportConf(thrift.NewTSocketConf(addr, cfg), cfg)
	if err := trans.Open(); err != nil {
		t.Fatal(err)
	}
	defer trans.Close()
	proto := thrift.NewTHeaderProtocolConf(trans, cfg)
	c := ggraph.NewGraphServiceClient(thrift.NewTStandardClient(proto, proto))
	resp, err := c.ExecuteWithParameter(context.Background(), sessionID, []byte(stmt), map[string]*common.Value{})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestSessionsAcrossGraphds: with metad, a session created on one graphd is
// valid on another, and signing out on one ends it everywhere it is not
// already cached.
func TestSessionsAcrossGraphds(t *testing.T) {
	addr, metaA := startMetad(t)
	a := startMetaGraphd(t, metaA)
	b := startMetaGraphd(t, newMetaClient(t, addr))

	pool := newPool(t, a)
	if _, err := pool.GetSession("root", "wrong"); err == nil {
		t.Fatal("wrong password accepted by metad's users")
	}
	sess, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Release()
	id := sess.GetSessionID()

	resp := rawExecute(t, b.Addr().String(), id, "YIELD 40 + 2 AS answer")
	if resp.ErrorCode != common.ErrorCode_SUCCEEDED {
		t.Fatalf("session of graphd A on graphd B: %d %s", resp.ErrorCode, resp.ErrorMsg)
	}
	if got := fmt.Sprint(resp.Data.Rows[0].Values[0].GetIVal()); got != "42" {
		t.Fatalf("answer %s", got)
	}
	resp = rawExecute(t, b.Addr().String(), id, "SHOW SESSIONS")
	if resp.ErrorCode != common.ErrorCode_SUCCEEDED || len(resp.Data.Rows) != 1 {
		t.Fatalf("SHOW SESSIONS on B: %d %s %v", resp.ErrorCode, resp.ErrorMsg, resp.Data)
	}
	resp = rawExecute(t, b.Addr().String(), id+1, "YIELD 1")
	if resp.ErrorCode != common.ErrorCode_E_SESSION_INVALID {
		t.Fatalf("unknown session: %d", resp.ErrorCode)
	}
}
