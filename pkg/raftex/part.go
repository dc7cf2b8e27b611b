package raftex

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"

	wire "github.com/novagraph/novagraph/idl/gen/raftex"
)

// PartConfig describes a replica to open.
type PartConfig struct {
	Space, Part int32
	// Engine is where the part's state machine writes; the caller owns it.
	Engine Engine
	// Spans are the key ranges holding the part's data: what a snapshot
	// carries and what Drop deletes. Proposals should write only inside
	// them.
	Spans []Span
	// AppliedKey is the engine key recording the part's applied raft
	// index. It may be inside or outside Spans.
	AppliedKey []byte
	// Peers are the raft addresses of the part's initial voters, this node
	// included, used to bootstrap a part that has no raft state yet (every
	// initial replica is opened with the same list). A replica that is to
	// be added to an existing part later is opened with Peers empty; it
	// waits for the leader to add it.
	Peers []string
}

func (c *PartConfig) validate() error {
	switch {
	case c.Engine == nil:
		return errors.New("raftex: PartConfig.Engine is required")
	case len(c.AppliedKey) == 0:
		return errors.New("raftex: PartConfig.AppliedKey is required")
	case len(c.Spans) == 0:
		return errors.New("raftex: PartConfig.Spans is required")
	}
	for _, s := range c.Spans {
		if bytes.Compare(s.Start, s.End) >= 0 {
			return fmt.Errorf("raftex: empty span [%q, %q)", s.Start, s.End)
		}
	}
	return nil
}

// Part is this node's replica of one part (one raft group).
//
// Writes go through Propose on the leader; reads go to the leader's engine
// after ReadBarrier. Methods needing the leader fail elsewhere with a
// *NotLeaderError naming the leader if known. All methods are safe for
// concurrent use.
type Part struct {
	n     *Node
	id    groupID
	cfg   PartConfig
	raft  *raft.Raft
	fsm   *partFSM
	log   *groupLog
	snaps *snapStore
	trans *groupTransport

	// readyTerm is the term in which this replica, as leader, has seen
	// every entry of earlier terms applied (a barrier went through).
	readyTerm atomic.Uint64
	// lease spares reads the quorum round while it holds.
	lease readLease

	closed    chan struct{}
	closeOnce sync.Once
	closeErr  error

	subs struct {
		mu     sync.Mutex
		set    map[*Subscription]struct{}
		last   LeaderChange
		closed bool
	}
}

// OpenPart opens this node's replica of a part, creating its raft state if
// there is none, and starts it. A part that crashed while installing a
// snapshot finishes installing it first.
func (n *Node) OpenPart(cfg PartConfig) (*Part, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	id := groupID{Space: cfg.Space, Part: cfg.Part}
	n.mu.Lock()
	switch {
	case n.mu.closed:
		n.mu.Unlock()
		return nil, ErrClosed
	case n.mu.parts[id] != nil || n.mu.opening[id]:
		n.mu.Unlock()
		return nil, fmt.Errorf("part %s: %w", id, ErrPartExists)
	}
	n.mu.opening[id] = true
	n.ops.Add(1)
	n.mu.Unlock()
	defer n.ops.Done()
	p, err := n.openPart(id, cfg)
	n.mu.Lock()
	delete(n.mu.opening, id)
	if err == nil {
		if n.mu.closed {
			err = ErrClosed
		} else {
			n.mu.parts[id] = p
			n.mu.byRaft[p.raft] = p
		}
	}
	n.mu.Unlock()
	if err != nil {
		if p != nil {
			p.shutdown()
		}
		return nil, err
	}
	p.raft.RegisterObserver(n.observer)
	// A change raft reported before the observer was in place is caught
	// up with here, through the dispatcher so that OnLeaderChange keeps
	// being called from one goroutine.
	addr, lid := p.raft.LeaderWithID()
	select {
	case n.obsCh <- raft.Observation{Raft: p.raft, Data: raft.LeaderObservation{LeaderAddr: addr, LeaderID: lid}}:
	case <-n.stop:
	}
	return p, nil
}

