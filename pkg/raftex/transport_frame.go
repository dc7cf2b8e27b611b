package raftex

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sync"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
)

// The wire: every message is a Thrift compact-protocol message preceded by
// its length as 4 big-endian bytes (Thrift's framed transport). Replies may
// arrive in any order and are matched to calls by the message sequence id.

var thriftConf = &thrift.TConfiguration{}

// encoder is a reusable compact-protocol writer.
type encoder struct {
	buf *thrift.TMemoryBuffer
	p   *thrift.TCompactProtocol
}

var encoders = sync.Pool{New: func() any {
	buf := thrift.NewTMemoryBufferLen(1024)
	return &encoder{buf: buf, p: thrift.NewTCompactProtocolConf(buf, thriftConf)}
}}

// encodeFrame returns the frame of one message, in a slice of its own.
func encodeFrame(name string, typ thrift.TMessageType, seq int32, body thrift.TStruct) ([]byte, error) {
	e := encoders.Get().(*encoder) // not returned after an error: its state is unknown
	e.buf.Reset()
	e.buf.Write([]byte{0, 0, 0, 0})
	ctx := context.Background()
	if err := e.p.WriteMessageBegin(ctx, name, typ, seq); err != nil {
		return nil, err
	}
	if err := body.Write(ctx, e.p); err != nil {
		return nil, fmt.Errorf("encode %s: %w", name, err)
	}
	if err := e.p.WriteMessageEnd(ctx); err != nil {
		return nil, err
	}
	if err := e.p.Flush(ctx); err != nil {
		return nil, err
	}
	b := bytes.Clone(e.buf.Bytes())
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	// Do not keep a snapshot chunk's worth of memory in the pool.
	if e.buf.Cap() <= 1<<20 {
		encoders.Put(e)
	}
	return b, nil
}

// message is a decoded message header with the protocol positioned at the
// start of its body.
type message struct {
	name string
	typ  thrift.TMessageType
	seq  int32
	p    thrift.TProtocol
}

func decodeFrame(frame []byte) (message, error) {
	r := &frameReader{b: frame}
	p := &readProtocol{TCompactProtocol: thrift.NewTCompactProtocolConf(r, thriftConf), r: r}
	name, typ, seq, err := p.ReadMessageBegin(context.Background())
	if err != nil {
		return message{}, fmt.Errorf("decode message header: %w", err)
	}
	return message{name: name, typ: typ, seq: seq, p: p}, nil
}

// readBody reads the message's body into s.
func (m message) readBody(s thrift.TStruct) error {
	ctx := context.Background()
	if err := s.Read(ctx, m.p); err != nil {
		return fmt.Errorf("decode %s: %w", m.name, err)
	}
	return m.p.ReadMessageEnd(ctx)
}

// readProtocol is the compact protocol reading one received frame, with
// binary fields returned as slices of the frame rather than copies (Apache
// Thrift's own copy grows a buffer from 512 bytes for every field, which
// dominated the transport's allocations). The frame is never reused, so
// the slices stay valid; raft keeps some (log data) for good.
type readProtocol struct {
	*thrift.TCompactProtocol
	r *frameReader
}

func (p *readProtocol) ReadBinary(context.Context) ([]byte, error) {
	n, err := binary.ReadUvarint(p.r)
	if err != nil {
		return nil, thrift.NewTProtocolException(err)
	}
	if n > uint64(len(p.r.b)-p.r.pos) {
		return nil, thrift.NewTProtocolExceptionWithType(thrift.INVALID_DATA,
			fmt.Errorf("binary field of %d bytes, %d left", n, len(p.r.b)-p.r.pos))
	}
	if n == 0 {
		return nil, nil
	}
	end := p.r.pos + int(n)
	v := p.r.b[p.r.pos:end:end]
	p.r.pos = end
	return v, nil
}

