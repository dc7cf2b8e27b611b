package pathbench

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	client "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/localcluster"
)

var (
	flagVertices = flag.Int("pathbench.vertices", 2000, "vertices of the generated graph")
	flagDegree   = flag.Int("pathbench.m", 3, "edges each new vertex adds (preferential attachment)")
	flagPairs    = flag.Int("pathbench.pairs", 200, "distinct random queries cycled through")
	flagUpto     = flag.Int("pathbench.upto", 5, "UPTO of the queries")
	flagSeed     = flag.Uint64("pathbench.seed", 1, "random seed of the graph and the queries")
)

// env is the cluster and graph shared by the benchmarks of one binary.
type env struct {
	lc       *localcluster.Cluster
	dir      string
	pool     *client.ConnectionPool
	sess     *client.Session
	vertices int
}

var (
	setupOnce sync.Once
	shared    *env
	setupErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.close()
	}
	os.Exit(code)
}

func (e *env) close() {
	if e.sess != nil {
		e.sess.Release()
	}
	if e.pool != nil {
		e.pool.Close()
	}
	if e.lc != nil {
		_ = e.lc.Close()
	}
	_ = os.RemoveAll(e.dir)
}

type quietLogger struct{}

func (quietLogger) Info(string)  {}
func (quietLogger) Warn(string)  {}
func (quietLogger) Error(string) {}
func (quietLogger) Fatal(string) {}

// setup starts the cluster and loads the graph once.
func setup(b *testing.B) *env {
	setupOnce.Do(func() {
		start := time.Now()
		shared, setupErr = newEnv()
		if setupErr == nil {
			b.Logf("graph of %d vertices loaded in %v", shared.vertices, time.Since(start).Round(time.Millisecond))
		}
	})
	if setupErr != nil {
		b.Fatal(setupErr)
	}
	return shared
}

