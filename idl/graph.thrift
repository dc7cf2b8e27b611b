// graph.thrift — GraphService, the client protocol served by graphd.
//
// Wire-compatible with NebulaGraph v3.8.0 (../shared/docs/wire-protocol.md §3):
// method names, argument ids and struct field ids are the contract.

include "common.thrift"

namespace go graph

struct ProfilingStats {
    1: required i64                 rows,
    2: required i64                 exec_duration_in_us,
    3: required i64                 total_duration_in_us,
    4: optional map<binary, binary> other_stats,
}

// PlanNodeBranchInfo marks the last node of a Select/Loop branch.
struct PlanNodeBranchInfo {
    1: required bool is_do_branch,
    2: required i64  condition_node_id,
}

struct Pair {
    1: required binary key,
    2: required binary value,
}

struct PlanNodeDescription {
    1: required binary                   name,
    2: required i64                      id,
    3: required binary                   output_var,
    4: optional list<Pair>               description,
    5: optional list<ProfilingStats>     profiles,
    6: optional PlanNodeBranchInfo       branch_info,
    7: optional list<i64>                dependencies,
}

struct PlanDescription {
    1: required list<PlanNodeDescription> plan_node_descs,
    // every node id -> its index in plan_node_descs
    2: required map<i64, i64>             node_index_map,
    3: required binary                    format,
    4: required i32                       optimize_time_in_us,
}

struct ExecutionResponse {
    1: required common.ErrorCode error_code,
    2: required i64              latency_in_us,
    3: optional common.DataSet   data,
    4: optional binary           space_name,
    5: optional binary           error_msg,
    6: optional PlanDescription  plan_desc,
    7: optional binary           comment,
}

struct AuthResponse {
    1: required common.ErrorCode error_code,
    2: optional binary           error_msg,
    3: optional i64              session_id,
    4: optional i32              time_zone_offset_seconds,
    5: optional binary           time_zone_name,
}

struct VerifyClientVersionResp {
    1: required common.ErrorCode error_code,
    2: optional binary           error_msg,
}

struct VerifyClientVersionReq {
    1: required binary version = "3.0.0",
}

service GraphService {
    AuthResponse authenticate(1: binary username, 2: binary password)

    oneway void signout(1: i64 sessionId)

    ExecutionResponse execute(1: i64 sessionId, 2: binary stmt)

    ExecutionResponse executeWithParameter(1: i64 sessionId, 2: binary stmt,
                                           3: map<binary, common.Value> parameterMap)

    binary executeJson(1: i64 sessionId, 2: binary stmt)

    binary executeJsonWithParameter(1: i64 sessionId, 2: binary stmt,
                                    3: map<binary, common.Value> parameterMap)

    VerifyClientVersionResp verifyClientVersion(1: VerifyClientVersionReq req)
}
