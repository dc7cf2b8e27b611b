package tck

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGoAcrossHosts runs NebulaGraph's GO features on the nba datasets
// spread over three storage hosts (nine parts, three replicas each), so
// that every multi-step GO crosses hosts and parts: no scenario may fail.
func TestGoAcrossHosts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster and loads the nba datasets")
	}
	globs := []string{"tck/go/GO.feature", "tck/go/GO.IntVid.feature"}
	features, err := loadFeatures([]featureRoot{{prefix: "tck", dir: filepath.Join(*flagDir, "features")}}, globs)
	if err != nil {
		t.Fatal(err)
	}
	if len(features) == 0 {
		t.Skipf("reference features not found in %s", *flagDir)
	}
	cluster, pool, stop := connect(t, func() (Cluster, error) { return StartInProcess(3) }, 30*time.Second)
	defer stop()
	r := NewRunner(RunnerConfig{
		Pool: pool, Capabilities: cluster.Capabilities(), DataDir: filepath.Join(*flagDir, "data"),
		User: "root", Password: "nebula", WaitScale: 0.1,
		Spread: Spread{Parts: 9, Replicas: 3},
	})
	passed := 0
	for _, f := range features {
		for _, res := range r.RunFeature(f) {
			if res.Outcome == Passed {
				passed++
				continue
			}
			if res.Outcome == Failed {
				t.Errorf("%s: %s at %q: %s", res.ID, res.Outcome, res.Step, strings.ReplaceAll(res.Reason, "\n", "\n  "))
			}
		}
	}
	t.Logf("%d GO scenarios passed on 9 parts x 3 replicas over 3 hosts", passed)
	if passed == 0 {
		t.Error("no scenario passed")
	}
}
