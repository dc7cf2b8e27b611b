// meta.thrift — MetaService, served by metad on --port (9559).
//
// Two audiences read this file:
//
//  * External JVM/Python tools (nebula-java MetaClient used by the spark
//    connector and exchange, nebula-python MetaCache) call verifyClientVersion,
//    listSpaces, getSpace, listTags, getTag, listEdges, getEdge, getPartsAlloc
//    and listHosts. Those methods, their argument ids and every struct they
//    carry are wire-compatible with NebulaGraph v3.8.0 (see
//    ../shared/docs/wire-protocol.md §13): never renumber or retype a field
//    of them.
//  * graphd and storaged (pkg/meta's client). Everything else is NovaGraph's
//    own design; it borrows NebulaGraph's shapes where they fit. Fields added
//    to a compatible struct take new ids so that NebulaGraph readers skip them.
//
// Every response carries `code` and `leader`: a follower answers
// E_LEADER_CHANGED with the leader's address, or an empty one if it knows none.
// Strings are `binary` so that non-UTF-8 names survive every SDK.

include "common.thrift"

namespace go meta

typedef i64 SchemaVer
typedef i64 ClusterID

// ID names the object a write created or touched. NebulaGraph declares it a
// union; it is a struct of optional fields here (identical bytes) so that an
// ExecResp with no id can still be written.
struct ID {
    1: optional common.GraphSpaceID space_id,
    2: optional common.TagID        tag_id,
    3: optional common.EdgeType     edge_type,
    4: optional common.IndexID      index_id,
    5: optional ClusterID           cluster_id,
}

enum HostStatus {
    ONLINE  = 0,
    OFFLINE = 1,
    UNKNOWN = 2,
}

enum HostRole {
    GRAPH    = 0,
    META     = 1,
    STORAGE  = 2,
    LISTENER = 3,
    AGENT    = 4,
    UNKNOWN  = 5,
}

enum ListHostType {
    ALLOC   = 0,
    GRAPH   = 1,
    META    = 2,
    STORAGE = 3,
    AGENT   = 4,
}

enum GeoShape {
    ANY        = 0,
    POINT      = 1,
    LINESTRING = 2,
    POLYGON    = 3,
}

enum IsolationLevel {
    DEFAULT = 0,
    TOSS    = 1,
}

enum AlterSchemaOp {
    ADD     = 1,
    CHANGE  = 2,
    DROP    = 3,
    UNKNOWN = 4,
}

enum AlterSpaceOp {
    ADD_ZONE = 1,
}

enum RoleType {
    GOD   = 1,
    ADMIN = 2,
    DBA   = 3,
    USER  = 4,
    GUEST = 5,
}

enum ConfigModule {
    UNKNOWN = 0,
    ALL     = 1,
    GRAPH   = 2,
    META    = 3,
    STORAGE = 4,
}

enum ConfigMode {
    IMMUTABLE = 0,
    REBOOT    = 1,
    MUTABLE   = 2,
    IGNORED   = 3,
}

enum QueryStatus {
    RUNNING = 1,
    KILLING = 2,
}

enum SnapshotStatus {
    VALID   = 0,
    INVALID = 1,
}

enum JobOp {
    ADD      = 1,
    SHOW_All = 2,
    SHOW     = 3,
    STOP     = 4,
    RECOVER  = 5,
}

enum JobType {
    COMPACT                = 0,
    FLUSH                  = 1,
    REBUILD_TAG_INDEX      = 2,
    REBUILD_EDGE_INDEX     = 3,
    REBUILD_FULLTEXT_INDEX = 4,
    STATS                  = 5,
    DATA_BALANCE           = 6,
    DOWNLOAD               = 7,
    INGEST                 = 8,
    LEADER_BALANCE         = 9,
    ZONE_BALANCE           = 10,
    UNKNOWN                = 99,
}

enum JobStatus {
    QUEUE    = 1,
    RUNNING  = 2,
    FINISHED = 3,
    FAILED   = 4,
    STOPPED  = 5,
    INVALID  = 255,
}

// ---------------------------------------------------------------------------
// Schemas (wire-compatible).

struct ColumnTypeDef {
    1: required common.PropertyType type,
    // N of FIXED_STRING(N); 0 otherwise.
    2: optional i16                 type_length = 0,
    3: optional GeoShape            geo_shape,
}

