package storage

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are storaged's Prometheus series: per-RPC counts, failed parts
// and latencies (NebulaGraph's num_<rpc>, num_<rpc>_errors,
// <rpc>_latency_us), raft leadership, proposals, commit latency and applied
// indexes, and each engine's Pebble statistics (compactions, flushes, block
// cache).
type metrics struct {
	requests *prometheus.CounterVec
	errors   *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer, s *Store) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storaged_rpc_requests_total", Help: "Storage RPCs received, by method.",
		}, []string{"method"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storaged_rpc_failed_parts_total", Help: "Partitions that failed in storage RPCs, by method and error code.",
		}, []string{"method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "storaged_rpc_latency_seconds",
			Help:    "Server-side latency of storage RPCs, by method.",
			Buckets: prometheus.ExponentialBuckets(50e-6, 2, 20),
		}, []string{"method"}),
	}
	if reg == nil {
		return m
	}
	reg.MustRegister(m.requests, m.errors, m.latency, &storeCollector{s: s})
	return m
}

// observe records one RPC.
func (m *metrics) observe(method string, start time.Time, failed []partFailure) {
	m.requests.WithLabelValues(method).Inc()
	m.latency.WithLabelValues(method).Observe(time.Since(start).Seconds())
	for _, f := range failed {
		m.errors.WithLabelValues(method, f.code.String()).Inc()
	}
}

// storeCollector reports the Store's raft parts and engine statistics at
// scrape time.
type storeCollector struct{ s *Store }

var (
	descParts = prometheus.NewDesc("storaged_raft_parts",
		"Replicas hosted, by space.", []string{"space"}, nil)
	descLeaders = prometheus.NewDesc("storaged_raft_leader_parts",
		"Replicas that are their part's leader, by space.", []string{"space"}, nil)
	descEngine = prometheus.NewDesc("storaged_engine_stat",
		"Pebble statistics of each engine (space, data path index), by name.", []string{"space", "path", "stat"}, nil)
	descApplied = prometheus.NewDesc("storaged_raft_applied_index",
		"Sum over the space's replicas on this host of the last raft index applied: "+
			"equal on every replica of the space once they have applied the same log.", []string{"space"}, nil)
	descProposals = prometheus.NewDesc("storaged_raft_proposals_total",
		"Writes handed to raft by this host's leaders.", nil, nil)
	descProposalErrors = prometheus.NewDesc("storaged_raft_proposal_errors_total",
		"Writes handed to raft that then failed (leadership lost, timeout, shutdown).", nil, nil)
	descCommit = prometheus.NewDesc("storaged_raft_commit_latency_seconds",
		"Time from handing a write to raft until it is committed by a quorum and applied here.", nil, nil)
	descLeaderChanges = prometheus.NewDesc("storaged_raft_leader_changes_total",
		"Leader changes observed by this host's replicas.", nil, nil)
	descVertexCache = prometheus.NewDesc("storaged_vertex_cache_stat",
		"The vertex cache shared by all spaces (--enable_vertex_cache): hits, misses, bytes, entries.", []string{"stat"}, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descParts, descLeaders, descEngine, descApplied,
		descProposals, descProposalErrors, descCommit, descLeaderChanges, descVertexCache} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	parts := map[int32]int{}
	leaders := map[int32]int{}
	applied := map[int32]uint64{}
	for _, p := range c.s.node.Parts() {
		sp, _ := p.ID()
		parts[sp]++
		applied[sp] += p.AppliedIndex()
		if p.IsLeader() {
			leaders[sp]++
		}
	}
	for sp, n := range parts {
		id := itoa(sp)
		ch <- prometheus.MustNewConstMetric(descParts, prometheus.GaugeValue, float64(n), id)
		ch <- prometheus.MustNewConstMetric(descLeaders, prometheus.GaugeValue, float64(leaders[sp]), id)
		ch <- prometheus.MustNewConstMetric(descApplied, prometheus.GaugeValue, float64(applied[sp]), id)
	}
	st := c.s.node.Stats()
	ch <- prometheus.MustNewConstMetric(descProposals, prometheus.CounterValue, float64(st.Proposals))
	ch <- prometheus.MustNewConstMetric(descProposalErrors, prometheus.CounterValue, float64(st.ProposalErrors))
	ch <- prometheus.MustNewConstMetric(descLeaderChanges, prometheus.CounterValue, float64(st.LeaderChanges))
	buckets := make(map[float64]uint64, len(st.Commit.Bounds))
	var cum uint64
	for i, b := range st.Commit.Bounds {
		cum += st.Commit.Counts[i]
		buckets[b] = cum
	}
	ch <- prometheus.MustNewConstHistogram(descCommit, st.Commit.Count, st.Commit.Sum, buckets)
	if c.s.vcache != nil {
		vs := c.s.vcache.Stats()
		for name, v := range map[string]float64{
			"hits": float64(vs.Hits), "misses": float64(vs.Misses), "bytes": float64(vs.Bytes), "entries": float64(vs.Entries),
		} {
			ch <- prometheus.MustNewConstMetric(descVertexCache, prometheus.GaugeValue, v, name)
		}
	}
	for _, sp := range c.s.Spaces() {
		for i, e := range c.s.Engines(sp) {
			st := e.Stats()
			for name, v := range map[string]float64{
				"disk_usage_bytes":      float64(st.DiskUsage),
				"live_sst_bytes":        float64(st.LiveSSTSize),
				"memtable_bytes":        float64(st.MemTableSize),
				"wal_bytes":             float64(st.WALSize),
				"l0_files":              float64(st.L0Files),
				"read_amp":              float64(st.ReadAmp),
				"compactions":           float64(st.CompactionCount),
				"compaction_debt_bytes": float64(st.CompactionDebt),
				"flushes":               float64(st.FlushCount),
				"block_cache_bytes":     float64(st.BlockCacheSize),
				"block_cache_hits":      float64(st.BlockCacheHits),
				"block_cache_misses":    float64(st.BlockCacheMisses),
				"snapshots":             float64(st.Snapshots),
			} {
				ch <- prometheus.MustNewConstMetric(descEngine, prometheus.GaugeValue, v, itoa(sp), itoa(int32(i)), name)
			}
		}
	}
}
