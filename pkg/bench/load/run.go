package load

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Driver connects clients to one system.
type Driver interface {
	// System names the system in results ("novagraph", "postgres", ...).
	System() string
	// Connect opens one client; Run opens one per concurrent client.
	Connect(ctx context.Context) (Client, error)
	// Query is the system's text of scenario for w, or ok=false when the
	// system does not run that scenario.
	Query(scenario string, r *rand.Rand, w *Workload) (q Query, ok bool)
}

// Query is one statement to send. Writes counts the rows it writes (a
// write returns no rows, but its rows/s is what a batch is for).
type Query struct {
	Text   string
	Writes int64
}

// Client runs one query at a time.
type Client interface {
	// Do runs q and returns how many result rows came back.
	Do(ctx context.Context, q string) (rows int64, err error)
	Close() error
}

// Spec is one measurement: a scenario at a client count.
type Spec struct {
	Scenario string
	Clients  int
	Warmup   time.Duration
	Duration time.Duration
	Seed     uint64
	// ServerPIDs are sampled for the servers' CPU per query.
	ServerPIDs []int
}

// The window's end is every query's deadline: a query still running when
// the measured window closes cannot count, so it is cancelled (the drivers
// pass the deadline to their connections) rather than waited for, and the
// run ends within Duration plus the drivers' cancellation time. Such a
// query is reported as unfinished, and when it had already run longer than
// every query that finished, its running time enters the latency
// percentiles as a lower bound (Result.AtLeast), so a scenario whose
// queries outlast the window reads "p99 ≥ 5 s" instead of nothing.

// ErrUnsupported is returned for a scenario the driver does not have.
var ErrUnsupported = errors.New("scenario not supported by this system")

// Run measures spec against d.
func Run(ctx context.Context, d Driver, w *Workload, spec Spec) (Result, error) {
	res := Result{System: d.System(), Scenario: spec.Scenario, Clients: spec.Clients}
	if _, ok := d.Query(spec.Scenario, rand.New(rand.NewPCG(0, 0)), w); !ok {
		return res, fmt.Errorf("%s %s: %w", d.System(), spec.Scenario, ErrUnsupported)
	}
	clients := make([]Client, 0, spec.Clients)
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	for i := 0; i < spec.Clients; i++ {
		c, err := d.Connect(ctx)
		if err != nil {
			return res, fmt.Errorf("connect client %d: %w", i, err)
		}
		clients = append(clients, c)
	}
	type clientStats struct {
		lat, cut                      []time.Duration
		queries, errs, rs, unfinished int64
		firstErr                      error
	}
	stats := make([]clientStats, spec.Clients)
	var (
		wg          sync.WaitGroup
		measureAt   = time.Now().Add(spec.Warmup)
		stopAt      = measureAt.Add(spec.Duration)
		cpu0, self0 time.Duration
	)
	qctx, cancel := context.WithDeadline(ctx, stopAt)
	defer cancel()
	// The CPU sample is taken when the measured window opens.
	cpuTimer := time.AfterFunc(spec.Warmup, func() {
		cpu0, self0 = ProcessCPU(spec.ServerPIDs), selfCPU()
	})
	for i, c := range clients {
		wg.Add(1)
		go func(i int, c Client) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(spec.Seed, uint64(i)+1))
			st := &stats[i]
			st.lat = make([]time.Duration, 0, 1<<14)
			for qctx.Err() == nil {
				q, _ := d.Query(spec.Scenario, r, w)
				t0 := time.Now()
				if !t0.Before(stopAt) {
					return
				}
				n, err := c.Do(qctx, q.Text)
				t1 := time.Now()
				// A query counts when it completes inside the window; one
				// cut off by the window's end is unfinished, with the time
				// it had run.
				if !t1.Before(stopAt) {
					st.unfinished++
					st.cut = append(st.cut, stopAt.Sub(t0))
					return
				}
				if t1.Before(measureAt) {
					continue
				}
				st.queries++
				if err != nil {
					st.errs++
					if st.firstErr == nil {
						st.firstErr = err
					}
					continue
				}
				st.rs += n + q.Writes
				st.lat = append(st.lat, t1.Sub(t0))
			}
		}(i, c)
	}
	wg.Wait()
	cpuTimer.Stop()
	end := time.Now()
	if end.After(stopAt) {
		end = stopAt
	}
	elapsed := end.Sub(measureAt)
	cpu1, self1 := ProcessCPU(spec.ServerPIDs), selfCPU()
	var lat, cut []time.Duration
	for _, st := range stats {
		res.Queries += st.queries
		res.Errors += st.errs
		res.Rows += st.rs
		res.Unfinished += st.unfinished
		lat = append(lat, st.lat...)
		cut = append(cut, st.cut...)
		if st.firstErr != nil && res.FirstError == "" {
			res.FirstError = st.firstErr.Error()
		}
	}
	res.summarise(lat, cut, elapsed)
	if res.Queries > 0 {
		if len(spec.ServerPIDs) > 0 {
			res.ServerCPU = us(cpu1-cpu0) / float64(res.Queries)
		}
		res.ClientCPU = us(self1-self0) / float64(res.Queries)
	}
	return res, ctx.Err()
}
