package meta

import (
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// Error is a failure metad answered with, or one the client found in its
// cache. Code is NebulaGraph's ErrorCode; Error returns the message graphd
// shows the user, worded as NebulaGraph's graphd words it (for example
// "Existed!", "TagNotFound: Tag not existed!", "SpaceNotFound: SpaceName
// `x`"). Compare with errors.Is against an *Error of the same code, or use
// CodeOf.
type Error struct {
	Code common.ErrorCode
	Msg  string
	// cause is the transport failure behind E_RPC_FAILURE and
	// E_FAIL_TO_CONNECT, kept for logs; Msg stays NebulaGraph's.
	cause error
}

// Error returns the user-facing message.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the underlying transport error, if any.
func (e *Error) Unwrap() error { return e.cause }

// Is reports whether target is an *Error with the same code, so that the
// sentinels below match errors with any message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is; their messages are the generic ones.
var (
	ErrLeaderChanged = codeError(common.ErrorCode_E_LEADER_CHANGED)
	ErrExisted       = codeError(common.ErrorCode_E_EXISTED)
	ErrSpaceNotFound = codeError(common.ErrorCode_E_SPACE_NOT_FOUND)
	ErrTagNotFound   = codeError(common.ErrorCode_E_TAG_NOT_FOUND)
	ErrEdgeNotFound  = codeError(common.ErrorCode_E_EDGE_NOT_FOUND)
	ErrIndexNotFound = codeError(common.ErrorCode_E_INDEX_NOT_FOUND)
	ErrUserNotFound  = codeError(common.ErrorCode_E_USER_NOT_FOUND)
	// ErrBadPassword and ErrNoSuchUser are Authenticate's refusals.
	ErrBadPassword     = &Error{Code: common.ErrorCode_E_BAD_USERNAME_PASSWORD, Msg: "Invalid password"}
	ErrNoSuchUser      = &Error{Code: common.ErrorCode_E_BAD_USERNAME_PASSWORD, Msg: "User not exist"}
	ErrSessionNotFound = codeError(common.ErrorCode_E_SESSION_NOT_FOUND)
	ErrInvalidParam    = codeError(common.ErrorCode_E_INVALID_PARM)
)

// CodeOf returns the ErrorCode of err: SUCCEEDED for nil, the code of the
// first *Error in its chain, else E_UNKNOWN.
func CodeOf(err error) common.ErrorCode {
	if err == nil {
		return common.ErrorCode_SUCCEEDED
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return common.ErrorCode_E_UNKNOWN
}

// codeError returns the Error NebulaGraph's meta client makes of a response
// code (MetaClient::handleResponse).
func codeError(code common.ErrorCode) *Error {
	if msg, ok := codeMessages[code]; ok {
		return &Error{Code: code, Msg: msg}
	}
	return &Error{Code: code, Msg: fmt.Sprintf("Unknown error %d!", int32(code))}
}

// Errors of cache lookups, worded as NebulaGraph's MetaClient words them.
func spaceNameNotFound(name string) error {
	return &Error{Code: common.ErrorCode_E_SPACE_NOT_FOUND, Msg: fmt.Sprintf("SpaceNotFound: SpaceName `%s`", name)}
}

func spaceIDNotFound(id int32) error {
	return &Error{Code: common.ErrorCode_E_SPACE_NOT_FOUND, Msg: fmt.Sprintf("SpaceNotFound: SpaceId `%d`", id)}
}

func tagNameNotFound(name string) error {
	return &Error{Code: common.ErrorCode_E_TAG_NOT_FOUND, Msg: fmt.Sprintf("TagNotFound: TagName `%s`", name)}
}

func tagIDNotFound(id int32) error {
	return &Error{Code: common.ErrorCode_E_TAG_NOT_FOUND, Msg: fmt.Sprintf("TagNotFound: TagID `%d`", id)}
}

func edgeNameNotFound(name string) error {
	return &Error{Code: common.ErrorCode_E_EDGE_NOT_FOUND, Msg: fmt.Sprintf("EdgeNotFound: EdgeName `%s`", name)}
}

func edgeTypeNotFound(t int32) error {
	return &Error{Code: common.ErrorCode_E_EDGE_NOT_FOUND, Msg: fmt.Sprintf("EdgeNotFound: EdgeType `%d`", t)}
}

func indexNameNotFound(name string) error {
	return &Error{Code: common.ErrorCode_E_INDEX_NOT_FOUND, Msg: fmt.Sprintf("IndexNotFound: IndexName `%s`", name)}
}

// codeMessages are NebulaGraph v3.8.0's words for each meta error code.
var codeMessages = map[common.ErrorCode]string{
	common.ErrorCode_E_DISCONNECTED:                      "Disconnected!",
	common.ErrorCode_E_FAIL_TO_CONNECT:                   "Fail to connect!",
	common.ErrorCode_E_RPC_FAILURE:                       "Rpc failure, probably timeout!",
	common.ErrorCode_E_LEADER_CHANGED:                    "LeaderChanged: Leader changed!",
	common.ErrorCode_E_NO_HOSTS:                          "No hosts!",
	common.ErrorCode_E_EXISTED:                           "Existed!",
	common.ErrorCode_E_CONFLICT:                          "Conflict!",
	common.ErrorCode_E_HISTORY_CONFLICT:                  "Schema exisited before!",
	common.ErrorCode_E_SPACE_NOT_FOUND:                   "SpaceNotFound: Space not existed!",
	common.ErrorCode_E_TAG_NOT_FOUND:                     "TagNotFound: Tag not existed!",
	common.ErrorCode_E_EDGE_NOT_FOUND:                    "EdgeNotFound: Edge not existed!",
	common.ErrorCode_E_INDEX_NOT_FOUND:                   "IndexNotFound: Index not existed!",
	common.ErrorCode_E_STATS_NOT_FOUND:                   "There is no any stats info to show, please execute `submit job stats' firstly!",
	common.ErrorCode_E_EDGE_PROP_NOT_FOUND:               "Edge prop not existed!",
	common.ErrorCode_E_TAG_PROP_NOT_FOUND:                "Tag prop not existed!",
	common.ErrorCode_E_ROLE_NOT_FOUND:                    "Role not existed!",
	common.ErrorCode_E_CONFIG_NOT_FOUND:                  "Conf not existed!",
	common.ErrorCode_E_PART_NOT_FOUND:                    "Part not existed!",
	common.ErrorCode_E_USER_NOT_FOUND:                    "User not existed!",
	common.ErrorCode_E_MACHINE_NOT_FOUND:                 "Machine not existed!",
	common.ErrorCode_E_ZONE_NOT_FOUND:                    "Zone not existed!",
	common.ErrorCode_E_KEY_NOT_FOUND:                     "Key not existed!",
	common.ErrorCode_E_INVALID_HOST:                      "Invalid host!",
	common.ErrorCode_E_UNSUPPORTED:                       "Unsupported!",
	common.ErrorCode_E_NOT_DROP:                          "Not allowed to drop!",
	common.ErrorCode_E_BALANCER_RUNNING:                  "The balancer is running!",
	common.ErrorCode_E_CONFIG_IMMUTABLE:                  "Config immutable!",
	common.ErrorCode_E_INVALID_PARM:                      "Invalid param!",
	common.ErrorCode_E_WRONGCLUSTER:                      "Wrong cluster!",
	common.ErrorCode_E_ZONE_NOT_ENOUGH:                   "Host not enough!",
	common.ErrorCode_E_ZONE_IS_EMPTY:                     "Host not exist!",
	common.ErrorCode_E_STORE_FAILURE:                     "Store failure!",
	common.ErrorCode_E_BAD_BALANCE_PLAN:                  "Bad balance plan!",
	common.ErrorCode_E_BALANCED:                          "The cluster is balanced!",
	common.ErrorCode_E_NO_RUNNING_BALANCE_PLAN:           "No running balance plan!",
	common.ErrorCode_E_NO_VALID_HOST:                     "No valid host hold the partition!",
	common.ErrorCode_E_CORRUPTED_BALANCE_PLAN:            "No corrupted balance plan!",
	common.ErrorCode_E_INVALID_PASSWORD:                  "Invalid password!",
	common.ErrorCode_E_IMPROPER_ROLE:                     "Improper role!",
	common.ErrorCode_E_INVALID_PARTITION_NUM:             "No valid partition_num!",
	common.ErrorCode_E_INVALID_REPLICA_FACTOR:            "No valid replica_factor!",
	common.ErrorCode_E_INVALID_CHARSET:                   "No valid charset!",
	common.ErrorCode_E_INVALID_COLLATE:                   "No valid collate!",
	common.ErrorCode_E_CHARSET_COLLATE_NOT_MATCH:         "Charset and collate not match!",
	common.ErrorCode_E_SNAPSHOT_FAILURE:                  "Snapshot failure!",
	common.ErrorCode_E_SNAPSHOT_RUNNING_JOBS:             "Snapshot failed encounter running jobs!",
	common.ErrorCode_E_SNAPSHOT_NOT_FOUND:                "Snapshot not found!",
	common.ErrorCode_E_BLOCK_WRITE_FAILURE:               "Block write failure!",
	common.ErrorCode_E_REBUILD_INDEX_FAILED:              "Rebuild index failed!",
	common.ErrorCode_E_INDEX_WITH_TTL:                    "Index with ttl!",
	common.ErrorCode_E_ADD_JOB_FAILURE:                   "Add job failure!",
	common.ErrorCode_E_STOP_JOB_FAILURE:                  "Stop job failure!",
	common.ErrorCode_E_SAVE_JOB_FAILURE:                  "Save job failure!",
	common.ErrorCode_E_JOB_ALREADY_FINISH:                "Finished job or failed job can not be stopped, please start another job instead",
	common.ErrorCode_E_JOB_NOT_STOPPABLE:                 "The job type do not support stopping, either wait previous job done or restart the cluster to start another job",
	common.ErrorCode_E_BALANCER_FAILURE:                  "Balance failure!",
	common.ErrorCode_E_NO_INVALID_BALANCE_PLAN:           "No invalid balance plan!",
	common.ErrorCode_E_JOB_NOT_FINISHED:                  "Job is not finished!",
	common.ErrorCode_E_TASK_REPORT_OUT_DATE:              "Task report is out of date!",
	common.ErrorCode_E_BACKUP_FAILED:                     "Backup failure!",
	common.ErrorCode_E_BACKUP_RUNNING_JOBS:               "Backup encounter running or queued jobs!",
	common.ErrorCode_E_BACKUP_SPACE_NOT_FOUND:            "The space is not found when backup!",
	common.ErrorCode_E_RESTORE_FAILURE:                   "Restore failure!",
	common.ErrorCode_E_INVALID_JOB:                       "No valid job!",
	common.ErrorCode_E_JOB_NOT_IN_SPACE:                  "Job not existed in chosen space!",
	common.ErrorCode_E_JOB_NEED_RECOVER:                  "Need to recover or stop failed data balance job firstly!",
	common.ErrorCode_E_BACKUP_EMPTY_TABLE:                "Backup empty table!",
	common.ErrorCode_E_BACKUP_TABLE_FAILED:               "Backup table failure!",
	common.ErrorCode_E_SESSION_NOT_FOUND:                 "Session not existed!",
	common.ErrorCode_E_SCHEMA_NAME_EXISTS:                "Schema with same name exists",
	common.ErrorCode_E_RELATED_INDEX_EXISTS:              "Related index exists, please drop index first",
	common.ErrorCode_E_RELATED_SPACE_EXISTS:              "There are still space on the host",
	common.ErrorCode_E_RELATED_FULLTEXT_INDEX_EXISTS:     "Related fulltext index exists, please drop it first",
	common.ErrorCode_E_HOST_CAN_NOT_BE_ADDED:             "Could not add a host, which is not a storage and not expired either",
	common.ErrorCode_E_ACCESS_ES_FAILURE:                 "Access elasticsearch failed",
	common.ErrorCode_E_LIST_CLUSTER_FAILURE:              "list cluster failure!",
	common.ErrorCode_E_LIST_CLUSTER_GET_ABS_PATH_FAILURE: "Failed to get the absolute path!",
	common.ErrorCode_E_LIST_CLUSTER_NO_AGENT_FAILURE:     "There is no agent!",
}

// errCorrupt marks stored bytes that do not decode: a broken invariant of
// the state, reported as E_STORE_FAILURE.
var errCorrupt = errors.New("meta: corrupt state")
