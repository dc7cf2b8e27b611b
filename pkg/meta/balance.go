package meta

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Balance jobs run on metad's leader itself rather than as storaged tasks:
//
//	SUBMIT JOB BALANCE DATA [REMOVE h:p, ...]
//	   plan (balance_plan.go) ──▶ BalanceTask records (raft) ──▶ moves,
//	   up to balanceMoveConcurrency parts at a time, the moves of one part
//	   one after another; each move:
//	   addPart(dst) → addLearner → promote (dst caught up) → leader off src
//	   → remove src from the group → part map src→dst → removePart(src)
//	SUBMIT JOB BALANCE LEADER
//	   leader transfers from the hosts leading most parts of the space to
//	   replicas on hosts leading fewest (balance_leader.go)
//
// A move records each step it finished in its BalanceTask, through raft,
// and every step is safe to repeat, so a new metad leader (the job is
// RUNNING) or RECOVER JOB (the job was STOPPED or FAILED) carries on the
// same plan from where each move stood. A step that fails is retried
// until balanceStepTimeout passes without progress: a storaged that
// restarts mid-move (its learner replica is not in the part map, so it
// does not reopen it) is handed the replica again by the repeated step.
// Until the map changes, clients keep using src; the data on src goes
// only after the map names dst.

// balanceJob reports whether metad itself carries out jobs of type t.
func balanceJob(t gmeta.JobType) bool {
	return t == gmeta.JobType_DATA_BALANCE || t == gmeta.JobType_LEADER_BALANCE
}

const (
	// balanceMoveConcurrency bounds the parts moving at once.
	balanceMoveConcurrency = 4
	// balanceStepTimeout is how long a move step is retried before the
	// move fails.
	balanceStepTimeout = 2 * time.Minute
	// balanceCallTimeout bounds one admin call of a step.
	balanceCallTimeout = 30 * time.Second
	// balancePromoteWait bounds one wait of promote for the learner to
	// catch up. It is short: the learner keeps catching up between
	// attempts, and each attempt first reopens the learner's replica,
	// which a storaged that restarted meanwhile does not do by itself.
	balancePromoteWait = 5 * time.Second
	// balanceRetryPause is the pause between attempts at a step.
	balanceRetryPause = 300 * time.Millisecond
)

func balanceKey(job, task int32) []byte { return appendU32(idKey(prefixBalance, job), task) }
func balancePrefix(job int32) []byte    { return idKey(prefixBalance, job) }

// balanceTasks returns a job's replica moves by task id.
func (v view) balanceTasks(job int32) ([]*gmeta.BalanceTask, error) {
	var out []*gmeta.BalanceTask
	err := v.st.scan(balancePrefix(job), func(_, b []byte) error {
		bt := &gmeta.BalanceTask{}
		if err := decode(b, bt); err != nil {
			return err
		}
		out = append(out, bt)
		return nil
	})
	return out, err
}

// runBalance carries out a balance job and records its outcome, unless
// r ended (STOP JOB, or the leadership generation ended).
func (m *jobManager) runBalance(r *jobRun, j *gmeta.JobDesc) {
	ba, ok := m.admin.(balanceAdmin)
	if !ok {
		m.fail(r, common.ErrorCode_E_UNSUPPORTED, errors.New("storage admin cannot balance"))
		return
	}
	var err error
	if j.Type == gmeta.JobType_LEADER_BALANCE {
		err = m.balanceLeaders(r.ctx, ba, j.SpaceID)
	} else {
		err = m.balanceData(r, ba, j)
	}
	if r.ctx.Err() != nil {
		return
	}
	if err != nil {
		code := CodeOf(err)
		if code == common.ErrorCode_E_UNKNOWN {
			code = common.ErrorCode_E_BALANCER_FAILURE
		}
		m.fail(r, code, err)
		return
	}
	if err := m.finish(r); err != nil && r.ctx.Err() == nil {
		m.log.Warn("meta: finish balance job", "job", j.JobID, "err", err)
	}
}

