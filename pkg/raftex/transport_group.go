package raftex

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"

	wire "github.com/novagraph/novagraph/idl/gen/raftex"
)

// groupTransport is one group's raft.Transport over the Node's shared
// transport. Server IDs and addresses are both the peers' raft addresses.
type groupTransport struct {
	t         *transport
	id        groupID
	consumeCh chan raft.RPC
	closed    chan struct{}
	closeOnce sync.Once

	heartbeat atomic.Pointer[func(raft.RPC)]
	state     atomic.Pointer[func() *wire.PartStateResponse]
}

var (
	_ raft.Transport   = (*groupTransport)(nil)
	_ raft.WithPreVote = (*groupTransport)(nil)
	_ raft.WithClose   = (*groupTransport)(nil)
)

// Consumer implements raft.Transport.
func (g *groupTransport) Consumer() <-chan raft.RPC { return g.consumeCh }

// LocalAddr implements raft.Transport.
func (g *groupTransport) LocalAddr() raft.ServerAddress { return raft.ServerAddress(g.t.local) }

// EncodePeer implements raft.Transport.
func (g *groupTransport) EncodePeer(_ raft.ServerID, addr raft.ServerAddress) []byte {
	return []byte(addr)
}

// DecodePeer implements raft.Transport.
func (g *groupTransport) DecodePeer(b []byte) raft.ServerAddress { return raft.ServerAddress(b) }

// SetHeartbeatHandler implements raft.Transport.
func (g *groupTransport) SetHeartbeatHandler(cb func(raft.RPC)) {
	if cb == nil {
		g.heartbeat.Store(nil)
		return
	}
	g.heartbeat.Store(&cb)
}

func (g *groupTransport) heartbeatFn() func(raft.RPC) {
	if p := g.heartbeat.Load(); p != nil {
		return *p
	}
	return nil
}

func (g *groupTransport) setStateFn(fn func() *wire.PartStateResponse) { g.state.Store(&fn) }

func (g *groupTransport) stateFn() func() *wire.PartStateResponse {
	if p := g.state.Load(); p != nil {
		return *p
	}
	return nil
}

// Close implements raft.WithClose; raft calls it on shutdown. The group
// stops receiving, and requests waiting for it are answered "unknown part".
func (g *groupTransport) Close() error {
	g.closeOnce.Do(func() {
		g.t.unregister(g)
		close(g.closed)
	})
	return nil
}

// AppendEntries implements raft.Transport.
func (g *groupTransport) AppendEntries(_ raft.ServerID, target raft.ServerAddress,
	args *raft.AppendEntriesRequest, resp *raft.AppendEntriesResponse) error {
	timeout := g.t.opts.RPCTimeout
	if isHeartbeat(args) {
		timeout = min(timeout, g.t.opts.HeartbeatTimeout)
	}
	var res wire.RaftexServiceAppendEntriesResult
	err := g.t.call(string(target), g.id, "appendEntries",
		&wire.RaftexServiceAppendEntriesArgs{Req: appendReqToWire(g.id, args)}, &res, timeout)
	if err != nil {
		return err
	}
	return appendResult(string(target), res.Success, resp)
}

func appendResult(addr string, w *wire.AppendEntriesResponse, resp *raft.AppendEntriesResponse) error {
	if w == nil {
		return fmt.Errorf("raft peer %s: appendEntries: empty reply", addr)
	}
	if err := errorFromWire(addr, w.Code, w.Error); err != nil {
		return err
	}
	appendRespFromWire(w, resp)
	return nil
}

// RequestVote implements raft.Transport.
func (g *groupTransport) RequestVote(_ raft.ServerID, target raft.ServerAddress,
	args *raft.RequestVoteRequest, resp *raft.RequestVoteResponse) error {
	var res wire.RaftexServiceRequestVoteResult
	addr := string(target)
	err := g.t.call(addr, g.id, "requestVote",
		&wire.RaftexServiceRequestVoteArgs{Req: voteReqToWire(g.id, args)}, &res, g.t.opts.RPCTimeout)
	if err != nil {
		return err
	}
	if res.Success == nil {
		return fmt.Errorf("raft peer %s: requestVote: empty reply", addr)
	}
	if err := errorFromWire(addr, res.Success.Code, res.Success.Error); err != nil {
		return err
	}
	voteRespFromWire(res.Success, resp)
	return nil
}

// RequestPreVote implements raft.WithPreVote.
func (g *groupTransport) RequestPreVote(_ raft.ServerID, target raft.ServerAddress,
	args *raft.RequestPreVoteRequest, resp *raft.RequestPreVoteResponse) error {
	var res wire.RaftexServiceRequestPreVoteResult
	addr := string(target)
	err := g.t.call(addr, g.id, "requestPreVote",
		&wire.RaftexServiceRequestPreVoteArgs{Req: preVoteReqToWire(g.id, args)}, &res, g.t.opts.RPCTimeout)
	if err != nil {
		return err
	}
	if res.Success == nil {
		return fmt.Errorf("raft peer %s: requestPreVote: empty reply", addr)
	}
	if err := errorFromWire(addr, res.Success.Code, res.Success.Error); err != nil {
		return err
	}
	preVoteRespFromWire(res.Success, resp)
	return nil
}

