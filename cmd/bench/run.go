package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/bench/gen"
	"github.com/novagraph/novagraph/pkg/bench/importer"
	"github.com/novagraph/novagraph/pkg/bench/load"
	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/localcluster"
)

type runOptions struct {
	system     string
	addr       string
	user, pass string
	space      string
	database   string
	scenarios  string
	clients    string
	duration   time.Duration
	warmup     time.Duration
	starts     string
	vertices   int64
	serverPIDs string
	settle     time.Duration
	settleCPU  float64
	jsonOut    string
	batch      int
	seed       uint64
	cpuProfile string
	// --start-local
	startLocal bool
	degree     float64
	replicas   int
	parts      int
}

func runCommand() *cobra.Command {
	var o runOptions
	cmd := &cobra.Command{
		Use:   "run",
		Short: "run scenarios against a system and report QPS and latency",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			if o.cpuProfile != "" {
				f, err := os.Create(o.cpuProfile)
				if err != nil {
					return fmt.Errorf("cpu profile: %w", err)
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return fmt.Errorf("cpu profile: %w", err)
				}
				defer pprof.StopCPUProfile()
			}
			return run(ctx, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.system, "system", "novagraph", "novagraph (nebula-go), postgres, dgraph or cayley")
	fs.StringVarP(&o.addr, "address", "a", "127.0.0.1:9669", "graphd addresses (comma-separated), postgres host:port, or dgraph's or cayley's HTTP URL")
	fs.StringVarP(&o.user, "user", "u", "root", "user (postgres: role)")
	fs.StringVarP(&o.pass, "password", "p", "nebula", "password (novagraph)")
	fs.StringVar(&o.space, "space", "snb", "space (novagraph)")
	fs.StringVar(&o.database, "database", "postgres", "database (postgres)")
	fs.StringVar(&o.scenarios, "scenarios", "", "comma-separated scenarios; default every one the system has: "+strings.Join(load.NebulaScenarios, ","))
	fs.StringVar(&o.clients, "clients", "1,8,32", "comma-separated client counts; every scenario runs at each")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per scenario and client count")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured warm-up before each measurement")
	fs.StringVar(&o.starts, "starts", "", "cmd/gen's starts.txt: traversal starts and known edges")
	fs.Int64Var(&o.vertices, "vertices", 100000, "persons in the graph (ids 1..n), for starts when --starts is not given")
	fs.StringVar(&o.serverPIDs, "server-pids", "", "comma-separated server process ids (children included) to report server CPU per query")
	fs.DurationVar(&o.settle, "settle", 30*time.Second, "after each measurement, wait up to this long for the --server-pids to go idle (work on cancelled queries finishing)")
	fs.Float64Var(&o.settleCPU, "settle-cpu", 0.25, "the servers are idle below this many cores of CPU")
	fs.StringVar(&o.jsonOut, "json", "", "also write the results as JSON to this file")
	fs.IntVar(&o.batch, "batch", 100, "rows per insert-batch statement")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the clients' random choices")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write the load tool's own CPU profile to this file (what the clients cost)")
	fs.BoolVar(&o.startLocal, "start-local", false, "start an in-process cluster (3 storaged), generate --vertices persons and import them first")
	fs.Float64Var(&o.degree, "degree", 10, "mean out-degree of the generated graph (--start-local)")
	fs.IntVar(&o.replicas, "replicas", 3, "replica_factor of the generated space (--start-local)")
	fs.IntVar(&o.parts, "partitions", 15, "partition_num of the generated space (--start-local)")
	return cmd
}

