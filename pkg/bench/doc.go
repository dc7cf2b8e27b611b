// Package bench is the root of NovaGraph's benchmarking tools; the work is
// in its sub-packages:
//
//	gen       deterministic LDBC-SNB-like graphs (persons, KNOWS), streamed
//	          to CSV + mapping, N-Quads and PostgreSQL COPY files
//	mapping   the YAML mapping from CSV files to tags and edges (the format
//	          of the conformance datasets' config.yaml)
//	importer  a concurrent, resumable bulk loader through nebula-go
//	load      the load tool: scenarios, clients, latency statistics
//	floor     the machine's floors: loopback round trip, a bare Pebble scan
//
// cmd/gen, cmd/importer and cmd/bench are their command lines;
// bench/compare.sh puts NovaGraph next to its peers.
package bench
