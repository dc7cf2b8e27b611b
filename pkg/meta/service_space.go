package meta

import (
	"context"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Spaces and their partition maps.

// ListSpaces lists every space by id and name.
func (s *service) ListSpaces(_ context.Context, _ *gmeta.ListSpacesReq) (*gmeta.ListSpacesResp, error) {
	resp := &gmeta.ListSpacesResp{Spaces: []*gmeta.IdName{}}
	err := s.view(func(v view) error {
		spaces, err := v.spaces()
		for _, sp := range spaces {
			id := sp.SpaceID
			resp.Spaces = append(resp.Spaces, &gmeta.IdName{ID: &gmeta.ID{SpaceID: &id}, Name: sp.Properties.SpaceName})
		}
		return err
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// GetSpace returns one space by name.
func (s *service) GetSpace(_ context.Context, req *gmeta.GetSpaceReq) (*gmeta.GetSpaceResp, error) {
	resp := &gmeta.GetSpaceResp{}
	err := s.view(func(v view) (err error) {
		resp.Item, err = v.spaceByName(string(req.SpaceName))
		return err
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// GetPartsAlloc returns the replicas of every part of a space, and the
// raft term of each part's known leader.
func (s *service) GetPartsAlloc(_ context.Context, req *gmeta.GetPartsAllocReq) (*gmeta.GetPartsAllocResp, error) {
	resp := &gmeta.GetPartsAllocResp{Parts: map[common.PartitionID][]*common.HostAddr{}}
	err := s.view(func(v view) error {
		if _, err := v.space(req.SpaceID); err != nil {
			return err
		}
		parts, err := v.parts(req.SpaceID)
		if err != nil {
			return err
		}
		for id, hosts := range parts {
			resp.Parts[id] = hosts
		}
		leaders, err := v.leaders(req.SpaceID)
		if err != nil {
			return err
		}
		resp.Terms = map[common.PartitionID]int64{}
		for id, l := range leaders {
			resp.Terms[id] = l.Term
		}
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// ListParts describes parts of a space (all when none are named): their
// replicas, leader, and the replicas on hosts that are down.
func (s *service) ListParts(_ context.Context, req *gmeta.ListPartsReq) (*gmeta.ListPartsResp, error) {
	resp := &gmeta.ListPartsResp{Parts: []*gmeta.PartItem{}}
	err := s.view(func(v view) error {
		if _, err := v.space(req.SpaceID); err != nil {
			return err
		}
		parts, err := v.parts(req.SpaceID)
		if err != nil {
			return err
		}
		leaders, err := v.leaders(req.SpaceID)
		if err != nil {
			return err
		}
		infos, err := v.hostInfos()
		if err != nil {
			return err
		}
		ids := req.PartIds
		if len(ids) == 0 {
			for id := range parts {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		}
		for _, id := range ids {
			peers, ok := parts[id]
			if !ok {
				return codeError(common.ErrorCode_E_PART_NOT_FOUND)
			}
			item := &gmeta.PartItem{PartID: id, Peers: peers, Losts: []*common.HostAddr{}}
			for _, p := range peers {
				if !s.alive(infos[addrString(p)]) {
					item.Losts = append(item.Losts, p)
				}
			}
			if l, ok := leaders[id]; ok && s.alive(infos[addrString(l.Host)]) {
				item.Leader = l.Host
			}
			resp.Parts = append(resp.Parts, item)
		}
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// CreateSpace creates a space and places its parts.
func (s *service) CreateSpace(ctx context.Context, req *gmeta.CreateSpaceReq) (*gmeta.ExecResp, error) {
	id := &gmeta.ID{}
	err := s.update(ctx, func(t *txn) error {
		desc := req.Properties
		if desc == nil {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		name := string(desc.SpaceName)
		if existing, err := t.spaceID(name); err == nil {
			id.SpaceID = &existing
			if req.IfNotExists {
				return nil
			}
			return codeError(common.ErrorCode_E_EXISTED)
		} else if CodeOf(err) != common.ErrorCode_E_SPACE_NOT_FOUND {
			return err
		}
		if err := s.fillSpaceDesc(t, desc); err != nil {
			return err
		}
		placement, err := s.place(t, desc)
		if err != nil {
			return err
		}
		spaceID, err := t.nextID(sysKey(sysLastSpaceID))
		if err != nil {
			return err
		}
		t.touch = true
		t.put(spaceNameKey(name), appendU32(nil, spaceID))
		t.putRecord(spaceKey(spaceID), &gmeta.SpaceItem{SpaceID: common.GraphSpaceID(spaceID), Properties: desc})
		for part, hosts := range placement {
			t.putRecord(partKey(spaceID, part), &gmeta.PartHosts{Hosts: hosts})
		}
		id.SpaceID = ptrAs[common.GraphSpaceID](&spaceID)
		return nil
	})
	return reply(s.exec(err, id))
}

// fillSpaceDesc checks a new space's properties and fills in defaults, as
// NebulaGraph's CreateSpaceProcessor does.
func (s *service) fillSpaceDesc(t *txn, desc *gmeta.SpaceDesc) error {
	if desc.PartitionNum == 0 {
		desc.PartitionNum = int32(s.cfg.DefaultPartsNum)
	}
	if desc.PartitionNum <= 0 {
		return codeError(common.ErrorCode_E_INVALID_PARTITION_NUM)
	}
	if desc.ReplicaFactor == 0 {
		desc.ReplicaFactor = int32(s.cfg.DefaultReplicaFactor)
	}
	if desc.ReplicaFactor <= 0 {
		return codeError(common.ErrorCode_E_INVALID_REPLICA_FACTOR)
	}
	vid := desc.VidType
	if vid == nil {
		return codeError(common.ErrorCode_E_INVALID_PARM)
	}
	switch vid.Type {
	case common.PropertyType_INT64:
		if vid.GetTypeLength() != 8 {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
	case common.PropertyType_FIXED_STRING:
		if vid.GetTypeLength() <= 0 {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
	default:
		return codeError(common.ErrorCode_E_INVALID_PARM)
	}
	if len(desc.CharsetName) == 0 {
		desc.CharsetName = []byte("utf8")
	}
	if len(desc.CollateName) == 0 {
		desc.CollateName = []byte("utf8_bin")
	}
	zones, err := t.zones()
	if err != nil {
		return err
	}
	if len(desc.ZoneNames) == 0 {
		for _, z := range sortedKeys(zones) {
			desc.ZoneNames = append(desc.ZoneNames, []byte(z))
		}
	}
	for _, z := range desc.ZoneNames {
		if _, ok := zones[string(z)]; !ok {
			return codeError(common.ErrorCode_E_ZONE_NOT_FOUND)
		}
	}
	return nil
}

// place chooses the replicas of a new space's parts among the live
// storage hosts of its zones.
func (s *service) place(t *txn, desc *gmeta.SpaceDesc) (map[int32][]*common.HostAddr, error) {
	zones, err := t.zones()
	if err != nil {
		return nil, err
	}
	machines, err := t.machines()
	if err != nil {
		return nil, err
	}
	infos, err := t.hostInfos()
	if err != nil {
		return nil, err
	}
	usable := map[string][]string{}
	for _, zn := range desc.ZoneNames {
		z := zones[string(zn)]
		var hosts []string
		for _, h := range z.Nodes {
			a := addrString(h)
			if machines[a] && s.alive(infos[a]) {
				hosts = append(hosts, a)
			}
		}
		usable[string(zn)] = hosts
	}
	all, err := t.allParts()
	if err != nil {
		return nil, err
	}
	load := map[string]int{}
	for _, parts := range all {
		for _, hosts := range parts {
			for _, h := range hosts {
				load[addrString(h)]++
			}
		}
	}
	placed, err := placeParts(int(desc.PartitionNum), int(desc.ReplicaFactor), usable, load)
	if err != nil {
		return nil, err
	}
	out := make(map[int32][]*common.HostAddr, len(placed))
	for part, hosts := range placed {
		for _, h := range hosts {
			addr, err := parseAddr(h)
			if err != nil {
				return nil, err
			}
			out[part] = append(out[part], addr)
		}
	}
	return out, nil
}

// DropSpace removes a space with its schemas, indexes, parts and roles.
func (s *service) DropSpace(ctx context.Context, req *gmeta.DropSpaceReq) (*gmeta.ExecResp, error) {
	id := &gmeta.ID{}
	err := s.update(ctx, func(t *txn) error {
		spaceID, err := t.spaceID(string(req.SpaceName))
		if err != nil {
			if req.IfExists && CodeOf(err) == common.ErrorCode_E_SPACE_NOT_FOUND {
				return nil
			}
			return err
		}
		id.SpaceID = &spaceID
		t.touch = true
		t.del(spaceNameKey(string(req.SpaceName)))
		t.del(spaceKey(spaceID))
		t.del(idGenKey(spaceID))
		for _, p := range [][]byte{
			partPrefix(spaceID), leaderPrefix(spaceID),
			schemaPrefix(false, spaceID), schemaNamePrefix(false, spaceID),
			schemaPrefix(true, spaceID), schemaNamePrefix(true, spaceID),
			indexPrefix(spaceID), indexNamePrefix(spaceID), rolePrefix(spaceID),
			statsKey(spaceID),
		} {
			t.delPrefix(p)
		}
		return nil
	})
	return reply(s.exec(err, id))
}

// AlterSpace adds zones to a space (ALTER SPACE ... ADD ZONE).
func (s *service) AlterSpace(ctx context.Context, req *gmeta.AlterSpaceReq) (*gmeta.ExecResp, error) {
	id := &gmeta.ID{}
	err := s.update(ctx, func(t *txn) error {
		sp, err := t.spaceByName(string(req.SpaceName))
		if err != nil {
			return err
		}
		id.SpaceID = &sp.SpaceID
		if req.Op != gmeta.AlterSpaceOp_ADD_ZONE {
			return codeError(common.ErrorCode_E_UNSUPPORTED)
		}
		zones, err := t.zones()
		if err != nil {
			return err
		}
		for _, z := range req.Paras {
			if _, ok := zones[string(z)]; !ok {
				return codeError(common.ErrorCode_E_ZONE_NOT_FOUND)
			}
			for _, have := range sp.Properties.ZoneNames {
				if string(have) == string(z) {
					return codeError(common.ErrorCode_E_EXISTED)
				}
			}
			sp.Properties.ZoneNames = append(sp.Properties.ZoneNames, z)
		}
		t.touch = true
		t.putRecord(spaceKey(sp.SpaceID), sp)
		return nil
	})
	return reply(s.exec(err, id))
}

// CreateSpaceAs creates a space with the properties, part placement,
// schemas and indexes of another (CREATE SPACE new AS old).
func (s *service) CreateSpaceAs(ctx context.Context, req *gmeta.CreateSpaceAsReq) (*gmeta.ExecResp, error) {
	id := &gmeta.ID{}
	err := s.update(ctx, func(t *txn) error {
		old, err := t.spaceByName(string(req.OldSpaceName))
		if err != nil {
			return err
		}
		newName := string(req.NewSpaceName_)
		if _, err := t.spaceID(newName); err == nil {
			return codeError(common.ErrorCode_E_EXISTED)
		} else if CodeOf(err) != common.ErrorCode_E_SPACE_NOT_FOUND {
			return err
		}
		spaceID, err := t.nextID(sysKey(sysLastSpaceID))
		if err != nil {
			return err
		}
		id.SpaceID = ptrAs[common.GraphSpaceID](&spaceID)
		t.touch = true
		desc := old.Properties
		desc.SpaceName = []byte(newName)
		t.put(spaceNameKey(newName), appendU32(nil, spaceID))
		t.putRecord(spaceKey(spaceID), &gmeta.SpaceItem{SpaceID: common.GraphSpaceID(spaceID), Properties: desc})
		parts, err := t.parts(old.SpaceID)
		if err != nil {
			return err
		}
		for part, hosts := range parts {
			t.putRecord(partKey(spaceID, part), &gmeta.PartHosts{Hosts: hosts})
		}
		for _, edge := range []bool{false, true} {
			items, err := t.schemas(edge, old.SpaceID)
			if err != nil {
				return err
			}
			for _, it := range items {
				t.putRecord(schemaKey(edge, spaceID, it.TagID, it.Version), it)
				t.put(schemaNameKey(edge, spaceID, string(it.TagName)), appendU32(nil, it.TagID))
			}
		}
		indexes, err := t.indexes(old.SpaceID)
		if err != nil {
			return err
		}
		for _, ix := range indexes {
			t.putRecord(indexKey(spaceID, ix.IndexID), ix)
			t.put(indexNameKey(spaceID, string(ix.IndexName)), appendU32(nil, ix.IndexID))
		}
		last, err := t.lookup(idGenKey(old.SpaceID), nil)
		if err != nil {
			return err
		}
		if last != nil {
			t.put(idGenKey(spaceID), last)
		}
		return nil
	})
	return reply(s.exec(err, id))
}
