package raftex

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/hashicorp/raft"

	wire "github.com/novagraph/novagraph/idl/gen/raftex"
)

// A snapshot travels as a stream of installSnapshot chunks (see
// raftex.thrift). The receiver hands raft one InstallSnapshot RPC whose
// Reader is a pipe; each chunk is written into the pipe as raft reads it,
// so neither side holds more than a chunk in memory.

var errBadSession = errors.New("raftex: unknown or out-of-order snapshot stream")

// snapSession is one snapshot stream being received.
type snapSession struct {
	id   int64
	g    *groupTransport
	pw   *io.PipeWriter
	next int64 // offset the next chunk must have
	idle *time.Timer
	done chan struct{}    // closed once raft answered
	resp raft.RPCResponse // raft's answer, set before done closes
}

// sessionIdle is how long a stream may go without a chunk before the
// receiver abandons it (failing raft's read of it).
func (t *transport) sessionIdle() time.Duration { return 4 * t.opts.RPCTimeout }

// snapshotChunk handles one chunk; it runs in a request goroutine.
func (t *transport) snapshotChunk(req *wire.InstallSnapshotRequest) *wire.InstallSnapshotResponse {
	fail := func(err error) *wire.InstallSnapshotResponse {
		r := &wire.InstallSnapshotResponse{Done: true}
		r.Code, r.Error = errorToWire(err)
		return r
	}
	var s *snapSession
	if req.Offset == 0 {
		var err error
		if s, err = t.openSession(req); err != nil {
			return fail(err)
		}
	} else {
		t.sessMu.Lock()
		s = t.sessions[req.StreamID]
		t.sessMu.Unlock()
		if s == nil {
			return fail(fmt.Errorf("%w: stream %d", errBadSession, req.StreamID))
		}
	}
	if req.Offset != s.next {
		s.pw.CloseWithError(errBadSession)
		return fail(fmt.Errorf("%w: stream %d at offset %d, chunk at %d", errBadSession, s.id, s.next, req.Offset))
	}
	s.idle.Reset(t.sessionIdle())
	if len(req.Chunk) > 0 {
		if _, err := s.pw.Write(req.Chunk); err != nil {
			// raft stopped reading: it has answered, or is about to.
			return t.sessionAnswer(s, t.sessionIdle())
		}
		s.next += int64(len(req.Chunk))
	}
	if !req.Last {
		return &wire.InstallSnapshotResponse{}
	}
	s.idle.Stop()
	s.pw.Close()
	return t.sessionAnswer(s, t.opts.SnapshotTimeout)
}

func (t *transport) openSession(req *wire.InstallSnapshotRequest) (*snapSession, error) {
	g := t.group(int32(req.Space), int32(req.Part))
	if g == nil {
		return nil, fmt.Errorf("part %d/%d: %w", req.Space, req.Part, ErrPartNotFound)
	}
	pr, pw := io.Pipe()
	s := &snapSession{id: req.StreamID, g: g, pw: pw, done: make(chan struct{})}
	respCh := make(chan raft.RPCResponse, 1)
	rpc := raft.RPC{Command: snapshotReqFromWire(req), Reader: pr, RespChan: respCh}

	t.sessMu.Lock()
	if t.closed.Load() {
		t.sessMu.Unlock()
		return nil, ErrClosed
	}
	if _, dup := t.sessions[s.id]; dup {
		t.sessMu.Unlock()
		return nil, fmt.Errorf("%w: stream %d already open", errBadSession, s.id)
	}
	t.sessions[s.id] = s
	s.idle = time.AfterFunc(t.sessionIdle(), func() {
		pw.CloseWithError(fmt.Errorf("snapshot stream %d: %w", s.id, ErrTimeout))
	})
	t.wg.Add(1)
	t.sessMu.Unlock()

	// The watcher owns the session's end: it waits for raft's answer (or
	// the group's or transport's end), then unblocks any chunk still
	// writing and forgets the session.
	go func() {
		defer t.wg.Done()
		select {
		case s.resp = <-respCh:
		case <-g.closed:
			s.resp = raft.RPCResponse{Error: fmt.Errorf("part %s: %w", g.id, ErrPartNotFound)}
		case <-t.closing:
			s.resp = raft.RPCResponse{Error: ErrClosed}
		}
		s.idle.Stop()
		pr.CloseWithError(errors.New("raftex: snapshot stream finished"))
		t.sessMu.Lock()
		delete(t.sessions, s.id)
		t.sessMu.Unlock()
		close(s.done)
	}()

	select {
	case g.consumeCh <- rpc:
		return s, nil
	case <-g.closed:
	case <-t.closing:
	}
	pw.CloseWithError(ErrClosed)
	return nil, fmt.Errorf("part %s: %w", g.id, ErrPartNotFound)
}

