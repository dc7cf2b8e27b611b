package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// DDL, SHOW/DESCRIBE and administration statements run through the meta
// service, one plan node per statement:
//
//	statement ──admin (validate, as NebulaGraph's validators)──▶ node{Kind, Stmt, ColNames}
//	node ──execAdmin──▶ meta.Client call ──▶ table (or none)
//
// Validation happens while the whole request is planned, so a request with
// an invalid statement changes nothing. It reads the session and the meta
// client's cache only; every change and every listing is a call to metad at
// execution time, as NebulaGraph's executors make them. Statements that
// work on the current space read it from the session when they run, so
// that "USE s; CREATE TAG t()" creates t in s.
//
// The files admin_*.go hold the statements by subject: spaces and
// character sets, tags and edge types, indexes, hosts and zones, users and
// roles, jobs (admin_job.go).

// adminNode is what validating one statement yields: the node kind, the
// statement to carry (possibly a normalised copy) and the columns of the
// table it returns, with their kinds.
type adminNode struct {
	kind  plan.Kind
	stmt  ast.Stmt
	cols  []string
	kinds []value.Kind
}

// admin plans the statements that are neither clauses on tables nor graph
// reads: DDL, SHOW/DESCRIBE and administration, carried out through the
// meta service. Statements of other kinds (graph reads and writes) get
// needsGraph's answer.
func (p *planner) admin(_ context.Context, st ast.Stmt, in *shape) (*shape, error) {
	a, err := p.validateAdmin(st, in)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, p.x.needsGraph(st)
	}
	if !localKinds[a.kind] {
		if _, err := p.x.meta(); err != nil {
			return nil, err
		}
	}
	n := p.b.New(a.kind, inputNode(p, in))
	n.Stmt, n.ColNames = a.stmt, a.cols
	return &shape{node: n, cols: a.cols, kinds: a.kinds}, nil
}

// validateAdmin checks st as NebulaGraph's validator of its kind does. It
// returns nil, nil for statements that are not administration.
func (p *planner) validateAdmin(st ast.Stmt, in *shape) (*adminNode, error) {
	switch s := st.(type) {
	case *ast.CreateSpace:
		return p.createSpace(s)
	case *ast.CreateSpaceAs:
		return &adminNode{kind: plan.CreateSpaceAs, stmt: s}, nil
	case *ast.DropSpace:
		if s.Clear {
			return &adminNode{kind: plan.ClearSpace, stmt: s}, nil
		}
		return &adminNode{kind: plan.DropSpace, stmt: s}, nil
	case *ast.AlterSpace:
		return &adminNode{kind: plan.AlterSpace, stmt: s}, nil
	case *ast.DescribeSpace:
		return tableNode(plan.DescSpace, s, descSpaceCols), nil
	case *ast.CreateSchema:
		return p.createSchema(s)
	case *ast.AlterSchema:
		return p.alterSchema(s)
	case *ast.DropSchema:
		return p.inSpace(pick(s.Edge, plan.DropEdge, plan.DropTag), s, nil)
	case *ast.DescribeSchema:
		return p.inSpace(pick(s.Edge, plan.DescEdge, plan.DescTag), s, descSchemaCols)
	case *ast.CreateIndex:
		return p.createIndex(s)
	case *ast.DropIndex:
		return p.inSpace(pick(s.Edge, plan.DropEdgeIndex, plan.DropTagIndex), s, nil)
	case *ast.DescribeIndex:
		return p.inSpace(pick(s.Edge, plan.DescEdgeIndex, plan.DescTagIndex), s, descIndexCols)
	case *ast.CreateUser, *ast.DropUser, *ast.AlterUser, *ast.ChangePassword, *ast.GrantRole, *ast.DescribeUser:
		return p.userStmt(s, in)
	case *ast.AddHosts:
		return p.addHosts(s)
	case *ast.DropHosts:
		if err := checkHostList(s.Hosts); err != nil {
			return nil, err
		}
		return &adminNode{kind: plan.DropHosts, stmt: s}, nil
	case *ast.DropZone:
		return &adminNode{kind: plan.DropZone, stmt: s}, nil
	case *ast.RenameZone:
		return &adminNode{kind: plan.RenameZone, stmt: s}, nil
	case *ast.DescribeZone:
		return tableNode(plan.DescribeZone, s, describeZoneCols), nil
	case *ast.MergeZone, *ast.DivideZone:
		return zoneStmt(s)
	case *ast.Show:
		return p.show(s)
	case *ast.AdminJob:
		return p.adminJob(s)
	case *ast.CreateSnapshot, *ast.DropSnapshot:
		return snapshotStmt(s), nil
	case *ast.AddListener, *ast.RemoveListener,
		*ast.SignInService, *ast.SignOutService, *ast.GetConfig, *ast.SetConfig, *ast.CreateFTIndex, *ast.DropFTIndex:
		return nil, unsupported(st.String())
	}
	return nil, nil
}

