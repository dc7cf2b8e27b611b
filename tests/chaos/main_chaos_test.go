//go:build chaos

package chaos

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var (
	flagBin      = flag.String("chaos.bin", "../../bin", "directory holding metad, storaged and graphd (make build)")
	flagDir      = flag.String("chaos.dir", "", "where each scenario's data, logs and history go; default a temporary directory")
	flagDuration = flag.Duration("chaos.duration", 40*time.Second, "how long each scenario's workload runs under faults")
	flagCycles   = flag.Int("chaos.cycles", 5, "kill-everything cycles of TestKillAll")
	flagSeeds    = flag.Int("chaos.seeds", 20, "seeds of TestPowerCut")
	flagReport   = flag.String("chaos.report", "", "also write the results table (Markdown) to this file")
)

var results Results

func TestMain(m *testing.M) {
	flag.Parse()
	if os.Geteuid() != 0 {
		fmt.Fprintln(os.Stderr, "chaos: needs root (network namespaces); skipping")
		os.Exit(0)
	}
	stopOnSignal()
	code := m.Run()
	if results.Len() > 0 {
		fmt.Println()
		_ = results.WriteMarkdown(os.Stdout)
		if *flagReport != "" {
			f, err := os.Create(*flagReport)
			if err == nil {
				err = results.WriteMarkdown(f)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "chaos: write report:", err)
			}
		}
	}
	os.Exit(code)
}

var clusterSeq atomic.Int32

// live are the clusters running now, closed on SIGINT or SIGTERM: test
// cleanups do not run when the test binary is interrupted, and namespaces
// outlive the process.
var live struct {
	sync.Mutex
	clusters map[*Cluster]bool
}

func stopOnSignal() {
	live.clusters = map[*Cluster]bool{}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		sig := <-ch
		fmt.Fprintf(os.Stderr, "chaos: %v: stopping the clusters\n", sig)
		live.Lock()
		for c := range live.clusters {
			_ = c.Close()
		}
		os.Exit(2)
	}()
}

// artifacts is the directory of one scenario's files.
func artifacts(t *testing.T) string {
	if *flagDir == "" {
		return t.TempDir()
	}
	dir := filepath.Join(*flagDir, t.Name())
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startCluster starts a three-host cluster for t; it is killed and its
// network removed when t ends.
func startCluster(t *testing.T, dir string, tweak func(*Config)) *Cluster {
	t.Helper()
	bin, err := filepath.Abs(*flagBin)
	if err != nil {
		t.Fatal(err)
	}
	seq := int(clusterSeq.Add(1))
	cfg := Config{
		Bin:    bin,
		Dir:    dir,
		ID:     strconv.Itoa(os.Getpid()%10000) + string(rune('a'+seq%26)),
		Subnet: (os.Getpid() + seq) % 256,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	c, err := StartCluster(ctx, cfg)
	if err != nil {
		t.Fatalf("start cluster: %v", err)
	}
	t.Logf("cluster up in %v (data and logs in %s)", time.Since(start).Round(time.Millisecond), dir)
	live.Lock()
	live.clusters[c] = true
	live.Unlock()
	t.Cleanup(func() {
		if t.Failed() {
			for _, h := range c.Hosts {
				for _, d := range h.Daemons() {
					t.Logf("--- last lines of %s:\n%s", d.Name, d.LogTail(15))
				}
			}
		}
		live.Lock()
		delete(live.clusters, c)
		live.Unlock()
		if err := c.Close(); err != nil {
			t.Errorf("close cluster: %v", err)
		}
	})
	return c
}

// defaultSpec is the workload most scenarios run: four set writers and
// three register clients spread over every graphd.
func defaultSpec() WorkloadSpec {
	return WorkloadSpec{SetWriters: 4, SetPace: 20 * time.Millisecond, RegClients: 3, RegKeys: 4, RegPace: 25 * time.Millisecond}
}