func (n *Node) openPart(id groupID, cfg PartConfig) (*Part, error) {
	cfg.Spans = slices.Clone(cfg.Spans)
	cfg.Peers = slices.Clone(cfg.Peers)
	p := &Part{n: n, id: id, cfg: cfg, closed: make(chan struct{})}
	p.lease.d = max(n.opts.ReadLease, 0)
	p.subs.set = make(map[*Subscription]struct{})
	p.subs.last = LeaderChange{Space: id.Space, Part: id.Part}
	var err error
	if p.log, err = n.logs.group(id); err != nil {
		return nil, err
	}
	p.fsm = &partFSM{id: id, eng: cfg.Engine, spans: cfg.Spans, appliedKey: bytes.Clone(cfg.AppliedKey), logger: n.opts.Logger}
	p.snaps = &snapStore{id: id, logs: n.logs, fs: n.opts.FS, dir: n.spoolDir(), fsm: p.fsm}
	p.fsm.snaps = p.snaps
	if err := p.recover(); err != nil {
		return nil, err
	}
	if p.trans, err = n.trans.register(id); err != nil {
		return nil, err
	}
	var logs raft.LogStore = p.log
	if n.opts.wrapLog != nil {
		logs = n.opts.wrapLog(logs)
	}
	if logs, err = raft.NewLogCache(n.opts.LogCacheSize, logs); err != nil {
		p.trans.Close()
		return nil, err
	}
	conf := n.opts.raftConfig(n.Addr(), id)
	fresh, err := raft.HasExistingState(logs, p.log, p.snaps)
	if err != nil {
		p.trans.Close()
		return nil, fmt.Errorf("open part %s: %w", id, err)
	}
	fresh = !fresh
	if p.raft, err = raft.NewRaft(conf, p.fsm, logs, p.log, p.snaps, p.trans); err != nil {
		p.trans.Close()
		return nil, fmt.Errorf("open part %s: %w", id, err)
	}
	p.trans.setStateFn(p.state)
	if fresh && slices.Contains(cfg.Peers, n.Addr()) {
		var c raft.Configuration
		for _, addr := range cfg.Peers {
			c.Servers = append(c.Servers, raft.Server{Suffrage: raft.Voter, ID: raft.ServerID(addr), Address: raft.ServerAddress(addr)})
		}
		if err := p.raft.BootstrapCluster(c).Error(); err != nil && !errors.Is(err, raft.ErrCantBootstrap) {
			return p, fmt.Errorf("bootstrap part %s: %w", id, err)
		}
	}
	return p, nil
}

// recover brings the engine in line with the log store before raft starts:
// raft will believe the engine holds at least the latest snapshot.
func (p *Part) recover() error {
	applied, restoring, err := p.fsm.loadApplied()
	if err != nil {
		return fmt.Errorf("open part %s: %w", p.id, err)
	}
	meta, err := p.snaps.load()
	if err != nil {
		return err
	}
	if meta != nil && meta.Spool != "" && (restoring || applied < meta.Index) {
		// A received snapshot was not (fully) installed: install it now.
		_, rc, err := p.snaps.Open(meta.ID)
		if err != nil {
			return fmt.Errorf("open part %s: resume snapshot install: %w", p.id, err)
		}
		if err := p.fsm.Restore(rc); err != nil {
			return fmt.Errorf("open part %s: resume snapshot install: %w", p.id, err)
		}
		applied, restoring = p.fsm.applied.Load(), false
	} else if meta != nil && meta.Spool != "" {
		if err := p.snaps.restored(); err != nil {
			return err
		}
	}
	if restoring {
		return fmt.Errorf("open part %s: %w: snapshot install was cut off and its stream is gone", p.id, ErrCorruptSnapshot)
	}
	if meta != nil && applied < meta.Index {
		return fmt.Errorf("open part %s: %w: engine at index %d is behind the snapshot at %d",
			p.id, ErrPartFailed, applied, meta.Index)
	}
	p.fsm.applied.Store(applied)
	p.fsm.through.advance(applied)
	return nil
}

// state answers a peer's getPartState.
func (p *Part) state() *wire.PartStateResponse {
	return &wire.PartStateResponse{
		Term:         int64(p.raft.CurrentTerm()),
		LastLogIndex: int64(p.raft.LastIndex()),
		CommitIndex:  int64(p.raft.CommitIndex()),
		AppliedIndex: int64(p.fsm.applied.Load()),
		State:        []byte(p.raft.State().String()),
	}
}

// ID returns the part's space and part ids.
func (p *Part) ID() (space, part int32) { return p.id.Space, p.id.Part }

// IsLeader reports whether this replica believes it is the leader. Only
// ReadBarrier makes sure of it.
func (p *Part) IsLeader() bool { return p.raft.State() == raft.Leader }

// Leader returns the leader's raft address as this replica knows it, or "".
func (p *Part) Leader() string {
	addr, _ := p.raft.LeaderWithID()
	return string(addr)
}

// AppliedIndex returns the raft index the part's engine has applied.
func (p *Part) AppliedIndex() uint64 { return p.fsm.applied.Load() }

func (p *Part) notLeader() error {
	return &NotLeaderError{Space: p.id.Space, Part: p.id.Part, Leader: p.Leader()}
}

// usable returns why the part cannot serve, if it cannot.
func (p *Part) usable() error {
	select {
	case <-p.closed:
		return fmt.Errorf("part %s: %w", p.id, ErrClosed)
	default:
	}
	if err := p.fsm.failure(); err != nil {
		return err
	}
	if p.fsm.restoring.Load() {
		return fmt.Errorf("part %s: %w: snapshot install incomplete", p.id, ErrPartFailed)
	}
	return nil
}

