package meta

import (
	"context"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// The calls graphd issues for DDL and administration. Each returns an
// *Error carrying NebulaGraph's code and message when metad refuses. Calls
// that change what the cache holds refresh it before returning, so the
// caller sees its own change at once (other clients within LoadInterval).

// exec runs a write and returns the id it answered with.
func (c *Client) exec(ctx context.Context, refresh bool, fn func(context.Context, *gmeta.MetaServiceClient) (*gmeta.ExecResp, error)) (*gmeta.ID, error) {
	resp, err := call(ctx, c, fn)
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return resp.ID, err
	}
	if refresh && !c.opts.SkipCatalog {
		if err := c.Refresh(ctx); err != nil {
			c.log.Warn("meta client: refresh after write", "err", err)
		}
	}
	if resp.ID == nil {
		resp.ID = &gmeta.ID{}
	}
	return resp.ID, nil
}

func bytesList(ss []string) [][]byte {
	out := make([][]byte, 0, len(ss))
	for _, s := range ss {
		out = append(out, []byte(s))
	}
	return out
}

func hostAddrs(hosts []string) ([]*common.HostAddr, error) {
	out := make([]*common.HostAddr, 0, len(hosts))
	for _, h := range hosts {
		a, err := parseAddr(h)
		if err != nil {
			return nil, &Error{Code: common.ErrorCode_E_INVALID_HOST, Msg: codeMessages[common.ErrorCode_E_INVALID_HOST], cause: err}
		}
		out = append(out, a)
	}
	return out, nil
}

func addrList(hosts []*common.HostAddr) []string {
	out := make([]string, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, addrString(h))
	}
	return out
}

// Spaces.

// SpaceSpec describes a space to create. Zero PartitionNum and
// ReplicaFactor take metad's defaults; no Zones means every zone; empty
// Charset and Collate mean utf8 and utf8_bin.
type SpaceSpec struct {
	Name          string
	PartitionNum  int32
	ReplicaFactor int32
	VIDType       kvstore.PropertyType
	VIDLen        int
	Charset       string
	Collate       string
	Comment       string
	// HasComment sends Comment even when it is empty (COMMENT = '').
	HasComment bool
	Zones      []string
}

// CreateSpace creates a space and returns its id (also that of the
// existing space when ifNotExists spares an "Existed!").
func (c *Client) CreateSpace(ctx context.Context, spec SpaceSpec, ifNotExists bool) (int32, error) {
	desc := &gmeta.SpaceDesc{
		SpaceName:     []byte(spec.Name),
		PartitionNum:  spec.PartitionNum,
		ReplicaFactor: spec.ReplicaFactor,
		CharsetName:   []byte(spec.Charset),
		CollateName:   []byte(spec.Collate),
		VidType:       &gmeta.ColumnTypeDef{Type: common.PropertyType(spec.VIDType), TypeLength: int16(spec.VIDLen)},
		ZoneNames:     bytesList(spec.Zones),
	}
	if spec.Comment != "" || spec.HasComment {
		desc.Comment = []byte(spec.Comment)
	}
	id, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.CreateSpace(ctx, prep(&gmeta.CreateSpaceReq{Properties: desc, IfNotExists: ifNotExists}))
	})
	return int32(id.GetSpaceID()), err
}

// DropSpace drops a space with everything in it.
func (c *Client) DropSpace(ctx context.Context, name string, ifExists bool) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.DropSpace(ctx, &gmeta.DropSpaceReq{SpaceName: []byte(name), IfExists: ifExists})
	})
	return err
}

// AddZonesToSpace lets a space use more zones (ALTER SPACE ... ADD ZONE).
func (c *Client) AddZonesToSpace(ctx context.Context, space string, zones []string) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.AlterSpace(ctx, &gmeta.AlterSpaceReq{SpaceName: []byte(space), Op: gmeta.AlterSpaceOp_ADD_ZONE, Paras: bytesList(zones)})
	})
	return err
}

// CreateSpaceAs creates newName with the properties, placement, schemas
// and indexes of oldName, and returns its id.
func (c *Client) CreateSpaceAs(ctx context.Context, oldName, newName string) (int32, error) {
	id, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.CreateSpaceAs(ctx, &gmeta.CreateSpaceAsReq{OldSpaceName: []byte(oldName), NewSpaceName_: []byte(newName)})
	})
	return int32(id.GetSpaceID()), err
}

