package exec

import (
	"fmt"
	"net"
	"strconv"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/value"
)

// BALANCE DATA and BALANCE LEADER are jobs (admin_job.go submits them);
// this file shapes SHOW JOB of a balance job as NebulaGraph does: the job
// row, one row per replica move ("job, space:part", "src->dst", the
// move's result, its times and the last step it finished), and a
// summary row.

// balanceResult is a move's status in NebulaGraph's words.
func balanceResult(st gmeta.JobStatus) string {
	switch st {
	case gmeta.JobStatus_FINISHED:
		return "SUCCEEDED"
	case gmeta.JobStatus_FAILED:
		return "FAILED"
	case gmeta.JobStatus_STOPPED:
		return "INVALID"
	}
	return "IN_PROGRESS"
}

func hostPort(h *common.HostAddr) string {
	return net.JoinHostPort(h.GetHost(), strconv.Itoa(int(h.GetPort())))
}

func showBalanceRows(ds *value.DataSet, j *gmeta.JobDesc, moves []*gmeta.BalanceTask) {
	addRow(ds, value.NewInt(int64(j.JobID)), value.NewString(j.Type.String()), value.NewString(j.Status.String()),
		jobTime(j.StartTime), jobTime(j.StopTime), value.NewString(j.Code.String()))
	count := map[string]int{}
	for _, bt := range moves {
		res := balanceResult(bt.Status)
		count[res]++
		addRow(ds, value.NewString(fmt.Sprintf("%d, %d:%d", bt.JobID, bt.SpaceID, bt.PartID)),
			value.NewString(hostPort(bt.GetSrc())+"->"+hostPort(bt.GetDst())), value.NewString(res),
			jobTime(bt.StartTime), jobTime(bt.StopTime), value.NewString(bt.Step.String()))
	}
	addRow(ds, value.NewString(fmt.Sprintf("Total:%d", len(moves))), value.NewString(fmt.Sprintf("Succeeded:%d", count["SUCCEEDED"])),
		value.NewString(fmt.Sprintf("Failed:%d", count["FAILED"])), value.NewString(fmt.Sprintf("In Progress:%d", count["IN_PROGRESS"])),
		value.NewString(fmt.Sprintf("Invalid:%d", count["INVALID"])), value.NewString(""))
}
