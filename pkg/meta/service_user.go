package meta

import (
	"context"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Users and roles. Passwords arrive in clear over the daemons' own
// connections and are stored salted and hashed (password.go); roles are
// per space, GOD is held by root alone, on the system space 0.

// RootUser is the account every cluster starts with, and RootPassword its
// password until changed.
const (
	RootUser     = "root"
	RootPassword = "nebula"
)

// godSpace is the space id of the GOD role, which spans every space.
const godSpace = 0

// initState writes what a new cluster starts with, once: the cluster id
// and root, with GOD role and the default password.
func (s *service) initState(t *txn) error {
	if ok, err := t.exists(sysKey(sysInitialized)); err != nil || ok {
		return err
	}
	id, err := randomID()
	if err != nil {
		return err
	}
	root, err := hashPassword(RootUser, RootPassword, s.cfg.PasswordHashIterations)
	if err != nil {
		return err
	}
	t.put(sysKey(sysClusterID), appendU64(nil, id))
	t.putRecord(userKey(RootUser), root)
	t.put(roleKey(common.GraphSpaceID(godSpace), RootUser), appendU32(nil, int32(gmeta.RoleType_GOD)))
	t.put(sysKey(sysInitialized), nil)
	t.touch = true
	return nil
}

// CreateUser creates a user with a password.
func (s *service) CreateUser(ctx context.Context, req *gmeta.CreateUserReq) (*gmeta.ExecResp, error) {
	account := string(req.Account)
	// Hash before taking the write lock: it is deliberately slow.
	u, herr := hashPassword(account, string(req.Password), s.cfg.PasswordHashIterations)
	err := s.update(ctx, func(t *txn) error {
		if herr != nil {
			return herr
		}
		if ok, err := t.exists(userKey(account)); err != nil {
			return err
		} else if ok {
			if req.IfNotExists {
				return nil
			}
			return codeError(common.ErrorCode_E_EXISTED)
		}
		t.touch = true
		t.putRecord(userKey(account), u)
		return nil
	})
	return reply(s.exec(err, nil))
}

// DropUser removes a user and every role granted to it.
func (s *service) DropUser(ctx context.Context, req *gmeta.DropUserReq) (*gmeta.ExecResp, error) {
	account := string(req.Account)
	err := s.update(ctx, func(t *txn) error {
		if _, err := t.user(account); err != nil {
			if req.IfExists && CodeOf(err) == common.ErrorCode_E_USER_NOT_FOUND {
				return nil
			}
			return err
		}
		roles, err := t.roles(0, true)
		if err != nil {
			return err
		}
		for _, r := range roles {
			if string(r.UserID) == account {
				t.del(roleKey(r.SpaceID, account))
			}
		}
		t.touch = true
		t.del(userKey(account))
		return nil
	})
	return reply(s.exec(err, nil))
}

// AlterUser sets a user's password.
func (s *service) AlterUser(ctx context.Context, req *gmeta.AlterUserReq) (*gmeta.ExecResp, error) {
	account := string(req.Account)
	u, herr := hashPassword(account, string(req.Password), s.cfg.PasswordHashIterations)
	err := s.update(ctx, func(t *txn) error {
		if herr != nil {
			return herr
		}
		if _, err := t.user(account); err != nil {
			return err
		}
		t.touch = true
		t.putRecord(userKey(account), u)
		return nil
	})
	return reply(s.exec(err, nil))
}

// ChangePassword sets a user's password given the current one:
// E_INVALID_PASSWORD when that is wrong.
func (s *service) ChangePassword(ctx context.Context, req *gmeta.ChangePasswordReq) (*gmeta.ExecResp, error) {
	account := string(req.Account)
	u, herr := hashPassword(account, string(req.NewPassword_), s.cfg.PasswordHashIterations)
	err := s.update(ctx, func(t *txn) error {
		if herr != nil {
			return herr
		}
		cur, err := t.user(account)
		if err != nil {
			return err
		}
		if !checkPassword(cur, string(req.OldPassword)) {
			return codeError(common.ErrorCode_E_INVALID_PASSWORD)
		}
		t.touch = true
		t.putRecord(userKey(account), u)
		return nil
	})
	return reply(s.exec(err, nil))
}

// GrantRole gives a user a role in a space, replacing the one it had there.
// GOD cannot be granted (E_IMPROPER_ROLE).
func (s *service) GrantRole(ctx context.Context, req *gmeta.GrantRoleReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		r := req.RoleItem
		if r == nil || r.RoleType == gmeta.RoleType_GOD || r.RoleType < gmeta.RoleType_GOD || r.RoleType > gmeta.RoleType_GUEST {
			return codeError(common.ErrorCode_E_IMPROPER_ROLE)
		}
		if _, err := t.user(string(r.UserID)); err != nil {
			return err
		}
		if _, err := t.space(r.SpaceID); err != nil {
			return err
		}
		t.touch = true
		t.put(roleKey(r.SpaceID, string(r.UserID)), appendU32(nil, int32(r.RoleType)))
		return nil
	})
	return reply(s.exec(err, nil))
}

// RevokeRole takes a role back: E_ROLE_NOT_FOUND when the user has none in
// the space, E_IMPROPER_ROLE when it has another one.
func (s *service) RevokeRole(ctx context.Context, req *gmeta.RevokeRoleReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		r := req.RoleItem
		if r == nil {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		if _, err := t.user(string(r.UserID)); err != nil {
			return err
		}
		if _, err := t.space(r.SpaceID); err != nil {
			return err
		}
		key := roleKey(r.SpaceID, string(r.UserID))
		have, err := t.lookupID(key, codeError(common.ErrorCode_E_ROLE_NOT_FOUND))
		if err != nil {
			return err
		}
		if gmeta.RoleType(have) != r.RoleType {
			return codeError(common.ErrorCode_E_IMPROPER_ROLE)
		}
		t.touch = true
		t.del(key)
		return nil
	})
	return reply(s.exec(err, nil))
}

// ListUsers lists every account name.
func (s *service) ListUsers(_ context.Context, _ *gmeta.ListUsersReq) (*gmeta.ListUsersResp, error) {
	resp := &gmeta.ListUsersResp{Users: [][]byte{}}
	err := s.view(func(v view) error {
		users, err := v.users()
		for _, u := range users {
			resp.Users = append(resp.Users, u.Account)
		}
		return err
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// ListRoles lists the roles granted in a space.
func (s *service) ListRoles(_ context.Context, req *gmeta.ListRolesReq) (*gmeta.ListRolesResp, error) {
	resp := &gmeta.ListRolesResp{}
	err := s.view(func(v view) error {
		if _, err := v.space(req.SpaceID); err != nil {
			return err
		}
		var err error
		resp.Roles, err = v.roles(req.SpaceID, false)
		return err
	})
	if resp.Roles == nil {
		resp.Roles = []*gmeta.RoleItem{}
	}
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// GetUserRoles lists a user's roles in every space.
func (s *service) GetUserRoles(_ context.Context, req *gmeta.GetUserRolesReq) (*gmeta.ListRolesResp, error) {
	resp := &gmeta.ListRolesResp{Roles: []*gmeta.RoleItem{}}
	err := s.view(func(v view) error {
		account := string(req.Account)
		if _, err := v.user(account); err != nil {
			return err
		}
		all, err := v.roles(0, true)
		for _, r := range all {
			if string(r.UserID) == account {
				resp.Roles = append(resp.Roles, r)
			}
		}
		sort.Slice(resp.Roles, func(i, j int) bool { return resp.Roles[i].SpaceID < resp.Roles[j].SpaceID })
		return err
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}
