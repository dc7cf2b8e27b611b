package meta

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// RaftTuning holds the raft timings of the meta group. Zero fields take
// hashicorp/raft's defaults (1 s heartbeat and election timeouts), with
// which a new leader serves within a few seconds of the old one's death.
type RaftTuning struct {
	HeartbeatTimeout   time.Duration
	ElectionTimeout    time.Duration
	LeaderLeaseTimeout time.Duration
	CommitTimeout      time.Duration
	// SnapshotThreshold is how many entries after the last snapshot trigger
	// the next one.
	SnapshotThreshold uint64
	SnapshotInterval  time.Duration
	TrailingLogs      uint64
}

// nodeConfig configures one replica of the meta raft group.
type nodeConfig struct {
	ID     string       // this replica's Thrift address, "host:port": its raft server id
	Peers  []string     // every replica's Thrift address, ID included
	RaftLn net.Listener // bound raft port of this replica
	Dir    string       // data directory
	Tuning RaftTuning
	// ApplyTimeout bounds one proposal.
	ApplyTimeout time.Duration
	Logger       *slog.Logger
	// onLead runs on a new leader once it has applied every earlier entry
	// and before it serves; it may propose through tx.
	onLead func(ctx context.Context, propose func(func(*txn) error) error) error
	// onCommit, when set, runs when a proposal handed to raft at start
	// finishes (metrics).
	onCommit func(start time.Time, f raft.ApplyFuture)
}

// raftAddr is the raft address of the replica whose Thrift address is id:
// the next port up, as storaged's raft port is (9559 → 9560).
func raftAddr(id string) (string, error) {
	h, err := parseAddr(id)
	if err != nil {
		return "", err
	}
	if h.Port >= 65535 {
		return "", fmt.Errorf("meta address %q: no port above it for raft", id)
	}
	return addrString(&common.HostAddr{Host: h.Host, Port: h.Port + 1}), nil
}

// node is one replica of the meta raft group: the raft instance, its
// durable log, the FSM, and the leader-side write path.
//
// Only a ready leader serves: one that has applied every entry of earlier
// terms (a barrier) and run onLead. Writes are serialised by writeMu, so a
// txn's reads stay true until its command applies.
type node struct {
	cfg     nodeConfig
	log     *slog.Logger
	raft    *raft.Raft
	fsm     *fsm
	logs    *logStore
	logEng  *kvstore.Pebble
	state   *kvstore.Pebble
	trans   *raft.NetworkTransport
	notify  chan bool
	writeMu sync.Mutex

	ready atomic.Bool
	mu    struct {
		sync.Mutex
		gen uint64 // leadership changes seen
	}
	wg sync.WaitGroup
}

// openNode opens the replica's stores and starts raft. On first start it
// bootstraps the group with every peer as a voter: each replica does the
// same with the same configuration, which raft accepts.
func openNode(cfg nodeConfig) (_ *node, err error) {
	n := &node{cfg: cfg, log: cfg.Logger, notify: make(chan bool, 16)}
	defer func() {
		if err != nil {
			n.closeStores()
		}
	}()
	if n.state, err = kvstore.Open(filepath.Join(cfg.Dir, "state"), smallEngine(false, cfg.Logger)); err != nil {
		return nil, fmt.Errorf("meta state: %w", err)
	}
	if n.logEng, err = kvstore.Open(filepath.Join(cfg.Dir, "raft", "log"), smallEngine(true, cfg.Logger)); err != nil {
		return nil, fmt.Errorf("meta raft log: %w", err)
	}
	if n.logs, err = newLogStore(n.logEng); err != nil {
		return nil, err
	}
	if n.fsm, err = newFSM(n.state); err != nil {
		return nil, err
	}
	hlog := raftex.NewRaftLogger("meta-raft", cfg.Logger)
	snaps, err := raft.NewFileSnapshotStoreWithLogger(filepath.Join(cfg.Dir, "raft"), 2, hlog)
	if err != nil {
		return nil, fmt.Errorf("meta raft snapshots: %w", err)
	}
	advertise, err := raftAddr(cfg.ID)
	if err != nil {
		return nil, err
	}
	adv, err := net.ResolveTCPAddr("tcp", advertise)
	if err != nil {
		return nil, fmt.Errorf("meta raft address: %w", err)
	}
	n.trans = raft.NewNetworkTransportWithConfig(&raft.NetworkTransportConfig{
		Stream:  &streamLayer{Listener: cfg.RaftLn, advertise: adv},
		MaxPool: 3,
		Timeout: 2 * time.Second,
		Logger:  hlog,
	})

	rc := raft.DefaultConfig()
	rc.LocalID = raft.ServerID(cfg.ID)
	rc.Logger = hlog
	rc.NotifyCh = n.notify
	rc.NoLegacyTelemetry = true
	t := cfg.Tuning
	setDur(&rc.HeartbeatTimeout, t.HeartbeatTimeout)
	setDur(&rc.ElectionTimeout, t.ElectionTimeout)
	setDur(&rc.LeaderLeaseTimeout, t.LeaderLeaseTimeout)
	setDur(&rc.CommitTimeout, t.CommitTimeout)
	setDur(&rc.SnapshotInterval, t.SnapshotInterval)
	if t.SnapshotThreshold > 0 {
		rc.SnapshotThreshold = t.SnapshotThreshold
	}
	if t.TrailingLogs > 0 {
		rc.TrailingLogs = t.TrailingLogs
	}
	if rc.LeaderLeaseTimeout > rc.HeartbeatTimeout {
		rc.LeaderLeaseTimeout = rc.HeartbeatTimeout
	}

	has, err := raft.HasExistingState(n.logs, n.logs, snaps)
	if err != nil {
		n.trans.Close()
		return nil, fmt.Errorf("meta raft state: %w", err)
	}
	if !has {
		var servers []raft.Server
		for _, p := range cfg.Peers {
			addr, err := raftAddr(p)
			if err != nil {
				n.trans.Close()
				return nil, err
			}
			servers = append(servers, raft.Server{Suffrage: raft.Voter, ID: raft.ServerID(p), Address: raft.ServerAddress(addr)})
		}
		if err := raft.BootstrapCluster(rc, n.logs, n.logs, snaps, n.trans, raft.Configuration{Servers: servers}); err != nil {
			n.trans.Close()
			return nil, fmt.Errorf("meta raft bootstrap: %w", err)
		}
	}
	if n.raft, err = raft.NewRaft(rc, n.fsm, n.logs, n.logs, snaps, n.trans); err != nil {
		n.trans.Close()
		return nil, fmt.Errorf("meta raft: %w", err)
	}
	return n, nil
}

