package load

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
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
	r.summarise(lat, 2*time.Second)
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
		for _, d := range []Driver{&Postgres{}, &Dgraph{}} {
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
