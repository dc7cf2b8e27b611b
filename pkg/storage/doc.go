// Package storage is storaged — the graph storage service over Multi-Raft —
// and the storage client graphd uses to reach it.
//
//	graphd ── Client ──Thrift, one request per leader host──▶ Service / Admin
//	                                                              │
//	                              Store: spaces → engines (kvstore, one per
//	                              data path) and parts (raftex replicas)
//	                                                              │
//	       writes: key locks → read old rows → one raft entry with the data
//	               and its index entries → applied on every replica
//	       reads:  ReadBarrier (linearizable) → snapshot → decode rows,
//	               evaluate pushed-down filters → only what was asked
//
// It owns:
//
//   - Store: the partitions this host holds, opened as the meta partition
//     map says (Reconcile, run on every heartbeat by Run), created and
//     dropped by the admin commands of balance, and the graph operations
//     on one partition: AddVertices, AddEdges (keys as given: the client
//     sends the out-key and the in-key), DeleteVertices, DeleteEdges,
//     DeleteTags, UpdateVertex/UpdateEdge (read-modify-write in the part's
//     raft order), and the reads behind the Service: neighbors with
//     push-down (filters, per-vertex and total limits, sampling, dedup,
//     stats, expressions), props, index lookups, scans. Index entries are
//     written in the same raft entry as the rows they index. Rows past
//     their TTL are invisible and purged by the COMPACT task.
//   - Service (GraphStorageService) and Admin (StorageAdminService), the
//     Thrift handlers, served together on one port by Server, which also
//     serves /status, /flags and /metrics.
//   - Client: routes each partition's work to its leader (cached, corrected
//     by E_LEADER_CHANGED answers), fans out one request per host in
//     parallel, retries what can be retried, and reports the partitions
//     that still failed in an *Error.
//   - Meta, the small interface to the meta service that storaged and the
//     client need, and MemMeta, its in-memory twin for tests.
//
// It does not own the key and row layouts (pkg/kvstore), consensus
// (pkg/raftex), the expression language (pkg/ngql) or the meta service.
//
// Wire conventions (see idl/storage.thrift): expressions travel as nGQL
// text; name.prop resolves to a property of the tag or edge type called
// name, $^.tag.prop to the start vertex's. The raft address of a storaged
// is its storage address with the port plus one.
//
// Concurrency: Store, Service, Admin, Server and Client are safe for
// concurrent use. A request's partitions are served concurrently, one
// goroutine each, joined before the reply. Writes that read before writing
// hold per-key locks of their partition from the read until their raft
// entry is applied; writes that need no read take none.
package storage
