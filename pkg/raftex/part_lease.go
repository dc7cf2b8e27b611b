package raftex

import (
	"sync/atomic"
	"time"
)

// readLease lets a leader serve reads without a quorum round for a while
// after a quorum last confirmed it, as NebulaGraph's leader lease does.
//
// Why it is safe: once a quorum has acknowledged this leader at time t (the
// confirmation began at t), each of them rejects votes for others until it
// has heard nothing from a leader for HeartbeatTimeout (hashicorp/raft
// refuses votes while it knows a leader), so no other leader can be elected
// before t + HeartbeatTimeout. A lease shorter than that (Options.ReadLease)
// therefore ends before any other leader can commit, assuming clocks that
// run at about the same rate (the default is at most half of
// HeartbeatTimeout, leaving the other half as margin). A leadership
// transfer is the exception (the target is told to stand at once), so the
// lease is off while one runs.
//
// Without it every read of every part costs a heartbeat round trip to
// each follower: in a GO 1 STEP that reads ten parts, twenty raft messages
// and as many frame writes and reads.
type readLease struct {
	d time.Duration // 0: off
	// grant is the term and expiry of the current lease, nil for none.
	grant atomic.Pointer[leaseGrant]
	// transfers counts leadership transfers in progress.
	transfers atomic.Int32
}

type leaseGrant struct {
	term  uint64
	until time.Time // with a monotonic reading
}

// valid reports whether a lease of term is held now.
func (l *readLease) valid(term uint64) bool {
	g := l.grant.Load()
	return g != nil && g.term == term && l.transfers.Load() == 0 && time.Now().Before(g.until)
}

// renew records that a quorum confirmed the leader of term after start.
func (l *readLease) renew(term uint64, start time.Time) {
	if l.d <= 0 || l.transfers.Load() != 0 {
		return
	}
	l.grant.Store(&leaseGrant{term: term, until: start.Add(l.d)})
}

// suspend ends the lease and keeps it off until the returned function is
// called (a leadership transfer runs in between).
func (l *readLease) suspend() (resume func()) {
	l.transfers.Add(1)
	l.grant.Store(nil)
	return func() { l.transfers.Add(-1) }
}
