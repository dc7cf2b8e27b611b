// storage.thrift — the services storaged serves on --port (9779).
//
// Two services share the port (their method names are distinct, so one
// processor dispatches both):
//
//  * GraphStorageService: graph reads and writes, called by graphd's storage
//    client (pkg/storage.Client) with one request per partition leader.
//    scanVertex and scanEdge are also called by external tools (nebula-java's
//    StorageClient behind the spark connector, nebula-python's
//    GraphStorageClient): those two methods, their argument ids and every
//    struct they carry (ScanVertexRequest, ScanEdgeRequest, ScanCursor,
//    VertexProp, EdgeProp, RequestCommon, ScanResponse, ResponseCommon,
//    PartitionResult) are wire-compatible with NebulaGraph v3.8.0 (see
//    ../shared/docs/wire-protocol.md §13): never renumber or retype a field
//    of them. The other methods keep NebulaGraph's shapes where they fit;
//    fields NovaGraph adds take new ids so that NebulaGraph readers skip them.
//  * StorageAdminService: partition and maintenance commands sent by metad
//    (balance, jobs, snapshots). Internal to NovaGraph.
//
// Conventions (NovaGraph's, where NebulaGraph's own encoding is opaque):
//
//  * Expressions (filters, pushed-down yields, update values, stat
//    properties) travel as nGQL expression text in NebulaGraph's syntax, as
//    pkg/ngql/ast prints them. On storage, `name.prop` resolves to a property
//    of the tag or edge type called name, `$^.tag.prop` to a property of the
//    source vertex of the current edge, and `edge._src`, `._dst`, `._rank`,
//    `._type` to the current edge's key.
//  * Vertex ids are common.Value: an int in INT64 spaces, a string in
//    FIXED_STRING(N) spaces.
//  * Every per-partition failure is one PartitionResult in
//    ResponseCommon.failed_parts; E_LEADER_CHANGED carries the leader's
//    storage address when the replica knows it.
//
// Strings are `binary` so that non-UTF-8 names survive every SDK.

include "common.thrift"

namespace go storage

enum StatType {
    SUM   = 1,
    COUNT = 2,
    AVG   = 3,
    MAX   = 4,
    MIN   = 5,
}

enum OrderDirection {
    ASCENDING  = 1,
    DESCENDING = 2,
}

enum EdgeDirection {
    BOTH     = 1,
    IN_EDGE  = 2,
    OUT_EDGE = 3,
}

enum ScanType {
    PREFIX = 1,
    RANGE  = 2,
}

enum EngineSignType {
    BLOCK_ON  = 1,
    BLOCK_OFF = 2,
}

// ---------------------------------------------------------------------------
// Shared request/response parts (wire-compatible).

struct RequestCommon {
    1: optional common.SessionID       session_id,
    2: optional common.ExecutionPlanID plan_id,
    3: optional bool                   profile_detail,
}

struct PartitionResult {
    1: required common.ErrorCode   code,
    2: required common.PartitionID part_id,
    // Set with E_LEADER_CHANGED when the replica knows the leader.
    3: optional common.HostAddr    leader,
    // NovaGraph: a human-readable reason.
    4: optional binary             error_msg,
}

struct ResponseCommon {
    // Only the partitions that failed.
    1: required list<PartitionResult> failed_parts,
    2: required i64                   latency_in_us,
    3: optional map<string, i32>      latency_detail_us,
}

// StatProp asks for an aggregate of an expression over the edges of a vertex.
struct StatProp {
    1: binary   name,   // NebulaGraph's alias (a reserved word here)
    2: binary   prop,   // expression text
    3: StatType stat,
}

// Expr is an expression to evaluate on storage, called name in the result.
struct Expr {
    1: binary name,   // NebulaGraph's alias
    2: binary expr,     // expression text
}

// EdgeProp names properties of one edge type; a negative type is the
// reverse direction. Besides schema properties, _src, _type, _rank and _dst.
struct EdgeProp {
    1: common.EdgeType type,
    2: list<binary>    props,
}

// VertexProp names properties of one tag. Besides schema properties, _vid
// and _tag.
struct VertexProp {
    1: common.TagID tag,
    2: list<binary> props,
}