struct ColumnDef {
    1: required binary        name,
    2: required ColumnTypeDef type,
    // NebulaGraph: an encoded Expression. NovaGraph: the default expression
    // in nGQL text, as DESCRIBE shows it. Absent: no default.
    3: optional binary        default_value,
    4: optional bool          nullable = false,
    5: optional binary        comment,
    // NovaGraph: the default evaluated without a row, which metad
    // type-checks as NebulaGraph's metad does (and truncates for
    // FIXED_STRING).
    6: optional common.Value  default_eval,
    // NovaGraph: the default must be evaluated on every write (now(),
    // rand()...), so default_eval is only a sample.
    7: optional bool          default_volatile = false,
}

struct SchemaProp {
    1: optional i64    ttl_duration,
    2: optional binary ttl_col,
    3: optional binary comment,
}

struct Schema {
    1: list<ColumnDef> columns,
    2: SchemaProp      schema_prop,
}

struct IdName {
    1: ID     id,
    2: binary name,
}

struct SpaceDesc {
    1: binary              space_name,
    2: i32                 partition_num = 0,
    3: i32                 replica_factor = 0,
    4: binary              charset_name,
    5: binary              collate_name,
    6: ColumnTypeDef       vid_type = {"type": common.PropertyType.FIXED_STRING, "type_length": 8},
    7: list<binary>        zone_names,
    8: optional IsolationLevel isolation_level,
    9: optional binary     comment,
}

struct SpaceItem {
    1: common.GraphSpaceID space_id,
    2: SpaceDesc           properties,
}

struct TagItem {
    1: common.TagID tag_id,
    2: binary       tag_name,
    3: SchemaVer    version,
    4: Schema       schema,
}

struct EdgeItem {
    1: common.EdgeType edge_type,
    2: binary          edge_name,
    3: SchemaVer       version,
    4: Schema          schema,
}

struct AlterSchemaItem {
    1: AlterSchemaOp op,
    2: Schema        schema,
}

struct IndexFieldDef {
    1: required binary name,
    // Prefix length for a STRING field; required for STRING, refused for
    // other types.
    2: optional i16    type_length,
}

struct IndexParams {
    1: optional i32 s2_max_level,
    2: optional i32 s2_max_cells,
}

struct IndexItem {
    1: common.IndexID      index_id,
    2: binary              index_name,
    3: common.SchemaID     schema_id,
    4: binary              schema_name,
    // A STRING field appears as FIXED_STRING(prefix length).
    5: list<ColumnDef>     fields,
    6: optional binary     comment,
    7: optional IndexParams index_params,
}

// ---------------------------------------------------------------------------
// Hosts, parts, zones.

struct HostItem {
    1: common.HostAddr                     hostAddr,
    2: HostStatus                          status,
    // space name -> parts led by / held by this host
    3: map<binary, list<common.PartitionID>> leader_parts,
    4: map<binary, list<common.PartitionID>> all_parts,
    5: HostRole                            role,
    6: binary                              git_info_sha,
    7: optional binary                     zone_name,
    8: optional binary                     version,
}

struct LeaderInfo {
    1: common.PartitionID part_id,
    2: i64                term,
}

struct PartItem {
    1: required common.PartitionID    part_id,
    2: optional common.HostAddr       leader,
    3: required list<common.HostAddr> peers,
    4: required list<common.HostAddr> losts,
}

struct Zone {
    1: binary                zone_name,
    2: list<common.HostAddr> nodes,
}

// ---------------------------------------------------------------------------
// Users, sessions, configs, jobs, snapshots.

struct RoleItem {
    1: binary              user_id,
    2: common.GraphSpaceID space_id,
    3: RoleType            role_type,
}

// UserAuth is a user's stored credential: PBKDF2-HMAC-SHA256 of the
// password with a per-user random salt. The password itself is never stored.
struct UserAuth {
    1: binary account,
    2: binary salt,
    3: binary hash,
    4: i32    iterations,
}

struct QueryDesc {
    1: common.Timestamp start_time,
    2: QueryStatus      status,
    3: i64              duration,
    4: binary           query,
    5: common.HostAddr  graph_addr,
}

