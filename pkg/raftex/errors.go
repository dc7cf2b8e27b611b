package raftex

import (
	"errors"
	"fmt"

	"github.com/hashicorp/raft"
)

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrClosed: the Node or Part has been closed.
	ErrClosed = errors.New("raftex: closed")
	// ErrNotLeader: the request needs the part's leader and this replica is
	// not it (or stopped being it before the request finished). The error
	// returned is a *NotLeaderError carrying a hint of who leads.
	ErrNotLeader = errors.New("raftex: not the leader")
	// ErrPartExists: OpenPart was called for a part that is already open.
	ErrPartExists = errors.New("raftex: part already open")
	// ErrPartNotFound: no replica of the part is open on the host asked.
	ErrPartNotFound = errors.New("raftex: part not open on this host")
	// ErrPartFailed: the part's state machine could not write to its
	// engine; the replica stops applying until it is reopened.
	ErrPartFailed = errors.New("raftex: part state machine failed")
	// ErrTimeout: a deadline passed before the operation finished.
	ErrTimeout = errors.New("raftex: timed out")
	// ErrPeerBlocked: the transport's fault switch blocks the peer.
	ErrPeerBlocked = errors.New("raftex: peer blocked by fault switch")
	// ErrCorruptSnapshot: a snapshot stream failed its checks.
	ErrCorruptSnapshot = errors.New("raftex: corrupt snapshot")
	// ErrBadCommand: a proposal could not be decoded.
	ErrBadCommand = errors.New("raftex: malformed command")
)

// NotLeaderError is returned when a request reaches a replica that is not
// the part's leader. Leader is the leader's raft address as far as this
// replica knows, or "" when it does not know.
type NotLeaderError struct {
	Space, Part int32
	Leader      string
}

func (e *NotLeaderError) Error() string {
	if e.Leader == "" {
		return fmt.Sprintf("raftex: part %d/%d: not the leader, leader unknown", e.Space, e.Part)
	}
	return fmt.Sprintf("raftex: part %d/%d: not the leader, leader is %s", e.Space, e.Part, e.Leader)
}

// Is makes errors.Is(err, ErrNotLeader) hold.
func (e *NotLeaderError) Is(target error) bool { return target == ErrNotLeader }

// raftError turns an error of hashicorp/raft into one of ours, keeping the
// original in the chain.
func (p *Part) raftError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, raft.ErrNotLeader), errors.Is(err, raft.ErrLeadershipLost),
		errors.Is(err, raft.ErrLeadershipTransferInProgress), errors.Is(err, raft.ErrAbortedByRestore),
		errors.Is(err, raft.ErrNotVoter):
		return p.notLeader()
	case errors.Is(err, raft.ErrRaftShutdown):
		return fmt.Errorf("part %d/%d: %w", p.id.Space, p.id.Part, ErrClosed)
	case errors.Is(err, raft.ErrEnqueueTimeout):
		return fmt.Errorf("part %d/%d: %w: %w", p.id.Space, p.id.Part, ErrTimeout, err)
	}
	return fmt.Errorf("part %d/%d: %w", p.id.Space, p.id.Part, err)
}

// proposeError turns the error of a proposal's future into ours. Losing
// the leadership after the entry got into the log is not a NotLeaderError,
// which promises that the entry was not taken: the entry may still be
// committed by the next leader, so the outcome is unknown (ErrTimeout),
// and a caller that retried it as "not the leader" could apply it twice
// (found by the chaos suite: an UPSERT applied again after later writes).
func (p *Part) proposeError(err error) error {
	if errors.Is(err, raft.ErrLeadershipLost) {
		return fmt.Errorf("part %d/%d: leadership lost after the entry was logged, outcome unknown: %w: %w", p.id.Space, p.id.Part, ErrTimeout, err)
	}
	return p.raftError(err)
}
