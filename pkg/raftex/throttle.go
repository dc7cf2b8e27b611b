package raftex

import (
	"sync"
	"time"
)

// pacer spaces out snapshot chunks so that the streams a Node sends
// together stay under Options.SnapshotRateLimit bytes per second: each
// chunk reserves its bytes' share of time after the previous reservation
// and waits until its turn. Unused time is saved up for one second's
// worth of bytes at most, so a stream after a pause starts with a burst
// of that size. A nil pacer does not wait.
//
// Concurrency: safe for concurrent use.
type pacer struct {
	perByte time.Duration
	mu      struct {
		sync.Mutex
		next time.Time // when the next reservation may start
	}
}

// newPacer returns a pacer of rate bytes per second, or nil for no limit.
func newPacer(rate int64) *pacer {
	if rate <= 0 {
		return nil
	}
	return &pacer{perByte: time.Duration(float64(time.Second) / float64(rate))}
}

// wait blocks until n more bytes may go, or until done is closed; it
// reports whether the bytes may go.
func (p *pacer) wait(n int, done <-chan struct{}) bool {
	if p == nil {
		return true
	}
	now := time.Now()
	p.mu.Lock()
	if p.mu.next.Before(now.Add(-time.Second)) {
		p.mu.next = now.Add(-time.Second)
	}
	at := p.mu.next
	p.mu.next = at.Add(time.Duration(n) * p.perByte)
	p.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return true
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-done:
		return false
	}
}