struct Session {
    1:  common.SessionID                          session_id,
    2:  common.Timestamp                          create_time,
    3:  common.Timestamp                          update_time,
    4:  binary                                    user_name,
    5:  binary                                    space_name,
    6:  common.HostAddr                           graph_addr,
    7:  i32                                       timezone,
    8:  binary                                    client_ip,
    9:  map<binary, common.Value>                 configs,
    10: map<common.ExecutionPlanID, QueryDesc>    queries,
    // NovaGraph: the id of space_name when the session chose it.
    11: common.GraphSpaceID                       space_id,
}

struct ConfigItem {
    1: ConfigModule  config_module,
    2: binary        name,
    3: ConfigMode    mode,
    4: common.Value  value,
}

struct JobDesc {
    1: common.GraphSpaceID space_id,
    2: i32                 job_id,
    3: JobType             type,
    4: list<binary>        paras,
    5: JobStatus           status,
    6: i64                 start_time,
    7: i64                 stop_time,
    8: common.ErrorCode    code,
}

struct TaskDesc {
    1: common.GraphSpaceID space_id,
    2: i32                 job_id,
    3: i32                 task_id,
    4: common.HostAddr     host,
    5: JobStatus           status,
    6: i64                 start_time,
    7: i64                 stop_time,
    8: common.ErrorCode    code,
    // NovaGraph: the parts the task covers on host (empty: every part of
    // the space the host holds), so that a new metad leader can resume it.
    9: optional list<common.PartitionID> parts,
}

struct AdminJobResult {
    1: optional i32            job_id,
    2: optional list<JobDesc>  job_desc,
    3: optional list<TaskDesc> task_desc,
    4: optional i32            recovered_job_num,
    // NovaGraph: SHOW JOB of a BALANCE DATA job, its replica moves.
    5: optional list<BalanceTask> balance_tasks,
}

// StatsItem is what the last STATS job of a space counted: live rows per
// tag, out-edges per edge type, vertices with a live tag, edges. status is
// the job's: SHOW STATS answers only once it is FINISHED.
struct StatsItem {
    1: map<binary, i64> tag_vertices,
    2: map<binary, i64> edges,
    3: i64              space_vertices,
    4: i64              space_edges,
    // 5, 6: NebulaGraph's part correlativity, not kept.
    7: JobStatus        status,
}

// IndexStatus is one rebuild job's row of SHOW TAG/EDGE INDEX STATUS: the
// index names it rebuilt (joined by ",", or all_tag_indexes /
// all_edge_indexes) and the job's status.
struct IndexStatus {
    1: binary name,
    2: binary status,
}

struct Snapshot {
    1: binary         name,
    2: SnapshotStatus status,
    3: binary         hosts,
}

// ---------------------------------------------------------------------------
// Stored records and the replicated command (metad only).

// HostInfo is what metad remembers of a host's last heartbeat.
struct HostInfo {
    1: HostRole                                       role,
    2: i64                                            last_hb_ms,
    3: binary                                         git_info_sha,
    4: binary                                         version,
    5: map<common.GraphSpaceID, list<common.PartitionID>> parts,
}

struct PartHosts {
    1: list<common.HostAddr> hosts,
}

struct PartLeader {
    1: common.HostAddr host,
    2: i64             term,
}

enum KVOpKind {
    PUT          = 1,
    DELETE       = 2,
    DELETE_RANGE = 3,
}

// KVOp is one write of a command; for DELETE_RANGE value is the end key.
struct KVOp {
    1: KVOpKind kind,
    2: binary   key,
    3: binary   value,
}

// BalanceTask is one replica move of a BALANCE DATA job: part's replica
// on src goes to dst. step is the last step done (BalanceStep), so that a
// new metad leader, or RECOVER JOB, resumes the move where it stood.
struct BalanceTask {
    1: common.GraphSpaceID space_id,
    2: i32                 job_id,
    3: i32                 task_id,
    4: common.PartitionID  part_id,
    5: common.HostAddr     src,
    6: common.HostAddr     dst,
    7: JobStatus           status,
    8: BalanceStep         step,
    9: i64                 start_time,
    10: i64                stop_time,
    11: common.ErrorCode   code,
}