// sessionAnswer waits up to timeout for raft's answer to s.
func (t *transport) sessionAnswer(s *snapSession, timeout time.Duration) *wire.InstallSnapshotResponse {
	tm := time.NewTimer(timeout)
	defer tm.Stop()
	select {
	case <-s.done:
	case <-tm.C:
		s.pw.CloseWithError(ErrTimeout)
		r := &wire.InstallSnapshotResponse{Done: true}
		r.Code, r.Error = errorToWire(fmt.Errorf("install snapshot: %w", ErrTimeout))
		return r
	}
	r := &wire.InstallSnapshotResponse{Done: true}
	if ir, ok := s.resp.Response.(*raft.InstallSnapshotResponse); ok {
		r.Header, r.Term, r.Success = headerToWire(ir.RPCHeader), int64(ir.Term), ir.Success
	}
	r.Code, r.Error = errorToWire(s.resp.Error)
	return r
}

// abortSessions fails every stream being received; Close calls it.
func (t *transport) abortSessions() {
	t.sessMu.Lock()
	defer t.sessMu.Unlock()
	for _, s := range t.sessions {
		s.pw.CloseWithError(ErrClosed)
	}
}

// InstallSnapshot implements raft.Transport: it sends data in chunks, one
// at a time, each with a deadline (the last one's covers the receiver's
// install).
func (g *groupTransport) InstallSnapshot(_ raft.ServerID, target raft.ServerAddress,
	args *raft.InstallSnapshotRequest, resp *raft.InstallSnapshotResponse, data io.Reader) error {
	t := g.t
	addr := string(target)
	stream := rand.Int64()
	buf := make([]byte, t.opts.SnapshotChunkSize)
	var off int64
	for {
		n := min(int64(len(buf)), args.Size-off)
		if _, err := io.ReadFull(data, buf[:n]); err != nil {
			return fmt.Errorf("read snapshot of %s: %w", g.id, err)
		}
		last := off+n == args.Size
		req := &wire.InstallSnapshotRequest{
			Space: wire.GraphSpaceID(g.id.Space), Part: wire.PartitionID(g.id.Part),
			StreamID: stream, Offset: off, Chunk: buf[:n], Last: last,
		}
		if off == 0 {
			req.Header = headerToWire(args.RPCHeader)
			req.SnapshotVersion = int32(args.SnapshotVersion)
			req.Term = int64(args.Term)
			req.Leader = args.Leader
			req.LastLogIndex = int64(args.LastLogIndex)
			req.LastLogTerm = int64(args.LastLogTerm)
			req.Peers = args.Peers
			req.Configuration = args.Configuration
			req.ConfigurationIndex = int64(args.ConfigurationIndex)
			req.Size = args.Size
		}
		if !t.snapPace.wait(int(n), t.closing) {
			return fmt.Errorf("send snapshot of %s: %w", g.id, ErrClosed)
		}
		timeout := t.opts.RPCTimeout
		if last {
			timeout += t.opts.SnapshotTimeout
		}
		var res wire.RaftexServiceInstallSnapshotResult
		if err := t.call(addr, g.id, "installSnapshot", &wire.RaftexServiceInstallSnapshotArgs{Req: req}, &res, timeout); err != nil {
			return err
		}
		r := res.Success
		if r == nil {
			return fmt.Errorf("raft peer %s: installSnapshot: empty reply", addr)
		}
		if err := errorFromWire(addr, r.Code, r.Error); err != nil {
			return err
		}
		if r.Done {
			*resp = raft.InstallSnapshotResponse{RPCHeader: headerFromWire(r.Header), Term: uint64(r.Term), Success: r.Success}
			return nil
		}
		if last {
			return fmt.Errorf("raft peer %s: installSnapshot: no answer after the last chunk", addr)
		}
		off += n
	}
}
