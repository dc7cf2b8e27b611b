package meta

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// raftAdmin is storageAdmin and balanceAdmin over an in-memory model of
// the parts' raft groups: voters, learners, a leader and its term, and
// the hosts where a replica is open. Leader calls sent to a non-leader
// fail with E_LEADER_CHANGED, as storaged answers them. While hold is
// set, Promote waits for it to be cleared (or for its context).
type raftAdmin struct {
	mu       sync.Mutex
	space    int32
	voters   map[int32][]string
	learners map[int32][]string
	leader   map[int32]string
	term     map[int32]int64
	open     map[string]map[int32]bool
	hold     chan struct{}
}

func newRaftAdmin() *raftAdmin {
	return &raftAdmin{voters: map[int32][]string{}, learners: map[int32][]string{}, leader: map[int32]string{},
		term: map[int32]int64{}, open: map[string]map[int32]bool{}}
}

// load takes the part map as the raft groups, first replica leading.
func (f *raftAdmin) load(space int32, parts map[int32][]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.space = space
	for p, hs := range parts {
		f.voters[p], f.leader[p], f.term[p] = slices.Clone(hs), hs[0], 1
		for _, h := range hs {
			f.openLocked(h)[p] = true
		}
	}
}

func (f *raftAdmin) openLocked(h string) map[int32]bool {
	if f.open[h] == nil {
		f.open[h] = map[int32]bool{}
	}
	return f.open[h]
}

func (f *raftAdmin) LeaderParts(_ context.Context, host string) (map[int32][]ledPart, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[int32][]ledPart{}
	for p, l := range f.leader {
		if l == host {
			out[f.space] = append(out[f.space], ledPart{part: p, term: f.term[p]})
		}
	}
	return out, nil
}

func (f *raftAdmin) RunTask(context.Context, string, *gstorage.AddTaskRequest) (*gstorage.AddTaskResp, error) {
	return &gstorage.AddTaskResp{Code: common.ErrorCode_SUCCEEDED}, nil
}
func (f *raftAdmin) StopTask(context.Context, string, int32, int32) error { return nil }
func (f *raftAdmin) ClearSpace(context.Context, string, int32) error      { return nil }

// leading checks that leader leads part.
func (f *raftAdmin) leadingLocked(leader string, part int32) error {
	if f.leader[part] != leader {
		return codeError(common.ErrorCode_E_LEADER_CHANGED)
	}
	return nil
}

func (f *raftAdmin) AddPart(_ context.Context, host string, _, part int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.openLocked(host)[part] = true
	return nil
}

func (f *raftAdmin) AddLearner(_ context.Context, leader string, _, part int32, learner string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.leadingLocked(leader, part); err != nil {
		return err
	}
	if !f.open[learner][part] {
		return fmt.Errorf("learner %s has no replica of part %d", learner, part)
	}
	if !slices.Contains(f.voters[part], learner) && !slices.Contains(f.learners[part], learner) {
		f.learners[part] = append(f.learners[part], learner)
	}
	return nil
}

func (f *raftAdmin) Promote(ctx context.Context, leader string, _, part int32, peer string) error {
	f.mu.Lock()
	hold := f.hold
	f.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.leadingLocked(leader, part); err != nil {
		return err
	}
	if slices.Contains(f.voters[part], peer) {
		return nil
	}
	i := slices.Index(f.learners[part], peer)
	if i < 0 {
		return fmt.Errorf("%s is no learner of part %d", peer, part)
	}
	f.learners[part] = slices.Delete(f.learners[part], i, i+1)
	f.voters[part] = append(f.voters[part], peer)
	return nil
}

func (f *raftAdmin) RemovePeer(_ context.Context, leader string, _, part int32, peer string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.leadingLocked(leader, part); err != nil {
		return err
	}
	if peer == leader {
		return fmt.Errorf("leader %s cannot remove itself", peer)
	}
	f.voters[part] = slices.DeleteFunc(f.voters[part], func(h string) bool { return h == peer })
	f.learners[part] = slices.DeleteFunc(f.learners[part], func(h string) bool { return h == peer })
	return nil
}

