package raftex

import (
	"errors"
	"log/slog"
	"time"

	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
)

// Options configure a Node. Zero values take the defaults documented on each
// field; the defaults fail a leader over within about three seconds.
type Options struct {
	// Dir holds the shared raft log store (a Pebble instance) and snapshot
	// streams being received. Required.
	Dir string
	// FS is the file system Dir lives on. Default vfs.Default; tests pass
	// vfs.NewStrictMem() to simulate a crash that loses unsynced writes.
	FS vfs.FS
	// ListenAddr is the host:port the raft service listens on. Default
	// "127.0.0.1:0" (a free port).
	ListenAddr string
	// AdvertiseAddr is this host's raft address as peers know it, which is
	// also its raft server ID in every group. Default: the bound address.
	AdvertiseAddr string

	// HeartbeatTimeout is how long a follower goes without hearing from a
	// leader before it starts an election (randomised up to twice that);
	// leaders send heartbeats ten times as often. Default 1 s.
	HeartbeatTimeout time.Duration
	// ElectionTimeout is how long a candidate waits for votes before
	// starting a new election (randomised likewise). Default 1 s.
	ElectionTimeout time.Duration
	// LeaderLeaseTimeout is how long a leader stays leader without hearing
	// from a quorum; after it, the leader steps down and pending proposals
	// fail. Default HeartbeatTimeout, as NebulaGraph's leader lease is its
	// heartbeat interval: with hashicorp/raft's 500 ms, a GO 3 STEPS
	// answering 900,000 rows on a two-core machine made leaders that went
	// half a second without an answer to their heartbeats step down, and
	// the reads then waited for elections. A follower still starts an
	// election only after HeartbeatTimeout, and reads rely on ReadLease,
	// so neither failover nor read safety changes.
	LeaderLeaseTimeout time.Duration
	// ReadLease is how long after a quorum confirmed a leader its reads
	// (ReadBarrier) skip asking the quorum again, as NebulaGraph's leader
	// lease; it must be less than HeartbeatTimeout, before which no other
	// leader can be elected. Default the smaller of LeaderLeaseTimeout and
	// half of HeartbeatTimeout; negative: every
	// read asks the quorum.
	ReadLease time.Duration
	// CommitTimeout bounds how long a follower may lag in learning the
	// commit index when there is no new entry to carry it; each group's
	// leader sends an otherwise empty message to each follower this often.
	// Reads go to leaders, so followers lagging a little costs nothing,
	// while hundreds of groups doing it often cost CPU. Default 500 ms.
	CommitTimeout time.Duration
	// MaxAppendEntries bounds the entries in one AppendEntries message and
	// in one batch of proposals. Default 64.
	MaxAppendEntries int

	// LogSyncInterval is the group-commit window of the shared raft log:
	// after an fsync that several appends shared, the next one waits this
	// long, gathering the appends of more groups. (After an fsync of a
	// single append, as with one busy group, the next one does not wait.)
	// Default 2 ms; negative: never wait.
	LogSyncInterval time.Duration
	// SkipLogSync acknowledges raft log appends once they are written to
	// the operating system, without waiting for fsync (storaged's
	// --wal_sync=false, as NebulaGraph's default): appends survive the
	// crash of the process but not a power cut of most of a group's
	// replicas, which may then lose writes they acknowledged. Term, vote,
	// snapshot metadata and rotated log files are still fsynced. Default
	// false: every append is durable before it is acknowledged.
	SkipLogSync bool

	// RPCTimeout is the deadline of every raft message sent (and of each
	// snapshot chunk). Heartbeats use the smaller of it and
	// HeartbeatTimeout. Default 2 s.
	RPCTimeout time.Duration
	// DialTimeout bounds connecting to a peer. Default 1 s.
	DialTimeout time.Duration
	// ConnsPerPeer is the size of the connection pool to each peer host;
	// every group's traffic to a peer uses one connection of the pool,
	// chosen by the group's id. Default 2.
	ConnsPerPeer int
	// MaxInflight bounds the AppendEntries messages one group keeps in
	// flight to one peer when pipelining. Default 8.
	MaxInflight int
	// MaxFrameSize bounds a message on the wire. Default 64 MiB.
	MaxFrameSize int

	// SnapshotInterval is how often each group checks whether its log has
	// grown SnapshotThreshold entries past its last snapshot, in which case
	// it snapshots (syncs the data engine; nothing is copied) and truncates
	// its log to TrailingLogs entries. Defaults 2 min, 8192, 10240.
	SnapshotInterval  time.Duration
	SnapshotThreshold uint64
	TrailingLogs      uint64
	// SnapshotChunkSize is the size of one snapshot stream chunk. Default
	// 1 MiB.
	SnapshotChunkSize int
	// SnapshotRateLimit bounds the bytes per second of the snapshot
	// streams this node sends, all parts together (NebulaGraph's
	// --snapshot_part_rate_limit), so that a replica catching up or a
	// balance moving replicas leaves bandwidth to client traffic. Zero or
	// less: no limit.
	SnapshotRateLimit int64
	// SnapshotTimeout bounds how long the receiver of a snapshot may take
	// to install it once the last chunk has arrived. Default 5 min.
	SnapshotTimeout time.Duration

	// LogCacheSize is the number of recent log entries each group keeps in
	// memory for replication. Default 128.
	LogCacheSize int

	// Logger receives raftex's own events. Default slog.Default().
	Logger *slog.Logger
	// RaftLogger receives hashicorp/raft's log lines. Default: warnings and
	// errors to Logger.
	RaftLogger hclog.Logger
	// OnLeaderChange, when set, is called for every leader change of every
	// part on this node, from a single goroutine; it must not block.
	OnLeaderChange func(LeaderChange)

	// wrapLog, when set, wraps each group's log store; the benchmark uses it
	// to measure a naive one-fsync-per-entry log.
	wrapLog func(raft.LogStore) raft.LogStore
	// serveInOrder makes the server handle a connection's requests one at a
	// time, as a plain Thrift server does; the benchmark uses it to measure
	// what multiplexing buys.
	serveInOrder bool
}

