package meta

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
)

// One job's run: claim it (QUEUE → RUNNING, or take over a RUNNING one),
// split it into tasks unless it has them, send every unfinished task to
// its storaged, and record the outcome once every task has one.

// errHostOffline ends a task whose storaged stopped heartbeating.
var errHostOffline = errors.New("storaged stopped heartbeating")

// runJob carries out one job. It returns early, writing nothing more,
// when r's context ends (STOP JOB, or the generation ended).
func (m *jobManager) runJob(r *jobRun, resume bool) {
	j, tasks, err := m.claim(r, resume)
	if err != nil {
		if r.ctx.Err() == nil {
			m.log.Warn("meta: claim job", "job", r.id, "err", err)
		}
		return
	}
	if j == nil {
		return
	}
	m.log.Info("meta: job running", "job", j.JobID, "type", j.Type.String(), "space", j.SpaceID, "resumed", resume)
	if balanceJob(j.Type) {
		m.runBalance(r, j)
		return
	}
	if len(tasks) == 0 {
		if tasks, err = m.plan(r.ctx, j); err == nil {
			err = m.saveTasks(r, tasks)
		}
	}
	var params [][]byte
	if err == nil {
		params, err = m.taskParams(j)
	}
	if err != nil {
		// context.Canceled from saveTasks: the job stopped meanwhile.
		if r.ctx.Err() == nil && !errors.Is(err, context.Canceled) {
			m.fail(r, CodeOf(err), err)
		}
		return
	}
	var wg sync.WaitGroup
	for _, td := range tasks {
		if jobFinished(td.Status) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.runTask(r, j, td, params)
		}()
	}
	wg.Wait()
	if r.ctx.Err() != nil {
		return
	}
	if err := m.finish(r); err != nil && r.ctx.Err() == nil {
		m.log.Warn("meta: finish job", "job", j.JobID, "err", err)
	}
}

// claim takes job r.id: a queued one becomes RUNNING (its tasks and task
// counts of an earlier run are dropped); a resumed one must be RUNNING and
// keeps its tasks. It returns nil when the job is not (or no longer) in
// the state the runner expected.
func (m *jobManager) claim(r *jobRun, resume bool) (*gmeta.JobDesc, []*gmeta.TaskDesc, error) {
	var j *gmeta.JobDesc
	var tasks []*gmeta.TaskDesc
	err := m.update(r, func(t *txn) error {
		var err error
		if j, err = t.job(r.space, r.id); err != nil {
			return err
		}
		if resume {
			if j.Status != gmeta.JobStatus_RUNNING {
				j = nil
				return nil
			}
			tasks, err = t.tasks(j.JobID)
			return err
		}
		if j.Status != gmeta.JobStatus_QUEUE {
			j = nil
			return nil
		}
		j.Status, j.StartTime, j.StopTime = gmeta.JobStatus_RUNNING, m.svc.now().Unix(), 0
		j.Code = common.ErrorCode_E_JOB_SUBMITTED
		t.putRecord(jobKey(j.JobID), j)
		t.delPrefix(taskPrefix(j.JobID))
		t.delPrefix(statsJobPrefix(j.SpaceID, j.JobID))
		if j.Type == gmeta.JobType_STATS {
			t.putRecord(statsKey(j.SpaceID), sumStats(nil, gmeta.JobStatus_RUNNING))
		}
		return nil
	})
	return j, tasks, err
}

