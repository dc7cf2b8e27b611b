package storage

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// Admin is the StorageAdminService handler: partition membership and
// leadership for balance, checkpoints, write blocking and job tasks. It is
// safe for concurrent use.
type Admin struct {
	store   *Store
	metrics *metrics

	// backupMu lets one backupPart at a time open a checkpoint: Pebble
	// locks a directory it opens (backup.go).
	backupMu sync.Mutex
}

var _ storage.StorageAdminService = (*Admin)(nil)

func addrOf(h *common.HostAddr) string {
	if h == nil {
		return ""
	}
	return net.JoinHostPort(h.GetHost(), strconv.Itoa(int(h.GetPort())))
}

func (a *Admin) resp(method string, start time.Time, pid int32, err error) *storage.AdminExecResp {
	svc := &Service{store: a.store, metrics: a.metrics}
	var failed []partFailure
	if err != nil {
		failed = []partFailure{svc.failureOf(pid, err)}
	}
	return &storage.AdminExecResp{Result_: svc.respCommon(method, start, failed)}
}

// leaderPart returns this host's replica of a part, which must lead it.
func (a *Admin) leaderPart(spaceID, pid int32) (*part, error) {
	sp, err := a.store.space(spaceID)
	if err != nil {
		return nil, err
	}
	p, err := sp.part(pid)
	if err != nil {
		return nil, err
	}
	if !p.raft.IsLeader() {
		return nil, a.store.notLeader(p)
	}
	return p, nil
}

// TransLeader hands a part's leadership to another replica.
func (a *Admin) TransLeader(ctx context.Context, req *storage.TransLeaderReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := func() error {
		p, err := a.leaderPart(int32(req.GetSpaceID()), pid)
		if err != nil {
			return err
		}
		to, err := RaftAddr(addrOf(req.GetNewLeader_()))
		if err != nil {
			return errors.Join(ErrInvalidRequest, err)
		}
		if to == a.store.raftAddr {
			return nil
		}
		return p.raft.TransferLeader(ctx, to)
	}()
	return a.resp("transLeader", start, pid, err), nil
}

// AddPart opens a replica on this host: as a learner to be added by the
// leader (a replica open already is kept), or as one of the initial
// voters peers.
func (a *Admin) AddPart(ctx context.Context, req *storage.AddPartReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := func() error {
		if req.GetAsLearner() {
			return a.store.openLearner(int32(req.GetSpaceID()), pid)
		}
		d, err := a.store.meta.Space(int32(req.GetSpaceID()))
		if err != nil {
			return err
		}
		var hosts []string
		for _, h := range req.GetPeers() {
			hosts = append(hosts, addrOf(h))
		}
		_, err = a.store.openPart(d, pid, hosts, false)
		return err
	}()
	return a.resp("addPart", start, pid, err), nil
}

// AddLearner, on the leader, adds a replica (opened by AddPart as a
// learner) that receives the log without voting.
func (a *Admin) AddLearner(ctx context.Context, req *storage.AddLearnerReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := func() error {
		p, err := a.leaderPart(int32(req.GetSpaceID()), pid)
		if err != nil {
			return err
		}
		to, err := RaftAddr(addrOf(req.GetLearner()))
		if err != nil {
			return errors.Join(ErrInvalidRequest, err)
		}
		return p.raft.AddLearner(ctx, to)
	}()
	return a.resp("addLearner", start, pid, err), nil
}

// RemovePart drops this host's replica: its raft state and data, also
// when the replica is not open (see dropReplica).
func (a *Admin) RemovePart(ctx context.Context, req *storage.RemovePartReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := a.store.dropReplica(int32(req.GetSpaceID()), pid)
	return a.resp("removePart", start, pid, err), nil
}

// MemberChange, on the leader, promotes the learner peer to a voter once it
// has caught up (add), or removes peer from the part.
func (a *Admin) MemberChange(ctx context.Context, req *storage.MemberChangeReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := func() error {
		p, err := a.leaderPart(int32(req.GetSpaceID()), pid)
		if err != nil {
			return err
		}
		peer, err := RaftAddr(addrOf(req.GetPeer()))
		if err != nil {
			return errors.Join(ErrInvalidRequest, err)
		}
		if req.GetAdd() {
			return p.raft.Promote(ctx, peer)
		}
		return p.raft.RemovePeer(ctx, peer)
	}()
	return a.resp("memberChange", start, pid, err), nil
}

