package meta

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
)

// Snapshots (CREATE SNAPSHOT, DROP SNAPSHOT; SHOW SNAPSHOTS lists the
// records): a snapshot is a Pebble checkpoint of every engine of every
// live storage host, named SNAPSHOT_<UTC time>, under each data path's
// checkpoints/<name>/, and one of metad's state under
// <data_path>/checkpoints/<name>/meta on the leader. A checkpoint is a
// consistent copy of its engine, so each part in it is whole at the raft
// index it records (its applied-index key); parts are not cut at one
// cluster-wide instant. Writes go on meanwhile.
//
// The record is written INVALID first and VALID once every checkpoint is
// taken, so a snapshot whose creation failed or was cut short shows as
// INVALID, and DROP SNAPSHOT removes whatever part of it exists.

// snapshotAdmin is what snapshots ask of storaged.
type snapshotAdmin interface {
	// CreateCheckpoint checkpoints host's engines of spaces as name.
	CreateCheckpoint(ctx context.Context, host string, spaces []common.GraphSpaceID, name string) error
	// DropCheckpoint deletes host's checkpoints of spaces named name.
	DropCheckpoint(ctx context.Context, host string, spaces []common.GraphSpaceID, name string) error
}

var _ snapshotAdmin = thriftAdmin{}

func (a thriftAdmin) CreateCheckpoint(ctx context.Context, host string, spaces []common.GraphSpaceID, name string) error {
	var resp *gstorage.CreateCPResp
	err := a.do(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = c.CreateCheckpoint(ctx, &gstorage.CreateCPRequest{SpaceIds: spaces, Name: []byte(name)})
		return err
	})
	if err != nil {
		return err
	}
	if resp.GetCode() != common.ErrorCode_SUCCEEDED {
		return fmt.Errorf("storaged %s: checkpoint %s: %s: %w", host, name, resp.GetErrorMsg(), codeError(resp.GetCode()))
	}
	return nil
}

func (a thriftAdmin) DropCheckpoint(ctx context.Context, host string, spaces []common.GraphSpaceID, name string) error {
	var resp *gstorage.DropCPResp
	err := a.do(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = c.DropCheckpoint(ctx, &gstorage.DropCPRequest{SpaceIds: spaces, Name: []byte(name)})
		return err
	})
	if err != nil {
		return err
	}
	if resp.GetCode() != common.ErrorCode_SUCCEEDED {
		return fmt.Errorf("storaged %s: drop checkpoint %s: %s: %w", host, name, resp.GetErrorMsg(), codeError(resp.GetCode()))
	}
	return nil
}

// metaCheckpointDir is where this replica keeps metad's checkpoint name.
func (s *service) metaCheckpointDir(name string) string {
	return filepath.Join(s.cfg.DataPath, "checkpoints", name, "meta")
}

// hostSpaces returns, for every live storage host, the spaces it holds
// replicas of: the engines it has to checkpoint.
func (s *service) hostSpaces(v view) (map[string][]common.GraphSpaceID, error) {
	machines, err := v.machines()
	if err != nil {
		return nil, err
	}
	infos, err := v.hostInfos()
	if err != nil {
		return nil, err
	}
	all, err := v.allParts()
	if err != nil {
		return nil, err
	}
	out := map[string][]common.GraphSpaceID{}
	for a := range machines {
		if s.alive(infos[a]) {
			out[a] = nil
		}
	}
	for space, parts := range all {
		for _, hosts := range parts {
			for _, h := range hosts {
				a := addrString(h)
				if ss, ok := out[a]; ok && !slices.Contains(ss, space) {
					out[a] = append(ss, space)
				}
			}
		}
	}
	return out, nil
}

