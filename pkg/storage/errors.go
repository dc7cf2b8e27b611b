package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// Sentinel errors. Functions wrap them with context; test with errors.Is.
// codeOf maps them (and the errors of kvstore and raftex) to the error codes
// that go over the wire.
var (
	ErrSpaceNotFound     = errors.New("storage: space not found")
	ErrTagNotFound       = errors.New("storage: tag not found")
	ErrEdgeNotFound      = errors.New("storage: edge type not found")
	ErrIndexNotFound     = errors.New("storage: index not found")
	ErrPartNotFound      = errors.New("storage: part not hosted here")
	ErrTagPropNotFound   = errors.New("storage: tag property not found")
	ErrEdgePropNotFound  = errors.New("storage: edge property not found")
	ErrKeyNotFound       = errors.New("storage: key not found")
	ErrInvalidFilter     = errors.New("storage: invalid filter")
	ErrInvalidUpdater    = errors.New("storage: invalid update expression")
	ErrFilteredOut       = errors.New("storage: condition not met")
	ErrInvalidVID        = errors.New("storage: invalid vertex id")
	ErrInvalidRequest    = errors.New("storage: invalid request")
	ErrWritesBlocked     = errors.New("storage: writes are blocked")
	ErrClosed            = errors.New("storage: closed")
	ErrCheckpointFailure = errors.New("storage: checkpoint failed")
)

// codeOf returns the wire error code of err (SUCCEEDED for nil).
func codeOf(err error) common.ErrorCode {
	switch {
	case err == nil:
		return common.ErrorCode_SUCCEEDED
	case errors.Is(err, raftex.ErrNotLeader):
		return common.ErrorCode_E_LEADER_CHANGED
	case errors.Is(err, ErrSpaceNotFound):
		return common.ErrorCode_E_SPACE_NOT_FOUND
	case errors.Is(err, ErrPartNotFound), errors.Is(err, raftex.ErrPartNotFound):
		return common.ErrorCode_E_PART_NOT_FOUND
	case errors.Is(err, ErrTagNotFound):
		return common.ErrorCode_E_TAG_NOT_FOUND
	case errors.Is(err, ErrEdgeNotFound):
		return common.ErrorCode_E_EDGE_NOT_FOUND
	case errors.Is(err, ErrIndexNotFound):
		return common.ErrorCode_E_INDEX_NOT_FOUND
	case errors.Is(err, ErrTagPropNotFound):
		return common.ErrorCode_E_TAG_PROP_NOT_FOUND
	case errors.Is(err, ErrEdgePropNotFound):
		return common.ErrorCode_E_EDGE_PROP_NOT_FOUND
	case errors.Is(err, ErrKeyNotFound):
		return common.ErrorCode_E_KEY_NOT_FOUND
	case errors.Is(err, ErrInvalidFilter):
		return common.ErrorCode_E_INVALID_FILTER
	case errors.Is(err, ErrInvalidUpdater):
		return common.ErrorCode_E_INVALID_UPDATER
	case errors.Is(err, ErrFilteredOut):
		return common.ErrorCode_E_FILTER_OUT
	case errors.Is(err, ErrInvalidVID), errors.Is(err, kvstore.ErrBadVID):
		return common.ErrorCode_E_INVALID_VID
	case errors.Is(err, ErrInvalidRequest):
		return common.ErrorCode_E_INVALID_PARM
	case errors.Is(err, ErrWritesBlocked):
		return common.ErrorCode_E_RAFT_WRITE_BLOCKED
	case errors.Is(err, ErrDiskFull):
		return common.ErrorCode_E_RAFT_WAL_FAIL
	case errors.Is(err, ErrCheckpointFailure):
		return common.ErrorCode_E_FAILED_TO_CHECKPOINT
	case errors.Is(err, kvstore.ErrNotNullable):
		return common.ErrorCode_E_NOT_NULLABLE
	case errors.Is(err, kvstore.ErrNoDefault):
		return common.ErrorCode_E_FIELD_UNSET
	case errors.Is(err, kvstore.ErrTypeMismatch):
		return common.ErrorCode_E_DATA_TYPE_MISMATCH
	case errors.Is(err, kvstore.ErrOutOfRange):
		return common.ErrorCode_E_OUT_OF_RANGE
	case errors.Is(err, kvstore.ErrUnknownProp):
		return common.ErrorCode_E_INVALID_FIELD_VALUE
	case errors.Is(err, kvstore.ErrNotIndexable):
		return common.ErrorCode_E_INVALID_FIELD_VALUE
	case errors.Is(err, kvstore.ErrBadRow), errors.Is(err, kvstore.ErrBadKey),
		errors.Is(err, kvstore.ErrSchemaVersion), errors.Is(err, kvstore.ErrBadIndexValue):
		return common.ErrorCode_E_INVALID_DATA
	case errors.Is(err, raftex.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return common.ErrorCode_E_RAFT_TOO_MANY_REQUESTS
	case errors.Is(err, context.Canceled):
		return common.ErrorCode_E_USER_CANCEL
	case errors.Is(err, raftex.ErrClosed), errors.Is(err, ErrClosed), errors.Is(err, kvstore.ErrClosed):
		return common.ErrorCode_E_RAFT_STOPPED
	case errors.Is(err, raftex.ErrPartFailed):
		return common.ErrorCode_E_RAFT_WAL_FAIL
	case errors.Is(err, raftex.ErrPartExists):
		return common.ErrorCode_E_PART_ALREADY_STARTED
	}
	return common.ErrorCode_E_UNKNOWN
}

// Error is what the storage client returns when some partitions failed
// after its retries: Code is the first failure's code, Parts every failed
// part. The data of the parts that succeeded is still returned alongside.
type Error struct {
	Code  common.ErrorCode
	Parts []PartError
}

// PartError is the failure of one partition.
type PartError struct {
	Part   int32
	Code   common.ErrorCode
	Leader string // the leader's storage address, when known
	Msg    string
}

func (e *Error) Error() string {
	if len(e.Parts) == 0 {
		return fmt.Sprintf("storage: %v", e.Code)
	}
	p := e.Parts[0]
	msg := fmt.Sprintf("storage: part %d: %v", p.Part, p.Code)
	if p.Msg != "" {
		msg += ": " + p.Msg
	}
	if len(e.Parts) > 1 {
		msg += fmt.Sprintf(" (and %d more failed parts)", len(e.Parts)-1)
	}
	return msg
}