// WaitingForCatchUpData succeeds once target is a member of the part. NB:
// raftex exposes a learner's progress only through Promote, so the wait
// for the learner to catch up happens in MemberChange (add), which
// promotes it only then.
func (a *Admin) WaitingForCatchUpData(ctx context.Context, req *storage.CatchUpDataReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := func() error {
		p, err := a.leaderPart(int32(req.GetSpaceID()), pid)
		if err != nil {
			return err
		}
		target, err := RaftAddr(addrOf(req.GetTarget()))
		if err != nil {
			return errors.Join(ErrInvalidRequest, err)
		}
		members, err := p.raft.Members()
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.Addr == target {
				return nil
			}
		}
		return fmt.Errorf("%s is not a member of part %d: %w", target, pid, ErrInvalidRequest)
	}()
	return a.resp("waitingForCatchUpData", start, pid, err), nil
}

// checkpointDir is where a named checkpoint of one engine lives.
func checkpointDir(engineDir, name string) string {
	return filepath.Join(filepath.Dir(engineDir), "checkpoints", name, "data")
}

// CreateCheckpoint writes a consistent copy of every engine of the spaces.
func (a *Admin) CreateCheckpoint(ctx context.Context, req *storage.CreateCPRequest) (*storage.CreateCPResp, error) {
	resp := &storage.CreateCPResp{Code: common.ErrorCode_SUCCEEDED, Info: []*common.CheckpointInfo{}}
	name := string(req.GetName())
	if name == "" || filepath.Base(name) != name {
		resp.Code, resp.ErrorMsg = common.ErrorCode_E_INVALID_PARM, []byte("bad checkpoint name")
		return resp, nil
	}
	for _, id := range req.GetSpaceIds() {
		sp, err := a.store.space(int32(id))
		if err != nil {
			resp.Code, resp.ErrorMsg = codeOf(err), []byte(err.Error())
			return resp, nil
		}
		for i, e := range sp.engines {
			dir := checkpointDir(sp.dirs[i], name)
			if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
				resp.Code, resp.ErrorMsg = common.ErrorCode_E_FAILED_TO_CHECKPOINT, []byte(err.Error())
				return resp, nil
			}
			if err := e.Checkpoint(dir); err != nil {
				resp.Code, resp.ErrorMsg = common.ErrorCode_E_FAILED_TO_CHECKPOINT, []byte(err.Error())
				return resp, nil
			}
			info := &common.CheckpointInfo{SpaceID: id, Parts: map[common.PartitionID]*common.LogInfo{}, DataPath: []byte(dir)}
			for _, p := range sp.parts() {
				if p.engine != kvstore.Engine(e) {
					continue
				}
				info.Parts[common.PartitionID(p.id)] = &common.LogInfo{
					LogID:       common.LogID(p.raft.AppliedIndex()),
					CommitLogID: common.LogID(p.raft.AppliedIndex()),
				}
			}
			resp.Info = append(resp.Info, info)
		}
	}
	return resp, nil
}

// DropCheckpoint deletes a named checkpoint of the spaces.
func (a *Admin) DropCheckpoint(ctx context.Context, req *storage.DropCPRequest) (*storage.DropCPResp, error) {
	name := string(req.GetName())
	if name == "" || filepath.Base(name) != name {
		return &storage.DropCPResp{Code: common.ErrorCode_E_INVALID_PARM}, nil
	}
	for _, id := range req.GetSpaceIds() {
		sp, err := a.store.space(int32(id))
		if err != nil {
			return &storage.DropCPResp{Code: codeOf(err), ErrorMsg: []byte(err.Error())}, nil
		}
		for _, d := range sp.dirs {
			if err := os.RemoveAll(filepath.Dir(checkpointDir(d, name))); err != nil {
				return &storage.DropCPResp{Code: common.ErrorCode_E_FAILED_TO_CHECKPOINT, ErrorMsg: []byte(err.Error())}, nil
			}
		}
	}
	return &storage.DropCPResp{Code: common.ErrorCode_SUCCEEDED}, nil
}

// BlockingWrites turns refusing writes on or off (for snapshots). It applies
// to the whole host, whatever spaces are named.
func (a *Admin) BlockingWrites(ctx context.Context, req *storage.BlockingSignRequest) (*storage.BlockingSignResp, error) {
	a.store.writesBlocked.Store(req.GetSign() == storage.EngineSignType_BLOCK_ON)
	return &storage.BlockingSignResp{Code: common.ErrorCode_SUCCEEDED}, nil
}

