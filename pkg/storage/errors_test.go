package storage

import (
	"context"
	"fmt"
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

func TestCodeOf(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("context: %w", err) }
	for _, tc := range []struct {
		err  error
		want common.ErrorCode
	}{
		{nil, common.ErrorCode_SUCCEEDED},
		{&raftex.NotLeaderError{Space: 1, Part: 2, Leader: "h:1"}, common.ErrorCode_E_LEADER_CHANGED},
		{wrap(ErrSpaceNotFound), common.ErrorCode_E_SPACE_NOT_FOUND},
		{wrap(ErrPartNotFound), common.ErrorCode_E_PART_NOT_FOUND},
		{wrap(ErrTagNotFound), common.ErrorCode_E_TAG_NOT_FOUND},
		{wrap(ErrEdgeNotFound), common.ErrorCode_E_EDGE_NOT_FOUND},
		{wrap(ErrTagPropNotFound), common.ErrorCode_E_TAG_PROP_NOT_FOUND},
		{wrap(ErrFilteredOut), common.ErrorCode_E_FILTER_OUT},
		{wrap(ErrInvalidFilter), common.ErrorCode_E_INVALID_FILTER},
		{wrap(kvstore.ErrBadVID), common.ErrorCode_E_INVALID_VID},
		{wrap(kvstore.ErrNotNullable), common.ErrorCode_E_NOT_NULLABLE},
		{wrap(kvstore.ErrNoDefault), common.ErrorCode_E_FIELD_UNSET},
		{wrap(kvstore.ErrTypeMismatch), common.ErrorCode_E_DATA_TYPE_MISMATCH},
		{wrap(kvstore.ErrOutOfRange), common.ErrorCode_E_OUT_OF_RANGE},
		{wrap(raftex.ErrTimeout), common.ErrorCode_E_RAFT_TOO_MANY_REQUESTS},
		{wrap(context.Canceled), common.ErrorCode_E_USER_CANCEL},
		{wrap(raftex.ErrClosed), common.ErrorCode_E_RAFT_STOPPED},
		{wrap(ErrWritesBlocked), common.ErrorCode_E_RAFT_WRITE_BLOCKED},
		{fmt.Errorf("something else"), common.ErrorCode_E_UNKNOWN},
	} {
		if got := codeOf(tc.err); got != tc.want {
			t.Errorf("codeOf(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{Code: common.ErrorCode_E_LEADER_CHANGED, Parts: []PartError{
		{Part: 3, Code: common.ErrorCode_E_LEADER_CHANGED, Msg: "no leader"},
		{Part: 4, Code: common.ErrorCode_E_RPC_FAILURE},
	}}
	if got, want := e.Error(), "storage: part 3: E_LEADER_CHANGED: no leader (and 1 more failed parts)"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}

func TestAddressShift(t *testing.T) {
	ra, err := RaftAddr("127.0.0.1:9779")
	if err != nil || ra != "127.0.0.1:9780" {
		t.Fatalf("RaftAddr: %q %v", ra, err)
	}
	sa, err := StorageAddr("[::1]:9780")
	if err != nil || sa != "[::1]:9779" {
		t.Fatalf("StorageAddr: %q %v", sa, err)
	}
	for _, bad := range []string{"nohost", "h:x", "h:65535"} {
		if _, err := RaftAddr(bad); err == nil {
			t.Errorf("RaftAddr(%q) accepted", bad)
		}
	}
}
