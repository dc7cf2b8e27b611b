//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
)

// scenario is one run: a cluster, a workload over it and its history.
type scenario struct {
	t     *testing.T
	name  string
	dir   string
	c     *Cluster
	h     *History
	w     *Workload
	ctx   context.Context
	start time.Time
	// unavail are the measured write unavailabilities, one per fault.
	unavail []time.Duration
	faults  int
	notes   []string
}

func newScenario(t *testing.T, name string, tweak func(*Config), spec WorkloadSpec) *scenario {
	return newScenarioIn(t, artifacts(t), name, tweak, spec)
}

// newScenarioIn starts a cluster with its files in dir and the workload
// spec on it.
func newScenarioIn(t *testing.T, dir, name string, tweak func(*Config), spec WorkloadSpec) *scenario {
	c := startCluster(t, dir, tweak)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s := &scenario{t: t, name: name, dir: dir, c: c, h: NewHistory(), ctx: ctx}
	s.w = &Workload{C: c, H: s.h, Spec: spec}
	if err := s.w.Start(ctx); err != nil {
		t.Fatalf("start workload: %v", err)
	}
	s.start = time.Now()
	return s
}

func (s *scenario) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.t.Log(msg)
	s.notes = append(s.notes, msg)
}

// sleep waits d, or until the test's context ends.
func (s *scenario) sleep(d time.Duration) {
	select {
	case <-s.ctx.Done():
	case <-time.After(d):
	}
}

// heal undoes every fault: links up, stopped processes resumed, dead ones
// started.
func (s *scenario) heal() {
	for _, h := range s.c.Hosts {
		for _, l := range []Link{ClusterLink, ClientLink} {
			if err := s.c.Net.SetLink(h.Index, l, true); err != nil {
				s.t.Errorf("heal: %v", err)
			}
		}
		for _, d := range h.Daemons() {
			if d.Running() {
				_ = d.Resume()
			} else if err := d.Start(); err != nil {
				s.t.Errorf("heal: %v", err)
			}
		}
	}
}

type finishOpts struct {
	// noCompare skips the offline replica comparison.
	noCompare bool
	// allowExits lists daemons whose exits the scenario expects.
	allowExits bool
}

// finish stops the workload, heals the cluster, waits for the replicas to
// converge, reads everything back, checks the history, compares the
// replicas offline and records the result row.
func (s *scenario) finish(o finishOpts) {
	t := s.t
	s.w.Stop()
	dur := time.Since(s.start)
	s.heal()
	res := Result{Scenario: s.name, Duration: dur, Faults: s.faults, Pass: true, Linearizable: "-"}
	fail := func(format string, args ...any) {
		res.Pass = false
		t.Errorf(format, args...)
	}
	if ex := s.c.Unexpected(); len(ex) > 0 && !o.allowExits {
		fail("daemons exited on their own: %v", ex)
	}
	for _, h := range s.c.Hosts {
		for _, d := range h.Daemons() {
			if d.LogHas("panic:") {
				fail("%s panicked; see %s", d.Name, d.logPath)
			}
		}
	}
	if took, err := s.c.WaitConverged(s.ctx, 90*time.Second); err != nil {
		fail("replicas did not converge: %v", err)
	} else {
		t.Logf("replicas converged %v after healing", took.Round(time.Millisecond))
	}

	ops := s.h.Ops()
	res.Ops = len(ops)
	for _, op := range ops {
		if op.Outcome == OK {
			res.Acked++
		}
	}
	fetched, scanned, err := s.w.ReadBack(s.ctx, 0, 60*time.Second)
	if err != nil {
		fail("%v", err)
	} else {
		sc := CheckSet(ops, fetched, scanned)
		res.Lost, res.Dup = len(sc.Lost), len(sc.Duplicated)
		t.Logf("set: %d attempted, %d acknowledged, %d unknown (%d of them applied)", sc.Attempted, sc.Acked, sc.Unknown, sc.Recovered)
		if !sc.OK() {
			fail("set workload: lost %v, duplicated %v, phantom %v, index mismatch %v",
				head(sc.Lost), head(sc.Duplicated), head(sc.Phantom), head(sc.IndexMismatch))
		}
	}
	if s.w.Spec.RegClients > 0 {
		rc := CheckRegister(ops, 2*time.Minute)
		res.Linearizable = rc.Linearizable()
		t.Logf("register: %d operations checked: linearizable %s", rc.Ops, res.Linearizable)
		if rc.Result == porcupine.Illegal {
			path := filepath.Join(s.dir, "linearizability.html")
			if err := porcupine.VisualizePath(RegisterModel, rc.Info, path); err == nil {
				t.Logf("visualisation of the violation: %s", path)
			}
			fail("register history is not linearizable")
		}
	}
	if err := s.h.Save(filepath.Join(s.dir, "history.jsonl")); err != nil {
		t.Log(err)
	}
	if !o.noCompare {
		if err := s.c.Stop(); err != nil {
			t.Logf("graceful stop: %v", err)
		}
		d, err := s.c.ReplicaDigests()
		if err != nil {
			fail("compare replicas: %v", err)
		} else if div := DivergentParts(d, s.c.Parts()); len(div) > 0 {
			fail("replicas differ after quiesce: %s", strings.Join(div, "; "))
		}
	}
	if len(s.unavail) > 0 {
		res.UnavailP50, res.UnavailMax = Percentile(s.unavail, 50), Percentile(s.unavail, 100)
	}
	res.Notes = strings.Join(s.notes, "; ")
	res.Pass = res.Pass && !t.Failed()
	results.Add(res)
}

func head(v []int64) []int64 {
	if len(v) > 10 {
		return v[:10]
	}
	return v
}
