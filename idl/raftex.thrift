// raftex.thrift — replication traffic between storaged hosts (pkg/raftex).
//
// One RaftexService listener per process carries the raft messages of every
// partition it hosts; each request names its group by (space, part). The
// messages mirror hashicorp/raft's RPCs field for field so that the transport
// is a lossless translation.
//
// Framing (pkg/raftex/transport_frame.go): each message is a Thrift compact
// protocol message preceded by its length as a 4-byte big-endian integer
// (Thrift's "framed" transport). Unlike a plain Thrift server, replies may
// come back in any order; the client matches them to calls by sequence id.
// This lets one connection carry hundreds of groups without a slow group
// blocking the others.
//
// This protocol is internal to NovaGraph: field ids may change together with
// pkg/raftex, but never renumber a field within one release.

namespace go raftex

typedef i32 GraphSpaceID
typedef i32 PartitionID

// ErrorCode is a transport-level failure; raft's own refusals (stale term,
// log mismatch) travel in the response fields, and an error string raft
// returned for the request travels in `error` with code E_RAFT.
enum ErrorCode {
    SUCCEEDED        = 0,
    E_UNKNOWN_PART   = 1,  // the group is not open on the receiving host
    E_HOST_STOPPED   = 2,  // the receiving host is shutting down
    E_RAFT           = 3,  // raft returned an error for this request
    E_SNAPSHOT       = 4,  // the snapshot stream named by stream_id is gone
    E_BAD_REQUEST    = 5,  // malformed request
}

// RPCHeader identifies the sender (raft.RPCHeader).
struct RPCHeader {
    1: i64    protocol_version,
    2: binary id,
    3: binary addr,
}

// LogEntry is one raft.Log.
struct LogEntry {
    1: i64    index,
    2: i64    term,
    3: i8     type,
    4: binary data,
    5: binary extensions,
    6: i64    appended_at,  // unix nanoseconds; 0 when unset
}

struct AppendEntriesRequest {
    1: GraphSpaceID   space,
    2: PartitionID    part,
    3: RPCHeader      header,
    4: i64            term,
    5: binary         leader,
    6: i64            prev_log_entry,
    7: i64            prev_log_term,
    8: list<LogEntry> entries,
    9: i64            leader_commit_index,
}

struct AppendEntriesResponse {
    1: ErrorCode code,
    2: binary    error,
    3: RPCHeader header,
    4: i64       term,
    5: i64       last_log,
    6: bool      success,
    7: bool      no_retry_backoff,
}

struct RequestVoteRequest {
    1: GraphSpaceID space,
    2: PartitionID  part,
    3: RPCHeader    header,
    4: i64          term,
    5: binary       candidate,
    6: i64          last_log_index,
    7: i64          last_log_term,
    8: bool         leadership_transfer,
}

struct RequestVoteResponse {
    1: ErrorCode code,
    2: binary    error,
    3: RPCHeader header,
    4: i64       term,
    5: binary    peers,
    6: bool      granted,
}

struct RequestPreVoteRequest {
    1: GraphSpaceID space,
    2: PartitionID  part,
    3: RPCHeader    header,
    4: i64          term,
    5: i64          last_log_index,
    6: i64          last_log_term,
}

struct RequestPreVoteResponse {
    1: ErrorCode code,
    2: binary    error,
    3: RPCHeader header,
    4: i64       term,
    5: bool      granted,
}

struct TimeoutNowRequest {
    1: GraphSpaceID space,
    2: PartitionID  part,
    3: RPCHeader    header,
}

struct TimeoutNowResponse {
    1: ErrorCode code,
    2: binary    error,
    3: RPCHeader header,
}

// InstallSnapshotRequest carries one chunk of a snapshot stream. A stream is
// a sequence of chunks with the same stream_id sent one at a time (the next
// chunk only after the previous reply); the first chunk (offset 0) also
// carries raft's request fields, the last one has `last` set and its reply
// carries raft's answer.
struct InstallSnapshotRequest {
    1:  GraphSpaceID space,
    2:  PartitionID  part,
    3:  i64          stream_id,
    4:  i64          offset,
    5:  binary       chunk,
    6:  bool         last,
    7:  RPCHeader    header,
    8:  i32          snapshot_version,
    9:  i64          term,
    10: binary       leader,
    11: i64          last_log_index,
    12: i64          last_log_term,
    13: binary       peers,
    14: binary       configuration,
    15: i64          configuration_index,
    16: i64          size,
}

// InstallSnapshotResponse answers one chunk. `done` says the receiver has
// finished with the stream (it is the answer to the last chunk, or raft
// rejected the snapshot early); term and success are raft's answer then.
struct InstallSnapshotResponse {
    1: ErrorCode code,
    2: binary    error,
    3: RPCHeader header,
    4: i64       term,
    5: bool      success,
    6: bool      done,
}

// PartStateRequest asks a host how far its replica of a part has got; a
// leader uses it to wait for a learner to catch up before promoting it.
struct PartStateRequest {
    1: GraphSpaceID space,
    2: PartitionID  part,
}

struct PartStateResponse {
    1: ErrorCode code,
    2: binary    error,
    3: i64       term,
    4: i64       last_log_index,
    5: i64       commit_index,
    6: i64       applied_index,
    7: binary    state,  // raft.RaftState.String()
}

service RaftexService {
    AppendEntriesResponse   appendEntries(1: AppendEntriesRequest req),
    RequestVoteResponse     requestVote(1: RequestVoteRequest req),
    RequestPreVoteResponse  requestPreVote(1: RequestPreVoteRequest req),
    TimeoutNowResponse      timeoutNow(1: TimeoutNowRequest req),
    InstallSnapshotResponse installSnapshot(1: InstallSnapshotRequest req),
    PartStateResponse       getPartState(1: PartStateRequest req),
}
