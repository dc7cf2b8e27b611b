// Command metad is NovaGraph's meta service: the raft-replicated source of
// truth for spaces, schemas, the partition map, hosts, users, sessions,
// configs and jobs. Replicas given the same --meta_server_addrs form one
// raft group by themselves; each serves Thrift on --port and raft on
// --port+1.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/flagfile"
	"github.com/novagraph/novagraph/pkg/gctune"
	"github.com/novagraph/novagraph/pkg/meta"
)

func main() {
	gctune.LazyFree()
	gctune.Apply()
	if err := newCommand().Execute(); err != nil {
		os.Exit(1)
	}
}

func newCommand() *cobra.Command {
	cfg := meta.DefaultConfig()
	var (
		flagFile          string
		heartbeatSecs     int64
		sessionIdleSecs   int64
		sessionReclaimSec int64
		minLogLevel       int
	)
	cmd := &cobra.Command{
		Use:          "metad",
		Short:        "NovaGraph meta service (NebulaGraph-compatible metad)",
		SilenceUsage: true,
		Args:         cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			var unknown []string
			if flagFile != "" {
				var err error
				if unknown, err = flagfile.Apply(fs, flagFile); err != nil {
					return err
				}
			}
			log := newLogger(minLogLevel)
			for _, name := range unknown {
				log.Warn("flagfile: flag not supported, ignored", "flag", name)
			}
			cfg.HeartbeatInterval = time.Duration(heartbeatSecs) * time.Second
			cfg.SessionIdleTimeout = time.Duration(sessionIdleSecs) * time.Second
			cfg.SessionReclaimInterval = time.Duration(sessionReclaimSec) * time.Second
			cfg.Flags = func() map[string]string { return flagfile.Values(fs) }

			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return run(ctx, cfg, log)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&flagFile, "flagfile", "", "read flags from this file (one --name=value per line)")
	fs.StringVar(&cfg.MetaServerAddrs, "meta_server_addrs", cfg.MetaServerAddrs,
		"every metad replica's host:port, comma-separated; empty runs this one alone")
	fs.StringVar(&cfg.LocalIP, "local_ip", cfg.LocalIP, "address to listen on and advertise")
	fs.IntVar(&cfg.Port, "port", cfg.Port, "Thrift port; raft uses port+1")
	fs.IntVar(&cfg.WSHTTPPort, "ws_http_port", cfg.WSHTTPPort, "HTTP port for /status, /flags and /metrics")
	fs.StringVar(&cfg.DataPath, "data_path", cfg.DataPath, "directory of the meta state, raft log and snapshots")
	fs.Int64Var(&heartbeatSecs, "heartbeat_interval_secs", int64(cfg.HeartbeatInterval/time.Second),
		"interval hosts heartbeat at")
	fs.IntVar(&cfg.ExpiredTimeFactor, "expired_time_factor", cfg.ExpiredTimeFactor,
		"a host is OFFLINE after this many heartbeat intervals without one")
	fs.Int64Var(&sessionIdleSecs, "session_idle_timeout_secs", int64(cfg.SessionIdleTimeout/time.Second),
		"remove sessions no graphd updated for this long; 0 keeps them")
	fs.Int64Var(&sessionReclaimSec, "session_reclaim_interval_secs", int64(cfg.SessionReclaimInterval/time.Second),
		"how often idle sessions are looked for")
	fs.IntVar(&cfg.DefaultPartsNum, "default_parts_num", cfg.DefaultPartsNum, "partition_num of a space that names none")
	fs.IntVar(&cfg.DefaultReplicaFactor, "default_replica_factor", cfg.DefaultReplicaFactor,
		"replica_factor of a space that names none")
	fs.BoolVar(&cfg.EnableClientWhiteList, "enable_client_white_list", cfg.EnableClientWhiteList,
		"accept only client versions listed in --client_white_list")
	fs.StringVar(&cfg.ClientWhiteList, "client_white_list", cfg.ClientWhiteList, "colon-separated accepted client versions")
	fs.IntVar(&cfg.PasswordHashIterations, "password_hash_iterations", cfg.PasswordHashIterations,
		"PBKDF2-SHA256 iterations for passwords set from now on")
	fs.IntVar(&minLogLevel, "minloglevel", 0, "0 INFO, 1 WARNING, 2 ERROR, 3 FATAL")
	return cmd
}

func run(ctx context.Context, cfg meta.Config, log *slog.Logger) error {
	srv, err := meta.NewServer(cfg, meta.Deps{Logger: log})
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		return err
	}
	if err := srv.Run(ctx); err != nil {
		return fmt.Errorf("metad: %w", err)
	}
	log.Info("metad stopped")
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
