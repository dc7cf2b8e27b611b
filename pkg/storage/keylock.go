package storage

import (
	"context"
	"slices"
	"sync"
)

// keyLocks serialises the read-modify-write of keys within one part: a
// write that reads the old row (to maintain indexes, to honour IF NOT
// EXISTS, to update) holds its keys from the read until its raft entry is
// applied, so that no other write of those keys reads the row in between.
// Writes that need no read take no lock.
type keyLocks struct {
	mu   sync.Mutex
	held map[string]chan struct{} // closed when the key is released
}

// lock acquires every key, in sorted order so that two writers never wait
// for each other in a cycle. It returns the release function, or ctx's
// error (holding nothing) if ctx ends while waiting.
func (l *keyLocks) lock(ctx context.Context, keys []string) (func(), error) {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	got := make([]chan struct{}, 0, len(keys))
	release := func() {
		l.mu.Lock()
		for i, ch := range got {
			delete(l.held, keys[i])
			close(ch)
		}
		l.mu.Unlock()
	}
	for _, k := range keys {
		for {
			l.mu.Lock()
			if l.held == nil {
				l.held = make(map[string]chan struct{})
			}
			wait, busy := l.held[k]
			if !busy {
				ch := make(chan struct{})
				l.held[k] = ch
				got = append(got, ch)
				l.mu.Unlock()
				break
			}
			l.mu.Unlock()
			select {
			case <-wait:
			case <-ctx.Done():
				release()
				return nil, ctx.Err()
			}
		}
	}
	return release, nil
}