// show validates the SHOW statements this file's siblings run.
func (p *planner) show(s *ast.Show) (*adminNode, error) {
	switch s.Kind {
	case ast.ShowSpaces:
		return tableNode(plan.ShowSpaces, s, nameCols), nil
	case ast.ShowCreateSpace:
		// NebulaGraph resolves the space while checking permissions, so
		// an unknown one is refused before anything runs.
		mc, err := p.x.meta()
		if err != nil {
			return nil, err
		}
		if _, err := mc.SpaceByName(s.Name); err != nil {
			return nil, err
		}
		return tableNode(plan.ShowCreateSpace, s, showCreateSpaceCols), nil
	case ast.ShowTags:
		return p.inSpace(plan.ShowTags, s, nameCols)
	case ast.ShowEdges:
		return p.inSpace(plan.ShowEdges, s, nameCols)
	case ast.ShowCreateTag:
		return p.inSpace(plan.ShowCreateTag, s, showCreateTagCols)
	case ast.ShowCreateEdge:
		return p.inSpace(plan.ShowCreateEdge, s, showCreateEdgeCols)
	case ast.ShowTagIndexes:
		return p.inSpace(plan.ShowTagIndexes, s, showIndexesCols(false, s.Name))
	case ast.ShowEdgeIndexes:
		return p.inSpace(plan.ShowEdgeIndexes, s, showIndexesCols(true, s.Name))
	case ast.ShowCreateTagIndex:
		return p.inSpace(plan.ShowCreateTagIndex, s, showCreateTagIndexCols)
	case ast.ShowCreateEdgeIndex:
		return p.inSpace(plan.ShowCreateEdgeIndex, s, showCreateEdgeIndexCols)
	case ast.ShowHosts:
		return showHosts(s)
	case ast.ShowParts:
		return p.inSpace(plan.ShowParts, s, showPartsCols)
	case ast.ShowZones:
		return tableNode(plan.ListZones, s, listZonesCols), nil
	case ast.ShowSnapshots:
		return tableNode(plan.ShowSnapshots, s, showSnapshotsCols), nil
	case ast.ShowCharset:
		return tableNode(plan.ShowCharset, s, showCharsetCols), nil
	case ast.ShowCollation:
		return tableNode(plan.ShowCollation, s, showCollationCols), nil
	case ast.ShowUsers:
		return tableNode(plan.ListUsers, s, listUsersCols), nil
	case ast.ShowRoles:
		return p.showRoles(s)
	case ast.ShowStats, ast.ShowTagIndexStatus, ast.ShowEdgeIndexStatus:
		return p.jobInfo(s)
	case ast.ShowSessions, ast.ShowSession, ast.ShowQueries:
		// Sessions and queries are the session layer's; not administration
		// through this file.
		return nil, nil
	}
	return nil, unsupported(s.String())
}

// adminCol is one column of a table an administration statement returns.
type adminCol struct {
	name string
	kind value.Kind
}

func tableNode(kind plan.Kind, st ast.Stmt, cols []adminCol) *adminNode {
	a := &adminNode{kind: kind, stmt: st}
	for _, c := range cols {
		a.cols = append(a.cols, c.name)
		a.kinds = append(a.kinds, c.kind)
	}
	return a
}

// inSpace is a statement on the current space: NebulaGraph refuses it
// when no space is chosen, before looking at anything else.
func (p *planner) inSpace(kind plan.Kind, st ast.Stmt, cols []adminCol) (*adminNode, error) {
	if !p.spaceChosen() {
		return nil, status.Semantic("Space was not chosen.")
	}
	return tableNode(kind, st, cols), nil
}

// spaceChosen reports whether a space is in use when the statement being
// planned runs: the session has one, or an earlier statement of this
// request switches to one.
func (p *planner) spaceChosen() bool {
	if p.x.session != nil && p.x.session.Space().Name != "" {
		return true
	}
	return p.earlier(func(n *plan.Node) bool { return n.Kind == plan.SwitchSpace })
}

// earlier reports whether a node planned for an earlier statement of the
// request satisfies f. Each statement starts from the previous one's root,
// so every earlier node is reachable from it.
func (p *planner) earlier(f func(*plan.Node) bool) bool {
	if p.prev == nil {
		return false
	}
	seen := map[*plan.Node]bool{}
	stack := []*plan.Node{p.prev}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		if f(n) {
			return true
		}
		stack = append(stack, n.Deps...)
	}
	return false
}

func pick(edge bool, ifEdge, ifTag plan.Kind) plan.Kind {
	if edge {
		return ifEdge
	}
	return ifTag
}

// unsupported refuses an administration statement this graphd does not
// carry out.
func unsupported(what string) error {
	return status.Execution("`%s' is not supported by this graphd", what)
}

// meta returns the meta client, or the error of a graphd started without
// one.
func (x *run) meta() (*meta.Client, error) {
	if x.engine.opts.Meta == nil {
		return nil, status.Execution("Meta service is not available: graphd was started without --meta_server_addrs")
	}
	return x.engine.opts.Meta, nil
}

