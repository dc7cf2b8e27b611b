package meta

import (
	"slices"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Jobs: the long tasks an administrator submits (SUBMIT JOB COMPACT,
// FLUSH, STATS, REBUILD TAG|EDGE INDEX, DOWNLOAD, INGEST) and that
// storaged carries out.
//
//	RunAdminJob(ADD) ──▶ JobDesc QUEUE ──jobManager (leader)──▶ RUNNING
//	   one TaskDesc per storaged ──addAdminTask──▶ FINISHED | FAILED
//	   all tasks FINISHED ──▶ job FINISHED (STATS: counts summed into the
//	   space's StatsItem); any FAILED ──▶ job FAILED
//	STOP JOB ──▶ STOPPED (tasks cancelled); RECOVER JOB ──▶ QUEUE again
//
// Every status change is a raft command, so any replica that becomes
// leader sees where each job is: it resumes the RUNNING ones (re-sending
// their unfinished tasks, which storaged joins if they still run) and
// starts QUEUE ones, one job at a time per space. Times are Unix seconds,
// as NebulaGraph records them.
//
// The files job_*.go hold the manager (scheduling, leadership), the run
// of one job (tasks, results), the storaged admin client, and the
// MetaService methods.

// storageJob reports whether storaged carries out jobs of type t; the
// others (balance, full-text) are refused when added.
func storageJob(t gmeta.JobType) bool {
	switch t {
	case gmeta.JobType_COMPACT, gmeta.JobType_FLUSH, gmeta.JobType_STATS,
		gmeta.JobType_REBUILD_TAG_INDEX, gmeta.JobType_REBUILD_EDGE_INDEX,
		gmeta.JobType_DOWNLOAD, gmeta.JobType_INGEST:
		return true
	}
	return false
}

// leaderJob reports whether a job's tasks go to the leaders of the parts
// (they read or write data through raft) rather than to every host with a
// replica (they work on the engines).
func leaderJob(t gmeta.JobType) bool {
	return t == gmeta.JobType_STATS || t == gmeta.JobType_REBUILD_TAG_INDEX || t == gmeta.JobType_REBUILD_EDGE_INDEX
}

// jobFinished reports whether a job or task status is final.
func jobFinished(st gmeta.JobStatus) bool {
	return st == gmeta.JobStatus_FINISHED || st == gmeta.JobStatus_FAILED || st == gmeta.JobStatus_STOPPED
}

// sameJob reports whether two jobs do the same work: same space, type and
// parameters. SUBMIT answers the id of a queued or running same job
// instead of adding another.
func sameJob(a *gmeta.JobDesc, space common.GraphSpaceID, t gmeta.JobType, paras [][]byte) bool {
	return a.SpaceID == space && a.Type == t && slices.EqualFunc(a.Paras, paras, func(x, y []byte) bool { return string(x) == string(y) })
}

// indexStatusName is a rebuild job's name in SHOW TAG/EDGE INDEX STATUS.
func indexStatusName(j *gmeta.JobDesc) string {
	if len(j.Paras) == 0 {
		if j.Type == gmeta.JobType_REBUILD_EDGE_INDEX {
			return "all_edge_indexes"
		}
		return "all_tag_indexes"
	}
	names := make([]string, len(j.Paras))
	for i, p := range j.Paras {
		names[i] = string(p)
	}
	return strings.Join(names, ",")
}

// Records.

func (v view) jobs() ([]*gmeta.JobDesc, error) {
	var out []*gmeta.JobDesc
	err := v.st.scan([]byte{prefixJob}, func(_, b []byte) error {
		j := &gmeta.JobDesc{}
		if err := decode(b, j); err != nil {
			return err
		}
		out = append(out, j)
		return nil
	})
	return out, err
}

// job returns a job of space, or E_JOB_NOT_IN_SPACE.
func (v view) job(space common.GraphSpaceID, id int32) (*gmeta.JobDesc, error) {
	b, err := v.lookup(jobKey(id), codeError(common.ErrorCode_E_JOB_NOT_IN_SPACE))
	if err != nil {
		return nil, err
	}
	j := &gmeta.JobDesc{}
	if err := decode(b, j); err != nil {
		return nil, err
	}
	if j.SpaceID != space {
		return nil, codeError(common.ErrorCode_E_JOB_NOT_IN_SPACE)
	}
	return j, nil
}

// tasks returns a job's tasks by task id.
func (v view) tasks(job int32) ([]*gmeta.TaskDesc, error) {
	var out []*gmeta.TaskDesc
	err := v.st.scan(taskPrefix(job), func(_, b []byte) error {
		td := &gmeta.TaskDesc{}
		if err := decode(b, td); err != nil {
			return err
		}
		out = append(out, td)
		return nil
	})
	return out, err
}

// taskStats returns the counts the finished tasks of a STATS job stored.
func (v view) taskStats(space common.GraphSpaceID, job int32) ([]*gmeta.StatsItem, error) {
	var out []*gmeta.StatsItem
	err := v.st.scan(statsJobPrefix(space, job), func(_, b []byte) error {
		st := &gmeta.StatsItem{}
		if err := decode(b, st); err != nil {
			return err
		}
		out = append(out, st)
		return nil
	})
	return out, err
}

// sumStats adds the counts of parts into one StatsItem with status.
func sumStats(parts []*gmeta.StatsItem, status gmeta.JobStatus) *gmeta.StatsItem {
	out := &gmeta.StatsItem{TagVertices: map[string]int64{}, Edges: map[string]int64{}, Status: status}
	for _, p := range parts {
		for k, n := range p.TagVertices {
			out.TagVertices[k] += n
		}
		for k, n := range p.Edges {
			out.Edges[k] += n
		}
		out.SpaceVertices += p.SpaceVertices
		out.SpaceEdges += p.SpaceEdges
	}
	return out
}
