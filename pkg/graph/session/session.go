// Package session keeps graphd's client sessions: who authenticated, which
// space they use, when they were last active.
//
// A session is not tied to a connection: nebula-go resends a statement on
// another connection with the same session id after a transport error, so a
// session is found by id alone. With a Store (metad) sessions are recorded
// there, so that any graphd can serve a session another one created; the
// Manager keeps the ones in use in memory and writes their last use and
// space back every ReclaimInterval.
//
// Manager and Session are safe for concurrent use.
package session

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrNotFound is returned for an unknown or expired session id.
var ErrNotFound = errors.New("session not found")

// ErrTooManySessions is returned when a user already has the maximum number of
// sessions from one client address.
var ErrTooManySessions = errors.New("too many sessions")

// Space is the graph space a session uses; the zero Space means none.
type Space struct {
	ID   int32
	Name string
}

// Session is one authenticated client session.
type Session struct {
	id       int64
	user     string
	clientIP string
	created  time.Time
	lastUsed atomic.Int64 // unix nanoseconds

	mu struct {
		sync.Mutex
		space   Space
		queries map[int64]*running
	}
}

// ID returns the session id (never zero).
func (s *Session) ID() int64 { return s.id }

// User returns the name the session authenticated as.
func (s *Session) User() string { return s.user }

// ClientIP returns the address the session was created from.
func (s *Session) ClientIP() string { return s.clientIP }

// Created returns the creation time.
func (s *Session) Created() time.Time { return s.created }

// LastUsed returns when the session last ran a statement.
func (s *Session) LastUsed() time.Time { return time.Unix(0, s.lastUsed.Load()) }

// Space returns the current space.
func (s *Session) Space() Space {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.space
}

// SetSpace switches the current space (USE).
func (s *Session) SetSpace(sp Space) {
	s.mu.Lock()
	s.mu.space = sp
	s.mu.Unlock()
}

// Options configure a Manager.
type Options struct {
	// IdleTimeout expires a session unused for this long; 0 never expires.
	IdleTimeout time.Duration
	// ReclaimInterval is how often expired sessions are removed. Default 10 s.
	ReclaimInterval time.Duration
	// MaxPerIPPerUser bounds the sessions of one user from one address; 0 is
	// unlimited.
	MaxPerIPPerUser int
	// Now is the clock; default time.Now. Tests inject a fake one.
	Now func() time.Time
	// Store, when set, records sessions outside this process.
	Store Store
}

// Store records sessions for every graphd of a cluster (metad).
type Store interface {
	// Create records a new session and returns it with its id.
	Create(ctx context.Context, user, clientIP string) (Record, error)
	// Get returns a recorded session; an error wrapping ErrNotFound when
	// there is none.
	Get(ctx context.Context, id int64) (Record, error)
	// Update writes back the last use, space and running queries of
	// sessions, and returns the queries of theirs that KILL QUERY on any
	// graphd marked for killing, by session id.
	Update(ctx context.Context, recs []Record) (killed map[int64][]int64, err error)
	// Remove forgets sessions.
	Remove(ctx context.Context, ids ...int64) error
}

// Record is a session as a Store keeps it.
type Record struct {
	ID       int64
	User     string
	ClientIP string
	Space    Space
	Created  time.Time
	Updated  time.Time
	// Queries are the session's running queries (written by Update only).
	Queries []Query
}

// Manager owns the sessions of one graphd.
type Manager struct {
	opts Options

	mu struct {
		sync.Mutex
		byID map[int64]*Session
	}
}

