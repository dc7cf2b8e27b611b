package meta

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// Space is a graph space as the cache holds it.
type Space struct {
	ID            int32
	Name          string
	PartitionNum  int32
	ReplicaFactor int32
	VIDType       kvstore.PropertyType // TypeInt64 or TypeFixedString
	VIDLen        int                  // 8 for INT64, N of FIXED_STRING(N)
	Charset       string
	Collate       string
	Zones         []string
	Comment       string
	// HasComment tells COMMENT = '' from no comment at all.
	HasComment     bool
	IsolationLevel gmeta.IsolationLevel
}

// Index is a tag or edge index.
type Index struct {
	ID         int32
	Name       string
	Space      int32
	Edge       bool
	SchemaID   int32 // tag id or edge type
	SchemaName string
	Fields     []IndexField
	Comment    string
	// S2MaxLevel and S2MaxCells are the geography index parameters; 0
	// means the default.
	S2MaxLevel int32
	S2MaxCells int32
}

// IndexField is one indexed property. A STRING property is indexed by a
// prefix and appears as TypeFixedString with Len the prefix length.
type IndexField struct {
	Name     string
	Type     kvstore.PropertyType
	Len      int
	Nullable bool
	GeoShape gmeta.GeoShape
}

// Role is a role granted to a user in a space (space 0 for GOD).
type Role struct {
	User  string
	Space int32
	Type  gmeta.RoleType
}

// HostStatus describes a host as metad last heard of it.
type HostStatus struct {
	Addr       string
	Online     bool
	Role       gmeta.HostRole
	Zone       string
	GitInfoSHA string
	Version    string
	// LeaderParts and AllParts map space names to the parts this host
	// leads and holds (storage hosts only).
	LeaderParts map[string][]int32
	AllParts    map[string][]int32
}

// catalog is one immutable load of what metad sends clients.
type catalog struct {
	version   int64
	clusterID int64
	spaces    map[int32]*spaceCatalog
	byName    map[string]*spaceCatalog
	users     map[string]*gmeta.UserAuth
	roles     map[string][]Role
	hosts     []HostStatus
}

type spaceCatalog struct {
	space      *Space
	tags       map[int32]*Schema
	edges      map[int32]*Schema
	tagNames   map[string]*Schema
	edgeNames  map[string]*Schema
	tagList    []*Schema // by id
	edgeList   []*Schema
	indexes    map[string]*Index
	tagIndexes []*Index // by id
	edgeIdx    []*Index
	parts      map[int32][]string
	leaders    map[int32]string
}

// errNotReady is returned by cache reads before the first load.
var errNotReady = &Error{Code: common.ErrorCode_E_LOAD_META_FAILED, Msg: "Not ready!"}

// Ready reports whether the cache holds a catalog.
func (c *Client) Ready() bool { return c.cat.Load() != nil }

// CatalogVersion returns the version of the cached catalog (0 before the
// first load).
func (c *Client) CatalogVersion() int64 {
	if cat := c.cat.Load(); cat != nil {
		return cat.version
	}
	return 0
}

