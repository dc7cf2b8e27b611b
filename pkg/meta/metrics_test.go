package meta

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// /metrics counts and times requests by method, the raft group's commits,
// and the Go runtime; /stats serves them in NebulaGraph's form.
func TestMetricsRequestsCommitsRuntime(t *testing.T) {
	tc := newCluster(t, 1, nil)
	tc.leader()
	c := tc.client()
	threeZones(t, c)
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get("http://" + tc.nodes[0].srv.HTTPAddr().String() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	got := get("/metrics")
	for _, want := range []string{
		`metad_requests_total{method="addHostsIntoZone"}`,
		`metad_request_latency_seconds_bucket{method="addHostsIntoZone"`,
		`metad_raft_proposals_total{result="committed"}`,
		"metad_raft_commit_latency_seconds_count",
		"metad_is_leader 1",
		"go_goroutines", "go_memstats_heap_alloc_bytes",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	stats := get("/stats?stats=requests.sum.60,raft_commit_latency_us.avg.60,is_leader.avg.5")
	for _, want := range []string{"requests.sum.60=", "raft_commit_latency_us.avg.60=", "is_leader.avg.5=1"} {
		if !strings.Contains(stats, want) {
			t.Errorf("/stats %q lacks %s", stats, want)
		}
	}
}
