package raftex

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/hashicorp/raft"
)

// transport is a Node's one raft transport: a single listener serving the
// RaftexService for every group of the process, and a pool of multiplexed
// connections per peer host. Each group sees it through a groupTransport,
// its raft.Transport.
//
// Goroutines: the accept loop; per server connection a reader, a writer and
// one short-lived goroutine per request in flight (bounded per connection);
// per client connection a reader and a writer; per snapshot stream being
// received one watcher; per pipeline one decoder. All are counted in wg and
// end when Close closes the listener and every connection.
type transport struct {
	opts   *Options
	local  string
	ln     net.Listener
	logger *slog.Logger

	closing chan struct{} // closed by Close
	closed  atomic.Bool
	wg      sync.WaitGroup

	groupsMu sync.RWMutex
	groups   map[groupID]*groupTransport

	// snapPace paces the snapshot chunks this node sends (throttle.go).
	snapPace *pacer

	mu struct {
		sync.Mutex
		pools   map[string]*peerPool
		blocked map[string]bool
		servers map[*serverConn]struct{}
	}

	sessMu   sync.Mutex
	sessions map[int64]*snapSession
}

func newTransport(opts *Options) (*transport, error) {
	ln, err := net.Listen("tcp", opts.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("raft listen on %s: %w", opts.ListenAddr, err)
	}
	t := &transport{
		opts:     opts,
		local:    opts.AdvertiseAddr,
		ln:       ln,
		logger:   opts.Logger,
		closing:  make(chan struct{}),
		groups:   make(map[groupID]*groupTransport),
		sessions: make(map[int64]*snapSession),
		snapPace: newPacer(opts.SnapshotRateLimit),
	}
	if t.local == "" {
		t.local = ln.Addr().String()
	}
	t.mu.pools = make(map[string]*peerPool)
	t.mu.blocked = make(map[string]bool)
	t.mu.servers = make(map[*serverConn]struct{})
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		t.acceptLoop()
	}()
	return t, nil
}

func (t *transport) acceptLoop() {
	for {
		nc, err := t.ln.Accept()
		if err != nil {
			if t.closed.Load() {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			t.logger.Error("raftex: accept failed, raft listener stops", "err", err)
			return
		}
		sc := newServerConn(t, nc)
		t.mu.Lock()
		if t.closed.Load() {
			t.mu.Unlock()
			nc.Close()
			return
		}
		t.mu.servers[sc] = struct{}{}
		t.mu.Unlock()
		sc.start()
	}
}

func (t *transport) untrackServer(sc *serverConn) {
	t.mu.Lock()
	delete(t.mu.servers, sc)
	t.mu.Unlock()
}

// Close stops the listener, closes every connection and waits for every
// goroutine of the transport.
func (t *transport) Close() error {
	t.mu.Lock()
	if t.closed.Swap(true) {
		t.mu.Unlock()
		t.wg.Wait()
		return nil
	}
	close(t.closing)
	pools := make([]*peerPool, 0, len(t.mu.pools))
	for _, p := range t.mu.pools {
		pools = append(pools, p)
	}
	servers := make([]*serverConn, 0, len(t.mu.servers))
	for sc := range t.mu.servers {
		servers = append(servers, sc)
	}
	t.mu.Unlock()
	err := t.ln.Close()
	for _, p := range pools {
		p.closeAll(ErrClosed)
	}
	for _, sc := range servers {
		sc.fail(ErrClosed)
	}
	t.abortSessions()
	t.wg.Wait()
	return err
}

// register makes a group reachable; it must not be registered already.
func (t *transport) register(id groupID) (*groupTransport, error) {
	t.groupsMu.Lock()
	defer t.groupsMu.Unlock()
	if t.closed.Load() {
		return nil, ErrClosed
	}
	if _, ok := t.groups[id]; ok {
		return nil, fmt.Errorf("part %s: %w", id, ErrPartExists)
	}
	g := &groupTransport{
		t:         t,
		id:        id,
		consumeCh: make(chan raft.RPC, 64),
		closed:    make(chan struct{}),
	}
	t.groups[id] = g
	return g, nil
}

func (t *transport) unregister(g *groupTransport) {
	t.groupsMu.Lock()
	if t.groups[g.id] == g {
		delete(t.groups, g.id)
	}
	t.groupsMu.Unlock()
}

func (t *transport) group(space, part int32) *groupTransport {
	t.groupsMu.RLock()
	defer t.groupsMu.RUnlock()
	return t.groups[groupID{Space: space, Part: part}]
}

// setBlocked is the fault switch: while addr is blocked every message to it
// fails at once with ErrPeerBlocked, and blocking it drops the connections
// already open to it (with whatever they had in flight).
func (t *transport) setBlocked(addr string, blocked bool) {
	t.mu.Lock()
	if blocked {
		t.mu.blocked[addr] = true
	} else {
		delete(t.mu.blocked, addr)
	}
	p := t.mu.pools[addr]
	t.mu.Unlock()
	if blocked && p != nil {
		p.closeAll(errBlocked)
	}
}

func (t *transport) isBlocked(addr string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.mu.blocked[addr]
}

// conn returns the connection group id uses to reach addr. All of a group's
// messages to one peer go through one connection, in order.
func (t *transport) conn(addr string, id groupID, deadline time.Time) (*clientConn, error) {
	t.mu.Lock()
	if t.closed.Load() {
		t.mu.Unlock()
		return nil, ErrClosed
	}
	if t.mu.blocked[addr] {
		t.mu.Unlock()
		return nil, fmt.Errorf("raft peer %s: %w", addr, ErrPeerBlocked)
	}
	p := t.mu.pools[addr]
	if p == nil {
		p = &peerPool{addr: addr, slots: make([]poolSlot, t.opts.ConnsPerPeer)}
		t.mu.pools[addr] = p
	}
	t.mu.Unlock()
	slot := (uint32(id.Space)*2654435761 + uint32(id.Part)) % uint32(len(p.slots))
	return p.slots[slot].get(t, addr, deadline)
}

// call sends one request and waits for its reply.
func (t *transport) call(addr string, id groupID, method string, args, result thrift.TStruct, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	c, err := t.conn(addr, id, deadline)
	if err != nil {
		return err
	}
	cl, err := c.start(method, args, deadline)
	if err != nil {
		return err
	}
	return c.wait(cl, result)
}
