package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/bench/gen"
	"github.com/novagraph/novagraph/pkg/bench/mapping"
)

// TestSSTLoadMatchesInserts loads the same data twice into a cluster of 3
// storaged, once through INSERT statements and once as sstables (DOWNLOAD
// and INGEST jobs), and checks that every vertex, out-edge, in-edge and
// index entry reads back the same from both spaces.
func TestSSTLoadMatchesInserts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, target, so := startCluster(ctx, t, 3)
	both := func(t *testing.T, cfg *mapping.Config) (stmt, sst *Stats) {
		name := cfg.Space.Name
		cfg.Space.Name = name + "_stmt"
		stmt, err := Run(ctx, target, cfg, so, Options{Batch: 32, Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Space.Name = name + "_sst"
		sst, err = RunSST(ctx, target, cfg, so, SSTOptions{MetaAddrs: []string{c.MetaAddr}, Dir: t.TempDir(), Workers: 2, GenerationRows: 500})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Space.Name = name
		if sst.Rows != stmt.Rows || sst.Bad != stmt.Bad {
			t.Errorf("sstable load %d rows, %d bad; INSERTs %d rows, %d bad", sst.Rows, sst.Bad, stmt.Rows, stmt.Bad)
		}
		return stmt, sst
	}

	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		sink, err := gen.NewCSVSink(dir, gen.CSVOptions{Space: "gen", PartitionNum: 6, ReplicaFactor: 3})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := gen.Run(gen.Config{Vertices: 300, AvgDegree: 5, Seed: 7}, sink)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := mapping.Load(filepath.Join(dir, gen.MappingFile))
		if err != nil {
			t.Fatal(err)
		}
		_, sst := both(t, cfg)
		if sst.Rows != sum.Vertices+sum.Edges {
			t.Errorf("sstable load %d rows, want %d", sst.Rows, sum.Vertices+sum.Edges)
		}
		compareSpaces(t, target, cfg, []string{
			`LOOKUP ON Person WHERE Person.firstName >= "" YIELD id(vertex) AS v, Person.firstName AS f`,
		})
	})

	t.Run("nba", func(t *testing.T) {
		cfg, err := mapping.Load("../../../../shared/tck/data/nba/config.yaml")
		if err != nil {
			t.Skip("no conformance nba dataset:", err)
		}
		cfg.Space.Name = "nba"
		both(t, cfg)
		compareSpaces(t, target, cfg, []string{
			"LOOKUP ON player YIELD id(vertex) AS v, player.name AS n, player.age AS a",
			"LOOKUP ON serve YIELD src(edge) AS s, dst(edge) AS d, serve.start_year AS y",
		})
	})
}

// compareSpaces runs the same reads in cfg's two spaces (_stmt, _sst):
// every vertex of the files with its properties, every out- and in-edge,
// and the extra queries given.
func compareSpaces(t *testing.T, target Target, cfg *mapping.Config, extra []string) {
	t.Helper()
	vids := fileVids(t, cfg)
	queries := append([]string{
		"FETCH PROP ON * " + vids + " YIELD vertex AS v",
		"GO FROM " + vids + " OVER * YIELD src(edge) AS s, type(edge) AS t, rank(edge) AS r, properties(edge) AS p, dst(edge) AS d",
		"GO FROM " + vids + " OVER * REVERSELY YIELD src(edge) AS s, type(edge) AS t, rank(edge) AS r, properties(edge) AS p, dst(edge) AS d",
	}, extra...)
	stmt := rows(t, target, cfg.Space.Name+"_stmt")
	sst := rows(t, target, cfg.Space.Name+"_sst")
	for _, q := range queries {
		want, got := stmt(q), sst(q)
		if len(want) == 0 {
			t.Errorf("%.60s...: no rows", q)
		}
		if !slices.Equal(want, got) {
			t.Errorf("%.60s...: sstable load has %d rows, INSERTs %d; first difference %q vs %q",
				q, len(got), len(want), firstDiff(got, want), firstDiff(want, got))
		}
	}
}

func firstDiff(a, b []string) string {
	for _, r := range a {
		if _, ok := slices.BinarySearch(b, r); !ok {
			return r
		}
	}
	return ""
}

// fileVids lists the vids of the mapping's vertex files as nGQL literals.
func fileVids(t *testing.T, cfg *mapping.Config) string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, f := range cfg.Files {
		if f.Vertex == nil {
			continue
		}
		in, err := os.Open(cfg.PathOf(f))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(in)
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		if f.Delimiter != "" {
			r.Comma = []rune(f.Delimiter)[0]
		}
		for first := true; ; first = false {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil || (first && f.WithHeader) || f.Vertex.Vid.Index >= len(rec) {
				continue
			}
			cell := rec[f.Vertex.Vid.Index]
			lit := cell
			switch {
			case f.Vertex.Vid.Function != "":
				lit = "hash(" + strconv.Quote(cell) + ")"
			case strings.EqualFold(f.Vertex.Vid.Type, "string"):
				lit = strconv.Quote(cell)
			}
			if !seen[lit] {
				seen[lit] = true
				out = append(out, lit)
			}
		}
		in.Close()
	}
	return strings.Join(out, ",")
}

// rows returns a function running a query in space and returning its
// rows, each rendered as one string, sorted.
func rows(t *testing.T, target Target, space string) func(string) []string {
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
	return func(stmt string) []string {
		t.Helper()
		rs, err := sess.Execute(stmt)
		if err != nil {
			t.Fatal(err)
		}
		if !rs.IsSucceed() {
			t.Fatalf("%.80s: %s", stmt, rs.GetErrorMsg())
		}
		var out []string
		for i := 0; i < rs.GetRowSize(); i++ {
			rec, err := rs.GetRowValuesByIndex(i)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(rec))
		}
		slices.Sort(out)
		return out
	}
}