struct OrderBy {
    1: binary         prop,
    2: OrderDirection direction,
}

// ---------------------------------------------------------------------------
// getNeighbors.
//
// The answer is a DataSet with one row per start vertex the filters keep and
// the columns (in this order):
//   _vid                                  the vertex id
//   _stats                                a list, one value per stat_props
//   _tag:<tag>:<prop>:<prop>...           per vertex_props entry: a list of
//                                         the values, EMPTY without the tag
//   _edge:<+|-><edge>:<prop>:<prop>...    per edge_props entry (sign =
//                                         direction): a list with one list
//                                         of values per edge, EMPTY if none
//   _expr                                 a list, one value per expressions

struct TraverseSpec {
    // Signed edge types to follow; empty means every edge type of the space
    // in edge_direction.
    1:  list<common.EdgeType> edge_types,
    2:  EdgeDirection         edge_direction = EdgeDirection.BOTH,
    // Drop an edge whose returned values equal those of an earlier edge of
    // the same vertex and edge type.
    3:  bool                  dedup = false,
    4:  optional list<StatProp>   stat_props,
    // Unset: every property of every tag.
    5:  optional list<VertexProp> vertex_props,
    // Unset: every property of every edge type followed.
    6:  optional list<EdgeProp>   edge_props,
    7:  optional list<Expr>       expressions,
    8:  optional list<OrderBy>    order_by,
    // With limit: keep a uniform random sample of limit edges per vertex.
    9:  optional bool             random,
    // At most this many edges per vertex.
    10: optional i64              limit,
    // Evaluated per edge (with the source vertex's properties as $^).
    11: optional binary           filter,
    // Evaluated per start vertex; a vertex it rejects gets no row.
    12: optional binary           tag_filter,
    // NovaGraph: at most this many edges per partition in total.
    13: optional i64              total_limit,
    // NovaGraph: the properties of the kept edges' destinations to return
    // in GetNeighborsResponse.dst_props, as GetProps would for these
    // vertex_props, for the destinations whose partition this host leads.
    // A GO that reads $$ then asks GetProps only for the others.
    14: optional list<VertexProp> dst_props,
}

struct GetNeighborsRequest {
    1: common.GraphSpaceID                              space_id,
    2: list<binary>                                     column_names,
    3: map<common.PartitionID, list<common.Value>>      parts,
    4: TraverseSpec                                     traverse_spec,
    5: optional RequestCommon                           common,
}

struct GetNeighborsResponse {
    1: required ResponseCommon    result,
    2: optional common.DataSet    vertices,
    // NovaGraph: with traverse_spec.dst_props, one row per distinct
    // destination answered here: _vid, then GetProps' columns; a vertex
    // without any of the tags has EMPTY in all of them. A destination
    // without a row was not answered (its partition is led elsewhere).
    3: optional common.DataSet    dst_props,
}

struct GetDstBySrcRequest {
    1: common.GraphSpaceID                              space_id,
    2: map<common.PartitionID, list<common.Value>>      parts,
    3: list<common.EdgeType>                            edge_types,
    4: optional RequestCommon                           common,
}

struct GetDstBySrcResponse {
    1: required ResponseCommon    result,
    2: optional common.DataSet    dsts,
}

struct ExecResponse {
    1: required ResponseCommon result,
}

// ---------------------------------------------------------------------------
// getProps: vertex rows are [vid]; edge rows are [src, type, rank, dst].
// Columns: _vid then <tag>.<prop> for vertices; <edge>.<prop> (including
// <edge>._src, ._type, ._rank, ._dst) for edges; then the expressions' names.

struct GetPropRequest {
    1:  common.GraphSpaceID                           space_id,
    2:  map<common.PartitionID, list<common.Row>>     parts,
    3:  optional list<VertexProp>                     vertex_props,
    4:  optional list<EdgeProp>                       edge_props,
    5:  optional list<Expr>                           expressions,
    6:  bool                                          dedup = false,
    7:  optional list<OrderBy>                        order_by,
    8:  optional i64                                  limit,
    9:  optional binary                               filter,
    10: optional RequestCommon                        common,
}