// NewManager returns an empty Manager; call Run to reclaim idle sessions.
func NewManager(opts Options) *Manager {
	if opts.ReclaimInterval <= 0 {
		opts.ReclaimInterval = 10 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := &Manager{opts: opts}
	m.mu.byID = make(map[int64]*Session)
	return m
}

// Create opens a session for user connecting from clientIP.
func (m *Manager) Create(ctx context.Context, user, clientIP string) (*Session, error) {
	if max := m.opts.MaxPerIPPerUser; max > 0 {
		if n := m.count(user, clientIP); n >= max {
			return nil, fmt.Errorf("user %s from %s has %d sessions: %w", user, clientIP, n, ErrTooManySessions)
		}
	}
	now := m.opts.Now()
	s := &Session{user: user, clientIP: clientIP, created: now}
	s.lastUsed.Store(now.UnixNano())
	if m.opts.Store != nil {
		rec, err := m.opts.Store.Create(ctx, user, clientIP)
		if err != nil {
			return nil, fmt.Errorf("record session: %w", err)
		}
		s.id = rec.ID
		m.mu.Lock()
		m.mu.byID[s.id] = s
		m.mu.Unlock()
		return s, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for {
		id, err := newID()
		if err != nil {
			return nil, err
		}
		if _, dup := m.mu.byID[id]; !dup {
			s.id = id
			break
		}
	}
	m.mu.byID[s.id] = s
	return s, nil
}

func (m *Manager) count(user, clientIP string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, o := range m.mu.byID {
		if o.user == user && o.clientIP == clientIP {
			n++
		}
	}
	return n
}

// Find returns the live session with id and marks it used. A session this
// graphd does not hold is looked up in the Store.
func (m *Manager) Find(ctx context.Context, id int64) (*Session, error) {
	now := m.opts.Now()
	m.mu.Lock()
	s, ok := m.mu.byID[id]
	if ok && m.expiredLocked(s, now) {
		delete(m.mu.byID, id)
		ok = false
	}
	m.mu.Unlock()
	if !ok {
		var err error
		if s, err = m.load(ctx, id, now); err != nil {
			return nil, err
		}
	}
	s.lastUsed.Store(now.UnixNano())
	return s, nil
}

// load fetches a session another graphd created from the Store.
func (m *Manager) load(ctx context.Context, id int64, now time.Time) (*Session, error) {
	if m.opts.Store == nil {
		return nil, ErrNotFound
	}
	rec, err := m.opts.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	s := &Session{id: rec.ID, user: rec.User, clientIP: rec.ClientIP, created: rec.Created}
	s.lastUsed.Store(rec.Updated.UnixNano())
	s.mu.space = rec.Space
	if m.expiredLocked(s, now) {
		return nil, ErrNotFound
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if cur, ok := m.mu.byID[id]; ok { // loaded concurrently
		return cur, nil
	}
	m.mu.byID[id] = s
	return s, nil
}

// Remove ends a session; removing an unknown id does nothing. It reports
// whether this graphd held the session.
func (m *Manager) Remove(ctx context.Context, id int64) bool {
	m.mu.Lock()
	s, ok := m.mu.byID[id]
	delete(m.mu.byID, id)
	m.mu.Unlock()
	if ok {
		s.killAll()
	}
	if m.opts.Store != nil {
		// The session may have been another graphd's; metad forgets it
		// either way. A failure only delays its expiry there.
		_ = m.opts.Store.Remove(ctx, id)
	}
	return ok
}

// Len returns the number of live sessions.
func (m *Manager) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.mu.byID)
}

// List returns the live sessions in no particular order.
func (m *Manager) List() []*Session {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]*Session, 0, len(m.mu.byID))
	for _, s := range m.mu.byID {
		out = append(out, s)
	}
	return out
}

// Reclaim removes every expired session and returns how many it removed.
func (m *Manager) Reclaim() int {
	now := m.opts.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id, s := range m.mu.byID {
		if m.expiredLocked(s, now) {
			delete(m.mu.byID, id)
			n++
		}
	}
	return n
}

// Run reclaims expired sessions and, with a Store, writes back the sessions'
// last use every ReclaimInterval, until ctx ends.
func (m *Manager) Run(ctx context.Context) {
	if m.opts.IdleTimeout <= 0 && m.opts.Store == nil {
		<-ctx.Done()
		return
	}
	t := time.NewTicker(m.opts.ReclaimInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.Reclaim()
			m.sync(ctx)
		}
	}
}

// sync writes the live sessions' last use and space to the Store.
func (m *Manager) sync(ctx context.Context) {
	if m.opts.Store == nil {
		return
	}
	sessions := m.List()
	if len(sessions) == 0 {
		return
	}
	recs := make([]Record, len(sessions))
	for i, s := range sessions {
		recs[i] = Record{ID: s.id, User: s.user, ClientIP: s.clientIP, Space: s.Space(),
			Created: s.created, Updated: s.LastUsed(), Queries: s.Queries()}
	}
	// A failed write is retried on the next tick; sessions stay usable here.
	killed, err := m.opts.Store.Update(ctx, recs)
	if err != nil {
		return
	}
	m.Kill(killed)
}

// Kill stops the listed queries of the sessions this graphd holds.
func (m *Manager) Kill(queries map[int64][]int64) {
	for sid, ids := range queries {
		m.mu.Lock()
		s, ok := m.mu.byID[sid]
		m.mu.Unlock()
		if !ok {
			continue
		}
		for _, id := range ids {
			s.KillQuery(id)
		}
	}
}

// Local returns the session with id if this graphd holds it.
func (m *Manager) Local(id int64) (*Session, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.mu.byID[id]
	return s, ok
}

func (m *Manager) expiredLocked(s *Session, now time.Time) bool {
	if m.opts.IdleTimeout <= 0 {
		return false
	}
	return now.Sub(time.Unix(0, s.lastUsed.Load())) > m.opts.IdleTimeout
}

// newID returns a random positive session id: ids must be unguessable since
// they are the only credential a request carries.
func newID() (int64, error) {
	var b [8]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			return 0, fmt.Errorf("generate session id: %w", err)
		}
		if id := int64(binary.LittleEndian.Uint64(b[:]) >> 1); id != 0 {
			return id, nil
		}
	}
}