// BalanceStep is how far a replica move got; each step is safe to repeat.
enum BalanceStep {
    START         = 0,
    ADD_PART      = 1, // dst opened an empty replica
    ADD_LEARNER   = 2, // the leader added dst as a learner
    PROMOTED      = 3, // dst caught up and votes
    LEADER_MOVED  = 4, // src no longer leads
    SRC_REMOVED   = 5, // src left the raft group
    MAP_UPDATED   = 6, // metad's part map names dst instead of src
    DONE          = 7, // src dropped its data
}

// Command is one raft log entry: writes applied atomically. `touch` marks
// a change of what clients cache, which moves the catalog version.
struct Command {
    1: list<KVOp> ops,
    2: bool       touch,
}

// ---------------------------------------------------------------------------
// Requests and responses. The compatible ones come first.

struct ExecResp {
    1: common.ErrorCode code,
    2: ID               id,
    3: common.HostAddr  leader,
}

struct VerifyClientVersionReq {
    1: required binary client_version = common.version,
    2: common.HostAddr host,
    3: binary          build_version,
}

struct VerifyClientVersionResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: optional binary  error_msg,
}

struct ListSpacesReq {
}

struct ListSpacesResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<IdName>     spaces,
}

struct GetSpaceReq {
    1: binary space_name,
}

struct GetSpaceResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: SpaceItem        item,
}

struct ListTagsReq {
    1: common.GraphSpaceID space_id,
}

struct ListTagsResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<TagItem>    tags,
}

struct GetTagReq {
    1: common.GraphSpaceID space_id,
    2: binary              tag_name,
    // -1 or any negative: the latest version
    3: SchemaVer           version,
}

struct GetTagResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: Schema           schema,
}

struct ListEdgesReq {
    1: common.GraphSpaceID space_id,
}

struct ListEdgesResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<EdgeItem>   edges,
}

struct GetEdgeReq {
    1: common.GraphSpaceID space_id,
    2: binary              edge_name,
    3: SchemaVer           version,
}

struct GetEdgeResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: Schema           schema,
}

struct ListHostsReq {
    1: ListHostType type,
}

struct ListHostsResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<HostItem>   hosts,
}

struct GetPartsAllocReq {
    1: common.GraphSpaceID space_id,
}

struct GetPartsAllocResp {
    1: common.ErrorCode                                        code,
    2: common.HostAddr                                         leader,
    3: map<common.PartitionID, list<common.HostAddr>>          parts,
    4: optional map<common.PartitionID, i64>                   terms,
}

// Spaces.

struct CreateSpaceReq {
    1: SpaceDesc properties,
    2: bool      if_not_exists,
}

struct DropSpaceReq {
    1: binary space_name,
    2: bool   if_exists,
}

struct AlterSpaceReq {
    1: binary       space_name,
    2: AlterSpaceOp op,
    3: list<binary> paras,
}

struct CreateSpaceAsReq {
    1: binary old_space_name,
    2: binary new_space_name,
}

// Tags and edge types.

struct CreateTagReq {
    1: common.GraphSpaceID space_id,
    2: binary              tag_name,
    3: Schema              schema,
    4: bool                if_not_exists,
}

struct AlterTagReq {
    1: common.GraphSpaceID    space_id,
    2: binary                 tag_name,
    3: list<AlterSchemaItem>  tag_items,
    4: SchemaProp             schema_prop,
}

struct DropTagReq {
    1: common.GraphSpaceID space_id,
    2: binary              tag_name,
    3: bool                if_exists,
}

struct CreateEdgeReq {
    1: common.GraphSpaceID space_id,
    2: binary              edge_name,
    3: Schema              schema,
    4: bool                if_not_exists,
}

struct AlterEdgeReq {
    1: common.GraphSpaceID    space_id,
    2: binary                 edge_name,
    3: list<AlterSchemaItem>  edge_items,
    4: SchemaProp             schema_prop,
}

struct DropEdgeReq {
    1: common.GraphSpaceID space_id,
    2: binary              edge_name,
    3: bool                if_exists,
}

// Indexes. The tag and edge variants share request shapes: schema_name is
// a tag name or an edge type name.

struct CreateIndexReq {
    1: common.GraphSpaceID  space_id,
    2: binary               index_name,
    3: binary               schema_name,
    4: list<IndexFieldDef>  fields,
    5: bool                 if_not_exists,
    6: optional binary      comment,
    7: optional IndexParams index_params,
}

