package storage

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// TestJobWithStoragedDown runs jobs through metad while a storaged is
// down: a STATS job still finishes (the parts elect other leaders), a
// COMPACT task sent to the down host fails the job, and RECOVER JOB runs
// it again once the host is back.
func TestJobWithStoragedDown(t *testing.T) {
	c := newTestCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "jobs", PartNum: 3, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	c.addSchema(space)
	c.waitLeaders(space)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	job := func(op gmeta.JobOp, typ gmeta.JobType, paras ...string) *gmeta.AdminJobResult_ {
		t.Helper()
		req := &gmeta.AdminJobReq{SpaceID: common.GraphSpaceID(space), Op: op, Type: typ}
		for _, p := range paras {
			req.Paras = append(req.Paras, []byte(p))
		}
		res, err := c.ddl.RunAdminJob(ctx, req)
		if err != nil {
			t.Fatalf("%v %v: %v", op, typ, err)
		}
		return res
	}
	wait := func(id int32) (*gmeta.JobDesc, []*gmeta.TaskDesc) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
			res := job(gmeta.JobOp_SHOW, 0, strconv.Itoa(int(id)))
			if j := res.JobDesc[0]; j.Status != gmeta.JobStatus_QUEUE && j.Status != gmeta.JobStatus_RUNNING {
				return j, res.TaskDesc
			}
			if time.Now().After(deadline) {
				t.Fatalf("job %d did not end: %+v", id, res)
			}
		}
	}

	c.stop(2)
	j, tasks := wait(job(gmeta.JobOp_ADD, gmeta.JobType_STATS).GetJobID())
	if j.Status != gmeta.JobStatus_FINISHED {
		t.Fatalf("stats with a host down: %+v", j)
	}
	for _, td := range tasks {
		if h := td.GetHost(); h.GetHost()+":"+strconv.Itoa(int(h.GetPort())) == c.nodes[2].addr {
			t.Fatalf("stats task sent to the down host: %+v", td)
		}
	}

	// metad still counts the host online (its heartbeats have not expired):
	// the task it sends there fails.
	id := job(gmeta.JobOp_ADD, gmeta.JobType_COMPACT).GetJobID()
	j, tasks = wait(id)
	failed := 0
	for _, td := range tasks {
		if td.Status == gmeta.JobStatus_FAILED {
			failed++
		}
	}
	if j.Status != gmeta.JobStatus_FAILED || j.Code != common.ErrorCode_E_RPC_FAILURE || len(tasks) != 3 || failed != 1 {
		t.Fatalf("compact with a host down: %+v, tasks %+v", j, tasks)
	}

	c.start(2)
	if n := job(gmeta.JobOp_RECOVER, 0).GetRecoveredJobNum(); n != 1 {
		t.Fatalf("recovered %d jobs, want 1", n)
	}
	if j, tasks = wait(id); j.Status != gmeta.JobStatus_FINISHED || len(tasks) != 3 {
		t.Fatalf("recovered compact: %+v, tasks %+v", j, tasks)
	}
}
