package meta

import (
	"context"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// LoadCatalog sends what clients cache — spaces with their schemas,
// indexes, part maps and leaders, users with roles, storage hosts — if the
// catalog version moved past the caller's. The version is the raft index
// of the last command that touched any of it, so it is the same on every
// replica.
func (s *service) LoadCatalog(_ context.Context, req *gmeta.LoadCatalogReq) (*gmeta.LoadCatalogResp, error) {
	resp := &gmeta.LoadCatalogResp{}
	err := s.view(func(v view) error {
		version, err := v.int64At(sysKey(sysVersion))
		if err != nil {
			return err
		}
		resp.Version = version
		if req.KnownVersion >= version {
			return nil
		}
		resp.Changed = true
		return s.fillCatalog(v, resp)
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

func (s *service) fillCatalog(v view, resp *gmeta.LoadCatalogResp) error {
	clusterID, err := v.int64At(sysKey(sysClusterID))
	if err != nil {
		return err
	}
	resp.ClusterID = gmeta.ClusterID(clusterID)
	spaces, err := v.spaces()
	if err != nil {
		return err
	}
	resp.Spaces = make([]*gmeta.SpaceCatalog, 0, len(spaces))
	for _, sp := range spaces {
		sc := &gmeta.SpaceCatalog{Space: sp, Parts: map[common.PartitionID][]*common.HostAddr{}, Leaders: map[common.PartitionID]*gmeta.PartLeader{}}
		if sc.Tags, err = v.schemas(false, sp.SpaceID); err != nil {
			return err
		}
		edges, err := v.schemas(true, sp.SpaceID)
		if err != nil {
			return err
		}
		for _, it := range edges {
			sc.Edges = append(sc.Edges, edgeItem(it))
		}
		indexes, err := v.indexes(sp.SpaceID)
		if err != nil {
			return err
		}
		for _, ix := range indexes {
			if indexKind(ix, true) {
				sc.EdgeIndexes = append(sc.EdgeIndexes, ix)
			} else {
				sc.TagIndexes = append(sc.TagIndexes, ix)
			}
		}
		parts, err := v.parts(sp.SpaceID)
		if err != nil {
			return err
		}
		for id, hosts := range parts {
			sc.Parts[id] = hosts
		}
		leaders, err := v.leaders(sp.SpaceID)
		if err != nil {
			return err
		}
		for id, l := range leaders {
			sc.Leaders[id] = l
		}
		resp.Spaces = append(resp.Spaces, sc)
	}
	if resp.Users, err = v.users(); err != nil {
		return err
	}
	if resp.Roles, err = v.roles(0, true); err != nil {
		return err
	}
	resp.StorageHosts, err = s.hostItems(v, gmeta.ListHostType_STORAGE)
	return err
}
