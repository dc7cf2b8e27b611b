// Package pathbench measures FIND SHORTEST PATH end to end: a client
// (nebula-go) against an in-process cluster (pkg/localcluster) holding a
// generated power-law graph. It reports latency percentiles per query:
//
//	go test ./tests/pathbench/ -run XXX -bench . -pathbench.vertices 20000
//
// The graph is built once per test binary by preferential attachment
// (Barabási–Albert: each new vertex links to m existing ones, chosen in
// proportion to their degree), so a few hubs hold many edges, as in social
// and web graphs. Sizes come from flags; the defaults are small enough for
// a laptop.
package pathbench
