package graph

import (
	"context"
	"errors"
	"fmt"
	"time"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/meta"
)

// MetaSessions records graphd's sessions in metad, so that a session created
// on one graphd is valid on every other (nebula-go may resend a statement on
// any connection).
type MetaSessions struct {
	Client *meta.Client
	// Addr is this graphd's host:port, recorded with its sessions' queries.
	Addr string
}

var _ session.Store = MetaSessions{}

// Create implements session.Store.
func (m MetaSessions) Create(ctx context.Context, user, clientIP string) (session.Record, error) {
	s, err := m.Client.CreateSession(ctx, user, clientIP)
	if err != nil {
		return session.Record{}, err
	}
	return recordOf(s), nil
}

// Get implements session.Store.
func (m MetaSessions) Get(ctx context.Context, id int64) (session.Record, error) {
	s, err := m.Client.GetSession(ctx, id)
	if errors.Is(err, meta.ErrSessionNotFound) {
		return session.Record{}, fmt.Errorf("session %d: %w", id, session.ErrNotFound)
	}
	if err != nil {
		return session.Record{}, err
	}
	return recordOf(s), nil
}

// Update implements session.Store: the running queries go to metad with
// this graphd's address, so that SHOW QUERIES and KILL QUERY on any graphd
// see them.
func (m MetaSessions) Update(ctx context.Context, recs []session.Record) (map[int64][]int64, error) {
	out := make([]*meta.Session, len(recs))
	now := time.Now()
	for i, r := range recs {
		ms := &meta.Session{ID: r.ID, User: r.User, ClientIP: r.ClientIP, SpaceID: r.Space.ID,
			SpaceName: r.Space.Name, Created: r.Created, Updated: r.Updated, GraphAddr: m.Addr,
			Queries: make(map[int64]meta.Query, len(r.Queries))}
		for _, q := range r.Queries {
			st := gmeta.QueryStatus_RUNNING
			if q.Status == session.QueryKilling {
				st = gmeta.QueryStatus_KILLING
			}
			ms.Queries[q.ID] = meta.Query{Start: q.Start, Status: st, Duration: now.Sub(q.Start),
				Text: q.Text, GraphAddr: m.Addr}
		}
		out[i] = ms
	}
	return m.Client.UpdateSessions(ctx, out)
}

// Remove implements session.Store.
func (m MetaSessions) Remove(ctx context.Context, ids ...int64) error {
	_, err := m.Client.RemoveSessions(ctx, ids...)
	return err
}

func recordOf(s *meta.Session) session.Record {
	return session.Record{
		ID: s.ID, User: s.User, ClientIP: s.ClientIP,
		Space:   session.Space{ID: s.SpaceID, Name: s.SpaceName},
		Created: s.Created, Updated: s.Updated,
	}
}
