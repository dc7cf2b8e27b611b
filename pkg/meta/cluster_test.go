package meta

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// threeZones registers one storage host in each of three zones.
func threeZones(t *testing.T, c *Client) {
	t.Helper()
	registerStorage(t, c, []string{"127.0.0.1:9779", "127.0.0.2:9779", "127.0.0.3:9779"}, []string{"z1", "z2", "z3"})
}

// TestClusterDDLVisibleFromEveryReplica: DDL issued through one replica is
// seen by clients that know only one other replica each (they follow the
// leader), by a running cache within 2 s, and in every replica's state.
func TestClusterDDLVisibleFromEveryReplica(t *testing.T) {
	tc := newCluster(t, 3, nil)
	leader := tc.leader()
	ctx := testCtx(t)
	var clients []*Client
	for _, a := range tc.addrs {
		clients = append(clients, tc.client(a))
	}
	writer := clients[(leader+1)%3] // knows only a follower
	threeZones(t, writer)

	// A graphd-like client whose cache runs on its own.
	watcher := newTestClient(t, ClientOptions{Addrs: []string{tc.addrs[(leader+2)%3]}, Role: gmeta.HostRole_GRAPH, HeartbeatInterval: time.Hour}, nil)
	runCtx, stopRun := context.WithCancel(context.Background())
	running := make(chan struct{})
	go func() { defer close(running); watcher.Run(runCtx) }()
	defer func() { stopRun(); <-running }()

	space, err := writer.CreateSpace(ctx, SpaceSpec{Name: "nba", PartitionNum: 10, ReplicaFactor: 3, VIDType: kvstore.TypeFixedString, VIDLen: 16}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writer.CreateSchema(ctx, false, space, "player", []Column{strCol("name"), intCol("age")}, SchemaProps{}, false); err != nil {
		t.Fatal(err)
	}
	created := time.Now()
	for {
		if _, err := watcher.TagByName(space, "player"); err == nil {
			break
		}
		if time.Since(created) > 2*time.Second {
			t.Fatal("new tag not in a running cache 2 s after CREATE returned")
		}
		time.Sleep(10 * time.Millisecond)
	}

	for i, c := range clients {
		if err := c.Refresh(ctx); err != nil {
			t.Fatalf("client of replica %d: %v", i, err)
		}
		tag, err := c.TagByName(space, "player")
		if err != nil || len(tag.Latest().Columns) != 2 {
			t.Fatalf("client of replica %d: tag %+v, %v", i, tag, err)
		}
		parts, err := c.Parts(space)
		if err != nil || len(parts) != 10 {
			t.Fatalf("client of replica %d: parts %v, %v", i, parts, err)
		}
		for p, hosts := range parts {
			if len(hosts) != 3 || hosts[0] == hosts[1] || hosts[1] == hosts[2] || hosts[0] == hosts[2] {
				t.Fatalf("part %d replicas %v: want one in each zone", p, hosts)
			}
		}
	}

	// Every replica applied the same commands into its own state.
	want := tc.raftNode(leader).fsm.applied.Load()
	deadline := time.Now().Add(5 * time.Second)
	for i := range tc.nodes {
		f := tc.raftNode(i).fsm
		for f.applied.Load() < want {
			if time.Now().After(deadline) {
				t.Fatalf("replica %d applied %d, leader %d", i, f.applied.Load(), want)
			}
			time.Sleep(10 * time.Millisecond)
		}
		v := view{st: readerStore{tc.raftNode(i).state}}
		if _, err := v.schemaID(false, common.GraphSpaceID(space), "player"); err != nil {
			t.Fatalf("replica %d state lacks the tag: %v", i, err)
		}
	}
}

// TestClusterFailover kills the leader: another replica takes over and DDL
// works again within 5 s; the old leader rejoins as a follower and catches
// up.
func TestClusterFailover(t *testing.T) {
	tc := newCluster(t, 3, nil)
	leader := tc.leader()
	c := tc.client()
	ctx := testCtx(t)
	if err := c.CreateUser(ctx, "before", "p", false); err != nil {
		t.Fatal(err)
	}

	tc.stop(leader)
	killed := time.Now()
	for i := 0; ; i++ {
		attempt, cancel := context.WithTimeout(ctx, time.Second)
		err := c.CreateUser(attempt, fmt.Sprintf("after%d", i), "p", false)
		cancel()
		if err == nil {
			break
		}
		if time.Since(killed) > 5*time.Second {
			t.Fatalf("no DDL within 5 s of killing the leader: %v", err)
		}
	}
	t.Logf("DDL served again %v after the leader died", time.Since(killed).Round(time.Millisecond))
	next := tc.leader()
	if next == leader {
		t.Fatal("the stopped replica is leader")
	}

	tc.start(leader)
	if err := c.CreateUser(ctx, "later", "p", false); err != nil {
		t.Fatal(err)
	}
	want := tc.raftNode(next).fsm.applied.Load()
	deadline := time.Now().Add(5 * time.Second)
	for f := tc.raftNode(leader).fsm; f.applied.Load() < want; {
		if time.Now().After(deadline) {
			t.Fatalf("restarted replica applied %d, leader %d", f.applied.Load(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	v := view{st: readerStore{tc.raftNode(leader).state}}
	for _, u := range []string{"before", "later"} {
		if _, err := v.user(u); err != nil {
			t.Fatalf("restarted replica lacks user %s: %v", u, err)
		}
	}
}

// TestClusterRestartKeepsEverything stops all three replicas and starts
// them again: spaces, schemas (every version), users and sessions survive.
func TestClusterRestartKeepsEverything(t *testing.T) {
	tc := newCluster(t, 3, func(cfg *Config) {
		// Snapshot and compact the log often, so restarts also go through
		// snapshot restore.
		cfg.Raft.SnapshotThreshold = 8
		cfg.Raft.TrailingLogs = 4
		cfg.Raft.SnapshotInterval = 50 * time.Millisecond
	})
	tc.leader()
	c := tc.client()
	ctx := testCtx(t)
	threeZones(t, c)
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "kept", PartitionNum: 3, ReplicaFactor: 3, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSchema(ctx, true, space, "follow", []Column{intCol("degree")}, SchemaProps{}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.AlterSchema(ctx, true, space, "follow", []AlterItem{{Op: gmeta.AlterSchemaOp_ADD, Columns: []Column{strCol("since")}}}, SchemaProps{}); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateUser(ctx, "u", "pw", false); err != nil {
		t.Fatal(err)
	}
	if err := c.GrantRole(ctx, "u", space, gmeta.RoleType_ADMIN); err != nil {
		t.Fatal(err)
	}
	if err := c.ChangePassword(ctx, RootUser, RootPassword, "changed"); err != nil {
		t.Fatal(err)
	}
	sess, err := c.CreateSession(ctx, "u", "10.1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let snapshots happen

	for i := range tc.nodes {
		tc.stop(i)
	}
	for i := range tc.nodes {
		tc.start(i)
	}
	tc.leader()

	fresh := tc.client()
	if err := fresh.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	sp, err := fresh.SpaceByName("kept")
	if err != nil || sp.ID != space || sp.ReplicaFactor != 3 {
		t.Fatalf("space after restart: %+v, %v", sp, err)
	}
	e, err := fresh.EdgeByName(space, "follow")
	if err != nil || len(e.Versions) != 2 || e.Latest().Columns[1].Name != "since" {
		t.Fatalf("edge after restart: %+v, %v", e, err)
	}
	if err := fresh.Authenticate(ctx, "u", "pw"); err != nil {
		t.Fatalf("user after restart: %v", err)
	}
	if err := fresh.Authenticate(ctx, RootUser, "changed"); err != nil {
		t.Fatalf("root's changed password after restart: %v", err)
	}
	if roles := fresh.UserRoles("u"); len(roles) != 1 || roles[0].Type != gmeta.RoleType_ADMIN {
		t.Fatalf("roles after restart: %+v", roles)
	}
	got, err := fresh.GetSession(ctx, sess.ID)
	if err != nil || got.User != "u" || got.ClientIP != "10.1.1.1" {
		t.Fatalf("session after restart: %+v, %v", got, err)
	}
	// And the cluster still takes writes.
	if _, err := fresh.CreateSchema(ctx, false, space, "t", nil, SchemaProps{}, false); err != nil {
		t.Fatal(err)
	}
}
