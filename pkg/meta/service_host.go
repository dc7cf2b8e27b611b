package meta

import (
	"context"
	"fmt"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Hosts, zones and heartbeats. As in NebulaGraph 3.x a storaged is refused
// until ADD HOSTS registers it (a "machine"), and every registered host is
// in exactly one zone: ADD HOSTS puts each in a zone of its own named
// default_zone_<ip>_<port>. graphd and metad hosts register themselves by
// heartbeating.

// metaVersion is the meta protocol version heartbeats answer, as
// NebulaGraph 3.x's metad does.
const metaVersion = 3

func defaultZoneName(h *common.HostAddr) string {
	return fmt.Sprintf("default_zone_%s_%d", h.Host, h.Port)
}

// ListHosts lists hosts of one role with their status; storage hosts
// (ALLOC and STORAGE) also with the parts they hold and lead.
func (s *service) ListHosts(_ context.Context, req *gmeta.ListHostsReq) (*gmeta.ListHostsResp, error) {
	resp := &gmeta.ListHostsResp{}
	err := s.view(func(v view) (err error) {
		resp.Hosts, err = s.hostItems(v, req.Type)
		return err
	})
	if resp.Hosts == nil {
		resp.Hosts = []*gmeta.HostItem{}
	}
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

func (s *service) hostItems(v view, typ gmeta.ListHostType) ([]*gmeta.HostItem, error) {
	infos, err := v.hostInfos()
	if err != nil {
		return nil, err
	}
	if typ != gmeta.ListHostType_ALLOC && typ != gmeta.ListHostType_STORAGE {
		role := map[gmeta.ListHostType]gmeta.HostRole{
			gmeta.ListHostType_GRAPH: gmeta.HostRole_GRAPH,
			gmeta.ListHostType_META:  gmeta.HostRole_META,
			gmeta.ListHostType_AGENT: gmeta.HostRole_AGENT,
		}[typ]
		var out []*gmeta.HostItem
		for _, a := range sortedKeys(infos) {
			hi := infos[a]
			if hi.Role != role {
				continue
			}
			item, err := s.hostItem(a, hi)
			if err != nil {
				return nil, err
			}
			out = append(out, item)
		}
		return out, nil
	}
	machines, err := v.machines()
	if err != nil {
		return nil, err
	}
	zones, err := v.zones()
	if err != nil {
		return nil, err
	}
	zoneOfHost := zoneOf(zones)
	spaces, err := v.spaces()
	if err != nil {
		return nil, err
	}
	var out []*gmeta.HostItem
	for _, a := range sortedKeys(machines) {
		hi := infos[a]
		if hi == nil {
			hi = &gmeta.HostInfo{Role: gmeta.HostRole_STORAGE}
		}
		item, err := s.hostItem(a, hi)
		if err != nil {
			return nil, err
		}
		item.Role = gmeta.HostRole_STORAGE
		if z, ok := zoneOfHost[a]; ok {
			item.ZoneName = []byte(z)
		}
		out = append(out, item)
	}
	byAddr := map[string]*gmeta.HostItem{}
	for _, item := range out {
		byAddr[addrString(item.HostAddr)] = item
	}
	for _, sp := range spaces {
		name := string(sp.Properties.SpaceName)
		parts, err := v.parts(sp.SpaceID)
		if err != nil {
			return nil, err
		}
		leaders, err := v.leaders(sp.SpaceID)
		if err != nil {
			return nil, err
		}
		for part, hosts := range parts {
			for _, h := range hosts {
				if item := byAddr[addrString(h)]; item != nil {
					item.AllParts[name] = append(item.AllParts[name], part)
				}
			}
			if l, ok := leaders[part]; ok {
				if item := byAddr[addrString(l.Host)]; item != nil && item.Status == gmeta.HostStatus_ONLINE {
					item.LeaderParts[name] = append(item.LeaderParts[name], part)
				}
			}
		}
	}
	for _, item := range out {
		for _, m := range []map[string][]common.PartitionID{item.AllParts, item.LeaderParts} {
			for _, ids := range m {
				sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			}
		}
	}
	return out, nil
}

func (s *service) hostItem(addr string, hi *gmeta.HostInfo) (*gmeta.HostItem, error) {
	h, err := parseAddr(addr)
	if err != nil {
		return nil, err
	}
	item := &gmeta.HostItem{
		HostAddr:    h,
		Status:      gmeta.HostStatus_OFFLINE,
		LeaderParts: map[string][]common.PartitionID{},
		AllParts:    map[string][]common.PartitionID{},
		Role:        hi.Role,
		GitInfoSha:  hi.GitInfoSha,
	}
	if s.alive(hi) {
		item.Status = gmeta.HostStatus_ONLINE
	}
	if len(hi.Version) > 0 {
		item.Version = hi.Version
	}
	return item, nil
}

// AddHosts registers storage hosts, each in a new zone of its own.
func (s *service) AddHosts(ctx context.Context, req *gmeta.AddHostsReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		if err := s.registerHosts(t, req.Hosts); err != nil {
			return err
		}
		for _, h := range req.Hosts {
			name := defaultZoneName(h)
			if ok, err := t.exists(zoneKey(name)); err != nil {
				return err
			} else if ok {
				return codeError(common.ErrorCode_E_EXISTED)
			}
			t.putRecord(zoneKey(name), &gmeta.Zone{ZoneName: []byte(name), Nodes: []*common.HostAddr{h}})
		}
		return nil
	})
	return reply(s.exec(err, nil))
}