// GetSpace asks metad for a space by name.
func (c *Client) GetSpace(ctx context.Context, name string) (*Space, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetSpaceResp, error) {
		return cl.GetSpace(ctx, &gmeta.GetSpaceReq{SpaceName: []byte(name)})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	return spaceOf(resp.Item), nil
}

// SpaceName is a space's id and name.
type SpaceName struct {
	ID   int32
	Name string
}

// ListSpaces asks metad for every space.
func (c *Client) ListSpaces(ctx context.Context) ([]SpaceName, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListSpacesResp, error) {
		return cl.ListSpaces(ctx, &gmeta.ListSpacesReq{})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]SpaceName, 0, len(resp.Spaces))
	for _, s := range resp.Spaces {
		out = append(out, SpaceName{ID: int32(s.ID.GetSpaceID()), Name: string(s.Name)})
	}
	return out, nil
}

// Tags and edge types.

// SchemaProps are a schema's TTL and comment; nil fields are left as they
// are (on ALTER) or unset (on CREATE).
type SchemaProps struct {
	TTLDuration *int64
	TTLCol      *string
	Comment     *string
}

func (p SchemaProps) wire() *gmeta.SchemaProp {
	sp := &gmeta.SchemaProp{TTLDuration: p.TTLDuration}
	if p.TTLCol != nil {
		sp.TTLCol = []byte(*p.TTLCol)
	}
	if p.Comment != nil {
		sp.Comment = []byte(*p.Comment)
	}
	return sp
}

func wireColumns(cols []Column) []*gmeta.ColumnDef {
	out := make([]*gmeta.ColumnDef, 0, len(cols))
	for _, c := range cols {
		out = append(out, c.ColumnDef())
	}
	return out
}

// CreateSchema creates a tag (or, with edge, an edge type) and returns its
// id (also the existing one's when ifNotExists spares an "Existed!").
func (c *Client) CreateSchema(ctx context.Context, edge bool, space int32, name string, cols []Column, props SchemaProps, ifNotExists bool) (int32, error) {
	sc := &gmeta.Schema{Columns: wireColumns(cols), SchemaProp: props.wire()}
	id, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		if edge {
			return cl.CreateEdge(ctx, prep(&gmeta.CreateEdgeReq{SpaceID: common.GraphSpaceID(space), EdgeName: []byte(name), Schema: sc, IfNotExists: ifNotExists}))
		}
		return cl.CreateTag(ctx, prep(&gmeta.CreateTagReq{SpaceID: common.GraphSpaceID(space), TagName: []byte(name), Schema: sc, IfNotExists: ifNotExists}))
	})
	if edge {
		return int32(id.GetEdgeType()), err
	}
	return int32(id.GetTagID()), err
}

// AlterItem is one clause of ALTER TAG/EDGE: columns to add, change or
// drop (only names matter for DROP).
type AlterItem struct {
	Op      gmeta.AlterSchemaOp
	Columns []Column
}

// AlterSchema writes a new version of a tag's or edge type's schema.
func (c *Client) AlterSchema(ctx context.Context, edge bool, space int32, name string, items []AlterItem, props SchemaProps) error {
	wi := make([]*gmeta.AlterSchemaItem, 0, len(items))
	for _, it := range items {
		wi = append(wi, &gmeta.AlterSchemaItem{Op: it.Op, Schema: &gmeta.Schema{Columns: wireColumns(it.Columns), SchemaProp: &gmeta.SchemaProp{}}})
	}
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		if edge {
			return cl.AlterEdge(ctx, prep(&gmeta.AlterEdgeReq{SpaceID: common.GraphSpaceID(space), EdgeName: []byte(name), EdgeItems: wi, SchemaProp: props.wire()}))
		}
		return cl.AlterTag(ctx, prep(&gmeta.AlterTagReq{SpaceID: common.GraphSpaceID(space), TagName: []byte(name), TagItems: wi, SchemaProp: props.wire()}))
	})
	return err
}

// DropSchema drops a tag or an edge type.
func (c *Client) DropSchema(ctx context.Context, edge bool, space int32, name string, ifExists bool) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		if edge {
			return cl.DropEdge(ctx, &gmeta.DropEdgeReq{SpaceID: common.GraphSpaceID(space), EdgeName: []byte(name), IfExists: ifExists})
		}
		return cl.DropTag(ctx, &gmeta.DropTagReq{SpaceID: common.GraphSpaceID(space), TagName: []byte(name), IfExists: ifExists})
	})
	return err
}