struct DropIndexReq {
    1: common.GraphSpaceID space_id,
    2: binary              index_name,
    3: bool                if_exists,
}

struct GetIndexReq {
    1: common.GraphSpaceID space_id,
    2: binary              index_name,
}

struct GetIndexResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: IndexItem        item,
}

struct ListIndexesReq {
    1: common.GraphSpaceID space_id,
}

struct ListIndexesResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<IndexItem>  items,
}

// Hosts and zones.

struct AddHostsReq {
    1: list<common.HostAddr> hosts,
}

struct AddHostsIntoZoneReq {
    1: list<common.HostAddr> hosts,
    2: binary                zone_name,
    3: bool                  is_new,
}

struct DropHostsReq {
    1: list<common.HostAddr> hosts,
}

struct ListPartsReq {
    1: common.GraphSpaceID       space_id,
    // empty: every part
    2: list<common.PartitionID>  part_ids,
}

struct ListPartsResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<PartItem>   parts,
}

struct DropZoneReq {
    1: binary zone_name,
}

struct RenameZoneReq {
    1: binary original_zone_name,
    2: binary zone_name,
}

struct GetZoneReq {
    1: binary zone_name,
}

struct GetZoneResp {
    1: common.ErrorCode      code,
    2: common.HostAddr       leader,
    3: list<common.HostAddr> hosts,
}

struct ListZonesReq {
}

// MergeZoneReq merges zones into one named zone_name (MERGE ZONE).
struct MergeZoneReq {
    1: list<binary> zones,
    2: binary       zone_name,
}

// DivideZoneReq splits zone_name into zone_items, which together hold
// exactly its hosts (DIVIDE ZONE).
struct DivideZoneReq {
    1: binary     zone_name,
    2: list<Zone> zone_items,
}

struct ListZonesResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<Zone>       zones,
}

// Users and roles. Passwords travel in clear between our daemons and are
// hashed by metad.

struct CreateUserReq {
    1: binary account,
    2: binary password,
    3: bool   if_not_exists,
}

struct DropUserReq {
    1: binary account,
    2: bool   if_exists,
}

struct AlterUserReq {
    1: binary account,
    2: binary password,
}

struct ChangePasswordReq {
    1: binary account,
    2: binary new_password,
    3: binary old_password,
}

struct GrantRoleReq {
    1: RoleItem role_item,
}

struct RevokeRoleReq {
    1: RoleItem role_item,
}

struct ListUsersReq {
}

struct ListUsersResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<binary>     users,
}

struct ListRolesReq {
    1: common.GraphSpaceID space_id,
}

struct GetUserRolesReq {
    1: binary account,
}

struct ListRolesResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<RoleItem>   roles,
}

// Heartbeats and the client cache.

struct HBReq {
    1: HostRole                                              role,
    2: common.HostAddr                                       host,
    3: ClusterID                                             cluster_id,
    4: optional map<common.GraphSpaceID, list<LeaderInfo>>   leader_partIds,
    5: binary                                                git_info_sha,
    8: optional binary                                       version,
    // NovaGraph: every part the storaged holds, by space.
    9: optional map<common.GraphSpaceID, list<common.PartitionID>> parts,
}

struct HBResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: ClusterID        cluster_id,
    // NovaGraph: the catalog version (see LoadCatalogResp), not a time.
    4: i64              last_update_time_in_ms,
    5: i32              meta_version,
}

struct SpaceCatalog {
    1: SpaceItem                                        space,
    // every version of every tag and edge type
    2: list<TagItem>                                    tags,
    3: list<EdgeItem>                                   edges,
    4: list<IndexItem>                                  tag_indexes,
    5: list<IndexItem>                                  edge_indexes,
    6: map<common.PartitionID, list<common.HostAddr>>   parts,
    7: map<common.PartitionID, PartLeader>              leaders,
}

struct LoadCatalogReq {
    // the version the caller has; the catalog is sent only if newer
    1: i64 known_version,
}

struct LoadCatalogResp {
    1: common.ErrorCode    code,
    2: common.HostAddr     leader,
    3: i64                 version,
    4: bool                changed,
    5: list<SpaceCatalog>  spaces,
    6: list<UserAuth>      users,
    7: list<RoleItem>      roles,
    8: list<HostItem>      storage_hosts,
    9: ClusterID           cluster_id,
}

