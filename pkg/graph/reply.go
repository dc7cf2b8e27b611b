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
			Call: func(ctx context.Context, a thrift.TStruct) (thrift.TStruct, error) {
				args := a.(*ggraph.GraphServiceExecuteArgs)
				resp, data := s.run(ctx, args.SessionId, args.Stmt, nil)
				return &executeReply{resp: resp, data: data}, nil
			},
		},
		{
			Name: "executeWithParameter",
			Args: func() thrift.TStruct { return ggraph.NewGraphServiceExecuteWithParameterArgs() },
			Call: func(ctx context.Context, a thrift.TStruct) (thrift.TStruct, error) {
				args := a.(*ggraph.GraphServiceExecuteWithParameterArgs)
				resp, data := s.run(ctx, args.SessionId, args.Stmt, args.ParameterMap)
				return &executeReply{resp: resp, data: data}, nil
			},
		},
	}
}

// executeReply is the result struct of execute and executeWithParameter
// (field 0, success: ExecutionResponse) with the response's data set kept
// as values. Fields are written as the generated ExecutionResponse writes
// them.
type executeReply struct {
	resp *ggraph.ExecutionResponse // Data unset
	data *value.DataSet
}

func (r *executeReply) Write(ctx context.Context, p thrift.TProtocol) error {
	return errors.Join(
		p.WriteStructBegin(ctx, "executeReply"),
		p.WriteFieldBegin(ctx, "success", thrift.STRUCT, 0),
		r.writeResponse(ctx, p),
		p.WriteFieldEnd(ctx),
		p.WriteFieldStop(ctx),
		p.WriteStructEnd(ctx),
	)
}

func (r *executeReply) writeResponse(ctx context.Context, p thrift.TProtocol) error {
	resp := r.resp
	err := errors.Join(
		p.WriteStructBegin(ctx, "ExecutionResponse"),
		p.WriteFieldBegin(ctx, "error_code", thrift.I32, 1),
		p.WriteI32(ctx, int32(resp.ErrorCode)),
		p.WriteFieldEnd(ctx),
		p.WriteFieldBegin(ctx, "latency_in_us", thrift.I64, 2),
		p.WriteI64(ctx, resp.LatencyInUs),
		p.WriteFieldEnd(ctx),
	)
	if err == nil && r.data != nil {
		err = rpc.WriteDataSetField(ctx, p, "data", 3, r.data)
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

// Read is never called: the struct only writes replies.
func (r *executeReply) Read(context.Context, thrift.TProtocol) error {
	return thrift.NewTProtocolExceptionWithType(thrift.NOT_IMPLEMENTED, errors.New("executeReply is written only"))
}
