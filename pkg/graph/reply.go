package graph

import (
	"context"
	"errors"

	"github.com/apache/thrift/lib/go/thrift"

	ggraph "github.com/novagraph/novagraph/idl/gen/graph"
	"github.com/novagraph/novagraph/pkg/rpc"
	"github.com/novagraph/novagraph/pkg/value"
)

// executeMethods serves execute and executeWithParameter with replies
// whose data set goes to the wire straight from the engine's values:
// converting a large result into the generated structs and writing those
// field by field was a tenth of graphd's CPU under a multi-step GO.
func executeMethods(s *service) []rpc.Method {
	return []rpc.Method{
		{
			Name: "execute",
			Args: func() thrift.TStruct { return ggraph.NewGraphServiceExecuteArgs() },
			Call: func(ctx context.Context, a thrift.TStruct) (rpc.ResponseWriter, error) {
				args := a.(*ggraph.GraphServiceExecuteArgs)
				return responseWriter(s.run(ctx, args.SessionId, args.Stmt, nil)), nil
			},
		},
		{
			Name: "executeWithParameter",
			Args: func() thrift.TStruct { return ggraph.NewGraphServiceExecuteWithParameterArgs() },
			Call: func(ctx context.Context, a thrift.TStruct) (rpc.ResponseWriter, error) {
				args := a.(*ggraph.GraphServiceExecuteWithParameterArgs)
				return responseWriter(s.run(ctx, args.SessionId, args.Stmt, args.ParameterMap)), nil
			},
		},
	}
}

// responseWriter writes resp (Data unset) with data as its data set,
// field for field as the generated ExecutionResponse writes them.
func responseWriter(resp *ggraph.ExecutionResponse, data *value.DataSet) rpc.ResponseWriter {
	return func(ctx context.Context, p thrift.TProtocol) error {
		return writeResponse(ctx, p, resp, data)
	}
}

func writeResponse(ctx context.Context, p thrift.TProtocol, resp *ggraph.ExecutionResponse, data *value.DataSet) error {
	err := errors.Join(
		p.WriteStructBegin(ctx, "ExecutionResponse"),
		p.WriteFieldBegin(ctx, "error_code", thrift.I32, 1),
		p.WriteI32(ctx, int32(resp.ErrorCode)),
		p.WriteFieldEnd(ctx),
		p.WriteFieldBegin(ctx, "latency_in_us", thrift.I64, 2),
		p.WriteI64(ctx, resp.LatencyInUs),
		p.WriteFieldEnd(ctx),
	)
	if err == nil && data != nil {
		err = rpc.WriteDataSetField(ctx, p, "data", 3, data)
	}
	for _, f := range []struct {
		name string
		id   int16
		v    []byte
	}{{"space_name", 4, resp.SpaceName}, {"error_msg", 5, resp.ErrorMsg}} {
		if err == nil && f.v != nil {
			err = errors.Join(p.WriteFieldBegin(ctx, f.name, thrift.STRING, f.id), p.WriteBinary(ctx, f.v), p.WriteFieldEnd(ctx))
		}
	}
	if err == nil && resp.PlanDesc != nil {
		err = errors.Join(p.WriteFieldBegin(ctx, "plan_desc", thrift.STRUCT, 6), resp.PlanDesc.Write(ctx, p), p.WriteFieldEnd(ctx))
	}
	if err == nil && resp.Comment != nil {
		err = errors.Join(p.WriteFieldBegin(ctx, "comment", thrift.STRING, 7), p.WriteBinary(ctx, resp.Comment), p.WriteFieldEnd(ctx))
	}
	if err != nil {
		return err
	}
	return errors.Join(p.WriteFieldStop(ctx), p.WriteStructEnd(ctx))
}
