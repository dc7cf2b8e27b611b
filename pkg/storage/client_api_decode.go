package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/apache/thrift/lib/go/thrift"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/rpc"
	"github.com/novagraph/novagraph/pkg/value"
)

// dataSetResult reads the answer of a storage method whose response is
// {1: ResponseCommon result, 2: DataSet} (getNeighbors, getProps; and
// getNeighbors' {3: DataSet dst_props}) and
// decodes the data set straight into a value.DataSet (value.ReadDataSet),
// instead of the generated structs that would be converted afterwards.
// It stands in for the generated *Result struct in the client's Call.
type dataSetResult struct {
	method string
	// resultRequired: the response's result field is required in the IDL
	// (getNeighbors), so an answer without it is an error.
	resultRequired bool

	ok     bool // the success field was read
	common *gstorage.ResponseCommon
	ds     *value.DataSet
	dst    *value.DataSet
}

// callDataSet calls method with args (the generated *Args struct) on cn's
// graph service and returns the answer.
func callDataSet(ctx context.Context, cn *conn, method string, resultRequired bool, args thrift.TStruct) (*dataSetResult, error) {
	res := &dataSetResult{method: method, resultRequired: resultRequired}
	if _, err := cn.graph.Client_().Call(ctx, method, args, res); err != nil {
		return nil, err
	}
	if !res.ok {
		return nil, thrift.NewTApplicationException(thrift.MISSING_RESULT, method+" failed: unknown result")
	}
	return res, nil
}

func (r *dataSetResult) Read(ctx context.Context, p thrift.TProtocol) error {
	if ft, ok := p.Transport().(*rpc.FrameTransport); ok {
		n, err := r.decode(ft.Unread())
		ft.Consume(n)
		return err
	}
	return value.ReadStruct(ctx, p, func(id int16, t thrift.TType) (bool, error) {
		if id != 0 || t != thrift.STRUCT {
			return false, nil
		}
		r.ok = true
		return true, r.readResponse(ctx, p)
	})
}

func (r *dataSetResult) readResponse(ctx context.Context, p thrift.TProtocol) error {
	err := value.ReadStruct(ctx, p, func(id int16, t thrift.TType) (bool, error) {
		switch {
		case id == 1 && t == thrift.STRUCT:
			r.common = gstorage.NewResponseCommon()
			return true, r.common.Read(ctx, p)
		case (id == 2 || id == 3) && t == thrift.STRUCT:
			ds, err := value.ReadDataSet(ctx, p)
			if err != nil {
				return true, fmt.Errorf("decode storage result: %w", err)
			}
			*r.dataSet(id) = ds
			return true, nil
		}
		return false, nil
	})
	if err == nil && r.resultRequired && r.common == nil {
		return thrift.NewTProtocolExceptionWithType(thrift.INVALID_DATA, errors.New("required field Result_ is not set"))
	}
	return err
}

// decode is Read on the reply's bytes (binary protocol), the data set
// decoded by value.DecodeDataSet. It returns the bytes it took.
func (r *dataSetResult) decode(b []byte) (int, error) {
	n, err := binaryStruct(b, func(id int16, t thrift.TType, b []byte) (int, error) {
		if id != 0 || t != thrift.STRUCT {
			return value.SkipBinary(b, t)
		}
		r.ok = true
		return binaryStruct(b, func(id int16, t thrift.TType, b []byte) (int, error) {
			switch {
			case id == 1 && t == thrift.STRUCT:
				n, err := value.SkipBinary(b, t)
				if err != nil {
					return 0, err
				}
				r.common = gstorage.NewResponseCommon()
				return n, readGenerated(b[:n], r.common)
			case (id == 2 || id == 3) && t == thrift.STRUCT:
				ds, n, err := value.DecodeDataSet(b)
				if err != nil {
					return 0, fmt.Errorf("decode storage result: %w", err)
				}
				*r.dataSet(id) = ds
				return n, nil
			}
			return value.SkipBinary(b, t)
		})
	})
	if err == nil && r.ok && r.resultRequired && r.common == nil {
		err = thrift.NewTProtocolExceptionWithType(thrift.INVALID_DATA, errors.New("required field Result_ is not set"))
	}
	return n, err
}

// dataSet is where the data set of response field id (2 or 3) goes.
func (r *dataSetResult) dataSet(id int16) **value.DataSet {
	if id == 3 {
		return &r.dst
	}
	return &r.ds
}

// binaryStruct walks the fields of the binary-protocol struct at the start
// of b: field gets each field's id, type and the bytes from its value on,
// and returns how many of them the value took. binaryStruct returns the
// struct's length through its STOP byte.
func binaryStruct(b []byte, field func(id int16, t thrift.TType, b []byte) (int, error)) (int, error) {
	pos := 0
	for {
		if pos >= len(b) {
			return 0, thrift.NewTProtocolExceptionWithType(thrift.INVALID_DATA, errors.New("storage answer ends inside a struct"))
		}
		t := thrift.TType(b[pos])
		if t == thrift.STOP {
			return pos + 1, nil
		}
		if pos+3 > len(b) {
			return 0, thrift.NewTProtocolExceptionWithType(thrift.INVALID_DATA, errors.New("storage answer ends inside a field header"))
		}
		id := int16(binary.BigEndian.Uint16(b[pos+1:]))
		pos += 3
		n, err := field(id, t, b[pos:])
		if err != nil {
			return 0, err
		}
		pos += n
	}
}

// readGenerated reads the generated struct s from the binary-protocol
// bytes b.
func readGenerated(b []byte, s thrift.TStruct) error {
	mb := &thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(b)}
	return s.Read(context.Background(), thrift.NewTBinaryProtocolConf(mb, &thrift.TConfiguration{}))
}

// Write is never called: the struct only reads answers.
func (r *dataSetResult) Write(context.Context, thrift.TProtocol) error {
	return fmt.Errorf("%s: the answer reader cannot be written", r.method)
}

// mergeRows appends a decoded answer's rows to ds (taking its columns).
func mergeRows(ds *value.DataSet, got *value.DataSet) {
	if got == nil {
		return
	}
	if ds.ColNames == nil {
		ds.ColNames = got.ColNames
	}
	ds.Rows = append(ds.Rows, got.Rows...)
}
