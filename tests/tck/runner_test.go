package tck

import (
	"strings"
	"testing"
	"time"

	client "github.com/vesoft-inc/nebula-go/v3"
	"go.uber.org/goleak"
)

// TestRunnerOutcomes runs testdata/runner against the in-process cluster and
// checks that every scenario gets the outcome its name announces.
func TestRunnerOutcomes(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	features, err := loadFeatures([]featureRoot{{prefix: "runner", dir: "testdata/runner"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cluster, pool, stop := connect(t, startGraphOnly, 5*time.Second)
	defer stop()
	r := NewRunner(RunnerConfig{
		Pool: pool, GraphAddrs: cluster.GraphAddrs(), Capabilities: cluster.Capabilities(), DataDir: "testdata/data",
		User: "root", Password: "nebula", WaitScale: 0,
	})
	n := 0
	for _, f := range features {
		for _, res := range r.RunFeature(f) {
			n++
			want, _, _ := strings.Cut(res.Name, ":")
			if res.Outcome.String() != want {
				t.Errorf("%s: %s (step %q: %s)", res.ID, res.Outcome, res.Step, res.Reason)
			}
			if strings.Contains(res.Name, "without the space") && !res.WithoutSpace {
				t.Errorf("%s: not marked as run without its space", res.ID)
			}
			attempts := 1
			switch {
			case strings.Contains(res.Name, "tried again"):
				attempts = realTimeAttempts
			case res.Outcome == Skipped:
				attempts = 0
			}
			if res.Attempts != attempts {
				t.Errorf("%s: %d attempts, want %d", res.ID, res.Attempts, attempts)
			}
		}
	}
	if n != 18 {
		t.Errorf("%d scenarios, want 18", n)
	}
}

// connect starts a cluster and opens a nebula-go pool to it; stop closes
// both, for a deferred call (goleak checks must run after it).
func connect(t *testing.T, start func() (Cluster, error), timeout time.Duration) (Cluster, *client.ConnectionPool, func()) {
	t.Helper()
	cluster, err := start()
	if err != nil {
		t.Fatal(err)
	}
	conf := client.GetDefaultConf()
	conf.TimeOut = timeout
	pool, err := client.NewConnectionPool(cluster.GraphAddrs(), conf, quietLogger{})
	if err != nil {
		if cerr := cluster.Close(); cerr != nil {
			t.Error(cerr)
		}
		t.Fatal(err)
	}
	return cluster, pool, func() {
		pool.Close()
		if err := cluster.Close(); err != nil {
			t.Error(err)
		}
	}
}
