// Command br backs up a NovaGraph cluster and restores it, with the
// subcommands and flags of NebulaGraph's BR tool:
//
//	br backup full  --meta 127.0.0.1:9559 --storage local:///data/backup
//	br restore full --meta 127.0.0.1:9559 --storage local:///data/backup --name BACKUP_2026_11_22_10_00_00
//	br show         --storage local:///data/backup
//
// The work is done by pkg/br; docs/operations.md has the runbook.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/br"
)

func main() {
	if err := newCommand().ExecuteContext(context.Background()); err != nil {
		os.Exit(1)
	}
}

// options are the flags the subcommands share.
type options struct {
	meta        string
	storage     string
	name        string
	concurrency int
	timeout     time.Duration
	logPath     string
	debug       bool
}

func newCommand() *cobra.Command {
	var o options
	root := &cobra.Command{
		Use:          "br",
		Short:        "back up a NovaGraph cluster to a directory and restore it",
		SilenceUsage: true,
	}
	root.PersistentFlags().StringVar(&o.logPath, "log", "", "write the log to this file (default: stderr)")
	root.PersistentFlags().BoolVar(&o.debug, "debug", false, "log debug messages too")

	backup := &cobra.Command{Use: "backup", Short: "take a backup"}
	backupFull := &cobra.Command{
		Use:   "full",
		Short: "take a full backup of every space: the catalog and every part, from a new snapshot",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withConfig(cmd, o, func(ctx context.Context, cfg br.Config) error {
				m, err := br.Backup(ctx, cfg)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "backup %s: %d spaces, %d records\n", m.Name, len(m.Spaces), m.Records())
				return nil
			})
		},
	}
	restore := &cobra.Command{Use: "restore", Short: "restore a backup"}
	restoreFull := &cobra.Command{
		Use:   "full",
		Short: "restore a full backup into a cluster that has no space",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.name == "" {
				return fmt.Errorf("--name is required")
			}
			return withConfig(cmd, o, func(ctx context.Context, cfg br.Config) error {
				m, err := br.Restore(ctx, cfg, o.name)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "restored %s: %d spaces, %d records\n", m.Name, len(m.Spaces), m.Records())
				return nil
			})
		},
	}
	show := &cobra.Command{
		Use:   "show",
		Short: "list the backups in --storage",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := br.LocalDir(o.storage)
			if err != nil {
				return err
			}
			ms, err := br.List(dir)
			if err != nil {
				return err
			}
			return br.WriteTable(cmd.OutOrStdout(), ms)
		},
	}
	for _, c := range []*cobra.Command{backupFull, restoreFull} {
		c.Flags().StringVar(&o.meta, "meta", "", "metad addresses, host:port separated by commas")
		c.Flags().IntVar(&o.concurrency, "concurrency", 4, "parts copied at once")
		c.Flags().DurationVar(&o.timeout, "timeout", 2*time.Minute, "bound on one call to metad or storaged")
	}
	for _, c := range []*cobra.Command{backupFull, restoreFull, show} {
		c.Flags().StringVar(&o.storage, "storage", "", "where backups live: local:///path or a path")
	}
	restoreFull.Flags().StringVar(&o.name, "name", "", "the backup to restore (see br show)")
	backup.AddCommand(backupFull)
	restore.AddCommand(restoreFull)
	root.AddCommand(backup, restore, show)
	return root
}

// withConfig turns the flags into a br.Config and runs fn until it
// returns or the process is interrupted.
func withConfig(cmd *cobra.Command, o options, fn func(context.Context, br.Config) error) error {
	if o.meta == "" {
		return fmt.Errorf("--meta is required")
	}
	dir, err := br.LocalDir(o.storage)
	if err != nil {
		return err
	}
	var out io.Writer = cmd.ErrOrStderr()
	if o.logPath != "" {
		f, err := os.OpenFile(o.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("open log: %w", err)
		}
		defer f.Close()
		out = f
	}
	level := slog.LevelInfo
	if o.debug {
		level = slog.LevelDebug
	}
	cfg := br.Config{
		MetaAddrs:   strings.Split(o.meta, ","),
		Dir:         dir,
		Concurrency: o.concurrency,
		Timeout:     o.timeout,
		Logger:      slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: level})),
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return fn(ctx, cfg)
}