// CreateSnapshot checkpoints every live storage host and metad's state as
// a snapshot named after the time. It fails with E_SNAPSHOT_FAILURE (the
// record stays INVALID) when a checkpoint could not be taken.
func (s *service) CreateSnapshot(ctx context.Context, _ *gmeta.CreateSnapshotReq) (*gmeta.ExecResp, error) {
	err := func() error {
		sa, ok := s.jobs.admin.(snapshotAdmin)
		if !ok {
			return codeError(common.ErrorCode_E_UNSUPPORTED)
		}
		var name string
		var hosts map[string][]common.GraphSpaceID
		err := s.update(ctx, func(t *txn) error {
			name = "SNAPSHOT_" + s.now().UTC().Format("2006_01_02_15_04_05")
			if ok, err := t.exists(snapshotKey(name)); err != nil {
				return err
			} else if ok {
				return codeError(common.ErrorCode_E_EXISTED)
			}
			var err error
			if hosts, err = s.hostSpaces(t.view); err != nil {
				return err
			}
			t.putRecord(snapshotKey(name), &gmeta.Snapshot{
				Name: []byte(name), Status: gmeta.SnapshotStatus_INVALID, Hosts: []byte(strings.Join(sortedKeys(hosts), ",")),
			})
			return nil
		})
		if err != nil {
			return err
		}
		var mu sync.Mutex
		var errs []error
		var wg sync.WaitGroup
		for h, spaces := range hosts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := sa.CreateCheckpoint(ctx, h, spaces, name); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			s.log.Warn("meta: create snapshot", "name", name, "err", err)
			return codeError(common.ErrorCode_E_SNAPSHOT_FAILURE)
		}
		dir := s.metaCheckpointDir(name)
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			return fmt.Errorf("create snapshot %s: %w", name, err)
		}
		if err := s.node.fsm.eng.Checkpoint(dir); err != nil {
			s.log.Warn("meta: checkpoint meta state", "name", name, "err", err)
			return codeError(common.ErrorCode_E_SNAPSHOT_FAILURE)
		}
		return s.update(ctx, func(t *txn) error {
			b, err := t.lookup(snapshotKey(name), codeError(common.ErrorCode_E_SNAPSHOT_NOT_FOUND))
			if err != nil {
				return err
			}
			sn := &gmeta.Snapshot{}
			if err := decode(b, sn); err != nil {
				return err
			}
			sn.Status = gmeta.SnapshotStatus_VALID
			t.putRecord(snapshotKey(name), sn)
			return nil
		})
	}()
	return reply(s.exec(err, nil))
}

// DropSnapshot deletes snapshots: their checkpoints on the hosts that
// took them (a host that is down keeps its files, logged) and on this
// metad, then their records. E_SNAPSHOT_NOT_FOUND for an unknown name.
func (s *service) DropSnapshot(ctx context.Context, req *gmeta.DropSnapshotReq) (*gmeta.ExecResp, error) {
	err := func() error {
		sa, ok := s.jobs.admin.(snapshotAdmin)
		if !ok {
			return codeError(common.ErrorCode_E_UNSUPPORTED)
		}
		var snaps []*gmeta.Snapshot
		err := s.view(func(v view) error {
			for _, n := range req.Names {
				b, err := v.lookup(snapshotKey(string(n)), codeError(common.ErrorCode_E_SNAPSHOT_NOT_FOUND))
				if err != nil {
					return err
				}
				sn := &gmeta.Snapshot{}
				if err := decode(b, sn); err != nil {
					return err
				}
				snaps = append(snaps, sn)
			}
			return nil
		})
		if err != nil {
			return err
		}
		var hostSpaces map[string][]common.GraphSpaceID
		if err := s.view(func(v view) (err error) {
			hostSpaces, err = s.hostSpaces(v)
			return err
		}); err != nil {
			return err
		}
		for _, sn := range snaps {
			name := string(sn.Name)
			for _, h := range strings.Split(string(sn.Hosts), ",") {
				if h == "" {
					continue
				}
				ss, live := hostSpaces[h]
				if !live {
					s.log.Warn("meta: drop snapshot: host is down, its checkpoint stays", "name", name, "host", h)
					continue
				}
				if err := sa.DropCheckpoint(ctx, h, ss, name); err != nil {
					s.log.Warn("meta: drop snapshot", "name", name, "host", h, "err", err)
				}
			}
			if err := os.RemoveAll(filepath.Dir(s.metaCheckpointDir(name))); err != nil {
				s.log.Warn("meta: drop snapshot", "name", name, "err", err)
			}
		}
		return s.update(ctx, func(t *txn) error {
			for _, sn := range snaps {
				t.del(snapshotKey(string(sn.Name)))
			}
			return nil
		})
	}()
	return reply(s.exec(err, nil))
}
