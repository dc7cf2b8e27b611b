package exec

import (
	"context"
	"fmt"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Jobs: SUBMIT JOB COMPACT|FLUSH|STATS, REBUILD TAG|EDGE INDEX, SHOW
// JOBS, SHOW JOB, STOP JOB, RECOVER JOB (one SubmitJob node, as in
// NebulaGraph), and what jobs leave behind: SHOW STATS and SHOW TAG|EDGE
// INDEX STATUS; and CLEAR SPACE, which metad carries out on storaged like
// a job but synchronously. metad runs the jobs; these executors only ask
// it and shape its answers as NebulaGraph's graphd does.

// jobTypes maps the job commands metad runs to their types; the others
// (zone balance, full-text) are refused.
var jobTypes = map[string]gmeta.JobType{
	ast.CmdCompact:          gmeta.JobType_COMPACT,
	ast.CmdFlush:            gmeta.JobType_FLUSH,
	ast.CmdStats:            gmeta.JobType_STATS,
	ast.CmdRebuildTagIndex:  gmeta.JobType_REBUILD_TAG_INDEX,
	ast.CmdRebuildEdgeIndex: gmeta.JobType_REBUILD_EDGE_INDEX,
	ast.CmdDataBalance:      gmeta.JobType_DATA_BALANCE,
	ast.CmdLeaderBalance:    gmeta.JobType_LEADER_BALANCE,
	ast.CmdDownload:         gmeta.JobType_DOWNLOAD,
	ast.CmdIngest:           gmeta.JobType_INGEST,
}

var jobOps = map[ast.JobOp]gmeta.JobOp{
	ast.JobAdd:     gmeta.JobOp_ADD,
	ast.JobShowAll: gmeta.JobOp_SHOW_All,
	ast.JobShow:    gmeta.JobOp_SHOW,
	ast.JobStop:    gmeta.JobOp_STOP,
	ast.JobRecover: gmeta.JobOp_RECOVER,
}

// The tables of the job statements, NebulaGraph's columns.
var (
	submitJobCols  = []adminCol{{"New Job Id", value.KindInt}}
	recoverJobCols = []adminCol{{"Recovered job num", value.KindInt}}
	stopJobCols    = []adminCol{{"Result", value.KindString}}
	showJobsCols   = []adminCol{
		{"Job Id", value.KindInt}, {"Command", value.KindString}, {"Status", value.KindString},
		{"Start Time", value.KindEmpty}, {"Stop Time", value.KindEmpty},
	}
	// showJobCols: a row for the job, one per task, and a summary row of
	// strings, so the first columns mix kinds.
	showJobCols = []adminCol{
		{"Job Id(TaskId)", value.KindEmpty}, {"Command(Dest)", value.KindString}, {"Status", value.KindString},
		{"Start Time", value.KindEmpty}, {"Stop Time", value.KindEmpty}, {"Error Code", value.KindString},
	}
	showStatsCols       = []adminCol{{"Type", value.KindString}, {"Name", value.KindString}, {"Count", value.KindInt}}
	showIndexStatusCols = []adminCol{{"Name", value.KindString}, {"Index Status", value.KindString}}
)

// adminJob validates a job statement: every one works on the current
// space; only the jobs metad runs may be submitted.
func (p *planner) adminJob(s *ast.AdminJob) (*adminNode, error) {
	cols := map[ast.JobOp][]adminCol{
		ast.JobAdd: submitJobCols, ast.JobShowAll: showJobsCols, ast.JobShow: showJobCols,
		ast.JobStop: stopJobCols, ast.JobRecover: recoverJobCols,
	}[s.Op]
	if s.Op == ast.JobAdd {
		if _, ok := jobTypes[s.Cmd]; !ok {
			return nil, unsupported(s.String())
		}
	}
	return p.inSpace(plan.SubmitJob, s, cols)
}

// jobInfo validates SHOW STATS and SHOW TAG|EDGE INDEX STATUS.
func (p *planner) jobInfo(s *ast.Show) (*adminNode, error) {
	switch s.Kind {
	case ast.ShowStats:
		return p.inSpace(plan.ShowStats, s, showStatsCols)
	case ast.ShowTagIndexStatus:
		return p.inSpace(plan.ShowTagIndexStatus, s, showIndexStatusCols)
	}
	return p.inSpace(plan.ShowEdgeIndexStatus, s, showIndexStatusCols)
}

func execSubmitJob(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.AdminJob)
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	req := &gmeta.AdminJobReq{SpaceID: common.GraphSpaceID(sp.ID), Op: jobOps[s.Op]}
	for _, prm := range s.Params {
		req.Paras = append(req.Paras, []byte(prm))
	}
	if s.Op == ast.JobAdd {
		req.Type = jobTypes[s.Cmd]
		if err := checkRebuild(mc, sp.ID, sp.Name, s); err != nil {
			return nil, err
		}
	}
	res, err := mc.RunAdminJob(ctx, req)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	switch s.Op {
	case ast.JobAdd:
		addRow(ds, value.NewInt(int64(res.GetJobID())))
	case ast.JobRecover:
		addRow(ds, value.NewInt(int64(res.GetRecoveredJobNum())))
	case ast.JobStop:
		addRow(ds, value.NewString("Job stopped"))
	case ast.JobShowAll:
		for _, j := range res.GetJobDesc() {
			addRow(ds, value.NewInt(int64(j.JobID)), value.NewString(j.Type.String()), value.NewString(j.Status.String()),
				jobTime(j.StartTime), jobTime(j.StopTime))
		}
	case ast.JobShow:
		if len(res.GetJobDesc()) == 0 {
			return nil, status.Execution("Response unexpected.")
		}
		if res.IsSetBalanceTasks() {
			showBalanceRows(ds, res.GetJobDesc()[0], res.GetBalanceTasks())
			break
		}
		showJobRows(ds, res.GetJobDesc()[0], res.GetTaskDesc())
	}
	return ds, nil
}

