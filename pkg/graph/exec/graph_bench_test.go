package exec

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The GO benchmarks run the load tool's traversal queries through the
// engine, the storage client and three storaged (15 parts, replica 3) in
// this process, with 8 concurrent callers, as `bench run` does at 8
// clients minus the graphd Thrift layer. ns/op is wall time per query of
// the whole process; compare allocs/op and CPU profiles
// (-cpuprofile) more than ns/op on a shared machine.

// benchCPU names a file for a CPU profile of the measured part of a GO
// benchmark only (-test.cpuprofile also covers loading the graph).
var benchCPU = flag.String("benchcpu", "", "write a CPU profile of the measured queries of a GO benchmark to this file")

const (
	benchVertices = 2000
	benchDegree   = 10
)

// benchGraph loads a seeded random graph of Person vertices and KNOWS
// edges into a fresh cluster and returns it with a session using it.
func benchGraph(b *testing.B) (*graphCluster, func(string) error) {
	b.Helper()
	c := startGraphCluster(b)
	sess := c.session()
	run := func(q string) error {
		_, err := c.exec(sess, q)
		return err
	}
	if err := run("CREATE SPACE snb(partition_num=15, replica_factor=3, vid_type=INT64); USE snb; " +
		"CREATE TAG Person(firstName string, lastName string); CREATE EDGE KNOWS(creationDate datetime)"); err != nil {
		b.Fatal(err)
	}
	if err := c.sync(); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var vs []string
	for i := 1; i <= benchVertices; i++ {
		vs = append(vs, fmt.Sprintf(`%d:("first%d", "last%d")`, i, i, i))
		if len(vs) == 200 || i == benchVertices {
			if err := run("INSERT VERTEX Person(firstName, lastName) VALUES " + strings.Join(vs, ", ")); err != nil {
				b.Fatal(err)
			}
			vs = vs[:0]
		}
	}
	var es []string
	for i := 1; i <= benchVertices; i++ {
		for range benchDegree {
			es = append(es, fmt.Sprintf(`%d->%d:(datetime("2020-01-02T03:04:05"))`, i, 1+rng.IntN(benchVertices)))
		}
		if len(es) >= 400 || i == benchVertices {
			if err := run("INSERT EDGE KNOWS(creationDate) VALUES " + strings.Join(es, ", ")); err != nil {
				b.Fatal(err)
			}
			es = es[:0]
		}
	}
	return c, run
}

// benchQueries runs query (with %d for the start vertex) from 8
// goroutines.
func benchQueries(b *testing.B, run func(string) error, query string) {
	var seq atomic.Int64
	// Warm the caches (leaders, schemas, block cache) first.
	for i := range 50 {
		if err := run(fmt.Sprintf(query, 1+i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	if *benchCPU != "" {
		f, err := os.Create(*benchCPU)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			v := 1 + seq.Add(7919)%benchVertices
			if err := run(fmt.Sprintf(query, v)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "q/s")
}

func BenchmarkGo1Step(b *testing.B) {
	_, run := benchGraph(b)
	benchQueries(b, run, "GO 1 STEP FROM %d OVER KNOWS YIELD KNOWS.creationDate, $$.Person.firstName")
}

func BenchmarkGo2Steps(b *testing.B) {
	_, run := benchGraph(b)
	benchQueries(b, run, "GO 2 STEPS FROM %d OVER KNOWS YIELD KNOWS.creationDate, $$.Person.firstName")
}
