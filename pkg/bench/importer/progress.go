package importer

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// progress is the live status line: rows committed, rows/s, bad rows and
// an ETA from the bytes still to read.
type progress struct {
	w          io.Writer
	totalBytes int64
	start      time.Time
	rows, bad  atomic.Int64
	bytes      atomic.Int64 // committed bytes, of the files' remaining total
	file       atomic.Value // string
}

func newProgress(w io.Writer, totalBytes int64) *progress {
	p := &progress{w: w, totalBytes: totalBytes, start: time.Now()}
	p.file.Store("")
	return p
}

// line renders the status.
func (p *progress) line(now time.Time) string {
	el := now.Sub(p.start).Seconds()
	rows, bytes := p.rows.Load(), p.bytes.Load()
	rate := 0.0
	if el > 0 {
		rate = float64(rows) / el
	}
	eta := "?"
	if bytes > 0 && p.totalBytes > 0 {
		left := time.Duration(float64(p.totalBytes-bytes) / float64(bytes) * el * float64(time.Second))
		eta = left.Round(time.Second).String()
	}
	pct := 0.0
	if p.totalBytes > 0 {
		pct = 100 * float64(bytes) / float64(p.totalBytes)
	}
	return fmt.Sprintf("%s %5.1f%%  %d rows  %.0f rows/s  bad %d  elapsed %s  ETA %s",
		p.file.Load(), pct, rows, rate, p.bad.Load(), time.Duration(el*float64(time.Second)).Round(time.Second), eta)
}

// run prints the line every interval until done is closed, then once more
// with a newline.
func (p *progress) run(done <-chan struct{}, interval time.Duration) {
	if p.w == nil {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-done:
			fmt.Fprintf(p.w, "\r%s\n", p.line(time.Now()))
			return
		case now := <-t.C:
			fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(now))
		}
	}
}
