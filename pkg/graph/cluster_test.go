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
	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/idl/gen/common"
	ggraph "github.com/novagraph/novagraph/idl/gen/graph"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph"
	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/localcluster"
	"github.com/novagraph/novagraph/pkg/meta"
)

// freePortPair returns a port p such that p and p+1 are free (metad serves
// Thrift on p and raft on p+1).
func freePortPair(t *testing.T) int {
	t.Helper()
	p, err := localcluster.FreePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	return p
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
	return newMetaClientAs(t, addr, gmeta.HostRole_GRAPH, "127.0.0.1:1")
}

// newMetaClientAs is a meta client heartbeating as a host of role at local;
// as STORAGE it makes an ADDed host ONLINE without running a storaged.
func newMetaClientAs(t *testing.T, addr string, role gmeta.HostRole, local string) *meta.Client {
	t.Helper()
	c, err := meta.NewClient(meta.ClientOptions{Addrs: []string{addr}, Role: role, LocalHost: local,
		HeartbeatInterval: 200 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
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
		Engine:   exec.New(exec.Options{Meta: client, Catalog: exec.MetaCatalog{Client: client}, Authorize: true}),
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

// TestRoles checks NebulaGraph's permission table through a real metad.
func TestRoles(t *testing.T) {
	addr, mc := startMetad(t)
	srv := startMetaGraphd(t, mc)
	pool := newPool(t, srv)
	root, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Release()
	if rs, err := root.Execute(`ADD HOSTS "127.0.0.1":45001`); err != nil || !rs.IsSucceed() {
		t.Fatalf("add hosts: %v %s", err, rs.GetErrorMsg())
	}
	newMetaClientAs(t, addr, gmeta.HostRole_STORAGE, "127.0.0.1:45001")
	waitFor(t, func() bool {
		rs, err := root.Execute("CREATE SPACE IF NOT EXISTS s1(vid_type=INT64, partition_num=1, replica_factor=1)")
		return err == nil && rs.IsSucceed()
	})
	for _, q := range []string{
		"CREATE USER guest1 WITH PASSWORD 'pw1'",
		"CREATE USER admin1 WITH PASSWORD 'pw2'",
		"GRANT ROLE GUEST ON s1 TO guest1",
		"GRANT ROLE ADMIN ON s1 TO admin1",
	} {
		rs, err := root.Execute(q)
		if err != nil || !rs.IsSucceed() {
			t.Fatalf("%s: %v %s", q, err, rs.GetErrorMsg())
		}
	}
	waitFor(t, func() bool { return len(mc.UserRoles("admin1")) > 0 && len(mc.UserRoles("guest1")) > 0 })

	guest, err := pool.GetSession("guest1", "pw1")
	if err != nil {
		t.Fatal(err)
	}
	defer guest.Release()
	admin, err := pool.GetSession("admin1", "pw2")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Release()
	tests := []struct {
		sess *nebula.Session
		q    string
		want string // "" for success
	}{
		{guest, "USE s1", ""},
		{guest, "CREATE TAG t(a int)", "PermissionError: No permission to write schema."},
		{guest, "CREATE SPACE s2(vid_type=INT64)", "PermissionError: No permission to write space."},
		{guest, "SHOW USERS", "PermissionError: No permission to show users/snapshots/textClients"},
		{guest, "CREATE USER x WITH PASSWORD 'y'", "PermissionError: No permission to write user."},
		{guest, "YIELD 1", ""},
		{guest, "SHOW JOBS", ""},
		{guest, "SUBMIT JOB STATS", "PermissionError: No permission to write data."},
		{admin, "USE s1", ""},
		{admin, "CREATE TAG t(a int)", ""},
		{admin, "GRANT ROLE GOD ON s1 TO guest1", "PermissionError: No permission to grant/revoke god user."},
		{admin, "GRANT ROLE ADMIN ON s1 TO admin1", "PermissionError: No permission to grant/revoke yourself."},
		{admin, "GRANT ROLE DBA ON s1 TO guest1", ""},
	}
	for _, tt := range tests {
		rs, err := tt.sess.Execute(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tt.want == "" && !rs.IsSucceed():
			t.Errorf("%s: %d %s", tt.q, rs.GetErrorCode(), rs.GetErrorMsg())
		case tt.want != "" && (rs.GetErrorCode() != -1008 || rs.GetErrorMsg() != tt.want):
			t.Errorf("%s: %d %q, want -1008 %q", tt.q, rs.GetErrorCode(), rs.GetErrorMsg(), tt.want)
		}
	}
}

// waitFor polls cond for up to 10 s (caches refresh every second).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
