package storage

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestKeyLocksExclusive(t *testing.T) {
	var l keyLocks
	var inside atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Overlapping key sets in different orders: sorted acquisition
			// keeps this free of deadlock.
			keys := []string{"a", "b", "c"}
			if i%2 == 1 {
				keys = []string{"c", "a", "b", "a"}
			}
			for range 50 {
				release, err := l.lock(context.Background(), keys)
				if err != nil {
					t.Error(err)
					return
				}
				if n := inside.Add(1); n != 1 {
					t.Errorf("%d holders of the same keys", n)
				}
				inside.Add(-1)
				release()
			}
		}()
	}
	wg.Wait()
	if len(l.held) != 0 {
		t.Fatalf("keys left held: %v", l.held)
	}
}

func TestKeyLocksContextEnds(t *testing.T) {
	var l keyLocks
	release, err := l.lock(context.Background(), []string{"b"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.lock(ctx, []string{"a", "b"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("lock of a held key: %v", err)
	}
	// "a", taken before waiting on "b", was given back.
	r2, err := l.lock(context.Background(), []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	r2()
	release()
	if len(l.held) != 0 {
		t.Fatalf("keys left held: %v", l.held)
	}
}
