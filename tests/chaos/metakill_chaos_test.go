//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestMetaKill is scenario 3: while a client creates and drops tags in a
// loop, the metad leader is killed with SIGKILL every 10 s and restarted
// 3 s later. DDL must work again within 5 s (measured per fault: the time
// until a DDL statement sent after the kill succeeds), and the data
// workload, which needs only the schema graphd has cached, must keep
// working meanwhile (its write unavailability is measured too).
func TestMetaKill(t *testing.T) {
	s := newScenario(t, "3 kill -9 the metad leader during DDL", nil, defaultSpec())
	ctx, stop := context.WithCancel(s.ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.ddlLoop(ctx, 1000, 1)
	}()
	const period, down = 10 * time.Second, 3 * time.Second
	n := max(1, int(*flagDuration/period))
	var kills []time.Duration
	for range n {
		s.sleep(period - down)
		victim := s.c.MetaLeader()
		if victim < 0 {
			t.Log("no metad leader found; killing metad0")
			victim = 0
		}
		e := s.h.Event("kill", victim, "metad leader")
		if err := s.c.Hosts[victim].Meta.Kill(); err != nil {
			t.Fatal(err)
		}
		kills = append(kills, e.At)
		s.faults++
		s.sleep(down)
		s.h.Event("restart", victim, "metad")
		if err := s.c.Hosts[victim].Meta.Start(); err != nil {
			t.Fatal(err)
		}
	}
	s.sleep(5 * time.Second)
	stop()
	wg.Wait()
	s.w.Stop()
	ops := s.h.Ops()
	var data []time.Duration
	for _, at := range kills {
		s.unavail = append(s.unavail, ddlUnavailability(ops, at, 30*time.Second))
		data = append(data, WriteUnavailability(ops, at, AllParts(s.c.Parts()), s.c.Parts(), nil, 30*time.Second))
	}
	t.Logf("DDL unavailability per kill: %v; data writes: %v", s.unavail, data)
	s.note("unavailability columns are DDL's; data writes max %v", Percentile(data, 100).Round(10*time.Millisecond))
	ddl, ok := 0, 0
	for _, op := range ops {
		if op.Kind == DDL {
			ddl++
			if op.Outcome == OK {
				ok++
			}
		}
	}
	s.note("%d DDL statements, %d succeeded", ddl, ok)
	s.finish(finishOpts{})
}

// ddlLoop creates and drops tags ddl_<n> through host's graphd until ctx
// ends, recording each statement.
func (s *scenario) ddlLoop(ctx context.Context, client, host int) {
	cl := s.c.Client(host)
	defer cl.Close()
	for n := 0; ctx.Err() == nil; n++ {
		for _, stmt := range []string{
			fmt.Sprintf("CREATE TAG IF NOT EXISTS ddl_%d(a int)", n),
			fmt.Sprintf("DROP TAG IF EXISTS ddl_%d", n),
		} {
			op := Op{Client: client, Host: host, Kind: DDL, Key: int64(n), Call: s.h.Now()}
			_, err := cl.Exec(stmt)
			op.Return, op.Outcome = s.h.Now(), outcomeOf(err)
			if err != nil {
				op.Err = err.Error()
			}
			s.h.Add(op)
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// ddlUnavailability is the time from t until a DDL statement invoked at
// or after t succeeded; limit if none did.
func ddlUnavailability(ops []Op, t, limit time.Duration) time.Duration {
	best := limit
	for _, op := range ops {
		if op.Kind == DDL && op.Outcome == OK && op.Call >= t && op.Return-t < best {
			best = op.Return - t
		}
	}
	return best
}
