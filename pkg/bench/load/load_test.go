package load

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeDriver answers every query with 3 rows, failing every tenth.
type fakeDriver struct{ n atomic.Int64 }

func (f *fakeDriver) System() string { return "fake" }
func (f *fakeDriver) Connect(context.Context) (Client, error) {
	return fakeClient{f}, nil
}
func (f *fakeDriver) Query(s string, r *rand.Rand, w *Workload) (Query, bool) {
	return Query{Text: s, Writes: 1}, s == "q"
}

type fakeClient struct{ f *fakeDriver }

func (c fakeClient) Do(context.Context, string) (int64, error) {
	time.Sleep(100 * time.Microsecond)
	if c.f.n.Add(1)%10 == 0 {
		return 0, errors.New("boom")
	}
	return 3, nil
}
func (fakeClient) Close() error { return nil }

func TestRun(t *testing.T) {
	d := &fakeDriver{}
	res, err := Run(context.Background(), d, &Workload{Vertices: 10}, Spec{Scenario: "q", Clients: 3,
		Warmup: 20 * time.Millisecond, Duration: 100 * time.Millisecond, ServerPIDs: []int{os.Getpid()}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Queries == 0 || res.Errors == 0 || res.Errors > res.Queries/5 || res.Rows != 4*(res.Queries-res.Errors) {
		t.Fatalf("counts: %+v", res)
	}
	if !(res.P50 > 0 && res.P50 <= res.P90 && res.P90 <= res.P99 && res.P99 <= res.Max) || res.FirstError != "boom" {
		t.Fatalf("latencies: %+v", res)
	}
	if res.Seconds < 0.09 || res.Seconds > 0.2 || res.QPS <= 0 {
		t.Fatalf("window: %+v", res)
	}
	if _, err := Run(context.Background(), d, &Workload{}, Spec{Scenario: "nope", Clients: 1}); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("unknown scenario: %v", err)
	}
}

func TestSummarise(t *testing.T) {
	var lat []time.Duration
	for i := 100; i >= 1; i-- {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	r := Result{Queries: 100}
	r.summarise(lat, nil, 2*time.Second)
	if r.P50 != 50_000 || r.P90 != 90_000 || r.P99 != 99_000 || r.Max != 100_000 || r.QPS != 50 || r.Mean != 50_500 {
		t.Fatalf("%+v", r)
	}
	var b strings.Builder
	WriteTable(&b, []Result{r})
	if !strings.Contains(b.String(), "99000") {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestReadStarts(t *testing.T) {
	p := filepath.Join(t.TempDir(), "starts.txt")
	os.WriteFile(p, []byte("5 7\n\n9\n"), 0o644)
	s, e, err := ReadStarts(p)
	if err != nil || len(s) != 2 || s[1] != 9 || len(e) != 1 || e[0] != [2]int64{5, 7} {
		t.Fatalf("%v %v %v", s, e, err)
	}
}

func TestQueriesCoverScenarios(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	w := &Workload{Vertices: 100, Names: []string{"Ann"}}
	n := &Nebula{BatchSize: 3}
	for _, s := range NebulaScenarios {
		q, ok := n.Query(s, r, w)
		if !ok || q.Text == "" {
			t.Errorf("nebula has no %s", s)
		}
	}
	if q, _ := n.Query("insert-batch", r, w); q.Writes != 3 || strings.Count(q.Text, "->") != 3 {
		t.Errorf("insert-batch: %+v", q)
	}
	for _, s := range []string{"go1", "go2", "go3", "insert"} {
		for _, d := range []Driver{&Postgres{}, &Dgraph{}, &Cayley{}} {
			if q, ok := d.Query(s, r, w); !ok || q.Text == "" {
				t.Errorf("%s has no %s", d.System(), s)
			}
		}
	}
}

func TestProcessCPU(t *testing.T) {
	busy := time.Now().Add(30 * time.Millisecond)
	for time.Now().Before(busy) {
	}
	if ProcessCPU([]int{os.Getpid()}) <= 0 {
		t.Fatal("no CPU time for this process")
	}
}

// slowDriver's queries never finish on their own: they end when their
// context does.
type slowDriver struct{}

func (slowDriver) System() string                          { return "slow" }
func (slowDriver) Connect(context.Context) (Client, error) { return slowClient{}, nil }
func (slowDriver) Query(s string, r *rand.Rand, w *Workload) (Query, bool) {
	return Query{Text: s}, true
}

type slowClient struct{}

func (slowClient) Do(ctx context.Context, _ string) (int64, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}
func (slowClient) Close() error { return nil }

// TestRunCutsOffStragglers: queries still running when the window closes
// are cancelled, so the run ends with the window, and they are reported
// as unfinished with their running time as a lower-bound latency.
func TestRunCutsOffStragglers(t *testing.T) {
	t0 := time.Now()
	res, err := Run(context.Background(), slowDriver{}, &Workload{}, Spec{Scenario: "go3", Clients: 4,
		Warmup: 20 * time.Millisecond, Duration: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(t0); took > time.Second {
		t.Fatalf("run took %v", took)
	}
	if res.Queries != 0 || res.Errors != 0 || res.Unfinished != 4 || res.QPS != 0 {
		t.Fatalf("counts: %+v", res)
	}
	if res.P99 < 100_000 || len(res.AtLeast) != 4 || res.Bound("p99", res.P99)[:len("≥")] != "≥" {
		t.Fatalf("latencies: %+v", res)
	}
}

func TestSummariseUnfinished(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		lat, cut []time.Duration
		p99, max float64
		atLeast  []string
	}{
		// Queries caught mid-flight, shorter than the slowest finished
		// one, say nothing about the tail.
		{"mid-flight", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), ms(2, 5), 9_000, 10_000, nil},
		// Slower than everything finished: ranked last, as lower bounds.
		{"tail", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), ms(5, 4000), 10_000, 4_000_000, []string{"max"}},
		{"none finished", nil, ms(3000, 3000), 3_000_000, 3_000_000, []string{"p50", "p90", "p99", "max"}},
	} {
		r := Result{Queries: int64(len(tc.lat))}
		r.summarise(tc.lat, tc.cut, time.Second)
		if r.P99 != tc.p99 || r.Max != tc.max || !slices.Equal(r.AtLeast, tc.atLeast) {
			t.Errorf("%s: p99 %v max %v atLeast %v", tc.name, r.P99, r.Max, r.AtLeast)
		}
	}
}

func TestSettle(t *testing.T) {
	// This test process is idle while it sleeps in Settle, so it settles
	// at the first sample.
	waited, ok := Settle(context.Background(), []int{os.Getpid()}, 0.5, 5*time.Second)
	if !ok || waited > 3*time.Second {
		t.Fatalf("idle process: waited %v, settled %v", waited, ok)
	}
	// A process that stays busy does not settle: the limit ends the wait.
	// (The bar is 1% of a core, so a loaded machine still counts it busy.)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	waited, ok = Settle(context.Background(), []int{os.Getpid()}, 0.01, time.Second)
	close(stop)
	<-done
	if ok || waited < time.Second || waited > 4*time.Second {
		t.Fatalf("busy process: waited %v, settled %v", waited, ok)
	}
}
