package br

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/storage"
)

// Config says which cluster and which directory a backup or restore uses.
type Config struct {
	// MetaAddrs are the metad replicas (host:port). Required.
	MetaAddrs []string
	// Dir holds the backups, one directory each. Required.
	Dir string
	// Concurrency is how many parts are copied at once; default 4.
	Concurrency int
	// PageBytes bounds the keys and values of one backupPart answer or
	// restorePart request; default 4 MiB.
	PageBytes int
	// Timeout bounds one call to metad or storaged (CREATE SNAPSHOT
	// included) and, on restore, how long a part may go without a leader;
	// default 2 min.
	Timeout time.Duration
	// Logger receives progress; default slog.Default().
	Logger *slog.Logger
	// Now is the clock that names backups; default time.Now.
	Now func() time.Time
}

func (c *Config) fill() error {
	if len(c.MetaAddrs) == 0 {
		return errors.New("br: no metad address (--meta)")
	}
	if c.Dir == "" {
		return errors.New("br: no backup directory (--storage)")
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	if c.PageBytes <= 0 {
		c.PageBytes = 4 << 20
	}
	if c.Timeout <= 0 {
		c.Timeout = 2 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// clients are a run's connections to the cluster.
type clients struct {
	meta    *meta.Client
	storage *storage.Client
}

func dial(cfg *Config) (*clients, error) {
	mc, err := meta.NewClient(meta.ClientOptions{
		Addrs: cfg.MetaAddrs, Role: gmeta.HostRole_UNKNOWN, SkipCatalog: true,
		Timeout: cfg.Timeout, AttemptTimeout: cfg.Timeout, Logger: cfg.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("br: %w", err)
	}
	sc := storage.NewClient(&storage.MetaClient{Client: mc}, storage.ClientOptions{Timeout: cfg.Timeout})
	return &clients{meta: mc, storage: sc}, nil
}

func (c *clients) close() {
	c.storage.Close()
	c.meta.Close()
}

// Backup takes a full backup of the cluster into a new directory under
// cfg.Dir and returns its manifest. Every write acknowledged before Backup
// was called is in it: the snapshot it copies is taken after the call
// starts, and each part is copied from the replica whose checkpoint is
// furthest along. Writes may go on meanwhile. The snapshot is dropped once
// copied; a backup that fails leaves its directory without a manifest.
func Backup(ctx context.Context, cfg Config) (*Manifest, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	cl, err := dial(&cfg)
	if err != nil {
		return nil, err
	}
	defer cl.close()
	start := cfg.Now().UTC()
	snapshot, err := createSnapshot(ctx, cl.meta)
	if err != nil {
		return nil, err
	}
	cfg.Logger.Info("br: snapshot taken", "snapshot", snapshot)
	m, err := backupSnapshot(ctx, &cfg, cl, snapshot, start)
	if derr := cl.meta.DropSnapshots(ctx, snapshot); derr != nil {
		cfg.Logger.Warn("br: drop snapshot", "snapshot", snapshot, "err", derr)
	}
	return m, err
}

// createSnapshot runs CREATE SNAPSHOT and returns the new snapshot's name.
func createSnapshot(ctx context.Context, mc *meta.Client) (string, error) {
	before, err := mc.ListSnapshots(ctx)
	if err != nil {
		return "", fmt.Errorf("br: list snapshots: %w", err)
	}
	if err := mc.CreateSnapshot(ctx); err != nil {
		return "", fmt.Errorf("br: create snapshot: %w", err)
	}
	after, err := mc.ListSnapshots(ctx)
	if err != nil {
		return "", fmt.Errorf("br: list snapshots: %w", err)
	}
	var names []string
	for _, s := range after {
		if s.Status != gmeta.SnapshotStatus_VALID || slices.ContainsFunc(before, func(b *gmeta.Snapshot) bool {
			return string(b.Name) == string(s.Name)
		}) {
			continue
		}
		names = append(names, string(s.Name))
	}
	if len(names) == 0 {
		return "", errors.New("br: create snapshot: no new valid snapshot listed")
	}
	sort.Strings(names)
	return names[len(names)-1], nil
}

func backupSnapshot(ctx context.Context, cfg *Config, cl *clients, snapshot string, start time.Time) (*Manifest, error) {
	name := "BACKUP_" + start.Format("2006_01_02_15_04_05")
	dir := filepath.Join(cfg.Dir, name)
	if _, err := os.Stat(dir); err == nil {
		return nil, fmt.Errorf("br: backup %s exists already in %s", name, cfg.Dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("br: %w", err)
	}
	mresp, err := cl.meta.BackupMeta(ctx, snapshot)
	if err != nil {
		return nil, fmt.Errorf("br: %w", err)
	}
	m := &Manifest{Format: 1, Name: name, Snapshot: snapshot, CreateTime: start, MetaAddrs: cfg.MetaAddrs}
	if m.Meta, err = writeKVFile(dir, "meta.kv", mresp.Data); err != nil {
		return nil, err
	}
	schemas, err := meta.BackupSchemas(mresp.Data)
	if err != nil {
		return nil, fmt.Errorf("br: %w", err)
	}
	var jobs []partJob
	for _, item := range mresp.Spaces {
		sp := spaceOf(item, schemas)
		parts := mresp.Parts[item.SpaceID]
		for pid := int32(1); pid <= sp.PartitionNum; pid++ {
			var hosts []string
			for _, h := range parts[common.PartitionID(pid)] {
				hosts = append(hosts, hostString(h))
			}
			sp.Parts = append(sp.Parts, Part{ID: pid, Hosts: hosts})
		}
		m.Spaces = append(m.Spaces, sp)
	}
	sort.Slice(m.Spaces, func(i, j int) bool { return m.Spaces[i].ID < m.Spaces[j].ID })
	for i := range m.Spaces {
		for j := range m.Spaces[i].Parts {
			jobs = append(jobs, partJob{space: m.Spaces[i].ID, part: &m.Spaces[i].Parts[j]})
		}
	}
	err = runParts(ctx, cfg.Concurrency, jobs, func(ctx context.Context, j partJob) error {
		return backupPart(ctx, cfg, cl, dir, snapshot, j.space, j.part)
	})
	if err != nil {
		return nil, err
	}
	m.FinishTime = cfg.Now().UTC()
	if err := writeManifest(dir, m); err != nil {
		return nil, fmt.Errorf("br: %w", err)
	}
	cfg.Logger.Info("br: backup done", "name", name, "spaces", len(m.Spaces), "records", m.Records())
	return m, nil
}

func spaceOf(item *gmeta.SpaceItem, schemas []meta.BackupSchema) Space {
	d := item.Properties
	sp := Space{ID: int32(item.SpaceID), Name: string(d.SpaceName), PartitionNum: d.PartitionNum, ReplicaFactor: d.ReplicaFactor}
	if vt := d.VidType; vt != nil && vt.Type == common.PropertyType_FIXED_STRING {
		sp.VIDType = fmt.Sprintf("FIXED_STRING(%d)", vt.GetTypeLength())
	} else {
		sp.VIDType = "INT64"
	}
	for _, z := range d.ZoneNames {
		sp.Zones = append(sp.Zones, string(z))
	}
	for _, s := range schemas {
		if s.Space != sp.ID {
			continue
		}
		sc := Schema{ID: s.ID, Name: s.Name, Version: s.Version}
		if s.Edge {
			sp.Edges = append(sp.Edges, sc)
		} else {
			sp.Tags = append(sp.Tags, sc)
		}
	}
	return sp
}

func hostString(h *common.HostAddr) string {
	return net.JoinHostPort(h.GetHost(), strconv.Itoa(int(h.GetPort())))
}

func writeKVFile(dir, rel string, data []*common.KeyValue) (File, error) {
	kw, err := createKV(filepath.Join(dir, rel))
	if err != nil {
		return File{}, fmt.Errorf("br: %w", err)
	}
	for _, kv := range data {
		if err := kw.add(kv.Key, kv.Value); err != nil {
			_, cerr := kw.close()
			return File{}, errors.Join(fmt.Errorf("br: %w", err), cerr)
		}
	}
	f, err := kw.close()
	if err != nil {
		return File{}, fmt.Errorf("br: %w", err)
	}
	f.Path = rel
	return f, nil
}

// backupPart copies one part from the replica whose checkpoint has the
// highest applied index.
func backupPart(ctx context.Context, cfg *Config, cl *clients, dir, snapshot string, space int32, p *Part) error {
	var errs []error
	p.AppliedIndex = -1
	for _, h := range p.Hosts {
		resp, err := backupPage(ctx, cl.storage, h, space, p.ID, snapshot, nil, 0)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if resp.AppliedIndex > p.AppliedIndex {
			p.From, p.AppliedIndex = h, resp.AppliedIndex
		}
	}
	if p.From == "" {
		return fmt.Errorf("br: part %d/%d: no replica has a checkpoint: %w", space, p.ID, errors.Join(errs...))
	}
	rel := filepath.Join("data", strconv.Itoa(int(space)), strconv.Itoa(int(p.ID))+".kv")
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
		return fmt.Errorf("br: %w", err)
	}
	kw, err := createKV(filepath.Join(dir, rel))
	if err != nil {
		return fmt.Errorf("br: %w", err)
	}
	var cursor []byte
	for {
		resp, err := backupPage(ctx, cl.storage, p.From, space, p.ID, snapshot, cursor, cfg.PageBytes)
		if err == nil {
			for _, kv := range resp.Data {
				if err = kw.add(kv.Key, kv.Value); err != nil {
					break
				}
			}
		}
		if err != nil {
			_, cerr := kw.close()
			return errors.Join(err, cerr)
		}
		if len(resp.NextCursor) == 0 {
			break
		}
		cursor = resp.NextCursor
	}
	if p.File, err = kw.close(); err != nil {
		return fmt.Errorf("br: %w", err)
	}
	p.File.Path = rel
	return nil
}

func backupPage(ctx context.Context, sc *storage.Client, host string, space, part int32, snapshot string, cursor []byte, limit int) (*gstorage.BackupPartResp, error) {
	var resp *gstorage.BackupPartResp
	err := sc.Admin(ctx, host, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = a.BackupPart(ctx, &gstorage.BackupPartReq{
			SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part),
			Name: []byte(snapshot), Cursor: cursor, LimitBytes: int32(limit),
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("backup part %d/%d from %s: %w", space, part, host, err)
	}
	if resp.Code != common.ErrorCode_SUCCEEDED {
		return nil, fmt.Errorf("backup part %d/%d from %s: %s: %s", space, part, host, resp.Code, resp.ErrorMsg)
	}
	return resp, nil
}

// partJob is one part to copy or restore.
type partJob struct {
	space int32
	part  *Part
}

// runParts runs fn for every job, n at a time, and returns the first
// error; the other workers stop at their next job once one fails.
func runParts(ctx context.Context, n int, jobs []partJob, fn func(context.Context, partJob) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan partJob)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range min(n, max(len(jobs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				if ctx.Err() != nil {
					continue
				}
				if err := fn(ctx, j); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					cancel()
				}
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}
