package raftex

import (
	"testing"
	"time"
)

// TestPacer: after the first second's worth, chunks go at the rate; a
// nil pacer never waits; a closed done ends a wait.
func TestPacer(t *testing.T) {
	if !(*pacer)(nil).wait(1<<30, nil) {
		t.Fatal("nil pacer refused")
	}
	p := newPacer(1 << 20) // 1 MiB/s
	start := time.Now()
	for i := 0; i < 8; i++ {
		p.wait(256<<10, nil) // 2 MiB: 1 MiB saved up and one chunk at once, 0.75 s for the rest
	}
	if d := time.Since(start); d < 600*time.Millisecond || d > 2*time.Second {
		t.Fatalf("2 MiB at 1 MiB/s took %v", d)
	}
	done := make(chan struct{})
	close(done)
	if p.wait(8<<20, nil); p.wait(1, done) {
		t.Fatal("a wait behind 8 MiB went at once")
	}
}