// balanceData plans the job's moves unless it has them (a resumed or
// recovered job keeps its plan), then runs every move not finished yet.
func (m *jobManager) balanceData(r *jobRun, ba balanceAdmin, j *gmeta.JobDesc) error {
	var tasks []*gmeta.BalanceTask
	if err := m.svc.view(func(v view) (err error) {
		tasks, err = v.balanceTasks(j.JobID)
		return err
	}); err != nil {
		return err
	}
	if len(tasks) == 0 {
		moves, err := m.planData(j)
		if err != nil {
			return err
		}
		for i, mv := range moves {
			src, err := parseAddr(mv.src)
			if err != nil {
				return err
			}
			dst, err := parseAddr(mv.dst)
			if err != nil {
				return err
			}
			tasks = append(tasks, &gmeta.BalanceTask{
				SpaceID: j.SpaceID, JobID: j.JobID, TaskID: int32(i), PartID: common.PartitionID(mv.part),
				Src: src, Dst: dst, Status: gmeta.JobStatus_QUEUE, Code: common.ErrorCode_E_JOB_SUBMITTED,
			})
		}
		if err := m.update(r, func(t *txn) error {
			for _, bt := range tasks {
				t.putRecord(balanceKey(bt.JobID, bt.TaskID), bt)
			}
			return nil
		}); err != nil {
			return err
		}
		m.log.Info("meta: balance planned", "job", j.JobID, "space", j.SpaceID, "moves", len(tasks))
	}
	// The moves of one part run in plan order; parts run side by side.
	byPart := map[common.PartitionID][]*gmeta.BalanceTask{}
	var order []common.PartitionID
	for _, bt := range tasks {
		if _, ok := byPart[bt.PartID]; !ok {
			order = append(order, bt.PartID)
		}
		byPart[bt.PartID] = append(byPart[bt.PartID], bt)
	}
	sem := make(chan struct{}, balanceMoveConcurrency)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, p := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-r.ctx.Done():
				return
			}
			defer func() { <-sem }()
			for _, bt := range byPart[p] {
				if bt.Status == gmeta.JobStatus_FINISHED {
					continue
				}
				if err := m.runMove(r, ba, bt); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return fmt.Errorf("%d part moves failed, first: %w", len(errs), errs[0])
	}
	return nil
}

