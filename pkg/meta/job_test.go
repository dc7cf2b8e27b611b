package meta

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// fakeAdmin is storageAdmin in memory: the hosts lead the parts the test
// gives them, and run decides each task's outcome (nil: it succeeds at
// once, counting one vertex and two edges per part).
type fakeAdmin struct {
	mu      sync.Mutex
	leaders map[string]map[int32][]ledPart
	run     func(ctx context.Context, host string, req *gstorage.AddTaskRequest, attempt int) (*gstorage.AddTaskResp, error)
	calls   map[[2]int32][]string // (job, task) → hosts, one per call
	stops   []string
	cleared []string
}

func newFakeAdmin() *fakeAdmin {
	return &fakeAdmin{leaders: map[string]map[int32][]ledPart{}, calls: map[[2]int32][]string{}}
}

// lead makes the first replica of every part of space its leader.
func (f *fakeAdmin) lead(space int32, parts map[int32][]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for p, reps := range parts {
		if f.leaders[reps[0]] == nil {
			f.leaders[reps[0]] = map[int32][]ledPart{}
		}
		f.leaders[reps[0]][space] = append(f.leaders[reps[0]][space], ledPart{part: p, term: 1})
	}
}

func (f *fakeAdmin) LeaderParts(_ context.Context, host string) (map[int32][]ledPart, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.leaders[host], nil
}

func (f *fakeAdmin) RunTask(ctx context.Context, host string, req *gstorage.AddTaskRequest) (*gstorage.AddTaskResp, error) {
	f.mu.Lock()
	key := [2]int32{req.JobID, req.TaskID}
	f.calls[key] = append(f.calls[key], host)
	attempt := len(f.calls[key])
	run := f.run
	f.mu.Unlock()
	if run != nil {
		return run(ctx, host, req, attempt)
	}
	return countParts(req), nil
}

// countParts is a STATS answer: one vertex of tag t and two edges of
// type e per part.
func countParts(req *gstorage.AddTaskRequest) *gstorage.AddTaskResp {
	n := int64(len(req.Para.Parts))
	return &gstorage.AddTaskResp{Code: common.ErrorCode_SUCCEEDED, Stats: &gstorage.StatsItem{
		TagVertices: map[string]int64{"t": n}, Edges: map[string]int64{"e": 2 * n}, SpaceVertices: n, SpaceEdges: 2 * n,
	}}
}

func (f *fakeAdmin) StopTask(_ context.Context, host string, job, _ int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stops = append(f.stops, host+"/"+strconv.Itoa(int(job)))
	return nil
}

func (f *fakeAdmin) ClearSpace(_ context.Context, host string, _ int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleared = append(f.cleared, host)
	return nil
}

func (f *fakeAdmin) callCount(job int32) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for k, hosts := range f.calls {
		if k[0] == job {
			n += len(hosts)
		}
	}
	return n
}

