package rpc

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"

	"github.com/apache/thrift/lib/go/thrift"
)

// FrameTransport is the client end of the header framing (wire-protocol.md
// §2) for the binary protocol, for our daemons calling each other. Use it
// with thrift.NewTBinaryProtocolConf. Unlike Apache's THeaderTransport it
// keeps a reply's payload in one slice that a reader can decode in place
// (Unread, Consume) rather than through the protocol a call per field, and
// it sends each request frame in one write(2).
//
// It writes frames without info headers or transforms, and refuses replies
// that use transforms or another protocol: our servers answer in the
// request's protocol and never transform. The caller owns the connection's
// deadlines.
type FrameTransport struct {
	nc      net.Conn
	r       *bufio.Reader
	maxSize int

	wbuf    []byte // the request frame being written: prefix, then payload
	frame   []byte // the current reply frame, reused for the next
	payload []byte // the current reply frame's payload
	pos     int    // read position in payload
}

// framePrefix is the fixed start of every request frame: length, magic,
// flags, sequence id, header length (one 4-byte word), and the header:
// protocol id 0 (binary), no transforms, padding.
var framePrefix = []byte{0, 0, 0, 0, 0x0f, 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}

const headerMagic = 0x0fff

// NewFrameTransport returns a transport over the established connection
// nc; cfg bounds the reply frames it accepts.
func NewFrameTransport(nc net.Conn, cfg *thrift.TConfiguration) *FrameTransport {
	return &FrameTransport{
		nc:      nc,
		r:       bufio.NewReaderSize(nc, 16<<10),
		maxSize: int(cfg.GetMaxFrameSize()),
		wbuf:    append(make([]byte, 0, 4<<10), framePrefix...),
	}
}

func (t *FrameTransport) Open() error  { return nil }
func (t *FrameTransport) IsOpen() bool { return true }
func (t *FrameTransport) Close() error { return t.nc.Close() }
func (t *FrameTransport) Write(p []byte) (int, error) {
	t.wbuf = append(t.wbuf, p...)
	return len(p), nil
}

func (t *FrameTransport) WriteByte(c byte) error {
	t.wbuf = append(t.wbuf, c)
	return nil
}

func (t *FrameTransport) WriteString(s string) (int, error) {
	t.wbuf = append(t.wbuf, s...)
	return len(s), nil
}

// Flush sends the request frame written since the last Flush. What is left
// unread of the previous reply is dropped: the next reply starts a frame.
func (t *FrameTransport) Flush(context.Context) error {
	binary.BigEndian.PutUint32(t.wbuf, uint32(len(t.wbuf)-4))
	_, err := t.nc.Write(t.wbuf)
	if cap(t.wbuf) > 1<<20 {
		t.wbuf = make([]byte, 0, 4<<10)
	}
	t.wbuf = append(t.wbuf[:0], framePrefix...)
	t.payload, t.pos = t.payload[:0], 0
	if err != nil {
		return thrift.NewTTransportExceptionFromError(err)
	}
	return nil
}

// RemainingBytes is what is left of the current reply frame.
func (t *FrameTransport) RemainingBytes() uint64 { return uint64(len(t.payload) - t.pos) }

func (t *FrameTransport) Read(p []byte) (int, error) {
	// A frame without payload is passed over, as THeaderTransport does.
	for t.pos == len(t.payload) {
		if err := t.readFrame(); err != nil {
			return 0, err
		}
	}
	n := copy(p, t.payload[t.pos:])
	t.pos += n
	return n, nil
}

func (t *FrameTransport) ReadByte() (byte, error) {
	for t.pos == len(t.payload) {
		if err := t.readFrame(); err != nil {
			return 0, err
		}
	}
	c := t.payload[t.pos]
	t.pos++
	return c, nil
}

// Unread returns the rest of the current reply frame. It is valid until
// the next Read or Flush; a reader that decodes from it calls Consume.
func (t *FrameTransport) Unread() []byte { return t.payload[t.pos:] }

// Consume marks n bytes of Unread as read.
func (t *FrameTransport) Consume(n int) { t.pos += min(n, len(t.payload)-t.pos) }

// readFrame reads the next reply frame and leaves its payload to read.
func (t *FrameTransport) readFrame() error {
	var lb [4]byte
	if _, err := io.ReadFull(t.r, lb[:]); err != nil {
		return thrift.NewTTransportExceptionFromError(err)
	}
	size := int(binary.BigEndian.Uint32(lb[:]))
	if size < 10 || size > t.maxSize {
		return thrift.NewTTransportException(thrift.UNKNOWN_TRANSPORT_EXCEPTION, fmt.Sprintf("header frame of %d bytes", size))
	}
	if cap(t.frame) < size || cap(t.frame) > 4<<20 && size < 1<<20 {
		t.frame = make([]byte, size)
	}
	buf := t.frame[:size]
	if _, err := io.ReadFull(t.r, buf); err != nil {
		return thrift.NewTTransportExceptionFromError(err)
	}
	if binary.BigEndian.Uint16(buf) != headerMagic {
		return thrift.NewTTransportException(thrift.UNKNOWN_TRANSPORT_EXCEPTION, "reply is not a header frame")
	}
	hdr := 10 + 4*int(binary.BigEndian.Uint16(buf[8:]))
	if hdr > size {
		return thrift.NewTTransportException(thrift.UNKNOWN_TRANSPORT_EXCEPTION, "header frame's header exceeds it")
	}
	proto, n := binary.Uvarint(buf[10:hdr])
	if n <= 0 {
		return thrift.NewTTransportException(thrift.UNKNOWN_TRANSPORT_EXCEPTION, "header frame without a protocol id")
	}
	if proto != uint64(thrift.THeaderProtocolBinary) {
		return thrift.NewTTransportException(thrift.UNKNOWN_TRANSPORT_EXCEPTION, fmt.Sprintf("reply in protocol %d, not binary", proto))
	}
	if transforms, m := binary.Uvarint(buf[10+n : hdr]); m <= 0 || transforms != 0 {
		return thrift.NewTTransportException(thrift.UNKNOWN_TRANSPORT_EXCEPTION, "reply uses header transforms")
	}
	t.payload, t.pos = buf[hdr:], 0
	return nil
}

var _ thrift.TRichTransport = (*FrameTransport)(nil)