// Configs.

struct RegConfigReq {
    1: list<ConfigItem> items,
}

struct GetConfigReq {
    1: ConfigItem item,
}

struct GetConfigResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<ConfigItem> items,
}

struct SetConfigReq {
    1: ConfigItem item,
}

struct ListConfigsReq {
    1: binary       space,
    2: ConfigModule config_module,
}

struct ListConfigsResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<ConfigItem> items,
}

// Snapshots.

struct CreateSnapshotReq {
}

struct DropSnapshotReq {
    1: list<binary> names,
}

// NovaGraph backup and restore (cmd/br). backupMeta answers, from the
// leader's checkpoint of the meta state taken by the snapshot name, the
// catalog records a restore needs (spaces, part layout, tags, edge types,
// indexes, id counters, users and roles) as stored, and the spaces and part
// layout decoded.
struct BackupMetaReq {
    1: binary name,
}

struct BackupMetaResp {
    1: common.ErrorCode  code,
    2: common.HostAddr   leader,
    3: list<common.KeyValue> data,
    4: list<SpaceItem>   spaces,
    5: map<common.GraphSpaceID, map<common.PartitionID, list<common.HostAddr>>> parts,
}

// restoreMeta writes the records backupMeta gave into a cluster that has no
// space, keeping every id, and places each space's parts on this
// cluster's live storage hosts (in its zones when they all exist here,
// else in every zone).
struct RestoreMetaReq {
    1: list<common.KeyValue> data,
}

struct ListSnapshotsReq {
}

struct ListSnapshotsResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<Snapshot>   snapshots,
}

// Jobs.

struct AdminJobReq {
    1: common.GraphSpaceID space_id,
    2: JobOp               op,
    3: JobType             type,
    4: list<binary>        paras,
}

struct AdminJobResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: AdminJobResult   result,
}

struct GetStatsReq {
    1: common.GraphSpaceID space_id,
}

struct GetStatsResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: StatsItem        stats,
}

struct ListIndexStatusReq {
    1: common.GraphSpaceID space_id,
}

struct ListIndexStatusResp {
    1: common.ErrorCode  code,
    2: common.HostAddr   leader,
    3: list<IndexStatus> statuses,
}

// ClearSpaceReq deletes every vertex, edge and index entry of a space and
// keeps its schema (CLEAR SPACE).
struct ClearSpaceReq {
    1: binary space_name,
    2: bool   if_exists,
}

// Sessions.

struct CreateSessionReq {
    1: binary          user,
    2: common.HostAddr graph_addr,
    3: binary          client_ip,
}

struct CreateSessionResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: Session          session,
}

struct UpdateSessionsReq {
    1: list<Session> sessions,
}

struct UpdateSessionsResp {
    1: common.ErrorCode                                                     code,
    2: common.HostAddr                                                      leader,
    3: map<common.SessionID, map<common.ExecutionPlanID, QueryDesc>>        killed_queries,
}

struct ListSessionsReq {
}

struct ListSessionsResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: list<Session>    sessions,
}

struct GetSessionReq {
    1: common.SessionID session_id,
}

struct GetSessionResp {
    1: common.ErrorCode code,
    2: common.HostAddr  leader,
    3: Session          session,
}

struct RemoveSessionReq {
    1: list<common.SessionID> session_ids,
}

struct RemoveSessionResp {
    1: common.ErrorCode       code,
    2: common.HostAddr        leader,
    3: list<common.SessionID> removed_session_ids,
}

struct KillQueryReq {
    1: map<common.SessionID, set<common.ExecutionPlanID>> kill_queries,
}

