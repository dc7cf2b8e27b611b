package storage

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
)

// TestMetaClientAdapter checks the MetaClient adapter against a real
// metad, without storaged: the descriptions it derives from the cache,
// the sentinels of unknown names, and the leaders it reports.
func TestMetaClientAdapter(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	idle, err := meta.NewClient(meta.ClientOptions{Addrs: []string{"127.0.0.1:1"}, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	if _, err := (&MetaClient{Client: idle}).Spaces(ctx); !errors.Is(err, errMetaNotReady) {
		t.Fatalf("spaces before the first load: %v", err)
	}

	addr := startMetad(t)
	ddl, _ := startMetaClient(t, addr, gmeta.HostRole_GRAPH, "127.0.0.1:1", nil)
	defer ddl.Close()
	const host = "127.0.0.1:45001"
	if err := ddl.AddHosts(ctx, []string{host}); err != nil {
		t.Fatal(err)
	}
	// A meta client heartbeating as the storaged at host makes it online.
	adapter := &MetaClient{}
	mc, stop := startMetaClient(t, addr, gmeta.HostRole_STORAGE, host, adapter)
	defer func() { stop(); mc.Close() }()
	c := &testCluster{t: t, ddl: ddl, meta: &MetaClient{Client: ddl}}
	c.nodes = []*testNode{{addr: host}}
	c.waitHostsOnline()

	intSpace, err := ddl.CreateSpace(ctx, meta.SpaceSpec{Name: "i", PartitionNum: 3, ReplicaFactor: 1, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	if err != nil {
		t.Fatal(err)
	}
	strSpace, err := ddl.CreateSpace(ctx, meta.SpaceSpec{Name: "s", PartitionNum: 2, ReplicaFactor: 1, VIDType: kvstore.TypeFixedString, VIDLen: 12}, false)
	if err != nil {
		t.Fatal(err)
	}
	sc := c.addSchema(intSpace)
	m := c.meta

	spaces, err := m.Spaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(spaces)
	want := fmt.Sprint([]SpaceDesc{
		{ID: intSpace, Name: "i", PartNum: 3, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8},
		{ID: strSpace, Name: "s", PartNum: 2, ReplicaFactor: 1, VIDType: kvstore.VIDFixedString, VIDLen: 12},
	})
	if got != want {
		t.Fatalf("spaces %s, want %s", got, want)
	}
	alloc, err := m.PartsAlloc(ctx, intSpace)
	if err != nil || len(alloc) != 3 || len(alloc[1]) != 1 || alloc[1][0] != host {
		t.Fatalf("parts %v %v", alloc, err)
	}

	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"space", errOf(m.Space(999)), ErrSpaceNotFound},
		{"parts", errOf(m.PartsAlloc(ctx, 999)), ErrSpaceNotFound},
		{"tag", errOf(m.Tag(intSpace, 999)), ErrTagNotFound},
		{"edge", errOf(m.Edge(intSpace, 999)), ErrEdgeNotFound},
		{"tags of a missing space", errOf(m.Tags(999)), ErrSpaceNotFound},
		{"indexes of a missing space", errOf(m.Indexes(999)), ErrSpaceNotFound},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}

	like, err := m.Edge(intSpace, -sc.like)
	if err != nil || like.Name != "like" || like.ID != sc.like {
		t.Fatalf("edge by negative type: %+v %v", like, err)
	}
	ixs, err := m.Indexes(intSpace)
	if err != nil {
		t.Fatal(err)
	}
	var ixText []string
	for _, ix := range ixs {
		ixText = append(ixText, fmt.Sprintf("%s edge=%v schema=%d %+v", ix.Name, ix.Edge, ix.SchemaID, ix.Fields))
	}
	wantIx := []string{
		fmt.Sprintf("player_age edge=false schema=%d [{Name:age IndexField:{Type:%v Nullable:true Len:0}}]", sc.player, kvstore.TypeInt64),
		fmt.Sprintf("player_name edge=false schema=%d [{Name:name IndexField:{Type:%v Nullable:false Len:8}}]", sc.player, kvstore.TypeFixedString),
		fmt.Sprintf("like_likeness edge=true schema=%d [{Name:likeness IndexField:{Type:%v Nullable:false Len:0}}]", sc.like, kvstore.TypeInt64),
	}
	if fmt.Sprint(ixText) != fmt.Sprint(wantIx) {
		t.Fatalf("indexes\n%q\nwant\n%q", ixText, wantIx)
	}

	// The leaders storaged reports reach metad through the client's
	// heartbeats.
	if err := adapter.Heartbeat(ctx, HostStatus{Addr: host, Leaders: map[int32][]LeaderInfo{intSpace: {{Part: 2, Term: 3}}}}); err != nil {
		t.Fatal(err)
	}
	parts, err := ddl.ListParts(ctx, intSpace, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if want := map[bool]string{true: host}[p.Part == 2]; p.Leader != want {
			t.Errorf("part %d: metad names leader %q, want %q", p.Part, p.Leader, want)
		}
	}
	hosts, err := ddl.ListHosts(ctx, gmeta.ListHostType_STORAGE)
	if err != nil || len(hosts) != 1 {
		t.Fatalf("hosts %v %v", hosts, err)
	}
	if all := fmt.Sprint(hosts[0].AllParts); all != "map[i:[1 2 3] s:[1 2]]" {
		t.Errorf("metad lists the host's parts as %s", all)
	}
}

// errOf returns the error of a two-valued call.
func errOf[T any](_ T, err error) error { return err }