// timeoutOf converts ctx's deadline to hashicorp/raft's timeouts (0: none).
func timeoutOf(ctx context.Context) (time.Duration, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	d, ok := ctx.Deadline()
	if !ok {
		return 0, nil
	}
	return max(time.Until(d), time.Millisecond), nil
}

// Propose replicates b as one raft entry and returns once it is committed
// and applied on this replica (so a read here sees it). It must be called
// on the leader. ctx bounds the wait to get the entry into raft; once in,
// the outcome is waited for, which takes at most about LeaderLeaseTimeout
// past the loss of a quorum (the leader then steps down and fails it).
//
// An error means the write may or may not be committed eventually (as
// after any timeout in a replicated system), except for a
// *NotLeaderError returned before the entry got in, and ErrBadCommand.
// Propose copies b; the caller may reuse it afterwards.
func (p *Part) Propose(ctx context.Context, b *Batch) error {
	if err := p.usable(); err != nil {
		return err
	}
	if !p.IsLeader() {
		return p.notLeader()
	}
	timeout, err := timeoutOf(ctx)
	if err != nil {
		return err
	}
	f := p.raft.Apply(bytes.Clone(b.encoded()), timeout)
	defer p.n.stats.observeCommit(time.Now(), f)
	if err := f.Error(); err != nil {
		return p.proposeError(err)
	}
	if err, ok := f.Response().(error); ok {
		return err
	}
	return nil
}

// ReadBarrier returns nil once reads of this replica's engine are
// linearizable: this replica is the leader, a quorum confirmed it after
// the call began or within its read lease (Options.ReadLease, see
// readLease), and the engine has applied every entry committed before the
// call began. A deposed leader cannot pass it once its lease is over (the
// quorum refuses), and a fresh leader passes only once the entries of
// earlier terms are applied.
func (p *Part) ReadBarrier(ctx context.Context) error {
	if err := p.usable(); err != nil {
		return err
	}
	if !p.IsLeader() {
		return p.notLeader()
	}
	timeout, err := timeoutOf(ctx)
	if err != nil {
		return err
	}
	term := p.raft.CurrentTerm()
	if p.readyTerm.Load() != term {
		// A new leader learns the commit index only by committing an entry
		// of its own term; a barrier is such an entry, and waits for the
		// state machine to apply everything before it.
		f := p.raft.Barrier(timeout)
		if err := f.Error(); err != nil {
			return p.raftError(err)
		}
		if ix, ok := f.(interface{ Index() uint64 }); ok {
			p.fsm.through.advance(ix.Index())
		}
		p.readyTerm.Store(term)
	}
	commit := p.raft.CommitIndex()
	if !p.lease.valid(term) {
		start := time.Now()
		if err := p.raft.VerifyLeader().Error(); err != nil {
			return p.raftError(err)
		}
		if p.raft.CurrentTerm() != term {
			return p.notLeader()
		}
		p.lease.renew(term, start)
	} else if !p.IsLeader() || p.raft.CurrentTerm() != term {
		return p.notLeader()
	}
	return p.fsm.through.wait(ctx, commit, p.closed)
}

// Close stops this replica, keeping its data and raft state: opening it
// again resumes it. Pending proposals fail; subscriptions end.
func (p *Part) Close() error {
	p.closeOnce.Do(func() {
		p.n.forget(p)
		p.closeErr = p.shutdown()
	})
	return p.closeErr
}

func (p *Part) shutdown() error {
	select {
	case <-p.closed:
	default:
		close(p.closed)
	}
	var err error
	if p.raft != nil {
		err = p.raft.Shutdown().Error()
	}
	if p.trans != nil {
		p.trans.Close()
	}
	p.closeSubscriptions()
	if err != nil {
		return fmt.Errorf("close part %s: %w", p.id, err)
	}
	return nil
}

// Drop closes this replica and deletes it: its raft log and state, and its
// data in the engine. Use it once the replica has been removed from the
// part (RemovePeer) or the part is deleted.
func (p *Part) Drop() error {
	closeErr := p.Close()
	if !p.n.begin() {
		return fmt.Errorf("drop part %s: %w", p.id, ErrClosed)
	}
	defer p.n.ops.Done()
	meta, err := p.snaps.load()
	if err != nil {
		return errors.Join(closeErr, err)
	}
	errs := []error{closeErr, p.n.logs.dropGroup(p.id), p.fsm.dropData()}
	if meta != nil && meta.Spool != "" {
		errs = append(errs, p.snaps.removeSpool(meta.Spool))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("drop part %s: %w", p.id, err)
	}
	return nil
}
