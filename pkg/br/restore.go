package br

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/meta"
)

// Restore's refusals of a target cluster; either leaves it untouched.
var (
	// ErrNotEmpty: the target cluster has a space.
	ErrNotEmpty = errors.New("the target cluster has spaces: restore needs a cluster without any")
	// ErrTooFewHosts: a space's replica factor is more than the zones with
	// a live storage host that the target can place it in.
	ErrTooFewHosts = errors.New("the target cluster has too few live storage hosts (zones) for a space's replica factor")
)

// Restore loads backup name from cfg.Dir into the cluster at
// cfg.MetaAddrs, which must have no space (ErrNotEmpty) and enough live
// storage hosts, in enough zones, for every space's replica factor
// (ErrTooFewHosts). It
// checks every file of the backup first (ErrCorrupt), then recreates the
// catalog with the backup's ids, then writes each part's data through its
// new leader. Restoring again after a failure needs a fresh cluster too.
func Restore(ctx context.Context, cfg Config, name string) (*Manifest, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	m, err := ReadManifest(cfg.Dir, name)
	if err != nil {
		return nil, fmt.Errorf("br: %w", err)
	}
	dir := filepath.Join(cfg.Dir, name)
	var catalog []*common.KeyValue
	err = readKV(filepath.Join(dir, m.Meta.Path), m.Meta, func(k, v []byte) error {
		catalog = append(catalog, &common.KeyValue{Key: bytes.Clone(k), Value: bytes.Clone(v)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("br: %w", err)
	}
	var jobs []partJob
	for i := range m.Spaces {
		for j := range m.Spaces[i].Parts {
			p := &m.Spaces[i].Parts[j]
			if err := readKV(filepath.Join(dir, p.File.Path), p.File, func(_, _ []byte) error { return nil }); err != nil {
				return nil, fmt.Errorf("br: %w", err)
			}
			jobs = append(jobs, partJob{space: m.Spaces[i].ID, part: p})
		}
	}
	cl, err := dial(&cfg)
	if err != nil {
		return nil, err
	}
	defer cl.close()
	if err := cl.meta.RestoreMeta(ctx, catalog); err != nil {
		switch meta.CodeOf(err) {
		case common.ErrorCode_E_EXISTED:
			return nil, fmt.Errorf("br: %w", ErrNotEmpty)
		case common.ErrorCode_E_ZONE_NOT_ENOUGH:
			return nil, fmt.Errorf("br: %w: %w", ErrTooFewHosts, err)
		}
		return nil, fmt.Errorf("br: %w", err)
	}
	cfg.Logger.Info("br: catalog restored", "name", name, "spaces", len(m.Spaces))
	err = runParts(ctx, cfg.Concurrency, jobs, func(ctx context.Context, j partJob) error {
		return restorePart(ctx, &cfg, cl, dir, j.space, j.part)
	})
	if err != nil {
		return nil, err
	}
	cfg.Logger.Info("br: restore done", "name", name, "records", m.Records())
	return m, nil
}

// restorePart writes one part's file through the part's leader, a page at
// a time. A page is a batch of puts, so sending it again after an
// ambiguous failure is harmless.
func restorePart(ctx context.Context, cfg *Config, cl *clients, dir string, space int32, p *Part) error {
	r := partRestorer{cfg: cfg, cl: cl, space: space, part: p.ID}
	size := 0
	err := readKV(filepath.Join(dir, p.File.Path), p.File, func(k, v []byte) error {
		r.batch = append(r.batch, &common.KeyValue{Key: bytes.Clone(k), Value: bytes.Clone(v)})
		size += len(k) + len(v)
		if size < cfg.PageBytes {
			return nil
		}
		size = 0
		return r.send(ctx)
	})
	if err == nil && len(r.batch) > 0 {
		err = r.send(ctx)
	}
	if err != nil {
		return fmt.Errorf("br: restore part %d/%d: %w", space, p.ID, err)
	}
	return nil
}

// partRestorer sends pages of one part to its leader.
type partRestorer struct {
	cfg         *Config
	cl          *clients
	space, part int32
	leader      string // last known leader; "" to ask metad
	batch       []*common.KeyValue
	attempt     int
}

// send writes the batch, following leader changes and waiting (up to
// cfg.Timeout) for a part that is not open or has no leader yet: right
// after restoreMeta the storage hosts have yet to open the new parts.
func (r *partRestorer) send(ctx context.Context) error {
	deadline := time.Now().Add(r.cfg.Timeout)
	backoff := 50 * time.Millisecond
	for {
		host, err := r.target(ctx)
		if err == nil {
			var next string
			next, err = r.page(ctx, host)
			if err == nil {
				r.leader, r.batch = host, r.batch[:0]
				return nil
			}
			r.leader = next
			if next != "" && next != host {
				continue
			}
		}
		if time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

// target picks the host to send to: the known leader, else the one metad
// reports, else the replicas in turn.
func (r *partRestorer) target(ctx context.Context) (string, error) {
	if r.leader != "" {
		return r.leader, nil
	}
	infos, err := r.cl.meta.ListParts(ctx, r.space, []int32{r.part})
	if err != nil {
		return "", err
	}
	if len(infos) == 0 || len(infos[0].Peers) == 0 {
		return "", fmt.Errorf("metad lists no replica of the part")
	}
	if infos[0].Leader != "" {
		return infos[0].Leader, nil
	}
	r.attempt++
	return infos[0].Peers[r.attempt%len(infos[0].Peers)], nil
}

// page sends the batch to host; on failure it returns the leader host
// named, if any.
func (r *partRestorer) page(ctx context.Context, host string) (string, error) {
	var resp *gstorage.AdminExecResp
	err := r.cl.storage.Admin(ctx, host, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = a.RestorePart(ctx, &gstorage.RestorePartReq{
			SpaceID: common.GraphSpaceID(r.space), PartID: common.PartitionID(r.part), Data: r.batch,
		})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("restore on %s: %w", host, err)
	}
	for _, f := range resp.GetResult_().GetFailedParts() {
		next := ""
		if l := f.GetLeader(); l != nil && l.GetHost() != "" {
			next = hostString(l)
		}
		return next, fmt.Errorf("restore on %s: %s", host, f.GetCode())
	}
	return "", nil
}