// adminExec runs one administration node with the meta client.
type adminExec func(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error)

// localKinds answer from graphd's own knowledge and run without metad.
var localKinds = map[plan.Kind]bool{plan.ShowCharset: true, plan.ShowCollation: true}

// adminExecs maps each administration kind to its executor.
var adminExecs = map[plan.Kind]adminExec{
	plan.CreateSpace:         execCreateSpace,
	plan.CreateSpaceAs:       execCreateSpaceAs,
	plan.DropSpace:           execDropSpace,
	plan.AlterSpace:          execAlterSpace,
	plan.DescSpace:           execDescSpace,
	plan.ShowSpaces:          execShowSpaces,
	plan.ShowCreateSpace:     execShowCreateSpace,
	plan.ShowCharset:         execShowCharset,
	plan.ShowCollation:       execShowCollation,
	plan.CreateTag:           execCreateSchema,
	plan.CreateEdge:          execCreateSchema,
	plan.AlterTag:            execAlterSchema,
	plan.AlterEdge:           execAlterSchema,
	plan.DropTag:             execDropSchema,
	plan.DropEdge:            execDropSchema,
	plan.DescTag:             execDescSchema,
	plan.DescEdge:            execDescSchema,
	plan.ShowTags:            execShowSchemas,
	plan.ShowEdges:           execShowSchemas,
	plan.ShowCreateTag:       execShowCreateSchema,
	plan.ShowCreateEdge:      execShowCreateSchema,
	plan.CreateTagIndex:      execCreateIndex,
	plan.CreateEdgeIndex:     execCreateIndex,
	plan.DropTagIndex:        execDropIndex,
	plan.DropEdgeIndex:       execDropIndex,
	plan.DescTagIndex:        execDescIndex,
	plan.DescEdgeIndex:       execDescIndex,
	plan.ShowTagIndexes:      execShowIndexes,
	plan.ShowEdgeIndexes:     execShowIndexes,
	plan.ShowCreateTagIndex:  execShowCreateIndex,
	plan.ShowCreateEdgeIndex: execShowCreateIndex,
	plan.AddHosts:            execAddHosts,
	plan.AddHostsIntoZone:    execAddHosts,
	plan.DropHosts:           execDropHosts,
	plan.ShowHosts:           execShowHosts,
	plan.ShowParts:           execShowParts,
	plan.DropZone:            execDropZone,
	plan.RenameZone:          execRenameZone,
	plan.DescribeZone:        execDescribeZone,
	plan.ListZones:           execListZones,
	plan.MergeZone:           execMergeZone,
	plan.DivideZone:          execDivideZone,
	plan.CreateSnapshot:      execCreateSnapshot,
	plan.DropSnapshot:        execDropSnapshot,
	plan.ShowSnapshots:       execShowSnapshots,
	plan.CreateUser:          execCreateUser,
	plan.DropUser:            execDropUser,
	plan.UpdateUser:          execUpdateUser,
	plan.ChangePassword:      execChangePassword,
	plan.GrantRole:           execGrantRole,
	plan.RevokeRole:          execGrantRole,
	plan.DescribeUser:        execDescribeUser,
	plan.ListUsers:           execListUsers,
	plan.ListRoles:           execListRoles,
	plan.SubmitJob:           execSubmitJob,
	plan.ShowStats:           execShowStats,
	plan.ShowTagIndexStatus:  execShowIndexStatus,
	plan.ShowEdgeIndexStatus: execShowIndexStatus,
	plan.ClearSpace:          execClearSpace,
}

// execAdmin runs the plan nodes admin made.
func (e *executor) execAdmin(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	run, ok := adminExecs[n.Kind]
	if !ok {
		return nil, status.Execution("no executor for plan node %s", n.Kind)
	}
	var mc *meta.Client
	if !localKinds[n.Kind] {
		var err error
		if mc, err = e.x.meta(); err != nil {
			return nil, err
		}
	}
	return run(e, ctx, mc, n)
}

// space is the space the session uses now, for statements on it.
func (e *executor) space() (session.Space, error) {
	if e.x.session == nil || e.x.session.Space().Name == "" {
		return session.Space{}, status.Semantic("Space was not chosen.")
	}
	return e.x.session.Space(), nil
}

// emptyTable returns a table with the columns of n and no rows.
func emptyTable(n *plan.Node) *value.DataSet {
	return &value.DataSet{ColNames: n.ColNames}
}

// addRow appends one row of values to ds.
func addRow(ds *value.DataSet, vs ...value.Value) {
	ds.Rows = append(ds.Rows, value.Row{Values: vs})
}

// strOrEmpty is s as a string value, or EMPTY when s is empty: the form
// NebulaGraph gives optional text it does not have.
func strOrEmpty(s string) value.Value {
	if s == "" {
		return value.Empty
	}
	return value.NewString(s)
}