// GetSchema asks metad for one version of a tag's or edge type's schema
// (the latest for a negative version): what DESCRIBE shows.
func (c *Client) GetSchema(ctx context.Context, edge bool, space int32, name string, version int64) (*SchemaVersion, error) {
	var ws *gmeta.Schema
	if edge {
		resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetEdgeResp, error) {
			return cl.GetEdge(ctx, &gmeta.GetEdgeReq{SpaceID: common.GraphSpaceID(space), EdgeName: []byte(name), Version: gmeta.SchemaVer(version)})
		})
		if err != nil {
			return nil, err
		}
		if err := respError(resp.Code); err != nil {
			return nil, err
		}
		ws = resp.Schema
	} else {
		resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetTagResp, error) {
			return cl.GetTag(ctx, &gmeta.GetTagReq{SpaceID: common.GraphSpaceID(space), TagName: []byte(name), Version: gmeta.SchemaVer(version)})
		})
		if err != nil {
			return nil, err
		}
		if err := respError(resp.Code); err != nil {
			return nil, err
		}
		ws = resp.Schema
	}
	sv, _, err := schemaVersionOf(version, ws)
	if err != nil {
		return nil, err
	}
	return &sv, nil
}

// ListSchemas asks metad for every tag (or edge type) of a space with all
// its versions, by id.
func (c *Client) ListSchemas(ctx context.Context, edge bool, space int32) ([]*Schema, error) {
	var items []*gmeta.TagItem
	if edge {
		resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListEdgesResp, error) {
			return cl.ListEdges(ctx, &gmeta.ListEdgesReq{SpaceID: common.GraphSpaceID(space)})
		})
		if err != nil {
			return nil, err
		}
		if err := respError(resp.Code); err != nil {
			return nil, err
		}
		for _, e := range resp.Edges {
			items = append(items, &gmeta.TagItem{TagID: common.TagID(e.EdgeType), TagName: e.EdgeName, Version: e.Version, Schema: e.Schema})
		}
	} else {
		resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListTagsResp, error) {
			return cl.ListTags(ctx, &gmeta.ListTagsReq{SpaceID: common.GraphSpaceID(space)})
		})
		if err != nil {
			return nil, err
		}
		if err := respError(resp.Code); err != nil {
			return nil, err
		}
		items = resp.Tags
	}
	groups := map[common.TagID][]*gmeta.TagItem{}
	var ids []common.TagID
	for _, it := range items {
		if groups[it.TagID] == nil {
			ids = append(ids, it.TagID)
		}
		groups[it.TagID] = append(groups[it.TagID], it)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]*Schema, 0, len(ids))
	for _, id := range ids {
		g := groups[id]
		sort.Slice(g, func(i, j int) bool { return g[i].Version < g[j].Version })
		s, err := newSchema(space, edge, g)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Indexes.

// IndexSpec describes an index to create.
type IndexSpec struct {
	Space  int32
	Name   string
	Schema string // tag or edge type name
	Fields []IndexFieldSpec
	// Comment and Params are optional.
	Comment     *string
	Params      *gmeta.IndexParams
	IfNotExists bool
}

// IndexFieldSpec is one property to index; PrefixLen is required for a
// STRING property and refused for others.
type IndexFieldSpec struct {
	Name      string
	PrefixLen int16
}

// CreateIndex creates a tag (or edge) index and returns its id.
func (c *Client) CreateIndex(ctx context.Context, edge bool, spec IndexSpec) (int32, error) {
	req := &gmeta.CreateIndexReq{
		SpaceID:     common.GraphSpaceID(spec.Space),
		IndexName:   []byte(spec.Name),
		SchemaName:  []byte(spec.Schema),
		IfNotExists: spec.IfNotExists,
		IndexParams: spec.Params,
	}
	for _, f := range spec.Fields {
		fd := &gmeta.IndexFieldDef{Name: []byte(f.Name)}
		if f.PrefixLen != 0 {
			n := f.PrefixLen
			fd.TypeLength = &n
		}
		req.Fields = append(req.Fields, fd)
	}
	if spec.Comment != nil {
		req.Comment = []byte(*spec.Comment)
	}
	id, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		if edge {
			return cl.CreateEdgeIndex(ctx, prep(req))
		}
		return cl.CreateTagIndex(ctx, prep(req))
	})
	return int32(id.GetIndexID()), err
}

