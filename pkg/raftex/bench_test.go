package raftex

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/raft"
)

// BenchmarkPropose measures committed proposals per second and commit
// latency (Propose on the leader until applied there) of 100-byte writes
// from 64 concurrent proposers, for 1 and for 100 groups of 3 replicas in
// one process, on disk. log=shared is the design: one Pebble log per node
// whose concurrent appends share fsyncs. log=naive is the same stack with
// a log that fsyncs every entry by itself, one at a time per node.
//
// Besides props/s and p50/p99 it reports entries/fsync (log entries
// appended per raft log fsync, all nodes) and cpu-us/prop (process CPU per
// proposal, for the whole 3-node cluster).
//
//	go test -run '^$' -bench BenchmarkPropose -benchtime 5s ./pkg/raftex
func BenchmarkPropose(b *testing.B) {
	for _, groups := range []int{1, 100} {
		for _, naive := range []bool{false, true} {
			name := fmt.Sprintf("groups=%d/log=shared", groups)
			if naive {
				name = fmt.Sprintf("groups=%d/log=naive", groups)
			}
			var sc syncCounter
			c := newBenchCluster(b, groups, naive, &sc)
			b.Run(name, func(b *testing.B) { runProposers(b, c, &sc, 64) })
			c.close()
		}
	}
}

func newBenchCluster(b *testing.B, groups int, naive bool, sc *syncCounter) *testCluster {
	c := newCluster(b, 3, true, func(o *Options) {
		o.FS = sc.fs(vfs.Default)
		wrap := sc.log
		if naive {
			var mu sync.Mutex // one log file per node: one fsync at a time
			o.LogSyncInterval = -1
			wrap = func(s raft.LogStore) raft.LogStore { return sc.log(naiveLog{LogStore: s, mu: &mu}) }
		}
		o.wrapLog = wrap
	})
	c.openParts(groups, 0, 1, 2)
	c.waitLeaders(60 * time.Second)
	return c
}

// naiveLog writes each entry with its own fsync, serialised per node.
type naiveLog struct {
	raft.LogStore
	mu *sync.Mutex
}

func (n naiveLog) StoreLog(l *raft.Log) error { return n.StoreLogs([]*raft.Log{l}) }

func (n naiveLog) StoreLogs(logs []*raft.Log) error {
	for _, l := range logs {
		n.mu.Lock()
		err := n.LogStore.StoreLogs([]*raft.Log{l})
		n.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

func runProposers(b *testing.B, c *testCluster, sc *syncCounter, proposers int) {
	value := make([]byte, 100)
	leaders := make([]atomic.Pointer[Part], len(c.parts))
	leaderOf := func(i int) *Part {
		if p := leaders[i].Load(); p != nil && p.IsLeader() {
			return p
		}
		for {
			if l, err := c.leaderOf(c.parts[i]); err == nil {
				p := c.part(l, c.parts[i])
				leaders[i].Store(p)
				return p
			}
			time.Sleep(time.Millisecond)
		}
	}
	lat := make([]time.Duration, b.N)
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	syncs0, entries0 := sc.syncs.Load(), sc.entries.Load()
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	for w := range proposers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var batch Batch
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				gi := i % len(c.parts)
				batch.Reset()
				batch.Put(dataKey(c.parts[gi], fmt.Sprintf("w%d-%d", w, i)), value)
				t0 := time.Now()
				for {
					err := leaderOf(gi).Propose(context.Background(), &batch)
					if err == nil {
						break
					}
					if !errors.Is(err, ErrNotLeader) {
						failed.Add(1)
						break
					}
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d proposals failed", n)
	}
	slices.Sort(lat)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "props/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-us/prop")
	if syncs := sc.syncs.Load() - syncs0; syncs > 0 {
		b.ReportMetric(float64(sc.entries.Load()-entries0)/float64(syncs), "entries/fsync")
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
