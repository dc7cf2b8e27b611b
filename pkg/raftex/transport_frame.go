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
	"time"

	"github.com/apache/thrift/lib/go/thrift"
)

// The wire: every message is a Thrift compact-protocol message preceded by
// its length as 4 big-endian bytes (Thrift's framed transport). Replies may
// arrive in any order and are matched to calls by the message sequence id.

var thriftConf = &thrift.TConfiguration{}

// encodeFrame returns the frame of one message.
func encodeFrame(name string, typ thrift.TMessageType, seq int32, body thrift.TStruct) ([]byte, error) {
	buf := &thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(make([]byte, 4, 256))}
	p := thrift.NewTCompactProtocolConf(buf, thriftConf)
	ctx := context.Background()
	if err := p.WriteMessageBegin(ctx, name, typ, seq); err != nil {
		return nil, err
	}
	if err := body.Write(ctx, p); err != nil {
		return nil, fmt.Errorf("encode %s: %w", name, err)
	}
	if err := p.WriteMessageEnd(ctx); err != nil {
		return nil, err
	}
	if err := p.Flush(ctx); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
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
	buf := &thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(frame)}
	p := thrift.NewTCompactProtocolConf(buf, thriftConf)
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
// queued together share a write system call.
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
	for {
		var f []byte
		select {
		case f = <-w.ch:
		case <-w.stop:
			return
		}
		if err := w.nc.SetWriteDeadline(time.Now().Add(w.timeout)); err != nil {
			fail(err)
			return
		}
	batch:
		for {
			if _, err := bw.Write(f); err != nil {
				fail(fmt.Errorf("write: %w", err))
				return
			}
			select {
			case f = <-w.ch:
			default:
				break batch
			}
		}
		if err := bw.Flush(); err != nil {
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