struct GetPropResponse {
    1: ResponseCommon          result,
    2: optional common.DataSet props,
}

// ---------------------------------------------------------------------------
// Mutations.

struct NewTag {
    1: common.TagID       tag_id,
    2: list<common.Value> props,
}

struct NewVertex {
    1: common.Value id,
    2: list<NewTag> tags,
}

// EdgeKey: edge_type > 0 is the out-key stored with src; < 0 the in-key
// stored with dst (then src is the edge's destination).
struct EdgeKey {
    1: common.Value       src,
    2: common.EdgeType    edge_type,
    3: common.EdgeRanking ranking,
    4: common.Value       dst,
}

struct NewEdge {
    1: EdgeKey            key,
    2: list<common.Value> props,
}

struct AddVerticesRequest {
    1: common.GraphSpaceID                            space_id,
    2: map<common.PartitionID, list<NewVertex>>       parts,
    // The property names each tag's values follow; a tag absent here takes
    // its values in schema order.
    3: map<common.TagID, list<binary>>                prop_names,
    4: bool                                           if_not_exists,
    5: bool                                           ignore_existed_index,
    6: optional RequestCommon                         common,
}

// The client sends both keys of an edge: the out-key in src's partition and
// the in-key in dst's.
struct AddEdgesRequest {
    1: common.GraphSpaceID                            space_id,
    2: map<common.PartitionID, list<NewEdge>>         parts,
    3: list<binary>                                   prop_names,
    4: bool                                           if_not_exists,
    5: bool                                           ignore_existed_index,
    6: optional RequestCommon                         common,
}

struct DeleteVerticesRequest {
    1: common.GraphSpaceID                            space_id,
    2: map<common.PartitionID, list<common.Value>>    parts,
    3: optional RequestCommon                         common,
}

struct DeleteEdgesRequest {
    1: common.GraphSpaceID                            space_id,
    2: map<common.PartitionID, list<EdgeKey>>         parts,
    3: optional RequestCommon                         common,
}

struct DelTags {
    1: common.Value       id,
    2: list<common.TagID> tags,
}

struct DeleteTagsRequest {
    1: common.GraphSpaceID                            space_id,
    2: map<common.PartitionID, list<DelTags>>         parts,
    3: optional RequestCommon                         common,
}

// updateVertex/updateEdge: read-modify-write of one row in the partition's
// raft order. props holds the return_props values (one row) when asked;
// its first column is _inserted (whether an upsert inserted the row).
struct UpdateResponse {
    1: required ResponseCommon result,
    2: optional common.DataSet props,
}

struct UpdatedProp {
    1: required binary name,
    2: required binary value,   // expression text over the old row
}

struct UpdateVertexRequest {
    1: common.GraphSpaceID      space_id,
    2: common.PartitionID       part_id,
    3: common.Value             vertex_id,
    4: required common.TagID    tag_id,
    5: list<UpdatedProp>        updated_props,
    6: optional bool            insertable = false,
    7: optional list<binary>    return_props,
    8: optional binary          condition,
    9: optional RequestCommon   common,
}

struct UpdateEdgeRequest {
    1: common.GraphSpaceID      space_id,
    2: common.PartitionID       part_id,
    3: EdgeKey                  edge_key,
    4: list<UpdatedProp>        updated_props,
    5: optional bool            insertable = false,
    6: optional list<binary>    return_props,
    7: optional binary          condition,
    8: optional RequestCommon   common,
}

struct GetUUIDReq {
    1: common.GraphSpaceID    space_id,
    2: common.PartitionID     part_id,
    3: binary                 name,
    4: optional RequestCommon common,
}

struct GetUUIDResp {
    1: required ResponseCommon result,
    2: common.Value            id,
}

// ---------------------------------------------------------------------------
// lookupIndex. Each IndexQueryContext is one index scan; the answer is the
// union of the contexts' rows. Columns: the return_columns, a property name
// `p` shown as <schema>.<p>; _vid (tags) and _src, _type, _rank, _dst (edges)
// as they are.

