// Command storaged is NovaGraph's storage daemon: it holds the partitions
// the meta service assigns to it (one raft group each, raft traffic on
// --port+1) and serves the graph storage and storage admin services on
// --port, and /status, /flags and /metrics on --ws_http_port.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/flagfile"
	"github.com/novagraph/novagraph/pkg/gctune"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/storage"
)

func main() {
	gctune.LazyFree()
	gctune.Apply()
	if err := newCommand().ExecuteContext(context.Background()); err != nil {
		os.Exit(1)
	}
}

// flags are the command-line settings that do not map one to one onto
// storage.Config.
type flags struct {
	flagFile          string
	metaServerAddrs   string
	dataPath          string
	heartbeatSecs     int64
	clientIdleSecs    int64
	blockCacheMB      int64
	raftHeartbeatSecs int64
	raftRPCTimeoutMs  int64
	walSync           bool
	vertexCache       bool
	vertexPoolMB      int64
	minLogLevel       int
}

func newCommand() *cobra.Command {
	cmd, _, _ := command()
	return cmd
}

// command is storaged's command with the flags and the configuration its
// flags fill (the flags that map one to one go straight into cfg).
func command() (*cobra.Command, *flags, *storage.Config) {
	cfg := storage.DefaultConfig()
	f := &flags{
		dataPath:          strings.Join(cfg.DataPaths, ","),
		heartbeatSecs:     int64(cfg.HeartbeatInterval / time.Second),
		clientIdleSecs:    28800,
		blockCacheMB:      256,
		raftHeartbeatSecs: 1,
		raftRPCTimeoutMs:  2000,
		walSync:           true,
		vertexCache:       true,
		vertexPoolMB:      kvstore.DefaultVertexCacheSize >> 20,
	}
	cmd := &cobra.Command{
		Use:          "storaged",
		Short:        "NovaGraph storage daemon (NebulaGraph-compatible storaged)",
		SilenceUsage: true,
		Args:         cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			var unknown []string
			if f.flagFile != "" {
				var err error
				if unknown, err = flagfile.Apply(fs, f.flagFile); err != nil {
					return err
				}
			}
			log := newLogger(f.minLogLevel)
			for _, name := range unknown {
				log.Warn("flagfile: flag not supported, ignored", "flag", name)
			}
			if err := f.apply(&cfg); err != nil {
				return err
			}
			cfg.Flags = func() map[string]string { return flagfile.Values(fs) }
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			meta, closeMeta, err := dialMeta(ctx, f.metaServerAddrs, cfg, log)
			if err != nil {
				return err
			}
			defer closeMeta()
			return run(ctx, cfg, meta, log, nil)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.flagFile, "flagfile", "", "read flags from this file (one --name=value per line)")
	fs.StringVar(&f.metaServerAddrs, "meta_server_addrs", "", "comma-separated metad addresses (host:port)")
	fs.StringVar(&cfg.LocalIP, "local_ip", cfg.LocalIP, "address to listen on and advertise")
	fs.IntVar(&cfg.Port, "port", cfg.Port, "storage (Thrift) port; raft uses port+1")
	fs.IntVar(&cfg.WSHTTPPort, "ws_http_port", cfg.WSHTTPPort, "HTTP port for /status, /flags and /metrics")
	fs.StringVar(&f.dataPath, "data_path", f.dataPath, "comma-separated data directories; spaces' parts are spread over them")
	fs.Int64Var(&f.heartbeatSecs, "heartbeat_interval_secs", f.heartbeatSecs, "how often to report to metad and follow its partition map")
	fs.Int64Var(&f.clientIdleSecs, "client_idle_timeout_secs", f.clientIdleSecs, "close a client connection idle this long")
	fs.Int64Var(&f.blockCacheMB, "rocksdb_block_cache", f.blockCacheMB, "block cache of all engines together, in MB")
	fs.Int64Var(&f.raftHeartbeatSecs, "raft_heartbeat_interval_secs", f.raftHeartbeatSecs,
		"a follower that hears nothing from its leader this long starts an election; a leader that hears from no quorum this long steps down")
	fs.Int64Var(&f.raftRPCTimeoutMs, "raft_rpc_timeout_ms", f.raftRPCTimeoutMs, "deadline of one raft message")
	fs.BoolVar(&f.walSync, "wal_sync", f.walSync,
		"fsync raft log appends before acknowledging them; false: acknowledge once written to the OS, which survives a crash of the process but not a power cut of most replicas (NebulaGraph's default)")
	fs.BoolVar(&f.vertexCache, "enable_vertex_cache", f.vertexCache,
		"keep the tag rows of vertices read recently in memory (GO's destinations, FETCH); writes drop what they change")
	fs.Int64Var(&f.vertexPoolMB, "vertex_pool_capacity", f.vertexPoolMB, "size of the vertex cache of all spaces together, in MB")
	fs.Int64Var(&cfg.Raft.SnapshotRateLimit, "snapshot_part_rate_limit", 10<<20,
		"bytes per second of the raft snapshots this host sends (catch-up, balance); 0: no limit")
	fs.Uint64Var(&cfg.DiskSpace.MinReservedBytes, "minimum_reserved_bytes", 256<<20,
		"refuse writes (E_RAFT_WAL_FAIL, disk space is not enough) while a data path has less free space than this; 0: never")
	fs.Uint64Var(&cfg.DiskSpace.BallastBytes, "disk_ballast_bytes", 64<<20,
		"space kept in a file in each data path and given back when the disk fills anyway, so that writes already accepted can finish")
	fs.IntVar(&f.minLogLevel, "minloglevel", 0, "0 INFO, 1 WARNING, 2 ERROR, 3 FATAL")
	return cmd, f, &cfg
}

