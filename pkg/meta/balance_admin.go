package meta

import (
	"context"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
)

// balanceAdmin is what balance asks of storaged beyond jobs: replica
// membership and leadership of one part (StorageAdminService). host is
// the storaged's Thrift address; leader calls go to the part's leader.
// Every call is idempotent, so that a move resumed after a crash can
// repeat the step it was in. Implementations are safe for concurrent use.
type balanceAdmin interface {
	// AddPart opens an empty replica of the part on host, to join as a
	// learner; a replica already open there is left as it is.
	AddPart(ctx context.Context, host string, space, part int32) error
	// AddLearner has the leader add learner as a non-voting member.
	AddLearner(ctx context.Context, leader string, space, part int32, learner string) error
	// Promote has the leader wait until peer caught up, then make it a voter.
	Promote(ctx context.Context, leader string, space, part int32, peer string) error
	// RemovePeer has the leader remove peer from the part's raft group.
	RemovePeer(ctx context.Context, leader string, space, part int32, peer string) error
	// TransLeader has the leader hand leadership to another voter.
	TransLeader(ctx context.Context, leader string, space, part int32, to string) error
	// RemovePart drops host's replica of the part with its data.
	RemovePart(ctx context.Context, host string, space, part int32) error
}

var _ balanceAdmin = thriftAdmin{}

// adminExec runs one StorageAdminService call that answers an
// AdminExecResp and turns a failed part into an error with its code.
func (a thriftAdmin) adminExec(ctx context.Context, host string, call func(context.Context, *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error)) error {
	var resp *gstorage.AdminExecResp
	err := a.do(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = call(ctx, c)
		return err
	})
	if err != nil {
		return err
	}
	for _, f := range resp.GetResult_().GetFailedParts() {
		if f.GetCode() != common.ErrorCode_SUCCEEDED {
			e := codeError(f.GetCode())
			return fmt.Errorf("storaged %s part %d: %s: %w", host, f.GetPartID(), f.GetErrorMsg(), e)
		}
	}
	return nil
}

func hostArg(addr string) *common.HostAddr {
	h, err := parseAddr(addr)
	if err != nil {
		return &common.HostAddr{}
	}
	return h
}

func (a thriftAdmin) AddPart(ctx context.Context, host string, space, part int32) error {
	return a.adminExec(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return c.AddPart(ctx, &gstorage.AddPartReq{SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part), AsLearner: true})
	})
}

func (a thriftAdmin) AddLearner(ctx context.Context, leader string, space, part int32, learner string) error {
	return a.adminExec(ctx, leader, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return c.AddLearner(ctx, &gstorage.AddLearnerReq{SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part), Learner: hostArg(learner)})
	})
}

func (a thriftAdmin) Promote(ctx context.Context, leader string, space, part int32, peer string) error {
	return a.adminExec(ctx, leader, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return c.MemberChange(ctx, &gstorage.MemberChangeReq{SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part), Peer: hostArg(peer), Add: true})
	})
}

func (a thriftAdmin) RemovePeer(ctx context.Context, leader string, space, part int32, peer string) error {
	return a.adminExec(ctx, leader, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return c.MemberChange(ctx, &gstorage.MemberChangeReq{SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part), Peer: hostArg(peer), Add: false})
	})
}

func (a thriftAdmin) TransLeader(ctx context.Context, leader string, space, part int32, to string) error {
	return a.adminExec(ctx, leader, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return c.TransLeader(ctx, &gstorage.TransLeaderReq{SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part), NewLeader_: hostArg(to)})
	})
}

func (a thriftAdmin) RemovePart(ctx context.Context, host string, space, part int32) error {
	return a.adminExec(ctx, host, func(ctx context.Context, c *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return c.RemovePart(ctx, &gstorage.RemovePartReq{SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part)})
	})
}