// TimeoutNow implements raft.Transport.
func (g *groupTransport) TimeoutNow(_ raft.ServerID, target raft.ServerAddress,
	args *raft.TimeoutNowRequest, resp *raft.TimeoutNowResponse) error {
	var res wire.RaftexServiceTimeoutNowResult
	addr := string(target)
	req := &wire.TimeoutNowRequest{
		Space: wire.GraphSpaceID(g.id.Space), Part: wire.PartitionID(g.id.Part), Header: headerToWire(args.RPCHeader),
	}
	if err := g.t.call(addr, g.id, "timeoutNow", &wire.RaftexServiceTimeoutNowArgs{Req: req}, &res, g.t.opts.RPCTimeout); err != nil {
		return err
	}
	if res.Success == nil {
		return fmt.Errorf("raft peer %s: timeoutNow: empty reply", addr)
	}
	if err := errorFromWire(addr, res.Success.Code, res.Success.Error); err != nil {
		return err
	}
	*resp = raft.TimeoutNowResponse{RPCHeader: headerFromWire(res.Success.Header)}
	return nil
}

// peerState asks addr how far its replica of the group has got.
func (g *groupTransport) peerState(addr string) (*wire.PartStateResponse, error) {
	var res wire.RaftexServiceGetPartStateResult
	req := &wire.PartStateRequest{Space: wire.GraphSpaceID(g.id.Space), Part: wire.PartitionID(g.id.Part)}
	if err := g.t.call(addr, g.id, "getPartState", &wire.RaftexServiceGetPartStateArgs{Req: req}, &res, g.t.opts.RPCTimeout); err != nil {
		return nil, err
	}
	if res.Success == nil {
		return nil, fmt.Errorf("raft peer %s: getPartState: empty reply", addr)
	}
	if err := errorFromWire(addr, res.Success.Code, res.Success.Error); err != nil {
		return nil, err
	}
	return res.Success, nil
}

// AppendEntriesPipeline implements raft.Transport. The pipeline sends on
// the group's pooled connection to target, keeps up to Options.MaxInflight
// messages in flight and hands raft their results in send order.
func (g *groupTransport) AppendEntriesPipeline(_ raft.ServerID, target raft.ServerAddress) (raft.AppendPipeline, error) {
	addr := string(target)
	c, err := g.t.conn(addr, g.id, time.Now().Add(g.t.opts.DialTimeout))
	if err != nil {
		return nil, err
	}
	p := &pipeline{
		g:        g,
		c:        c,
		addr:     addr,
		inflight: make(chan *appendFuture, g.t.opts.MaxInflight),
		done:     make(chan raft.AppendFuture, g.t.opts.MaxInflight),
		stop:     make(chan struct{}),
	}
	g.t.wg.Add(1)
	go func() {
		defer g.t.wg.Done()
		p.decode()
	}()
	return p, nil
}

var errPipelineClosed = errors.New("raftex: append pipeline closed")

// pipeline is one group's AppendEntries pipeline to one peer; its decode
// goroutine, owned by the pipeline, ends on Close or on the transport's.
type pipeline struct {
	g        *groupTransport
	c        *clientConn
	addr     string
	inflight chan *appendFuture
	done     chan raft.AppendFuture
	stop     chan struct{}
	stopOnce sync.Once
}

// AppendEntries implements raft.AppendPipeline. It blocks while
// MaxInflight messages are in flight.
func (p *pipeline) AppendEntries(args *raft.AppendEntriesRequest, resp *raft.AppendEntriesResponse) (raft.AppendFuture, error) {
	if p.g.t.isBlocked(p.addr) {
		return nil, fmt.Errorf("raft peer %s: %w", p.addr, ErrPeerBlocked)
	}
	f := &appendFuture{start: time.Now(), args: args, resp: resp, sent: make(chan struct{}), done: make(chan struct{})}
	deadline := f.start.Add(p.g.t.opts.RPCTimeout)
	select {
	case p.inflight <- f:
	case <-p.stop:
		return nil, errPipelineClosed
	case <-p.g.t.closing:
		// decode has stopped draining inflight; waiting for room would
		// hang the replication goroutine, and with it the group's shutdown.
		return nil, errPipelineClosed
	}
	cl, err := p.c.start("appendEntries", &wire.RaftexServiceAppendEntriesArgs{Req: appendReqToWire(p.g.id, args)}, deadline)
	if err != nil {
		f.err = err
	}
	f.call = cl
	close(f.sent)
	return f, nil
}

func (p *pipeline) decode() {
	for {
		var f *appendFuture
		select {
		case f = <-p.inflight:
		case <-p.stop:
			return
		case <-p.g.t.closing:
			return
		}
		<-f.sent
		if f.err == nil {
			var res wire.RaftexServiceAppendEntriesResult
			f.err = p.c.wait(f.call, &res)
			if f.err == nil {
				f.err = appendResult(p.addr, res.Success, f.resp)
			}
		}
		close(f.done)
		select {
		case p.done <- f:
		case <-p.stop:
			return
		case <-p.g.t.closing:
			return
		}
	}
}

// Consumer implements raft.AppendPipeline.
func (p *pipeline) Consumer() <-chan raft.AppendFuture { return p.done }

// Close implements raft.AppendPipeline.
func (p *pipeline) Close() error {
	p.stopOnce.Do(func() { close(p.stop) })
	return nil
}

// appendFuture is one pipelined AppendEntries.
type appendFuture struct {
	start time.Time
	args  *raft.AppendEntriesRequest
	resp  *raft.AppendEntriesResponse
	call  *call
	sent  chan struct{}
	done  chan struct{}
	err   error
}

func (f *appendFuture) Error() error {
	<-f.done
	return f.err
}
func (f *appendFuture) Start() time.Time                      { return f.start }
func (f *appendFuture) Request() *raft.AppendEntriesRequest   { return f.args }
func (f *appendFuture) Response() *raft.AppendEntriesResponse { return f.resp }
