package importer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/bench/gen"
	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/localcluster"
)

// TestImportIntoCluster loads a generated graph and, when the shared
// conformance data is there, the nba dataset into an in-process cluster,
// and counts what arrived with queries.
func TestImportIntoCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, target, so := startCluster(ctx, t, 1)

	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		sink, err := gen.NewCSVSink(dir, gen.CSVOptions{PartitionNum: 5})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := gen.Run(gen.Config{Vertices: 400, AvgDegree: 6, Seed: 3}, sink)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := mapping.Load(filepath.Join(dir, gen.MappingFile))
		if err != nil {
			t.Fatal(err)
		}
		st, err := Run(ctx, target, cfg, so, Options{Batch: 64, Workers: 4, BadRows: filepath.Join(dir, "bad.csv")})
		if err != nil {
			t.Fatal(err)
		}
		if st.Rows != sum.Vertices+sum.Edges || st.Bad != 0 {
			t.Fatalf("stats %+v, want %d rows", st, sum.Vertices+sum.Edges)
		}
		q := query(t, target, cfg.Space.Name)
		if n := q("LOOKUP ON Person YIELD id(vertex) AS v | YIELD count(*)"); n != sum.Vertices {
			t.Errorf("%d persons, want %d", n, sum.Vertices)
		}
		ids := make([]string, sum.Vertices)
		for i := range ids {
			ids[i] = fmt.Sprint(i + 1)
		}
		if n := q("GO FROM " + strings.Join(ids, ",") + " OVER KNOWS YIELD KNOWS.creationDate | YIELD count(*)"); n != sum.Edges {
			t.Errorf("%d KNOWS edges, want %d", n, sum.Edges)
		}
	})

	t.Run("nba", func(t *testing.T) {
		path := "../../../../shared/tck/data/nba/config.yaml"
		cfg, err := mapping.Load(path)
		if err != nil {
			t.Skip("no conformance nba dataset:", err)
		}
		cfg.Space.Name = "nba_import"
		st, err := Run(ctx, target, cfg, so, Options{Batch: 16, Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		var rows int64
		for _, f := range cfg.Files {
			rows += lines(t, cfg.PathOf(f)) - 1
		}
		if st.Rows+st.Bad != rows {
			t.Fatalf("stats %+v; the files hold %d rows", st, rows)
		}
		q := query(t, target, cfg.Space.Name)
		if n, want := q("LOOKUP ON serve YIELD src(edge) AS s | YIELD count(*)"), lines(t, filepath.Join(cfg.Dir, "serve.csv"))-1; n != want {
			t.Errorf("%d serve edges, want %d", n, want)
		}
		if n, want := q("LOOKUP ON team YIELD id(vertex) AS v | YIELD count(*)"), lines(t, filepath.Join(cfg.Dir, "team.csv"))-1; n != want {
			t.Errorf("%d teams, want %d", n, want)
		}
	})
}

// startCluster starts an in-process cluster of n storaged, closed when the
// test ends, and returns it with a root target and set-up options.
func startCluster(ctx context.Context, t *testing.T, n int) (*localcluster.Cluster, Target, SetupOptions) {
	t.Helper()
	c, err := localcluster.Start(ctx, localcluster.Options{DataDir: t.TempDir(), Storaged: n, HeartbeatInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c, Target{Addrs: []string{c.GraphAddr}, User: "root", Password: "nebula", Timeout: 30 * time.Second},
		SetupOptions{Create: true, Settle: 30 * time.Second}
}

// query returns a function running a one-number query in space.
func query(t *testing.T, target Target, space string) func(string) int64 {
	hosts, err := target.hosts()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := nebula.NewConnectionPool(hosts, nebula.GetDefaultConf(), quietLogger{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	sess, err := pool.GetSession(target.User, target.Password)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sess.Release)
	if rs, err := sess.Execute("USE `" + space + "`"); err != nil || !rs.IsSucceed() {
		t.Fatalf("use %s: %v %v", space, err, rs.GetErrorMsg())
	}
	return func(stmt string) int64 {
		t.Helper()
		rs, err := sess.Execute(stmt)
		if err != nil {
			t.Fatal(err)
		}
		if !rs.IsSucceed() {
			t.Fatalf("%s: %s", stmt, rs.GetErrorMsg())
		}
		rec, err := rs.GetRowValuesByIndex(0)
		if err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		v, err := rec.GetValueByIndex(0)
		if err != nil {
			t.Fatal(err)
		}
		n, err := v.AsInt()
		if err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		return n
	}
}

func lines(t *testing.T, path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	return n
}