// AddHostsIntoZone registers storage hosts into a new or an existing zone.
func (s *service) AddHostsIntoZone(ctx context.Context, req *gmeta.AddHostsIntoZoneReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		name := string(req.ZoneName)
		z, err := t.zone(name)
		switch {
		case err == nil && req.IsNew:
			return codeError(common.ErrorCode_E_EXISTED)
		case err != nil && CodeOf(err) != common.ErrorCode_E_ZONE_NOT_FOUND:
			return err
		case err != nil && !req.IsNew:
			return err
		case err != nil:
			z = &gmeta.Zone{ZoneName: []byte(name)}
		}
		if err := s.registerHosts(t, req.Hosts); err != nil {
			return err
		}
		z.Nodes = append(z.Nodes, req.Hosts...)
		t.putRecord(zoneKey(name), z)
		return nil
	})
	return reply(s.exec(err, nil))
}

// registerHosts records hosts as storage machines: E_INVALID_PARM for
// none or a repeated one, E_EXISTED for one already registered,
// E_HOST_CAN_NOT_BE_ADDED for the address of a live graphd or metad.
func (s *service) registerHosts(t *txn, hosts []*common.HostAddr) error {
	if len(hosts) == 0 {
		return codeError(common.ErrorCode_E_INVALID_PARM)
	}
	seen := map[string]bool{}
	for _, h := range hosts {
		a := addrString(h)
		if h == nil || h.Host == "" || seen[a] {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		seen[a] = true
		if ok, err := t.exists(machineKey(a)); err != nil {
			return err
		} else if ok {
			return codeError(common.ErrorCode_E_EXISTED)
		}
		hi, ok, err := t.hostInfo(a)
		if err != nil {
			return err
		}
		if ok && hi.Role != gmeta.HostRole_STORAGE && s.alive(hi) {
			return codeError(common.ErrorCode_E_HOST_CAN_NOT_BE_ADDED)
		}
		t.put(machineKey(a), nil)
	}
	t.touch = true
	return nil
}

// DropHosts unregisters storage hosts that hold no part.
func (s *service) DropHosts(ctx context.Context, req *gmeta.DropHostsReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		if len(req.Hosts) == 0 {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		machines, err := t.machines()
		if err != nil {
			return err
		}
		all, err := t.allParts()
		if err != nil {
			return err
		}
		drop := map[string]bool{}
		for _, h := range req.Hosts {
			a := addrString(h)
			if !machines[a] {
				return codeError(common.ErrorCode_E_NO_HOSTS)
			}
			drop[a] = true
		}
		for _, parts := range all {
			for _, hosts := range parts {
				for _, h := range hosts {
					if drop[addrString(h)] {
						return codeError(common.ErrorCode_E_CONFLICT)
					}
				}
			}
		}
		zones, err := t.zones()
		if err != nil {
			return err
		}
		var emptied []string
		for name, z := range zones {
			kept := z.Nodes[:0:0]
			for _, h := range z.Nodes {
				if !drop[addrString(h)] {
					kept = append(kept, h)
				}
			}
			if len(kept) == len(z.Nodes) {
				continue
			}
			if len(kept) == 0 {
				t.del(zoneKey(name))
				emptied = append(emptied, name)
				continue
			}
			z.Nodes = kept
			t.putRecord(zoneKey(name), z)
		}
		if err := s.removeZonesFromSpaces(t, emptied, ""); err != nil {
			return err
		}
		for a := range drop {
			t.del(machineKey(a))
			t.del(hostKey(a))
		}
		t.touch = true
		return nil
	})
	return reply(s.exec(err, nil))
}

