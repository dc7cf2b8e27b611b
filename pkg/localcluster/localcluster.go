// Package localcluster starts a whole NovaGraph cluster — one metad, N
// storaged and M graphd (one by default) — inside the calling process on loopback ports,
// for integration tests, the conformance runner and tools. Every daemon is
// the real server with its real clients; only the processes are shared.
//
// Start returns once the storage hosts are registered and online; Close
// stops the daemons in reverse order and waits for all their goroutines.
// A Cluster is safe for concurrent use by clients; Close once.
package localcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/freeport"
	"github.com/novagraph/novagraph/pkg/graph"
	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/storage"
)

// Options shape a cluster. DataDir is required.
type Options struct {
	// DataDir holds every daemon's data; the caller removes it.
	DataDir string
	// Storaged is the number of storage hosts; default 3.
	Storaged int
	// HeartbeatInterval of storaged and graphd; default 200 ms, so hosts
	// and schema changes propagate quickly.
	HeartbeatInterval time.Duration
	// DefaultPartsNum is metad's --default_parts_num, the partition_num of
	// a space that names none; default NebulaGraph's 100. NebulaGraph's
	// own test cluster runs with 1.
	DefaultPartsNum int
	// Graphd is the number of graphd hosts; default 1.
	Graphd int
	// GraphdFlags are "name=value" settings of graphd's NebulaGraph-named
	// flags (graph.Config.BindFlags) for every graphd, such as
	// "failed_login_attempts=5". Addresses and ports are the cluster's.
	GraphdFlags []string
	// Logger receives every daemon's logs; default discards them.
	Logger *slog.Logger
}

// Cluster is a running in-process cluster.
type Cluster struct {
	// MetaAddr and GraphAddr are the metad and (first) graphd Thrift
	// addresses; GraphAddrs are every graphd's.
	MetaAddr   string
	GraphAddr  string
	GraphAddrs []string
	// StorageAddrs are the storaged Thrift addresses.
	StorageAddrs []string
	// Meta is the first graphd's meta client.
	Meta *meta.Client

	cancel  context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	errs    []error
	closers []func()

	opts Options
	// procs are the storaged hosts started by AddStoraged (storaged.go).
	procs map[string]*storagedProc
}