struct LookupIndexResp {
    1: required ResponseCommon    result,
    2: optional common.DataSet    data,
    3: optional common.DataSet    stat_data,
}

// IndexColumnHint bounds one index field: PREFIX is equality with
// begin_value; RANGE is [begin_value, end_value) with the include_* flags
// (an EMPTY bound is open).
struct IndexColumnHint {
    1: binary       column_name,
    2: ScanType     scan_type,
    3: common.Value begin_value,
    4: common.Value end_value,
    5: bool         include_begin = true,
    6: bool         include_end = false,
}

struct IndexQueryContext {
    1: common.IndexID         index_id,
    // Evaluated on each candidate row; empty means none.
    2: binary                 filter,
    // In the index's field order: PREFIX hints, then at most one RANGE.
    3: list<IndexColumnHint>  column_hints,
}

struct IndexSpec {
    1: required list<IndexQueryContext> contexts,
    2: common.SchemaID                  schema_id,
}

struct LookupIndexRequest {
    1: required common.GraphSpaceID     space_id,
    2: required list<common.PartitionID> parts,
    3: IndexSpec                        indices,
    4: optional list<binary>            return_columns,
    5: optional RequestCommon           common,
    // At most this many rows per partition.
    6: optional i64                     limit,
    7: optional list<OrderBy>           order_by,
    8: optional list<StatProp>          stat_columns,
}

struct LookupAndTraverseRequest {
    1: required common.GraphSpaceID      space_id,
    2: required list<common.PartitionID> parts,
    3: IndexSpec                         indices,
    4: TraverseSpec                      traverse_spec,
    5: optional RequestCommon            common,
}

// ---------------------------------------------------------------------------
// scanVertex / scanEdge (wire-compatible). Columns: _vid then <tag>.<prop>
// for vertices; <edge>.<prop> for edges. A cursor is an opaque position in
// the partition; next_cursor unset means the partition is exhausted.

struct ScanCursor {
    1: optional binary next_cursor,
}

struct ScanVertexRequest {
    1:  common.GraphSpaceID                       space_id,
    2:  map<common.PartitionID, ScanCursor>       parts,
    3:  list<VertexProp>                          return_columns,
    // At most this many rows per partition; negative means no limit.
    4:  i64                                       limit,
    5:  optional i64                              start_time,
    6:  optional i64                              end_time,
    7:  optional binary                           filter,
    8:  bool                                      only_latest_version = false,
    9:  bool                                      enable_read_from_follower = true,
    10: optional RequestCommon                    common,
}

struct ScanEdgeRequest {
    1:  common.GraphSpaceID                       space_id,
    2:  map<common.PartitionID, ScanCursor>       parts,
    3:  list<EdgeProp>                            return_columns,
    4:  i64                                       limit,
    5:  optional i64                              start_time,
    6:  optional i64                              end_time,
    7:  optional binary                           filter,
    8:  bool                                      only_latest_version = false,
    9:  bool                                      enable_read_from_follower = true,
    10: optional RequestCommon                    common,
}

struct ScanResponse {
    1: required ResponseCommon                    result,
    2: optional common.DataSet                    props,
    3: map<common.PartitionID, ScanCursor>        cursors,
}

// ---------------------------------------------------------------------------
// Key-value access to a space's raw keys (NebulaGraph's kv interface).

struct KVGetRequest {
    1: common.GraphSpaceID                        space_id,
    2: map<common.PartitionID, list<binary>>      parts,
    // true: missing keys are left out; false: any missing key fails the part.
    3: bool                                       return_partly,
}

struct KVGetResponse {
    1: required ResponseCommon                    result,
    2: map<binary, binary>                        key_values,
}

struct KVPutRequest {
    1: common.GraphSpaceID                             space_id,
    2: map<common.PartitionID, list<common.KeyValue>>  parts,
}

struct KVRemoveRequest {
    1: common.GraphSpaceID                        space_id,
    2: map<common.PartitionID, list<binary>>      parts,
}

