package tck

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	client "github.com/vesoft-inc/nebula-go/v3"
)

var (
	flagAddr     = flag.String("tck.addr", "", "host:port of an external graphd; default: start an in-process cluster")
	flagDir      = flag.String("tck.dir", "../../../shared/tck", "directory of NebulaGraph's reference features (features/) and datasets (data/)")
	flagFeatures = flag.String("tck.features", "", "comma-separated globs over feature paths (tck/<area>/<file>, own/<file>, or the part after the prefix); default: all")
	flagUpdate   = flag.Bool("tck.update", false, "rewrite testdata/passing.txt with the scenarios that pass")
	flagTimeout  = flag.Duration("tck.timeout", 5*time.Second, "client socket timeout per request")
	flagWait     = flag.Float64("tck.waitscale", -1, "multiplier for `wait N seconds` steps outside TTL scenarios; default: 1 with -tck.addr, 0.1 in-process (schema changes reach the in-process graphd and storaged within a heartbeat)")
	flagSettle   = flag.Duration("tck.settle", 15*time.Second, "with -tck.addr: how long set-up statements are retried while schema changes propagate")
	flagReport   = flag.String("tck.report", "", "write every non-passing scenario with its reason, and the summary, to this file")
	flagKeep     = flag.Bool("tck.keepgoing", false, "diagnostics: run a scenario on after a failed check and report every failed check")
	flagStoraged = flag.Int("tck.storaged", 3, "storage hosts of the in-process cluster")
	flagUser     = flag.String("tck.user", "root", "user name")
	flagPassword = flag.String("tck.password", "nebula", "password")
)

const baselineFile = "testdata/passing.txt"

// TestConformance runs the reference features and the project's own through
// nebula-go, prints per-feature, per-area and total counts, and fails only
// when a scenario listed in testdata/passing.txt no longer passes. With
// -short only the project's own features run.
func TestConformance(t *testing.T) {
	roots := []featureRoot{{prefix: "own", dir: "features"}}
	dataDir := filepath.Join(*flagDir, "data")
	if testing.Short() {
		t.Log("-short: running the project's own features only")
	} else if st, err := os.Stat(filepath.Join(*flagDir, "features")); err == nil && st.IsDir() {
		roots = append([]featureRoot{{prefix: "tck", dir: filepath.Join(*flagDir, "features")}}, roots...)
	} else {
		t.Logf("reference features not found in %s: running the project's own features only", *flagDir)
	}
	var globs []string
	for _, g := range strings.Split(*flagFeatures, ",") {
		if g = strings.TrimSpace(g); g != "" {
			globs = append(globs, g)
		}
	}
	features, err := loadFeatures(roots, globs)
	if err != nil {
		t.Fatal(err)
	}
	if len(features) == 0 {
		t.Skip("no feature selected")
	}

	var cluster Cluster
	if *flagAddr != "" {
		cluster, err = ExternalCluster(*flagAddr, *flagSettle)
	} else {
		cluster, err = StartInProcess(*flagStoraged)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := cluster.Close(); err != nil {
			t.Error(err)
		}
	}()
	waitScale := *flagWait
	if waitScale < 0 {
		waitScale = 1
		if *flagAddr == "" {
			waitScale = 0.1
		}
	}
	conf := client.GetDefaultConf()
	conf.TimeOut = *flagTimeout
	conf.MaxConnPoolSize = 16
	pool, err := client.NewConnectionPool(cluster.GraphAddrs(), conf, quietLogger{})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	baseline, err := readBaseline(baselineFile)
	if err != nil {
		t.Fatal(err)
	}
	var retry func(string) bool
	if !*flagUpdate {
		retry = func(id string) bool { return baseline[id] }
	}
	cfg := RunnerConfig{
		Pool:         pool,
		GraphAddrs:   cluster.GraphAddrs(),
		Capabilities: cluster.Capabilities(),
		DataDir:      dataDir,
		User:         *flagUser,
		Password:     *flagPassword,
		WaitScale:    waitScale,
		KeepGoing:    *flagKeep,
		Retry:        retry,
		Logf:         t.Logf,
	}
	if *flagAddr == "" {
		cfg.Dedicated = StartDedicated
	}
	r := NewRunner(cfg)
	var results []ScenarioResult
	for _, f := range features {
		start := time.Now()
		res := r.RunFeature(f)
		if testing.Verbose() {
			t.Logf("%-50s %s in %s", f.path, tally(res), time.Since(start).Round(time.Millisecond))
		}
		results = append(results, res...)
	}
	for _, l := range summaryLines(results) {
		t.Log(l)
	}
	if *flagReport != "" {
		out, err := os.Create(*flagReport)
		if err != nil {
			t.Fatal(err)
		}
		if err := writeReport(out, results); err != nil {
			t.Error(err)
		}
		if err := out.Close(); err != nil {
			t.Error(err)
		}
	}

	if *flagUpdate {
		ids := updatedBaseline(baseline, results)
		if err := writeBaseline(baselineFile, ids); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d scenarios to %s", len(ids), baselineFile)
		return
	}
	for _, reg := range regressions(baseline, results) {
		t.Errorf("regression: %s [%s]\n  step: %s\n  %s", reg.ID, reg.Outcome, reg.Step, strings.ReplaceAll(reg.Reason, "\n", "\n  "))
	}
}
