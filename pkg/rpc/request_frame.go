package rpc

import (
	"encoding/binary"
	"io"

	"github.com/apache/thrift/lib/go/thrift"
)

// requestFrame reads a header client's requests straight from the
// connection's buffered reader into one buffer kept for the connection,
// and serves the inner protocol's reads from it.
//
// THeaderTransport reads every frame through a second bufio.Reader into a
// pooled bytes.Buffer, parses the info headers into a new map and hands
// the payload out through an io.Reader: a few allocations and two copies
// per request, several percent of storaged's CPU on small reads. Only the
// protocol id and the transforms matter here; a frame with transforms (or
// anything else the fast path does not read) is left to THeaderTransport,
// and the connection stays with it from then on, because THeaderTransport
// buffers ahead of what it has parsed.
type requestFrame struct {
	r   *thrift.TBufferedTransport
	max int // largest frame accepted; a larger one is left to THeaderTransport's error
	buf []byte

	payload []byte // the current frame's payload
	pos     int
	proto   thrift.THeaderProtocolID
	flags   uint32
	seq     int32
	// overrun is set when the message read on past its frame: it was
	// truncated, and the connection's framing can no longer be trusted.
	overrun bool
}

// requestHeadLen is the part of a frame read before its header words:
// length, magic and flags, sequence id, header length in words.
const requestHeadLen = 14

// read reads the next frame. ok is false, with nothing consumed, when the
// frame is one for THeaderTransport to read.
func (f *requestFrame) read() (ok bool, err error) {
	head, err := f.r.Peek(requestHeadLen)
	if err != nil {
		if len(head) == 0 || err != io.EOF {
			return false, thrift.NewTTransportExceptionFromError(err)
		}
		return false, nil // a short frame: THeaderTransport reports it
	}
	size := int(binary.BigEndian.Uint32(head))
	if binary.BigEndian.Uint16(head[4:]) != headerMagic || size > f.max || size < requestHeadLen-4 {
		return false, nil
	}
	hdr := requestHeadLen + 4*int(binary.BigEndian.Uint16(head[12:]))
	if hdr > size+4 || hdr > f.r.Reader.Size() {
		return false, nil
	}
	head, err = f.r.Peek(hdr)
	if err != nil {
		return false, nil
	}
	proto, n := binary.Uvarint(head[requestHeadLen:])
	if n <= 0 || (proto != uint64(thrift.THeaderProtocolBinary) && proto != uint64(thrift.THeaderProtocolCompact)) {
		return false, nil
	}
	if transforms, m := binary.Uvarint(head[requestHeadLen+n:]); m <= 0 || transforms != 0 {
		return false, nil
	}
	f.proto = thrift.THeaderProtocolID(proto)
	f.flags = binary.BigEndian.Uint32(head[4:]) & thrift.THeaderFlagsMask
	f.seq = int32(binary.BigEndian.Uint32(head[8:]))
	total := size + 4
	if cap(f.buf) < total || cap(f.buf) > 4<<20 && total < 1<<20 {
		f.buf = make([]byte, max(total, 4<<10))
	}
	buf := f.buf[:total]
	if _, err := io.ReadFull(f.r, buf); err != nil {
		return false, thrift.NewTTransportExceptionFromError(err)
	}
	f.payload, f.pos, f.overrun = buf[hdr:], 0, false
	return true, nil
}

func (f *requestFrame) Read(p []byte) (int, error) {
	if f.pos >= len(f.payload) {
		f.overrun = true
		return 0, io.EOF
	}
	n := copy(p, f.payload[f.pos:])
	f.pos += n
	return n, nil
}

func (f *requestFrame) ReadByte() (byte, error) {
	if f.pos >= len(f.payload) {
		f.overrun = true
		return 0, io.EOF
	}
	c := f.payload[f.pos]
	f.pos++
	return c, nil
}

func (f *requestFrame) remaining() uint64 { return uint64(len(f.payload) - f.pos) }
