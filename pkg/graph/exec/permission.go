package exec

import (
	"strings"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// Role-based access control, NebulaGraph's table (PermissionCheck and
// PermissionManager): every statement, nested ones included, is checked
// against the roles metad grants the session's user before it is planned.
// GOD may do anything; ADMIN and DBA write schema in their space; USER also
// writes data; GUEST only reads.

// role is the session user's role in a space; 0 means none.
func (x *run) role(space int32) gmeta.RoleType {
	var best gmeta.RoleType
	for _, r := range x.engine.opts.Meta.UserRoles(x.session.User()) {
		if r.Type == gmeta.RoleType_GOD {
			return gmeta.RoleType_GOD
		}
		if r.Space == space && (best == 0 || r.Type < best) {
			best = r.Type
		}
	}
	return best
}

func (x *run) isGod() bool { return x.role(0) == gmeta.RoleType_GOD }

// spaceRole is the role in space (0 when none is chosen); ok is false when
// no space is chosen or the user has no role in it.
func (x *run) spaceRole(space int32) (gmeta.RoleType, bool) {
	if space <= 0 {
		return 0, false
	}
	r := x.role(space)
	return r, r != 0
}

// checkPermission refuses st when the session's user may not run it. space
// returns the id of the space st runs in (0 when none is chosen); it is
// only called when a role in the space decides.
func (x *run) checkPermission(st ast.Stmt, space func() int32) error {
	if !x.engine.opts.Authorize || x.engine.opts.Meta == nil || x.session == nil {
		return nil
	}
	if g, ok := st.(*ast.GrantRole); ok {
		// Nobody, GOD included, grants GOD or their own roles.
		return x.checkGrant(g)
	}
	if x.isGod() {
		return nil
	}
	deny := func(msg string) error { return status.Permission("%s", msg) }
	atLeast := func(max gmeta.RoleType, msg string) error {
		if r, ok := x.spaceRole(space()); ok && r <= max {
			return nil
		}
		return deny(msg)
	}
	switch s := st.(type) {
	case *ast.CreateSpace, *ast.CreateSpaceAs, *ast.DropSpace, *ast.AlterSpace, *ast.CreateSnapshot,
		*ast.DropSnapshot, *ast.AddHosts, *ast.DropHosts, *ast.MergeZone, *ast.DivideZone, *ast.RenameZone,
		*ast.DropZone, *ast.DescribeZone, *ast.GetConfig, *ast.SetConfig, *ast.Ingest, *ast.Download,
		*ast.SignInService, *ast.SignOutService:
		return deny("No permission to write space.")
	case *ast.CreateSchema, *ast.AlterSchema, *ast.DropSchema, *ast.CreateIndex, *ast.DropIndex,
		*ast.CreateFTIndex, *ast.DropFTIndex, *ast.AddListener, *ast.RemoveListener:
		return atLeast(gmeta.RoleType_DBA, "No permission to write schema.")
	case *ast.CreateUser, *ast.AlterUser, *ast.DropUser:
		return deny("No permission to write user.")
	case *ast.DescribeUser:
		// Anyone may describe themselves; others' roles are GOD's to see.
		if s.Name == x.session.User() {
			return nil
		}
		return deny("No permission to write user.")
	case *ast.GrantRole:
		return x.checkGrant(s)
	case *ast.AdminJob:
		// SHOW JOBS and SHOW JOB are NebulaGraph's kAdminShowJobs: any
		// role in the space may list its jobs.
		if s.Op == ast.JobShowAll || s.Op == ast.JobShow {
			return nil
		}
		return atLeast(gmeta.RoleType_USER, "No permission to write data.")
	case *ast.InsertVertices, *ast.InsertEdges, *ast.UpdateVertex, *ast.UpdateEdge, *ast.DeleteVertices,
		*ast.DeleteTags, *ast.DeleteEdges:
		return atLeast(gmeta.RoleType_USER, "No permission to write data.")
	case *ast.DescribeSchema, *ast.DescribeIndex, *ast.Go, *ast.Match, *ast.Lookup, *ast.FetchVertices,
		*ast.FetchEdges, *ast.FindPath, *ast.GetSubgraph:
		return atLeast(gmeta.RoleType_GUEST, "No permission to read schema/data.")
	case *ast.Show:
		switch s.Kind {
		case ast.ShowUsers, ast.ShowSnapshots, ast.ShowTextSearchClients, ast.ShowSessions, ast.ShowSession:
			return deny("No permission to show users/snapshots/textClients")
		case ast.ShowConfigs:
			return deny("No permission to write space.")
		}
	}
	// USE, DESC SPACE, SHOW SPACES and the read-only SHOWs check (or
	// filter) by the target space where they run; clauses on tables
	// (YIELD, ORDER BY, ...) read no space.
	return nil
}

// checkGrant is canWriteRole: nobody grants or revokes GOD or their own
// roles; GOD may do the rest; an ADMIN of the space may grant DBA, USER
// and GUEST in it.
func (x *run) checkGrant(s *ast.GrantRole) error {
	if !s.Revoke {
		// NebulaGraph's GrantRoleValidator refuses granting to a GOD user
		// before the permission check runs; the planner says so.
		for _, r := range x.engine.opts.Meta.UserRoles(s.User) {
			if r.Type == gmeta.RoleType_GOD {
				return nil
			}
		}
	}
	if s.User == x.session.User() {
		return status.Permission("No permission to grant/revoke yourself.")
	}
	target := strings.ToUpper(s.Role)
	if target == "GOD" {
		return status.Permission("No permission to grant/revoke god user.")
	}
	if x.isGod() {
		return nil
	}
	sp, err := x.engine.opts.Meta.SpaceByName(s.Space)
	if err != nil {
		// The executor reports the unknown space as NebulaGraph does.
		return nil
	}
	r := x.role(sp.ID)
	if r == 0 {
		return status.Permission("No permission to write grant/revoke role.")
	}
	if r == gmeta.RoleType_ADMIN && target != "ADMIN" {
		return nil
	}
	return status.Permission("No permission to grant/revoke `%s' to `%s'.", r, s.User)
}
