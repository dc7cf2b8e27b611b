package exec

import (
	"context"
	"sort"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

var showQueriesCols = []string{"SessionID", "ExecutionPlanID", "User", "Host", "StartTime", "DurationInUSec", "Status", "Query"}

// queryStmt plans SHOW [LOCAL] QUERIES and KILL QUERY; ok is false for
// other statements.
func (p *planner) queryStmt(st ast.Stmt, in *shape) (*shape, bool, error) {
	switch s := st.(type) {
	case *ast.Show:
		if s.Kind != ast.ShowQueries {
			return nil, false, nil
		}
		n := p.b.New(plan.ShowQueries, inputNode(p, in))
		n.Stmt, n.ColNames = s, showQueriesCols
		kinds := []value.Kind{value.KindInt, value.KindInt, value.KindString, value.KindString,
			value.KindDateTime, value.KindInt, value.KindString, value.KindString}
		return &shape{node: n, cols: n.ColNames, kinds: kinds}, true, nil
	case *ast.KillQuery:
		exprs := []ast.Expr{s.Plan}
		if s.Session != nil {
			exprs = append(exprs, s.Session)
		}
		dep, src, err := p.source(context.Background(), collectRefs(exprs...), in)
		if err != nil {
			return nil, true, err
		}
		n := p.b.New(plan.KillQuery, dep)
		n.Stmt, n.InputVar = s, src.node.OutputVar
		return &shape{node: n}, true, nil
	}
	return nil, false, nil
}

// queryRow is one row of SHOW QUERIES.
type queryRow struct {
	session, plan int64
	user, host    string
	start         time.Time
	duration      time.Duration
	status, text  string
}

// showQueries lists the running queries of every session metad knows, or
// with LOCAL (or without metad) those of this graphd's sessions.
func (e *executor) showQueries(ctx context.Context, s *ast.Show) (*value.DataSet, error) {
	var rows []queryRow
	now := time.Now()
	if mc := e.x.engine.opts.Meta; mc != nil && !s.Local {
		list, err := mc.ListSessions(ctx)
		if err != nil {
			return nil, err
		}
		for _, ms := range list {
			for id, q := range ms.Queries {
				rows = append(rows, queryRow{session: ms.ID, plan: id, user: ms.User, host: q.GraphAddr,
					start: q.Start, duration: q.Duration, status: q.Status.String(), text: q.Text})
			}
		}
	} else if e.x.sessions != nil {
		for _, ls := range e.x.sessions.List() {
			for _, q := range ls.Queries() {
				rows = append(rows, queryRow{session: ls.ID(), plan: q.ID, user: ls.User(),
					host: e.x.engine.opts.GraphAddr, start: q.Start, duration: now.Sub(q.Start),
					status: q.Status.String(), text: q.Text})
			}
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].session != rows[j].session {
			return rows[i].session < rows[j].session
		}
		return rows[i].plan < rows[j].plan
	})
	out := &value.DataSet{ColNames: showQueriesCols}
	for _, r := range rows {
		out.Rows = append(out.Rows, value.Row{Values: []value.Value{
			value.NewInt(r.session), value.NewInt(r.plan), value.NewString(r.user), value.NewString(r.host),
			value.NewDateTime(value.DateTimeOf(r.start)), value.NewInt(r.duration.Microseconds()),
			value.NewString(r.status), value.NewString(r.text),
		}})
	}
	return out, nil
}

// killQueries stops the queries the statement names, as NebulaGraph's
// KillQueryExecutor: queries of this graphd's sessions stop at once, the
// others are marked in metad and stop when their graphd next syncs. Only
// GOD may kill another user's queries.
func (e *executor) killQueries(ctx context.Context, n *plan.Node) error {
	s := n.Stmt.(*ast.KillQuery)
	in := newTable(e.table(n.InputVar))
	me := e.x.session
	kill := map[int64][]int64{}
	remote := map[int64][]int64{}
	for i := range in.ds.Rows {
		rc := e.rowCtx(in, i)
		sid := int64(-1)
		if s.Session != nil {
			v, err := evalIn(s.Session, rc)
			if err != nil {
				return err
			}
			if v.Kind() != value.KindInt {
				return status.Execution("Session `%s' is not kind of int, but was %s", ast.NebulaString(s.Session), v.Kind())
			}
			sid = v.Int()
		}
		v, err := evalIn(s.Plan, rc)
		if err != nil {
			return err
		}
		if v.Kind() != value.KindInt {
			return status.Execution("ExecutionPlanID `%s' is not kind of int, but was %s", ast.NebulaString(s.Plan), v.Kind())
		}
		pid := v.Int()
		switch {
		case me != nil && (sid < 0 || sid == me.ID()):
			if !me.HasQuery(pid) {
				return status.Execution("ExecutionPlanId[%d] does not exist in current Session.", pid)
			}
			kill[me.ID()] = append(kill[me.ID()], pid)
		case e.x.sessions != nil && e.local(sid) != nil:
			ls := e.local(sid)
			if err := e.mayKill(ls.User()); err != nil {
				return err
			}
			if !ls.HasQuery(pid) {
				return status.Execution("ExecutionPlanId[%d] does not exist in Session[%d].", pid, sid)
			}
			kill[sid] = append(kill[sid], pid)
		default:
			remote[sid] = append(remote[sid], pid)
		}
	}
	if len(remote) > 0 {
		if err := e.killRemote(ctx, remote); err != nil {
			return err
		}
	}
	if e.x.sessions != nil {
		e.x.sessions.Kill(kill)
	} else if me != nil {
		for _, id := range kill[me.ID()] {
			me.KillQuery(id)
		}
	}
	return nil
}

// local is the session with id when this graphd holds it.
func (e *executor) local(id int64) *session.Session {
	if s, ok := e.x.sessions.Local(id); ok {
		return s
	}
	return nil
}

// mayKill refuses to kill another user's query unless the session is GOD's.
func (e *executor) mayKill(owner string) error {
	me := e.x.session
	if me == nil || owner == me.User() || !e.x.engine.opts.Authorize || e.x.isGod() {
		return nil
	}
	return status.Permission("Only GOD role could kill others' queries.")
}

// killRemote checks queries of sessions held by other graphds against
// metad and marks them KILLING there.
func (e *executor) killRemote(ctx context.Context, queries map[int64][]int64) error {
	mc := e.x.engine.opts.Meta
	if mc == nil {
		for sid := range queries {
			return status.Execution("SessionId[%d] does not exist", sid)
		}
	}
	list, err := mc.ListSessions(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]int{}
	for i, ms := range list {
		byID[ms.ID] = i
	}
	for sid, pids := range queries {
		i, ok := byID[sid]
		if !ok {
			return status.Execution("SessionId[%d] does not exist", sid)
		}
		for _, pid := range pids {
			if _, ok := list[i].Queries[pid]; !ok {
				return status.Execution("ExecutionPlanId[%d] does not exist in Session[%d].", pid, sid)
			}
		}
		if err := e.mayKill(list[i].User); err != nil {
			return err
		}
	}
	return mc.KillQueries(ctx, queries)
}
