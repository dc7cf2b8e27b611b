package storage

import (
	"errors"
	"fmt"
	"slices"

	"github.com/novagraph/novagraph/pkg/raftex"
)

// Replica moves (BALANCE DATA). metad drives a move with the admin calls
// addPart → addLearner (leader) → memberChange add (leader) → transLeader
// → memberChange remove (leader) → removePart, and repeats the step it
// was in after a crash, so the two calls that act on this host alone are
// idempotent here: opening a replica that is open already does nothing,
// and dropping one that is not open still deletes what a crash left of it.

// openLearner opens an empty replica of (spaceID, pid) here, to be added
// to the part's raft group as a learner by its leader. A replica open
// already (a repeated call, or a replica left by an earlier attempt) is
// kept as it is.
func (s *Store) openLearner(spaceID, pid int32) error {
	s.reconcileMu.Lock()
	delete(s.dropped, partKey{spaceID, pid})
	s.reconcileMu.Unlock()
	d, err := s.meta.Space(spaceID)
	if err != nil {
		return fmt.Errorf("open learner of part %d/%d: %w", spaceID, pid, err)
	}
	if _, err := s.openPart(d, pid, nil, true); err != nil && !errors.Is(err, raftex.ErrPartExists) {
		return err
	}
	return nil
}

// dropReplica deletes this host's replica of a part: its raft state and
// data. A replica that is not open (this storaged restarted after the part
// left its partition map, so Reconcile did not open it) is opened first,
// so that its leftovers go too; a space this host never opened and meta
// no longer knows has nothing here.
func (s *Store) dropReplica(spaceID, pid int32) error {
	// Under reconcileMu, so that no Reconcile working from a map read
	// before the drop reopens the replica after it.
	s.reconcileMu.Lock()
	defer s.reconcileMu.Unlock()
	if s.dropped == nil {
		s.dropped = map[partKey]bool{}
	}
	s.dropped[partKey{spaceID, pid}] = true
	err := s.removePart(spaceID, pid)
	if err == nil || (!errors.Is(err, ErrPartNotFound) && !errors.Is(err, ErrSpaceNotFound)) {
		return err
	}
	d, err := s.meta.Space(spaceID)
	if errors.Is(err, ErrSpaceNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("drop part %d/%d: %w", spaceID, pid, err)
	}
	if _, err := s.openPart(d, pid, nil, true); err != nil && !errors.Is(err, raftex.ErrPartExists) {
		return err
	}
	return s.removePart(spaceID, pid)
}

// staleAssignmentLocked reports whether Reconcile must leave (space, pid)
// alone: the map does not put it on this host, or it does but balance
// dropped the replica here and this host's copy of the map predates
// that. NB: opening such a replica would bootstrap an empty raft group
// from the old replicas, one that could elect a leader among other such
// replicas and take writes apart from the real group. Once the map stops
// naming this host the drop is forgotten. Call with reconcileMu held.
func (s *Store) staleAssignmentLocked(space, pid int32, hosts []string) bool {
	k := partKey{space, pid}
	if !slices.Contains(hosts, s.opts.Addr) {
		delete(s.dropped, k)
		return true
	}
	if s.dropped[k] {
		s.opts.Logger.Debug("reconcile: part map still names a dropped replica here", "space", space, "part", pid)
		return true
	}
	return false
}
