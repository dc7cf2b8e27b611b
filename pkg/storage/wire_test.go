package storage

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	fbthrift "github.com/vesoft-inc/fbthrift/thrift/lib/go/thrift"
	nebula "github.com/vesoft-inc/nebula-go/v3/nebula"
	nstorage "github.com/vesoft-inc/nebula-go/v3/nebula/storage"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestScanWireCompatibility drives scanVertex and scanEdge with
// NebulaGraph's own generated client (nebula-go v3.8.0 over fbthrift's
// header transport), as the spark connector's reader does: per part, with
// cursor paging, to the part's leader.
func TestScanWireCompatibility(t *testing.T) {
	c := newTestCluster(t, 3)
	const parts = 3
	space := c.createSpace(SpaceDesc{Name: "wire", PartNum: parts, ReplicaFactor: 3, VIDType: kvstore.VIDFixedString, VIDLen: 8})
	sc := c.addSchema(space)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var vs []NewVertex
	var es []NewEdge
	names := []string{"a", "b", "c", "d", "e", "f", "g"}
	for i, n := range names {
		vs = append(vs, NewVertex{VID: str(n), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("P" + n), num(int64(20 + i))}}}})
		es = append(es, NewEdge{EdgeKey: EdgeKey{Src: str(n), Type: sc.like, Dst: str(names[(i+1)%len(names)])}, Props: []value.Value{num(int64(i))}})
	}
	if err := c.client.AddVertices(ctx, space, vs, map[int32][]string{sc.player: {"name", "age"}}, false, false); err != nil {
		t.Fatal(err)
	}
	if err := c.client.AddEdges(ctx, space, es, []string{"likeness"}, false, false); err != nil {
		t.Fatal(err)
	}

	dial := func(addr string) *nstorage.GraphStorageServiceClient {
		sock, err := fbthrift.NewSocket(fbthrift.SocketAddr(addr), fbthrift.SocketTimeout(10*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		trans := fbthrift.NewHeaderTransport(fbthrift.NewBufferedTransportFactory(128 << 10).GetTransport(sock))
		cl := nstorage.NewGraphStorageServiceClientFactory(trans, fbthrift.NewHeaderProtocolFactory())
		if err := trans.Open(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { trans.Close() })
		return cl
	}
	clients := map[string]*nstorage.GraphStorageServiceClient{}
	leaderClient := func(p int32) *nstorage.GraphStorageServiceClient {
		i := c.leaderNode(space, p)
		if i < 0 {
			t.Fatalf("part %d has no leader", p)
		}
		addr := c.nodes[i].addr
		if clients[addr] == nil {
			clients[addr] = dial(addr)
		}
		return clients[addr]
	}
	scan := func(edge bool) ([]string, []string) {
		var rows []string
		var cols []string
		for p := int32(1); p <= parts; p++ {
			var cursor []byte
			for page := 0; ; page++ {
				cur := &nstorage.ScanCursor{NextCursor: cursor}
				var resp *nstorage.ScanResponse
				var err error
				if edge {
					resp, err = leaderClient(p).ScanEdge(&nstorage.ScanEdgeRequest{
						SpaceID: space, Parts: map[nebula.PartitionID]*nstorage.ScanCursor{nebula.PartitionID(p): cur},
						ReturnColumns: []*nstorage.EdgeProp{{Type: sc.like, Props: [][]byte{[]byte("_src"), []byte("_dst"), []byte("likeness")}}},
						Limit:         2,
					})
				} else {
					resp, err = leaderClient(p).ScanVertex(&nstorage.ScanVertexRequest{
						SpaceID: space, Parts: map[nebula.PartitionID]*nstorage.ScanCursor{nebula.PartitionID(p): cur},
						ReturnColumns: []*nstorage.VertexProp{{Tag: sc.player, Props: [][]byte{[]byte("name"), []byte("age")}}},
						Limit:         2,
					})
				}
				if err != nil {
					t.Fatal(err)
				}
				if fp := resp.GetResult_().GetFailedParts(); len(fp) > 0 {
					t.Fatalf("part %d: %v", p, fp[0])
				}
				ds := resp.GetProps()
				cols = nil
				for _, cn := range ds.GetColumnNames() {
					cols = append(cols, string(cn))
				}
				if len(ds.GetRows()) > 2 {
					t.Fatalf("limit 2 gave %d rows", len(ds.GetRows()))
				}
				for _, r := range ds.GetRows() {
					var b []byte
					for _, v := range r.GetValues() {
						switch {
						case v.IsSetSVal():
							b = append(b, v.GetSVal()...)
						case v.IsSetIVal():
							b = append(b, []byte(value.NewInt(v.GetIVal()).String())...)
						}
						b = append(b, ' ')
					}
					rows = append(rows, string(b))
				}
				next, ok := resp.GetCursors()[nebula.PartitionID(p)]
				if !ok {
					t.Fatalf("part %d: no cursor in the answer", p)
				}
				if !next.IsSetNextCursor() {
					break
				}
				cursor = next.GetNextCursor()
				if page > 10 {
					t.Fatal("scan does not end")
				}
			}
		}
		sort.Strings(rows)
		return cols, rows
	}
	cols, rows := scan(false)
	if want := []string{"_vid", "player.name", "player.age"}; !slices.Equal(cols, want) {
		t.Fatalf("vertex columns %v, want %v", cols, want)
	}
	if want := []string{"a Pa 20 ", "b Pb 21 ", "c Pc 22 ", "d Pd 23 ", "e Pe 24 ", "f Pf 25 ", "g Pg 26 "}; !slices.Equal(rows, want) {
		t.Fatalf("vertices %q, want %q", rows, want)
	}
	cols, rows = scan(true)
	if want := []string{"like._src", "like._dst", "like.likeness"}; !slices.Equal(cols, want) {
		t.Fatalf("edge columns %v, want %v", cols, want)
	}
	if want := []string{"a b 0 ", "b c 1 ", "c d 2 ", "d e 3 ", "e f 4 ", "f g 5 ", "g a 6 "}; !slices.Equal(rows, want) {
		t.Fatalf("edges %q, want %q", rows, want)
	}
}