// GetLeaderParts lists the parts this host leads, with their terms.
func (a *Admin) GetLeaderParts(ctx context.Context, req *storage.GetLeaderReq) (*storage.GetLeaderPartsResp, error) {
	st := a.store.Status()
	resp := &storage.GetLeaderPartsResp{
		Code:        common.ErrorCode_SUCCEEDED,
		LeaderParts: map[common.GraphSpaceID][]common.PartitionID{},
		Terms:       map[common.GraphSpaceID][]int64{},
	}
	for sp, ls := range st.Leaders {
		for _, l := range ls {
			resp.LeaderParts[common.GraphSpaceID(sp)] = append(resp.LeaderParts[common.GraphSpaceID(sp)], common.PartitionID(l.Part))
			resp.Terms[common.GraphSpaceID(sp)] = append(resp.Terms[common.GraphSpaceID(sp)], l.Term)
		}
	}
	return resp, nil
}

// CheckPeers succeeds when this host has the part; raft membership is
// changed only through AddLearner and MemberChange.
func (a *Admin) CheckPeers(ctx context.Context, req *storage.CheckPeersReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := func() error {
		sp, err := a.store.space(int32(req.GetSpaceID()))
		if err != nil {
			return err
		}
		_, err = sp.part(pid)
		return err
	}()
	return a.resp("checkPeers", start, pid, err), nil
}

// AddAdminTask runs a job's task and answers when it is done; a task of
// the same job and id that runs already is joined, not started again.
func (a *Admin) AddAdminTask(ctx context.Context, req *storage.AddTaskRequest) (*storage.AddTaskResp, error) {
	para := req.GetPara()
	var parts []int32
	for _, p := range para.GetParts() {
		parts = append(parts, int32(p))
	}
	id := taskID{job: req.GetJobID(), task: req.GetTaskID()}
	st, err := a.store.tasks.run(ctx, id, func(ctx context.Context) (*storage.StatsItem, error) {
		return a.store.RunTask(ctx, req.GetJobType(), int32(para.GetSpaceID()), parts, byteNames(para.GetTaskSpecificParas()))
	})
	if err != nil {
		code := codeOf(err)
		if errors.Is(err, errUnsupported) {
			code = common.ErrorCode_E_UNSUPPORTED
		}
		a.store.opts.Logger.Warn("job task failed", "job", id.job, "task", id.task, "type", req.GetJobType(), "err", err)
		return &storage.AddTaskResp{Code: code, ErrorMsg: []byte(err.Error())}, nil
	}
	return &storage.AddTaskResp{Code: common.ErrorCode_SUCCEEDED, Stats: st}, nil
}

// StopAdminTask cancels the running tasks of a job on this host; their
// addAdminTask calls answer E_USER_CANCEL.
func (a *Admin) StopAdminTask(ctx context.Context, req *storage.StopTaskRequest) (*storage.StopTaskResp, error) {
	a.store.tasks.stop(req.GetJobID())
	return &storage.StopTaskResp{Code: common.ErrorCode_SUCCEEDED}, nil
}

// ClearSpace deletes the data of every part of the space this host leads,
// through raft so that every replica clears it.
func (a *Admin) ClearSpace(ctx context.Context, req *storage.ClearSpaceReq) (*storage.ClearSpaceResp, error) {
	leaders, err := a.store.leaderParts(int32(req.GetSpaceID()), nil)
	if err != nil {
		return &storage.ClearSpaceResp{Code: codeOf(err)}, nil
	}
	for _, p := range leaders {
		cw := &chunkedWriter{ctx: ctx, p: p}
		for _, kt := range []kvstore.KeyType{kvstore.KeyTag, kvstore.KeyVertex, kvstore.KeyEdge, kvstore.KeyIndex} {
			prefix := kvstore.PartPrefix(kt, uint32(p.id))
			cw.b.DeleteRange(prefix, kvstore.PrefixEnd(prefix))
		}
		if err := cw.flush(); err != nil {
			return &storage.ClearSpaceResp{Code: codeOf(err)}, nil
		}
	}
	return &storage.ClearSpaceResp{Code: common.ErrorCode_SUCCEEDED}, nil
}