// DropIndex drops a tag (or edge) index.
func (c *Client) DropIndex(ctx context.Context, edge bool, space int32, name string, ifExists bool) error {
	req := &gmeta.DropIndexReq{SpaceID: common.GraphSpaceID(space), IndexName: []byte(name), IfExists: ifExists}
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		if edge {
			return cl.DropEdgeIndex(ctx, req)
		}
		return cl.DropTagIndex(ctx, req)
	})
	return err
}

// GetIndex asks metad for a tag (or edge) index by name.
func (c *Client) GetIndex(ctx context.Context, edge bool, space int32, name string) (*Index, error) {
	req := &gmeta.GetIndexReq{SpaceID: common.GraphSpaceID(space), IndexName: []byte(name)}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetIndexResp, error) {
		if edge {
			return cl.GetEdgeIndex(ctx, req)
		}
		return cl.GetTagIndex(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	return indexOf(space, resp.Item), nil
}

// ListIndexes asks metad for a space's tag (or edge) indexes.
func (c *Client) ListIndexes(ctx context.Context, edge bool, space int32) ([]*Index, error) {
	req := &gmeta.ListIndexesReq{SpaceID: common.GraphSpaceID(space)}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListIndexesResp, error) {
		if edge {
			return cl.ListEdgeIndexes(ctx, req)
		}
		return cl.ListTagIndexes(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]*Index, 0, len(resp.Items))
	for _, it := range resp.Items {
		out = append(out, indexOf(space, it))
	}
	return out, nil
}

// Users and roles.

// CreateUser creates a user.
func (c *Client) CreateUser(ctx context.Context, user, password string, ifNotExists bool) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.CreateUser(ctx, &gmeta.CreateUserReq{Account: []byte(user), Password: []byte(password), IfNotExists: ifNotExists})
	})
	return err
}

// DropUser drops a user and its roles.
func (c *Client) DropUser(ctx context.Context, user string, ifExists bool) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.DropUser(ctx, &gmeta.DropUserReq{Account: []byte(user), IfExists: ifExists})
	})
	return err
}

// AlterUser sets a user's password.
func (c *Client) AlterUser(ctx context.Context, user, password string) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.AlterUser(ctx, &gmeta.AlterUserReq{Account: []byte(user), Password: []byte(password)})
	})
	return err
}

// ChangePassword sets a user's password given the old one: "Invalid
// password!" when that is wrong.
func (c *Client) ChangePassword(ctx context.Context, user, oldPassword, newPassword string) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.ChangePassword(ctx, &gmeta.ChangePasswordReq{Account: []byte(user), OldPassword: []byte(oldPassword), NewPassword_: []byte(newPassword)})
	})
	return err
}

// GrantRole grants a role in a space, replacing the user's role there.
func (c *Client) GrantRole(ctx context.Context, user string, space int32, role gmeta.RoleType) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.GrantRole(ctx, &gmeta.GrantRoleReq{RoleItem: &gmeta.RoleItem{UserID: []byte(user), SpaceID: common.GraphSpaceID(space), RoleType: role}})
	})
	return err
}

// RevokeRole revokes a user's role in a space.
func (c *Client) RevokeRole(ctx context.Context, user string, space int32, role gmeta.RoleType) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.RevokeRole(ctx, &gmeta.RevokeRoleReq{RoleItem: &gmeta.RoleItem{UserID: []byte(user), SpaceID: common.GraphSpaceID(space), RoleType: role}})
	})
	return err
}

// ListUsers asks metad for every account name.
func (c *Client) ListUsers(ctx context.Context) ([]string, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListUsersResp, error) {
		return cl.ListUsers(ctx, &gmeta.ListUsersReq{})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(resp.Users))
	for _, u := range resp.Users {
		out = append(out, string(u))
	}
	return out, nil
}

func rolesOf(items []*gmeta.RoleItem) []Role {
	out := make([]Role, 0, len(items))
	for _, r := range items {
		out = append(out, Role{User: string(r.UserID), Space: int32(r.SpaceID), Type: r.RoleType})
	}
	return out
}

