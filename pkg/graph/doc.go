// Package graph is graphd: it serves NebulaGraph's client protocol
// (GraphService) and answers queries.
//
//	client ──Thrift (header + compact)──▶ service ──▶ session check ──▶ exec.Engine
//	                                                                       │
//	        parse (pkg/ngql/parser) → validate → plan → optimize → execute ┘
//	                                                      (storage/meta clients)
//
// The package owns the service handler (authenticate, signout, execute*,
// executeJson*, verifyClientVersion), the mapping of query errors to
// NebulaGraph's error codes, the executeJson rendering, graphd's metrics and
// its HTTP endpoints (/status, /flags, /metrics). Sessions live in
// pkg/graph/session, the query engine in pkg/graph/exec, typed query errors
// in pkg/graph/status.
//
// Main types: Server (one graphd: Listen, then Run until the context ends),
// Config (NebulaGraph's flags), Engine (what runs statements).
//
// Concurrency: a Server serves every connection on its own goroutine; the
// service keeps no per-request state, so all of it is safe for concurrent use.
package graph