// Start brings a cluster up. On error everything started is stopped.
func Start(ctx context.Context, opts Options) (_ *Cluster, err error) {
	if opts.DataDir == "" {
		return nil, errors.New("localcluster: no data directory")
	}
	if opts.Storaged <= 0 {
		opts.Storaged = 3
	}
	if opts.Graphd <= 0 {
		opts.Graphd = 1
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 200 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	runCtx, cancel := context.WithCancel(context.Background())
	c := &Cluster{cancel: cancel, opts: opts, procs: map[string]*storagedProc{}}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()

	if err := c.startMetad(runCtx, opts); err != nil {
		return nil, err
	}
	gports := make([]int, opts.Graphd)
	for i := range gports {
		if gports[i], err = FreePorts(1); err != nil {
			return nil, err
		}
		c.GraphAddrs = append(c.GraphAddrs, net.JoinHostPort("127.0.0.1", strconv.Itoa(gports[i])))
	}
	c.GraphAddr = c.GraphAddrs[0]
	if c.Meta, err = c.metaClient(ctx, runCtx, gmeta.HostRole_GRAPH, c.GraphAddr, opts, nil); err != nil {
		return nil, err
	}
	for i := 0; i < opts.Storaged; i++ {
		if err := c.startStoraged(ctx, runCtx, i, opts); err != nil {
			return nil, err
		}
	}
	if err := c.Meta.AddHosts(ctx, c.StorageAddrs); err != nil {
		return nil, fmt.Errorf("add hosts: %w", err)
	}
	for i, port := range gports {
		mc := c.Meta
		if i > 0 {
			// Each graphd heartbeats as itself, so metad lists its sessions
			// under its own address.
			if mc, err = c.metaClient(ctx, runCtx, gmeta.HostRole_GRAPH, c.GraphAddrs[i], opts, nil); err != nil {
				return nil, err
			}
		}
		if err := c.startGraphd(runCtx, i, port, mc, opts); err != nil {
			return nil, err
		}
	}
	if err := c.waitOnline(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Close stops the daemons and returns the first error any of them ended with.
func (c *Cluster) Close() error {
	c.cancel()
	for i := len(c.closers) - 1; i >= 0; i-- {
		c.closers[i]()
	}
	c.wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	return errors.Join(c.errs...)
}

// serve runs f until the cluster closes, recording its error.
func (c *Cluster) serve(name string, f func() error) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		if err := f(); err != nil {
			c.mu.Lock()
			c.errs = append(c.errs, fmt.Errorf("%s: %w", name, err))
			c.mu.Unlock()
		}
	}()
}

func (c *Cluster) startMetad(ctx context.Context, opts Options) error {
	port, err := FreePorts(2)
	if err != nil {
		return err
	}
	cfg := meta.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = "127.0.0.1", port, 0
	cfg.DataPath = filepath.Join(opts.DataDir, "meta")
	c.MetaAddr = net.JoinHostPort(cfg.LocalIP, strconv.Itoa(port))
	cfg.MetaServerAddrs = c.MetaAddr
	cfg.HeartbeatInterval = opts.HeartbeatInterval
	if opts.DefaultPartsNum > 0 {
		cfg.DefaultPartsNum = opts.DefaultPartsNum
	}
	// One replica: elect at once rather than after a second of silence.
	cfg.Raft.HeartbeatTimeout, cfg.Raft.ElectionTimeout = 300*time.Millisecond, 300*time.Millisecond
	cfg.Raft.LeaderLeaseTimeout = 150 * time.Millisecond
	srv, err := meta.NewServer(cfg, meta.Deps{Logger: opts.Logger})
	if err != nil {
		return fmt.Errorf("metad: %w", err)
	}
	if err := srv.Listen(); err != nil {
		return fmt.Errorf("metad: %w", err)
	}
	c.serve("metad", func() error { return srv.Run(ctx) })
	return nil
}

// metaClient starts a meta client heartbeating as role at local and waits
// for its first catalog. adapter, when set, is bound to the client before
// its heartbeats start, since they call adapter.Report.
func (c *Cluster) metaClient(ctx, runCtx context.Context, role gmeta.HostRole, local string, opts Options,
	adapter *storage.MetaClient) (*meta.Client, error) {
	var report func() meta.HeartbeatReport
	if adapter != nil {
		report = adapter.Report
	}
	mc, err := meta.NewClient(meta.ClientOptions{
		Addrs: []string{c.MetaAddr}, Role: role, LocalHost: local,
		HeartbeatInterval: opts.HeartbeatInterval, Report: report, Logger: opts.Logger,
	})
	if err != nil {
		return nil, err
	}
	if adapter != nil {
		adapter.Client = mc
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		mc.Run(runCtx)
	}()
	c.closers = append(c.closers, func() { <-done; mc.Close() })
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := mc.WaitReady(wctx); err != nil {
		return nil, fmt.Errorf("wait for metad: %w", err)
	}
	return mc, nil
}

func (c *Cluster) startStoraged(ctx, runCtx context.Context, i int, opts Options) error {
	port, err := FreePorts(2)
	if err != nil {
		return err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	adapter := &storage.MetaClient{}
	if _, err := c.metaClient(ctx, runCtx, gmeta.HostRole_STORAGE, addr, opts, adapter); err != nil {
		return err
	}
	cfg := storage.DefaultConfig()
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = "127.0.0.1", port, 0
	cfg.DataPaths = []string{filepath.Join(opts.DataDir, "storage"+strconv.Itoa(i))}
	cfg.HeartbeatInterval = opts.HeartbeatInterval
	// Loopback peers: a new part elects its first leader in a fraction of
	// a second instead of hashicorp/raft's one to two.
	cfg.Raft.HeartbeatTimeout, cfg.Raft.ElectionTimeout = 300*time.Millisecond, 300*time.Millisecond
	cfg.Raft.LeaderLeaseTimeout = 150 * time.Millisecond
	srv, err := storage.NewServer(cfg, storage.Deps{Meta: adapter, Logger: opts.Logger})
	if err != nil {
		return fmt.Errorf("storaged %d: %w", i, err)
	}
	if err := srv.Listen(); err != nil {
		return errors.Join(fmt.Errorf("storaged %d: %w", i, err), srv.Close())
	}
	c.StorageAddrs = append(c.StorageAddrs, addr)
	c.serve("storaged "+strconv.Itoa(i), func() error { return srv.Run(runCtx) })
	return nil
}

func (c *Cluster) startGraphd(ctx context.Context, i, port int, mc *meta.Client, opts Options) error {
	name := "graphd " + strconv.Itoa(i)
	cfg := graph.DefaultConfig()
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	cfg.BindFlags(fs)
	for _, kv := range opts.GraphdFlags {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("%s: flag setting %q is not name=value", name, kv)
		}
		if err := fs.Set(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return fmt.Errorf("%s: --%s: %w", name, k, err)
		}
	}
	cfg.LocalIP, cfg.Port, cfg.WSHTTPPort = "127.0.0.1", port, 0
	addr := c.GraphAddrs[i]
	sc := storage.NewClient(&storage.MetaClient{Client: mc}, storage.ClientOptions{})
	c.closers = append(c.closers, func() { sc.Close() })
	srv, err := graph.NewServer(cfg, graph.Deps{
		Engine: exec.New(exec.Options{
			Meta: mc, Catalog: exec.MetaCatalog{Client: mc}, Storage: sc, Authorize: cfg.EnableAuthorize,
			GraphAddr: addr, MaxQueryMemory: cfg.QueryMemoryLimit,
			MaxStatements: cfg.MaxAllowedStatements, MaxQuerySize: cfg.MaxAllowedQuerySize,
			EnableSpaceOnZones: cfg.EnableSpaceOnZones,
		}),
		Auth:     mc,
		Sessions: graph.MetaSessions{Client: mc, Addr: addr},
		Logger:   opts.Logger,
	})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := srv.Listen(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	c.serve(name, func() error { return srv.Run(ctx) })
	return nil
}

// waitOnline waits until metad reports every storage host online.
func (c *Cluster) waitOnline(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		if err := c.Meta.Refresh(ctx); err == nil {
			online := 0
			for _, h := range c.Meta.StorageHosts() {
				if h.Online {
					online++
				}
			}
			if online >= len(c.StorageAddrs) {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("storage hosts not online: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// FreePorts returns a port p such that p..p+n-1 are free now (metad and
// storaged use port+1 for raft), below the ephemeral range so that a daemon
// restarted on it does not find it taken by a client connection.
func FreePorts(n int) (int, error) { return freeport.Block(n) }