// blockFirst makes the first attempt of every task of jobs wait for its
// context to end; other tasks succeed.
func blockFirst(jobs ...int32) func(ctx context.Context, host string, req *gstorage.AddTaskRequest, attempt int) (*gstorage.AddTaskResp, error) {
	return func(ctx context.Context, _ string, req *gstorage.AddTaskRequest, attempt int) (*gstorage.AddTaskResp, error) {
		if attempt == 1 && slices.Contains(jobs, req.JobID) {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return countParts(req), nil
	}
}

var jobHosts = []string{"10.0.0.1:9779", "10.0.0.2:9779"}

// jobFixture is a metad cluster whose jobs go to a fakeAdmin, two storage
// hosts and a space of four parts led by them; skew moves metad's clock.
type jobFixture struct {
	tc    *testCluster
	c     *Client
	fa    *fakeAdmin
	skew  *atomic.Int64
	space int32
}

func newJobFixture(t *testing.T, replicas int) *jobFixture {
	t.Helper()
	f := &jobFixture{fa: newFakeAdmin(), skew: &atomic.Int64{}}
	f.tc = newClusterDeps(t, replicas, func(cfg *Config) {
		// Tasks watch their host every 100 ms; registered hosts stay
		// online for a minute without heartbeating again.
		cfg.HeartbeatInterval, cfg.ExpiredTimeFactor = 100*time.Millisecond, 600
	}, Deps{storageAdmin: f.fa, Now: func() time.Time { return time.Now().Add(time.Duration(f.skew.Load())) }})
	f.c = f.tc.client()
	registerStorage(t, f.c, jobHosts, nil)
	ctx := testCtx(t)
	var err error
	f.space, err = f.c.CreateSpace(ctx, SpaceSpec{Name: "s", PartitionNum: 4, ReplicaFactor: 1, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := f.c.Parts(f.space)
	if err != nil {
		t.Fatal(err)
	}
	f.fa.lead(f.space, parts)
	return f
}

func (f *jobFixture) job(t *testing.T, op gmeta.JobOp, typ gmeta.JobType, paras ...string) (*gmeta.AdminJobResult_, error) {
	t.Helper()
	req := &gmeta.AdminJobReq{SpaceID: common.GraphSpaceID(f.space), Op: op, Type: typ}
	for _, p := range paras {
		req.Paras = append(req.Paras, []byte(p))
	}
	return f.c.RunAdminJob(testCtx(t), req)
}

func (f *jobFixture) submit(t *testing.T, typ gmeta.JobType, paras ...string) int32 {
	t.Helper()
	res, err := f.job(t, gmeta.JobOp_ADD, typ, paras...)
	if err != nil {
		t.Fatalf("submit %v: %v", typ, err)
	}
	return res.GetJobID()
}

// wait polls SHOW JOB until ok holds of the job and its tasks.
func (f *jobFixture) wait(t *testing.T, id int32, what string, ok func(j *gmeta.JobDesc, tasks []*gmeta.TaskDesc) bool) (*gmeta.JobDesc, []*gmeta.TaskDesc) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := f.job(t, gmeta.JobOp_SHOW, 0, strconv.Itoa(int(id)))
		if err == nil && ok(res.JobDesc[0], res.TaskDesc) {
			return res.JobDesc[0], res.TaskDesc
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d never %s: %+v, %v", id, what, res, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func status(want gmeta.JobStatus) func(*gmeta.JobDesc, []*gmeta.TaskDesc) bool {
	return func(j *gmeta.JobDesc, _ []*gmeta.TaskDesc) bool { return j.Status == want }
}

// runningTasks holds once the job runs with n tasks out.
func runningTasks(f *jobFixture, n int) func(*gmeta.JobDesc, []*gmeta.TaskDesc) bool {
	return func(j *gmeta.JobDesc, tasks []*gmeta.TaskDesc) bool {
		return j.Status == gmeta.JobStatus_RUNNING && len(tasks) == n && f.fa.callCount(j.JobID) >= n
	}
}

func taskStatuses(tasks []*gmeta.TaskDesc) []string {
	var out []string
	for _, td := range tasks {
		out = append(out, addrString(td.Host)+" "+td.Status.String()+" "+td.Code.String())
	}
	return out
}

func TestJobStatsAndIndexStatus(t *testing.T) {
	f := newJobFixture(t, 1)
	ctx := testCtx(t)
	_, err := f.c.GetStats(ctx, f.space)
	wantErr(t, "stats before any job", err, "There is no any stats info to show, please execute `submit job stats' firstly!")

	id := f.submit(t, gmeta.JobType_STATS)
	j, tasks := f.wait(t, id, "finished", status(gmeta.JobStatus_FINISHED))
	if j.Code != common.ErrorCode_SUCCEEDED || j.StartTime == 0 || j.StopTime < j.StartTime {
		t.Fatalf("finished job %+v", j)
	}
	want := []string{"10.0.0.1:9779 FINISHED SUCCEEDED", "10.0.0.2:9779 FINISHED SUCCEEDED"}
	if got := taskStatuses(tasks); !slices.Equal(got, want) {
		t.Fatalf("tasks %v, want %v", got, want)
	}
	var parts []int32
	for _, td := range tasks {
		for _, p := range td.Parts {
			parts = append(parts, int32(p))
		}
	}
	sort.Slice(parts, func(a, b int) bool { return parts[a] < parts[b] })
	if !slices.Equal(parts, []int32{1, 2, 3, 4}) {
		t.Fatalf("tasks cover parts %v", parts)
	}
	st, err := f.c.GetStats(ctx, f.space)
	if err != nil || st.TagVertices["t"] != 4 || st.Edges["e"] != 8 || st.SpaceVertices != 4 || st.SpaceEdges != 8 {
		t.Fatalf("stats %+v, %v", st, err)
	}

	_, err = f.job(t, gmeta.JobOp_SHOW, 0, "0")
	wantErr(t, "show job 0", err, "Invalid param!")
	_, err = f.job(t, gmeta.JobOp_SHOW, 0, "99")
	wantErr(t, "show missing job", err, "Job not existed in chosen space!")

	// A rebuild of an index that does not exist fails before any task;
	// one of every edge index (there are none) succeeds. Both are index
	// status rows, newest first.
	bad := f.submit(t, gmeta.JobType_REBUILD_TAG_INDEX, "nope")
	j, tasks = f.wait(t, bad, "failed", status(gmeta.JobStatus_FAILED))
	if j.Code != common.ErrorCode_E_INDEX_NOT_FOUND || len(tasks) != 2 {
		t.Fatalf("rebuild of a missing index: %+v, %d tasks", j, len(tasks))
	}
	all := f.submit(t, gmeta.JobType_REBUILD_EDGE_INDEX)
	f.wait(t, all, "finished", status(gmeta.JobStatus_FINISHED))
	for _, c := range []struct {
		edge bool
		want string
	}{{false, "nope FAILED"}, {true, "all_edge_indexes FINISHED"}} {
		list, err := f.c.ListIndexStatus(ctx, c.edge, f.space)
		if err != nil || len(list) != 1 || string(list[0].Name)+" "+string(list[0].Status) != c.want {
			t.Fatalf("index status (edge %v): %+v, %v; want %s", c.edge, list, err, c.want)
		}
	}
	res, err := f.job(t, gmeta.JobOp_SHOW_All, 0)
	if err != nil || len(res.JobDesc) != 3 || res.JobDesc[0].JobID != all || res.JobDesc[2].JobID != id {
		t.Fatalf("show jobs %+v, %v", res, err)
	}

	wantErr(t, "clear space", f.c.ClearSpace(ctx, "s", false), "")
	f.fa.mu.Lock()
	cleared := slices.Sorted(slices.Values(f.fa.cleared))
	f.fa.mu.Unlock()
	if !slices.Equal(cleared, jobHosts) {
		t.Fatalf("cleared on %v, want %v", cleared, jobHosts)
	}
	wantErr(t, "clear a missing space", f.c.ClearSpace(ctx, "nope", false), "SpaceNotFound: Space not existed!")
	wantErr(t, "clear a missing space if it exists", f.c.ClearSpace(ctx, "nope", true), "")
}

// TestJobFailAndRecover: a task whose storaged went away (its call fails)
// fails the job; RECOVER runs it again.
func TestJobFailAndRecover(t *testing.T) {
	f := newJobFixture(t, 1)
	f.fa.run = func(_ context.Context, host string, req *gstorage.AddTaskRequest, attempt int) (*gstorage.AddTaskResp, error) {
		if host == jobHosts[1] && attempt == 1 {
			return nil, errors.New("connection reset by peer")
		}
		return countParts(req), nil
	}
	id := f.submit(t, gmeta.JobType_STATS)
	j, tasks := f.wait(t, id, "failed", status(gmeta.JobStatus_FAILED))
	want := []string{"10.0.0.1:9779 FINISHED SUCCEEDED", "10.0.0.2:9779 FAILED E_RPC_FAILURE"}
	if got := taskStatuses(tasks); j.Code != common.ErrorCode_E_RPC_FAILURE || !slices.Equal(got, want) {
		t.Fatalf("failed job %v, tasks %v", j.Code, got)
	}
	_, err := f.c.GetStats(testCtx(t), f.space)
	wantErr(t, "stats of a failed job", err, "Job is not finished!")

	res, err := f.job(t, gmeta.JobOp_RECOVER, 0)
	if err != nil || res.GetRecoveredJobNum() != 1 {
		t.Fatalf("recover: %+v, %v", res, err)
	}
	f.wait(t, id, "finished again", status(gmeta.JobStatus_FINISHED))
	st, err := f.c.GetStats(testCtx(t), f.space)
	if err != nil || st.SpaceVertices != 4 {
		t.Fatalf("stats after recovery %+v, %v", st, err)
	}
	if res, err = f.job(t, gmeta.JobOp_RECOVER, 0); err != nil || res.GetRecoveredJobNum() != 0 {
		t.Fatalf("recover with nothing failed: %+v, %v", res, err)
	}
}

// TestJobStopAndRecover: STOP JOB cancels the running tasks on their
// hosts, the space's next job runs, and RECOVER runs the stopped one.
func TestJobStopAndRecover(t *testing.T) {
	f := newJobFixture(t, 1)
	f.fa.run = blockFirst(1)
	id := f.submit(t, gmeta.JobType_COMPACT)
	f.wait(t, id, "running", runningTasks(f, 2))
	if again := f.submit(t, gmeta.JobType_COMPACT); again != id {
		t.Fatalf("the same job again got id %d, want %d", again, id)
	}
	next := f.submit(t, gmeta.JobType_FLUSH)
	if j, _ := f.wait(t, next, "queued", status(gmeta.JobStatus_QUEUE)); j.StartTime != 0 {
		t.Fatalf("queued job started at %d", j.StartTime)
	}

	if _, err := f.job(t, gmeta.JobOp_STOP, 0, strconv.Itoa(int(id))); err != nil {
		t.Fatal(err)
	}
	j, tasks := f.wait(t, id, "stopped", status(gmeta.JobStatus_STOPPED))
	want := []string{"10.0.0.1:9779 STOPPED E_USER_CANCEL", "10.0.0.2:9779 STOPPED E_USER_CANCEL"}
	if got := taskStatuses(tasks); j.StopTime == 0 || !slices.Equal(got, want) {
		t.Fatalf("stopped job %+v, tasks %v", j, got)
	}
	f.fa.mu.Lock()
	stops := slices.Sorted(slices.Values(f.fa.stops))
	f.fa.mu.Unlock()
	if !slices.Equal(stops, []string{"10.0.0.1:9779/1", "10.0.0.2:9779/1"}) {
		t.Fatalf("stop requests %v", stops)
	}
	f.wait(t, next, "finished", status(gmeta.JobStatus_FINISHED))
	_, err := f.job(t, gmeta.JobOp_STOP, 0, strconv.Itoa(int(id)))
	wantErr(t, "stop a stopped job", err, "Finished job or failed job can not be stopped, please start another job instead")

	res, err := f.job(t, gmeta.JobOp_RECOVER, 0, strconv.Itoa(int(id)))
	if err != nil || res.GetRecoveredJobNum() != 1 {
		t.Fatalf("recover: %+v, %v", res, err)
	}
	_, tasks = f.wait(t, id, "finished", status(gmeta.JobStatus_FINISHED))
	if got := taskStatuses(tasks); !slices.Equal(got, []string{"10.0.0.1:9779 FINISHED SUCCEEDED", "10.0.0.2:9779 FINISHED SUCCEEDED"}) {
		t.Fatalf("recovered tasks %v", got)
	}
}

// TestJobResumedByNewLeader: the replica that ran a job dies; the new
// leader sends the same tasks again and finishes the job.
func TestJobResumedByNewLeader(t *testing.T) {
	f := newJobFixture(t, 3)
	f.fa.run = blockFirst(1)
	id := f.submit(t, gmeta.JobType_STATS)
	f.wait(t, id, "running", runningTasks(f, 2))
	f.tc.stop(f.tc.leader())
	f.tc.leader()
	_, tasks := f.wait(t, id, "finished", status(gmeta.JobStatus_FINISHED))
	f.fa.mu.Lock()
	calls := len(f.fa.calls)
	for k, hosts := range f.fa.calls {
		if len(hosts) != 2 || hosts[0] != hosts[1] {
			t.Errorf("task %v sent to %v, want twice to one host", k, hosts)
		}
	}
	f.fa.mu.Unlock()
	if calls != 2 || len(tasks) != 2 {
		t.Fatalf("%d tasks sent, %d recorded; want the same 2", calls, len(tasks))
	}
	st, err := f.c.GetStats(testCtx(t), f.space)
	if err != nil || st.SpaceVertices != 4 {
		t.Fatalf("stats %+v, %v", st, err)
	}
}

// TestJobHostOffline: a task whose storaged stops heartbeating fails.
func TestJobHostOffline(t *testing.T) {
	f := newJobFixture(t, 1)
	f.fa.run = blockFirst(1)
	id := f.submit(t, gmeta.JobType_COMPACT)
	f.wait(t, id, "running", runningTasks(f, 2))
	f.skew.Store(int64(time.Hour))
	j, tasks := f.wait(t, id, "failed", status(gmeta.JobStatus_FAILED))
	want := []string{"10.0.0.1:9779 FAILED E_RPC_FAILURE", "10.0.0.2:9779 FAILED E_RPC_FAILURE"}
	if got := taskStatuses(tasks); j.Code != common.ErrorCode_E_RPC_FAILURE || !slices.Equal(got, want) {
		t.Fatalf("job %v, tasks %v", j.Code, got)
	}
}
