package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/novagraph/novagraph/pkg/freeport"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/storage"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func freePortPair(t *testing.T) int {
	t.Helper()
	p, err := freeport.Block(2)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

// TestRunServesAndStops starts the daemon on a one-node space, checks its
// HTTP endpoints and stops it as SIGTERM would.
func TestRunServesAndStops(t *testing.T) {
	port := freePortPair(t)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	meta := storage.NewMemMeta()
	meta.AddSpace(storage.SpaceDesc{ID: 1, Name: "s", PartNum: 2, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8},
		map[int32][]string{1: {addr}, 2: {addr}})

	f := flags{dataPath: t.TempDir() + "," + t.TempDir(), heartbeatSecs: 1, clientIdleSecs: 60,
		blockCacheMB: 8, raftHeartbeatSecs: 1, raftRPCTimeoutMs: 2000}
	cfg := storage.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = "127.0.0.1", port, 0
	if err := f.apply(&cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.DataPaths) != 2 {
		t.Fatalf("data paths %v", cfg.DataPaths)
	}
	cfg.Flags = func() map[string]string { return map[string]string{"port": strconv.Itoa(port)} }

	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan *storage.Server, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, meta, slog.New(slog.NewTextHandler(io.Discard, nil)), started) }()
	var srv *storage.Server
	select {
	case srv = <-started:
	case err := <-done:
		t.Fatal(err)
	}
	base := "http://" + srv.HTTPAddr().String()
	if s := get(t, base+"/status"); !strings.Contains(s, `"status":"running"`) {
		t.Fatalf("/status: %s", s)
	}
	if s := get(t, base+"/flags"); !strings.Contains(s, "port="+strconv.Itoa(port)) {
		t.Fatalf("/flags: %s", s)
	}
	// The parts open on the first heartbeat and elect this node.
	deadline := time.Now().Add(20 * time.Second)
	for {
		m := get(t, base+"/metrics")
		if strings.Contains(m, `storaged_raft_leader_parts{space="1"} 2`) {
			if !strings.Contains(m, "storaged_engine_stat{") {
				t.Fatalf("no engine stats in /metrics")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("parts never led:\n%s", m)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st, ok := meta.LastHeartbeat(addr); !ok || st.Addr != addr {
		t.Fatalf("no heartbeat from %s: %+v", addr, st)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCommandNeedsMeta(t *testing.T) {
	cmd := newCommand()
	cmd.SetArgs([]string{"--data_path", t.TempDir()})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.ExecuteContext(context.Background())
	if err == nil || !strings.Contains(err.Error(), "--meta_server_addrs") {
		t.Fatalf("no meta addresses: %v", err)
	}
}

func TestFlagsValidation(t *testing.T) {
	cfg := storage.DefaultConfig()
	f := flags{dataPath: " , ", heartbeatSecs: 1, raftHeartbeatSecs: 1, raftRPCTimeoutMs: 1, blockCacheMB: 1}
	if err := f.apply(&cfg); err == nil {
		t.Fatal("empty --data_path accepted")
	}
	f.dataPath = "/a,/b"
	f.heartbeatSecs = 0
	if err := f.apply(&cfg); err == nil {
		t.Fatal("zero heartbeat accepted")
	}
}

// parsedConfig applies args, as storaged's command line, to its defaults.
func parsedConfig(t *testing.T, args []string) (storage.Config, error) {
	t.Helper()
	cmd, f, cfg := command()
	if err := cmd.Flags().Parse(args); err != nil {
		t.Fatal(err)
	}
	err := f.apply(cfg)
	return *cfg, err
}

func TestWALSyncFlag(t *testing.T) {
	tests := []struct {
		args     []string
		wantSkip bool
	}{
		{args: nil, wantSkip: false},
		{args: []string{"--wal_sync=true"}, wantSkip: false},
		{args: []string{"--wal_sync=false"}, wantSkip: true},
	}
	for _, tc := range tests {
		cfg, err := parsedConfig(t, tc.args)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Raft.SkipLogSync != tc.wantSkip {
			t.Errorf("%v: SkipLogSync %v, want %v", tc.args, cfg.Raft.SkipLogSync, tc.wantSkip)
		}
	}
}

// TestVertexCacheFlags: --enable_vertex_cache and --vertex_pool_capacity
// size the storage's vertex cache or turn it off.
func TestVertexCacheFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    int64
		wantErr bool
	}{
		{nil, kvstore.DefaultVertexCacheSize, false},
		{[]string{"--vertex_pool_capacity=8"}, 8 << 20, false},
		{[]string{"--enable_vertex_cache=false"}, -1, false},
		{[]string{"--enable_vertex_cache=false", "--vertex_pool_capacity=0"}, -1, false},
		{[]string{"--vertex_pool_capacity=0"}, 0, true},
	}
	for _, tc := range tests {
		cfg, err := parsedConfig(t, tc.args)
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: error %v, want error %v", tc.args, err, tc.wantErr)
		}
		if err == nil && cfg.Engine.VertexCacheSize != tc.want {
			t.Errorf("%v: VertexCacheSize %d, want %d", tc.args, cfg.Engine.VertexCacheSize, tc.want)
		}
	}
}
