package meta

import (
	"github.com/hashicorp/raft"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are metad's Prometheus series.
type metrics struct {
	errors     *prometheus.CounterVec
	heartbeats *prometheus.CounterVec
}

// newMetrics registers metad's series on reg; state reports the replica's
// raft state and the catalog version and applied index.
func newMetrics(reg prometheus.Registerer, state func() (raft.RaftState, int64, uint64)) *metrics {
	m := &metrics{
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "metad_request_errors_total", Help: "Requests answered with an error, by error code.",
		}, []string{"code"}),
		heartbeats: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "metad_heartbeats_total", Help: "Heartbeats received, by host role.",
		}, []string{"role"}),
	}
	reg.MustRegister(m.errors, m.heartbeats,
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
	return m
}
