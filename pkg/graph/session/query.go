package session

import (
	"context"
	"errors"
	"sort"
	"sync/atomic"
	"time"
)

// ErrQueryKilled is the cancellation cause of a query ended by KILL QUERY
// (or by KILL SESSION of its session).
var ErrQueryKilled = errors.New("query killed")

// planIDs numbers the queries of this process, as NebulaGraph's execution
// plan ids do: unique within a graphd, which is all KILL QUERY needs since
// it names the session too.
var planIDs atomic.Int64

// QueryStatus is RUNNING until the query is asked to stop, then KILLING.
type QueryStatus int

// Query statuses, named as SHOW QUERIES prints them.
const (
	QueryRunning QueryStatus = iota
	QueryKilling
)

func (s QueryStatus) String() string {
	if s == QueryKilling {
		return "KILLING"
	}
	return "RUNNING"
}

// Query is a statement running in a session.
type Query struct {
	ID     int64
	Text   string
	Start  time.Time
	Status QueryStatus
}

// running is a registered query and how to stop it.
type running struct {
	Query
	cancel context.CancelCauseFunc
}

// StartQuery registers text as running in s and returns the context to run
// it under, which KillQuery cancels with ErrQueryKilled, and the function to
// call when it ends.
func (s *Session) StartQuery(ctx context.Context, text string, now time.Time) (context.Context, int64, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	id := planIDs.Add(1)
	s.mu.Lock()
	if s.mu.queries == nil {
		s.mu.queries = map[int64]*running{}
	}
	s.mu.queries[id] = &running{Query: Query{ID: id, Text: text, Start: now}, cancel: cancel}
	s.mu.Unlock()
	return ctx, id, func() {
		s.mu.Lock()
		delete(s.mu.queries, id)
		s.mu.Unlock()
		cancel(nil)
	}
}

// Queries returns the session's running queries, oldest first.
func (s *Session) Queries() []Query {
	s.mu.Lock()
	out := make([]Query, 0, len(s.mu.queries))
	for _, q := range s.mu.queries {
		out = append(out, q.Query)
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// HasQuery reports whether query id is running in s.
func (s *Session) HasQuery(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.mu.queries[id]
	return ok
}

// KillQuery stops query id of s; it reports whether the query was running.
func (s *Session) KillQuery(id int64) bool {
	s.mu.Lock()
	q, ok := s.mu.queries[id]
	if ok {
		q.Status = QueryKilling
	}
	s.mu.Unlock()
	if ok {
		q.cancel(ErrQueryKilled)
	}
	return ok
}

// killAll stops every query of s (the session is going away).
func (s *Session) killAll() {
	s.mu.Lock()
	qs := make([]*running, 0, len(s.mu.queries))
	for _, q := range s.mu.queries {
		q.Status = QueryKilling
		qs = append(qs, q)
	}
	s.mu.Unlock()
	for _, q := range qs {
		q.cancel(ErrQueryKilled)
	}
}
