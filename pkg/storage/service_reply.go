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
			Call: func(ctx context.Context, a thrift.TStruct) (rpc.ResponseWriter, error) {
				rc, ds, dst := s.getNeighbors(ctx, a.(*gstorage.GraphStorageServiceGetNeighborsArgs).GetReq())
				return dataSetResponse(rc, "vertices", ds, dst), nil
			},
		},
		{
			Name: "getProps",
			Args: func() thrift.TStruct { return gstorage.NewGraphStorageServiceGetPropsArgs() },
			Call: func(ctx context.Context, a thrift.TStruct) (rpc.ResponseWriter, error) {
				rc, ds := s.getProps(ctx, a.(*gstorage.GraphStorageServiceGetPropsArgs).GetReq())
				return dataSetResponse(rc, "props", ds, nil), nil
			},
		},
	}
}

// dataSetResponse writes a response {1: ResponseCommon result, 2: DataSet}
// whose data set field is called field in the IDL (absent when ds is nil),
// and getNeighbors' {3: DataSet dst_props} when dst is not nil.
func dataSetResponse(rc *gstorage.ResponseCommon, field string, ds, dst *value.DataSet) rpc.ResponseWriter {
	return func(ctx context.Context, p thrift.TProtocol) error {
		err := errors.Join(
			p.WriteStructBegin(ctx, "response"),
			p.WriteFieldBegin(ctx, "result", thrift.STRUCT, 1),
			rc.Write(ctx, p),
			p.WriteFieldEnd(ctx),
		)
		if err == nil && ds != nil {
			err = rpc.WriteDataSetField(ctx, p, field, 2, ds)
		}
		if err == nil && dst != nil {
			err = rpc.WriteDataSetField(ctx, p, "dst_props", 3, dst)
		}
		if err != nil {
			return err
		}
		return errors.Join(p.WriteFieldStop(ctx), p.WriteStructEnd(ctx))
	}
}
