package meta

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"sync"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// The MetaService methods of jobs: SUBMIT JOB / REBUILD INDEX, SHOW JOBS,
// SHOW JOB, STOP JOB, RECOVER JOB (runAdminJob), SHOW STATS (getStats),
// SHOW TAG|EDGE INDEX STATUS, and CLEAR SPACE, which metad carries out on
// the leaders of the space's parts.

// jobIDParam reads the one job id SHOW JOB and STOP JOB take; 0 is not an
// id (E_INVALID_PARM), as in NebulaGraph.
func jobIDParam(paras [][]byte) (int32, error) {
	if len(paras) != 1 {
		return 0, codeError(common.ErrorCode_E_INVALID_PARM)
	}
	n, err := strconv.ParseInt(string(paras[0]), 10, 32)
	if err != nil || n == 0 {
		return 0, codeError(common.ErrorCode_E_INVALID_PARM)
	}
	return int32(n), nil
}

// RunAdminJob adds, shows, stops and recovers the jobs of a space.
func (s *service) RunAdminJob(ctx context.Context, req *gmeta.AdminJobReq) (*gmeta.AdminJobResp, error) {
	resp := &gmeta.AdminJobResp{Result_: &gmeta.AdminJobResult_{}}
	err := s.view(func(v view) error {
		_, err := v.space(req.SpaceID)
		return err
	})
	if err == nil {
		switch req.Op {
		case gmeta.JobOp_ADD:
			err = s.addJob(ctx, req, resp.Result_)
		case gmeta.JobOp_SHOW_All:
			err = s.showJobs(req.SpaceID, resp.Result_)
		case gmeta.JobOp_SHOW:
			err = s.showJob(req, resp.Result_)
		case gmeta.JobOp_STOP:
			err = s.stopJob(ctx, req)
		case gmeta.JobOp_RECOVER:
			err = s.recoverJobs(ctx, req, resp.Result_)
		default:
			err = codeError(common.ErrorCode_E_INVALID_PARM)
		}
	}
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// addJob queues a job, or answers the id of a queued or running job that
// does the same work.
func (s *service) addJob(ctx context.Context, req *gmeta.AdminJobReq, res *gmeta.AdminJobResult_) error {
	if !storageJob(req.Type) && !balanceJob(req.Type) {
		return codeError(common.ErrorCode_E_INVALID_JOB)
	}
	paras := append([][]byte{}, req.Paras...)
	err := s.update(ctx, func(t *txn) error {
		all, err := t.jobs()
		if err != nil {
			return err
		}
		for _, j := range all {
			if !jobFinished(j.Status) && sameJob(j, req.SpaceID, req.Type, paras) {
				res.JobID = &j.JobID
				return nil
			}
		}
		id, err := t.nextID(sysKey(sysLastJobID))
		if err != nil {
			return err
		}
		t.putRecord(jobKey(id), &gmeta.JobDesc{
			SpaceID: req.SpaceID, JobID: id, Type: req.Type, Paras: paras,
			Status: gmeta.JobStatus_QUEUE, Code: common.ErrorCode_E_JOB_SUBMITTED,
		})
		res.JobID = &id
		return nil
	})
	if err == nil {
		s.jobs.kick()
	}
	return err
}

// showJobs lists a space's jobs, newest first.
func (s *service) showJobs(space common.GraphSpaceID, res *gmeta.AdminJobResult_) error {
	return s.view(func(v view) error {
		all, err := v.jobs()
		res.JobDesc = []*gmeta.JobDesc{}
		for _, j := range all {
			if j.SpaceID == space {
				res.JobDesc = append(res.JobDesc, j)
			}
		}
		sort.Slice(res.JobDesc, func(a, b int) bool { return res.JobDesc[a].JobID > res.JobDesc[b].JobID })
		return err
	})
}

// showJob returns one job of the space with its tasks.
func (s *service) showJob(req *gmeta.AdminJobReq, res *gmeta.AdminJobResult_) error {
	id, err := jobIDParam(req.Paras)
	if err != nil {
		return err
	}
	return s.view(func(v view) error {
		j, err := v.job(req.SpaceID, id)
		if err != nil {
			return err
		}
		tasks, err := v.tasks(id)
		if err != nil {
			return err
		}
		if balanceJob(j.Type) {
			moves, err := v.balanceTasks(id)
			if err != nil {
				return err
			}
			res.BalanceTasks = shownMoves(j, moves)
		}
		res.JobDesc, res.TaskDesc = []*gmeta.JobDesc{j}, append([]*gmeta.TaskDesc{}, tasks...)
		return nil
	})
}

// stopJob records the stop, ends the job's runner and asks the storaged
// hosts running its tasks to cancel them.
func (s *service) stopJob(ctx context.Context, req *gmeta.AdminJobReq) error {
	id, err := jobIDParam(req.Paras)
	if err != nil {
		return err
	}
	var stopped []*gmeta.TaskDesc
	err = s.update(ctx, func(t *txn) error {
		j, err := t.job(req.SpaceID, id)
		if err != nil {
			return err
		}
		stopped, err = stopTxn(t, j, s.now().Unix())
		return err
	})
	if err != nil {
		return err
	}
	s.jobs.stop(id)
	var wg sync.WaitGroup
	for _, td := range stopped {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.jobs.admin.StopTask(ctx, addrString(td.Host), td.JobID, td.TaskID); err != nil {
				s.log.Warn("meta: stop job task", "job", td.JobID, "task", td.TaskID, "host", addrString(td.Host), "err", err)
			}
		}()
	}
	wg.Wait()
	s.jobs.kick()
	return nil
}