// removeZonesFromSpaces drops the named zones from every space's zone
// list, or renames the one zone to rename when it is not empty.
func (s *service) removeZonesFromSpaces(t *txn, names []string, rename string) error {
	if len(names) == 0 {
		return nil
	}
	spaces, err := t.spaces()
	if err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, n := range names {
		gone[n] = true
	}
	for _, sp := range spaces {
		changed := false
		var kept [][]byte
		for _, z := range sp.Properties.ZoneNames {
			switch {
			case !gone[string(z)]:
				kept = append(kept, z)
			case rename != "":
				kept = append(kept, []byte(rename))
				changed = true
			default:
				changed = true
			}
		}
		if changed {
			sp.Properties.ZoneNames = kept
			t.putRecord(spaceKey(sp.SpaceID), sp)
		}
	}
	return nil
}

// DropZone removes a zone and unregisters its hosts; none may hold a part.
func (s *service) DropZone(ctx context.Context, req *gmeta.DropZoneReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		name := string(req.ZoneName)
		z, err := t.zone(name)
		if err != nil {
			return err
		}
		all, err := t.allParts()
		if err != nil {
			return err
		}
		inZone := map[string]bool{}
		for _, h := range z.Nodes {
			inZone[addrString(h)] = true
		}
		for _, parts := range all {
			for _, hosts := range parts {
				for _, h := range hosts {
					if inZone[addrString(h)] {
						return codeError(common.ErrorCode_E_NOT_DROP)
					}
				}
			}
		}
		t.del(zoneKey(name))
		for a := range inZone {
			t.del(machineKey(a))
			t.del(hostKey(a))
		}
		t.touch = true
		return s.removeZonesFromSpaces(t, []string{name}, "")
	})
	return reply(s.exec(err, nil))
}

// RenameZone renames a zone, in every space's zone list too.
func (s *service) RenameZone(ctx context.Context, req *gmeta.RenameZoneReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		from, to := string(req.OriginalZoneName), string(req.ZoneName)
		z, err := t.zone(from)
		if err != nil {
			return err
		}
		if ok, err := t.exists(zoneKey(to)); err != nil {
			return err
		} else if ok {
			return codeError(common.ErrorCode_E_EXISTED)
		}
		z.ZoneName = []byte(to)
		t.del(zoneKey(from))
		t.putRecord(zoneKey(to), z)
		t.touch = true
		return s.removeZonesFromSpaces(t, []string{from}, to)
	})
	return reply(s.exec(err, nil))
}