// ListRoles asks metad for the roles granted in a space.
func (c *Client) ListRoles(ctx context.Context, space int32) ([]Role, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListRolesResp, error) {
		return cl.ListRoles(ctx, &gmeta.ListRolesReq{SpaceID: common.GraphSpaceID(space)})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	return rolesOf(resp.Roles), nil
}

// GetUserRoles asks metad for a user's roles in every space.
func (c *Client) GetUserRoles(ctx context.Context, user string) ([]Role, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListRolesResp, error) {
		return cl.GetUserRoles(ctx, &gmeta.GetUserRolesReq{Account: []byte(user)})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	return rolesOf(resp.Roles), nil
}

// Hosts and zones.

// AddHosts registers storage hosts ("host:port"), each in a zone of its own.
func (c *Client) AddHosts(ctx context.Context, hosts []string) error {
	addrs, err := hostAddrs(hosts)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.AddHosts(ctx, &gmeta.AddHostsReq{Hosts: addrs})
	})
	return err
}

// AddHostsIntoZone registers storage hosts into a zone, new or existing.
func (c *Client) AddHostsIntoZone(ctx context.Context, hosts []string, zone string, isNew bool) error {
	addrs, err := hostAddrs(hosts)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.AddHostsIntoZone(ctx, &gmeta.AddHostsIntoZoneReq{Hosts: addrs, ZoneName: []byte(zone), IsNew: isNew})
	})
	return err
}

// DropHosts unregisters storage hosts that hold no part.
func (c *Client) DropHosts(ctx context.Context, hosts []string) error {
	addrs, err := hostAddrs(hosts)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.DropHosts(ctx, &gmeta.DropHostsReq{Hosts: addrs})
	})
	return err
}

// ListHosts asks metad for the hosts of one kind (SHOW HOSTS [GRAPH|META|STORAGE]).
func (c *Client) ListHosts(ctx context.Context, typ gmeta.ListHostType) ([]HostStatus, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListHostsResp, error) {
		return cl.ListHosts(ctx, &gmeta.ListHostsReq{Type: typ})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]HostStatus, 0, len(resp.Hosts))
	for _, h := range resp.Hosts {
		out = append(out, hostStatusOf(h))
	}
	return out, nil
}

// PartInfo describes one part (SHOW PARTS).
type PartInfo struct {
	Part   int32
	Leader string // "" when unknown or down
	Peers  []string
	Losts  []string // peers on hosts that are down
}

// ListParts asks metad about parts of a space (every part when none are
// named).
func (c *Client) ListParts(ctx context.Context, space int32, parts []int32) ([]PartInfo, error) {
	req := &gmeta.ListPartsReq{SpaceID: common.GraphSpaceID(space)}
	for _, p := range parts {
		req.PartIds = append(req.PartIds, common.PartitionID(p))
	}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListPartsResp, error) {
		return cl.ListParts(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]PartInfo, 0, len(resp.Parts))
	for _, p := range resp.Parts {
		pi := PartInfo{Part: int32(p.PartID), Peers: addrList(p.Peers), Losts: addrList(p.Losts)}
		if p.Leader != nil {
			pi.Leader = addrString(p.Leader)
		}
		out = append(out, pi)
	}
	return out, nil
}

// DropZone drops a zone and unregisters its hosts.
func (c *Client) DropZone(ctx context.Context, zone string) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.DropZone(ctx, &gmeta.DropZoneReq{ZoneName: []byte(zone)})
	})
	return err
}

// RenameZone renames a zone.
func (c *Client) RenameZone(ctx context.Context, from, to string) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.RenameZone(ctx, &gmeta.RenameZoneReq{OriginalZoneName: []byte(from), ZoneName: []byte(to)})
	})
	return err
}

// Zone is a zone and its hosts.
type Zone struct {
	Name  string
	Hosts []string
}

// GetZone asks metad for a zone's hosts.
func (c *Client) GetZone(ctx context.Context, zone string) ([]string, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetZoneResp, error) {
		return cl.GetZone(ctx, &gmeta.GetZoneReq{ZoneName: []byte(zone)})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	return addrList(resp.Hosts), nil
}

// ListZones asks metad for every zone.
func (c *Client) ListZones(ctx context.Context) ([]Zone, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListZonesResp, error) {
		return cl.ListZones(ctx, &gmeta.ListZonesReq{})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]Zone, 0, len(resp.Zones))
	for _, z := range resp.Zones {
		out = append(out, Zone{Name: string(z.ZoneName), Hosts: addrList(z.Nodes)})
	}
	return out, nil
}