func (o *Options) fill() error {
	if o.Dir == "" {
		return errors.New("raftex: Options.Dir is required")
	}
	if o.FS == nil {
		o.FS = vfs.Default
	}
	if o.ListenAddr == "" {
		o.ListenAddr = "127.0.0.1:0"
	}
	setDur := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	setInt := func(i *int, def int) {
		if *i <= 0 {
			*i = def
		}
	}
	setDur(&o.HeartbeatTimeout, time.Second)
	setDur(&o.ElectionTimeout, time.Second)
	setDur(&o.LeaderLeaseTimeout, o.HeartbeatTimeout)
	setDur(&o.CommitTimeout, 500*time.Millisecond)
	if o.ReadLease == 0 {
		o.ReadLease = min(o.LeaderLeaseTimeout, o.HeartbeatTimeout/2)
	}
	if o.LogSyncInterval == 0 {
		o.LogSyncInterval = 2 * time.Millisecond
	} else if o.LogSyncInterval < 0 {
		o.LogSyncInterval = 0
	}
	setDur(&o.RPCTimeout, 2*time.Second)
	setDur(&o.DialTimeout, time.Second)
	setDur(&o.SnapshotInterval, 2*time.Minute)
	setDur(&o.SnapshotTimeout, 5*time.Minute)
	setInt(&o.MaxAppendEntries, 64)
	setInt(&o.ConnsPerPeer, 2)
	setInt(&o.MaxInflight, 8)
	setInt(&o.MaxFrameSize, 64<<20)
	setInt(&o.SnapshotChunkSize, 1<<20)
	setInt(&o.LogCacheSize, 128)
	if o.SnapshotThreshold == 0 {
		o.SnapshotThreshold = 8192
	}
	if o.TrailingLogs == 0 {
		o.TrailingLogs = 10240
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.RaftLogger == nil {
		o.RaftLogger = NewRaftLogger("raft", o.Logger)
	}
	if o.LeaderLeaseTimeout > o.HeartbeatTimeout {
		return errors.New("raftex: LeaderLeaseTimeout must not exceed HeartbeatTimeout")
	}
	if o.ReadLease >= o.HeartbeatTimeout {
		return errors.New("raftex: ReadLease must be less than HeartbeatTimeout")
	}
	if o.ElectionTimeout < o.HeartbeatTimeout {
		return errors.New("raftex: ElectionTimeout must be at least HeartbeatTimeout")
	}
	if o.SnapshotChunkSize > o.MaxFrameSize/2 {
		return errors.New("raftex: SnapshotChunkSize must be at most half of MaxFrameSize")
	}
	return nil
}

// raftConfig is the hashicorp/raft configuration of one group.
func (o *Options) raftConfig(local string, g groupID) *raft.Config {
	c := raft.DefaultConfig()
	c.LocalID = raft.ServerID(local)
	c.HeartbeatTimeout = o.HeartbeatTimeout
	c.ElectionTimeout = o.ElectionTimeout
	c.LeaderLeaseTimeout = o.LeaderLeaseTimeout
	c.CommitTimeout = o.CommitTimeout
	c.MaxAppendEntries = o.MaxAppendEntries
	c.BatchApplyCh = true
	c.SnapshotInterval = o.SnapshotInterval
	c.SnapshotThreshold = o.SnapshotThreshold
	c.TrailingLogs = o.TrailingLogs
	// The data engine already holds the state of the last snapshot (and
	// more); restoring it on start would only rewrite the same data.
	c.NoSnapshotRestoreOnStart = true
	c.NoLegacyTelemetry = true
	c.Logger = o.RaftLogger.Named(g.String())
	return c
}
