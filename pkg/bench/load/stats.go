package load

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"
)

// Result summarises one scenario at one client count.
type Result struct {
	System   string  `json:"system"`
	Scenario string  `json:"scenario"`
	Clients  int     `json:"clients"`
	Seconds  float64 `json:"seconds"`
	Queries  int64   `json:"queries"`
	Errors   int64   `json:"errors"`
	Rows     int64   `json:"rows"`
	QPS      float64 `json:"qps"`
	RowsPerS float64 `json:"rowsPerSec"`
	// Latencies of successful queries, in microseconds.
	P50  float64 `json:"p50us"`
	P90  float64 `json:"p90us"`
	P99  float64 `json:"p99us"`
	Max  float64 `json:"maxUs"`
	Mean float64 `json:"meanUs"`
	// ServerCPU is the servers' CPU time per query in microseconds, when
	// their process ids were given; ClientCPU is this process's.
	ServerCPU float64 `json:"serverCpuUsPerQuery,omitempty"`
	ClientCPU float64 `json:"clientCpuUsPerQuery,omitempty"`
	// Unfinished counts the queries still running when the window closed
	// (cancelled, not counted in Queries).
	Unfinished int64 `json:"unfinished,omitempty"`
	// AtLeast names the latency fields ("p50", "p90", "p99", "max") that
	// are lower bounds: they fall on an unfinished query's running time.
	AtLeast []string `json:"atLeast,omitempty"`
	// FirstError is one error message, for the record.
	FirstError string `json:"firstError,omitempty"`
}

// summarise fills the latency fields from the finished queries' latencies
// lat and the unfinished ones' running times cut (both sorted in place).
// An unfinished query that had run longer than every finished one is
// known to be the slowest, so it is ranked above them with its running
// time as a lower bound; one cut off sooner is an ordinary query caught
// mid-flight and says nothing, so it is left out, as before. Mean is of
// finished queries only.
func (r *Result) summarise(lat, cut []time.Duration, elapsed time.Duration) {
	slices.Sort(lat)
	slices.Sort(cut)
	r.Seconds = elapsed.Seconds()
	if r.Seconds > 0 {
		r.QPS = float64(r.Queries) / r.Seconds
		r.RowsPerS = float64(r.Rows) / r.Seconds
	}
	r.AtLeast = nil
	var slowest time.Duration
	if len(lat) > 0 {
		slowest = lat[len(lat)-1]
	}
	i, _ := slices.BinarySearch(cut, slowest+1)
	all := append(slices.Clip(lat), cut[i:]...)
	if len(all) == 0 {
		return
	}
	pct := func(name string, p float64) float64 {
		i := int(p * float64(len(all)-1))
		if i >= len(lat) {
			r.AtLeast = append(r.AtLeast, name)
		}
		return us(all[i])
	}
	r.P50, r.P90, r.P99, r.Max = pct("p50", 0.50), pct("p90", 0.90), pct("p99", 0.99), pct("max", 1)
	if len(lat) > 0 {
		var sum time.Duration
		for _, d := range lat {
			sum += d
		}
		r.Mean = us(sum / time.Duration(len(lat)))
	}
}

// Bound renders a latency field in ms with "≥" when it is a lower bound.
func (r *Result) Bound(field string, v float64) string {
	if slices.Contains(r.AtLeast, field) {
		return fmt.Sprintf("≥%.2f", v/1000)
	}
	return fmt.Sprintf("%.2f", v/1000)
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// WriteTable prints results as an aligned table.
func WriteTable(w io.Writer, rs []Result) {
	fmt.Fprintf(w, "%-10s %-13s %4s %9s %9s %9s %9s %9s %7s %6s %10s %9s\n",
		"system", "scenario", "cli", "qps", "p50 µs", "p90 µs", "p99 µs", "max µs", "errors", "unfin", "rows/s", "srv µs/q")
	for _, r := range rs {
		cpu := "-"
		if r.ServerCPU > 0 {
			cpu = fmt.Sprintf("%.0f", r.ServerCPU)
		}
		lat := func(field string, v float64) string {
			if slices.Contains(r.AtLeast, field) {
				return fmt.Sprintf("≥%.0f", v)
			}
			return fmt.Sprintf("%.0f", v)
		}
		fmt.Fprintf(w, "%-10s %-13s %4d %9.0f %9s %9s %9s %9s %7d %6d %10.0f %9s\n",
			r.System, r.Scenario, r.Clients, r.QPS, lat("p50", r.P50), lat("p90", r.P90), lat("p99", r.P99),
			lat("max", r.Max), r.Errors, r.Unfinished, r.RowsPerS, cpu)
	}
}

// WriteJSON writes results as a JSON array.
func WriteJSON(w io.Writer, rs []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rs)
}