// Configs.

// RegConfig registers configs this daemon exposes.
func (c *Client) RegConfig(ctx context.Context, items []*gmeta.ConfigItem) error {
	_, err := c.exec(ctx, false, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.RegConfig(ctx, prep(&gmeta.RegConfigReq{Items: items}))
	})
	return err
}

// GetConfig asks metad for a config of a module (of every module for ALL).
func (c *Client) GetConfig(ctx context.Context, module gmeta.ConfigModule, name string) ([]*gmeta.ConfigItem, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetConfigResp, error) {
		return cl.GetConfig(ctx, prep(&gmeta.GetConfigReq{Item: &gmeta.ConfigItem{ConfigModule: module, Name: []byte(name)}}))
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, respError(resp.Code)
}

// SetConfig changes a mutable config.
func (c *Client) SetConfig(ctx context.Context, module gmeta.ConfigModule, name string, v value.Value) error {
	_, err := c.exec(ctx, false, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.SetConfig(ctx, prep(&gmeta.SetConfigReq{Item: &gmeta.ConfigItem{ConfigModule: module, Name: []byte(name), Value: value.ToThrift(v)}}))
	})
	return err
}

// ListConfigs asks metad for the configs of a module (of every module for
// ALL).
func (c *Client) ListConfigs(ctx context.Context, module gmeta.ConfigModule) ([]*gmeta.ConfigItem, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListConfigsResp, error) {
		return cl.ListConfigs(ctx, &gmeta.ListConfigsReq{ConfigModule: module})
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, respError(resp.Code)
}

// Snapshots and jobs.

// CreateSnapshot records a new snapshot of the cluster.
func (c *Client) CreateSnapshot(ctx context.Context) error {
	_, err := c.exec(ctx, false, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.CreateSnapshot(ctx, &gmeta.CreateSnapshotReq{})
	})
	return err
}

// DropSnapshots removes snapshot records.
func (c *Client) DropSnapshots(ctx context.Context, names ...string) error {
	_, err := c.exec(ctx, false, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.DropSnapshot(ctx, &gmeta.DropSnapshotReq{Names: bytesList(names)})
	})
	return err
}

// ListSnapshots asks metad for the snapshot records.
func (c *Client) ListSnapshots(ctx context.Context) ([]*gmeta.Snapshot, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListSnapshotsResp, error) {
		return cl.ListSnapshots(ctx, &gmeta.ListSnapshotsReq{})
	})
	if err != nil {
		return nil, err
	}
	return resp.Snapshots, respError(resp.Code)
}

// RunAdminJob adds, shows, stops or recovers job records.
func (c *Client) RunAdminJob(ctx context.Context, req *gmeta.AdminJobReq) (*gmeta.AdminJobResult_, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.AdminJobResp, error) {
		return cl.RunAdminJob(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	return resp.Result_, respError(resp.Code)
}

// GetStats returns what the last STATS job of a space counted.
func (c *Client) GetStats(ctx context.Context, space int32) (*gmeta.StatsItem, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetStatsResp, error) {
		return cl.GetStats(ctx, &gmeta.GetStatsReq{SpaceID: common.GraphSpaceID(space)})
	})
	if err != nil {
		return nil, err
	}
	return resp.Stats, respError(resp.Code)
}

// ListIndexStatus lists the tag (or edge) index rebuild jobs of a space,
// newest first.
func (c *Client) ListIndexStatus(ctx context.Context, edge bool, space int32) ([]*gmeta.IndexStatus, error) {
	req := &gmeta.ListIndexStatusReq{SpaceID: common.GraphSpaceID(space)}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListIndexStatusResp, error) {
		if edge {
			return cl.ListEdgeIndexStatus(ctx, req)
		}
		return cl.ListTagIndexStatus(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	return resp.Statuses, respError(resp.Code)
}

// ClearSpace deletes every vertex, edge and index entry of a space; its
// schema stays.
func (c *Client) ClearSpace(ctx context.Context, name string, ifExists bool) error {
	_, err := c.exec(ctx, false, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.ClearSpace(ctx, &gmeta.ClearSpaceReq{SpaceName: []byte(name), IfExists: ifExists})
	})
	return err
}
