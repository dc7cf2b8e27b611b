//go:build chaos

package chaos

import (
	"fmt"
	"testing"
	"time"
)

// fault is one injected fault and the parts whose writes it interrupts.
type fault struct {
	at    time.Duration
	parts []int
}

// unavailability measures each fault's write unavailability once the
// history is complete.
func (s *scenario) measure(faults []fault, hosts map[int]bool) {
	ops := s.h.Ops()
	for _, f := range faults {
		d := WriteUnavailability(ops, f.at, f.parts, s.c.Parts(), hosts, 30*time.Second)
		s.unavail = append(s.unavail, d)
	}
	s.t.Logf("write unavailability per fault: %v", s.unavail)
}

// TestLeaderKill is scenario 1: every 10 s the storaged leading a part
// (each fault picks the next part) is killed with SIGKILL during writes and
// restarted 3 s later. Nothing acknowledged may be lost or duplicated, the
// register history must stay linearizable and the replicas identical; the
// write unavailability per fault is measured (goal: median < 3 s, max
// < 5 s).
func TestLeaderKill(t *testing.T) {
	s := newScenario(t, "1 leader kill -9 (restart after 3 s)", nil, defaultSpec())
	admin := s.c.Client(0)
	defer admin.Close()
	const period, down = 10 * time.Second, 3 * time.Second
	n := max(1, int(*flagDuration/period))
	var faults []fault
	for i := range n {
		s.sleep(period - down)
		victim, led := s.leaderOf(admin, i%s.c.Parts()+1)
		e := s.h.Event("kill", victim, fmt.Sprintf("storaged, leader of parts %v", led))
		if err := s.c.Hosts[victim].Storage.Kill(); err != nil {
			t.Fatal(err)
		}
		faults = append(faults, fault{at: e.At, parts: led})
		s.faults++
		s.sleep(down)
		s.h.Event("restart", victim, "storaged")
		if err := s.c.Hosts[victim].Storage.Start(); err != nil {
			t.Fatal(err)
		}
	}
	s.sleep(5 * time.Second)
	s.w.Stop()
	s.measure(faults, nil)
	s.finish(finishOpts{})
}
