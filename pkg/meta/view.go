package meta

import (
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// view reads typed records from a store. Missing objects come back as the
// *Error NebulaGraph's metad answers with.
type view struct{ st store }

func (v view) lookup(key []byte, notFound error) ([]byte, error) {
	b, err := v.st.get(key)
	if errors.Is(err, kvstore.ErrNotFound) {
		return nil, notFound
	}
	return b, err
}

func (v view) exists(key []byte) (bool, error) {
	_, err := v.st.get(key)
	if errors.Is(err, kvstore.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (v view) lookupID(key []byte, notFound error) (int32, error) {
	b, err := v.lookup(key, notFound)
	if err != nil {
		return 0, err
	}
	return decodeI32(b)
}

// optID returns the 4-byte id at key and whether it exists.
func (v view) optID(key []byte) (int32, bool, error) {
	b, err := v.st.get(key)
	if errors.Is(err, kvstore.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	id, err := decodeI32(b)
	return id, err == nil, err
}

func (v view) int64At(key []byte) (int64, error) {
	b, err := v.st.get(key)
	if errors.Is(err, kvstore.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return decodeI64(b)
}

// Spaces.

func (v view) spaceID(name string) (common.GraphSpaceID, error) {
	id, err := v.lookupID(spaceNameKey(name), codeError(common.ErrorCode_E_SPACE_NOT_FOUND))
	return common.GraphSpaceID(id), err
}

func (v view) space(id common.GraphSpaceID) (*gmeta.SpaceItem, error) {
	b, err := v.lookup(spaceKey(id), codeError(common.ErrorCode_E_SPACE_NOT_FOUND))
	if err != nil {
		return nil, err
	}
	item := &gmeta.SpaceItem{}
	return item, decode(b, item)
}

func (v view) spaceByName(name string) (*gmeta.SpaceItem, error) {
	id, err := v.spaceID(name)
	if err != nil {
		return nil, err
	}
	return v.space(id)
}

// spaces returns every space in id order.
func (v view) spaces() ([]*gmeta.SpaceItem, error) {
	var out []*gmeta.SpaceItem
	err := v.st.scan([]byte{prefixSpace}, func(_, b []byte) error {
		item := &gmeta.SpaceItem{}
		if err := decode(b, item); err != nil {
			return err
		}
		out = append(out, item)
		return nil
	})
	return out, err
}

// parts returns the replicas of every part of space.
func (v view) parts(space common.GraphSpaceID) (map[common.PartitionID][]*common.HostAddr, error) {
	out := map[common.PartitionID][]*common.HostAddr{}
	err := v.st.scan(partPrefix(space), func(k, b []byte) error {
		ph := &gmeta.PartHosts{}
		if err := decode(b, ph); err != nil {
			return err
		}
		out[common.PartitionID(u32At(k, 5))] = ph.Hosts
		return nil
	})
	return out, err
}

// allParts returns the part map of every space.
func (v view) allParts() (map[common.GraphSpaceID]map[common.PartitionID][]*common.HostAddr, error) {
	out := map[common.GraphSpaceID]map[common.PartitionID][]*common.HostAddr{}
	err := v.st.scan([]byte{prefixPart}, func(k, b []byte) error {
		ph := &gmeta.PartHosts{}
		if err := decode(b, ph); err != nil {
			return err
		}
		space := common.GraphSpaceID(u32At(k, 1))
		if out[space] == nil {
			out[space] = map[common.PartitionID][]*common.HostAddr{}
		}
		out[space][common.PartitionID(u32At(k, 5))] = ph.Hosts
		return nil
	})
	return out, err
}

func (v view) leaders(space common.GraphSpaceID) (map[common.PartitionID]*gmeta.PartLeader, error) {
	out := map[common.PartitionID]*gmeta.PartLeader{}
	err := v.st.scan(leaderPrefix(space), func(k, b []byte) error {
		pl := &gmeta.PartLeader{}
		if err := decode(b, pl); err != nil {
			return err
		}
		out[common.PartitionID(u32At(k, 5))] = pl
		return nil
	})
	return out, err
}

// Tags and edge types. Both are stored as TagItem (an edge type in tag_id).

func schemaNotFound(edge bool) error {
	if edge {
		return codeError(common.ErrorCode_E_EDGE_NOT_FOUND)
	}
	return codeError(common.ErrorCode_E_TAG_NOT_FOUND)
}

func (v view) schemaID(edge bool, space common.GraphSpaceID, name string) (int32, error) {
	return v.lookupID(schemaNameKey(edge, space, name), schemaNotFound(edge))
}

// schemaVersions returns every version of one tag or edge type, oldest
// first.
func (v view) schemaVersions(edge bool, space common.GraphSpaceID, id int32) ([]*gmeta.TagItem, error) {
	var out []*gmeta.TagItem
	err := v.st.scan(schemaIDPrefix(edge, space, id), func(_, b []byte) error {
		item := &gmeta.TagItem{}
		if err := decode(b, item); err != nil {
			return err
		}
		out = append(out, item)
		return nil
	})
	if err == nil && len(out) == 0 {
		err = schemaNotFound(edge)
	}
	return out, err
}

// schemas returns every version of every tag (or edge type) of space, by
// id and then version.
func (v view) schemas(edge bool, space common.GraphSpaceID) ([]*gmeta.TagItem, error) {
	var out []*gmeta.TagItem
	err := v.st.scan(schemaPrefix(edge, space), func(_, b []byte) error {
		item := &gmeta.TagItem{}
		if err := decode(b, item); err != nil {
			return err
		}
		out = append(out, item)
		return nil
	})
	return out, err
}

// latestSchema returns the newest version of the named tag or edge type.
func (v view) latestSchema(edge bool, space common.GraphSpaceID, name string) (*gmeta.TagItem, []*gmeta.TagItem, error) {
	id, err := v.schemaID(edge, space, name)
	if err != nil {
		return nil, nil, err
	}
	vers, err := v.schemaVersions(edge, space, id)
	if err != nil {
		return nil, nil, err
	}
	return vers[len(vers)-1], vers, nil
}

// Indexes.

func (v view) indexes(space common.GraphSpaceID) ([]*gmeta.IndexItem, error) {
	var out []*gmeta.IndexItem
	err := v.st.scan(indexPrefix(space), func(_, b []byte) error {
		item := &gmeta.IndexItem{}
		if err := decode(b, item); err != nil {
			return err
		}
		out = append(out, item)
		return nil
	})
	return out, err
}

func (v view) indexByName(space common.GraphSpaceID, name string) (*gmeta.IndexItem, error) {
	id, err := v.lookupID(indexNameKey(space, name), codeError(common.ErrorCode_E_INDEX_NOT_FOUND))
	if err != nil {
		return nil, err
	}
	b, err := v.lookup(indexKey(space, id), codeError(common.ErrorCode_E_INDEX_NOT_FOUND))
	if err != nil {
		return nil, err
	}
	item := &gmeta.IndexItem{}
	return item, decode(b, item)
}

// Hosts and zones.

// addrString is the canonical "host:port" form of a host address, the
// form hosts are keyed by.
func addrString(h *common.HostAddr) string {
	if h == nil {
		return ""
	}
	return net.JoinHostPort(h.Host, strconv.Itoa(int(h.Port)))
}

// parseAddr reads "host:port".
func parseAddr(s string) (*common.HostAddr, error) {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", s, err)
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("address %q: bad port", s)
	}
	return &common.HostAddr{Host: host, Port: common.Port(p)}, nil
}

func (v view) machines() (map[string]bool, error) {
	out := map[string]bool{}
	err := v.st.scan([]byte{prefixMachine}, func(k, _ []byte) error {
		out[string(k[1:])] = true
		return nil
	})
	return out, err
}

// hostInfos returns the last heartbeat of every host that sent one.
func (v view) hostInfos() (map[string]*gmeta.HostInfo, error) {
	out := map[string]*gmeta.HostInfo{}
	err := v.st.scan([]byte{prefixHost}, func(k, b []byte) error {
		hi := &gmeta.HostInfo{}
		if err := decode(b, hi); err != nil {
			return err
		}
		out[string(k[1:])] = hi
		return nil
	})
	return out, err
}

func (v view) hostInfo(addr string) (*gmeta.HostInfo, bool, error) {
	b, err := v.st.get(hostKey(addr))
	if errors.Is(err, kvstore.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	hi := &gmeta.HostInfo{}
	return hi, true, decode(b, hi)
}

// zones returns every zone by name.
func (v view) zones() (map[string]*gmeta.Zone, error) {
	out := map[string]*gmeta.Zone{}
	err := v.st.scan([]byte{prefixZone}, func(k, b []byte) error {
		z := &gmeta.Zone{}
		if err := decode(b, z); err != nil {
			return err
		}
		out[string(k[1:])] = z
		return nil
	})
	return out, err
}

func (v view) zone(name string) (*gmeta.Zone, error) {
	b, err := v.lookup(zoneKey(name), codeError(common.ErrorCode_E_ZONE_NOT_FOUND))
	if err != nil {
		return nil, err
	}
	z := &gmeta.Zone{}
	return z, decode(b, z)
}

// zoneOf maps every zoned host to its zone's name.
func zoneOf(zones map[string]*gmeta.Zone) map[string]string {
	out := map[string]string{}
	for name, z := range zones {
		for _, h := range z.Nodes {
			out[addrString(h)] = name
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Users and roles.

func (v view) user(account string) (*gmeta.UserAuth, error) {
	b, err := v.lookup(userKey(account), codeError(common.ErrorCode_E_USER_NOT_FOUND))
	if err != nil {
		return nil, err
	}
	u := &gmeta.UserAuth{}
	return u, decode(b, u)
}

func (v view) users() ([]*gmeta.UserAuth, error) {
	var out []*gmeta.UserAuth
	err := v.st.scan([]byte{prefixUser}, func(_, b []byte) error {
		u := &gmeta.UserAuth{}
		if err := decode(b, u); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

// roles returns the roles granted in space, or in every space when
// all is set.
func (v view) roles(space common.GraphSpaceID, all bool) ([]*gmeta.RoleItem, error) {
	prefix := rolePrefix(space)
	if all {
		prefix = []byte{prefixRole}
	}
	var out []*gmeta.RoleItem
	err := v.st.scan(prefix, func(k, b []byte) error {
		rt, err := decodeI32(b)
		if err != nil {
			return err
		}
		out = append(out, &gmeta.RoleItem{
			UserID:   append([]byte(nil), k[5:]...),
			SpaceID:  common.GraphSpaceID(u32At(k, 1)),
			RoleType: gmeta.RoleType(rt),
		})
		return nil
	})
	return out, err
}