func run(ctx context.Context, o runOptions, stdout, stderr io.Writer) error {
	w := &load.Workload{Vertices: o.vertices, Names: gen.FirstNames()}
	if o.starts != "" {
		var err error
		if w.Starts, w.Edges, err = load.ReadStarts(o.starts); err != nil {
			return err
		}
	}
	if o.startLocal {
		stop, err := startLocal(ctx, &o, w, stderr)
		if err != nil {
			return err
		}
		defer stop()
	}
	clients, err := ints(o.clients)
	if err != nil {
		return fmt.Errorf("--clients: %w", err)
	}
	pids, err := ints(o.serverPIDs)
	if err != nil {
		return fmt.Errorf("--server-pids: %w", err)
	}
	var (
		d         load.Driver
		scenarios = load.NebulaScenarios
		maxC      = 0
	)
	for _, c := range clients {
		maxC = max(maxC, c)
	}
	switch o.system {
	case "novagraph", "nebula":
		// nebula-go takes no context, so its socket timeout is what ends a
		// query the window cut off: no query can count after warm-up plus
		// duration, and a few seconds more lets the server answer the
		// others before the next measurement opens a fresh pool.
		d = &load.Nebula{Name: o.system, Addrs: strings.Split(o.addr, ","), User: o.user, Password: o.pass,
			Space: o.space, BatchSize: o.batch, Timeout: o.warmup + o.duration + 5*time.Second}
	case "postgres":
		d = &load.Postgres{Addr: o.addr, User: o.user, Database: o.database, BatchSize: o.batch}
		scenarios = []string{"go1", "go2", "go3", "fetch-vertex", "fetch-edge", "lookup", "insert", "insert-batch"}
	case "dgraph":
		d = &load.Dgraph{URL: o.addr, MaxConns: maxC}
		scenarios = []string{"go1", "go2", "go3", "fetch-vertex", "lookup", "insert"}
	case "cayley":
		d = &load.Cayley{URL: o.addr, MaxConns: maxC}
		scenarios = []string{"go1", "go2", "go3", "fetch-vertex", "lookup", "insert"}
	default:
		return fmt.Errorf("unknown system %q", o.system)
	}
	if o.scenarios != "" {
		scenarios = strings.Split(o.scenarios, ",")
	}
	var results []load.Result
	for _, sc := range scenarios {
		for _, c := range clients {
			// NB: nebula-go hands a connection whose query timed out back to
			// its pool, and the late answer then corrupts the next request;
			// a fresh pool per measurement keeps one slow scenario from
			// breaking the next.
			if n, ok := d.(*load.Nebula); ok {
				if err := n.Open(c); err != nil {
					return err
				}
			}
			res, err := load.Run(ctx, d, w, load.Spec{Scenario: strings.TrimSpace(sc), Clients: c,
				Warmup: o.warmup, Duration: o.duration, Seed: o.seed, ServerPIDs: pids})
			if n, ok := d.(*load.Nebula); ok {
				n.Close()
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if len(pids) > 0 && o.settle > 0 {
				waited, idle := load.Settle(ctx, pids, o.settleCPU, o.settle)
				switch {
				case !idle && ctx.Err() == nil:
					fmt.Fprintf(stderr, "  servers still busy %s after the window (the next measurement shares the CPU with them)\n", waited.Round(time.Millisecond))
				case waited > 1500*time.Millisecond: // more than the one sample an idle server takes
					fmt.Fprintf(stderr, "  servers busy for %s after the window\n", waited.Round(time.Millisecond))
				}
			}
			if err != nil {
				// Record the failure and go on with the other measurements.
				fmt.Fprintf(stderr, "%s %s at %d clients: %v\n", d.System(), sc, c, err)
				res.Errors++
				if res.FirstError == "" {
					res.FirstError = err.Error()
				}
			}
			results = append(results, res)
			load.WriteTable(stderr, []load.Result{res})
			if res.FirstError != "" {
				fmt.Fprintf(stderr, "  first error: %s\n", res.FirstError)
			}
		}
	}
	fmt.Fprintln(stdout)
	load.WriteTable(stdout, results)
	if o.jsonOut != "" {
		f, err := os.Create(o.jsonOut)
		if err != nil {
			return fmt.Errorf("json output: %w", err)
		}
		defer f.Close()
		return load.WriteJSON(f, results)
	}
	return nil
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// startLocal starts an in-process cluster, generates a graph of
// o.vertices persons and imports it; o.addr and o.space then point at it,
// and w gets the graph's starts.
func startLocal(ctx context.Context, o *runOptions, w *load.Workload, log io.Writer) (func(), error) {
	dir, err := os.MkdirTemp("", "novagraph-bench-")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "starting an in-process cluster (3 storaged) in %s\n", dir)
	c, err := localcluster.Start(ctx, localcluster.Options{DataDir: filepath.Join(dir, "data"), Storaged: 3})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	stop := func() { c.Close(); os.RemoveAll(dir) }
	sink, err := gen.NewCSVSink(dir, gen.CSVOptions{Space: o.space, PartitionNum: o.parts, ReplicaFactor: o.replicas})
	if err != nil {
		stop()
		return nil, err
	}
	sum, err := gen.Run(gen.Config{Vertices: int(o.vertices), AvgDegree: o.degree, Seed: 1}, sink)
	if err != nil {
		stop()
		return nil, err
	}
	fmt.Fprintf(log, "generated %d persons, %d KNOWS edges (checksum %016x)\n", sum.Vertices, sum.Edges, sum.Checksum)
	if len(w.Starts) == 0 {
		w.Starts = sum.Starts
		for i, s := range sum.Starts {
			w.Edges = append(w.Edges, [2]int64{s, sum.StartEdges[i]})
		}
	}
	cfg, err := mapping.Load(filepath.Join(dir, gen.MappingFile))
	if err != nil {
		stop()
		return nil, err
	}
	t := importer.Target{Addrs: []string{c.GraphAddr}, User: o.user, Password: o.pass, Timeout: time.Minute}
	st, err := importer.Run(ctx, t, cfg, importer.SetupOptions{Create: true, Log: log},
		importer.Options{Progress: log, BadRows: filepath.Join(dir, "bad-rows.csv")})
	if err != nil {
		stop()
		return nil, err
	}
	fmt.Fprintf(log, "imported %d rows in %s (%.0f rows/s)\n", st.Rows, st.Elapsed.Round(time.Millisecond), float64(st.Rows)/st.Elapsed.Seconds())
	o.addr = c.GraphAddr
	o.system = "novagraph"
	return stop, nil
}
