package meta

import (
	"net"
	"strconv"
	"testing"
	"time"

	fbthrift "github.com/vesoft-inc/fbthrift/thrift/lib/go/thrift"
	nebula "github.com/vesoft-inc/nebula-go/v3/nebula"
	nmeta "github.com/vesoft-inc/nebula-go/v3/nebula/meta"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// nebulaMetaClient connects NebulaGraph v3.8.0's own generated MetaService
// client (fbthrift, header transport) to addr: the stubs the JVM and
// Python tools' meta clients mirror.
func nebulaMetaClient(t *testing.T, addr string) *nmeta.MetaServiceClient {
	t.Helper()
	sock, err := fbthrift.NewSocket(fbthrift.SocketAddr(addr), fbthrift.SocketTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	trans := fbthrift.NewHeaderTransport(fbthrift.NewBufferedTransportFactory(128 << 10).GetTransport(sock))
	cl := nmeta.NewMetaServiceClientFactory(trans, fbthrift.NewHeaderProtocolFactory())
	if err := cl.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

// TestNebulaMetaClientWire drives the RPCs external tools call through
// nebula-go's v3.8.0 meta stubs: field ids and types must match.
func TestNebulaMetaClientWire(t *testing.T) {
	tc := newCluster(t, 3, nil)
	leader := tc.leader()
	c := tc.client()
	ctx := testCtx(t)
	threeZones(t, c)
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "wire", PartitionNum: 4, ReplicaFactor: 3, VIDType: kvstore.TypeFixedString, VIDLen: 32, Comment: "for tools"}, false)
	if err != nil {
		t.Fatal(err)
	}
	name := Column{Column: kvstore.Column{Name: "name", Type: kvstore.TypeFixedString, FixedLen: 20, Nullable: true, HasDefault: true,
		Default: value.NewString("n/a"), Comment: "who"}, DefaultExpr: `"n/a"`}
	if _, err := c.CreateSchema(ctx, false, space, "player", []Column{name, intCol("age")}, SchemaProps{}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.AlterSchema(ctx, false, space, "player", []AlterItem{{Op: gmeta.AlterSchemaOp_ADD, Columns: []Column{strCol("team")}}}, SchemaProps{}); err != nil {
		t.Fatal(err)
	}
	d, col := int64(3600), "start"
	tsCol := Column{Column: kvstore.Column{Name: "start", Type: kvstore.TypeTimestamp, Nullable: true}}
	if _, err := c.CreateSchema(ctx, true, space, "serve", []Column{tsCol}, SchemaProps{TTLDuration: &d, TTLCol: &col}, false); err != nil {
		t.Fatal(err)
	}

	// A follower answers E_LEADER_CHANGED with the leader's address, which
	// is how nebula-java's MetaClient finds the leader.
	follower := nebulaMetaClient(t, tc.addrs[(leader+1)%3])
	lresp, err := follower.ListSpaces(&nmeta.ListSpacesReq{})
	if err != nil {
		t.Fatal(err)
	}
	if lresp.Code != nebula.ErrorCode_E_LEADER_CHANGED || lresp.Leader == nil ||
		net.JoinHostPort(lresp.Leader.Host, strconv.Itoa(int(lresp.Leader.Port))) != tc.addrs[leader] {
		t.Fatalf("follower answered %v leader %+v, want E_LEADER_CHANGED and %s", lresp.Code, lresp.Leader, tc.addrs[leader])
	}

	m := nebulaMetaClient(t, tc.addrs[leader])
	vresp, err := m.VerifyClientVersion(&nmeta.VerifyClientVersionReq{ClientVersion: []byte("3.0.0"), Host: &nebula.HostAddr{Host: "127.0.0.1", Port: 1}, BuildVersion: []byte("3.8.0")})
	if err != nil || vresp.Code != nebula.ErrorCode_SUCCEEDED {
		t.Fatalf("verifyClientVersion: %+v, %v", vresp, err)
	}
	vresp, err = m.VerifyClientVersion(&nmeta.VerifyClientVersionReq{ClientVersion: []byte("1.0.0"), Host: &nebula.HostAddr{}, BuildVersion: []byte("x")})
	if err != nil || vresp.Code != nebula.ErrorCode_E_CLIENT_SERVER_INCOMPATIBLE ||
		string(vresp.ErrorMsg) != "Meta client version(1.0.0) is not accepted, current meta client white list: 3.8.0:3.0.0." {
		t.Fatalf("old client version: %+v, %v", vresp, err)
	}

	lresp, err = m.ListSpaces(&nmeta.ListSpacesReq{})
	if err != nil || lresp.Code != nebula.ErrorCode_SUCCEEDED || len(lresp.Spaces) != 1 ||
		string(lresp.Spaces[0].Name) != "wire" || lresp.Spaces[0].Id.GetSpaceID() != nebula.GraphSpaceID(space) {
		t.Fatalf("listSpaces: %+v, %v", lresp, err)
	}
	sresp, err := m.GetSpace(&nmeta.GetSpaceReq{SpaceName: []byte("wire")})
	if err != nil || sresp.Code != nebula.ErrorCode_SUCCEEDED {
		t.Fatalf("getSpace: %+v, %v", sresp, err)
	}
	p := sresp.Item.Properties
	if sresp.Item.SpaceID != nebula.GraphSpaceID(space) || string(p.SpaceName) != "wire" || p.PartitionNum != 4 || p.ReplicaFactor != 3 ||
		string(p.CharsetName) != "utf8" || string(p.CollateName) != "utf8_bin" || p.VidType.Type != nebula.PropertyType_FIXED_STRING ||
		p.VidType.TypeLength != 32 || len(p.ZoneNames) != 3 || string(p.Comment) != "for tools" {
		t.Fatalf("getSpace item %+v %+v", sresp.Item, p)
	}
	if sresp, err = m.GetSpace(&nmeta.GetSpaceReq{SpaceName: []byte("nope")}); err != nil || sresp.Code != nebula.ErrorCode_E_SPACE_NOT_FOUND {
		t.Fatalf("getSpace of a missing space: %+v, %v", sresp, err)
	}

	tresp, err := m.ListTags(&nmeta.ListTagsReq{SpaceID: nebula.GraphSpaceID(space)})
	if err != nil || tresp.Code != nebula.ErrorCode_SUCCEEDED || len(tresp.Tags) != 2 {
		t.Fatalf("listTags: %+v, %v", tresp, err)
	}
	newest := tresp.Tags[0]
	if string(newest.TagName) != "player" || newest.Version != 1 || len(newest.Schema.Columns) != 3 {
		t.Fatalf("listTags newest version: %+v", newest)
	}
	nc := newest.Schema.Columns[0]
	if string(nc.Name) != "name" || nc.Type.Type != nebula.PropertyType_FIXED_STRING || nc.Type.GetTypeLength() != 20 ||
		!nc.GetNullable() || string(nc.Comment) != "who" || string(nc.DefaultValue) != `"n/a"` {
		t.Fatalf("column as tools read it: %+v type %+v", nc, nc.Type)
	}
	gresp, err := m.GetTag(&nmeta.GetTagReq{SpaceID: nebula.GraphSpaceID(space), TagName: []byte("player"), Version: -1})
	if err != nil || gresp.Code != nebula.ErrorCode_SUCCEEDED || len(gresp.Schema.Columns) != 3 {
		t.Fatalf("getTag: %+v, %v", gresp, err)
	}
	gresp, err = m.GetTag(&nmeta.GetTagReq{SpaceID: nebula.GraphSpaceID(space), TagName: []byte("player"), Version: 0})
	if err != nil || gresp.Code != nebula.ErrorCode_SUCCEEDED || len(gresp.Schema.Columns) != 2 {
		t.Fatalf("getTag version 0: %+v, %v", gresp, err)
	}
	eresp, err := m.ListEdges(&nmeta.ListEdgesReq{SpaceID: nebula.GraphSpaceID(space)})
	if err != nil || eresp.Code != nebula.ErrorCode_SUCCEEDED || len(eresp.Edges) != 1 || string(eresp.Edges[0].EdgeName) != "serve" {
		t.Fatalf("listEdges: %+v, %v", eresp, err)
	}
	ge, err := m.GetEdge(&nmeta.GetEdgeReq{SpaceID: nebula.GraphSpaceID(space), EdgeName: []byte("serve"), Version: -1})
	if err != nil || ge.Code != nebula.ErrorCode_SUCCEEDED || ge.Schema.SchemaProp.GetTtlDuration() != 3600 || string(ge.Schema.SchemaProp.TtlCol) != "start" {
		t.Fatalf("getEdge: %+v, %v", ge, err)
	}
	if ge, err = m.GetEdge(&nmeta.GetEdgeReq{SpaceID: nebula.GraphSpaceID(space), EdgeName: []byte("nope"), Version: -1}); err != nil || ge.Code != nebula.ErrorCode_E_EDGE_NOT_FOUND {
		t.Fatalf("getEdge of a missing edge: %+v, %v", ge, err)
	}

	presp, err := m.GetPartsAlloc(&nmeta.GetPartsAllocReq{SpaceID: nebula.GraphSpaceID(space)})
	if err != nil || presp.Code != nebula.ErrorCode_SUCCEEDED || len(presp.Parts) != 4 {
		t.Fatalf("getPartsAlloc: %+v, %v", presp, err)
	}
	for part, hosts := range presp.Parts {
		if len(hosts) != 3 || hosts[0].Port != 9779 {
			t.Fatalf("part %d hosts %+v", part, hosts)
		}
	}
	for _, typ := range []nmeta.ListHostType{nmeta.ListHostType_ALLOC, nmeta.ListHostType_STORAGE} {
		hresp, err := m.ListHosts(&nmeta.ListHostsReq{Type: typ})
		if err != nil || hresp.Code != nebula.ErrorCode_SUCCEEDED || len(hresp.Hosts) != 3 {
			t.Fatalf("listHosts %v: %+v, %v", typ, hresp, err)
		}
		h := hresp.Hosts[0]
		if h.HostAddr.Host != "127.0.0.1" || h.HostAddr.Port != 9779 || h.Status != nmeta.HostStatus_ONLINE || h.Role != nmeta.HostRole_STORAGE ||
			string(h.ZoneName) != "z1" || len(h.AllParts["wire"]) != 4 {
			t.Fatalf("listHosts %v host %+v", typ, h)
		}
	}
}
