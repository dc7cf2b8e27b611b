//go:build chaos

package chaos

import (
	"fmt"
	"testing"
	"time"
)

// TestPartition is scenario 4: once every 25 s, the host leading the most
// parts loses its cluster link for 10 s (its metad, storaged and graphd
// are cut off from the other hosts; the test still reaches its graphd).
// Clients write through every graphd throughout. Checks: through the
// isolated graphd nothing is acknowledged from 2 s after the cut until
// the heal (the minority); writes through the other graphds resume on
// every part within 5 s (measured); after the heal the isolated storaged
// catches up with the log the others had (measured, goal < 10 s); no
// acknowledged write lost; the register history linearizable.
func TestPartition(t *testing.T) {
	spec := defaultSpec()
	spec.SetWriters = 6
	s := newScenario(t, "4 isolate one host 10 s", nil, spec)
	admin := s.c.Client(0)
	defer admin.Close()
	const period, cut = 25 * time.Second, 10 * time.Second
	n := max(1, int(*flagDuration/period))
	var catchUp []time.Duration
	for range n {
		s.sleep(period - cut)
		victim := s.busiestLeader(admin)
		e := s.h.Event("isolate", victim, "cluster link down")
		if err := s.c.Net.SetLink(victim, ClusterLink, false); err != nil {
			t.Fatal(err)
		}
		s.faults++
		s.sleep(cut)
		// What the majority had applied when the link came back.
		target := s.majorityApplied(victim)
		heal := s.h.Event("heal", victim, "cluster link up")
		if err := s.c.Net.SetLink(victim, ClusterLink, true); err != nil {
			t.Fatal(err)
		}
		took, err := s.waitApplied(victim, target, 60*time.Second)
		if err != nil {
			t.Errorf("isolated host %d did not catch up: %v", victim, err)
		} else {
			t.Logf("host %d caught up %v after the heal", victim, took.Round(time.Millisecond))
			catchUp = append(catchUp, took)
		}

		ops := s.h.Ops()
		minority := map[int]bool{victim: true}
		if acked := AckedDuring(ops, minority, e.At, e.At+2*time.Second, heal.At); len(acked) > 0 {
			t.Errorf("the isolated side acknowledged %d operations 2 s after the cut, first %+v", len(acked), acked[0])
		}
		majority := map[int]bool{}
		for i := range s.c.Hosts {
			if i != victim {
				majority[i] = true
			}
		}
		d := WriteUnavailability(ops, e.At, AllParts(s.c.Parts()), s.c.Parts(), majority, 30*time.Second)
		t.Logf("majority writable on every part %v after the cut", d.Round(time.Millisecond))
		s.unavail = append(s.unavail, d)
	}
	s.sleep(3 * time.Second)
	s.note("catch-up after heal max %v (goal < 10 s)", Percentile(catchUp, 100).Round(time.Millisecond))
	s.finish(finishOpts{})
}

// TestFlapping is scenario 4's flapping link: the cluster link of the host
// leading the most parts goes down and up every half second (1 s period)
// for the whole run, rechosen every 10 s. The register history must stay
// linearizable and nothing acknowledged may be lost.
func TestFlapping(t *testing.T) {
	s := newScenario(t, "4 flapping link (1 s period)", nil, defaultSpec())
	admin := s.c.Client(0)
	defer admin.Close()
	end := time.Now().Add(*flagDuration)
	for time.Now().Before(end) && s.ctx.Err() == nil {
		victim := s.busiestLeader(admin)
		s.h.Event("flap", victim, "cluster link down/up every 500 ms for 10 s")
		s.faults++
		for range 10 {
			if err := s.c.Net.SetLink(victim, ClusterLink, false); err != nil {
				t.Fatal(err)
			}
			s.sleep(500 * time.Millisecond)
			if err := s.c.Net.SetLink(victim, ClusterLink, true); err != nil {
				t.Fatal(err)
			}
			s.sleep(500 * time.Millisecond)
		}
	}
	s.sleep(3 * time.Second)
	s.finish(finishOpts{})
}

// busiestLeader returns the host leading the most parts (metad's view).
func (s *scenario) busiestLeader(admin *Client) int {
	leaders, err := s.c.PartLeaders(admin)
	if err != nil {
		s.t.Fatalf("show parts: %v", err)
	}
	count := make([]int, len(s.c.Hosts))
	for _, h := range leaders {
		if h >= 0 {
			count[h]++
		}
	}
	best := 0
	for i, n := range count {
		if n > count[best] {
			best = i
		}
	}
	return best
}

// majorityApplied is the smallest applied index among the hosts other than
// victim.
func (s *scenario) majorityApplied(victim int) float64 {
	target := -1.0
	for i := range s.c.Hosts {
		if i == victim {
			continue
		}
		v, err := s.c.AppliedIndex(i)
		if err != nil {
			s.t.Logf("applied index of host %d: %v", i, err)
			continue
		}
		if target < 0 || v < target {
			target = v
		}
	}
	return target
}

// waitApplied waits until host's storaged has applied at least target.
func (s *scenario) waitApplied(host int, target float64, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	err := retry(s.ctx, limit, func() error {
		v, err := s.c.AppliedIndex(host)
		if err != nil {
			return err
		}
		if v < target {
			return fmt.Errorf("applied %v of %v", v, target)
		}
		return nil
	})
	return time.Since(start), err
}
