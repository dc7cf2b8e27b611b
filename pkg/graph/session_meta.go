package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/meta"
)

// MetaSessions records graphd's sessions in metad, so that a session created
// on one graphd is valid on every other (nebula-go may resend a statement on
// any connection).
type MetaSessions struct{ Client *meta.Client }

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

// Update implements session.Store.
func (m MetaSessions) Update(ctx context.Context, recs []session.Record) error {
	out := make([]*meta.Session, len(recs))
	for i, r := range recs {
		out[i] = &meta.Session{ID: r.ID, User: r.User, ClientIP: r.ClientIP, SpaceID: r.Space.ID,
			SpaceName: r.Space.Name, Created: r.Created, Updated: r.Updated}
	}
	_, err := m.Client.UpdateSessions(ctx, out)
	return err
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
