package storage

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

func (c *testCluster) hostAddr(i int) *common.HostAddr { return hostAddr(c.nodes[i].addr) }

// admin sends one admin command to node i and fails the test on a failed
// part.
func (c *testCluster) admin(ctx context.Context, i int, call func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error)) {
	c.t.Helper()
	var resp *gstorage.AdminExecResp
	err := c.client.Admin(ctx, c.nodes[i].addr, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = call(ctx, a)
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if fp := resp.GetResult_().GetFailedParts(); len(fp) > 0 {
		c.t.Fatalf("node %d: %v: %s", i, fp[0].GetCode(), fp[0].GetErrorMsg())
	}
}

func (c *testCluster) waitLeader(space, part int32, node int) {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for c.leaderNode(space, part) != node {
		if time.Now().After(deadline) {
			c.t.Fatalf("part %d: node %d did not become leader", part, node)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestClusterBalancePart moves a replica to a new host the way balance
// does (add learner, catch up, promote, remove the old replica) and moves
// leadership, while the data stays readable through the client.
func TestClusterBalancePart(t *testing.T) {
	// The partition map is rewritten by hand, as balance would: MemMeta.
	c := newMemCluster(t, 3)
	const part = 1
	space := c.createSpace(SpaceDesc{Name: "balance", PartNum: 2, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var vs []NewVertex
	for i := range 50 {
		vs = append(vs, NewVertex{VID: num(int64(i)), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("p" + strconv.Itoa(i)), num(int64(i))}}}})
	}
	if err := c.client.AddVertices(ctx, space, vs, nil, false, false); err != nil {
		t.Fatal(err)
	}
	to := c.addNode()
	leader := c.leaderNode(space, part)
	from := (leader + 1) % 3

	c.admin(ctx, to, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return a.AddPart(ctx, &gstorage.AddPartReq{SpaceID: common.GraphSpaceID(space), PartID: part, AsLearner: true})
	})
	c.admin(ctx, leader, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return a.AddLearner(ctx, &gstorage.AddLearnerReq{SpaceID: common.GraphSpaceID(space), PartID: part, Learner: c.hostAddr(to)})
	})
	c.admin(ctx, leader, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return a.WaitingForCatchUpData(ctx, &gstorage.CatchUpDataReq{SpaceID: common.GraphSpaceID(space), PartID: part, Target: c.hostAddr(to)})
	})
	c.admin(ctx, leader, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return a.MemberChange(ctx, &gstorage.MemberChangeReq{SpaceID: common.GraphSpaceID(space), PartID: part, Peer: c.hostAddr(to), Add: true})
	})
	c.admin(ctx, leader, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return a.MemberChange(ctx, &gstorage.MemberChangeReq{SpaceID: common.GraphSpaceID(space), PartID: part, Peer: c.hostAddr(from), Add: false})
	})
	c.admin(ctx, from, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return a.RemovePart(ctx, &gstorage.RemovePartReq{SpaceID: common.GraphSpaceID(space), PartID: part})
	})
	var hosts []string
	for i := range c.nodes {
		if i != from {
			hosts = append(hosts, c.nodes[i].addr)
		}
	}
	if err := c.mem.SetAlloc(space, part, hosts); err != nil {
		t.Fatal(err)
	}
	if c.nodes[from].srv.Store().Node().Part(space, part) != nil {
		t.Fatal("old replica still open")
	}
	members, err := c.nodes[leader].srv.Store().Node().Part(space, part).Members()
	if err != nil {
		t.Fatal(err)
	}
	voters := 0
	for _, m := range members {
		if m.Voter {
			voters++
		}
	}
	if voters != 3 || len(members) != 3 {
		t.Fatalf("members after the move: %+v", members)
	}

	// Leadership goes to the new replica; the client follows.
	c.admin(ctx, leader, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) (*gstorage.AdminExecResp, error) {
		return a.TransLeader(ctx, &gstorage.TransLeaderReq{SpaceID: common.GraphSpaceID(space), PartID: part, NewLeader_: c.hostAddr(to)})
	})
	c.waitLeader(space, part, to)
	ds, err := c.client.GetVertexProps(ctx, space, []value.Value{num(0), num(2), num(4)}, &gstorage.GetPropRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Rows) != 3 {
		t.Fatalf("%d rows after the move", len(ds.Rows))
	}
	if err := c.client.AddVertices(ctx, space, []NewVertex{{VID: num(100), Tags: []NewTag{{Tag: sc.team, Props: []value.Value{str("t")}}}}}, nil, false, false); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.client.PartOf(space, num(100)); p == part && c.client.Leader(space, part) != c.nodes[to].addr {
		t.Fatalf("client did not follow the leader to %s: %s", c.nodes[to].addr, c.client.Leader(space, part))
	}
	// The old leader, now a follower, holds what the new replica holds once
	// it has applied as far.
	newP, oldP := c.nodes[to].srv.Store().Node().Part(space, part), c.nodes[leader].srv.Store().Node().Part(space, part)
	for deadline := time.Now().Add(10 * time.Second); oldP.AppliedIndex() < newP.AppliedIndex(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("old leader does not catch up")
		}
	}
	if a, b := partDump(t, c, to, space, part), partDump(t, c, leader, space, part); a != b || a == "" {
		t.Fatalf("new replica differs from the old leader (%d vs %d bytes)", len(a), len(b))
	}
	var lp *gstorage.GetLeaderPartsResp
	if err := c.client.Admin(ctx, c.nodes[to].addr, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) error {
		lp, err = a.GetLeaderParts(ctx, &gstorage.GetLeaderReq{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range lp.GetLeaderParts()[common.GraphSpaceID(space)] {
		found = found || p == part
	}
	if !found {
		t.Fatalf("getLeaderParts of the new leader: %v", lp.GetLeaderParts())
	}
}

func (c *testCluster) task(ctx context.Context, i int, job int32, space int32, params ...string) *gstorage.AddTaskResp {
	c.t.Helper()
	var resp *gstorage.AddTaskResp
	err := c.client.Admin(ctx, c.nodes[i].addr, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) error {
		var err error
		resp, err = a.AddAdminTask(ctx, &gstorage.AddTaskRequest{JobType: job, Para: &gstorage.TaskPara{SpaceID: common.GraphSpaceID(space), TaskSpecificParas: namesToBytes(params)}})
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.GetCode() != common.ErrorCode_SUCCEEDED {
		c.t.Fatalf("task %d on node %d: %v %s", job, i, resp.GetCode(), resp.GetErrorMsg())
	}
	return resp
}

// TestClusterTasksAndTTL covers the job tasks (stats, index rebuild,
// compaction purging expired rows, flush), TTL visibility, checkpoints and
// write blocking.
func TestClusterTasksAndTTL(t *testing.T) {
	c := newTestCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "tasks", PartNum: 3, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	tagEvent := c.createSchema(space, false, "event", []kvstore.Column{
		{Name: "ts", Type: kvstore.TypeTimestamp},
	}, kvstore.TTL{Col: "ts", Duration: 3600})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	now := time.Now().Unix()
	var vs []NewVertex
	for i := range 30 {
		tags := []NewTag{{Tag: sc.player, Props: []value.Value{str("p"), num(int64(i))}}}
		if i%3 == 0 {
			tags = append(tags, NewTag{Tag: tagEvent, Props: []value.Value{num(now)}})
		}
		vs = append(vs, NewVertex{VID: num(int64(i)), Tags: tags})
	}
	if err := c.client.AddVertices(ctx, space, vs, map[int32][]string{sc.player: {"name", "age"}, tagEvent: {"ts"}}, false, false); err != nil {
		t.Fatal(err)
	}
	var es []NewEdge
	for i := range 20 {
		es = append(es, NewEdge{EdgeKey: EdgeKey{Src: num(int64(i)), Type: sc.like, Dst: num(int64(i + 1))}, Props: []value.Value{num(int64(i))}})
	}
	if err := c.client.AddEdges(ctx, space, es, nil, false, false); err != nil {
		t.Fatal(err)
	}

	stats := &gstorage.StatsItem{TagVertices: map[string]int64{}, Edges: map[string]int64{}}
	for i := range c.nodes {
		st := c.task(ctx, i, jobStats, space).GetStats()
		for k, v := range st.GetTagVertices() {
			stats.TagVertices[k] += v
		}
		for k, v := range st.GetEdges() {
			stats.Edges[k] += v
		}
		stats.SpaceVertices += st.GetSpaceVertices()
		stats.SpaceEdges += st.GetSpaceEdges()
	}
	if stats.SpaceVertices != 30 || stats.TagVertices["player"] != 30 || stats.TagVertices["event"] != 10 ||
		stats.SpaceEdges != 20 || stats.Edges["like"] != 20 || stats.Edges["serve"] != 0 {
		t.Fatalf("stats %+v", stats)
	}

	// A new index is empty until rebuilt. (Its fields differ from
	// player_age's: metad refuses a second index on the same fields.)
	ixTS := c.createIndex(space, "player_age_name", false, "player", sc.player,
		IndexFieldDesc{Name: "age", IndexField: kvstore.IndexField{Type: kvstore.TypeInt64, Nullable: true}},
		IndexFieldDesc{Name: "name", IndexField: kvstore.IndexField{Type: kvstore.TypeString, Len: 4}})
	look := func() int {
		ds, err := c.client.LookupIndex(ctx, space, &gstorage.LookupIndexRequest{
			Indices:       &gstorage.IndexSpec{Contexts: []*gstorage.IndexQueryContext{{IndexID: common.IndexID(ixTS)}}},
			ReturnColumns: namesToBytes([]string{"_vid"}),
		})
		if err != nil {
			t.Fatal(err)
		}
		return len(ds.Rows)
	}
	if n := look(); n != 0 {
		t.Fatalf("unbuilt index has %d entries", n)
	}
	for i := range c.nodes {
		c.task(ctx, i, jobRebuildTagIndex, space, strconv.Itoa(int(ixTS)))
	}
	if n := look(); n != 30 {
		t.Fatalf("rebuilt index has %d entries, want 30", n)
	}

	// Rows past their TTL are invisible, then purged by compaction.
	events := func() int {
		ds, err := c.client.GetVertexProps(ctx, space, []value.Value{num(0), num(3), num(6)},
			&gstorage.GetPropRequest{VertexProps: []*gstorage.VertexProp{{Tag: common.TagID(tagEvent), Props: namesToBytes([]string{"ts"})}}})
		if err != nil {
			t.Fatal(err)
		}
		return len(ds.Rows)
	}
	if n := events(); n != 3 {
		t.Fatalf("%d live events, want 3", n)
	}
	c.skew.Store(int64(2 * time.Hour))
	if n := events(); n != 0 {
		t.Fatalf("%d events visible past their TTL", n)
	}
	for i := range c.nodes {
		c.task(ctx, i, jobCompact, space)
		c.task(ctx, i, jobFlush, space)
	}
	// Followers apply the purge shortly after the leader.
	expiredLeft := func() int {
		n := 0
		for i := range c.nodes {
			sp, _ := c.nodes[i].srv.Store().space(space)
			for _, pt := range sp.parts() {
				it, err := pt.engine.NewIter(kvstore.IterOptions{Prefix: kvstore.PartPrefix(kvstore.KeyTag, uint32(pt.id))})
				if err != nil {
					t.Fatal(err)
				}
				for ok := it.First(); ok; ok = it.Next() {
					if tk, _ := sp.codec.ParseTagKey(it.Key()); tk.Tag == tagEvent {
						n++
					}
				}
				it.Close()
			}
		}
		return n
	}
	for deadline := time.Now().Add(10 * time.Second); expiredLeft() > 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d expired rows left after compaction", expiredLeft())
		}
	}
	c.skew.Store(0)

	// Checkpoints and write blocking.
	var cp *gstorage.CreateCPResp
	if err := c.client.Admin(ctx, c.nodes[0].addr, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) error {
		var err error
		cp, err = a.CreateCheckpoint(ctx, &gstorage.CreateCPRequest{SpaceIds: []common.GraphSpaceID{common.GraphSpaceID(space)}, Name: []byte("snap1")})
		return err
	}); err != nil || cp.GetCode() != common.ErrorCode_SUCCEEDED {
		t.Fatalf("checkpoint: %v %v %s", err, cp.GetCode(), cp.GetErrorMsg())
	}
	if len(cp.GetInfo()) != 2 {
		t.Fatalf("checkpoint of 2 engines gave %d infos", len(cp.GetInfo()))
	}
	nparts := 0
	for _, info := range cp.GetInfo() {
		if _, err := os.Stat(string(info.GetDataPath())); err != nil {
			t.Fatal(err)
		}
		nparts += len(info.GetParts())
	}
	if nparts != 3 {
		t.Fatalf("checkpoint covers %d parts, want 3", nparts)
	}
	block := func(on bool) {
		sign := gstorage.EngineSignType_BLOCK_OFF
		if on {
			sign = gstorage.EngineSignType_BLOCK_ON
		}
		for i := range c.nodes {
			if err := c.client.Admin(ctx, c.nodes[i].addr, func(ctx context.Context, a *gstorage.StorageAdminServiceClient) error {
				_, err := a.BlockingWrites(ctx, &gstorage.BlockingSignRequest{SpaceIds: []common.GraphSpaceID{common.GraphSpaceID(space)}, Sign: sign})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	block(true)
	err := c.client.AddVertices(ctx, space, vs[:1], nil, false, false)
	if !isErr(err, common.ErrorCode_E_RAFT_WRITE_BLOCKED) {
		t.Fatalf("write while blocked: %v", err)
	}
	block(false)
	if err := c.client.AddVertices(ctx, space, vs[:1], map[int32][]string{sc.player: {"name", "age"}, tagEvent: {"ts"}}, false, false); err != nil {
		t.Fatal(err)
	}
}
