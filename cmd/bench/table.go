package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/novagraph/novagraph/pkg/bench/load"
)

func tableCommand() *cobra.Command {
	var base string
	cmd := &cobra.Command{
		Use:   "table RESULT.json...",
		Short: "print one markdown table of QPS and p99 per system from `bench run --json` files, with ratios to the base system",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var all []load.Result
			for _, p := range args {
				raw, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				var rs []load.Result
				if err := json.Unmarshal(raw, &rs); err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
				all = append(all, rs...)
			}
			writeComparison(cmd.OutOrStdout(), all, base)
			return nil
		},
	}
	cmd.Flags().StringVar(&base, "base", "novagraph", "the system the ratios are relative to")
	return cmd
}

// writeComparison prints a row per (scenario, clients) and, per system,
// QPS and p99; for the other systems also base QPS ÷ their QPS and their
// p99 ÷ base p99 (both > 1 when the base is better).
func writeComparison(w io.Writer, rs []load.Result, base string) {
	type key struct {
		scenario string
		clients  int
	}
	var (
		systems []string
		keys    []key
		byKey   = map[key]map[string]load.Result{}
	)
	for _, r := range rs {
		if !slices.Contains(systems, r.System) {
			systems = append(systems, r.System)
		}
		k := key{r.Scenario, r.Clients}
		if byKey[k] == nil {
			byKey[k] = map[string]load.Result{}
			keys = append(keys, k)
		}
		byKey[k][r.System] = r
	}
	// The base system first.
	slices.SortStableFunc(systems, func(a, b string) int {
		switch {
		case a == base && b != base:
			return -1
		case b == base && a != base:
			return 1
		}
		return 0
	})
	order := func(s string) int {
		if i := slices.Index(load.NebulaScenarios, s); i >= 0 {
			return i
		}
		return len(load.NebulaScenarios)
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		if d := order(a.scenario) - order(b.scenario); d != 0 {
			return d
		}
		return a.clients - b.clients
	})
	hdr := []string{"scenario", "clients"}
	for _, s := range systems {
		hdr = append(hdr, s+" QPS", s+" p99 ms")
		if s != base {
			hdr = append(hdr, base+"/"+s+" QPS", s+"/"+base+" p99")
		}
	}
	fmt.Fprintln(w, "| "+strings.Join(hdr, " | ")+" |")
	fmt.Fprintln(w, "|"+strings.Repeat("---|", len(hdr)))
	unfinished := false
	for _, k := range keys {
		row := []string{k.scenario, fmt.Sprint(k.clients)}
		b, hasBase := byKey[k][base]
		for _, s := range systems {
			r, ok := byKey[k][s]
			if !ok {
				row = append(row, "–", "–")
				if s != base {
					row = append(row, "–", "–")
				}
				continue
			}
			p99 := "–"
			if r.P99 > 0 {
				p99 = r.Bound("p99", r.P99)
			}
			row = append(row, fmt.Sprintf("%.0f", r.QPS), p99)
			if r.Unfinished > 0 {
				unfinished = true
			}
			if s == base {
				continue
			}
			qps, p99r := "–", "–"
			if hasBase && r.QPS > 0 && b.QPS > 0 {
				qps = fmt.Sprintf("%.2f×", b.QPS/r.QPS)
			}
			if hasBase && r.P99 > 0 && b.P99 > 0 {
				p99r = p99Ratio(r, b)
			}
			row = append(row, qps, p99r)
		}
		fmt.Fprintln(w, "| "+strings.Join(row, " | ")+" |")
	}
	if unfinished {
		fmt.Fprintln(w, "\n≥: a lower bound — queries were still running when the window closed (cancelled, not counted); their running time then is ranked as their latency.")
	}
}

// p99Ratio is r's p99 ÷ base's, with ≥ or ≤ when a bound decides it and
// "?" when both are bounds (the ratio of two lower bounds says nothing).
func p99Ratio(r, base load.Result) string {
	rb, bb := slices.Contains(r.AtLeast, "p99"), slices.Contains(base.AtLeast, "p99")
	ratio := fmt.Sprintf("%.2f×", r.P99/base.P99)
	switch {
	case rb && bb:
		return "?"
	case rb:
		return "≥" + ratio
	case bb:
		return "≤" + ratio
	}
	return ratio
}
