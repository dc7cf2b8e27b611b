package rpc

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/apache/thrift/lib/go/thrift"
)

const (
	compactProtocolID = 0x82
	compactVersionV1  = 1
	compactVersionV2  = 2 // fbthrift: identical to v1 except doubles are big-endian
)

// compactProtocol is Apache's compact protocol taught to read fbthrift's
// version 2 messages. Writes stay version 1, which every NebulaGraph client
// accepts. NB: this is safe only because TCompactProtocol keeps no read-ahead
// of its own, so bytes read here directly from trans are never skipped there.
type compactProtocol struct {
	*thrift.TCompactProtocol
	trans   thrift.TRichTransport
	version byte
}

func newCompactProtocol(t thrift.TTransport, cfg *thrift.TConfiguration) *compactProtocol {
	return &compactProtocol{
		TCompactProtocol: thrift.NewTCompactProtocolConf(t, cfg),
		trans:            thrift.NewTRichTransport(t),
		version:          compactVersionV1,
	}
}

func (p *compactProtocol) ReadMessageBegin(ctx context.Context) (string, thrift.TMessageType, int32, error) {
	id, err := p.trans.ReadByte()
	if err != nil {
		return "", 0, 0, thrift.NewTProtocolException(err)
	}
	if id != compactProtocolID {
		return "", 0, 0, thrift.NewTProtocolExceptionWithType(thrift.BAD_VERSION,
			fmt.Errorf("expected compact protocol id %#x, got %#x", compactProtocolID, id))
	}
	vt, err := p.trans.ReadByte()
	if err != nil {
		return "", 0, 0, thrift.NewTProtocolException(err)
	}
	version, typ := vt&0x1f, thrift.TMessageType(vt>>5&0x07)
	if version != compactVersionV1 && version != compactVersionV2 {
		return "", 0, 0, thrift.NewTProtocolExceptionWithType(thrift.BAD_VERSION,
			fmt.Errorf("unsupported compact protocol version %d", version))
	}
	// The sequence id is an unsigned varint, not zigzag-encoded.
	seq, err := binary.ReadUvarint(p.trans)
	if err != nil {
		return "", 0, 0, thrift.NewTProtocolException(err)
	}
	name, err := p.ReadString(ctx)
	if err != nil {
		return "", 0, 0, err
	}
	p.version = version
	return name, typ, int32(seq), nil
}

func (p *compactProtocol) ReadDouble(ctx context.Context) (float64, error) {
	if p.version != compactVersionV2 {
		return p.TCompactProtocol.ReadDouble(ctx)
	}
	var b [8]byte
	if _, err := io.ReadFull(p.trans, b[:]); err != nil {
		return 0, thrift.NewTProtocolException(err)
	}
	return math.Float64frombits(binary.BigEndian.Uint64(b[:])), nil
}
