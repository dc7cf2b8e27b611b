package storage

import (
	"context"
	"sync"

	"github.com/novagraph/novagraph/idl/gen/storage"
)

// taskManager runs the job tasks metad sends. A task outlives the
// addAdminTask call that started it: when metad's leader changes, the new
// leader sends the same task again and joins the run in progress instead
// of starting a second one. Only stop (stopAdminTask) and close end a
// task early; at most maxTasks run at once, the others wait their turn.
//
// Concurrency: safe for concurrent use; close waits for every task.
type taskManager struct {
	ctx    context.Context
	cancel context.CancelFunc
	slots  chan struct{}
	wg     sync.WaitGroup

	mu struct {
		sync.Mutex
		runs   map[taskID]*taskRun
		closed bool
	}
}

// maxTasks bounds the tasks running at once on a host.
const maxTasks = 4

// taskID names a task: metad gives each job one task per host.
type taskID struct{ job, task int32 }

// taskRun is one running task; stats and err are set before done closes.
type taskRun struct {
	done   chan struct{}
	cancel context.CancelFunc
	stats  *storage.StatsItem
	err    error
}

func newTaskManager() *taskManager {
	m := &taskManager{slots: make(chan struct{}, maxTasks)}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.mu.runs = map[taskID]*taskRun{}
	return m
}

// run runs task id with fn, or joins it if it runs already, and returns
// its outcome; it returns ctx's error if ctx ends first (the task goes
// on). fn's context ends when the task is stopped or the manager closes.
func (m *taskManager) run(ctx context.Context, id taskID, fn func(ctx context.Context) (*storage.StatsItem, error)) (*storage.StatsItem, error) {
	m.mu.Lock()
	if m.mu.closed {
		m.mu.Unlock()
		return nil, ErrClosed
	}
	r := m.mu.runs[id]
	if r == nil {
		tctx, cancel := context.WithCancel(m.ctx)
		r = &taskRun{done: make(chan struct{}), cancel: cancel}
		m.mu.runs[id] = r
		m.wg.Add(1)
		go m.exec(tctx, id, r, fn)
	}
	m.mu.Unlock()
	select {
	case <-r.done:
		return r.stats, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (m *taskManager) exec(ctx context.Context, id taskID, r *taskRun, fn func(ctx context.Context) (*storage.StatsItem, error)) {
	defer m.wg.Done()
	defer r.cancel()
	select {
	case m.slots <- struct{}{}:
		r.stats, r.err = fn(ctx)
		<-m.slots
	case <-ctx.Done():
		r.err = ctx.Err()
	}
	m.mu.Lock()
	delete(m.mu.runs, id)
	m.mu.Unlock()
	close(r.done)
}

// stop cancels the running tasks of job; they end with context.Canceled.
func (m *taskManager) stop(job int32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, r := range m.mu.runs {
		if id.job == job {
			r.cancel()
		}
	}
}

// close cancels every task and waits for them.
func (m *taskManager) close() {
	m.mu.Lock()
	m.mu.closed = true
	m.mu.Unlock()
	m.cancel()
	m.wg.Wait()
}
