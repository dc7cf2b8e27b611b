package meta

import (
	"context"
	"errors"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/hashicorp/raft"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// metrics are metad's Prometheus series: requests, their latency and
// errors by method and code, heartbeats, the raft group's leadership,
// proposals and commit latency, and the Go runtime.
type metrics struct {
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	heartbeats *prometheus.CounterVec
	proposals  *prometheus.CounterVec
	commit     prometheus.Histogram
}

// newMetrics registers metad's series on reg; state reports the replica's
// raft state and the catalog version and applied index.
func newMetrics(reg prometheus.Registerer, state func() (raft.RaftState, int64, uint64)) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "metad_requests_total", Help: "Requests received, by method.",
		}, []string{"method"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "metad_request_latency_seconds",
			Help:    "Server-side latency of requests, by method.",
			Buckets: prometheus.ExponentialBuckets(50e-6, 2, 18),
		}, []string{"method"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "metad_request_errors_total", Help: "Requests answered with an error, by error code.",
		}, []string{"code"}),
		heartbeats: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "metad_heartbeats_total", Help: "Heartbeats received, by host role.",
		}, []string{"role"}),
		proposals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "metad_raft_proposals_total", Help: "Changes proposed to the meta raft group by this leader, by outcome.",
		}, []string{"result"}),
		commit: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "metad_raft_commit_latency_seconds",
			Help:    "Time from proposing a change until a quorum committed it and this leader applied it.",
			Buckets: prometheus.ExponentialBuckets(100e-6, 2, 16),
		}),
	}
	reg.MustRegister(m.requests, m.latency, m.errors, m.heartbeats, m.proposals, m.commit,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "metad_is_leader", Help: "1 on the raft leader of the meta group, else 0.",
		}, func() float64 {
			if st, _, _ := state(); st == raft.Leader {
				return 1
			}
			return 0
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "metad_catalog_version", Help: "Raft index of the last change of cached state.",
		}, func() float64 { _, v, _ := state(); return float64(v) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "metad_applied_index", Help: "Raft index of the last applied command.",
		}, func() float64 { _, _, a := state(); return float64(a) }),
	)
	// The Go runtime and the process, as graphd and storaged report them;
	// a registry given by the caller may have them already.
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil && !errors.As(err, new(prometheus.AlreadyRegisteredError)) {
			panic(err)
		}
	}
	return m
}

// observeCommit records a proposal handed to raft at start; it is deferred
// right after raft.Apply, so f is resolved when it runs.
func (m *metrics) observeCommit(start time.Time, f raft.ApplyFuture) {
	if f.Error() != nil {
		m.proposals.WithLabelValues("failed").Inc()
		return
	}
	m.proposals.WithLabelValues("committed").Inc()
	m.commit.Observe(time.Since(start).Seconds())
}

// instrument counts and times every method of proc.
func (m *metrics) instrument(proc *gmeta.MetaServiceProcessor) *gmeta.MetaServiceProcessor {
	for name, fn := range proc.ProcessorMap() {
		proc.AddToProcessorMap(name, timedProcessor{
			next:     fn,
			requests: m.requests.WithLabelValues(name),
			latency:  m.latency.WithLabelValues(name),
		})
	}
	return proc
}

// timedProcessor counts and times one Thrift method.
type timedProcessor struct {
	next     thrift.TProcessorFunction
	requests prometheus.Counter
	latency  prometheus.Observer
}

func (p timedProcessor) Process(ctx context.Context, seqID int32, in, out thrift.TProtocol) (bool, thrift.TException) {
	start := time.Now()
	ok, err := p.next.Process(ctx, seqID, in, out)
	p.requests.Inc()
	p.latency.Observe(time.Since(start).Seconds())
	return ok, err
}
