package storage

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// /metrics covers RPCs, raft (leaders, proposals, commit latency, applied
// indexes), the engines' Pebble statistics and the Go runtime; /stats
// offers the same series in NebulaGraph's form.
func TestMetricsCoverRaftEngineAndRuntime(t *testing.T) {
	c := newMemCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "m", PartNum: 2, ReplicaFactor: 3, VIDType: kvstore.VIDFixedString, VIDLen: 8})
	sc := c.addSchema(space)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	vs := []NewVertex{{VID: str("a"), Tags: []NewTag{{Tag: sc.team, Props: []value.Value{str("A")}}}}}
	if err := c.client.AddVertices(ctx, space, vs, map[int32][]string{sc.team: {"name"}}, false, false); err != nil {
		t.Fatal(err)
	}
	get := func(i int, path string) string {
		t.Helper()
		resp, err := http.Get("http://" + c.nodes[i].srv.HTTPAddr().String() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	all := ""
	for i := range c.nodes {
		all += get(i, "/metrics")
	}
	for _, want := range []string{
		`storaged_rpc_requests_total{method="addVertices"}`,
		`storaged_rpc_latency_seconds_bucket{method="addVertices"`,
		`storaged_raft_leader_parts{space="` + itoa(space) + `"}`,
		`storaged_raft_applied_index{space="` + itoa(space) + `"}`,
		"storaged_raft_proposals_total 1",
		"storaged_raft_commit_latency_seconds_bucket{le=",
		"storaged_raft_leader_changes_total",
		`stat="compactions"`, `stat="flushes"`, `stat="block_cache_hits"`,
		`storaged_vertex_cache_stat{stat="hits"}`, `storaged_vertex_cache_stat{stat="entries"}`,
		"go_goroutines", "process_resident_memory_bytes",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	stats := get(0, "/stats?stats=raft_proposals.sum.60,raft_commit_latency_us.p99.60,rpc_requests.rate.5")
	for _, want := range []string{"raft_proposals.sum.60=", "raft_commit_latency_us.p99.60=", "rpc_requests.rate.5="} {
		if !strings.Contains(stats, want) || strings.Contains(stats, "not found") {
			t.Errorf("/stats %q lacks %s", stats, want)
		}
	}
}
