package raftex

import (
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"
)

// Replication statistics of a Node, for the daemon's /metrics (storaged
// turns them into Prometheus series at scrape time, so raftex itself does
// not depend on a metrics library).

// commitBounds are the upper bounds, in seconds, of the commit-latency
// histogram buckets: 100 µs doubling to about 3.3 s.
var commitBounds = func() []float64 {
	b := make([]float64, 16)
	for i := range b {
		b[i] = 100e-6 * float64(uint64(1)<<i)
	}
	return b
}()

// Stats is a snapshot of a Node's replication counters since it opened.
type Stats struct {
	// Proposals counts Propose calls that got into raft; ProposalErrors
	// those of them that then failed (leadership lost, timeout, shutdown).
	Proposals, ProposalErrors uint64
	// Commit is the latency of the successful ones: from handing the entry
	// to raft until it is committed and applied on this replica.
	Commit Histogram
	// LeaderChanges counts the leader changes observed across parts.
	LeaderChanges uint64
}

// Histogram is a latency distribution in seconds. Counts[i] counts the
// observations at most Bounds[i] and above Bounds[i-1]; observations past
// the last bound are only in Count and Sum.
type Histogram struct {
	Bounds []float64
	Counts []uint64
	Count  uint64
	Sum    float64 // seconds
}

// nodeStats are the live counters behind Stats; safe for concurrent use.
type nodeStats struct {
	proposals, proposalErrors atomic.Uint64
	leaderChanges             atomic.Uint64
	commitCount               atomic.Uint64
	commitSumNanos            atomic.Uint64
	commitBuckets             [16]atomic.Uint64
}

// observeCommit records the outcome of a proposal handed to raft at start.
// It is deferred right after raft.Apply, so f is resolved when it runs.
func (s *nodeStats) observeCommit(start time.Time, f raft.ApplyFuture) {
	s.proposals.Add(1)
	if f.Error() != nil {
		s.proposalErrors.Add(1)
		return
	}
	d := time.Since(start)
	s.commitCount.Add(1)
	s.commitSumNanos.Add(uint64(d.Nanoseconds()))
	secs := d.Seconds()
	for i, b := range commitBounds {
		if secs <= b {
			s.commitBuckets[i].Add(1)
			break
		}
	}
}

// Stats returns the node's replication counters.
func (n *Node) Stats() Stats {
	s := &n.stats
	counts := make([]uint64, len(commitBounds))
	// Buckets before the count: observeCommit counts first, so the count
	// read afterwards covers every bucket increment seen.
	for i := range counts {
		counts[i] = s.commitBuckets[i].Load()
	}
	return Stats{
		Proposals:      s.proposals.Load(),
		ProposalErrors: s.proposalErrors.Load(),
		LeaderChanges:  s.leaderChanges.Load(),
		Commit: Histogram{
			Bounds: commitBounds,
			Counts: counts,
			Count:  s.commitCount.Load(),
			Sum:    float64(s.commitSumNanos.Load()) / 1e9,
		},
	}
}