// GetZone lists a zone's hosts.
func (s *service) GetZone(_ context.Context, req *gmeta.GetZoneReq) (*gmeta.GetZoneResp, error) {
	resp := &gmeta.GetZoneResp{Hosts: []*common.HostAddr{}}
	err := s.view(func(v view) error {
		z, err := v.zone(string(req.ZoneName))
		if err == nil {
			resp.Hosts = z.Nodes
		}
		return err
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// ListZones lists every zone by name.
func (s *service) ListZones(_ context.Context, _ *gmeta.ListZonesReq) (*gmeta.ListZonesResp, error) {
	resp := &gmeta.ListZonesResp{Zones: []*gmeta.Zone{}}
	err := s.view(func(v view) error {
		zones, err := v.zones()
		for _, name := range sortedKeys(zones) {
			resp.Zones = append(resp.Zones, zones[name])
		}
		return err
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// HeartBeat records a host's liveness, version and (for storaged) the
// parts it holds and leads. A storaged that ADD HOSTS did not register is
// refused with E_MACHINE_NOT_FOUND. The answer carries the catalog version
// so that clients reload their cache when it moved.
func (s *service) HeartBeat(ctx context.Context, req *gmeta.HBReq) (*gmeta.HBResp, error) {
	resp := &gmeta.HBResp{MetaVersion: metaVersion}
	if s.metrics != nil {
		s.metrics.heartbeats.WithLabelValues(req.Role.String()).Inc()
	}
	err := s.update(ctx, func(t *txn) error {
		if req.Host == nil || req.Host.Host == "" {
			return codeError(common.ErrorCode_E_INVALID_HOST)
		}
		clusterID, err := t.int64At(sysKey(sysClusterID))
		if err != nil {
			return err
		}
		resp.ClusterID = gmeta.ClusterID(clusterID)
		if req.ClusterID != 0 && req.ClusterID != resp.ClusterID {
			return codeError(common.ErrorCode_E_WRONGCLUSTER)
		}
		a := addrString(req.Host)
		if req.Role == gmeta.HostRole_STORAGE {
			if ok, err := t.exists(machineKey(a)); err != nil {
				return err
			} else if !ok {
				return codeError(common.ErrorCode_E_MACHINE_NOT_FOUND)
			}
		}
		old, had, err := t.hostInfo(a)
		if err != nil {
			return err
		}
		hi := &gmeta.HostInfo{
			Role:       req.Role,
			LastHbMs:   s.nowMs(),
			GitInfoSha: req.GitInfoSha,
			Version:    req.Version,
			Parts:      req.Parts,
		}
		t.putRecord(hostKey(a), hi)
		// A host coming back online changes what SHOW HOSTS and the
		// storage client's leader map show.
		if !had || !s.alive(old) {
			t.touch = true
		}
		return s.recordLeaders(t, req)
	})
	resp.Code, resp.Leader = s.status(err)
	if err == nil {
		resp.LastUpdateTimeInMs = s.node.fsm.version.Load()
	}
	return reply(resp)
}

// recordLeaders stores the parts a storaged says it leads, unless a leader
// of a later term is already known or the part map does not put a replica
// of the part on it (a replica balance is moving there, or one left over
// from a move).
func (s *service) recordLeaders(t *txn, req *gmeta.HBReq) error {
	for space, infos := range req.LeaderPartIds {
		if ok, err := t.exists(spaceKey(space)); err != nil {
			return err
		} else if !ok {
			continue
		}
		for _, li := range infos {
			key := leaderKey(space, li.PartID)
			if ok, err := t.isReplica(space, li.PartID, req.Host); err != nil {
				return err
			} else if !ok {
				continue
			}
			cur := &gmeta.PartLeader{}
			b, err := t.lookup(key, nil)
			if err != nil {
				return err
			}
			if b != nil {
				if err := decode(b, cur); err != nil {
					return err
				}
				if cur.Term > li.Term || (cur.Term == li.Term && addrString(cur.Host) == addrString(req.Host)) {
					continue
				}
			}
			t.putRecord(key, &gmeta.PartLeader{Host: req.Host, Term: li.Term})
			t.touch = true
		}
	}
	return nil
}