// WaitReady refreshes the cache until it holds a catalog or ctx ends; a
// daemon calls it before serving.
func (c *Client) WaitReady(ctx context.Context) error {
	for {
		err := c.Refresh(ctx)
		if err == nil && c.Ready() {
			return nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = ctx.Err()
			}
			return fmt.Errorf("meta client: not ready: %w", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Refresh loads the catalog from metad if it changed since the cached one.
// DDL calls of this client refresh before they return, so that the caller
// sees its own change; Run refreshes every LoadInterval.
func (c *Client) Refresh(ctx context.Context) error {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	known := int64(-1)
	old := c.cat.Load()
	if old != nil {
		known = old.version
	}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.LoadCatalogResp, error) {
		return cl.LoadCatalog(ctx, &gmeta.LoadCatalogReq{KnownVersion: known})
	})
	if err != nil {
		return err
	}
	if err := respError(resp.Code); err != nil {
		return err
	}
	if !resp.Changed {
		return nil
	}
	cat, err := buildCatalog(resp)
	if err != nil {
		return fmt.Errorf("meta client: load catalog: %w", err)
	}
	c.cat.Store(cat)
	c.dropStaleLeaders(old, cat)
	return nil
}

func buildCatalog(resp *gmeta.LoadCatalogResp) (*catalog, error) {
	cat := &catalog{
		version:   resp.Version,
		clusterID: int64(resp.ClusterID),
		spaces:    map[int32]*spaceCatalog{},
		byName:    map[string]*spaceCatalog{},
		users:     map[string]*gmeta.UserAuth{},
		roles:     map[string][]Role{},
	}
	for _, sc := range resp.Spaces {
		s, err := buildSpace(sc)
		if err != nil {
			return nil, err
		}
		cat.spaces[s.space.ID] = s
		cat.byName[s.space.Name] = s
	}
	for _, u := range resp.Users {
		cat.users[string(u.Account)] = u
	}
	for _, r := range resp.Roles {
		role := Role{User: string(r.UserID), Space: int32(r.SpaceID), Type: r.RoleType}
		cat.roles[role.User] = append(cat.roles[role.User], role)
	}
	for _, h := range resp.StorageHosts {
		cat.hosts = append(cat.hosts, hostStatusOf(h))
	}
	return cat, nil
}

func spaceOf(it *gmeta.SpaceItem) *Space {
	d := it.Properties
	if d == nil {
		d = &gmeta.SpaceDesc{}
	}
	sp := &Space{
		ID:             int32(it.SpaceID),
		Name:           string(d.SpaceName),
		PartitionNum:   d.PartitionNum,
		ReplicaFactor:  d.ReplicaFactor,
		Charset:        string(d.CharsetName),
		Collate:        string(d.CollateName),
		Comment:        string(d.Comment),
		HasComment:     d.Comment != nil,
		IsolationLevel: d.GetIsolationLevel(),
	}
	if d.VidType != nil {
		sp.VIDType = kvstore.PropertyType(d.VidType.Type)
		sp.VIDLen = int(d.VidType.TypeLength)
	}
	for _, z := range d.ZoneNames {
		sp.Zones = append(sp.Zones, string(z))
	}
	return sp
}

func buildSpace(sc *gmeta.SpaceCatalog) (*spaceCatalog, error) {
	sp := spaceOf(sc.Space)
	s := &spaceCatalog{
		space:     sp,
		tags:      map[int32]*Schema{},
		edges:     map[int32]*Schema{},
		tagNames:  map[string]*Schema{},
		edgeNames: map[string]*Schema{},
		indexes:   map[string]*Index{},
		parts:     map[int32][]string{},
		leaders:   map[int32]string{},
	}
	edgeItems := make([]*gmeta.TagItem, 0, len(sc.Edges))
	for _, e := range sc.Edges {
		edgeItems = append(edgeItems, &gmeta.TagItem{TagID: common.TagID(e.EdgeType), TagName: e.EdgeName, Version: e.Version, Schema: e.Schema})
	}
	for _, kind := range []struct {
		edge  bool
		items []*gmeta.TagItem
		byID  map[int32]*Schema
		names map[string]*Schema
		list  *[]*Schema
	}{
		{false, sc.Tags, s.tags, s.tagNames, &s.tagList},
		{true, edgeItems, s.edges, s.edgeNames, &s.edgeList},
	} {
		groups := map[int32][]*gmeta.TagItem{}
		for _, it := range kind.items {
			groups[int32(it.TagID)] = append(groups[int32(it.TagID)], it)
		}
		for id, items := range groups {
			sort.Slice(items, func(i, j int) bool { return items[i].Version < items[j].Version })
			schema, err := newSchema(sp.ID, kind.edge, items)
			if err != nil {
				return nil, err
			}
			kind.byID[id] = schema
			kind.names[schema.Name] = schema
			*kind.list = append(*kind.list, schema)
		}
		sort.Slice(*kind.list, func(i, j int) bool { return (*kind.list)[i].ID < (*kind.list)[j].ID })
	}
	for _, items := range [][]*gmeta.IndexItem{sc.TagIndexes, sc.EdgeIndexes} {
		for _, it := range items {
			ix := indexOf(sp.ID, it)
			s.indexes[ix.Name] = ix
			if ix.Edge {
				s.edgeIdx = append(s.edgeIdx, ix)
			} else {
				s.tagIndexes = append(s.tagIndexes, ix)
			}
		}
	}
	for _, l := range [][]*Index{s.tagIndexes, s.edgeIdx} {
		sort.Slice(l, func(i, j int) bool { return l[i].ID < l[j].ID })
	}
	for part, hosts := range sc.Parts {
		for _, h := range hosts {
			s.parts[int32(part)] = append(s.parts[int32(part)], addrString(h))
		}
	}
	for part, l := range sc.Leaders {
		s.leaders[int32(part)] = addrString(l.Host)
	}
	return s, nil
}

func indexOf(space int32, it *gmeta.IndexItem) *Index {
	ix := &Index{
		ID:         int32(it.IndexID),
		Name:       string(it.IndexName),
		Space:      space,
		SchemaName: string(it.SchemaName),
		Comment:    string(it.Comment),
	}
	if it.SchemaID != nil {
		if it.SchemaID.EdgeType != nil {
			ix.Edge, ix.SchemaID = true, int32(*it.SchemaID.EdgeType)
		} else if it.SchemaID.TagID != nil {
			ix.SchemaID = int32(*it.SchemaID.TagID)
		}
	}
	for _, f := range it.Fields {
		field := IndexField{Name: string(f.Name), Nullable: f.Nullable}
		if f.Type != nil {
			field.Type = kvstore.PropertyType(f.Type.Type)
			field.Len = int(f.Type.TypeLength)
			field.GeoShape = f.Type.GetGeoShape()
		}
		ix.Fields = append(ix.Fields, field)
	}
	if p := it.IndexParams; p != nil {
		ix.S2MaxLevel, ix.S2MaxCells = p.GetS2MaxLevel(), p.GetS2MaxCells()
	}
	return ix
}

func hostStatusOf(h *gmeta.HostItem) HostStatus {
	hs := HostStatus{
		Addr:        addrString(h.HostAddr),
		Online:      h.Status == gmeta.HostStatus_ONLINE,
		Role:        h.Role,
		Zone:        string(h.ZoneName),
		GitInfoSHA:  string(h.GitInfoSha),
		Version:     string(h.Version),
		LeaderParts: map[string][]int32{},
		AllParts:    map[string][]int32{},
	}
	for _, m := range []struct {
		from map[string][]common.PartitionID
		to   map[string][]int32
	}{{h.LeaderParts, hs.LeaderParts}, {h.AllParts, hs.AllParts}} {
		for space, parts := range m.from {
			for _, p := range parts {
				m.to[space] = append(m.to[space], int32(p))
			}
		}
	}
	return hs
}

// Lookups. They read the cached catalog only and never block.

func (c *Client) catalog() (*catalog, error) {
	cat := c.cat.Load()
	if cat == nil {
		return nil, errNotReady
	}
	return cat, nil
}

func (c *Client) space(id int32) (*spaceCatalog, error) {
	cat, err := c.catalog()
	if err != nil {
		return nil, err
	}
	s, ok := cat.spaces[id]
	if !ok {
		return nil, spaceIDNotFound(id)
	}
	return s, nil
}

// SpaceByName returns a space: "SpaceNotFound: SpaceName `x`" when there
// is none.
func (c *Client) SpaceByName(name string) (*Space, error) {
	cat, err := c.catalog()
	if err != nil {
		return nil, err
	}
	s, ok := cat.byName[name]
	if !ok {
		return nil, spaceNameNotFound(name)
	}
	return s.space, nil
}

// SpaceByID returns a space: "SpaceNotFound: SpaceId `n`" when there is
// none.
func (c *Client) SpaceByID(id int32) (*Space, error) {
	s, err := c.space(id)
	if err != nil {
		return nil, err
	}
	return s.space, nil
}

// Spaces returns every space, by name.
func (c *Client) Spaces() []*Space {
	cat := c.cat.Load()
	if cat == nil {
		return nil
	}
	out := make([]*Space, 0, len(cat.spaces))
	for _, s := range cat.spaces {
		out = append(out, s.space)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// TagByName returns a tag of a space: "TagNotFound: TagName `t`" when
// there is none.
func (c *Client) TagByName(space int32, name string) (*Schema, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	if t, ok := s.tagNames[name]; ok {
		return t, nil
	}
	return nil, tagNameNotFound(name)
}

// TagByID returns a tag by id: "TagNotFound: TagID `n`" when there is none.
func (c *Client) TagByID(space, id int32) (*Schema, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	if t, ok := s.tags[id]; ok {
		return t, nil
	}
	return nil, tagIDNotFound(id)
}

// EdgeByName returns an edge type: "EdgeNotFound: EdgeName `e`" when there
// is none.
func (c *Client) EdgeByName(space int32, name string) (*Schema, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	if e, ok := s.edgeNames[name]; ok {
		return e, nil
	}
	return nil, edgeNameNotFound(name)
}

// EdgeByType returns an edge type by its (positive or negative) type:
// "EdgeNotFound: EdgeType `n`" when there is none.
func (c *Client) EdgeByType(space, edgeType int32) (*Schema, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	if e, ok := s.edges[abs32(edgeType)]; ok {
		return e, nil
	}
	return nil, edgeTypeNotFound(edgeType)
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

// Tags returns the tags of a space by id.
func (c *Client) Tags(space int32) ([]*Schema, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	return s.tagList, nil
}

// Edges returns the edge types of a space by type.
func (c *Client) Edges(space int32) ([]*Schema, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	return s.edgeList, nil
}

// IndexByName returns an index of either kind: "IndexNotFound: IndexName
// `i`" when there is none.
func (c *Client) IndexByName(space int32, name string) (*Index, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	if ix, ok := s.indexes[name]; ok {
		return ix, nil
	}
	return nil, indexNameNotFound(name)
}

// Indexes returns a space's tag (or edge) indexes by id.
func (c *Client) Indexes(space int32, edge bool) ([]*Index, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	if edge {
		return s.edgeIdx, nil
	}
	return s.tagIndexes, nil
}

// Parts returns the replicas ("host:port") of every part of a space.
// The map is shared: do not modify it.
func (c *Client) Parts(space int32) (map[int32][]string, error) {
	s, err := c.space(space)
	if err != nil {
		return nil, err
	}
	return s.parts, nil
}

// PartsOf returns, per space, the parts whose replicas include host.
func (c *Client) PartsOf(host string) map[int32][]int32 {
	out := map[int32][]int32{}
	cat := c.cat.Load()
	if cat == nil {
		return out
	}
	for id, s := range cat.spaces {
		for part, hosts := range s.parts {
			for _, h := range hosts {
				if h == host {
					out[id] = append(out[id], part)
				}
			}
		}
		sort.Slice(out[id], func(i, j int) bool { return out[id][i] < out[id][j] })
	}
	return out
}

// partRef names a part in the leader overrides.
type partRef struct{ space, part int32 }

// overrides maps a partRef to the leader a storage answer named.
func (c *Client) overrides() *sync.Map { return &c.leaderOverrides }

// PartLeader returns the leader of a part as last learned — from a
// storage answer through UpdateLeader, else from storaged heartbeats — and
// whether one is known.
func (c *Client) PartLeader(space, part int32) (string, bool) {
	if v, ok := c.overrides().Load(partRef{space, part}); ok {
		return v.(string), true
	}
	s, err := c.space(space)
	if err != nil {
		return "", false
	}
	l, ok := s.leaders[part]
	return l, ok
}

// UpdateLeader records a part's leader learned from a storage answer; it
// holds until metad reports a different leader for the part.
func (c *Client) UpdateLeader(space, part int32, leader string) {
	c.overrides().Store(partRef{space, part}, leader)
}

// InvalidateLeader forgets a part's leader learned through UpdateLeader.
func (c *Client) InvalidateLeader(space, part int32) {
	c.overrides().Delete(partRef{space, part})
}

// dropStaleLeaders forgets overrides of parts whose leader metad now
// reports differently than before: metad learned something newer.
func (c *Client) dropStaleLeaders(old, cur *catalog) {
	c.overrides().Range(func(k, _ any) bool {
		ref := k.(partRef)
		var was, now string
		if old != nil {
			if s, ok := old.spaces[ref.space]; ok {
				was = s.leaders[ref.part]
			}
		}
		if s, ok := cur.spaces[ref.space]; ok {
			now = s.leaders[ref.part]
		}
		if was != now {
			c.overrides().Delete(k)
		}
		return true
	})
}

// StorageHosts returns the registered storage hosts as of the last load.
func (c *Client) StorageHosts() []HostStatus {
	if cat := c.cat.Load(); cat != nil {
		return cat.hosts
	}
	return nil
}

// Users returns every account name, sorted.
func (c *Client) Users() []string {
	cat := c.cat.Load()
	if cat == nil {
		return nil
	}
	return sortedKeys(cat.users)
}

// UserRoles returns the roles granted to a user.
func (c *Client) UserRoles(user string) []Role {
	if cat := c.cat.Load(); cat != nil {
		return cat.roles[user]
	}
	return nil
}

// Authenticate checks a user's password against the cached credential
// (refreshing the cache first when the user is unknown, and once more on
// a mismatch, since the password may have just changed on another graphd).
// Its errors read as NebulaGraph's: "User not exist", "Invalid password".
func (c *Client) Authenticate(ctx context.Context, user, password string) error {
	cat := c.cat.Load()
	if cat == nil || cat.users[user] == nil {
		_ = c.Refresh(ctx)
		if cat = c.cat.Load(); cat == nil {
			return &Error{Code: common.ErrorCode_E_BAD_USERNAME_PASSWORD, Msg: "Meta Service not ready"}
		}
	}
	u := cat.users[user]
	if u == nil {
		return ErrNoSuchUser
	}
	if checkPassword(u, password) {
		return nil
	}
	if c.Refresh(ctx) == nil {
		if now := c.cat.Load(); now != nil && now != cat {
			if u2 := now.users[user]; u2 != nil && checkPassword(u2, password) {
				return nil
			}
		}
	}
	return ErrBadPassword
}