// apply turns the flags into cfg and validates it.
func (f *flags) apply(cfg *storage.Config) error {
	cfg.DataPaths = nil
	for _, p := range strings.Split(f.dataPath, ",") {
		if p = strings.TrimSpace(p); p != "" {
			cfg.DataPaths = append(cfg.DataPaths, p)
		}
	}
	if f.heartbeatSecs <= 0 || f.raftHeartbeatSecs <= 0 || f.raftRPCTimeoutMs <= 0 || f.blockCacheMB <= 0 {
		return errors.New("storaged: --heartbeat_interval_secs, --raft_heartbeat_interval_secs, --raft_rpc_timeout_ms and --rocksdb_block_cache must be positive")
	}
	if f.vertexCache && f.vertexPoolMB <= 0 {
		return errors.New("storaged: --vertex_pool_capacity must be positive with --enable_vertex_cache")
	}
	cfg.HeartbeatInterval = time.Duration(f.heartbeatSecs) * time.Second
	cfg.ClientIdleTimeout = time.Duration(f.clientIdleSecs) * time.Second
	cfg.Engine = kvstore.Options{BlockCacheSize: f.blockCacheMB << 20, VertexCacheSize: -1}
	if f.vertexCache {
		cfg.Engine.VertexCacheSize = f.vertexPoolMB << 20
	}
	cfg.Raft.HeartbeatTimeout = time.Duration(f.raftHeartbeatSecs) * time.Second
	cfg.Raft.ElectionTimeout = cfg.Raft.HeartbeatTimeout
	cfg.Raft.RPCTimeout = time.Duration(f.raftRPCTimeoutMs) * time.Millisecond
	cfg.Raft.SkipLogSync = !f.walSync
	return cfg.Validate()
}

// dialMeta connects to metad and returns the storage view of it, and a
// function that stops the client's heartbeats and closes it. NebulaGraph's
// storaged likewise waits for its metad before serving.
func dialMeta(ctx context.Context, addrs string, cfg storage.Config, log *slog.Logger) (storage.Meta, func(), error) {
	var list []string
	for _, a := range strings.Split(addrs, ",") {
		if a = strings.TrimSpace(a); a != "" {
			list = append(list, a)
		}
	}
	if len(list) == 0 {
		return nil, nil, errors.New("storaged: --meta_server_addrs is required")
	}
	adapter := &storage.MetaClient{}
	client, err := meta.NewClient(meta.ClientOptions{
		Addrs:             list,
		Role:              gmeta.HostRole_STORAGE,
		LocalHost:         net.JoinHostPort(cfg.LocalIP, strconv.Itoa(cfg.Port)),
		HeartbeatInterval: cfg.HeartbeatInterval,
		Report:            adapter.Report,
		Logger:            log,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("storaged: %w", err)
	}
	adapter.Client = client
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		client.Run(runCtx)
	}()
	closeFn := func() {
		cancel()
		<-done
		client.Close()
	}
	waitCtx, waitCancel := context.WithTimeout(ctx, 30*time.Second)
	defer waitCancel()
	if err := client.WaitReady(waitCtx); err != nil {
		closeFn()
		return nil, nil, fmt.Errorf("storaged: wait for metad %v: %w", list, err)
	}
	return adapter, closeFn, nil
}

// run serves until ctx ends. started, when set, receives the server once
// it listens.
func run(ctx context.Context, cfg storage.Config, meta storage.Meta, log *slog.Logger, started chan<- *storage.Server) error {
	srv, err := storage.NewServer(cfg, storage.Deps{Meta: meta, Logger: log})
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		return errors.Join(err, srv.Close())
	}
	if started != nil {
		started <- srv
	}
	if err := srv.Run(ctx); err != nil {
		return fmt.Errorf("storaged: %w", err)
	}
	log.Info("storaged stopped")
	return nil
}

func newLogger(minLogLevel int) *slog.Logger {
	level := slog.LevelInfo
	switch {
	case minLogLevel >= 2:
		level = slog.LevelError
	case minLogLevel == 1:
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
