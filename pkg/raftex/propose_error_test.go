package raftex

import (
	"errors"
	"testing"

	"github.com/hashicorp/raft"
)

// TestProposeErrorLeadershipLost: a proposal whose leader stepped down
// after logging it may still commit, so it must not be reported as "not
// the leader" (callers retry those anywhere, and the entry would be
// applied twice: the chaos suite saw an UPSERT applied again after later
// writes) but as an unknown outcome.
func TestProposeErrorLeadershipLost(t *testing.T) {
	p := &Part{id: groupID{Space: 1, Part: 2}}
	got := p.proposeError(raft.ErrLeadershipLost)
	if errors.Is(got, ErrNotLeader) {
		t.Fatalf("%v: reported as not the leader", got)
	}
	if !errors.Is(got, ErrTimeout) || !errors.Is(got, raft.ErrLeadershipLost) {
		t.Fatalf("%v: want ErrTimeout (outcome unknown) wrapping raft's error", got)
	}
}
