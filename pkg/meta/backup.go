package meta

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// Backup and restore of the catalog (cmd/br, pkg/br). backupMeta reads the
// records a restore needs out of the meta checkpoint a snapshot took;
// restoreMeta writes them into an empty cluster with every id kept, so
// that the data keys backed up from storaged (which hold tag ids, edge
// types and index ids) stay valid, and places the parts anew on the
// cluster's own hosts. Hosts, zones, leaders, sessions, jobs, snapshots,
// statistics and configs belong to the cluster, not to the backup.

// catalogPrefixes are the key prefixes of the records a backup carries.
var catalogPrefixes = []byte{
	prefixSpace, prefixSpaceName, prefixPart, prefixTag, prefixTagName, prefixEdge, prefixEdgeName,
	prefixIndex, prefixIndexName, prefixUser, prefixRole, prefixSpaceIDGen,
}

// catalogRecord reports whether key is one a backup carries: a record
// under catalogPrefixes, or the space id counter.
func catalogRecord(key []byte) bool {
	if len(key) == 0 {
		return false
	}
	if key[0] == prefixSys {
		return bytes.Equal(key, sysKey(sysLastSpaceID))
	}
	return slices.Contains(catalogPrefixes, key[0])
}

// BackupMeta answers the catalog as the snapshot req.Name saw it, from
// this leader's checkpoint of the meta state: E_SNAPSHOT_NOT_FOUND when
// this replica has none (the snapshot was taken under another leader).
func (s *service) BackupMeta(ctx context.Context, req *gmeta.BackupMetaReq) (*gmeta.BackupMetaResp, error) {
	resp := &gmeta.BackupMetaResp{
		Data:  []*common.KeyValue{},
		Parts: map[common.GraphSpaceID]map[common.PartitionID][]*common.HostAddr{},
	}
	err := s.view(func(view) error { return nil })
	if err == nil {
		err = s.backupMeta(string(req.Name), resp)
	}
	resp.Code, resp.Leader = s.status(err)
	if err != nil {
		resp.Data, resp.Spaces, resp.Parts = []*common.KeyValue{}, nil, map[common.GraphSpaceID]map[common.PartitionID][]*common.HostAddr{}
	}
	return reply(resp)
}

func (s *service) backupMeta(name string, resp *gmeta.BackupMetaResp) error {
	if name == "" || name == "." || name == ".." || bytes.ContainsAny([]byte(name), `/\`) {
		return codeError(common.ErrorCode_E_INVALID_PARM)
	}
	dir := s.metaCheckpointDir(name)
	if _, err := os.Stat(dir); err != nil {
		return codeError(common.ErrorCode_E_SNAPSHOT_NOT_FOUND)
	}
	eng, err := kvstore.Open(dir, smallEngine(false, s.log))
	if err != nil {
		return fmt.Errorf("backup meta %s: %w", name, err)
	}
	err = func() error {
		st := readerStore{eng}
		for _, p := range catalogPrefixes {
			if err := st.scan([]byte{p}, func(k, v []byte) error {
				resp.Data = append(resp.Data, &common.KeyValue{Key: bytes.Clone(k), Value: bytes.Clone(v)})
				return nil
			}); err != nil {
				return err
			}
		}
		if v, err := eng.Get(sysKey(sysLastSpaceID)); err == nil {
			resp.Data = append(resp.Data, &common.KeyValue{Key: sysKey(sysLastSpaceID), Value: v})
		} else if !errors.Is(err, kvstore.ErrNotFound) {
			return err
		}
		v := view{st: st}
		if resp.Spaces, err = v.spaces(); err != nil {
			return err
		}
		all, err := v.allParts()
		if err != nil {
			return err
		}
		resp.Parts = all
		return nil
	}()
	if cerr := eng.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("backup meta %s: %w", name, cerr)
	}
	return err
}

// RestoreMeta writes a backup's catalog records into this cluster, which
// must have no space (E_EXISTED otherwise). Each space keeps its id, name,
// options and schemas; its parts are placed on this cluster's live storage
// hosts, in the space's zones when they all exist here and in every zone
// otherwise (E_ZONE_NOT_ENOUGH when they cannot hold its replica factor).
// Records other than the catalog's are refused (E_INVALID_PARM).
func (s *service) RestoreMeta(ctx context.Context, req *gmeta.RestoreMetaReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		existing, err := t.spaces()
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			return codeError(common.ErrorCode_E_EXISTED)
		}
		zones, err := t.zones()
		if err != nil {
			return err
		}
		var spaces []*gmeta.SpaceItem
		var lastSpace int32
		for _, kv := range req.Data {
			k := kv.Key
			if !catalogRecord(k) {
				return codeError(common.ErrorCode_E_INVALID_PARM)
			}
			switch k[0] {
			case prefixPart:
				continue // the backup's layout names the old hosts
			case prefixSpace:
				item := &gmeta.SpaceItem{}
				if err := decode(kv.Value, item); err != nil {
					return err
				}
				if item.Properties == nil {
					return codeError(common.ErrorCode_E_INVALID_PARM)
				}
				spaces = append(spaces, item)
				continue // written below, with this cluster's zones
			case prefixSys:
				if lastSpace, err = decodeI32(kv.Value); err != nil {
					return err
				}
				continue
			}
			t.put(bytes.Clone(k), bytes.Clone(kv.Value))
		}
		for _, item := range spaces {
			desc := item.Properties
			if !allZonesExist(desc.ZoneNames, zones) {
				desc.ZoneNames = nil
				for _, z := range sortedKeys(zones) {
					desc.ZoneNames = append(desc.ZoneNames, []byte(z))
				}
			}
			placement, err := s.place(t, desc)
			if err != nil {
				return err
			}
			t.putRecord(spaceKey(item.SpaceID), item)
			for part, hosts := range placement {
				t.putRecord(partKey(item.SpaceID, part), &gmeta.PartHosts{Hosts: hosts})
			}
			lastSpace = max(lastSpace, int32(item.SpaceID))
		}
		cur, _, err := t.optID(sysKey(sysLastSpaceID))
		if err != nil {
			return err
		}
		t.put(sysKey(sysLastSpaceID), appendU32(nil, max(cur, lastSpace)))
		t.touch = true
		return nil
	})
	return reply(s.exec(err, nil))
}

func allZonesExist(names [][]byte, zones map[string]*gmeta.Zone) bool {
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if _, ok := zones[string(n)]; !ok {
			return false
		}
	}
	return true
}
