package meta

import (
	"context"
	"slices"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// MERGE ZONE and DIVIDE ZONE: zones regroup hosts without moving data, so
// both keep the placement rule "at most one replica of a part per zone"
// and every space's replica factor reachable. The other zone statements
// are in service_host.go.

// MergeZone merges zones into one zone named req.ZoneName (one of them, or
// a new name), in every space's zone list too. It refuses fewer than two
// zones or a repeated one (E_INVALID_PARM), an unknown zone
// (E_ZONE_NOT_FOUND), a target name of another zone (E_EXISTED), a merge
// that leaves a space fewer zones than its replica factor (E_INVALID_PARM),
// and one that would put two replicas of a part in the merged zone
// (E_CONFLICT), as NebulaGraph's MergeZoneProcessor does.
func (s *service) MergeZone(ctx context.Context, req *gmeta.MergeZoneReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		names := make([]string, 0, len(req.Zones))
		for _, z := range req.Zones {
			if slices.Contains(names, string(z)) {
				return codeError(common.ErrorCode_E_INVALID_PARM)
			}
			names = append(names, string(z))
		}
		if len(names) < 2 {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		zones, err := t.zones()
		if err != nil {
			return err
		}
		merged := &gmeta.Zone{ZoneName: req.ZoneName}
		inMerged := map[string]bool{}
		for _, n := range names {
			z, ok := zones[n]
			if !ok {
				return codeError(common.ErrorCode_E_ZONE_NOT_FOUND)
			}
			merged.Nodes = append(merged.Nodes, z.Nodes...)
			for _, h := range z.Nodes {
				inMerged[addrString(h)] = true
			}
		}
		target := string(req.ZoneName)
		if _, ok := zones[target]; ok && !slices.Contains(names, target) {
			return codeError(common.ErrorCode_E_EXISTED)
		}
		spaces, err := t.spaces()
		if err != nil {
			return err
		}
		for _, sp := range spaces {
			kept := 0
			for _, z := range sp.Properties.ZoneNames {
				if !slices.Contains(names, string(z)) {
					kept++
				}
			}
			touched := kept < len(sp.Properties.ZoneNames)
			if touched && kept+1 < int(sp.Properties.ReplicaFactor) {
				return codeError(common.ErrorCode_E_INVALID_PARM)
			}
			parts, err := t.parts(sp.SpaceID)
			if err != nil {
				return err
			}
			for _, hosts := range parts {
				n := 0
				for _, h := range hosts {
					if inMerged[addrString(h)] {
						n++
					}
				}
				if n > 1 {
					return codeError(common.ErrorCode_E_CONFLICT)
				}
			}
			if touched {
				var zs [][]byte
				for _, z := range sp.Properties.ZoneNames {
					if !slices.Contains(names, string(z)) {
						zs = append(zs, z)
					}
				}
				sp.Properties.ZoneNames = append(zs, []byte(target))
				t.putRecord(spaceKey(sp.SpaceID), sp)
			}
		}
		for _, n := range names {
			t.del(zoneKey(n))
		}
		t.putRecord(zoneKey(target), merged)
		t.touch = true
		return nil
	})
	return reply(s.exec(err, nil))
}

// DivideZone splits a zone into new zones that together hold exactly its
// hosts, each host once; every space using the zone uses the new ones
// instead. It refuses an unknown zone (E_ZONE_NOT_FOUND), a zone of one
// host, fewer than two new zones or more than it has hosts, a repeated
// name or host, an empty new zone, or hosts that are not exactly the
// zone's (E_INVALID_PARM), and a new name of another existing zone
// (E_EXISTED), as NebulaGraph's DivideZoneProcessor does.
func (s *service) DivideZone(ctx context.Context, req *gmeta.DivideZoneReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		name := string(req.ZoneName)
		z, err := t.zone(name)
		if err != nil {
			return err
		}
		if len(z.Nodes) == 1 || len(req.ZoneItems) < 2 || len(req.ZoneItems) > len(z.Nodes) {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		own := map[string]bool{}
		for _, h := range z.Nodes {
			own[addrString(h)] = true
		}
		seenHost := map[string]bool{}
		var newNames []string
		for _, item := range req.ZoneItems {
			n := string(item.ZoneName)
			if slices.Contains(newNames, n) || len(item.Nodes) == 0 {
				return codeError(common.ErrorCode_E_INVALID_PARM)
			}
			newNames = append(newNames, n)
			if n != name {
				if ok, err := t.exists(zoneKey(n)); err != nil {
					return err
				} else if ok {
					return codeError(common.ErrorCode_E_EXISTED)
				}
			}
			for _, h := range item.Nodes {
				a := addrString(h)
				if seenHost[a] || !own[a] {
					return codeError(common.ErrorCode_E_INVALID_PARM)
				}
				seenHost[a] = true
			}
		}
		if len(seenHost) != len(own) {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		t.del(zoneKey(name))
		for _, item := range req.ZoneItems {
			t.putRecord(zoneKey(string(item.ZoneName)), &gmeta.Zone{ZoneName: item.ZoneName, Nodes: item.Nodes})
		}
		spaces, err := t.spaces()
		if err != nil {
			return err
		}
		for _, sp := range spaces {
			i := slices.IndexFunc(sp.Properties.ZoneNames, func(b []byte) bool { return string(b) == name })
			if i < 0 {
				continue
			}
			zs := slices.Delete(slices.Clone(sp.Properties.ZoneNames), i, i+1)
			for _, n := range newNames {
				zs = append(zs, []byte(n))
			}
			sp.Properties.ZoneNames = zs
			t.putRecord(spaceKey(sp.SpaceID), sp)
		}
		t.touch = true
		return nil
	})
	return reply(s.exec(err, nil))
}