func setDur(dst *time.Duration, v time.Duration) {
	if v > 0 {
		*dst = v
	}
}

// smallEngine sizes a kvstore engine for meta's small state.
func smallEngine(sync bool, log *slog.Logger) kvstore.Options {
	return kvstore.Options{
		BlockCacheSize: 8 << 20,
		MemTableSize:   4 << 20,
		Sync:           sync,
		Logger:         log,
	}
}

// run follows leadership changes until ctx ends. On becoming leader it
// prepares (barrier, onLead) in a goroutine of its own, so that raft's
// notifications are never left waiting.
func (n *node) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case leader := <-n.notify:
			n.mu.Lock()
			n.mu.gen++
			gen := n.mu.gen
			n.ready.Store(false)
			n.mu.Unlock()
			if leader {
				n.log.Info("meta: became raft leader", "id", n.cfg.ID)
				n.wg.Add(1)
				go func() {
					defer n.wg.Done()
					n.prepare(ctx, gen)
				}()
			}
		}
	}
}

// prepare makes a new leader ready: a barrier applies every earlier entry,
// then onLead initialises what a fresh cluster needs.
func (n *node) prepare(ctx context.Context, gen uint64) {
	current := func() bool {
		n.mu.Lock()
		defer n.mu.Unlock()
		return n.mu.gen == gen
	}
	for ctx.Err() == nil && current() {
		err := n.raft.Barrier(n.cfg.ApplyTimeout).Error()
		if err == nil && n.cfg.onLead != nil {
			err = n.cfg.onLead(ctx, func(fn func(*txn) error) error {
				n.writeMu.Lock()
				defer n.writeMu.Unlock()
				return n.proposeLocked(ctx, fn)
			})
		}
		if err == nil {
			n.mu.Lock()
			if n.mu.gen == gen {
				n.ready.Store(true)
			}
			n.mu.Unlock()
			return
		}
		if errors.Is(err, raft.ErrLeadershipLost) || errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrRaftShutdown) {
			return
		}
		n.log.Warn("meta: new leader not ready yet", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// leader returns the Thrift address of the current leader, or "".
func (n *node) leader() string {
	_, id := n.raft.LeaderWithID()
	return string(id)
}

// errNotLeader is the answer of a replica that is not a ready leader.
func (n *node) errNotLeader() error { return codeError(common.ErrorCode_E_LEADER_CHANGED) }

// update runs fn as one txn on the ready leader and proposes its writes.
func (n *node) update(ctx context.Context, fn func(*txn) error) error {
	n.writeMu.Lock()
	defer n.writeMu.Unlock()
	if !n.ready.Load() {
		return n.errNotLeader()
	}
	return n.proposeLocked(ctx, fn)
}

// proposeLocked runs fn and proposes what it wrote, waiting until the
// command is applied here. It holds writeMu.
func (n *node) proposeLocked(ctx context.Context, fn func(*txn) error) error {
	t := newTxn(readerStore{n.state})
	if err := fn(t); err != nil {
		return err
	}
	if len(t.ops) == 0 && !t.touch {
		return nil
	}
	timeout := n.cfg.ApplyTimeout
	if d, ok := ctx.Deadline(); ok && time.Until(d) < timeout {
		timeout = time.Until(d)
	}
	if timeout <= 0 {
		return codeError(common.ErrorCode_E_RPC_FAILURE)
	}
	f := n.raft.Apply(encode(&gmeta.Command{Ops: t.ops, Touch: t.touch}), timeout)
	start := time.Now()
	err, resolved := futureError(ctx, f)
	if resolved && n.cfg.onCommit != nil {
		// Only a resolved future may be read here: an abandoned one is
		// still being waited on by futureError's goroutine.
		defer n.cfg.onCommit(start, f)
	}
	if !resolved {
		return err
	}
	if err != nil {
		switch {
		case errors.Is(err, raft.ErrNotLeader), errors.Is(err, raft.ErrLeadershipLost),
			errors.Is(err, raft.ErrRaftShutdown), errors.Is(err, raft.ErrEnqueueTimeout):
			return n.errNotLeader()
		}
		return fmt.Errorf("propose: %w", err)
	}
	if err, ok := f.Response().(error); ok && err != nil {
		return err
	}
	return nil
}

// view runs fn over a consistent snapshot of the ready leader's state.
func (n *node) view(fn func(view) error) error {
	if !n.ready.Load() {
		return n.errNotLeader()
	}
	snap := n.state.NewSnapshot()
	defer snap.Close()
	return fn(view{st: readerStore{snap}})
}

// shutdownRaft stops raft and the goroutines run started (call it after
// run's context ended). Proposals in flight fail; the stores stay open for
// readers until closeStores.
func (n *node) shutdownRaft() error {
	err := n.raft.Shutdown().Error()
	n.ready.Store(false)
	n.wg.Wait()
	n.trans.CloseStreams()
	if cerr := n.trans.Close(); err == nil {
		err = cerr
	}
	return err
}

// closeStores closes the state and the raft log.
func (n *node) closeStores() error {
	var err error
	if n.state != nil {
		err = errors.Join(err, n.state.Close())
	}
	if n.logEng != nil {
		err = errors.Join(err, n.logEng.Close())
	}
	return err
}

// streamLayer is raft's network layer over an already bound listener, so
// that the raft port is taken (or refused) in Listen like the others.
//
// NB: hashicorp/raft's NetworkTransport does not close the connections it
// accepted when it closes; their goroutines would wait for the peer. The
// stream layer tracks them and closes them with the listener.
type streamLayer struct {
	net.Listener
	advertise net.Addr

	mu struct {
		sync.Mutex
		conns  map[net.Conn]struct{}
		closed bool
	}
}

func (s *streamLayer) Accept() (net.Conn, error) {
	c, err := s.Listener.Accept()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.closed {
		c.Close()
		return nil, net.ErrClosed
	}
	if s.mu.conns == nil {
		s.mu.conns = map[net.Conn]struct{}{}
	}
	s.mu.conns[c] = struct{}{}
	return &trackedConn{Conn: c, s: s}, nil
}

// Close closes the listener and every accepted connection.
func (s *streamLayer) Close() error {
	err := s.Listener.Close()
	s.mu.Lock()
	s.mu.closed = true
	conns := s.mu.conns
	s.mu.conns = nil
	s.mu.Unlock()
	for c := range conns {
		c.Close()
	}
	return err
}

func (s *streamLayer) Dial(addr raft.ServerAddress, timeout time.Duration) (net.Conn, error) {
	return net.DialTimeout("tcp", string(addr), timeout)
}

func (s *streamLayer) Addr() net.Addr { return s.advertise }

type trackedConn struct {
	net.Conn
	s *streamLayer
}

func (c *trackedConn) Close() error {
	c.s.mu.Lock()
	delete(c.s.mu.conns, c.Conn)
	c.s.mu.Unlock()
	return c.Conn.Close()
}

// discardLogger is for tests and tools.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// futureError waits for f, or for ctx to end: a commit that cannot happen
// while the daemon shuts down (its raft transport already closed) must not
// hold up the shutdown. The waiting goroutine ends when raft answers the
// future, at the latest with ErrRaftShutdown.
func futureError(ctx context.Context, f raft.Future) (err error, resolved bool) {
	done := make(chan error, 1)
	go func() { done <- f.Error() }()
	select {
	case err := <-done:
		return err, true
	case <-ctx.Done():
		return ctx.Err(), false
	}
}