// ReadListBegin refuses a list longer than the bytes left in the frame
// (every element takes at least one), before the generated code allocates
// room for it.
func (p *readProtocol) ReadListBegin(ctx context.Context) (thrift.TType, int, error) {
	t, n, err := p.TCompactProtocol.ReadListBegin(ctx)
	if err == nil && uint64(n) > p.r.RemainingBytes() {
		err = thrift.NewTProtocolExceptionWithType(thrift.INVALID_DATA,
			fmt.Errorf("list of %d elements, %d bytes left", n, p.r.RemainingBytes()))
	}
	return t, n, err
}

// frameReader is a read-only thrift.TRichTransport over one frame.
type frameReader struct {
	b   []byte
	pos int
}

var errReadOnly = errors.New("raftex: frame reader is read-only")

func (r *frameReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.b) && len(p) > 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.pos:])
	r.pos += n
	return n, nil
}

func (r *frameReader) ReadByte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, io.EOF
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

func (r *frameReader) RemainingBytes() uint64          { return uint64(len(r.b) - r.pos) }
func (r *frameReader) Write([]byte) (int, error)       { return 0, errReadOnly }
func (r *frameReader) WriteByte(byte) error            { return errReadOnly }
func (r *frameReader) WriteString(string) (int, error) { return 0, errReadOnly }
func (r *frameReader) Flush(context.Context) error     { return nil }
func (r *frameReader) Close() error                    { return nil }
func (r *frameReader) Open() error                     { return nil }
func (r *frameReader) IsOpen() bool                    { return true }

var _ thrift.TRichTransport = (*frameReader)(nil)

var errFrameTooLarge = errors.New("raftex: frame too large")

func readFrame(r *bufio.Reader, max int) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if int64(n) > int64(max) {
		return nil, fmt.Errorf("%w: %d bytes", errFrameTooLarge, n)
	}
	frame := make([]byte, n)
	if _, err := io.ReadFull(r, frame); err != nil {
		return nil, err
	}
	return frame, nil
}

// frameWriter owns the write side of a connection: one goroutine (run)
// writes queued frames and flushes when the queue runs dry, so frames
// queued together share a write system call. Before flushing it yields
// once, letting goroutines about to queue a frame do so: under load this
// packs several messages (often of different groups) into one write, and
// as many fewer reads on the other side, at no cost in latency when idle.
// (Holding heartbeats back for company was tried and dropped: raft's
// leadership checks, which every read barrier waits for, are heartbeats.)
type frameWriter struct {
	nc      net.Conn
	timeout time.Duration
	ch      chan []byte
	stop    <-chan struct{} // the connection's end
}

func newFrameWriter(nc net.Conn, timeout time.Duration, stop <-chan struct{}) *frameWriter {
	return &frameWriter{nc: nc, timeout: timeout, ch: make(chan []byte, 256), stop: stop}
}

// run writes until stop closes or a write fails, which it reports to fail.
func (w *frameWriter) run(fail func(error)) {
	bw := bufio.NewWriterSize(w.nc, 64<<10)
	// drain writes every frame already queued.
	drain := func() error {
		for {
			select {
			case f := <-w.ch:
				if _, err := bw.Write(f); err != nil {
					return err
				}
			default:
				return nil
			}
		}
	}
	for {
		var f []byte
		select {
		case f = <-w.ch:
		case <-w.stop:
			return
		}
		_, err := bw.Write(f)
		if err == nil {
			err = drain()
		}
		if err == nil {
			runtime.Gosched()
			err = drain()
		}
		if err == nil {
			err = w.nc.SetWriteDeadline(time.Now().Add(w.timeout))
		}
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			fail(fmt.Errorf("write: %w", err))
			return
		}
	}
}

var errConnClosed = errors.New("raftex: connection closed")

// send queues f, waiting at most until deadline for room.
func (w *frameWriter) send(f []byte, deadline time.Time) error {
	select {
	case w.ch <- f:
		return nil
	case <-w.stop:
		return errConnClosed
	default:
	}
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case w.ch <- f:
		return nil
	case <-w.stop:
		return errConnClosed
	case <-t.C:
		return ErrTimeout
	}
}
