//go:build chaos

package chaos

import (
	"sync"
	"testing"
	"time"
)

// TestKillAll is scenario 5: every daemon of every host is killed with
// SIGKILL at once during writes, and all are started again a second
// later, -chaos.cycles times. Nothing acknowledged may be lost, and the
// cluster must come back by itself: the time from the restart until every
// part has acknowledged a write is measured (goal < 10 s).
func TestKillAll(t *testing.T) {
	s := newScenario(t, "5 kill -9 every daemon at once", nil, defaultSpec())
	cycles := max(1, *flagCycles)
	every := max(3*time.Second, *flagDuration/time.Duration(cycles))
	const limit = 60 * time.Second
	for range cycles {
		s.sleep(every)
		s.h.Event("kill", -1, "every daemon")
		s.forEachDaemon(func(d *Daemon) error { return d.Kill() })
		s.faults++
		s.sleep(time.Second)
		e := s.h.Event("restart", -1, "every daemon")
		s.forEachDaemon(func(d *Daemon) error { return d.Start() })
		back := s.waitWritable(e.At, AllParts(s.c.Parts()), nil, limit)
		t.Logf("cluster writable on every part %v after the restart", back.Round(time.Millisecond))
		s.unavail = append(s.unavail, back)
	}
	s.sleep(3 * time.Second)
	if Percentile(s.unavail, 100) >= 10*time.Second {
		s.note("slowest recovery %v (goal < 10 s)", Percentile(s.unavail, 100).Round(time.Millisecond))
	}
	s.finish(finishOpts{})
}

// forEachDaemon calls fn on every daemon concurrently, failing the test on
// an error.
func (s *scenario) forEachDaemon(fn func(*Daemon) error) {
	var wg sync.WaitGroup
	for _, h := range s.c.Hosts {
		for _, d := range h.Daemons() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := fn(d); err != nil {
					s.t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
}

// waitWritable waits until every one of parts has acknowledged a write
// invoked at or after t (through hosts, when set), and returns the time
// from t until the slowest did; limit when that does not happen within
// limit.
func (s *scenario) waitWritable(t time.Duration, parts []int, hosts map[int]bool, limit time.Duration) time.Duration {
	for {
		d := WriteUnavailability(s.h.Ops(), t, parts, s.c.Parts(), hosts, limit)
		if d < limit || s.h.Now()-t > limit || s.ctx.Err() != nil {
			return d
		}
		s.sleep(250 * time.Millisecond)
	}
}
