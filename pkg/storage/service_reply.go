package storage

import (
	"context"
	"errors"

	"github.com/apache/thrift/lib/go/thrift"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/rpc"
	"github.com/novagraph/novagraph/pkg/value"
)

// dataSetMethods serves the reads graphd makes most, getNeighbors and
// getProps, with replies whose data set goes to the wire straight from
// the values the parts read (rpc.WriteDataSetField): the generated
// structs and their writer were a fifth of storaged's CPU under GO load.
func dataSetMethods(s *Service) []rpc.Method {
	return []rpc.Method{
		{
			Name: "getNeighbors",
			Args: func() thrift.TStruct { return gstorage.NewGraphStorageServiceGetNeighborsArgs() },
			Call: func(ctx context.Context, a thrift.TStruct) (thrift.TStruct, error) {
				rc, ds := s.getNeighbors(ctx, a.(*gstorage.GraphStorageServiceGetNeighborsArgs).GetReq())
				return &dataSetReply{common: rc, field: "vertices", ds: ds}, nil
			},
		},
		{
			Name: "getProps",
			Args: func() thrift.TStruct { return gstorage.NewGraphStorageServiceGetPropsArgs() },
			Call: func(ctx context.Context, a thrift.TStruct) (thrift.TStruct, error) {
				rc, ds := s.getProps(ctx, a.(*gstorage.GraphStorageServiceGetPropsArgs).GetReq())
				return &dataSetReply{common: rc, field: "props", ds: ds}, nil
			},
		},
	}
}

// dataSetReply is the result struct (field 0, success) of a method whose
// response is {1: ResponseCommon result, 2: DataSet}.
type dataSetReply struct {
	common *gstorage.ResponseCommon
	field  string // the data set field's name in the IDL
	ds     *value.DataSet
}

func (r *dataSetReply) Write(ctx context.Context, p thrift.TProtocol) error {
	err := errors.Join(
		p.WriteStructBegin(ctx, "result"),
		p.WriteFieldBegin(ctx, "success", thrift.STRUCT, 0),
		p.WriteStructBegin(ctx, "response"),
		p.WriteFieldBegin(ctx, "result", thrift.STRUCT, 1),
		r.common.Write(ctx, p),
		p.WriteFieldEnd(ctx),
	)
	if err == nil && r.ds != nil {
		err = rpc.WriteDataSetField(ctx, p, r.field, 2, r.ds)
	}
	if err != nil {
		return err
	}
	return errors.Join(
		p.WriteFieldStop(ctx),
		p.WriteStructEnd(ctx),
		p.WriteFieldEnd(ctx),
		p.WriteFieldStop(ctx),
		p.WriteStructEnd(ctx),
	)
}

// Read is never called: the struct only writes replies.
func (r *dataSetReply) Read(context.Context, thrift.TProtocol) error {
	return thrift.NewTProtocolExceptionWithType(thrift.NOT_IMPLEMENTED, errors.New("dataSetReply is written only"))
}
