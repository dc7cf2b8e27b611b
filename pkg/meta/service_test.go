package meta

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// wantErr checks err's message (NebulaGraph's words) and code.
func wantErr(t *testing.T, what string, err error, msg string) {
	t.Helper()
	switch {
	case msg == "" && err != nil:
		t.Fatalf("%s: %v", what, err)
	case msg != "" && err == nil:
		t.Fatalf("%s succeeded, want %q", what, msg)
	case msg != "" && err.Error() != msg:
		t.Fatalf("%s: %q, want %q", what, err.Error(), msg)
	}
}

func strCol(name string) Column {
	return Column{Column: kvstore.Column{Name: name, Type: kvstore.TypeString, Nullable: true}}
}

func intCol(name string) Column {
	return Column{Column: kvstore.Column{Name: name, Type: kvstore.TypeInt64, Nullable: true}}
}

func TestServiceSchemaAndIndexes(t *testing.T) {
	tc := newCluster(t, 1, nil)
	c := tc.client()
	ctx := testCtx(t)
	registerStorage(t, c, []string{"127.0.0.1:9779"}, nil)

	_, err := c.CreateSpace(ctx, SpaceSpec{Name: "bad", VIDType: kvstore.TypeInt64, VIDLen: 4}, false)
	wantErr(t, "INT64 vid of 4 bytes", err, "Invalid param!")
	_, err = c.CreateSpace(ctx, SpaceSpec{Name: "s", ReplicaFactor: 3, VIDType: kvstore.TypeFixedString, VIDLen: 8}, false)
	wantErr(t, "rf 3 on one host", err, "Host not enough!")
	_, err = c.CreateSpace(ctx, SpaceSpec{Name: "s", VIDType: kvstore.TypeFixedString, VIDLen: 8, Zones: []string{"nope"}}, false)
	wantErr(t, "unknown zone", err, "Zone not existed!")
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "s", VIDType: kvstore.TypeFixedString, VIDLen: 8}, false)
	wantErr(t, "create space", err, "")
	sp, err := c.SpaceByName("s")
	wantErr(t, "cached space", err, "")
	if sp.ID != space || sp.PartitionNum != 100 || sp.ReplicaFactor != 1 || sp.Charset != "utf8" || sp.Collate != "utf8_bin" ||
		len(sp.Zones) != 1 || sp.VIDLen != 8 {
		t.Fatalf("space %+v: want metad's defaults filled in", sp)
	}
	_, err = c.CreateSpace(ctx, SpaceSpec{Name: "s", VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	wantErr(t, "create again", err, "Existed!")
	again, err := c.CreateSpace(ctx, SpaceSpec{Name: "s", VIDType: kvstore.TypeInt64, VIDLen: 8}, true)
	if err != nil || again != space {
		t.Fatalf("IF NOT EXISTS: %d, %v; want %d", again, err, space)
	}
	_, err = c.SpaceByName("nope")
	wantErr(t, "missing space", err, "SpaceNotFound: SpaceName `nope`")

	tag, err := c.CreateSchema(ctx, false, space, "person", []Column{strCol("name"), intCol("age")}, SchemaProps{}, false)
	wantErr(t, "create tag", err, "")
	_, err = c.CreateSchema(ctx, false, space, "person", nil, SchemaProps{}, false)
	wantErr(t, "create tag again", err, "Existed!")
	if id, err := c.CreateSchema(ctx, false, space, "person", nil, SchemaProps{}, true); err != nil || id != tag {
		t.Fatalf("IF NOT EXISTS tag: %d, %v", id, err)
	}
	_, err = c.CreateSchema(ctx, true, space, "person", nil, SchemaProps{}, false)
	if CodeOf(err) != common.ErrorCode_E_CONFLICT {
		t.Fatalf("edge named like a tag: %v, want E_CONFLICT", err)
	}
	like, err := c.CreateSchema(ctx, true, space, "like", []Column{intCol("likeness")}, SchemaProps{}, false)
	wantErr(t, "create edge", err, "")
	if like == tag {
		t.Fatal("tag and edge type share an id")
	}
	bad := strCol("x")
	bad.HasDefault, bad.Default, bad.DefaultExpr = true, value.NewInt(10), "10"
	_, err = c.CreateSchema(ctx, true, space, "e2", []Column{bad}, SchemaProps{}, false)
	wantErr(t, "string column with int default", err, "Invalid param!")
	_, err = c.TagByName(space, "nope")
	wantErr(t, "missing tag", err, "TagNotFound: TagName `nope`")
	_, err = c.GetSchema(ctx, false, space, "nope", -1)
	wantErr(t, "describe missing tag", err, "TagNotFound: Tag not existed!")
	_, err = c.GetSchema(ctx, true, space, "nope", -1)
	wantErr(t, "describe missing edge", err, "EdgeNotFound: Edge not existed!")

	// ALTER: versions, history.
	err = c.AlterSchema(ctx, false, space, "person", []AlterItem{
		{Op: gmeta.AlterSchemaOp_ADD, Columns: []Column{strCol("email")}},
		{Op: gmeta.AlterSchemaOp_DROP, Columns: []Column{intCol("age")}},
	}, SchemaProps{})
	wantErr(t, "alter tag", err, "")
	err = c.AlterSchema(ctx, false, space, "person", []AlterItem{{Op: gmeta.AlterSchemaOp_DROP, Columns: []Column{intCol("age")}}}, SchemaProps{})
	wantErr(t, "drop a dropped column", err, "Tag prop not existed!")
	err = c.AlterSchema(ctx, false, space, "person", []AlterItem{{Op: gmeta.AlterSchemaOp_ADD, Columns: []Column{intCol("age")}}}, SchemaProps{})
	wantErr(t, "add a column back", err, "Schema exisited before!")
	s, err := c.TagByName(space, "person")
	wantErr(t, "cached tag", err, "")
	if len(s.Versions) != 2 || s.Latest().Version != 1 || len(s.Latest().Columns) != 2 || s.Latest().Columns[1].Name != "email" {
		t.Fatalf("after ALTER: %+v", s.Versions)
	}
	v0, err := c.GetSchema(ctx, false, space, "person", 0)
	if err != nil || len(v0.Columns) != 2 || v0.Columns[1].Name != "age" {
		t.Fatalf("version 0: %+v, %v", v0, err)
	}
	all, err := c.ListSchemas(ctx, false, space)
	if err != nil || len(all) != 1 || len(all[0].Versions) != 2 {
		t.Fatalf("list tags: %+v, %v", all, err)
	}

	// Indexes.
	_, err = c.CreateIndex(ctx, false, IndexSpec{Space: space, Name: "i0", Schema: "person", Fields: []IndexFieldSpec{{Name: "age"}}})
	wantErr(t, "index on a dropped column", err, "Key not existed!")
	_, err = c.CreateIndex(ctx, false, IndexSpec{Space: space, Name: "i0", Schema: "person", Fields: []IndexFieldSpec{{Name: "name"}}})
	wantErr(t, "string index without length", err, "Invalid param!")
	_, err = c.CreateIndex(ctx, false, IndexSpec{Space: space, Name: "i0", Schema: "nope", Fields: nil})
	wantErr(t, "index on a missing tag", err, "TagNotFound: Tag not existed!")
	ix, err := c.CreateIndex(ctx, false, IndexSpec{Space: space, Name: "i1", Schema: "person", Fields: []IndexFieldSpec{{Name: "name", PrefixLen: 10}}})
	wantErr(t, "create index", err, "")
	_, err = c.CreateIndex(ctx, false, IndexSpec{Space: space, Name: "i2", Schema: "person", Fields: []IndexFieldSpec{{Name: "name", PrefixLen: 20}}})
	wantErr(t, "same fields", err, "Existed!")
	if id, err := c.CreateIndex(ctx, false, IndexSpec{Space: space, Name: "i1", Schema: "person", IfNotExists: true}); err != nil || id != ix {
		t.Fatalf("IF NOT EXISTS index: %d, %v", id, err)
	}
	got, err := c.IndexByName(space, "i1")
	if err != nil || got.ID != ix || got.Edge || got.SchemaID != tag || got.Fields[0].Type != kvstore.TypeFixedString || got.Fields[0].Len != 10 {
		t.Fatalf("cached index %+v, %v", got, err)
	}
	if _, err := c.GetIndex(ctx, true, space, "i1"); CodeOf(err) != common.ErrorCode_E_INDEX_NOT_FOUND {
		t.Fatalf("tag index read as an edge index: %v", err)
	}
	err = c.AlterSchema(ctx, false, space, "person", []AlterItem{{Op: gmeta.AlterSchemaOp_DROP, Columns: []Column{strCol("name")}}}, SchemaProps{})
	if CodeOf(err) != common.ErrorCode_E_CONFLICT {
		t.Fatalf("drop an indexed column: %v, want E_CONFLICT", err)
	}
	err = c.DropSchema(ctx, false, space, "person", false)
	wantErr(t, "drop an indexed tag", err, "Related index exists, please drop index first")
	wantErr(t, "drop index", c.DropIndex(ctx, false, space, "i1", false), "")
	wantErr(t, "drop it again", c.DropIndex(ctx, false, space, "i1", false), "IndexNotFound: Index not existed!")
	wantErr(t, "drop it again, if exists", c.DropIndex(ctx, false, space, "i1", true), "")
	wantErr(t, "drop tag", c.DropSchema(ctx, false, space, "person", false), "")
	wantErr(t, "drop tag again", c.DropSchema(ctx, false, space, "person", false), "TagNotFound: Tag not existed!")
	if _, err := c.TagByName(space, "person"); err == nil {
		t.Fatal("dropped tag still cached")
	}

	// CREATE SPACE ... AS copies schemas and indexes.
	if _, err := c.CreateIndex(ctx, true, IndexSpec{Space: space, Name: "li", Schema: "like", Fields: []IndexFieldSpec{{Name: "likeness"}}}); err != nil {
		t.Fatal(err)
	}
	copyID, err := c.CreateSpaceAs(ctx, "s", "s2")
	wantErr(t, "create space as", err, "")
	if e, err := c.EdgeByName(copyID, "like"); err != nil || e.ID != like {
		t.Fatalf("copied edge %+v, %v", e, err)
	}
	if ix, err := c.IndexByName(copyID, "li"); err != nil || !ix.Edge {
		t.Fatalf("copied index %+v, %v", ix, err)
	}
	if parts, _ := c.Parts(copyID); len(parts) != 100 {
		t.Fatalf("copied space has %d parts", len(parts))
	}
	wantErr(t, "drop space", c.DropSpace(ctx, "s2", false), "")
	wantErr(t, "drop space again", c.DropSpace(ctx, "s2", false), "SpaceNotFound: Space not existed!")
	wantErr(t, "drop space if exists", c.DropSpace(ctx, "s2", true), "")
}

func TestServiceUsersAndRoles(t *testing.T) {
	tc := newCluster(t, 1, nil)
	c := tc.client()
	ctx := testCtx(t)
	registerStorage(t, c, []string{"127.0.0.1:9779"}, nil)
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "nba", PartitionNum: 1, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	wantErr(t, "create space", err, "")

	wantErr(t, "root's default password", c.Authenticate(ctx, RootUser, RootPassword), "")
	wantErr(t, "wrong password", c.Authenticate(ctx, RootUser, "x"), "Invalid password")
	wantErr(t, "unknown user", c.Authenticate(ctx, "nobody", "x"), "User not exist")
	if roles := c.UserRoles(RootUser); len(roles) != 1 || roles[0].Type != gmeta.RoleType_GOD {
		t.Fatalf("root roles %+v, want GOD", roles)
	}

	wantErr(t, "create user", c.CreateUser(ctx, "u1", "pwd1", false), "")
	wantErr(t, "create it again", c.CreateUser(ctx, "u1", "pwd1", false), "Existed!")
	wantErr(t, "if not exists", c.CreateUser(ctx, "u1", "other", true), "")
	wantErr(t, "u1 logs in", c.Authenticate(ctx, "u1", "pwd1"), "")
	wantErr(t, "change with a wrong old password", c.ChangePassword(ctx, "u1", "bad", "pwd2"), "Invalid password!")
	wantErr(t, "change password", c.ChangePassword(ctx, "u1", "pwd1", "pwd2"), "")
	wantErr(t, "old password", c.Authenticate(ctx, "u1", "pwd1"), "Invalid password")
	wantErr(t, "new password", c.Authenticate(ctx, "u1", "pwd2"), "")
	wantErr(t, "alter missing user", c.AlterUser(ctx, "nobody", "x"), "User not existed!")
	wantErr(t, "change root's password", c.ChangePassword(ctx, RootUser, RootPassword, "s3cret"), "")
	wantErr(t, "root with the old default", c.Authenticate(ctx, RootUser, RootPassword), "Invalid password")
	wantErr(t, "root with the new password", c.Authenticate(ctx, RootUser, "s3cret"), "")

	wantErr(t, "grant", c.GrantRole(ctx, "u1", space, gmeta.RoleType_DBA), "")
	wantErr(t, "grant to nobody", c.GrantRole(ctx, "nobody", space, gmeta.RoleType_DBA), "User not existed!")
	if err := c.GrantRole(ctx, "u1", 999, gmeta.RoleType_DBA); CodeOf(err) != common.ErrorCode_E_SPACE_NOT_FOUND {
		t.Fatalf("grant in a missing space: %v", err)
	}
	wantErr(t, "grant GOD", c.GrantRole(ctx, "u1", space, gmeta.RoleType_GOD), "Improper role!")
	wantErr(t, "revoke another role", c.RevokeRole(ctx, "u1", space, gmeta.RoleType_ADMIN), "Improper role!")
	roles, err := c.ListRoles(ctx, space)
	if err != nil || len(roles) != 1 || roles[0].User != "u1" || roles[0].Type != gmeta.RoleType_DBA {
		t.Fatalf("roles in nba: %+v, %v", roles, err)
	}
	wantErr(t, "revoke", c.RevokeRole(ctx, "u1", space, gmeta.RoleType_DBA), "")
	wantErr(t, "revoke again", c.RevokeRole(ctx, "u1", space, gmeta.RoleType_DBA), "Role not existed!")
	wantErr(t, "grant again", c.GrantRole(ctx, "u1", space, gmeta.RoleType_GUEST), "")
	if roles, err := c.GetUserRoles(ctx, "u1"); err != nil || len(roles) != 1 || roles[0].Type != gmeta.RoleType_GUEST {
		t.Fatalf("u1 roles %+v, %v", roles, err)
	}
	wantErr(t, "drop space", c.DropSpace(ctx, "nba", false), "")
	if roles, _ := c.GetUserRoles(ctx, "u1"); len(roles) != 0 {
		t.Fatalf("roles outlived their space: %+v", roles)
	}
	wantErr(t, "drop user", c.DropUser(ctx, "u1", false), "")
	wantErr(t, "drop user again", c.DropUser(ctx, "u1", false), "User not existed!")
	wantErr(t, "drop user if exists", c.DropUser(ctx, "u1", true), "")
	if users, err := c.ListUsers(ctx); err != nil || len(users) != 1 || users[0] != RootUser {
		t.Fatalf("users %v, %v", users, err)
	}
}

func TestServiceHostsSessionsAndRecords(t *testing.T) {
	var skew atomic.Int64
	tc := newCluster(t, 1, func(cfg *Config) {
		cfg.HeartbeatInterval = time.Second
		cfg.SessionIdleTimeout = time.Hour
	})
	tc.deps.Now = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	tc.stop(0)
	tc.start(0)
	c := tc.client()
	ctx := testCtx(t)

	// A storaged is refused until ADD HOSTS.
	st := newTestClient(t, ClientOptions{Role: gmeta.HostRole_STORAGE, LocalHost: "127.0.0.1:9779"}, tc.addrs)
	wantErr(t, "unregistered storaged", st.Heartbeat(ctx), "Machine not existed!")
	wantErr(t, "add host", c.AddHostsIntoZone(ctx, []string{"127.0.0.1:9779"}, "z1", true), "")
	wantErr(t, "add it again", c.AddHosts(ctx, []string{"127.0.0.1:9779"}), "Existed!")
	wantErr(t, "old zone as new", c.AddHostsIntoZone(ctx, []string{"127.0.0.1:9780"}, "z1", true), "Existed!")
	wantErr(t, "missing zone", c.AddHostsIntoZone(ctx, []string{"127.0.0.1:9780"}, "z9", false), "Zone not existed!")
	wantErr(t, "registered storaged", st.Heartbeat(ctx), "")
	graph := newTestClient(t, ClientOptions{Role: gmeta.HostRole_GRAPH, LocalHost: "127.0.0.1:9669"}, tc.addrs)
	wantErr(t, "graphd heartbeat", graph.Heartbeat(ctx), "")
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "s", PartitionNum: 3, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	wantErr(t, "create space", err, "")

	st.opts.Report = func() HeartbeatReport {
		return HeartbeatReport{Leaders: map[int32][]LeaderTerm{space: {{Part: 1, Term: 3}, {Part: 2, Term: 3}}}, Parts: map[int32][]int32{space: {1, 2, 3}}}
	}
	wantErr(t, "heartbeat with leaders", st.Heartbeat(ctx), "")
	wantErr(t, "refresh", c.Refresh(ctx), "")
	if l, ok := c.PartLeader(space, 1); !ok || l != "127.0.0.1:9779" {
		t.Fatalf("leader of part 1: %q %v", l, ok)
	}
	c.UpdateLeader(space, 3, "127.0.0.1:1")
	if l, _ := c.PartLeader(space, 3); l != "127.0.0.1:1" {
		t.Fatalf("leader learned from storage: %q", l)
	}
	hosts, err := c.ListHosts(ctx, gmeta.ListHostType_ALLOC)
	if err != nil || len(hosts) != 1 || !hosts[0].Online || hosts[0].Zone != "z1" ||
		len(hosts[0].AllParts["s"]) != 3 || len(hosts[0].LeaderParts["s"]) != 2 {
		t.Fatalf("storage hosts %+v, %v", hosts, err)
	}
	for _, typ := range []gmeta.ListHostType{gmeta.ListHostType_GRAPH, gmeta.ListHostType_META} {
		deadline := time.Now().Add(5 * time.Second)
		for {
			hs, err := c.ListHosts(ctx, typ)
			if err == nil && len(hs) == 1 && hs[0].Online && hs[0].GitInfoSHA != "" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%v hosts: %+v, %v", typ, hs, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	parts, err := c.ListParts(ctx, space, nil)
	if err != nil || len(parts) != 3 || parts[0].Leader != "127.0.0.1:9779" || len(parts[2].Losts) != 0 {
		t.Fatalf("parts %+v, %v", parts, err)
	}
	wantErr(t, "drop a host with parts", c.DropHosts(ctx, []string{"127.0.0.1:9779"}), "Conflict!")
	wantErr(t, "drop a zone with parts", c.DropZone(ctx, "z1"), "Not allowed to drop!")
	wantErr(t, "rename zone", c.RenameZone(ctx, "z1", "zone_a"), "")
	if sp, _ := c.GetSpace(ctx, "s"); len(sp.Zones) != 1 || sp.Zones[0] != "zone_a" {
		t.Fatalf("space zones after rename: %+v", sp.Zones)
	}
	if hs, err := c.GetZone(ctx, "zone_a"); err != nil || len(hs) != 1 {
		t.Fatalf("zone_a: %v, %v", hs, err)
	}

	// Sessions, as another graphd sees them.
	s, err := c.CreateSession(ctx, RootUser, "10.0.0.9")
	wantErr(t, "create session", err, "")
	other := tc.client()
	got, err := other.GetSession(ctx, s.ID)
	if err != nil || got.User != RootUser || got.ClientIP != "10.0.0.9" || got.GraphAddr != c.opts.LocalHost {
		t.Fatalf("session from another client: %+v, %v", got, err)
	}
	got.SpaceID, got.SpaceName, got.Updated = space, "s", got.Updated.Add(time.Second)
	got.Queries = map[int64]Query{7: {Start: time.Now(), Status: gmeta.QueryStatus_RUNNING, Text: "GO FROM 1 OVER e"}}
	if _, err := other.UpdateSessions(ctx, []*Session{got}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "kill a missing query", c.KillQueries(ctx, map[int64][]int64{s.ID: {8}}), "Unknown error -2073!")
	wantErr(t, "kill query", c.KillQueries(ctx, map[int64][]int64{s.ID: {7}}), "")
	got.Updated = got.Updated.Add(time.Second)
	killed, err := other.UpdateSessions(ctx, []*Session{got})
	if err != nil || len(killed[s.ID]) != 1 || killed[s.ID][0] != 7 {
		t.Fatalf("killed queries %v, %v", killed, err)
	}
	all, err := c.ListSessions(ctx)
	if err != nil || len(all) != 1 || all[0].SpaceName != "s" || all[0].Queries[7].Status != gmeta.QueryStatus_KILLING {
		t.Fatalf("sessions %+v, %v", all, err)
	}
	removed, err := c.RemoveSessions(ctx, s.ID, 12345)
	if err != nil || len(removed) != 1 || removed[0] != s.ID {
		t.Fatalf("removed %v, %v", removed, err)
	}
	_, err = tc.client().GetSession(ctx, s.ID)
	wantErr(t, "removed session", err, "Session not existed!")

	// Configs and snapshots (jobs: job_test.go).
	wantErr(t, "reg config", c.RegConfig(ctx, []*gmeta.ConfigItem{
		{ConfigModule: gmeta.ConfigModule_GRAPH, Name: []byte("slow_query_threshold_us"), Mode: gmeta.ConfigMode_MUTABLE, Value: value.ToThrift(value.NewInt(200000))},
		{ConfigModule: gmeta.ConfigModule_STORAGE, Name: []byte("wal_ttl"), Mode: gmeta.ConfigMode_IMMUTABLE, Value: value.ToThrift(value.NewInt(14400))},
	}), "")
	wantErr(t, "set config", c.SetConfig(ctx, gmeta.ConfigModule_GRAPH, "slow_query_threshold_us", value.NewInt(5)), "")
	wantErr(t, "set immutable", c.SetConfig(ctx, gmeta.ConfigModule_STORAGE, "wal_ttl", value.NewInt(5)), "Config immutable!")
	wantErr(t, "set unknown", c.SetConfig(ctx, gmeta.ConfigModule_GRAPH, "nope", value.NewInt(5)), "Conf not existed!")
	if items, err := c.GetConfig(ctx, gmeta.ConfigModule_ALL, "slow_query_threshold_us"); err != nil || len(items) != 1 || items[0].Value.GetIVal() != 5 {
		t.Fatalf("get config %+v, %v", items, err)
	}
	if items, err := c.ListConfigs(ctx, gmeta.ConfigModule_ALL); err != nil || len(items) != 2 {
		t.Fatalf("list configs %+v, %v", items, err)
	}
	// The storaged is only a heartbeat: its checkpoint fails, and the
	// snapshot stays INVALID until dropped.
	wantErr(t, "create snapshot", c.CreateSnapshot(ctx), "Snapshot failure!")
	snaps, err := c.ListSnapshots(ctx)
	if err != nil || len(snaps) != 1 || string(snaps[0].Hosts) != "127.0.0.1:9779" || snaps[0].Status != gmeta.SnapshotStatus_INVALID {
		t.Fatalf("snapshots %+v, %v", snaps, err)
	}
	wantErr(t, "drop missing snapshot", c.DropSnapshots(ctx, "nope"), "Snapshot not found!")
	wantErr(t, "drop snapshot", c.DropSnapshots(ctx, string(snaps[0].Name)), "")

	// Time passes: hosts that stopped heartbeating go OFFLINE, idle
	// sessions go away.
	s2, err := c.CreateSession(ctx, RootUser, "10.0.0.9")
	wantErr(t, "create session", err, "")
	skew.Store(int64(2 * time.Hour))
	hosts, err = c.ListHosts(ctx, gmeta.ListHostType_STORAGE)
	if err != nil || len(hosts) != 1 || hosts[0].Online {
		t.Fatalf("storage host after missed heartbeats: %+v, %v", hosts, err)
	}
	wantErr(t, "heartbeat again", st.Heartbeat(ctx), "")
	if hosts, _ = c.ListHosts(ctx, gmeta.ListHostType_STORAGE); !hosts[0].Online {
		t.Fatal("host still OFFLINE after a heartbeat")
	}
	if n, err := tc.nodes[0].srv.svc.reclaimSessions(ctx); err != nil || n != 1 {
		t.Fatalf("reclaimed %d sessions, %v; want 1", n, err)
	}
	if _, err := tc.client().GetSession(ctx, s2.ID); CodeOf(err) != common.ErrorCode_E_SESSION_NOT_FOUND {
		t.Fatalf("idle session: %v", err)
	}
}