service GraphStorageService {
    GetNeighborsResponse getNeighbors(1: GetNeighborsRequest req)
    GetDstBySrcResponse  getDstBySrc(1: GetDstBySrcRequest req)
    GetPropResponse      getProps(1: GetPropRequest req)

    ExecResponse addVertices(1: AddVerticesRequest req)
    ExecResponse addEdges(1: AddEdgesRequest req)

    ExecResponse deleteEdges(1: DeleteEdgesRequest req)
    ExecResponse deleteVertices(1: DeleteVerticesRequest req)
    ExecResponse deleteTags(1: DeleteTagsRequest req)

    UpdateResponse updateVertex(1: UpdateVertexRequest req)
    UpdateResponse updateEdge(1: UpdateEdgeRequest req)

    ScanResponse scanVertex(1: ScanVertexRequest req)
    ScanResponse scanEdge(1: ScanEdgeRequest req)

    GetUUIDResp getUUID(1: GetUUIDReq req)

    LookupIndexResp      lookupIndex(1: LookupIndexRequest req)
    GetNeighborsResponse lookupAndTraverse(1: LookupAndTraverseRequest req)

    KVGetResponse get(1: KVGetRequest req)
    ExecResponse  put(1: KVPutRequest req)
    ExecResponse  remove(1: KVRemoveRequest req)
}

// ---------------------------------------------------------------------------
// StorageAdminService (internal).

// StatsItem counts a space's live (unexpired) data; names are tag and edge
// type names.
struct StatsItem {
    1: map<binary, i64> tag_vertices,
    2: map<binary, i64> edges,
    3: i64              space_vertices,
    4: i64              space_edges,
}

struct AdminExecResp {
    1: required ResponseCommon result,
    2: optional StatsItem      stats,
}

struct TransLeaderReq {
    1: common.GraphSpaceID space_id,
    2: common.PartitionID  part_id,
    3: common.HostAddr     new_leader,
}

// addPart opens a replica here. as_learner: join an existing part (the
// leader adds it with addLearner); else peers are the initial voters.
struct AddPartReq {
    1: common.GraphSpaceID    space_id,
    2: common.PartitionID     part_id,
    3: bool                   as_learner,
    4: list<common.HostAddr>  peers,
}

struct AddLearnerReq {
    1: common.GraphSpaceID space_id,
    2: common.PartitionID  part_id,
    3: common.HostAddr     learner,
}

struct RemovePartReq {
    1: common.GraphSpaceID space_id,
    2: common.PartitionID  part_id,
}

// memberChange, sent to the leader: add promotes the learner peer to a voter
// once it has caught up; otherwise peer is removed.
struct MemberChangeReq {
    1: common.GraphSpaceID space_id,
    2: common.PartitionID  part_id,
    3: common.HostAddr     peer,
    4: bool                add,
}

struct CatchUpDataReq {
    1: common.GraphSpaceID space_id,
    2: common.PartitionID  part_id,
    3: common.HostAddr     target,
}

struct GetLeaderReq {
}

struct CreateCPRequest {
    1: list<common.GraphSpaceID> space_ids,
    2: binary                    name,
}

struct CreateCPResp {
    1: common.ErrorCode            code,
    2: list<common.CheckpointInfo> info,
    // NovaGraph: why it failed.
    3: optional binary             error_msg,
}

struct DropCPRequest {
    1: list<common.GraphSpaceID> space_ids,
    2: binary                    name,
}

struct DropCPResp {
    1: common.ErrorCode code,
    2: optional binary  error_msg,
}

struct BlockingSignRequest {
    1: list<common.GraphSpaceID> space_ids,
    2: required EngineSignType   sign,
}

struct BlockingSignResp {
    1: common.ErrorCode code,
}

// leader_parts: the parts this host leads, by space; term_parts their raft
// terms (NovaGraph), parallel to leader_parts.
struct GetLeaderPartsResp {
    1: common.ErrorCode                                       code,
    2: map<common.GraphSpaceID, list<common.PartitionID>>     leader_parts,
    3: optional map<common.GraphSpaceID, list<i64>>           terms,
}

struct CheckPeersReq {
    1: common.GraphSpaceID   space_id,
    2: common.PartitionID    part_id,
    3: list<common.HostAddr> peers,
}