// recoverJobs queues again the failed and stopped jobs of the space (those
// named, or all), except those whose work a queued or running job does
// already; it answers how many.
func (s *service) recoverJobs(ctx context.Context, req *gmeta.AdminJobReq, res *gmeta.AdminJobResult_) error {
	want := map[int32]bool{}
	for _, p := range req.Paras {
		n, err := strconv.ParseInt(string(p), 10, 32)
		if err != nil {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		want[int32(n)] = true
	}
	err := s.update(ctx, func(t *txn) error {
		all, err := t.jobs()
		if err != nil {
			return err
		}
		sort.Slice(all, func(a, b int) bool { return all[a].JobID < all[b].JobID })
		var active []*gmeta.JobDesc
		for _, j := range all {
			if !jobFinished(j.Status) {
				active = append(active, j)
			}
		}
		var n int32
		for _, j := range all {
			if j.SpaceID != req.SpaceID || (len(want) > 0 && !want[j.JobID]) {
				continue
			}
			if j.Status != gmeta.JobStatus_FAILED && j.Status != gmeta.JobStatus_STOPPED {
				continue
			}
			dup := false
			for _, a := range active {
				dup = dup || sameJob(a, j.SpaceID, j.Type, j.Paras)
			}
			if dup {
				continue
			}
			j.Status, j.Code, j.StartTime, j.StopTime = gmeta.JobStatus_QUEUE, common.ErrorCode_E_JOB_SUBMITTED, 0, 0
			t.putRecord(jobKey(j.JobID), j)
			active = append(active, j)
			n++
		}
		res.RecoveredJobNum = &n
		return nil
	})
	if err == nil {
		s.jobs.kick()
	}
	return err
}

// GetStats returns what the last STATS job of a space counted: refused
// when there was none (E_STATS_NOT_FOUND) or it has not finished
// (E_JOB_NOT_FINISHED).
func (s *service) GetStats(ctx context.Context, req *gmeta.GetStatsReq) (*gmeta.GetStatsResp, error) {
	resp := &gmeta.GetStatsResp{}
	err := s.view(func(v view) error {
		if _, err := v.space(req.SpaceID); err != nil {
			return err
		}
		b, err := v.lookup(statsKey(req.SpaceID), codeError(common.ErrorCode_E_STATS_NOT_FOUND))
		if err != nil {
			return err
		}
		st := &gmeta.StatsItem{}
		if err := decode(b, st); err != nil {
			return err
		}
		if st.Status != gmeta.JobStatus_FINISHED {
			return codeError(common.ErrorCode_E_JOB_NOT_FINISHED)
		}
		resp.Stats = st
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// ListTagIndexStatus lists the tag index rebuild jobs of a space, newest
// first.
func (s *service) ListTagIndexStatus(ctx context.Context, req *gmeta.ListIndexStatusReq) (*gmeta.ListIndexStatusResp, error) {
	return s.indexStatus(req.SpaceID, gmeta.JobType_REBUILD_TAG_INDEX)
}

// ListEdgeIndexStatus lists the edge index rebuild jobs of a space, newest
// first.
func (s *service) ListEdgeIndexStatus(ctx context.Context, req *gmeta.ListIndexStatusReq) (*gmeta.ListIndexStatusResp, error) {
	return s.indexStatus(req.SpaceID, gmeta.JobType_REBUILD_EDGE_INDEX)
}

func (s *service) indexStatus(space common.GraphSpaceID, typ gmeta.JobType) (*gmeta.ListIndexStatusResp, error) {
	resp := &gmeta.ListIndexStatusResp{Statuses: []*gmeta.IndexStatus{}}
	err := s.view(func(v view) error {
		if _, err := v.space(space); err != nil {
			return err
		}
		all, err := v.jobs()
		if err != nil {
			return err
		}
		sort.Slice(all, func(a, b int) bool { return all[a].JobID > all[b].JobID })
		for _, j := range all {
			if j.SpaceID == space && j.Type == typ {
				resp.Statuses = append(resp.Statuses, &gmeta.IndexStatus{Name: []byte(indexStatusName(j)), Status: []byte(j.Status.String())})
			}
		}
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// ClearSpace deletes the data of a space on the leaders of its parts,
// which clear their replicas through raft; the schema stays.
func (s *service) ClearSpace(ctx context.Context, req *gmeta.ClearSpaceReq) (*gmeta.ExecResp, error) {
	err := func() error {
		var id common.GraphSpaceID
		err := s.view(func(v view) error {
			var err error
			id, err = v.spaceID(string(req.SpaceName))
			return err
		})
		if err != nil {
			if req.IfExists && CodeOf(err) == common.ErrorCode_E_SPACE_NOT_FOUND {
				return nil
			}
			return err
		}
		parts, hosts, err := s.jobs.spaceHosts(id)
		if err != nil {
			return err
		}
		leaders, err := s.jobs.leaders(ctx, id, parts, hosts)
		if err != nil {
			return err
		}
		targets := map[string]bool{}
		for _, h := range leaders {
			targets[h] = true
		}
		var mu sync.Mutex
		var errs []error
		var wg sync.WaitGroup
		for h := range targets {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.jobs.admin.ClearSpace(ctx, h, int32(id)); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			s.log.Warn("meta: clear space", "space", id, "err", err)
			if CodeOf(err) == common.ErrorCode_E_UNKNOWN {
				return codeError(common.ErrorCode_E_RPC_FAILURE)
			}
			return err
		}
		return nil
	}()
	return reply(s.exec(err, nil))
}
