package meta

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/rpc"
)

// storageAdmin is what metad asks of a storaged (its StorageAdminService)
// to run jobs. host is the storaged's Thrift address. Implementations are
// safe for concurrent use; a call ends when ctx does.
type storageAdmin interface {
	// LeaderParts returns, per space, the parts host leads with their
	// raft terms.
	LeaderParts(ctx context.Context, host string) (map[int32][]ledPart, error)
	// RunTask runs a job's task on host and returns when it has finished.
	RunTask(ctx context.Context, host string, req *gstorage.AddTaskRequest) (*gstorage.AddTaskResp, error)
	// StopTask cancels the tasks of job on host.
	StopTask(ctx context.Context, host string, job, task int32) error
	// ClearSpace deletes the data of the parts of space host leads.
	ClearSpace(ctx context.Context, host string, space int32) error
}

// ledPart is a part a storaged leads, in a term.
type ledPart struct {
	part int32
	term int64
}

// thriftAdmin is storageAdmin over Thrift: one connection per call (jobs
// are rare and a task call may last minutes).
type thriftAdmin struct {
	dialTimeout time.Duration
	// callTimeout bounds the short calls (leaders, stop); RunTask and
	// ClearSpace run until ctx ends.
	callTimeout time.Duration
}

var _ storageAdmin = thriftAdmin{}

// do dials host and runs fn with the admin client. Ending ctx closes the
// connection, which aborts fn.
func (a thriftAdmin) do(ctx context.Context, host string, fn func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error) error {
	d := net.Dialer{Timeout: a.dialTimeout}
	nc, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return fmt.Errorf("connect to storaged %s: %w", host, err)
	}
	cfg := &thrift.TConfiguration{MaxFrameSize: 64 << 20, MaxMessageSize: 64 << 20}
	trans := rpc.ClientTransport(nc, cfg)
	defer trans.Close()
	if dl, ok := ctx.Deadline(); ok {
		if err := nc.SetDeadline(dl); err != nil {
			return fmt.Errorf("storaged %s: %w", host, err)
		}
	}
	stop := context.AfterFunc(ctx, func() { _ = nc.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	proto := thrift.NewTHeaderProtocolConf(trans, cfg)
	err = fn(ctx, gstorage.NewStorageAdminServiceClient(thrift.NewTStandardClient(proto, proto)))
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return fmt.Errorf("storaged %s: %w", host, err)
	}
	return nil
}

func (a thriftAdmin) short(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, a.callTimeout)
}

func (a thriftAdmin) LeaderParts(ctx context.Context, host string) (map[int32][]ledPart, error) {
	ctx, cancel := a.short(ctx)
	defer cancel()
	var resp *gstorage.GetLeaderPartsResp
	err := a.do(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = c.GetLeaderParts(ctx, &gstorage.GetLeaderReq{})
		return err
	})
	if err != nil {
		return nil, err
	}
	if resp.GetCode() != common.ErrorCode_SUCCEEDED {
		return nil, codeError(resp.GetCode())
	}
	out := map[int32][]ledPart{}
	for space, parts := range resp.GetLeaderParts() {
		terms := resp.GetTerms()[space]
		for i, p := range parts {
			lp := ledPart{part: int32(p)}
			if i < len(terms) {
				lp.term = terms[i]
			}
			out[int32(space)] = append(out[int32(space)], lp)
		}
	}
	return out, nil
}

func (a thriftAdmin) RunTask(ctx context.Context, host string, req *gstorage.AddTaskRequest) (*gstorage.AddTaskResp, error) {
	var resp *gstorage.AddTaskResp
	err := a.do(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = c.AddAdminTask(ctx, req)
		return err
	})
	return resp, err
}

func (a thriftAdmin) StopTask(ctx context.Context, host string, job, task int32) error {
	ctx, cancel := a.short(ctx)
	defer cancel()
	var resp *gstorage.StopTaskResp
	err := a.do(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = c.StopAdminTask(ctx, &gstorage.StopTaskRequest{JobID: job, TaskID: task})
		return err
	})
	if err != nil {
		return err
	}
	if resp.GetCode() != common.ErrorCode_SUCCEEDED {
		return codeError(resp.GetCode())
	}
	return nil
}

func (a thriftAdmin) ClearSpace(ctx context.Context, host string, space int32) error {
	var resp *gstorage.ClearSpaceResp
	err := a.do(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = c.ClearSpace(ctx, &gstorage.ClearSpaceReq{SpaceID: common.GraphSpaceID(space)})
		return err
	})
	if err != nil {
		return err
	}
	if resp.GetCode() != common.ErrorCode_SUCCEEDED {
		return codeError(resp.GetCode())
	}
	return nil
}