func newEnv() (*env, error) {
	dir, err := os.MkdirTemp("", "novagraph-pathbench-")
	if err != nil {
		return nil, err
	}
	e := &env{dir: dir}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if e.lc, err = localcluster.Start(ctx, localcluster.Options{DataDir: dir, HeartbeatInterval: 100 * time.Millisecond}); err != nil {
		e.close()
		return nil, fmt.Errorf("start cluster: %w", err)
	}
	host, port, _ := strings.Cut(e.lc.GraphAddr, ":")
	var p int
	fmt.Sscan(port, &p)
	conf := client.GetDefaultConf()
	conf.TimeOut = time.Minute
	if e.pool, err = client.NewConnectionPool([]client.HostAddress{{Host: host, Port: p}}, conf, quietLogger{}); err != nil {
		e.close()
		return nil, err
	}
	if e.sess, err = e.pool.GetSession("root", "nebula"); err != nil {
		e.close()
		return nil, err
	}
	if err := e.load(); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

// exec runs a statement, failing on an error answer.
func (e *env) exec(stmt string) (*client.ResultSet, error) {
	rs, err := e.sess.Execute(stmt)
	if err != nil {
		return nil, err
	}
	if !rs.IsSucceed() {
		return nil, fmt.Errorf("%s: %s", stmt, rs.GetErrorMsg())
	}
	return rs, nil
}

// retry runs stmt until it succeeds, while a new space's parts and schema
// reach every daemon.
func (e *env) retry(stmt string) error {
	var err error
	for range 100 {
		if _, err = e.exec(stmt); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// load creates the space and inserts the power-law graph.
func (e *env) load() error {
	if _, err := e.exec("CREATE SPACE pathbench(partition_num=8, replica_factor=1, vid_type=INT64)"); err != nil {
		return err
	}
	if err := e.retry("USE pathbench; CREATE TAG IF NOT EXISTS person(); CREATE EDGE IF NOT EXISTS knows()"); err != nil {
		return err
	}
	n := *flagVertices
	e.vertices = n
	edges := powerLaw(n, *flagDegree, rand.New(rand.NewPCG(*flagSeed, 7)))
	var b strings.Builder
	for i := 0; i < n; i += 500 {
		b.Reset()
		b.WriteString("INSERT VERTEX person() VALUES ")
		for v := i; v < min(i+500, n); v++ {
			if v > i {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%d:()", v)
		}
		if err := e.retry(b.String()); err != nil {
			return err
		}
	}
	for i := 0; i < len(edges); i += 500 {
		b.Reset()
		b.WriteString("INSERT EDGE knows() VALUES ")
		for j, ed := range edges[i:min(i+500, len(edges))] {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%d->%d:()", ed[0], ed[1])
		}
		if err := e.retry(b.String()); err != nil {
			return err
		}
	}
	return nil
}

// powerLaw returns the edges of a Barabási–Albert graph of n vertices:
// a clique of m+1 vertices, then every vertex links to m distinct earlier
// ones, each picked with probability proportional to its degree, and the
// edge points either way.
func powerLaw(n, m int, r *rand.Rand) [][2]int {
	var edges [][2]int
	var ends []int // every edge's two ends: sampling from it follows degree
	for a := 0; a <= m && a < n; a++ {
		for c := 0; c < a; c++ {
			edges = append(edges, [2]int{a, c})
			ends = append(ends, a, c)
		}
	}
	for v := m + 1; v < n; v++ {
		picked := map[int]bool{}
		for len(picked) < m {
			picked[ends[r.IntN(len(ends))]] = true
		}
		for _, u := range slices.Sorted(mapKeys(picked)) {
			// Either way round, so that paths along the edges exist.
			if r.IntN(2) == 0 {
				edges = append(edges, [2]int{v, u})
			} else {
				edges = append(edges, [2]int{u, v})
			}
			ends = append(ends, v, u)
		}
	}
	return edges
}

func mapKeys(m map[int]bool) func(func(int) bool) {
	return func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// BenchmarkShortestPath runs FIND SHORTEST PATH between random vertices:
// one source and one destination (BFSShortestPath), and three of each
// (MultiShortestPath), along the edges and in both directions. It reports
// the latency percentiles of the queries and the paths they found.
func BenchmarkShortestPath(b *testing.B) {
	e := setup(b)
	for _, c := range []struct {
		name string
		ends int
		dir  string
	}{
		{"single/out", 1, ""},
		{"single/bidirect", 1, " BIDIRECT"},
		{"multi3x3/out", 3, ""},
		{"multi3x3/bidirect", 3, " BIDIRECT"},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(*flagSeed, 11))
			queries := make([]string, *flagPairs)
			for i := range queries {
				queries[i] = fmt.Sprintf("FIND SHORTEST PATH FROM %s TO %s OVER knows%s UPTO %d STEPS YIELD path AS p",
					vidList(r, e.vertices, c.ends), vidList(r, e.vertices, c.ends), c.dir, *flagUpto)
			}
			lat := make([]time.Duration, 0, b.N)
			paths := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				rs, err := e.exec(queries[i%len(queries)])
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				paths += rs.GetRowSize()
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
			b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
			b.ReportMetric(float64(paths)/float64(b.N), "paths/op")
		})
	}
}

func vidList(r *rand.Rand, n, k int) string {
	vs := make([]string, k)
	for i := range vs {
		vs[i] = fmt.Sprint(r.IntN(n))
	}
	return strings.Join(vs, ", ")
}

// percentile returns the q-quantile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// TestPowerLaw checks the generator: the expected number of edges, no
// self-loops or repeated edges, and a heavy tail (the top vertex far above
// the mean degree).
func TestPowerLaw(t *testing.T) {
	const n, m = 1000, 3
	edges := powerLaw(n, m, rand.New(rand.NewPCG(1, 2)))
	if want := m*(m+1)/2 + (n-m-1)*m; len(edges) != want {
		t.Fatalf("%d edges, want %d", len(edges), want)
	}
	seen := map[[2]int]bool{}
	deg := make([]int, n)
	for _, e := range edges {
		if e[0] == e[1] || seen[e] {
			t.Fatalf("bad edge %v", e)
		}
		seen[e] = true
		deg[e[0]]++
		deg[e[1]]++
	}
	if top := slices.Max(deg); top < 8*2*m {
		t.Errorf("top degree %d: no heavy tail", top)
	}
}