// plan splits a job into tasks, one per storaged: the leaders of the
// space's parts for jobs that work through raft, every live host with a
// replica for those that work on engines.
func (m *jobManager) plan(ctx context.Context, j *gmeta.JobDesc) ([]*gmeta.TaskDesc, error) {
	parts, hosts, err := m.spaceHosts(j.SpaceID)
	if err != nil {
		return nil, err
	}
	byHost := map[string][]common.PartitionID{}
	if leaderJob(j.Type) {
		leaders, err := m.leaders(ctx, j.SpaceID, parts, hosts)
		if err != nil {
			return nil, err
		}
		for p, h := range leaders {
			byHost[h] = append(byHost[h], p)
		}
	} else {
		for _, h := range hosts {
			byHost[h] = nil
		}
	}
	if len(byHost) == 0 {
		return nil, fmt.Errorf("space %d: %w", j.SpaceID, codeError(common.ErrorCode_E_NO_HOSTS))
	}
	now := m.svc.now().Unix()
	var tasks []*gmeta.TaskDesc
	for _, h := range sortedKeys(byHost) {
		addr, err := parseAddr(h)
		if err != nil {
			return nil, err
		}
		ps := byHost[h]
		sort.Slice(ps, func(a, b int) bool { return ps[a] < ps[b] })
		tasks = append(tasks, &gmeta.TaskDesc{
			SpaceID: j.SpaceID, JobID: j.JobID, TaskID: int32(len(tasks)), Host: addr,
			Status: gmeta.JobStatus_RUNNING, StartTime: now, Code: common.ErrorCode_E_JOB_SUBMITTED, Parts: ps,
		})
	}
	return tasks, nil
}

// spaceHosts returns a space's parts with their replicas, and the live
// storage hosts holding any of them (sorted).
func (m *jobManager) spaceHosts(space common.GraphSpaceID) (map[common.PartitionID][]*common.HostAddr, []string, error) {
	var parts map[common.PartitionID][]*common.HostAddr
	var hosts []string
	err := m.svc.view(func(v view) error {
		if _, err := v.space(space); err != nil {
			return err
		}
		var err error
		if parts, err = v.parts(space); err != nil {
			return err
		}
		infos, err := v.hostInfos()
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, reps := range parts {
			for _, h := range reps {
				a := addrString(h)
				if !seen[a] && m.svc.alive(infos[a]) {
					hosts = append(hosts, a)
				}
				seen[a] = true
			}
		}
		return nil
	})
	sort.Strings(hosts)
	return parts, hosts, err
}

