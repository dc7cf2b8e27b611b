package rpc

import (
	"context"
	"sync"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/pkg/value"
)

// WriteDataSetField writes ds as field id of the struct p is writing. On
// our server's protocol the data set is encoded straight from its values
// (value.AppendDataSet) and handed to the transport in one piece; the
// generated structs (a pointer per scalar, a call through the protocol
// per field) cost a large answer's sender a tenth to a fifth of its CPU.
// Elsewhere it goes through the generated writer.
func WriteDataSetField(ctx context.Context, p thrift.TProtocol, name string, id int16, ds *value.DataSet) error {
	if err := p.WriteFieldBegin(ctx, name, thrift.STRUCT, id); err != nil {
		return err
	}
	if err := writeDataSet(ctx, p, ds); err != nil {
		return err
	}
	return p.WriteFieldEnd(ctx)
}

func writeDataSet(ctx context.Context, p thrift.TProtocol, ds *value.DataSet) error {
	hp, ok := p.(*headerProtocol)
	var enc value.Encoding
	switch {
	case !ok:
	case hp.protoID == thrift.THeaderProtocolBinary:
		enc = value.Binary
	case hp.protoID == thrift.THeaderProtocolCompact:
		// The compact writer writes version 1, whichever the client sent.
		enc = value.CompactV1
	}
	if enc == 0 {
		return value.DataSetToThrift(ds).Write(ctx, p)
	}
	if r := hp.duplex.reply; r != nil {
		r.buf = value.AppendDataSet(r.buf, ds, enc)
		return nil
	}
	buf := encodeBufs.Get().(*[]byte)
	defer encodeBufs.Put(buf)
	*buf = value.AppendDataSet((*buf)[:0], ds, enc)
	_, err := hp.trans.Write(*buf)
	if cap(*buf) > maxPooledBuf {
		*buf = nil
	}
	return err
}

// encodeBufs holds the encoding buffers of WriteDataSetField; one that
// grew past maxPooledBuf is dropped rather than kept for every answer.
var encodeBufs = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBuf = 4 << 20
