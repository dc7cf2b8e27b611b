package raftex

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/raft"
)

// Member is one server of a part's raft configuration.
type Member struct {
	Addr  string
	Voter bool
}

// Members returns the part's latest raft configuration as this replica
// knows it.
func (p *Part) Members() ([]Member, error) {
	f := p.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return nil, p.raftError(err)
	}
	var ms []Member
	for _, s := range f.Configuration().Servers {
		ms = append(ms, Member{Addr: string(s.Address), Voter: s.Suffrage == raft.Voter})
	}
	return ms, nil
}

// AddLearner adds addr as a non-voting member (a learner): it receives the
// log, by a streamed snapshot if it is too far behind, but does not vote.
// The part must already be open on addr (with no Peers). It returns once
// the membership change is committed. Call it on the leader.
func (p *Part) AddLearner(ctx context.Context, addr string) error {
	timeout, err := timeoutOf(ctx)
	if err != nil {
		return err
	}
	return p.raftError(p.raft.AddNonvoter(raft.ServerID(addr), raft.ServerAddress(addr), 0, timeout).Error())
}

// Promote waits until the learner addr has caught up with the log as it
// stood when Promote was called, then makes it a voter. Call it on the
// leader.
func (p *Part) Promote(ctx context.Context, addr string) error {
	if err := p.waitCaughtUp(ctx, addr); err != nil {
		return err
	}
	timeout, err := timeoutOf(ctx)
	if err != nil {
		return err
	}
	return p.raftError(p.raft.AddVoter(raft.ServerID(addr), raft.ServerAddress(addr), 0, timeout).Error())
}

// AddVoter adds addr as a learner, waits for it to catch up and promotes
// it: the safe way to grow a part by one voter.
func (p *Part) AddVoter(ctx context.Context, addr string) error {
	if err := p.AddLearner(ctx, addr); err != nil {
		return err
	}
	return p.Promote(ctx, addr)
}

// RemovePeer removes addr (voter or learner) from the part. Membership
// changes go one at a time: raft runs the next only once the previous one
// is committed. The removed replica keeps its data until Drop. Call it on
// the leader.
func (p *Part) RemovePeer(ctx context.Context, addr string) error {
	timeout, err := timeoutOf(ctx)
	if err != nil {
		return err
	}
	return p.raftError(p.raft.RemoveServer(raft.ServerID(addr), 0, timeout).Error())
}

// TransferLeader hands leadership to the voter addr and returns once it
// has it (or the attempt failed). Call it on the leader.
func (p *Part) TransferLeader(ctx context.Context, addr string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	if !p.IsLeader() {
		return p.notLeader()
	}
	defer p.lease.suspend()()
	f := p.raft.LeadershipTransferToServer(raft.ServerID(addr), raft.ServerAddress(addr))
	if err := f.Error(); err != nil {
		return fmt.Errorf("transfer leadership of %s to %s: %w", p.id, addr, p.raftError(err))
	}
	return nil
}

// catchUpPoll is how often Promote asks a learner how far it has got.
const catchUpPoll = 20 * time.Millisecond

func (p *Part) waitCaughtUp(ctx context.Context, addr string) error {
	target := p.raft.LastIndex()
	tick := time.NewTicker(catchUpPoll)
	defer tick.Stop()
	for {
		if !p.IsLeader() {
			return p.notLeader()
		}
		st, err := p.trans.peerState(addr)
		if err == nil && uint64(st.LastLogIndex) >= target {
			return nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			if err == nil {
				err = fmt.Errorf("learner at index %d, leader at %d", st.LastLogIndex, target)
			}
			return fmt.Errorf("wait for %s to catch up on %s: %w: %w", addr, p.id, ErrTimeout, err)
		case <-p.closed:
			return fmt.Errorf("part %s: %w", p.id, ErrClosed)
		}
	}
}
