package meta

import (
	"context"
	"errors"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// Configs and snapshots: metad keeps their records; taking a storage
// checkpoint is the business of whoever does. Jobs are in job*.go.

// Configs.

func (v view) config(module gmeta.ConfigModule, name string) (*gmeta.ConfigItem, bool, error) {
	b, err := v.st.get(configKey(int32(module), name))
	if errors.Is(err, kvstore.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	item := &gmeta.ConfigItem{}
	return item, true, decode(b, item)
}

// configModules expands ALL to the modules it stands for.
func configModules(m gmeta.ConfigModule) []gmeta.ConfigModule {
	if m == gmeta.ConfigModule_ALL || m == gmeta.ConfigModule_UNKNOWN {
		return []gmeta.ConfigModule{gmeta.ConfigModule_GRAPH, gmeta.ConfigModule_META, gmeta.ConfigModule_STORAGE}
	}
	return []gmeta.ConfigModule{m}
}

// RegConfig registers configs a daemon exposes; ones already registered
// keep their value.
func (s *service) RegConfig(ctx context.Context, req *gmeta.RegConfigReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		for _, item := range req.Items {
			if item == nil || item.ConfigModule == gmeta.ConfigModule_ALL || item.ConfigModule == gmeta.ConfigModule_UNKNOWN {
				return codeError(common.ErrorCode_E_INVALID_PARM)
			}
			if _, ok, err := t.config(item.ConfigModule, string(item.Name)); err != nil {
				return err
			} else if !ok {
				t.putRecord(configKey(int32(item.ConfigModule), string(item.Name)), item)
			}
		}
		return nil
	})
	return reply(s.exec(err, nil))
}

// GetConfig returns a config of a module (of every module for ALL).
func (s *service) GetConfig(_ context.Context, req *gmeta.GetConfigReq) (*gmeta.GetConfigResp, error) {
	resp := &gmeta.GetConfigResp{Items: []*gmeta.ConfigItem{}}
	err := s.view(func(v view) error {
		if req.Item == nil {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		for _, m := range configModules(req.Item.ConfigModule) {
			item, ok, err := v.config(m, string(req.Item.Name))
			if err != nil {
				return err
			}
			if ok {
				resp.Items = append(resp.Items, item)
			}
		}
		if len(resp.Items) == 0 {
			return codeError(common.ErrorCode_E_CONFIG_NOT_FOUND)
		}
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// SetConfig changes a registered, mutable config: E_CONFIG_NOT_FOUND for
// an unregistered one, E_CONFIG_IMMUTABLE for an immutable one.
func (s *service) SetConfig(ctx context.Context, req *gmeta.SetConfigReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		if req.Item == nil {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		name := string(req.Item.Name)
		found := false
		for _, m := range configModules(req.Item.ConfigModule) {
			item, ok, err := t.config(m, name)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			found = true
			if item.Mode == gmeta.ConfigMode_IMMUTABLE {
				return codeError(common.ErrorCode_E_CONFIG_IMMUTABLE)
			}
			item.Value = req.Item.Value
			t.putRecord(configKey(int32(m), name), item)
		}
		if !found {
			return codeError(common.ErrorCode_E_CONFIG_NOT_FOUND)
		}
		return nil
	})
	return reply(s.exec(err, nil))
}

// ListConfigs lists the configs of a module (of every module for ALL).
func (s *service) ListConfigs(_ context.Context, req *gmeta.ListConfigsReq) (*gmeta.ListConfigsResp, error) {
	resp := &gmeta.ListConfigsResp{Items: []*gmeta.ConfigItem{}}
	err := s.view(func(v view) error {
		for _, m := range configModules(req.ConfigModule) {
			err := v.st.scan(configPrefix(int32(m)), func(_, b []byte) error {
				item := &gmeta.ConfigItem{}
				if err := decode(b, item); err != nil {
					return err
				}
				resp.Items = append(resp.Items, item)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// Snapshots: CREATE and DROP SNAPSHOT are in snapshot.go.

// ListSnapshots lists snapshot records by name.
func (s *service) ListSnapshots(_ context.Context, _ *gmeta.ListSnapshotsReq) (*gmeta.ListSnapshotsResp, error) {
	resp := &gmeta.ListSnapshotsResp{Snapshots: []*gmeta.Snapshot{}}
	err := s.view(func(v view) error {
		return v.st.scan([]byte{prefixSnapshot}, func(_, b []byte) error {
			sn := &gmeta.Snapshot{}
			if err := decode(b, sn); err != nil {
				return err
			}
			resp.Snapshots = append(resp.Snapshots, sn)
			return nil
		})
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}