func (f *raftAdmin) TransLeader(_ context.Context, leader string, _, part int32, to string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.leadingLocked(leader, part); err != nil {
		return err
	}
	if !slices.Contains(f.voters[part], to) {
		return fmt.Errorf("%s is no voter of part %d", to, part)
	}
	f.leader[part] = to
	f.term[part]++
	return nil
}

func (f *raftAdmin) RemovePart(_ context.Context, host string, _, part int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.openLocked(host), part)
	return nil
}

// check compares the model with metad's part map: the same voters, no
// learner left, replicas open exactly where the map puts them, none on
// gone, and hosts within one replica of each other.
func (f *raftAdmin) check(t *testing.T, parts map[int32][]string, gone string) {
	t.Helper()
	f.checkSpread(t, parts, gone, 1)
}

// checkSpread is check with hosts within spread replicas of each other.
func (f *raftAdmin) checkSpread(t *testing.T, parts map[int32][]string, gone string, spread int) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	load := map[string]int{}
	for p, hs := range parts {
		if got, want := slices.Sorted(slices.Values(f.voters[p])), slices.Sorted(slices.Values(hs)); !slices.Equal(got, want) {
			t.Fatalf("part %d: voters %v, map %v", p, got, want)
		}
		if len(f.learners[p]) > 0 || slices.Contains(hs, gone) {
			t.Fatalf("part %d: learners %v, replicas %v (gone %s)", p, f.learners[p], hs, gone)
		}
		for _, h := range hs {
			load[h]++
		}
	}
	for h, open := range f.open {
		for p := range open {
			if !slices.Contains(parts[p], h) {
				t.Fatalf("part %d still open on %s", p, h)
			}
		}
	}
	lo, hi := 1<<30, 0
	for _, n := range load {
		lo, hi = min(lo, n), max(hi, n)
	}
	if hi-lo > spread {
		t.Fatalf("replicas per host %v", load)
	}
}

var balanceHosts = []string{"10.0.1.1:9779", "10.0.1.2:9779", "10.0.1.3:9779", "10.0.1.4:9779", "10.0.1.5:9779"}

// newBalanceFixture: three metad replicas, a space of 6 parts with 3
// replicas on three hosts, then two more hosts in zones the space uses.
func newBalanceFixture(t *testing.T) (*testCluster, *Client, *raftAdmin, int32) {
	fa := newRaftAdmin()
	tc := newClusterDeps(t, 3, func(cfg *Config) {
		cfg.HeartbeatInterval, cfg.ExpiredTimeFactor = 100*time.Millisecond, 600
	}, Deps{storageAdmin: fa})
	c := tc.client()
	ctx := testCtx(t)
	registerStorage(t, c, balanceHosts[:3], nil)
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "s", PartitionNum: 6, ReplicaFactor: 3, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	if err != nil {
		t.Fatal(err)
	}
	registerStorage(t, c, balanceHosts[3:], []string{"z4", "z5"})
	if err := c.AddZonesToSpace(ctx, "s", []string{"z4", "z5"}); err != nil {
		t.Fatal(err)
	}
	parts, err := c.Parts(space)
	if err != nil {
		t.Fatal(err)
	}
	fa.load(space, parts)
	return tc, c, fa, space
}

func balanceJobReq(space int32, op gmeta.JobOp, paras ...string) *gmeta.AdminJobReq {
	req := &gmeta.AdminJobReq{SpaceID: common.GraphSpaceID(space), Op: op, Type: gmeta.JobType_DATA_BALANCE}
	for _, p := range paras {
		req.Paras = append(req.Paras, []byte(p))
	}
	return req
}

