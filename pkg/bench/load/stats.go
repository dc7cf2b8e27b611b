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
	// FirstError is one error message, for the record.
	FirstError string `json:"firstError,omitempty"`
}

// summarise fills the latency fields from the samples (sorted in place).
func (r *Result) summarise(lat []time.Duration, elapsed time.Duration) {
	slices.Sort(lat)
	r.Seconds = elapsed.Seconds()
	if r.Seconds > 0 {
		r.QPS = float64(r.Queries) / r.Seconds
		r.RowsPerS = float64(r.Rows) / r.Seconds
	}
	if len(lat) == 0 {
		return
	}
	pct := func(p float64) float64 {
		i := int(p * float64(len(lat)-1))
		return us(lat[i])
	}
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	r.P50, r.P90, r.P99, r.Max = pct(0.50), pct(0.90), pct(0.99), us(lat[len(lat)-1])
	r.Mean = us(sum / time.Duration(len(lat)))
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// WriteTable prints results as an aligned table.
func WriteTable(w io.Writer, rs []Result) {
	fmt.Fprintf(w, "%-10s %-13s %4s %9s %9s %9s %9s %9s %7s %10s %9s\n",
		"system", "scenario", "cli", "qps", "p50 µs", "p90 µs", "p99 µs", "max µs", "errors", "rows/s", "srv µs/q")
	for _, r := range rs {
		cpu := "-"
		if r.ServerCPU > 0 {
			cpu = fmt.Sprintf("%.0f", r.ServerCPU)
		}
		fmt.Fprintf(w, "%-10s %-13s %4d %9.0f %9.0f %9.0f %9.0f %9.0f %7d %10.0f %9s\n",
			r.System, r.Scenario, r.Clients, r.QPS, r.P50, r.P90, r.P99, r.Max, r.Errors, r.RowsPerS, cpu)
	}
}

// WriteJSON writes results as a JSON array.
func WriteJSON(w io.Writer, rs []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rs)
}
