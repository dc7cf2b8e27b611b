package storage

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// latencies collects per-operation durations and reports p50/p99.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B, elapsed time.Duration, unit string) {
	slices.Sort(l.d)
	if len(l.d) == 0 {
		return
	}
	p := func(q float64) float64 { return float64(l.d[int(q*float64(len(l.d)-1))].Microseconds()) }
	b.ReportMetric(p(0.50), "p50-µs")
	b.ReportMetric(p(0.99), "p99-µs")
	b.ReportMetric(float64(len(l.d))/elapsed.Seconds(), unit+"/s")
}

// BenchmarkGetNeighbors1000 expands 1,000 vertices of degree 10 (out-edges)
// in one client call over loopback against a 3-node, 10-part space with
// replica factor 3, on a real metad (the storage client reads partition
// maps and schemas from a meta client's cache, as graphd's does).
func BenchmarkGetNeighbors1000(b *testing.B) {
	c := newTestCluster(b, 3)
	space := c.createSpace(SpaceDesc{Name: "bench", PartNum: 10, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx := context.Background()
	g := bulkGraph{V: 1000, E: 10000, sc: sc}
	g.insert(b, ctx, c.client, space)
	vids := make([]value.Value, g.V)
	for i := range vids {
		vids[i] = num(int64(i))
	}
	spec := &gstorage.TraverseSpec{
		EdgeTypes:   []common.EdgeType{common.EdgeType(sc.like)},
		VertexProps: []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: namesToBytes([]string{"name"})}},
		EdgeProps:   []*gstorage.EdgeProp{{Type: common.EdgeType(sc.like), Props: namesToBytes([]string{"_dst", "likeness"})}},
	}
	var lat latencies
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		t0 := time.Now()
		ds, err := c.client.GetNeighbors(ctx, space, vids, spec)
		if err != nil {
			b.Fatal(err)
		}
		if len(ds.Rows) != g.V {
			b.Fatalf("%d rows", len(ds.Rows))
		}
		lat.add(time.Since(t0))
	}
	lat.report(b, time.Since(start), "calls")
	b.ReportMetric(float64(g.E*b.N)/time.Since(start).Seconds(), "edges/s")
}

// BenchmarkInsertEdge64 inserts single edges (both keys, no index on the
// edge type) from 64 concurrent writers, on the same kind of cluster.
func BenchmarkInsertEdge64(b *testing.B) {
	c := newTestCluster(b, 3)
	space := c.createSpace(SpaceDesc{Name: "bench", PartNum: 10, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx := context.Background()
	var next atomic.Int64
	var lat latencies
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				e := NewEdge{EdgeKey: EdgeKey{Src: num(i % 5000), Type: sc.serve, Rank: i, Dst: num(i * 31 % 5000)}, Props: []value.Value{num(i)}}
				t0 := time.Now()
				if err := c.client.AddEdges(ctx, space, []NewEdge{e}, []string{"start_year"}, false, false); err != nil {
					b.Error(err)
					return
				}
				lat.add(time.Since(t0))
			}
		}()
	}
	wg.Wait()
	lat.report(b, time.Since(start), "inserts")
}

// BenchmarkGetVertexProps reads one tag property of 2,000 random vertices
// of 50,000 in one client call (a GO's destinations), on the same kind of
// cluster, with the rows compacted into sstables as after a bulk import:
// what it measures is mostly the engine's seeks.
func BenchmarkGetVertexProps(b *testing.B) {
	c := newTestCluster(b, 3)
	space := c.createSpace(SpaceDesc{Name: "bench", PartNum: 10, ReplicaFactor: 3, VIDType: kvstore.VIDInt64, VIDLen: 8})
	sc := c.addSchema(space)
	ctx := context.Background()
	g := bulkGraph{V: 50000, sc: sc}
	g.insert(b, ctx, c.client, space)
	c.compactAll(space)
	rnd := rand.New(rand.NewPCG(1, 2))
	vids := make([]value.Value, 2000)
	for i := range vids {
		vids[i] = num(rnd.Int64N(int64(g.V)))
	}
	req := &gstorage.GetPropRequest{VertexProps: []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: namesToBytes([]string{"name"})}}}
	var lat latencies
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		t0 := time.Now()
		ds, err := c.client.GetVertexProps(ctx, space, vids, req)
		if err != nil {
			b.Fatal(err)
		}
		if len(ds.Rows) != len(vids) {
			b.Fatalf("%d rows", len(ds.Rows))
		}
		lat.add(time.Since(t0))
	}
	lat.report(b, time.Since(start), "calls")
}

// compactAll compacts the engines of space on every node.
func (c *testCluster) compactAll(space int32) {
	for _, n := range c.nodes {
		st := n.srv.Store()
		st.mu.Lock()
		sp := st.mu.spaces[space]
		st.mu.Unlock()
		for _, e := range sp.engines {
			if err := e.Compact([]byte{0}, []byte{0xff}); err != nil {
				c.t.Fatal(err)
			}
		}
	}
}
