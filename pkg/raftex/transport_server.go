package raftex

import (
	"bufio"
	"fmt"
	"net"
	"sync"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/hashicorp/raft"

	wire "github.com/novagraph/novagraph/idl/gen/raftex"
)

// maxServerInflight bounds the requests of one connection being handled at
// once; the reader stops reading beyond it, pushing back on the sender.
const maxServerInflight = 512

// serverConn serves one accepted connection. Its reader goroutine decodes
// requests in arrival order and hands each to its group's raft loop (so a
// group's messages reach raft in the order they were sent); a goroutine per
// request then waits for raft's answer and queues the reply, so replies
// leave in the order answers come, not the order requests came.
type serverConn struct {
	t        *transport
	nc       net.Conn
	w        *frameWriter
	dead     chan struct{}
	failOnce sync.Once
	inflight chan struct{}
	reqs     sync.WaitGroup
}

func newServerConn(t *transport, nc net.Conn) *serverConn {
	sc := &serverConn{t: t, nc: nc, dead: make(chan struct{}), inflight: make(chan struct{}, maxServerInflight)}
	sc.w = newFrameWriter(nc, t.opts.RPCTimeout, sc.dead)
	return sc
}

func (sc *serverConn) start() {
	sc.t.wg.Add(2)
	go func() {
		defer sc.t.wg.Done()
		sc.w.run(sc.fail)
	}()
	go func() {
		defer sc.t.wg.Done()
		sc.readLoop()
		sc.reqs.Wait()
		sc.t.untrackServer(sc)
	}()
}

func (sc *serverConn) fail(error) {
	sc.failOnce.Do(func() {
		close(sc.dead)
		sc.nc.Close()
	})
}

func (sc *serverConn) readLoop() {
	r := bufio.NewReaderSize(sc.nc, 64<<10)
	for {
		frame, err := readFrame(r, sc.t.opts.MaxFrameSize)
		if err != nil {
			sc.fail(err)
			return
		}
		m, err := decodeFrame(frame)
		if err != nil {
			sc.fail(err)
			return
		}
		select {
		case sc.inflight <- struct{}{}:
		case <-sc.dead:
			return
		}
		if err := sc.dispatch(m); err != nil {
			<-sc.inflight
			sc.t.logger.Debug("raftex: bad request, closing connection", "remote", sc.nc.RemoteAddr().String(), "err", err)
			sc.fail(err)
			return
		}
		if sc.t.opts.serveInOrder {
			sc.reqs.Wait()
		}
	}
}

// spawn runs fn in a request goroutine; fn's result is the reply.
func (sc *serverConn) spawn(m message, fn func() thrift.TStruct) {
	sc.reqs.Add(1)
	go func() {
		defer sc.reqs.Done()
		defer func() { <-sc.inflight }()
		sc.reply(m, fn())
	}()
}

func (sc *serverConn) reply(m message, result thrift.TStruct) {
	frame, err := encodeFrame(m.name, thrift.REPLY, m.seq, result)
	if err != nil {
		sc.t.logger.Error("raftex: encode reply", "method", m.name, "err", err)
		sc.fail(err)
		return
	}
	select {
	case sc.w.ch <- frame:
	case <-sc.dead:
	}
}

// deliver hands rpc to g's raft loop, in the caller's (reader's) order.
func (sc *serverConn) deliver(g *groupTransport, rpc raft.RPC) error {
	select {
	case g.consumeCh <- rpc:
		return nil
	default:
	}
	select {
	case g.consumeCh <- rpc:
		return nil
	case <-g.closed:
		return fmt.Errorf("part %s: %w", g.id, ErrPartNotFound)
	case <-sc.t.closing:
		return ErrClosed
	case <-sc.dead:
		return errConnClosed
	}
}

// await waits for raft's answer on respCh.
func (sc *serverConn) await(g *groupTransport, respCh <-chan raft.RPCResponse) raft.RPCResponse {
	select {
	case r := <-respCh:
		return r
	case <-g.closed:
		return raft.RPCResponse{Error: fmt.Errorf("part %s: %w", g.id, ErrPartNotFound)}
	case <-sc.t.closing:
		return raft.RPCResponse{Error: ErrClosed}
	}
}

// request is the common path of a raft RPC: find the group, hand the
// command over, answer from a request goroutine. toResult builds the reply
// from raft's answer or an error.
func (sc *serverConn) request(m message, space, part int32, cmd any, hb bool,
	toResult func(resp any, err error) thrift.TStruct) {
	g := sc.t.group(space, part)
	if g == nil {
		sc.spawn(m, func() thrift.TStruct {
			return toResult(nil, fmt.Errorf("part %d/%d: %w", space, part, ErrPartNotFound))
		})
		return
	}
	respCh := make(chan raft.RPCResponse, 1)
	rpc := raft.RPC{Command: cmd, RespChan: respCh}
	if hb {
		if fast := g.heartbeatFn(); fast != nil {
			// raft's heartbeat path answers at once without touching the
			// disk (bar a term change), so the reader runs it inline and
			// spares a goroutine per heartbeat.
			fast(rpc)
			var r raft.RPCResponse
			select {
			case r = <-respCh:
			default:
				r = raft.RPCResponse{Error: fmt.Errorf("part %s: %w", g.id, ErrPartNotFound)}
			}
			sc.reply(m, toResult(r.Response, r.Error))
			<-sc.inflight
			return
		}
	}
	if err := sc.deliver(g, rpc); err != nil {
		sc.spawn(m, func() thrift.TStruct { return toResult(nil, err) })
		return
	}
	sc.spawn(m, func() thrift.TStruct {
		r := sc.await(g, respCh)
		return toResult(r.Response, r.Error)
	})
}