service MetaService {
    // Compatible with NebulaGraph v3.8.0.
    VerifyClientVersionResp verifyClientVersion(1: VerifyClientVersionReq req);
    ListSpacesResp          listSpaces(1: ListSpacesReq req);
    GetSpaceResp            getSpace(1: GetSpaceReq req);
    ListTagsResp            listTags(1: ListTagsReq req);
    GetTagResp              getTag(1: GetTagReq req);
    ListEdgesResp           listEdges(1: ListEdgesReq req);
    GetEdgeResp             getEdge(1: GetEdgeReq req);
    GetPartsAllocResp       getPartsAlloc(1: GetPartsAllocReq req);
    ListHostsResp           listHosts(1: ListHostsReq req);

    ExecResp createSpace(1: CreateSpaceReq req);
    ExecResp dropSpace(1: DropSpaceReq req);
    ExecResp alterSpace(1: AlterSpaceReq req);
    ExecResp createSpaceAs(1: CreateSpaceAsReq req);

    ExecResp createTag(1: CreateTagReq req);
    ExecResp alterTag(1: AlterTagReq req);
    ExecResp dropTag(1: DropTagReq req);
    ExecResp createEdge(1: CreateEdgeReq req);
    ExecResp alterEdge(1: AlterEdgeReq req);
    ExecResp dropEdge(1: DropEdgeReq req);

    ExecResp        createTagIndex(1: CreateIndexReq req);
    ExecResp        dropTagIndex(1: DropIndexReq req);
    GetIndexResp    getTagIndex(1: GetIndexReq req);
    ListIndexesResp listTagIndexes(1: ListIndexesReq req);
    ExecResp        createEdgeIndex(1: CreateIndexReq req);
    ExecResp        dropEdgeIndex(1: DropIndexReq req);
    GetIndexResp    getEdgeIndex(1: GetIndexReq req);
    ListIndexesResp listEdgeIndexes(1: ListIndexesReq req);

    ExecResp      addHosts(1: AddHostsReq req);
    ExecResp      addHostsIntoZone(1: AddHostsIntoZoneReq req);
    ExecResp      dropHosts(1: DropHostsReq req);
    ListPartsResp listParts(1: ListPartsReq req);
    ExecResp      dropZone(1: DropZoneReq req);
    ExecResp      renameZone(1: RenameZoneReq req);
    GetZoneResp   getZone(1: GetZoneReq req);
    ListZonesResp listZones(1: ListZonesReq req);
    ExecResp      mergeZone(1: MergeZoneReq req);
    ExecResp      divideZone(1: DivideZoneReq req);

    ExecResp      createUser(1: CreateUserReq req);
    ExecResp      dropUser(1: DropUserReq req);
    ExecResp      alterUser(1: AlterUserReq req);
    ExecResp      changePassword(1: ChangePasswordReq req);
    ExecResp      grantRole(1: GrantRoleReq req);
    ExecResp      revokeRole(1: RevokeRoleReq req);
    ListUsersResp listUsers(1: ListUsersReq req);
    ListRolesResp listRoles(1: ListRolesReq req);
    ListRolesResp getUserRoles(1: GetUserRolesReq req);

    HBResp          heartBeat(1: HBReq req);
    LoadCatalogResp loadCatalog(1: LoadCatalogReq req);

    ExecResp        regConfig(1: RegConfigReq req);
    GetConfigResp   getConfig(1: GetConfigReq req);
    ExecResp        setConfig(1: SetConfigReq req);
    ListConfigsResp listConfigs(1: ListConfigsReq req);

    ExecResp          createSnapshot(1: CreateSnapshotReq req);
    ExecResp          dropSnapshot(1: DropSnapshotReq req);
    ListSnapshotsResp listSnapshots(1: ListSnapshotsReq req);
    BackupMetaResp    backupMeta(1: BackupMetaReq req);
    ExecResp          restoreMeta(1: RestoreMetaReq req);

    // Jobs run on metad's leader, which sends their tasks to storaged.
    AdminJobResp        runAdminJob(1: AdminJobReq req);
    GetStatsResp        getStats(1: GetStatsReq req);
    ListIndexStatusResp listTagIndexStatus(1: ListIndexStatusReq req);
    ListIndexStatusResp listEdgeIndexStatus(1: ListIndexStatusReq req);
    ExecResp            clearSpace(1: ClearSpaceReq req);

    CreateSessionResp  createSession(1: CreateSessionReq req);
    UpdateSessionsResp updateSessions(1: UpdateSessionsReq req);
    ListSessionsResp   listSessions(1: ListSessionsReq req);
    GetSessionResp     getSession(1: GetSessionReq req);
    RemoveSessionResp  removeSession(1: RemoveSessionReq req);
    ExecResp           killQuery(1: KillQueryReq req);
}
