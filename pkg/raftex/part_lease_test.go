package raftex

import (
	"testing"
	"time"
)

func TestReadLease(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name    string
		d       time.Duration
		renewAt time.Time
		suspend bool // a transfer runs while renewing and checking
		term    uint64
		want    bool
	}{
		{name: "held", d: time.Minute, renewAt: now, term: 3, want: true},
		{name: "other term", d: time.Minute, renewAt: now, term: 4},
		{name: "expired", d: time.Minute, renewAt: now.Add(-2 * time.Minute), term: 3},
		{name: "off", d: 0, renewAt: now, term: 3},
		{name: "transfer", d: time.Minute, renewAt: now, suspend: true, term: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &readLease{d: tt.d}
			if tt.suspend {
				defer l.suspend()()
			}
			l.renew(3, tt.renewAt)
			if got := l.valid(tt.term); got != tt.want {
				t.Errorf("valid(%d) = %v, want %v", tt.term, got, tt.want)
			}
		})
	}
	// A transfer ends a lease granted before it.
	l := &readLease{d: time.Minute}
	l.renew(3, now)
	resume := l.suspend()
	resume()
	if l.valid(3) {
		t.Error("the lease survived a leadership transfer")
	}
}