struct RebuildIndexRequest {
    1: common.GraphSpaceID        space_id,
    2: list<common.PartitionID>   parts,
    3: common.IndexID             index_id,
}

// TaskPara: which space and parts (empty: every part this host leads; a
// part named here that this host does not lead fails the task with
// E_LEADER_CHANGED); task_specific_paras: index ids (decimal) for the
// rebuild jobs (none: every tag or edge index of the space).
struct TaskPara {
    1: common.GraphSpaceID                space_id,
    2: optional list<common.PartitionID>  parts,
    3: optional list<binary>              task_specific_paras,
}

// addTask runs a job's task on this host and answers when it has finished.
// job_type takes meta.thrift's JobType numbers (COMPACT 0, FLUSH 1,
// REBUILD_TAG_INDEX 2, REBUILD_EDGE_INDEX 3, STATS 5). The task outlives
// the call: a second call with the same job and task ids while it runs
// (a new metad leader resuming the job) waits for the same run, and only
// stopTask or the host's shutdown cancels it (E_USER_CANCEL).
struct AddTaskRequest {
    1: i32      job_type,
    2: i32      job_id,
    3: i32      task_id,
    4: TaskPara para,
}

struct AddTaskResp {
    1: common.ErrorCode    code,
    2: optional StatsItem  stats,
    3: optional binary     error_msg,
}

// stopTask cancels the running tasks of job_id on this host (task_id is
// informational: a job has one task per host).
struct StopTaskRequest {
    1: i32 job_id,
    2: i32 task_id,
}

struct StopTaskResp {
    1: common.ErrorCode code,
}

// NovaGraph backup and restore (cmd/br). backupPart reads one part's data
// out of this host's checkpoint (CREATE SNAPSHOT) named name: the rows,
// vertices, edges and index entries of the part (no raft bookkeeping), in
// key order from cursor (empty: the start), at most limit_bytes of keys
// and values per answer (at least one pair; 0 answers no data, only the
// applied index). next_cursor is empty once the part is exhausted.
// applied_index is the raft index the part's copy in the checkpoint is
// whole at.
struct BackupPartReq {
    1: common.GraphSpaceID space_id,
    2: common.PartitionID  part_id,
    3: binary              name,
    4: binary              cursor,
    5: i32                 limit_bytes,
}

struct BackupPartResp {
    1: common.ErrorCode      code,
    2: optional binary       error_msg,
    3: list<common.KeyValue> data,
    4: binary                next_cursor,
    5: i64                   applied_index,
}

// restorePart, on the part's leader, writes data (pairs backupPart gave)
// into the part through raft, so that every replica has them.
struct RestorePartReq {
    1: common.GraphSpaceID   space_id,
    2: common.PartitionID    part_id,
    3: list<common.KeyValue> data,
}

struct ClearSpaceReq {
    1: common.GraphSpaceID space_id,
}

struct ClearSpaceResp {
    1: common.ErrorCode code,
}

service StorageAdminService {
    AdminExecResp transLeader(1: TransLeaderReq req)
    AdminExecResp addPart(1: AddPartReq req)
    AdminExecResp addLearner(1: AddLearnerReq req)
    AdminExecResp removePart(1: RemovePartReq req)
    AdminExecResp memberChange(1: MemberChangeReq req)
    AdminExecResp waitingForCatchUpData(1: CatchUpDataReq req)

    CreateCPResp       createCheckpoint(1: CreateCPRequest req)
    DropCPResp         dropCheckpoint(1: DropCPRequest req)
    BlockingSignResp   blockingWrites(1: BlockingSignRequest req)
    GetLeaderPartsResp getLeaderParts(1: GetLeaderReq req)
    AdminExecResp      checkPeers(1: CheckPeersReq req)

    AddTaskResp   addAdminTask(1: AddTaskRequest req)
    StopTaskResp  stopAdminTask(1: StopTaskRequest req)
    ClearSpaceResp clearSpace(1: ClearSpaceReq req)

    BackupPartResp backupPart(1: BackupPartReq req)
    AdminExecResp  restorePart(1: RestorePartReq req)
}
