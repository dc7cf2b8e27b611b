package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/bench/floor"
)

func floorCommand() *cobra.Command {
	var (
		n, vertices, degree int
		jsonOut             string
	)
	cmd := &cobra.Command{
		Use:   "floor",
		Short: "measure the floors: loopback TCP round trip (100 B) and a bare Pebble prefix scan of one vertex's edges",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rtt, err := floor.LoopbackRTT(n, 100)
			if err != nil {
				return err
			}
			scan, err := floor.PebbleScan(vertices, degree, n)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%-75s %9s %9s %9s %10s\n", "floor", "p50 µs", "p99 µs", "avg µs", "ops/s")
			for _, s := range []floor.Stats{rtt, scan} {
				fmt.Fprintf(out, "%-75s %9.1f %9.1f %9.1f %10.0f\n", s.Name, s.P50us, s.P99us, s.AvgUs, s.PerSec)
			}
			if jsonOut == "" {
				return nil
			}
			raw, err := json.MarshalIndent([]floor.Stats{rtt, scan}, "", "  ")
			if err != nil {
				return err
			}
			return os.WriteFile(jsonOut, append(raw, '\n'), 0o644)
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&n, "n", 100000, "operations to time")
	fs.IntVar(&vertices, "vertices", 100000, "vertices in the Pebble store")
	fs.IntVar(&degree, "degree", 10, "out-edges per vertex in the Pebble store")
	fs.StringVar(&jsonOut, "json", "", "also write the floors as JSON here")
	return cmd
}
