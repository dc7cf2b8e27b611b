package chaos

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Result is one scenario's row in the results table.
type Result struct {
	Scenario string
	Duration time.Duration
	Faults   int
	Ops      int // operations recorded
	Acked    int // of which acknowledged
	Lost     int
	Dup      int
	// Linearizable is "yes", "no", "unknown" or "-" (no register history).
	Linearizable string
	// UnavailP50 and UnavailMax summarise the write unavailability per
	// fault; zero when not measured.
	UnavailP50, UnavailMax time.Duration
	Pass                   bool
	Notes                  string
}

// Results collects the rows of a run. Safe for concurrent use.
type Results struct {
	mu   sync.Mutex
	rows []Result
}

// Add appends a row.
func (r *Results) Add(res Result) {
	r.mu.Lock()
	r.rows = append(r.rows, res)
	r.mu.Unlock()
}

// Len is the number of rows.
func (r *Results) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.rows)
}

// WriteMarkdown writes the rows as a Markdown table.
func (r *Results) WriteMarkdown(w io.Writer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	b.WriteString("| scenario | duration | faults | ops | acked | lost | duplicated | linearizable | unavail p50 | unavail max | result | notes |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, row := range r.rows {
		verdict := "PASS"
		if !row.Pass {
			verdict = "FAIL"
		}
		un := func(d time.Duration) string {
			if row.UnavailMax == 0 {
				return "-"
			}
			return d.Round(10 * time.Millisecond).String()
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s |\n",
			row.Scenario, row.Duration.Round(time.Second), row.Faults, row.Ops, row.Acked, row.Lost, row.Dup,
			row.Linearizable, un(row.UnavailP50), un(row.UnavailMax), verdict, strings.ReplaceAll(row.Notes, "|", "/"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
