package raftex

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/raft"
)

// groupID names a raft group: one part of one space.
type groupID struct {
	Space, Part int32
}

func (g groupID) String() string { return fmt.Sprintf("%d/%d", g.Space, g.Part) }

// Node is one process's replication layer: the raft transport (one
// listener, pooled connections to peers), the shared durable raft log, and
// the parts (raft groups) open on this host.
//
// Node's methods are safe for concurrent use. Close closes every part.
type Node struct {
	opts  Options
	logs  *logDB
	trans *transport
	stats nodeStats // metrics.go

	// One observer and one goroutine deliver the leader changes of every
	// part; the observer blocks raft only if dispatch falls 4096 behind,
	// and dispatch never blocks.
	obsCh    chan raft.Observation
	observer *raft.Observer
	stop     chan struct{}
	wg       sync.WaitGroup

	// ops counts OpenPart and Drop calls in progress, which use the log
	// store; Close waits for them before closing it.
	ops sync.WaitGroup

	mu struct {
		sync.Mutex
		parts   map[groupID]*Part
		byRaft  map[*raft.Raft]*Part
		opening map[groupID]bool
		closed  bool
	}
}

// Open starts a Node: it opens the raft log store in opts.Dir and starts
// listening on opts.ListenAddr.
func Open(opts Options) (*Node, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	n := &Node{opts: opts, stop: make(chan struct{}), obsCh: make(chan raft.Observation, 4096)}
	n.mu.parts = make(map[groupID]*Part)
	n.mu.byRaft = make(map[*raft.Raft]*Part)
	n.mu.opening = make(map[groupID]bool)
	if err := n.removeStaleSpools(); err != nil {
		return nil, err
	}
	logs, err := openLogDB(opts.FS, opts.Dir, opts.LogSyncInterval, opts.SkipLogSync, opts.Logger)
	if err != nil {
		return nil, err
	}
	trans, err := newTransport(&n.opts)
	if err != nil {
		logs.Close()
		return nil, err
	}
	n.logs, n.trans = logs, trans
	n.observer = raft.NewObserver(n.obsCh, true, func(o *raft.Observation) bool {
		_, ok := o.Data.(raft.LeaderObservation)
		return ok
	})
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		n.dispatchLoop()
	}()
	return n, nil
}

func (n *Node) spoolDir() string { return n.opts.FS.PathJoin(n.opts.Dir, "snap") }

// removeStaleSpools deletes snapshot streams a crash cut off mid-receive.
func (n *Node) removeStaleSpools() error {
	names, err := n.opts.FS.List(n.spoolDir())
	if err != nil {
		return nil // no spool directory yet
	}
	for _, name := range names {
		if strings.HasSuffix(name, ".tmp") {
			if err := n.opts.FS.Remove(n.opts.FS.PathJoin(n.spoolDir(), name)); err != nil {
				return fmt.Errorf("remove stale snapshot spool %s: %w", name, err)
			}
		}
	}
	return nil
}

// Addr returns this host's raft address, which is also its server ID in
// every group.
func (n *Node) Addr() string { return n.trans.local }

// Part returns the open replica of (space, part), or nil.
func (n *Node) Part(space, part int32) *Part {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.mu.parts[groupID{Space: space, Part: part}]
}

// Parts returns the open replicas, ordered by space and part.
func (n *Node) Parts() []*Part {
	n.mu.Lock()
	ps := make([]*Part, 0, len(n.mu.parts))
	for _, p := range n.mu.parts {
		ps = append(ps, p)
	}
	n.mu.Unlock()
	slices.SortFunc(ps, func(a, b *Part) int {
		if a.id.Space != b.id.Space {
			return int(a.id.Space) - int(b.id.Space)
		}
		return int(a.id.Part) - int(b.id.Part)
	})
	return ps
}

// BlockPeer is a fault switch for tests: while addr is blocked, this node
// sends it nothing (every message fails at once) and the connections
// already open to it are dropped. Blocking a node on every side, and every
// side on it, partitions it away.
func (n *Node) BlockPeer(addr string, blocked bool) { n.trans.setBlocked(addr, blocked) }

// Close closes every part and the node. Pending proposals fail. It does not
// sync or close the parts' engines, which the caller owns.
func (n *Node) Close() error {
	n.mu.Lock()
	if n.mu.closed {
		n.mu.Unlock()
		return nil
	}
	n.mu.closed = true
	parts := make([]*Part, 0, len(n.mu.parts))
	for _, p := range n.mu.parts {
		parts = append(parts, p)
	}
	n.mu.Unlock()
	n.ops.Wait()

	// Closing the transport first makes every raft message fail at once,
	// so the groups' shutdowns do not wait out RPC deadlines.
	errs := []error{n.trans.Close()}
	var wg sync.WaitGroup
	perr := make([]error, len(parts))
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			perr[i] = p.Close()
		}()
	}
	wg.Wait()
	close(n.stop)
	n.wg.Wait()
	errs = append(errs, perr...)
	errs = append(errs, n.logs.Close())
	return errors.Join(errs...)
}

func (n *Node) dispatchLoop() {
	for {
		select {
		case o := <-n.obsCh:
			lo, ok := o.Data.(raft.LeaderObservation)
			if !ok {
				continue
			}
			n.mu.Lock()
			p := n.mu.byRaft[o.Raft]
			n.mu.Unlock()
			if p != nil {
				n.announce(p, string(lo.LeaderAddr))
			}
		case <-n.stop:
			return
		}
	}
}

// announce publishes p's leader to its subscribers and OnLeaderChange.
func (n *Node) announce(p *Part, leader string) {
	n.stats.leaderChanges.Add(1)
	lc := LeaderChange{
		Space:  p.id.Space,
		Part:   p.id.Part,
		Leader: leader,
		Term:   p.raft.CurrentTerm(),
		Local:  leader != "" && leader == n.Addr(),
	}
	if p.publish(lc) && n.opts.OnLeaderChange != nil {
		n.opts.OnLeaderChange(lc)
	}
}

// begin registers an operation that uses the log store; false once the
// node is closing. The caller calls n.ops.Done when finished.
func (n *Node) begin() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.mu.closed {
		return false
	}
	n.ops.Add(1)
	return true
}

func (n *Node) forget(p *Part) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.mu.parts[p.id] == p {
		delete(n.mu.parts, p.id)
	}
	delete(n.mu.byRaft, p.raft)
}