// planData plans a data balance of the job's space from the part map, the
// space's zones and the live hosts in them. The job's parameters are the
// hosts to empty, each of which must be in one of the space's zones.
func (m *jobManager) planData(j *gmeta.JobDesc) ([]move, error) {
	var inp balanceInput
	err := m.svc.view(func(v view) error {
		sp, err := v.space(j.SpaceID)
		if err != nil {
			return err
		}
		parts, err := v.parts(j.SpaceID)
		if err != nil {
			return err
		}
		zones, err := v.zones()
		if err != nil {
			return err
		}
		machines, err := v.machines()
		if err != nil {
			return err
		}
		infos, err := v.hostInfos()
		if err != nil {
			return err
		}
		inp = balanceInput{parts: map[int32][]string{}, zoneOf: zoneOf(zones), remove: map[string]bool{}}
		for p, hs := range parts {
			for _, h := range hs {
				inp.parts[int32(p)] = append(inp.parts[int32(p)], addrString(h))
			}
		}
		inSpace := map[string]bool{}
		for _, zn := range sp.Properties.ZoneNames {
			if z := zones[string(zn)]; z != nil {
				for _, h := range z.Nodes {
					inSpace[addrString(h)] = true
				}
			}
		}
		for _, p := range j.Paras {
			h, err := parseAddr(string(p))
			if err != nil {
				return codeError(common.ErrorCode_E_INVALID_PARM)
			}
			a := addrString(h)
			if !inSpace[a] {
				return fmt.Errorf("host %s does not belong to space %d: %w", a, j.SpaceID, codeError(common.ErrorCode_E_NO_HOSTS))
			}
			inp.remove[a] = true
		}
		for _, a := range sortedKeys(inSpace) {
			if machines[a] && m.svc.alive(infos[a]) && !inp.remove[a] {
				inp.hosts = append(inp.hosts, a)
			}
		}
		inp.spreadZones = len(sp.Properties.ZoneNames) >= int(sp.Properties.ReplicaFactor)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return planBalance(inp)
}

// runMove carries a move through its remaining steps, recording each, and
// records the move's outcome. It returns early, recording nothing more,
// when r ends.
func (m *jobManager) runMove(r *jobRun, ba balanceAdmin, bt *gmeta.BalanceTask) error {
	if bt.StartTime == 0 {
		bt.StartTime = m.svc.now().Unix()
	}
	bt.Status, bt.Code = gmeta.JobStatus_RUNNING, common.ErrorCode_E_JOB_SUBMITTED
	lastProgress := time.Now()
	for bt.Step != gmeta.BalanceStep_DONE {
		next, err := m.moveStep(r.ctx, ba, bt)
		if err == nil {
			bt.Step = next
			if bt.Step == gmeta.BalanceStep_DONE {
				bt.Status, bt.Code, bt.StopTime = gmeta.JobStatus_FINISHED, common.ErrorCode_SUCCEEDED, m.svc.now().Unix()
			}
			if err := m.saveMove(r, bt); err != nil {
				return err
			}
			lastProgress = time.Now()
			continue
		}
		if r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		if time.Since(lastProgress) > balanceStepTimeout {
			m.log.Warn("meta: balance move failed", "job", bt.JobID, "part", bt.PartID,
				"src", addrString(bt.Src), "dst", addrString(bt.Dst), "step", bt.Step.String(), "err", err)
			bt.Status, bt.StopTime = gmeta.JobStatus_FAILED, m.svc.now().Unix()
			if bt.Code = CodeOf(err); bt.Code == common.ErrorCode_E_UNKNOWN {
				bt.Code = common.ErrorCode_E_BALANCER_FAILURE
			}
			if serr := m.saveMove(r, bt); serr != nil {
				return serr
			}
			return fmt.Errorf("move part %d from %s to %s at step %s: %w", bt.PartID, addrString(bt.Src), addrString(bt.Dst), bt.Step, err)
		}
		m.log.Debug("meta: balance step will be retried", "part", bt.PartID, "step", bt.Step.String(), "err", err)
		select {
		case <-r.ctx.Done():
			return r.ctx.Err()
		case <-time.After(balanceRetryPause):
		}
	}
	return nil
}

// saveMove records a move's state, unless its job stopped meanwhile.
func (m *jobManager) saveMove(r *jobRun, bt *gmeta.BalanceTask) error {
	return m.update(r, func(t *txn) error {
		j, err := t.job(r.space, r.id)
		if err != nil {
			return err
		}
		if j.Status != gmeta.JobStatus_RUNNING {
			return context.Canceled
		}
		t.putRecord(balanceKey(bt.JobID, bt.TaskID), bt)
		return nil
	})
}

// moveStep does the step after bt.Step and returns the step reached.
func (m *jobManager) moveStep(ctx context.Context, ba balanceAdmin, bt *gmeta.BalanceTask) (gmeta.BalanceStep, error) {
	space, part := int32(bt.SpaceID), int32(bt.PartID)
	src, dst := addrString(bt.Src), addrString(bt.Dst)
	call := func(f func(ctx context.Context) error) error {
		cctx, cancel := context.WithTimeout(ctx, balanceCallTimeout)
		defer cancel()
		return f(cctx)
	}
	// openDst (re)opens the learner replica on dst: a storaged that
	// restarted mid-move does not reopen it by itself.
	openDst := func() error {
		return call(func(ctx context.Context) error { return ba.AddPart(ctx, dst, space, part) })
	}
	replicas, err := m.partReplicas(bt.SpaceID, bt.PartID)
	if err != nil {
		return bt.Step, err
	}
	switch bt.Step {
	case gmeta.BalanceStep_START:
		hasSrc, hasDst := slices.Contains(replicas, src), slices.Contains(replicas, dst)
		switch {
		case !hasSrc && hasDst:
			// The map moved already (a crash after the map changed,
			// before the step was recorded): drop src's copy.
			return gmeta.BalanceStep_MAP_UPDATED, nil
		case !hasSrc || hasDst:
			return bt.Step, fmt.Errorf("part %d is on %v, not on %s alone: %w", part, replicas, src, codeError(common.ErrorCode_E_BAD_BALANCE_PLAN))
		}
		return gmeta.BalanceStep_ADD_PART, openDst()
	case gmeta.BalanceStep_ADD_PART, gmeta.BalanceStep_ADD_LEARNER:
		leader, err := m.partLeader(ctx, ba, bt.SpaceID, bt.PartID, append(replicas, dst))
		if err != nil {
			return bt.Step, err
		}
		if err := openDst(); err != nil {
			return bt.Step, err
		}
		if bt.Step == gmeta.BalanceStep_ADD_PART {
			return gmeta.BalanceStep_ADD_LEARNER, call(func(ctx context.Context) error { return ba.AddLearner(ctx, leader, space, part, dst) })
		}
		pctx, cancel := context.WithTimeout(ctx, balancePromoteWait)
		defer cancel()
		return gmeta.BalanceStep_PROMOTED, ba.Promote(pctx, leader, space, part, dst)
	case gmeta.BalanceStep_PROMOTED, gmeta.BalanceStep_LEADER_MOVED:
		leader, err := m.partLeader(ctx, ba, bt.SpaceID, bt.PartID, append(replicas, dst))
		if err != nil {
			return bt.Step, err
		}
		if leader == src {
			to := dst
			for _, h := range replicas {
				if h != src && m.hostAlive(h) {
					to = h
					break
				}
			}
			// TransLeader answers once to leads (or the transfer failed).
			if err := call(func(ctx context.Context) error { return ba.TransLeader(ctx, src, space, part, to) }); err != nil {
				return bt.Step, err
			}
			leader = to
		}
		if bt.Step == gmeta.BalanceStep_PROMOTED {
			return gmeta.BalanceStep_LEADER_MOVED, nil
		}
		return gmeta.BalanceStep_SRC_REMOVED, call(func(ctx context.Context) error { return ba.RemovePeer(ctx, leader, space, part, src) })
	case gmeta.BalanceStep_SRC_REMOVED:
		return gmeta.BalanceStep_MAP_UPDATED, m.replaceReplica(ctx, bt)
	case gmeta.BalanceStep_MAP_UPDATED:
		if !m.hostAlive(src) {
			// NB: a removed host that is down keeps its copy; it never
			// reopens it, since the part left its map.
			m.log.Warn("meta: balance leaves the replica on an offline host", "part", part, "host", src)
			return gmeta.BalanceStep_DONE, nil
		}
		err := call(func(ctx context.Context) error { return ba.RemovePart(ctx, src, space, part) })
		return gmeta.BalanceStep_DONE, err
	}
	return bt.Step, fmt.Errorf("balance step %v: %w", bt.Step, codeError(common.ErrorCode_E_CORRUPTED_BALANCE_PLAN))
}

// partReplicas returns a part's replicas as the part map names them.
func (m *jobManager) partReplicas(space common.GraphSpaceID, part common.PartitionID) ([]string, error) {
	var out []string
	err := m.svc.view(func(v view) error {
		parts, err := v.parts(space)
		for _, h := range parts[part] {
			out = append(out, addrString(h))
		}
		return err
	})
	return out, err
}

// replaceReplica changes the part map: bt.Dst instead of bt.Src. It is
// done already when the map names dst and not src.
func (m *jobManager) replaceReplica(ctx context.Context, bt *gmeta.BalanceTask) error {
	return m.svc.update(ctx, func(t *txn) error {
		b, err := t.lookup(partKey(bt.SpaceID, bt.PartID), codeError(common.ErrorCode_E_PART_NOT_FOUND))
		if err != nil {
			return err
		}
		ph := &gmeta.PartHosts{}
		if err := decode(b, ph); err != nil {
			return err
		}
		src, dst := addrString(bt.Src), addrString(bt.Dst)
		i := slices.IndexFunc(ph.Hosts, func(h *common.HostAddr) bool { return addrString(h) == src })
		hasDst := slices.ContainsFunc(ph.Hosts, func(h *common.HostAddr) bool { return addrString(h) == dst })
		switch {
		case i < 0 && hasDst:
			return nil
		case i < 0 || hasDst:
			return fmt.Errorf("part %d map %v: %w", bt.PartID, ph.Hosts, codeError(common.ErrorCode_E_BAD_BALANCE_PLAN))
		}
		ph.Hosts[i] = bt.Dst
		t.putRecord(partKey(bt.SpaceID, bt.PartID), ph)
		// A leader record naming src is stale (src no longer leads):
		// clients would try it first.
		if b, err := t.lookup(leaderKey(bt.SpaceID, bt.PartID), nil); err != nil {
			return err
		} else if b != nil {
			pl := &gmeta.PartLeader{}
			if err := decode(b, pl); err == nil && addrString(pl.Host) == src {
				t.del(leaderKey(bt.SpaceID, bt.PartID))
			}
		}
		t.touch = true
		return nil
	})
}

// hostAlive reports whether a host heartbeats.
func (m *jobManager) hostAlive(addr string) bool {
	var alive bool
	_ = m.svc.view(func(v view) error {
		hi, _, err := v.hostInfo(addr)
		alive = m.svc.alive(hi)
		return err
	})
	return alive
}

// partLeader asks the live hosts among candidates which of them leads the
// part, the one of the highest term when two claim it; E_LEADER_CHANGED
// when none does.
func (m *jobManager) partLeader(ctx context.Context, ba balanceAdmin, space common.GraphSpaceID, part common.PartitionID, candidates []string) (string, error) {
	var best string
	var bestTerm int64 = -1
	var mu sync.Mutex
	var wg sync.WaitGroup
	seen := map[string]bool{}
	for _, h := range candidates {
		if seen[h] || !m.hostAlive(h) {
			continue
		}
		seen[h] = true
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
				if lp.part == int32(part) && lp.term > bestTerm {
					best, bestTerm = h, lp.term
				}
			}
		}()
	}
	wg.Wait()
	if best == "" {
		return "", fmt.Errorf("part %d of space %d has no leader among %v: %w", part, space, candidates, codeError(common.ErrorCode_E_LEADER_CHANGED))
	}
	return best, nil
}

// shownMoves is a balance job's moves as SHOW JOB shows them, by task id:
// a move its stopped or failed job left unfinished shows as STOPPED.
func shownMoves(j *gmeta.JobDesc, moves []*gmeta.BalanceTask) []*gmeta.BalanceTask {
	sort.Slice(moves, func(a, b int) bool { return moves[a].TaskID < moves[b].TaskID })
	for _, bt := range moves {
		if jobFinished(j.Status) && !jobFinished(bt.Status) {
			bt.Status = gmeta.JobStatus_STOPPED
		}
	}
	return moves
}

// isReplica reports whether the part map puts a replica of (space, part)
// on host; false for an unknown part.
func (v view) isReplica(space common.GraphSpaceID, part common.PartitionID, host *common.HostAddr) (bool, error) {
	b, err := v.lookup(partKey(space, part), nil)
	if err != nil || b == nil {
		return false, err
	}
	ph := &gmeta.PartHosts{}
	if err := decode(b, ph); err != nil {
		return false, err
	}
	a := addrString(host)
	return slices.ContainsFunc(ph.Hosts, func(h *common.HostAddr) bool { return addrString(h) == a }), nil
}
