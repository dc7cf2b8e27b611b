package storage

import (
	"context"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// TestReplicaDropAndReopen: the admin calls a move repeats after a crash
// are idempotent, and a replica balance dropped is not reopened by a
// Reconcile whose partition map still names this host.
func TestReplicaDropAndReopen(t *testing.T) {
	c := newMemCluster(t, 3)
	const part = 1
	space := c.createSpace(SpaceDesc{Name: "drop", PartNum: 1, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c.waitLeader(space, part, c.leaderNode(space, part))
	victim := (c.leaderNode(space, part) + 1) % 3
	st := c.nodes[victim].srv.Store()
	for range 2 {
		c.admin(ctx, victim, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
			return a.RemovePart(ctx, &gstorage.RemovePartReq{SpaceID: common.GraphSpaceID(space), PartID: part})
		})
	}
	// The map still names the victim: Reconcile leaves the part closed.
	if err := st.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if st.Node().Part(space, part) != nil {
		t.Fatal("a stale map reopened a dropped replica")
	}
	// A move back here opens it again, once however often it is asked.
	for range 2 {
		c.admin(ctx, victim, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
			return a.AddPart(ctx, &gstorage.AddPartReq{SpaceID: common.GraphSpaceID(space), PartID: part, AsLearner: true})
		})
	}
	if st.Node().Part(space, part) == nil {
		t.Fatal("learner replica not open")
	}
}
