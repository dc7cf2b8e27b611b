package raftex

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
)

// clientConn is one pooled connection to a peer host. Calls are
// multiplexed: any number may be in flight, replies are matched by sequence
// id. It owns three goroutines (a frame writer, a reply reader and a
// deadline sweeper), all ended by fail, which the transport calls on
// Close. Deadlines are enforced by the sweeper rather than a timer per
// call: a call fails with ErrTimeout within a sweep interval after its
// deadline.
type clientConn struct {
	addr string
	nc   net.Conn
	w    *frameWriter
	seq  atomic.Int32
	dead chan struct{} // closed by fail

	mu struct {
		sync.Mutex
		pending map[int32]*call // nil once failed
		err     error
	}
	failOnce sync.Once
}

// call is one request awaiting its reply.
type call struct {
	seq      int32
	method   string
	deadline time.Time
	done     chan struct{}
	frame    []byte // the reply, set before done closes
	err      error  // or the failure, likewise
}

func (t *transport) dial(addr string, deadline time.Time) (*clientConn, error) {
	d := net.Dialer{Deadline: deadline}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dial raft peer %s: %w", addr, err)
	}
	c := &clientConn{addr: addr, nc: nc, dead: make(chan struct{})}
	c.mu.pending = make(map[int32]*call)
	c.w = newFrameWriter(nc, t.opts.RPCTimeout, c.dead)
	t.wg.Add(3)
	go func() {
		defer t.wg.Done()
		c.w.run(c.fail)
	}()
	go func() {
		defer t.wg.Done()
		c.readLoop(t.opts.MaxFrameSize)
	}()
	go func() {
		defer t.wg.Done()
		c.sweep(min(max(t.opts.RPCTimeout/8, 10*time.Millisecond), 100*time.Millisecond))
	}()
	return c, nil
}

// sweep fails the calls whose deadline has passed, every interval.
func (c *clientConn) sweep(interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case now := <-tick.C:
			var expired []*call
			c.mu.Lock()
			for seq, cl := range c.mu.pending {
				if now.After(cl.deadline) {
					delete(c.mu.pending, seq)
					expired = append(expired, cl)
				}
			}
			c.mu.Unlock()
			for _, cl := range expired {
				cl.err = fmt.Errorf("raft peer %s: %s: %w", c.addr, cl.method, ErrTimeout)
				close(cl.done)
			}
		case <-c.dead:
			return
		}
	}
}

func (c *clientConn) alive() bool {
	select {
	case <-c.dead:
		return false
	default:
		return true
	}
}

// fail closes the connection and fails every pending call with err.
func (c *clientConn) fail(err error) {
	c.failOnce.Do(func() {
		c.mu.Lock()
		pending := c.mu.pending
		c.mu.pending, c.mu.err = nil, err
		c.mu.Unlock()
		close(c.dead)
		c.nc.Close()
		for _, cl := range pending {
			cl.err = fmt.Errorf("raft peer %s: %w", c.addr, err)
			close(cl.done)
		}
	})
}

func (c *clientConn) readLoop(maxFrame int) {
	r := bufio.NewReaderSize(c.nc, 64<<10)
	for {
		frame, err := readFrame(r, maxFrame)
		if err != nil {
			c.fail(err)
			return
		}
		m, err := decodeFrame(frame)
		if err != nil {
			c.fail(err)
			return
		}
		c.mu.Lock()
		cl := c.mu.pending[m.seq]
		delete(c.mu.pending, m.seq)
		c.mu.Unlock()
		if cl != nil { // nil: the caller gave up on it
			cl.frame = frame
			close(cl.done)
		}
	}
}

// start sends a call without waiting for the reply.
func (c *clientConn) start(method string, args thrift.TStruct, deadline time.Time) (*call, error) {
	cl := &call{seq: c.seq.Add(1), method: method, deadline: deadline, done: make(chan struct{})}
	frame, err := encodeFrame(method, thrift.CALL, cl.seq, args)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.mu.pending == nil {
		err := c.mu.err
		c.mu.Unlock()
		return nil, fmt.Errorf("raft peer %s: %w", c.addr, err)
	}
	c.mu.pending[cl.seq] = cl
	c.mu.Unlock()
	if err := c.w.send(frame, deadline); err != nil {
		c.forget(cl)
		return nil, fmt.Errorf("raft peer %s: %w", c.addr, err)
	}
	return cl, nil
}

func (c *clientConn) forget(cl *call) {
	c.mu.Lock()
	if c.mu.pending != nil {
		delete(c.mu.pending, cl.seq)
	}
	c.mu.Unlock()
}

// wait waits for cl's reply (or its deadline) and decodes it into result.
func (c *clientConn) wait(cl *call, result thrift.TStruct) error {
	method := cl.method
	<-cl.done
	if cl.err != nil {
		return cl.err
	}
	m, err := decodeFrame(cl.frame)
	if err != nil {
		return err
	}
	if m.typ == thrift.EXCEPTION {
		exc := thrift.NewTApplicationException(thrift.UNKNOWN_APPLICATION_EXCEPTION, "")
		if err := m.readBody(exc); err != nil {
			return err
		}
		return fmt.Errorf("raft peer %s: %s: %w", c.addr, method, exc)
	}
	return m.readBody(result)
}

// peerPool holds up to Options.ConnsPerPeer connections to one peer host.
type peerPool struct {
	addr  string
	slots []poolSlot
}

type poolSlot struct {
	mu      sync.Mutex
	c       *clientConn
	dialing chan struct{} // closed when the dial in progress ends
}

// get returns the slot's live connection, dialing one if needed. Concurrent
// callers share one dial; the lock is not held while dialing.
func (s *poolSlot) get(t *transport, addr string, deadline time.Time) (*clientConn, error) {
	for {
		s.mu.Lock()
		if s.c != nil && s.c.alive() {
			c := s.c
			s.mu.Unlock()
			return c, nil
		}
		if s.dialing != nil {
			ch := s.dialing
			s.mu.Unlock()
			tm := time.NewTimer(time.Until(deadline))
			select {
			case <-ch:
				tm.Stop()
				continue
			case <-tm.C:
				return nil, fmt.Errorf("dial raft peer %s: %w", addr, ErrTimeout)
			case <-t.closing:
				tm.Stop()
				return nil, ErrClosed
			}
		}
		ch := make(chan struct{})
		s.dialing = ch
		s.mu.Unlock()

		dl := time.Now().Add(t.opts.DialTimeout)
		if deadline.Before(dl) {
			dl = deadline
		}
		c, err := t.dial(addr, dl)
		s.mu.Lock()
		s.dialing = nil
		close(ch)
		if err == nil {
			if t.closed.Load() {
				// Close has passed or is about to reach this slot.
				s.mu.Unlock()
				c.fail(ErrClosed)
				return nil, ErrClosed
			}
			s.c = c
		}
		s.mu.Unlock()
		if err != nil {
			return nil, err
		}
		return c, nil
	}
}

// closeAll fails every connection of the pool.
func (p *peerPool) closeAll(err error) {
	for i := range p.slots {
		s := &p.slots[i]
		s.mu.Lock()
		c := s.c
		s.c = nil
		s.mu.Unlock()
		if c != nil {
			c.fail(err)
		}
	}
}

var errBlocked = errors.New("connection cut by fault switch")
