//go:build chaos

package chaos

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestPause is scenario 2: the storaged leading a part is frozen with
// SIGSTOP for 8 s, then resumed; once every 20 s. While frozen it still
// believes it leads; when it resumes, its first moments may still look
// like leadership to it. The register history must stay linearizable
// (no stale read, and the resumed ex-leader acknowledges nothing the new
// leader does not know), nothing acknowledged may be lost.
func TestPause(t *testing.T) {
	s := newScenario(t, "2 SIGSTOP the leader 8 s", nil, defaultSpec())
	admin := s.c.Client(0)
	defer admin.Close()
	const period, frozen = 20 * time.Second, 8 * time.Second
	n := max(1, int(*flagDuration/period))
	var faults []fault
	for i := range n {
		s.sleep(period - frozen)
		victim, led := s.leaderOf(admin, i%s.c.Parts()+1)
		e := s.h.Event("pause", victim, fmt.Sprintf("storaged, leader of parts %v", led))
		if err := s.c.Hosts[victim].Storage.Pause(); err != nil {
			t.Fatal(err)
		}
		faults = append(faults, fault{at: e.At, parts: led})
		s.faults++
		// While it is frozen, watch metad's view for the part's new leader.
		part, elected := i%s.c.Parts()+1, time.Duration(-1)
		for s.h.Now()-e.At < frozen && s.ctx.Err() == nil {
			if leaders, err := s.c.PartLeaders(admin); err == nil && elected < 0 && leaders[part] >= 0 && leaders[part] != victim {
				elected = s.h.Now() - e.At
			}
			s.sleep(200 * time.Millisecond)
		}
		if elected >= 0 {
			s.note("fault %d: metad saw part %d's new leader %v after the freeze", i+1, part, elected.Round(10*time.Millisecond))
		}
		s.h.Event("resume", victim, "storaged")
		if err := s.c.Hosts[victim].Storage.Resume(); err != nil {
			t.Fatal(err)
		}
	}
	s.sleep(5 * time.Second)
	s.w.Stop()
	s.measure(faults, nil)
	s.finish(finishOpts{})
}

// leaderOf returns the host leading part (host 0 if unknown) and every
// part it leads, as metad last heard.
func (s *scenario) leaderOf(admin *Client, part int) (int, []int) {
	leaders, err := s.c.PartLeaders(admin)
	if err != nil {
		s.t.Fatalf("show parts: %v", err)
	}
	victim := leaders[part]
	if victim < 0 {
		victim = 0
	}
	var led []int
	for p, h := range leaders {
		if h == victim {
			led = append(led, p)
		}
	}
	slices.Sort(led)
	return victim, led
}
