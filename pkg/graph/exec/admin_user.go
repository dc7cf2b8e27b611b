package exec

import (
	"context"
	"sort"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Users and roles: CREATE/ALTER/DROP USER, CHANGE PASSWORD, GRANT/REVOKE,
// DESCRIBE USER, SHOW USERS, SHOW ROLES. Who may run them is the
// permission layer's business; this file checks them as NebulaGraph's
// ACL validators do.

// NebulaGraph's limits on account names and passwords, in bytes.
const (
	maxUserNameLen = 16
	maxPasswordLen = 24
)

var (
	describeUserCols = []adminCol{{"role", value.KindString}, {"space", value.KindString}}
	listUsersCols    = []adminCol{{"Account", value.KindString}}
	listRolesCols    = []adminCol{{"Account", value.KindString}, {"Role Type", value.KindString}}
)

func checkUserName(name string) error {
	if len(name) > maxUserNameLen {
		return status.Semantic("Username exceed maximum length %d characters.", maxUserNameLen)
	}
	return nil
}

func checkPassword(what, pwd string) error {
	if len(pwd) > maxPasswordLen {
		return status.Semantic("%s exceed maximum length %d characters.", what, maxPasswordLen)
	}
	return nil
}

// userStmt validates the statements on users and roles.
func (p *planner) userStmt(st ast.Stmt, in *shape) (*adminNode, error) {
	switch s := st.(type) {
	case *ast.CreateUser:
		if err := checkUserName(s.Name); err != nil {
			return nil, err
		}
		if err := checkPassword("Password", s.Password); err != nil {
			return nil, err
		}
		return &adminNode{kind: plan.CreateUser, stmt: s}, nil
	case *ast.DropUser:
		if err := checkUserName(s.Name); err != nil {
			return nil, err
		}
		if s.Name == meta.RootUser {
			return nil, status.Semantic("Can't drop root user.")
		}
		return &adminNode{kind: plan.DropUser, stmt: s}, nil
	case *ast.AlterUser:
		if err := checkUserName(s.Name); err != nil {
			return nil, err
		}
		if err := checkPassword("Password", s.Password); err != nil {
			return nil, err
		}
		return &adminNode{kind: plan.UpdateUser, stmt: s}, nil
	case *ast.ChangePassword:
		if err := checkUserName(s.Name); err != nil {
			return nil, err
		}
		if err := checkPassword("Old password", s.Old); err != nil {
			return nil, err
		}
		if err := checkPassword("New password", s.New); err != nil {
			return nil, err
		}
		return &adminNode{kind: plan.ChangePassword, stmt: s}, nil
	case *ast.GrantRole:
		if err := checkUserName(s.User); err != nil {
			return nil, err
		}
		if s.Revoke {
			return &adminNode{kind: plan.RevokeRole, stmt: s}, nil
		}
		mc, err := p.x.meta()
		if err != nil {
			return nil, err
		}
		for _, r := range mc.UserRoles(s.User) {
			if r.Type == gmeta.RoleType_GOD {
				return nil, status.Semantic("User '%s' is GOD, cannot be granted.", s.User)
			}
		}
		return &adminNode{kind: plan.GrantRole, stmt: s}, nil
	case *ast.DescribeUser:
		if err := checkUserName(s.Name); err != nil {
			return nil, err
		}
		if in != nil {
			return nil, status.Semantic("Show queries sentence do not support input")
		}
		return tableNode(plan.DescribeUser, s, describeUserCols), nil
	}
	return nil, nil
}

// showRoles validates SHOW ROLES IN space: the space must exist.
func (p *planner) showRoles(s *ast.Show) (*adminNode, error) {
	mc, err := p.x.meta()
	if err != nil {
		return nil, err
	}
	if _, err := mc.SpaceByName(s.Name); err != nil {
		return nil, err
	}
	return tableNode(plan.ListRoles, s, listRolesCols), nil
}

func execCreateUser(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.CreateUser)
	return nil, mc.CreateUser(ctx, s.Name, s.Password, s.IfNotExists)
}

func execDropUser(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.DropUser)
	return nil, mc.DropUser(ctx, s.Name, s.IfExists)
}

func execUpdateUser(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.AlterUser)
	return nil, mc.AlterUser(ctx, s.Name, s.Password)
}

func execChangePassword(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.ChangePassword)
	return nil, mc.ChangePassword(ctx, s.Name, s.Old, s.New)
}

// execGrantRole grants or revokes a role; the space is looked up in the
// cache first, so an unknown one is "SpaceNotFound: SpaceName `s`".
func execGrantRole(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.GrantRole)
	sp, err := mc.SpaceByName(s.Space)
	if err != nil {
		return nil, err
	}
	role, err := gmeta.RoleTypeFromString(s.Role)
	if err != nil {
		return nil, status.Syntax("syntax error near `%s'", s.Role)
	}
	if s.Revoke {
		return nil, mc.RevokeRole(ctx, s.User, sp.ID, role)
	}
	return nil, mc.GrantRole(ctx, s.User, sp.ID, role)
}

// execDescribeUser lists a user's roles and the spaces they hold in; GOD
// holds in no particular space.
func execDescribeUser(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	roles, err := mc.GetUserRoles(ctx, n.Stmt.(*ast.DescribeUser).Name)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, r := range roles {
		space := ""
		if r.Space != 0 {
			sp, err := mc.SpaceByID(r.Space)
			if err != nil {
				return nil, status.Execution("Space not found")
			}
			space = sp.Name
		}
		addRow(ds, value.NewString(r.Type.String()), value.NewString(space))
	}
	return ds, nil
}

func execListUsers(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	users, err := mc.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	sort.Strings(users)
	ds := emptyTable(n)
	for _, u := range users {
		addRow(ds, value.NewString(u))
	}
	return ds, nil
}

// execListRoles lists the roles granted in a space as NebulaGraph's
// ListRolesExecutor does: a user with a role there other than ADMIN sees
// only its own, an ADMIN of the space or a GOD sees all, anyone else none.
func execListRoles(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := mc.SpaceByName(n.Stmt.(*ast.Show).Name)
	if err != nil {
		return nil, err
	}
	roles, err := mc.ListRoles(ctx, sp.ID)
	if err != nil {
		return nil, err
	}
	sort.Slice(roles, func(i, j int) bool { return roles[i].User < roles[j].User })
	visible := roles
	if sess := e.x.session; sess != nil {
		visible = nil
		var own *meta.Role
		for i := range roles {
			if roles[i].User == sess.User() {
				own = &roles[i]
			}
		}
		switch {
		case own != nil && own.Type != gmeta.RoleType_ADMIN:
			visible = []meta.Role{*own}
		case own != nil || isGod(mc, sess.User()):
			visible = roles
		}
	}
	ds := emptyTable(n)
	for _, r := range visible {
		addRow(ds, value.NewString(r.User), value.NewString(r.Type.String()))
	}
	return ds, nil
}

// isGod reports whether user holds the GOD role, as the cache knows.
func isGod(mc *meta.Client, user string) bool {
	for _, r := range mc.UserRoles(user) {
		if r.Type == gmeta.RoleType_GOD {
			return true
		}
	}
	return false
}
