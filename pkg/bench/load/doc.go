// Package load is the benchmark load generator: N concurrent clients run
// one scenario's queries back to back for a fixed time after a warm-up,
// and the run is summarised as QPS, latency percentiles, errors and rows/s
// (and, given the servers' process ids, the servers' CPU per query).
//
// A Driver connects clients to one system — NovaGraph/NebulaGraph through
// nebula-go, PostgreSQL over its wire protocol, Dgraph and Cayley over
// HTTP — and each system has its own text for the same scenario (GO 1 STEP
// is a join in SQL and a nested block in DQL), built from a shared
// Workload: the start vertices, first names and known edges of the
// generated graph, so every system answers the same questions.
//
// Run is safe to call from one goroutine at a time; it owns its clients'
// goroutines and returns after they end.
package load
