package localcluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"time"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/storage"
)

// Storage hosts that come and go while the cluster runs, for scale-out,
// scale-in and crash tests: AddStoraged starts one more storaged (the
// caller registers it with ADD HOSTS), StopStoraged stops one as a crash
// would (nothing is flushed beyond what raft made durable), and
// StartStoraged starts it again on its address and data.

// storagedProc is one storaged started by AddStoraged.
type storagedProc struct {
	addr, dir string
	// stop ends the storaged and its meta client and waits for them; nil
	// while stopped.
	stop func()
}

// AddStoraged starts a new storaged on a free loopback port with a data
// directory of its own and returns its address. It heartbeats once the
// caller registers it (ADD HOSTS); until then metad refuses it.
func (c *Cluster) AddStoraged(ctx context.Context) (string, error) {
	port, err := FreePorts(2)
	if err != nil {
		return "", err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	p := &storagedProc{addr: addr, dir: filepath.Join(c.opts.DataDir, "storage-"+strconv.Itoa(port))}
	c.mu.Lock()
	c.procs[addr] = p
	c.mu.Unlock()
	c.closers = append(c.closers, func() { c.StopStoraged(addr) })
	if err := c.runStoraged(ctx, p); err != nil {
		return "", err
	}
	return addr, nil
}

// StopStoraged stops a storaged AddStoraged started; it keeps its data.
// Stopping one that is stopped does nothing.
func (c *Cluster) StopStoraged(addr string) error {
	c.mu.Lock()
	p := c.procs[addr]
	var stop func()
	if p != nil {
		stop, p.stop = p.stop, nil
	}
	c.mu.Unlock()
	if p == nil {
		return fmt.Errorf("localcluster: no storaged %s started by AddStoraged", addr)
	}
	if stop != nil {
		stop()
	}
	return nil
}

// StartStoraged starts again a storaged StopStoraged stopped, on the same
// address and data.
func (c *Cluster) StartStoraged(ctx context.Context, addr string) error {
	c.mu.Lock()
	p := c.procs[addr]
	running := p != nil && p.stop != nil
	c.mu.Unlock()
	switch {
	case p == nil:
		return fmt.Errorf("localcluster: no storaged %s started by AddStoraged", addr)
	case running:
		return fmt.Errorf("localcluster: storaged %s is running", addr)
	}
	return c.runStoraged(ctx, p)
}

// runStoraged starts p's meta client and server under a context of their
// own, so that stop ends them alone.
func (c *Cluster) runStoraged(ctx context.Context, p *storagedProc) error {
	runCtx, cancel := context.WithCancel(context.Background())
	adapter := &storage.MetaClient{}
	mc, err := meta.NewClient(meta.ClientOptions{
		Addrs: []string{c.MetaAddr}, Role: gmeta.HostRole_STORAGE, LocalHost: p.addr,
		HeartbeatInterval: c.opts.HeartbeatInterval, Report: adapter.Report, Logger: c.opts.Logger,
	})
	if err != nil {
		cancel()
		return err
	}
	adapter.Client = mc
	mcDone := make(chan struct{})
	go func() {
		defer close(mcDone)
		mc.Run(runCtx)
	}()
	fail := func(err error) error {
		cancel()
		<-mcDone
		mc.Close()
		return err
	}
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	if err := mc.WaitReady(wctx); err != nil {
		return fail(fmt.Errorf("storaged %s: wait for metad: %w", p.addr, err))
	}
	_, port, _ := net.SplitHostPort(p.addr)
	cfg := storage.DefaultConfig()
	cfg.LocalIP, cfg.WSHTTPPort = "127.0.0.1", 0
	cfg.Port, _ = strconv.Atoi(port)
	cfg.DataPaths = []string{p.dir}
	cfg.HeartbeatInterval = c.opts.HeartbeatInterval
	cfg.Raft.HeartbeatTimeout, cfg.Raft.ElectionTimeout = 300*time.Millisecond, 300*time.Millisecond
	cfg.Raft.LeaderLeaseTimeout = 150 * time.Millisecond
	srv, err := storage.NewServer(cfg, storage.Deps{Meta: adapter, Logger: c.opts.Logger})
	if err != nil {
		return fail(fmt.Errorf("storaged %s: %w", p.addr, err))
	}
	if err := srv.Listen(); err != nil {
		return fail(errors.Join(fmt.Errorf("storaged %s: %w", p.addr, err), srv.Close()))
	}
	srvDone := make(chan struct{})
	go func() {
		defer close(srvDone)
		if err := srv.Run(runCtx); err != nil {
			c.opts.Logger.Warn("localcluster: storaged ended", "addr", p.addr, "err", err)
		}
	}()
	c.mu.Lock()
	p.stop = func() {
		cancel()
		<-srvDone
		<-mcDone
		mc.Close()
	}
	c.mu.Unlock()
	return nil
}
