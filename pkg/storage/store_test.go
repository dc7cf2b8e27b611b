package storage

import (
	"context"
	"errors"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestClusterWriteSemantics: index maintenance within one request,
// concurrent read-modify-writes, dropping a space, and deadlines against an
// unreachable host.
func TestClusterWriteSemantics(t *testing.T) {
	c := newTestCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "sem", PartNum: 3, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ages := func(lo, hi int64) []string {
		t.Helper()
		ds, err := c.client.LookupIndex(ctx, space, &gstorage.LookupIndexRequest{
			Indices: &gstorage.IndexSpec{Contexts: []*gstorage.IndexQueryContext{{IndexID: common.IndexID(sc.ixAge), ColumnHints: []*gstorage.IndexColumnHint{{
				ColumnName: []byte("age"), ScanType: gstorage.ScanType_RANGE,
				BeginValue: value.ToThrift(num(lo)), EndValue: value.ToThrift(num(hi)), IncludeBegin: true,
			}}}}},
			ReturnColumns: namesToBytes([]string{"_vid", "age"}),
		})
		if err != nil {
			t.Fatal(err)
		}
		return rowStrings(ds)
	}

	t.Run("one request writes a vertex twice", func(t *testing.T) {
		v := func(age int64) NewVertex {
			return NewVertex{VID: num(1), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("x"), num(age)}}}}
		}
		if err := c.client.AddVertices(ctx, space, []NewVertex{v(10), v(11)}, nil, false, false); err != nil {
			t.Fatal(err)
		}
		if got := ages(0, 100); len(got) != 1 || got[0] != "[1,11]" {
			t.Fatalf("index after two writes in one request: %v", got)
		}
	})

	t.Run("concurrent updates are atomic", func(t *testing.T) {
		const n = 30
		var wg sync.WaitGroup
		var mu sync.Mutex
		var errs []error
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := c.client.UpdateVertex(ctx, space, num(1), sc.player, []UpdatedProp{{Name: "age", Expr: "player.age + 1"}}, UpdateOptions{})
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		for _, err := range errs {
			t.Fatal(err)
		}
		if got := ages(0, 1000); len(got) != 1 || got[0] != "[1,41]" {
			t.Fatalf("after %d increments of 11: %v", n, got)
		}
	})

	t.Run("upserted edge has both keys", func(t *testing.T) {
		key := EdgeKey{Src: num(2), Type: sc.serve, Rank: 1, Dst: num(3)}
		ds, err := c.client.UpdateEdge(ctx, space, key, []UpdatedProp{{Name: "start_year", Expr: "2000"}},
			UpdateOptions{Insertable: true, Return: []string{"serve.start_year", "serve.end_year"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := rowStrings(ds); len(got) != 1 || got[0] != "[true,2000,NULL]" {
			t.Fatalf("upsert result %v", got)
		}
		spec := &gstorage.TraverseSpec{EdgeTypes: []common.EdgeType{common.EdgeType(-sc.serve)}, VertexProps: []*gstorage.VertexProp{},
			EdgeProps: []*gstorage.EdgeProp{{Type: common.EdgeType(-sc.serve), Props: namesToBytes([]string{"_dst", "start_year"})}}}
		nd, err := c.client.GetNeighbors(ctx, space, []value.Value{num(3)}, spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := rowStrings(nd); len(got) != 1 || got[0] != `[3,__EMPTY__,[[2,2000]],__EMPTY__]` {
			t.Fatalf("in-key after upsert: %v", got)
		}
	})

	t.Run("dropped space goes away", func(t *testing.T) {
		other := c.createSpace(SpaceDesc{Name: "gone", PartNum: 2, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
		dirs := c.nodes[0].srv.Store().Engines(other)
		if len(dirs) != 2 {
			t.Fatalf("%d engines", len(dirs))
		}
		c.dropSpace(other)
		for _, tn := range c.nodes {
			if sp := tn.srv.Store().Spaces(); len(sp) != 1 || sp[0] != space {
				t.Fatalf("spaces after drop: %v", sp)
			}
			if parts := tn.srv.Store().Node().Parts(); len(parts) != 3 {
				t.Fatalf("%d parts after drop", len(parts))
			}
		}
		if _, err := os.Stat(c.nodes[0].dir + "/a/nebula/" + strconv.Itoa(int(other))); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("space directory left: %v", err)
		}
	})

	t.Run("deadline against an unreachable host", func(t *testing.T) {
		m := NewMemMeta()
		m.AddSpace(SpaceDesc{ID: 1, PartNum: 1, VIDType: kvstore.VIDInt64, VIDLen: 8}, map[int32][]string{1: {"127.0.0.1:1"}})
		cl := NewClient(m, ClientOptions{MaxRetries: 1000, Logger: quietLogger()})
		defer cl.Close()
		dctx, dcancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer dcancel()
		start := time.Now()
		_, err := cl.GetNeighbors(dctx, 1, []value.Value{num(1)}, &gstorage.TraverseSpec{})
		var se *Error
		if !errors.As(err, &se) || (se.Code != common.ErrorCode_E_RETRY_EXHAUSTED && se.Code != common.ErrorCode_E_FAIL_TO_CONNECT) {
			t.Fatalf("unreachable host: %v", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("gave up after %v", d)
		}
	})
}
