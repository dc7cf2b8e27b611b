package meta

import (
	"context"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// BackupMeta asks metad's leader for the catalog as snapshot name saw it
// (see backup.go). The answer belongs to the caller.
func (c *Client) BackupMeta(ctx context.Context, name string) (*gmeta.BackupMetaResp, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.BackupMetaResp, error) {
		return cl.BackupMeta(ctx, &gmeta.BackupMetaReq{Name: []byte(name)})
	})
	if err != nil {
		return nil, fmt.Errorf("backup meta %s: %w", name, err)
	}
	if err := respError(resp.Code); err != nil {
		return nil, fmt.Errorf("backup meta %s: %w", name, err)
	}
	return resp, nil
}

// RestoreMeta writes a backup's catalog records into a cluster that has no
// space; ErrExisted when it has one.
func (c *Client) RestoreMeta(ctx context.Context, data []*common.KeyValue) error {
	_, err := c.exec(ctx, true, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.RestoreMeta(ctx, &gmeta.RestoreMetaReq{Data: data})
	})
	if err != nil {
		return fmt.Errorf("restore meta: %w", err)
	}
	return nil
}

// BackupSchema is one tag or edge type (its latest version) in a
// backup's catalog records.
type BackupSchema struct {
	Space   int32
	Edge    bool
	ID      int32
	Name    string
	Version int64
}

// BackupSchemas decodes the tags and edge types of catalog records that
// BackupMeta answered, latest version of each, by space then id.
func BackupSchemas(data []*common.KeyValue) ([]BackupSchema, error) {
	var out []BackupSchema
	for _, kv := range data {
		k := kv.Key
		if len(k) != 17 || (k[0] != prefixTag && k[0] != prefixEdge) {
			continue
		}
		s := BackupSchema{Space: u32At(k, 1), Edge: k[0] == prefixEdge, ID: u32At(k, 5), Version: u64At(k, 9)}
		if s.Edge {
			item := &gmeta.EdgeItem{}
			if err := decode(kv.Value, item); err != nil {
				return nil, fmt.Errorf("backup schema %x: %w", k, err)
			}
			s.Name = string(item.EdgeName)
		} else {
			item := &gmeta.TagItem{}
			if err := decode(kv.Value, item); err != nil {
				return nil, fmt.Errorf("backup schema %x: %w", k, err)
			}
			s.Name = string(item.TagName)
		}
		if n := len(out); n > 0 && out[n-1].Space == s.Space && out[n-1].Edge == s.Edge && out[n-1].ID == s.ID {
			if s.Version > out[n-1].Version {
				out[n-1] = s
			}
			continue
		}
		out = append(out, s)
	}
	return out, nil
}
