// Command gen writes a deterministic, seeded LDBC-SNB-like social graph
// (Person vertices, KNOWS edges, power-law or uniform degrees) for the
// importer and for the peers the benchmarks compare against: CSV plus the
// importer's YAML mapping, N-Quads for Dgraph and Cayley, COPY files for
// PostgreSQL. It prints the graph's checksum and degree histograms; the
// same flags always print the same checksum. The work is done by
// pkg/bench/gen.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/bench/gen"
)

func main() {
	if err := newCommand().ExecuteContext(context.Background()); err != nil {
		os.Exit(1)
	}
}

type options struct {
	out        string
	vertices   int
	degree     float64
	model      string
	seed       uint64
	formats    string
	space      string
	parts      int
	replicas   int
	stringVids bool
}

func newCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:          "gen",
		Short:        "generate a deterministic LDBC-SNB-like graph (CSV + mapping, N-Quads, PostgreSQL COPY)",
		SilenceUsage: true,
		Args:         cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(o, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.out, "out", "o", "graph", "output directory (created)")
	fs.IntVarP(&o.vertices, "vertices", "n", 10000, "number of Person vertices (10k..10M)")
	fs.Float64VarP(&o.degree, "degree", "d", 10, "mean out-degree (KNOWS edges per person)")
	fs.StringVar(&o.model, "model", "rmat", "degree model: rmat (power law) or uniform")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed; the same seed gives the same graph")
	fs.StringVar(&o.formats, "formats", "csv", "comma-separated outputs: csv (importer + mapping), pg, dgraph, cayley, all, none")
	fs.StringVar(&o.space, "space", "snb", "space name in the mapping")
	fs.IntVar(&o.parts, "partitions", 15, "partition_num in the mapping")
	fs.IntVar(&o.replicas, "replicas", 1, "replica_factor in the mapping")
	fs.BoolVar(&o.stringVids, "string-vids", false, "FIXED_STRING(20) vids instead of INT64")
	return cmd
}

func run(o options, stdout io.Writer) error {
	model, err := gen.ParseModel(o.model)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, f := range strings.Split(o.formats, ",") {
		switch f = strings.TrimSpace(f); f {
		case "all":
			want["csv"], want["pg"], want["dgraph"], want["cayley"] = true, true, true, true
		case "csv", "pg", "dgraph", "cayley":
			want[f] = true
		case "none", "":
		default:
			return fmt.Errorf("unknown format %q", f)
		}
	}
	var sinks []gen.Sink
	if len(want) > 0 {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			return fmt.Errorf("output directory: %w", err)
		}
	}
	if want["csv"] {
		s, err := gen.NewCSVSink(o.out, gen.CSVOptions{Space: o.space, PartitionNum: o.parts,
			ReplicaFactor: o.replicas, StringVids: o.stringVids})
		if err != nil {
			return err
		}
		sinks = append(sinks, s)
	}
	if want["pg"] {
		s, err := gen.NewPGSink(o.out)
		if err != nil {
			return err
		}
		sinks = append(sinks, s)
	}
	if want["dgraph"] || want["cayley"] {
		s, err := gen.NewRDFSink(o.out, want["dgraph"], want["cayley"])
		if err != nil {
			return err
		}
		sinks = append(sinks, s)
	}
	start := time.Now()
	sum, err := gen.Run(gen.Config{Vertices: o.vertices, AvgDegree: o.degree, Model: model, Seed: o.seed}, sinks...)
	if err != nil {
		return err
	}
	printSummary(stdout, sum, time.Since(start))
	if len(want) == 0 {
		return nil
	}
	return writeSummary(o.out, sum)
}

// writeSummary leaves summary.json (counts, checksum, histograms) and
// starts.txt (the sampled traversal starts, one id per line) next to the
// data, for cmd/bench and for the record.
func writeSummary(dir string, s *gen.Summary) error {
	raw, err := json.MarshalIndent(struct {
		Model    string  `json:"model"`
		Seed     uint64  `json:"seed"`
		Degree   float64 `json:"degree"`
		Vertices int64   `json:"vertices"`
		Edges    int64   `json:"edges"`
		Checksum string  `json:"checksum"`
		MaxOut   int64   `json:"maxOutDegree"`
		MaxIn    int64   `json:"maxInDegree"`
		OutHist  []int64 `json:"outDegreeLog2Histogram"`
		InHist   []int64 `json:"inDegreeLog2Histogram"`
	}{s.Config.Model.String(), s.Config.Seed, s.Config.AvgDegree, s.Vertices, s.Edges,
		fmt.Sprintf("%016x", s.Checksum), s.MaxOut, s.MaxIn, s.OutHist, s.InHist}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), append(raw, '\n'), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	var b []byte
	for i, id := range s.Starts {
		b = strconv.AppendInt(b, id, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, s.StartEdges[i], 10)
		b = append(b, '\n')
	}
	if err := os.WriteFile(filepath.Join(dir, StartsFile), b, 0o644); err != nil {
		return fmt.Errorf("write starts: %w", err)
	}
	return nil
}

// StartsFile lists sampled persons with out-edges, one "id dst" per line
// with one of the person's out-neighbours (cmd/bench --starts).
const StartsFile = "starts.txt"

func printSummary(w io.Writer, s *gen.Summary, took time.Duration) {
	fmt.Fprintf(w, "model=%s seed=%d vertices=%d edges=%d checksum=%016x (%.1fs)\n",
		s.Config.Model, s.Config.Seed, s.Vertices, s.Edges, s.Checksum, took.Seconds())
	fmt.Fprintf(w, "max out-degree %d, max in-degree %d\n", s.MaxOut, s.MaxIn)
	fmt.Fprintf(w, "%-15s %12s %12s\n", "degree", "out", "in")
	for k := 0; k < max(len(s.OutHist), len(s.InHist)); k++ {
		lo, hi := gen.BucketRange(k)
		label := fmt.Sprintf("%d", lo)
		if hi > lo {
			label = fmt.Sprintf("%d-%d", lo, hi)
		}
		fmt.Fprintf(w, "%-15s %12d %12d\n", label, at(s.OutHist, k), at(s.InHist, k))
	}
}

func at(h []int64, k int) int64 {
	if k < len(h) {
		return h[k]
	}
	return 0
}
