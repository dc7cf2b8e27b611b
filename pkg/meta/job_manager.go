package meta

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// jobManager runs jobs on the ready leader: it starts the oldest QUEUE job
// of every space that runs none, and resumes every RUNNING job that has no
// runner here (after a leader change, or a runner whose last write failed).
// It wakes when kicked (a job added, stopped or recovered) and every tick.
//
// A leadership generation owns the runners it started: when this replica
// stops being the ready leader, or leads again in a later term, their
// context ends and they stop writing, so the new generation's runners are
// the only writers.
//
// Concurrency: kick and stop may be called from any goroutine; run owns
// the runner goroutines and waits for them before returning.
type jobManager struct {
	svc   *service
	admin storageAdmin
	log   *slog.Logger
	// tick is how often the manager looks at the jobs unkicked; watch is
	// how often a task checks that its storaged still heartbeats.
	tick, watch time.Duration
	// leaderWait bounds the wait for every part of a space to have a
	// leader before a job's tasks go out.
	leaderWait time.Duration
	wake       chan struct{}

	mu struct {
		sync.Mutex
		gen     uint64             // leadership generation of lead
		lead    context.Context    // nil while not the ready leader
		cancel  context.CancelFunc // ends lead
		running map[int32]*jobRun  // by job id
	}
	wg sync.WaitGroup // runners
}

// jobRun is one running job.
type jobRun struct {
	id    int32
	space common.GraphSpaceID
	ctx   context.Context
	// cancel ends the run (STOP JOB, or its generation ended).
	cancel  context.CancelFunc
	stopped atomic.Bool
}

func newJobManager(svc *service, admin storageAdmin, log *slog.Logger) *jobManager {
	m := &jobManager{
		svc:        svc,
		admin:      admin,
		log:        log,
		tick:       500 * time.Millisecond,
		watch:      svc.cfg.HeartbeatInterval,
		leaderWait: 10 * time.Second,
		wake:       make(chan struct{}, 1),
	}
	m.mu.running = map[int32]*jobRun{}
	return m
}

// kick makes run look at the jobs now.
func (m *jobManager) kick() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// run schedules jobs until ctx ends, then ends every runner and waits for
// them.
func (m *jobManager) run(ctx context.Context) {
	t := time.NewTicker(m.tick)
	defer t.Stop()
	defer m.wg.Wait()
	defer func() {
		m.mu.Lock()
		m.abandonLocked()
		m.mu.Unlock()
	}()
	for {
		m.step(ctx)
		select {
		case <-ctx.Done():
			return
		case <-m.wake:
		case <-t.C:
		}
	}
}

// leadership returns the node's leadership generation and whether it is
// the ready leader of it.
func (m *jobManager) leadership() (uint64, bool) {
	n := m.svc.node
	if n == nil {
		return 0, false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.mu.gen, n.ready.Load()
}

// abandonLocked ends the current generation's runners.
func (m *jobManager) abandonLocked() {
	if m.mu.cancel != nil {
		m.mu.cancel()
	}
	m.mu.lead, m.mu.cancel = nil, nil
	m.mu.running = map[int32]*jobRun{}
}

// step follows leadership and starts the runners the jobs need.
func (m *jobManager) step(ctx context.Context) {
	gen, ready := m.leadership()
	m.mu.Lock()
	if m.mu.lead != nil && (!ready || gen != m.mu.gen) {
		m.abandonLocked()
	}
	if ready && m.mu.lead == nil {
		m.mu.gen = gen
		m.mu.lead, m.mu.cancel = context.WithCancel(ctx)
	}
	m.mu.Unlock()
	if !ready {
		return
	}
	var jobs []*gmeta.JobDesc
	if err := m.svc.view(func(v view) error {
		var err error
		jobs, err = v.jobs()
		return err
	}); err != nil {
		return
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].JobID < jobs[b].JobID })
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.mu.lead == nil {
		return
	}
	busy := map[common.GraphSpaceID]bool{}
	for _, r := range m.mu.running {
		busy[r.space] = true
	}
	for _, j := range jobs {
		if j.Status != gmeta.JobStatus_RUNNING {
			continue
		}
		busy[j.SpaceID] = true
		if m.mu.running[j.JobID] == nil {
			m.startLocked(j, true)
		}
	}
	for _, j := range jobs {
		if j.Status == gmeta.JobStatus_QUEUE && !busy[j.SpaceID] {
			busy[j.SpaceID] = true
			m.startLocked(j, false)
		}
	}
}

// startLocked starts a runner of j in the current generation.
func (m *jobManager) startLocked(j *gmeta.JobDesc, resume bool) {
	ctx, cancel := context.WithCancel(m.mu.lead)
	r := &jobRun{id: j.JobID, space: j.SpaceID, ctx: ctx, cancel: cancel}
	m.mu.running[j.JobID] = r
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer cancel()
		m.runJob(r, resume)
		m.mu.Lock()
		if m.mu.running[r.id] == r {
			delete(m.mu.running, r.id)
		}
		m.mu.Unlock()
		// The space may have a queued job waiting for this one.
		m.kick()
	}()
}

// stop ends the runner of job id, if it runs here. Its record says
// STOPPED already: the runner writes nothing more.
func (m *jobManager) stop(id int32) {
	m.mu.Lock()
	r := m.mu.running[id]
	m.mu.Unlock()
	if r != nil {
		r.stopped.Store(true)
		r.cancel()
	}
}

// update runs fn as a txn on behalf of a runner, unless the runner's run
// has ended: a runner whose generation or job ended writes nothing.
func (m *jobManager) update(r *jobRun, fn func(*txn) error) error {
	return m.svc.update(r.ctx, func(t *txn) error {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		return fn(t)
	})
}
