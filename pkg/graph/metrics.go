package graph

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are graphd's Prometheus series, named after NebulaGraph's stats
// (num_queries, num_query_errors, query_latency_us, num_active_sessions, ...).
type metrics struct {
	queries        prometheus.Counter
	queryErrors    *prometheus.CounterVec
	activeQueries  prometheus.Gauge
	latency        prometheus.Histogram
	openedSessions prometheus.Counter
	authFailed     prometheus.Counter
	// Requests at or past --slow_query_threshold_us (slowlog.go).
	slowQueries prometheus.Counter
	slowLatency prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer, activeSessions func() float64) *metrics {
	m := &metrics{
		queries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "graphd_num_queries_total", Help: "Statements received.",
		}),
		queryErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "graphd_num_query_errors_total", Help: "Statements that failed, by error code.",
		}, []string{"code"}),
		activeQueries: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "graphd_num_active_queries", Help: "Statements executing now.",
		}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "graphd_query_latency_seconds",
			Help:    "Server-side latency of statements.",
			Buckets: prometheus.ExponentialBuckets(50e-6, 2, 20),
		}),
		openedSessions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "graphd_num_opened_sessions_total", Help: "Sessions created.",
		}),
		authFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "graphd_num_auth_failed_sessions_total", Help: "Failed authentications.",
		}),
		slowQueries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "graphd_num_slow_queries_total", Help: "Requests that took at least --slow_query_threshold_us.",
		}),
		slowLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "graphd_slow_query_latency_seconds",
			Help:    "Server-side latency of the requests counted as slow.",
			Buckets: prometheus.ExponentialBuckets(1e-3, 2, 18),
		}),
	}
	reg.MustRegister(m.queries, m.queryErrors, m.activeQueries, m.latency, m.openedSessions, m.authFailed,
		m.slowQueries, m.slowLatency,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "graphd_num_active_sessions", Help: "Live sessions.",
		}, activeSessions))
	return m
}