// leaders asks the hosts which parts of space they lead until every part
// has a leader (the one with the highest term when two claim it), or
// leaderWait passes (E_LEADER_CHANGED).
func (m *jobManager) leaders(ctx context.Context, space common.GraphSpaceID, parts map[common.PartitionID][]*common.HostAddr, hosts []string) (map[common.PartitionID]string, error) {
	deadline := time.Now().Add(m.leaderWait)
	for {
		type claim struct {
			host string
			term int64
		}
		var mu sync.Mutex
		got := map[common.PartitionID]claim{}
		var wg sync.WaitGroup
		for _, h := range hosts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				led, err := m.admin.LeaderParts(ctx, h)
				if err != nil {
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, lp := range led[int32(space)] {
					p := common.PartitionID(lp.part)
					if c, ok := got[p]; !ok || lp.term > c.term {
						got[p] = claim{host: h, term: lp.term}
					}
				}
			}()
		}
		wg.Wait()
		var missing []common.PartitionID
		out := map[common.PartitionID]string{}
		for p := range parts {
			c, ok := got[p]
			if !ok {
				missing = append(missing, p)
				continue
			}
			out[p] = c.host
		}
		if len(missing) == 0 {
			return out, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("space %d parts %v have no leader: %w", space, missing, codeError(common.ErrorCode_E_LEADER_CHANGED))
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// saveTasks records a job's tasks, unless the job stopped meanwhile.
func (m *jobManager) saveTasks(r *jobRun, tasks []*gmeta.TaskDesc) error {
	return m.update(r, func(t *txn) error {
		j, err := t.job(r.space, r.id)
		if err != nil {
			return err
		}
		if j.Status != gmeta.JobStatus_RUNNING {
			return context.Canceled
		}
		for _, td := range tasks {
			t.putRecord(taskKey(td.JobID, td.TaskID), td)
		}
		return nil
	})
}

// taskParams is what a task needs beyond its parts: a download's url; the
// ids (decimal) of the indexes a rebuild job names, each of which must
// still exist and be of the job's kind.
func (m *jobManager) taskParams(j *gmeta.JobDesc) ([][]byte, error) {
	if j.Type == gmeta.JobType_DOWNLOAD {
		return j.Paras, nil // the url
	}
	if j.Type != gmeta.JobType_REBUILD_TAG_INDEX && j.Type != gmeta.JobType_REBUILD_EDGE_INDEX {
		return nil, nil
	}
	edge := j.Type == gmeta.JobType_REBUILD_EDGE_INDEX
	var out [][]byte
	err := m.svc.view(func(v view) error {
		for _, name := range j.Paras {
			ix, err := v.indexByName(j.SpaceID, string(name))
			if err != nil {
				return err
			}
			if ix.SchemaID.IsSetEdgeType() != edge {
				return indexNameNotFound(string(name))
			}
			out = append(out, []byte(strconv.Itoa(int(ix.IndexID))))
		}
		return nil
	})
	return out, err
}

// runTask sends one task to its storaged and records the outcome. The
// call ends early when the storaged stops heartbeating (the task fails)
// or when r ends (nothing is recorded: STOP JOB recorded the stop, and a
// new generation resumes the task).
func (m *jobManager) runTask(r *jobRun, j *gmeta.JobDesc, td *gmeta.TaskDesc, params [][]byte) {
	host := addrString(td.Host)
	ctx, cancel := context.WithCancelCause(r.ctx)
	defer cancel(nil)
	go m.watchHost(ctx, cancel, host)
	req := &gstorage.AddTaskRequest{
		JobType: int32(j.Type), JobID: j.JobID, TaskID: td.TaskID,
		Para: &gstorage.TaskPara{SpaceID: j.SpaceID, Parts: td.Parts, TaskSpecificParas: params},
	}
	resp, err := m.admin.RunTask(ctx, host, req)
	if r.ctx.Err() != nil {
		return
	}
	code := common.ErrorCode_E_RPC_FAILURE
	if err == nil {
		code = resp.GetCode()
	}
	if err != nil {
		m.log.Warn("meta: job task failed", "job", j.JobID, "task", td.TaskID, "host", host, "err", err, "cause", context.Cause(ctx))
	} else if code != common.ErrorCode_SUCCEEDED {
		m.log.Warn("meta: job task failed", "job", j.JobID, "task", td.TaskID, "host", host, "code", code.String(), "msg", string(resp.GetErrorMsg()))
	}
	err = m.update(r, func(t *txn) error {
		cur, err := t.job(r.space, r.id)
		if err != nil || cur.Status != gmeta.JobStatus_RUNNING {
			return err
		}
		td.StopTime, td.Code = m.svc.now().Unix(), code
		td.Status = gmeta.JobStatus_FAILED
		if code == common.ErrorCode_SUCCEEDED {
			td.Status = gmeta.JobStatus_FINISHED
			if st := resp.GetStats(); st != nil && j.Type == gmeta.JobType_STATS {
				t.putRecord(statsTaskKey(j.SpaceID, j.JobID, td.TaskID), &gmeta.StatsItem{
					TagVertices: st.GetTagVertices(), Edges: st.GetEdges(),
					SpaceVertices: st.GetSpaceVertices(), SpaceEdges: st.GetSpaceEdges(),
					Status: gmeta.JobStatus_FINISHED,
				})
			}
		}
		t.putRecord(taskKey(td.JobID, td.TaskID), td)
		return nil
	})
	if err != nil && r.ctx.Err() == nil {
		m.log.Warn("meta: record job task", "job", j.JobID, "task", td.TaskID, "err", err)
	}
}

// minTaskHostSilence is the least time without a heartbeat after which a
// task's storaged is given up. With short heartbeat intervals (tests use
// 100 ms) the host expiry is well under a second, and a storaged merely
// slow to heartbeat on a loaded machine would fail every task it was
// running; a restarted storaged fails its tasks at once anyway (the call
// breaks).
const minTaskHostSilence = 30 * time.Second

// watchHost cancels a task when its storaged's heartbeats expire, so that
// a hung or partitioned storaged fails the task instead of holding the
// job forever.
func (m *jobManager) watchHost(ctx context.Context, cancel context.CancelCauseFunc, host string) {
	t := time.NewTicker(m.watch)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var alive bool
		err := m.svc.view(func(v view) error {
			hi, _, err := v.hostInfo(host)
			alive = m.svc.alive(hi) || (hi != nil && m.svc.nowMs()-hi.LastHbMs <= minTaskHostSilence.Milliseconds())
			return err
		})
		if err == nil && !alive {
			cancel(errHostOffline)
			return
		}
	}
}

// finish records the job's outcome once every task has one: FINISHED when
// all finished (a STATS job's counts become the space's), else FAILED
// with the first failed task's code.
func (m *jobManager) finish(r *jobRun) error {
	return m.update(r, func(t *txn) error {
		j, err := t.job(r.space, r.id)
		if err != nil || j.Status != gmeta.JobStatus_RUNNING {
			return err
		}
		tasks, err := t.tasks(j.JobID)
		if err != nil {
			return err
		}
		status, code := gmeta.JobStatus_FINISHED, common.ErrorCode_SUCCEEDED
		for _, td := range tasks {
			if !jobFinished(td.Status) {
				return fmt.Errorf("job %d task %d has no outcome yet", j.JobID, td.TaskID)
			}
			if td.Status != gmeta.JobStatus_FINISHED && status == gmeta.JobStatus_FINISHED {
				status, code = gmeta.JobStatus_FAILED, td.Code
			}
		}
		j.Status, j.Code, j.StopTime = status, code, m.svc.now().Unix()
		t.putRecord(jobKey(j.JobID), j)
		if j.Type == gmeta.JobType_STATS {
			parts, err := t.taskStats(j.SpaceID, j.JobID)
			if err != nil {
				return err
			}
			t.putRecord(statsKey(j.SpaceID), sumStats(parts, status))
			t.delPrefix(statsJobPrefix(j.SpaceID, j.JobID))
		}
		m.log.Info("meta: job done", "job", j.JobID, "status", status.String(), "code", code.String())
		return nil
	})
}

// fail records that a job failed before its tasks could run.
func (m *jobManager) fail(r *jobRun, code common.ErrorCode, cause error) {
	m.log.Warn("meta: job failed", "job", r.id, "err", cause)
	if code == common.ErrorCode_E_UNKNOWN {
		code = common.ErrorCode_E_TASK_EXECUTION_FAILED
	}
	err := m.update(r, func(t *txn) error {
		j, err := t.job(r.space, r.id)
		if err != nil || j.Status != gmeta.JobStatus_RUNNING {
			return err
		}
		j.Status, j.Code, j.StopTime = gmeta.JobStatus_FAILED, code, m.svc.now().Unix()
		t.putRecord(jobKey(j.JobID), j)
		if j.Type == gmeta.JobType_STATS {
			t.putRecord(statsKey(j.SpaceID), sumStats(nil, gmeta.JobStatus_FAILED))
		}
		return nil
	})
	if err != nil && r.ctx.Err() == nil {
		m.log.Warn("meta: record failed job", "job", r.id, "err", err)
	}
}

// stopTxn records STOP JOB: the job and its unfinished tasks become
// STOPPED. It refuses a finished job (E_JOB_ALREADY_FINISH).
func stopTxn(t *txn, j *gmeta.JobDesc, now int64) ([]*gmeta.TaskDesc, error) {
	if jobFinished(j.Status) {
		return nil, codeError(common.ErrorCode_E_JOB_ALREADY_FINISH)
	}
	j.Status, j.StopTime = gmeta.JobStatus_STOPPED, now
	t.putRecord(jobKey(j.JobID), j)
	tasks, err := t.tasks(j.JobID)
	if err != nil {
		return nil, err
	}
	var stopped []*gmeta.TaskDesc
	for _, td := range tasks {
		if jobFinished(td.Status) {
			continue
		}
		td.Status, td.StopTime, td.Code = gmeta.JobStatus_STOPPED, now, common.ErrorCode_E_USER_CANCEL
		t.putRecord(taskKey(td.JobID, td.TaskID), td)
		stopped = append(stopped, td)
	}
	if j.Type == gmeta.JobType_STATS {
		if b, err := t.get(statsKey(j.SpaceID)); err == nil {
			st := &gmeta.StatsItem{}
			if decode(b, st) == nil && st.Status == gmeta.JobStatus_RUNNING {
				st.Status = gmeta.JobStatus_STOPPED
				t.putRecord(statsKey(j.SpaceID), st)
			}
		}
	}
	return stopped, nil
}
