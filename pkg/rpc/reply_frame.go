package rpc

import (
	"context"
	"encoding/binary"
	"io"

	"github.com/apache/thrift/lib/go/thrift"
)

// duplexTransport is what a server connection's inner protocols read and
// write through: reads come from the header transport; writes go to a
// replyFrame when the client speaks header frames, else to the header
// transport, which also serves the framed and unframed client types.
//
// A replyFrame builds the whole reply frame in one buffer that the data
// set writer (WriteDataSetField) appends to directly, and sends it in one
// write. THeaderTransport copies a reply three times (its write buffer,
// the frame's payload buffer, the socket's buffer), each grown and zeroed
// anew for a large answer: for a multi-megabyte GetNeighbors answer those
// copies were half of storaged's CPU.
type duplexTransport struct {
	*thrift.THeaderTransport
	reply *replyFrame // nil: the client is not a header client
	// req, when set, reads a header client's requests (requestFrame);
	// fast says the current request came through it.
	req  *requestFrame
	fast bool
}

// readFrame reads the next request's frame, through req while the
// connection is a header client's that THeaderTransport has not read.
func (d *duplexTransport) readFrame(ctx context.Context) error {
	if d.req != nil {
		ok, err := d.req.read()
		if err != nil {
			return err
		}
		if d.fast = ok; ok {
			return nil
		}
		d.req = nil
	}
	return d.THeaderTransport.ReadFrame(ctx)
}

// overran reports whether the current request read past its frame.
func (d *duplexTransport) overran() bool { return d.fast && d.req.overrun }

// protocol is the inner protocol of the current request.
func (d *duplexTransport) protocol() thrift.THeaderProtocolID {
	if d.fast {
		return d.req.proto
	}
	return d.THeaderTransport.Protocol()
}

func (d *duplexTransport) Read(p []byte) (int, error) {
	if d.fast {
		return d.req.Read(p)
	}
	return d.THeaderTransport.Read(p)
}

func (d *duplexTransport) ReadByte() (byte, error) {
	if d.fast {
		return d.req.ReadByte()
	}
	var b [1]byte
	if _, err := io.ReadFull(d.THeaderTransport, b[:]); err != nil {
		return 0, err
	}
	return b[0], nil
}

func (d *duplexTransport) RemainingBytes() uint64 {
	if d.fast {
		return d.req.remaining()
	}
	return d.THeaderTransport.RemainingBytes()
}

func (d *duplexTransport) Write(p []byte) (int, error) {
	if d.reply == nil {
		return d.THeaderTransport.Write(p)
	}
	d.reply.buf = append(d.reply.buf, p...)
	return len(p), nil
}

func (d *duplexTransport) WriteByte(c byte) error {
	if d.reply == nil {
		_, err := d.THeaderTransport.Write([]byte{c})
		return err
	}
	d.reply.buf = append(d.reply.buf, c)
	return nil
}

func (d *duplexTransport) WriteString(s string) (int, error) {
	if d.reply == nil {
		return d.THeaderTransport.Write([]byte(s))
	}
	d.reply.buf = append(d.reply.buf, s...)
	return len(s), nil
}

func (d *duplexTransport) Flush(ctx context.Context) error {
	if d.reply == nil {
		return d.THeaderTransport.Flush(ctx)
	}
	// The frame carries the request's flags and the reply's sequence id,
	// as THeaderTransport's would.
	flags := d.THeaderTransport.Flags
	if d.fast {
		flags = d.req.flags
	}
	return d.reply.flush(d.protocol(), flags, d.THeaderTransport.SequenceID)
}

// replyFrame is a header frame under construction: replyPrefix's room,
// then the payload.
type replyFrame struct {
	conn io.Writer
	buf  []byte
}

// replyPrefixLen is the length of a reply frame's start: length, magic
// and flags, sequence id, header length (one word), and the header:
// protocol id, no transforms, padding.
const replyPrefixLen = 18

func newReplyFrame(conn io.Writer) *replyFrame {
	return &replyFrame{conn: conn, buf: make([]byte, replyPrefixLen, 4<<10)}
}

func (r *replyFrame) flush(proto thrift.THeaderProtocolID, flags uint32, seq int32) error {
	if len(r.buf) == replyPrefixLen {
		return nil
	}
	b := r.buf
	binary.BigEndian.PutUint32(b[0:], uint32(len(b)-4))
	binary.BigEndian.PutUint32(b[4:], thrift.THeaderHeaderMagic|flags&thrift.THeaderFlagsMask)
	binary.BigEndian.PutUint32(b[8:], uint32(seq))
	binary.BigEndian.PutUint16(b[12:], 1)
	b[14], b[15], b[16], b[17] = byte(proto), 0, 0, 0
	_, err := r.conn.Write(b)
	if cap(r.buf) > 4<<20 {
		r.buf = make([]byte, replyPrefixLen, 4<<10) // a large answer's buffer is not kept
	}
	r.buf = r.buf[:replyPrefixLen]
	if err != nil {
		return thrift.NewTTransportExceptionFromError(err)
	}
	return nil
}
