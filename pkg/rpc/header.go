package rpc

import (
	"context"
	"fmt"

	"github.com/apache/thrift/lib/go/thrift"
)

// headerProtocol is a server-side THeader protocol: it reads one header frame
// per message, picks the inner protocol the client used, and answers in the
// same framing and protocol. Apache's THeaderProtocol cannot be used because
// its compact reader refuses fbthrift's version 2.
//
// The same object must be both the input and the output protocol of a
// processor so that the reply carries the request's header state.
type headerProtocol struct {
	thrift.TProtocol // the current inner protocol
	trans            *thrift.THeaderTransport
	duplex           *duplexTransport // the inner protocols' transport
	cfg              *thrift.TConfiguration
	protoID          thrift.THeaderProtocolID
	// onFrame, when set, runs after each request's first frame is read.
	onFrame func()
}

// newHeaderProtocol returns the protocol of a connection read through t.
// reply, when not nil, builds the replies of a client that speaks header
// frames (see duplexTransport).
func newHeaderProtocol(t *thrift.THeaderTransport, reply *replyFrame, cfg *thrift.TConfiguration) *headerProtocol {
	p := &headerProtocol{trans: t, duplex: &duplexTransport{THeaderTransport: t, reply: reply}, cfg: cfg, protoID: -1}
	p.TProtocol = newCompactProtocol(p.duplex, cfg)
	return p
}

func (p *headerProtocol) ReadMessageBegin(ctx context.Context) (string, thrift.TMessageType, int32, error) {
	if err := p.duplex.readFrame(ctx); err != nil {
		return "", 0, 0, err
	}
	if p.onFrame != nil {
		p.onFrame()
	}
	id := p.duplex.protocol()
	if id != p.protoID {
		switch id {
		case thrift.THeaderProtocolCompact:
			p.TProtocol = newCompactProtocol(p.duplex, p.cfg)
		case thrift.THeaderProtocolBinary:
			p.TProtocol = thrift.NewTBinaryProtocolConf(p.duplex, p.cfg)
		default:
			return "", 0, 0, thrift.NewTProtocolExceptionWithType(thrift.NOT_IMPLEMENTED,
				fmt.Errorf("unsupported header protocol id %d", id))
		}
		p.protoID = id
	}
	return p.TProtocol.ReadMessageBegin(ctx)
}

func (p *headerProtocol) WriteMessageBegin(ctx context.Context, name string, typ thrift.TMessageType, seq int32) error {
	p.trans.SequenceID = seq
	return p.TProtocol.WriteMessageBegin(ctx, name, typ, seq)
}

func (p *headerProtocol) WriteMessageEnd(ctx context.Context) error {
	if err := p.TProtocol.WriteMessageEnd(ctx); err != nil {
		return err
	}
	return p.duplex.Flush(ctx)
}

func (p *headerProtocol) Flush(ctx context.Context) error {
	if err := p.TProtocol.Flush(ctx); err != nil {
		return err
	}
	return p.duplex.Flush(ctx)
}

func (p *headerProtocol) Transport() thrift.TTransport { return p.trans }

// ReadListBegin, ReadSetBegin and ReadMapBegin refuse a collection with
// more elements than the frame has bytes left (every element takes at
// least one) before the generated reader allocates room for it: otherwise
// a request of a few bytes claiming 2^28 elements costs gigabytes.
func (p *headerProtocol) ReadListBegin(ctx context.Context) (thrift.TType, int, error) {
	t, n, err := p.TProtocol.ReadListBegin(ctx)
	if err == nil {
		err = p.checkClaim("list", n)
	}
	return t, n, err
}

func (p *headerProtocol) ReadSetBegin(ctx context.Context) (thrift.TType, int, error) {
	t, n, err := p.TProtocol.ReadSetBegin(ctx)
	if err == nil {
		err = p.checkClaim("set", n)
	}
	return t, n, err
}

func (p *headerProtocol) ReadMapBegin(ctx context.Context) (thrift.TType, thrift.TType, int, error) {
	k, v, n, err := p.TProtocol.ReadMapBegin(ctx)
	if err == nil {
		err = p.checkClaim("map", n)
	}
	return k, v, n, err
}

func (p *headerProtocol) checkClaim(what string, n int) error {
	if left := p.duplex.RemainingBytes(); uint64(n) > left {
		return thrift.NewTProtocolExceptionWithType(thrift.INVALID_DATA,
			fmt.Errorf("%s of %d elements, %d bytes left in the frame", what, n, left))
	}
	return nil
}
