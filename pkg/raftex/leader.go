package raftex

// LeaderChange says who leads a part, as a replica of it sees it.
type LeaderChange struct {
	Space, Part int32
	// Leader is the leader's raft address; "" while there is none known
	// (an election is under way, or this replica is cut off).
	Leader string
	// Term is the raft term the replica was in when it saw the change.
	Term uint64
	// Local says the leader is this node.
	Local bool
}

// Subscription delivers a part's leader changes. C holds at most one
// value, the newest: a slow reader skips intermediate changes but always
// ends up seeing the latest. C is closed when the subscription or the part
// is closed.
type Subscription struct {
	C <-chan LeaderChange
	c chan LeaderChange
	p *Part
}

// Subscribe returns a subscription to p's leader changes; its channel
// already holds the current leader.
func (p *Part) Subscribe() *Subscription {
	c := make(chan LeaderChange, 1)
	s := &Subscription{C: c, c: c, p: p}
	p.subs.mu.Lock()
	defer p.subs.mu.Unlock()
	if p.subs.closed {
		close(c)
		return s
	}
	p.subs.set[s] = struct{}{}
	c <- p.subs.last
	return s
}

// Close ends the subscription and closes C. It is safe to call twice.
func (s *Subscription) Close() {
	p := s.p
	p.subs.mu.Lock()
	defer p.subs.mu.Unlock()
	if _, ok := p.subs.set[s]; ok {
		delete(p.subs.set, s)
		close(s.c)
	}
}

// publish records lc as p's leader and offers it to every subscriber,
// replacing a value not yet read. It reports whether lc differs from the
// previous value.
func (p *Part) publish(lc LeaderChange) bool {
	p.subs.mu.Lock()
	defer p.subs.mu.Unlock()
	if p.subs.closed || lc == p.subs.last {
		return false
	}
	p.subs.last = lc
	for s := range p.subs.set {
		select {
		case <-s.c:
		default:
		}
		s.c <- lc // cannot block: only publish sends, under the lock
	}
	return true
}

func (p *Part) closeSubscriptions() {
	p.subs.mu.Lock()
	defer p.subs.mu.Unlock()
	p.subs.closed = true
	for s := range p.subs.set {
		close(s.c)
	}
	clear(p.subs.set)
}
