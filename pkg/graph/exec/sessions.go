package exec

import (
	"context"
	"sort"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

var showSessionsCols = []string{"SessionId", "UserName", "SpaceName", "CreateTime", "UpdateTime", "GraphAddr", "Timezone", "ClientIp"}

// sessionStmt plans SHOW [LOCAL] SESSIONS, SHOW SESSION id and KILL
// SESSION; ok is false for other statements.
func (p *planner) sessionStmt(st ast.Stmt, in *shape) (*shape, bool, error) {
	switch s := st.(type) {
	case *ast.Show:
		if s.Kind != ast.ShowSessions && s.Kind != ast.ShowSession {
			return nil, false, nil
		}
		n := p.b.New(plan.ShowSessions, inputNode(p, in))
		n.Stmt, n.ColNames = s, showSessionsCols
		kinds := []value.Kind{value.KindInt, value.KindString, value.KindString, value.KindDateTime,
			value.KindDateTime, value.KindString, value.KindInt, value.KindString}
		return &shape{node: n, cols: n.ColNames, kinds: kinds}, true, nil
	case *ast.KillSession:
		r := collectRefs(s.Sessions)
		dep, src, err := p.source(context.Background(), r, in)
		if err != nil {
			return nil, true, err
		}
		n := p.b.New(plan.KillSession, dep)
		n.Stmt, n.InputVar = s, src.node.OutputVar
		return &shape{node: n}, true, nil
	}
	return nil, false, nil
}

// execSession runs the nodes sessionStmt made; ok is false for other kinds.
func (e *executor) execSession(ctx context.Context, n *plan.Node) (*value.DataSet, bool, error) {
	switch n.Kind {
	case plan.ShowSessions:
		t, err := e.showSessions(ctx, n.Stmt.(*ast.Show))
		return t, true, err
	case plan.KillSession:
		return nil, true, e.killSessions(ctx, n)
	case plan.ShowQueries:
		t, err := e.showQueries(ctx, n.Stmt.(*ast.Show))
		return t, true, err
	case plan.KillQuery:
		return nil, true, e.killQueries(ctx, n)
	}
	return nil, false, nil
}

// sessionRow is one row of SHOW SESSIONS.
type sessionRow struct {
	id                 int64
	user, space, graph string
	created, updated   time.Time
	timezone           int32
	clientIP           string
}

func (r sessionRow) values() value.Row {
	return value.Row{Values: []value.Value{
		value.NewInt(r.id), value.NewString(r.user), value.NewString(r.space),
		value.NewDateTime(value.DateTimeOf(r.created)), value.NewDateTime(value.DateTimeOf(r.updated)),
		value.NewString(r.graph), value.NewInt(int64(r.timezone)), value.NewString(r.clientIP),
	}}
}

// showSessions lists the cluster's sessions from metad, or with LOCAL (or
// without metad) the ones this graphd holds.
func (e *executor) showSessions(ctx context.Context, s *ast.Show) (*value.DataSet, error) {
	var rows []sessionRow
	if mc := e.x.engine.opts.Meta; mc != nil && !s.Local {
		list, err := mc.ListSessions(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range list {
			rows = append(rows, metaSessionRow(m))
		}
	} else if e.x.sessions != nil {
		for _, ls := range e.x.sessions.List() {
			r := localSessionRow(ls)
			r.graph = e.x.engine.opts.GraphAddr
			rows = append(rows, r)
		}
	}
	if s.Kind == ast.ShowSession {
		var want int64
		if len(s.IDs) > 0 {
			want = s.IDs[0]
		}
		kept := rows[:0]
		for _, r := range rows {
			if r.id == want {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	out := &value.DataSet{ColNames: showSessionsCols}
	for _, r := range rows {
		out.Rows = append(out.Rows, r.values())
	}
	return out, nil
}

func metaSessionRow(m *meta.Session) sessionRow {
	return sessionRow{id: m.ID, user: m.User, space: m.SpaceName, graph: m.GraphAddr,
		created: m.Created, updated: m.Updated, timezone: m.Timezone, clientIP: m.ClientIP}
}

func localSessionRow(s *session.Session) sessionRow {
	return sessionRow{id: s.ID(), user: s.User(), space: s.Space().Name,
		created: s.Created(), updated: s.LastUsed(), clientIP: s.ClientIP()}
}

// killSessions ends the sessions whose ids the statement's expression
// gives (an id or a list of ids, per input row).
func (e *executor) killSessions(ctx context.Context, n *plan.Node) error {
	in := newTable(e.table(n.InputVar))
	expr := n.Stmt.(*ast.KillSession).Sessions
	var ids []int64
	for i := range in.ds.Rows {
		v, err := evalIn(expr, e.rowCtx(in, i))
		if err != nil {
			return err
		}
		vs := []value.Value{v}
		if v.Kind() == value.KindList {
			vs = v.List()
		}
		for _, id := range vs {
			if id.Kind() != value.KindInt {
				return status.Semantic("Session ID must be an integer, but was %s", id.Kind())
			}
			ids = append(ids, id.Int())
		}
	}
	for _, id := range ids {
		if e.x.sessions != nil {
			e.x.sessions.Remove(ctx, id)
		} else if mc := e.x.engine.opts.Meta; mc != nil {
			if _, err := mc.RemoveSessions(ctx, id); err != nil {
				return err
			}
		}
	}
	return nil
}