// dispatch decodes m's body and starts handling it. An error means the
// connection carries something other than this protocol.
func (sc *serverConn) dispatch(m message) error {
	switch m.name {
	case "appendEntries":
		args := wire.NewRaftexServiceAppendEntriesArgs()
		if err := m.readBody(args); err != nil || args.Req == nil {
			return fmt.Errorf("bad appendEntries: %v", err)
		}
		req := appendReqFromWire(args.Req)
		sc.request(m, int32(args.Req.Space), int32(args.Req.Part), req, isHeartbeat(req), func(resp any, err error) thrift.TStruct {
			w := &wire.AppendEntriesResponse{}
			if r, ok := resp.(*raft.AppendEntriesResponse); ok {
				w = appendRespToWire(r)
			}
			w.Code, w.Error = errorToWire(err)
			return &wire.RaftexServiceAppendEntriesResult{Success: w}
		})
	case "requestVote":
		args := wire.NewRaftexServiceRequestVoteArgs()
		if err := m.readBody(args); err != nil || args.Req == nil {
			return fmt.Errorf("bad requestVote: %v", err)
		}
		sc.request(m, int32(args.Req.Space), int32(args.Req.Part), voteReqFromWire(args.Req), false, func(resp any, err error) thrift.TStruct {
			w := &wire.RequestVoteResponse{}
			if r, ok := resp.(*raft.RequestVoteResponse); ok {
				w = voteRespToWire(r)
			}
			w.Code, w.Error = errorToWire(err)
			return &wire.RaftexServiceRequestVoteResult{Success: w}
		})
	case "requestPreVote":
		args := wire.NewRaftexServiceRequestPreVoteArgs()
		if err := m.readBody(args); err != nil || args.Req == nil {
			return fmt.Errorf("bad requestPreVote: %v", err)
		}
		sc.request(m, int32(args.Req.Space), int32(args.Req.Part), preVoteReqFromWire(args.Req), false, func(resp any, err error) thrift.TStruct {
			w := &wire.RequestPreVoteResponse{}
			if r, ok := resp.(*raft.RequestPreVoteResponse); ok {
				w = preVoteRespToWire(r)
			}
			w.Code, w.Error = errorToWire(err)
			return &wire.RaftexServiceRequestPreVoteResult{Success: w}
		})
	case "timeoutNow":
		args := wire.NewRaftexServiceTimeoutNowArgs()
		if err := m.readBody(args); err != nil || args.Req == nil {
			return fmt.Errorf("bad timeoutNow: %v", err)
		}
		cmd := &raft.TimeoutNowRequest{RPCHeader: headerFromWire(args.Req.Header)}
		sc.request(m, int32(args.Req.Space), int32(args.Req.Part), cmd, false, func(resp any, err error) thrift.TStruct {
			w := &wire.TimeoutNowResponse{}
			if r, ok := resp.(*raft.TimeoutNowResponse); ok {
				w.Header = headerToWire(r.RPCHeader)
			}
			w.Code, w.Error = errorToWire(err)
			return &wire.RaftexServiceTimeoutNowResult{Success: w}
		})
	case "installSnapshot":
		args := wire.NewRaftexServiceInstallSnapshotArgs()
		if err := m.readBody(args); err != nil || args.Req == nil {
			return fmt.Errorf("bad installSnapshot: %v", err)
		}
		sc.spawn(m, func() thrift.TStruct {
			return &wire.RaftexServiceInstallSnapshotResult{Success: sc.t.snapshotChunk(args.Req)}
		})
	case "getPartState":
		args := wire.NewRaftexServiceGetPartStateArgs()
		if err := m.readBody(args); err != nil || args.Req == nil {
			return fmt.Errorf("bad getPartState: %v", err)
		}
		sc.spawn(m, func() thrift.TStruct {
			return &wire.RaftexServiceGetPartStateResult{Success: sc.t.partState(args.Req)}
		})
	default:
		exc := thrift.NewTApplicationException(thrift.UNKNOWN_METHOD, "unknown method "+m.name)
		frame, err := encodeFrame(m.name, thrift.EXCEPTION, m.seq, exc)
		<-sc.inflight
		if err != nil {
			return err
		}
		select {
		case sc.w.ch <- frame:
		case <-sc.dead:
		}
	}
	return nil
}

// partState answers getPartState from the group's raft instance.
func (t *transport) partState(req *wire.PartStateRequest) *wire.PartStateResponse {
	g := t.group(int32(req.Space), int32(req.Part))
	var fn func() *wire.PartStateResponse
	if g != nil {
		fn = g.stateFn()
	}
	if fn == nil {
		code, msg := errorToWire(fmt.Errorf("part %d/%d: %w", req.Space, req.Part, ErrPartNotFound))
		return &wire.PartStateResponse{Code: code, Error: msg}
	}
	return fn()
}
