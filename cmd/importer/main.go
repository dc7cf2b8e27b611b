// Command importer bulk-loads CSV files into NovaGraph (or NebulaGraph)
// through nebula-go, driven by a YAML mapping in the format of the
// conformance datasets' config.yaml (as cmd/gen writes it): it creates the
// space and schema the mapping declares, groups rows per partition into
// multi-row INSERTs, runs them on concurrent sessions, prints a progress
// line (rows/s, ETA) on stderr, writes rows it cannot load to a bad-row
// report and, with -checkpoint, resumes an interrupted import where it
// stopped. With --sst it encodes the rows into sstables itself and has the
// storaged download and ingest them (SUBMIT JOB DOWNLOAD / INGEST), the fast
// path for initial loads. The work is done by pkg/bench/importer.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/bench/importer"
	"github.com/novagraph/novagraph/pkg/bench/mapping"
)

func main() {
	if err := newCommand().ExecuteContext(context.Background()); err != nil {
		os.Exit(1)
	}
}

type options struct {
	config     string
	addrs      string
	user, pass string
	space      string
	create     bool
	batch      int
	workers    int
	checkpoint string
	badRows    string
	settle     time.Duration
	timeout    time.Duration
	quiet      bool
	// sstable loads
	sst       bool
	meta      string
	sstDir    string
	sstListen string
	sstURL    string
}

func newCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:          "importer -c config.yaml",
		Short:        "bulk-load CSV files into NovaGraph through a YAML mapping",
		SilenceUsage: true,
		Args:         cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return run(ctx, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.config, "config", "c", "", "mapping file (config.yaml)")
	fs.StringVarP(&o.addrs, "address", "a", "127.0.0.1:9669", "graphd addresses, comma-separated")
	fs.StringVarP(&o.user, "user", "u", "root", "user")
	fs.StringVarP(&o.pass, "password", "p", "nebula", "password")
	fs.StringVar(&o.space, "space", "", "load into this space instead of the mapping's")
	fs.BoolVar(&o.create, "create", true, "create the space and run the mapping's schema statements first")
	fs.IntVar(&o.batch, "batch", 128, "rows per INSERT statement")
	fs.IntVar(&o.workers, "workers", 8, "concurrent statements (sessions)")
	fs.StringVar(&o.checkpoint, "checkpoint", "", "checkpoint file: saved while loading, resumed from when it exists")
	fs.StringVar(&o.badRows, "bad-rows", "bad-rows.csv", "report of rows that could not be loaded (file, line, error, row); empty to discard")
	fs.DurationVar(&o.settle, "settle", time.Minute, "how long to wait for a new space and schema to reach every host")
	fs.DurationVar(&o.timeout, "timeout", time.Minute, "per-statement timeout")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress line")
	fs.BoolVar(&o.sst, "sst", false, "load as sstables: encode the rows here, then have the storaged download and ingest them (SUBMIT JOB DOWNLOAD / INGEST); for initial loads, needs --meta")
	fs.StringVar(&o.meta, "meta", "", "metad addresses, comma-separated (--sst reads the schema from metad)")
	fs.StringVar(&o.sstDir, "sst-dir", "", "where --sst builds the sstables; default a temporary directory removed at the end")
	fs.StringVar(&o.sstListen, "sst-listen", "127.0.0.1:0", "address --sst serves the sstables at for the storaged to download")
	fs.StringVar(&o.sstURL, "sst-url", "", "URL the storaged download the sstables from (default http://<--sst-listen address>; set it when the storaged reach this host by another name)")
	cmd.MarkFlagRequired("config")
	return cmd
}

func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	cfg, err := mapping.Load(o.config)
	if err != nil {
		return err
	}
	if o.space != "" {
		cfg.Space.Name = o.space
	}
	progress := stderr
	if o.quiet {
		progress = nil
	}
	t := importer.Target{Addrs: strings.Split(o.addrs, ","), User: o.user, Password: o.pass, Timeout: o.timeout}
	so := importer.SetupOptions{Create: o.create && cfg.Schema != "", Settle: o.settle, Log: stderr}
	var st *importer.Stats
	if o.sst {
		if o.meta == "" {
			return errors.New("--sst needs --meta")
		}
		if o.checkpoint != "" {
			return errors.New("--sst loads all or nothing and takes no --checkpoint: run it again instead")
		}
		st, err = importer.RunSST(ctx, t, cfg, so, importer.SSTOptions{MetaAddrs: strings.Split(o.meta, ","), Dir: o.sstDir,
			Listen: o.sstListen, URL: o.sstURL, BadRows: o.badRows, Progress: progress, Log: stderr})
	} else {
		st, err = importer.Run(ctx, t, cfg, so,
			importer.Options{Batch: o.batch, Workers: o.workers, Checkpoint: o.checkpoint, BadRows: o.badRows, Progress: progress})
	}
	if st != nil {
		fmt.Fprintf(stdout, "loaded %d rows (%d bad) in %s: %.0f rows/s, %d statements\n",
			st.Rows, st.Bad, st.Elapsed.Round(time.Millisecond), float64(st.Rows)/st.Elapsed.Seconds(), st.Statements)
		for _, f := range st.Files {
			state := "partial"
			if f.Done {
				state = "done"
			}
			fmt.Fprintf(stdout, "  %-30s %10d rows %6d bad  %s\n", f.Path, f.Rows, f.Bad, state)
		}
		if st.Bad > 0 && o.badRows != "" {
			fmt.Fprintf(stdout, "bad rows reported in %s\n", o.badRows)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "importer:", err)
	}
	return err
}
