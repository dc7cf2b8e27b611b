// Command graphd is NovaGraph's stateless query daemon: it serves
// NebulaGraph's client protocol (GraphService) and runs nGQL/openCypher.
package main

import (
	"context"
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
	"github.com/novagraph/novagraph/pkg/graph"
	"github.com/novagraph/novagraph/pkg/graph/exec"
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

func newCommand() *cobra.Command {
	cfg := graph.DefaultConfig()
	var (
		flagFile      string
		minLogLevel   int
		metaAddrs     string
		heartbeatSecs int64
	)
	cmd := &cobra.Command{
		Use:          "graphd",
		Short:        "NovaGraph query daemon (NebulaGraph-compatible graphd)",
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
			cfg.Flags = func() map[string]string { return flagfile.Values(fs) }

			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return run(ctx, cfg, metaOptions{addrs: splitAddrs(metaAddrs), heartbeat: time.Duration(heartbeatSecs) * time.Second}, log)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&flagFile, "flagfile", "", "read flags from this file (one --name=value per line)")
	cfg.BindFlags(fs)
	fs.IntVar(&minLogLevel, "minloglevel", 0, "0 INFO, 1 WARNING, 2 ERROR, 3 FATAL")
	fs.StringVar(&metaAddrs, "meta_server_addrs", "",
		"metad replicas, host:port separated by commas; empty runs graphd stand-alone (no spaces, users from --enable_authorize's root/nebula)")
	fs.Int64Var(&heartbeatSecs, "heartbeat_interval_secs", 10, "how often graphd heartbeats to metad")
	return cmd
}

// metaOptions say how to reach metad.
type metaOptions struct {
	addrs     []string
	heartbeat time.Duration
}

func run(ctx context.Context, cfg graph.Config, mo metaOptions, log *slog.Logger) error {
	engineOpts := exec.Options{Authorize: cfg.EnableAuthorize, MaxQueryMemory: cfg.QueryMemoryLimit,
		MaxStatements: cfg.MaxAllowedStatements, MaxQuerySize: cfg.MaxAllowedQuerySize,
		EnableSpaceOnZones: cfg.EnableSpaceOnZones,
		GraphAddr:          net.JoinHostPort(cfg.LocalIP, strconv.Itoa(cfg.Port))}
	deps := graph.Deps{Logger: log}
	if len(mo.addrs) > 0 {
		client, err := meta.NewClient(meta.ClientOptions{
			Addrs:             mo.addrs,
			Role:              gmeta.HostRole_GRAPH,
			LocalHost:         net.JoinHostPort(cfg.LocalIP, strconv.Itoa(cfg.Port)),
			HeartbeatInterval: mo.heartbeat,
			Logger:            log,
		})
		if err != nil {
			return err
		}
		defer client.Close()
		metaCtx, stopMeta := context.WithCancel(ctx)
		metaDone := make(chan struct{})
		go func() {
			defer close(metaDone)
			client.Run(metaCtx)
		}()
		defer func() {
			stopMeta()
			<-metaDone
		}()
		// NebulaGraph's graphd refuses to start without its metad.
		waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err = client.WaitReady(waitCtx)
		cancel()
		if err != nil {
			return fmt.Errorf("wait for metad %v: %w", mo.addrs, err)
		}
		engineOpts.Meta, engineOpts.Catalog = client, exec.MetaCatalog{Client: client}
		sc := storage.NewClient(&storage.MetaClient{Client: client}, storage.ClientOptions{})
		defer sc.Close()
		engineOpts.Storage = sc
		deps.Auth, deps.Sessions = client, graph.MetaSessions{Client: client, Addr: engineOpts.GraphAddr}
	}
	deps.Engine = exec.New(engineOpts)
	srv, err := graph.NewServer(cfg, deps)
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		return err
	}
	if err := srv.Run(ctx); err != nil {
		return fmt.Errorf("graphd: %w", err)
	}
	log.Info("graphd stopped")
	return nil
}

// splitAddrs reads a comma-separated address list.
func splitAddrs(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
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