// waitBalance polls SHOW JOB until ok holds.
func waitBalance(t *testing.T, c *Client, space, id int32, what string, ok func(*gmeta.JobDesc, []*gmeta.BalanceTask) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := c.RunAdminJob(testCtx(t), balanceJobReq(space, gmeta.JobOp_SHOW, strconv.Itoa(int(id))))
		if err == nil && ok(res.JobDesc[0], res.BalanceTasks) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("balance job %d never %s: %+v, %v", id, what, res, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// learning holds once a move waits for its learner to catch up.
func learning(_ *gmeta.JobDesc, moves []*gmeta.BalanceTask) bool {
	for _, bt := range moves {
		if bt.Step == gmeta.BalanceStep_ADD_LEARNER {
			return true
		}
	}
	return false
}

func balanceStatus(want gmeta.JobStatus) func(*gmeta.JobDesc, []*gmeta.BalanceTask) bool {
	return func(j *gmeta.JobDesc, _ []*gmeta.BalanceTask) bool { return j.Status == want }
}

func mapOf(t *testing.T, c *Client, space int32) map[int32][]string {
	t.Helper()
	if err := c.Refresh(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	parts, err := c.Parts(space)
	if err != nil {
		t.Fatal(err)
	}
	return parts
}

// TestBalanceDataStopRecoverAndNewLeader: a data balance stopped while a
// learner catches up resumes its plan on RECOVER JOB; a BALANCE DATA
// REMOVE whose metad leader dies mid-move is finished by the next leader.
// Both leave the raft groups and the part map in agreement.
func TestBalanceDataStopRecoverAndNewLeader(t *testing.T) {
	tc, c, fa, space := newBalanceFixture(t)
	ctx := testCtx(t)

	fa.mu.Lock()
	fa.hold = make(chan struct{})
	fa.mu.Unlock()
	res, err := c.RunAdminJob(ctx, balanceJobReq(space, gmeta.JobOp_ADD))
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetJobID()
	waitBalance(t, c, space, id, "learning", learning)
	if _, err := c.RunAdminJob(ctx, balanceJobReq(space, gmeta.JobOp_STOP, strconv.Itoa(int(id)))); err != nil {
		t.Fatal(err)
	}
	var planned int
	waitBalance(t, c, space, id, "stopped", func(j *gmeta.JobDesc, moves []*gmeta.BalanceTask) bool {
		planned = len(moves)
		return j.Status == gmeta.JobStatus_STOPPED && !slices.ContainsFunc(moves, func(bt *gmeta.BalanceTask) bool {
			return bt.Status == gmeta.JobStatus_RUNNING
		})
	})
	fa.mu.Lock()
	close(fa.hold)
	fa.hold = nil
	fa.mu.Unlock()
	if res, err := c.RunAdminJob(ctx, balanceJobReq(space, gmeta.JobOp_RECOVER)); err != nil || res.GetRecoveredJobNum() != 1 {
		t.Fatalf("recover: %+v %v", res, err)
	}
	waitBalance(t, c, space, id, "finished", func(j *gmeta.JobDesc, moves []*gmeta.BalanceTask) bool {
		return j.Status == gmeta.JobStatus_FINISHED && len(moves) == planned
	})
	fa.check(t, mapOf(t, c, space), "")

	gone := balanceHosts[0]
	fa.mu.Lock()
	fa.hold = make(chan struct{})
	fa.mu.Unlock()
	res, err = c.RunAdminJob(ctx, balanceJobReq(space, gmeta.JobOp_ADD, gone))
	if err != nil {
		t.Fatal(err)
	}
	id = res.GetJobID()
	waitBalance(t, c, space, id, "learning", learning)
	tc.stop(tc.leader())
	tc.leader()
	fa.mu.Lock()
	close(fa.hold)
	fa.hold = nil
	fa.mu.Unlock()
	waitBalance(t, c, space, id, "finished", balanceStatus(gmeta.JobStatus_FINISHED))
	parts := mapOf(t, c, space)
	fa.check(t, parts, gone)

	// Balanced already: nothing to move, the job just finishes.
	res, err = c.RunAdminJob(ctx, balanceJobReq(space, gmeta.JobOp_ADD, gone))
	if err != nil {
		t.Fatal(err)
	}
	waitBalance(t, c, space, res.GetJobID(), "finished", func(j *gmeta.JobDesc, moves []*gmeta.BalanceTask) bool {
		return j.Status == gmeta.JobStatus_FINISHED && len(moves) == 0
	})
	// A host outside the space's zones cannot be removed.
	res, err = c.RunAdminJob(ctx, balanceJobReq(space, gmeta.JobOp_ADD, "10.9.9.9:9779"))
	if err != nil {
		t.Fatal(err)
	}
	waitBalance(t, c, space, res.GetJobID(), "failed", func(j *gmeta.JobDesc, _ []*gmeta.BalanceTask) bool {
		return j.Status == gmeta.JobStatus_FAILED && j.Code == common.ErrorCode_E_NO_HOSTS
	})
}

// TestBalanceLeaders: leaders all on one host spread to within one of
// each other over the hosts with replicas.
func TestBalanceLeaders(t *testing.T) {
	_, c, fa, space := newBalanceFixture(t)
	ctx := testCtx(t)
	parts := mapOf(t, c, space)
	fa.mu.Lock()
	for p, hs := range parts {
		// Every part's leader is its replica of the smallest address.
		fa.leader[p] = slices.Min(hs)
	}
	fa.mu.Unlock()
	res, err := c.RunAdminJob(ctx, &gmeta.AdminJobReq{SpaceID: common.GraphSpaceID(space), Op: gmeta.JobOp_ADD, Type: gmeta.JobType_LEADER_BALANCE})
	if err != nil {
		t.Fatal(err)
	}
	waitBalance(t, c, space, res.GetJobID(), "finished", balanceStatus(gmeta.JobStatus_FINISHED))
	fa.mu.Lock()
	defer fa.mu.Unlock()
	count := map[string]int{}
	for _, h := range balanceHosts[:3] {
		count[h] = 0
	}
	for p, l := range fa.leader {
		if !slices.Contains(parts[p], l) {
			t.Fatalf("part %d led by %s, not a replica", p, l)
		}
		count[l]++
	}
	var ns []int
	for _, n := range count {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	if ns[len(ns)-1]-ns[0] > 1 {
		t.Fatalf("leaders per host %v", count)
	}
}

// TestBalanceDataThreeZones: three zones, hosts added into two of them;
// BALANCE DATA spreads each zone's replicas over its hosts and every part
// keeps one replica per zone.
func TestBalanceDataThreeZones(t *testing.T) {
	fa := newRaftAdmin()
	tc := newClusterDeps(t, 1, func(cfg *Config) {
		cfg.HeartbeatInterval, cfg.ExpiredTimeFactor = 100*time.Millisecond, 600
	}, Deps{storageAdmin: fa})
	c := tc.client()
	ctx := testCtx(t)
	registerStorage(t, c, balanceHosts[:3], []string{"z1", "z2", "z3"})
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "s", PartitionNum: 6, ReplicaFactor: 3, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, z := range []string{"z1", "z2"} {
		if err := c.AddHostsIntoZone(ctx, balanceHosts[3+i:4+i], z, false); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range balanceHosts[3:] {
		sc := newTestClient(t, ClientOptions{Addrs: c.opts.Addrs, Role: gmeta.HostRole_STORAGE, LocalHost: h}, nil)
		if err := sc.Heartbeat(ctx); err != nil {
			t.Fatal(err)
		}
	}
	fa.load(space, mapOf(t, c, space))
	res, err := c.RunAdminJob(ctx, balanceJobReq(space, gmeta.JobOp_ADD))
	if err != nil {
		t.Fatal(err)
	}
	waitBalance(t, c, space, res.GetJobID(), "finished", balanceStatus(gmeta.JobStatus_FINISHED))
	parts := mapOf(t, c, space)
	// z3's one host keeps every part; z1's and z2's hosts 3 each.
	fa.checkSpread(t, parts, "", 3)
	zone := map[string]string{balanceHosts[0]: "z1", balanceHosts[3]: "z1", balanceHosts[1]: "z2", balanceHosts[4]: "z2", balanceHosts[2]: "z3"}
	load := map[string]int{}
	for p, hs := range parts {
		seen := map[string]bool{}
		for _, h := range hs {
			if seen[zone[h]] {
				t.Fatalf("part %d has two replicas in %s: %v", p, zone[h], hs)
			}
			seen[zone[h]] = true
			load[h]++
		}
	}
	for _, h := range balanceHosts[:2] {
		if load[h] != 3 {
			t.Fatalf("replicas per host %v", load)
		}
	}
}
