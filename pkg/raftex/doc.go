// Package raftex replicates storage partitions: every part (partition) of
// every space is a raft group, and a storaged host runs hundreds of them
// ("Multi-Raft") on hashicorp/raft, one raft.Raft per group, sharing what
// is costly per host:
//
//	   Propose / ReadBarrier / membership          (pkg/storage)
//	                  │
//	┌─────────────────▼───────────────────┐
//	│ Part ── raft.Raft ── partFSM ───────┼──► Engine (data, no fsync;
//	│   ×N      │    │                    │    applied index per part)
//	│           │    └── snapStore ───────┼──► spool files (received
//	│           │                         │    snapshots only)
//	│           ├── groupLog ─────────────┼──► logDB: one Pebble, synced,
//	│           │                         │    group commit for all groups
//	│           └── groupTransport ───────┼──► transport: one listener,
//	│                          Node       │    pooled connections per peer
//	└─────────────────────────────────────┘
//
// Vocabulary. A Node is one host's replication layer; a Part is its
// replica of one part; a group is the raft group of a part, named
// (space, part) on the wire. A learner is a non-voting member that
// receives the log. A replica's address is the host's raft listen address,
// which is also its raft server ID in every group.
//
// What it owns:
//
//   - The transport (transport*.go): the RaftexService of
//     idl/raftex.thrift on one listener, carrying AppendEntries (pipelined),
//     RequestVote, RequestPreVote, TimeoutNow and chunked InstallSnapshot
//     for every group, and a bounded pool of connections per peer host. A
//     connection multiplexes calls (replies are matched by sequence id), a
//     group's messages to a peer always use the same connection, and every
//     call has a deadline. A fault switch (Node.BlockPeer) cuts peers off in
//     tests.
//   - The raft log and stable store (logstore.go): one Pebble instance for
//     every group of the host, fsynced on every append, with a short
//     group-commit window (Options.LogSyncInterval) so that concurrent
//     groups share fsyncs — or, with Options.SkipLogSync, appends only
//     written to the OS, with term, vote and snapshot metadata still
//     fsynced (logstore_nosync.go). Logs are truncated after snapshots.
//   - The state machine (part_fsm.go): applies committed batches to the
//     data Engine without fsync, writing the part's applied index in the
//     same batch; entries at or below it are skipped, so a replay after a
//     crash (raft replays from the last snapshot) changes nothing.
//   - Snapshots (part_snapshot.go): a snapshot raft takes is only an fsync
//     of the engine and a metadata record; the bytes are streamed from an
//     engine snapshot of the part's key range only when a peer needs them.
//   - Membership: learners (AddLearner), promotion once caught up
//     (Promote, AddVoter), removal (RemovePeer) one change at a time,
//     leader transfer (TransferLeader), and dropping a replica's data
//     (Drop).
//
// It does not own the data engine (the caller opens it, kvstore later),
// the key layout (the caller gives each part its Spans and AppliedKey) or
// the placement of parts (metad decides; storage opens parts and calls the
// membership methods).
//
// Formats of the log records, snapshot metadata, proposals and snapshot
// streams are in format.md.
//
// Concurrency. Node and Part methods are safe for concurrent use.
// Propose and the membership methods must be called on the part's leader
// and block until committed (ctx bounds the time to enter raft; after
// that, raft's leader lease bounds the wait). Reads go to the leader's
// engine after ReadBarrier, which a deposed leader cannot pass. Leader
// changes arrive on Part.Subscribe channels (newest value wins) and on
// Options.OnLeaderChange, from one goroutine per Node.
//
// Goroutines: besides hashicorp/raft's own (a few per group, plus two per
// follower on a leader), the Node runs one leader-change dispatcher, and
// the transport runs an accept loop, a reader and a writer per connection,
// a short-lived goroutine per request being served, a decoder per
// replication pipeline and a watcher per snapshot being received. All are
// owned by the Node and end in Close, which closes the transport first (so
// groups shut down without waiting out RPC deadlines), then every part,
// then the log store.
package raftex