// checkRebuild refuses a rebuild of indexes the space does not have, or
// of every index when it has none of the kind, as NebulaGraph's validator
// does.
func checkRebuild(mc *meta.Client, space int32, spaceName string, s *ast.AdminJob) error {
	if s.Cmd != ast.CmdRebuildTagIndex && s.Cmd != ast.CmdRebuildEdgeIndex {
		return nil
	}
	edge := s.Cmd == ast.CmdRebuildEdgeIndex
	list, err := mc.Indexes(space, edge)
	if err != nil {
		return status.Semantic("Get index failed in space `%s': %s", spaceName, err)
	}
	if len(s.Params) == 0 && len(list) == 0 {
		return status.Semantic("Space `%s' without indexes", spaceName)
	}
	for _, name := range s.Params {
		found := false
		for _, ix := range list {
			found = found || ix.Name == name
		}
		if !found {
			return status.Semantic("Index %s not found in space %s", name, spaceName)
		}
	}
	return nil
}

// jobTime is a job's start or stop time: a datetime, or EMPTY while unset.
func jobTime(secs int64) value.Value {
	if secs <= 0 {
		return value.Empty
	}
	return value.NewDateTime(value.DateTimeFromUnix(secs))
}

// showJobRows fills SHOW JOB's table: the job, its tasks (by the host
// running each), and a summary. A task's Error Code is the job's, blank
// while the job has none yet, as in NebulaGraph.
func showJobRows(ds *value.DataSet, j *gmeta.JobDesc, tasks []*gmeta.TaskDesc) {
	addRow(ds, value.NewInt(int64(j.JobID)), value.NewString(j.Type.String()), value.NewString(j.Status.String()),
		jobTime(j.StartTime), jobTime(j.StopTime), value.NewString(j.Code.String()))
	code := j.Code.String()
	if j.Code == common.ErrorCode_E_JOB_SUBMITTED {
		code = ""
	}
	sort.Slice(tasks, func(a, b int) bool { return tasks[a].TaskID < tasks[b].TaskID })
	var succeeded, failed, running int
	for _, t := range tasks {
		switch t.Status {
		case gmeta.JobStatus_RUNNING:
			running++
		case gmeta.JobStatus_FAILED:
			failed++
		case gmeta.JobStatus_FINISHED:
			succeeded++
		}
		addRow(ds, value.NewInt(int64(t.TaskID)), value.NewString(t.GetHost().GetHost()), value.NewString(t.Status.String()),
			jobTime(t.StartTime), jobTime(t.StopTime), value.NewString(code))
	}
	addRow(ds, value.NewString(fmt.Sprintf("Total:%d", len(tasks))), value.NewString(fmt.Sprintf("Succeeded:%d", succeeded)),
		value.NewString(fmt.Sprintf("Failed:%d", failed)), value.NewString(fmt.Sprintf("In Progress:%d", running)),
		value.NewString(""), value.NewString(""))
}

func execShowStats(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	st, err := mc.GetStats(ctx, sp.ID)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, kind := range []struct {
		name   string
		counts map[string]int64
	}{{"Tag", st.GetTagVertices()}, {"Edge", st.GetEdges()}} {
		names := make([]string, 0, len(kind.counts))
		for name := range kind.counts {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			addRow(ds, value.NewString(kind.name), value.NewString(name), value.NewInt(kind.counts[name]))
		}
	}
	addRow(ds, value.NewString("Space"), value.NewString("vertices"), value.NewInt(st.GetSpaceVertices()))
	addRow(ds, value.NewString("Space"), value.NewString("edges"), value.NewInt(st.GetSpaceEdges()))
	return ds, nil
}

func execShowIndexStatus(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	list, err := mc.ListIndexStatus(ctx, n.Kind == plan.ShowEdgeIndexStatus, sp.ID)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, st := range list {
		addRow(ds, value.NewString(string(st.GetName())), value.NewString(string(st.GetStatus())))
	}
	return ds, nil
}

func execClearSpace(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.DropSpace)
	return nil, mc.ClearSpace(ctx, s.Name, s.IfExists)
}
