package meta

import (
	"context"
	"maps"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/value"
)

// Session is a client session as metad records it, so that any graphd can
// resume one another created. The client keeps the sessions it created or
// fetched in an in-process cache; a Session value is a copy that the
// caller owns.
type Session struct {
	ID        int64
	User      string
	SpaceID   int32 // 0: none chosen
	SpaceName string
	GraphAddr string // the graphd that created it
	ClientIP  string
	// Timezone is the session's offset east of UTC in seconds.
	Timezone int32
	Created  time.Time
	Updated  time.Time
	Configs  map[string]value.Value
	Queries  map[int64]Query
}

// Query is a statement running in a session (SHOW QUERIES, KILL QUERY).
type Query struct {
	Start     time.Time
	Status    gmeta.QueryStatus
	Duration  time.Duration
	Text      string
	GraphAddr string
}

func sessionOf(s *gmeta.Session) *Session {
	out := &Session{
		ID:        int64(s.SessionID),
		User:      string(s.UserName),
		SpaceID:   int32(s.SpaceID),
		SpaceName: string(s.SpaceName),
		ClientIP:  string(s.ClientIP),
		Timezone:  s.Timezone,
		Created:   time.UnixMicro(int64(s.CreateTime)),
		Updated:   time.UnixMicro(int64(s.UpdateTime)),
		Configs:   map[string]value.Value{},
		Queries:   map[int64]Query{},
	}
	if s.GraphAddr != nil {
		out.GraphAddr = addrString(s.GraphAddr)
	}
	for k, v := range s.Configs {
		if cv, err := value.FromThrift(v); err == nil {
			out.Configs[k] = cv
		}
	}
	for id, q := range s.Queries {
		qd := Query{
			Start:    time.UnixMicro(int64(q.StartTime)),
			Status:   q.Status,
			Duration: time.Duration(q.Duration) * time.Microsecond,
			Text:     string(q.Query),
		}
		if q.GraphAddr != nil {
			qd.GraphAddr = addrString(q.GraphAddr)
		}
		out.Queries[int64(id)] = qd
	}
	return out
}

func (s *Session) wire() *gmeta.Session {
	w := &gmeta.Session{
		SessionID:  common.SessionID(s.ID),
		CreateTime: common.Timestamp(s.Created.UnixMicro()),
		UpdateTime: common.Timestamp(s.Updated.UnixMicro()),
		UserName:   []byte(s.User),
		SpaceName:  []byte(s.SpaceName),
		SpaceID:    common.GraphSpaceID(s.SpaceID),
		Timezone:   s.Timezone,
		ClientIP:   []byte(s.ClientIP),
		GraphAddr:  &common.HostAddr{},
		Configs:    map[string]*common.Value{},
		Queries:    map[common.ExecutionPlanID]*gmeta.QueryDesc{},
	}
	if h, err := parseAddr(s.GraphAddr); err == nil {
		w.GraphAddr = h
	}
	for k, v := range s.Configs {
		w.Configs[k] = value.ToThrift(v)
	}
	for id, q := range s.Queries {
		qd := &gmeta.QueryDesc{
			StartTime: common.Timestamp(q.Start.UnixMicro()),
			Status:    q.Status,
			Duration:  q.Duration.Microseconds(),
			Query:     []byte(q.Text),
			GraphAddr: &common.HostAddr{},
		}
		if h, err := parseAddr(q.GraphAddr); err == nil {
			qd.GraphAddr = h
		}
		w.Queries[common.ExecutionPlanID(id)] = qd
	}
	return w
}

// clone returns a deep enough copy for a caller to own.
func (s *Session) clone() *Session {
	cp := *s
	cp.Configs = maps.Clone(s.Configs)
	cp.Queries = maps.Clone(s.Queries)
	return &cp
}

func (c *Client) cacheSession(s *Session) {
	c.sessions.Lock()
	c.sessions.byID[s.ID] = s.clone()
	c.sessions.Unlock()
}

// CreateSession records a new session of user, created by this daemon
// (ClientOptions.LocalHost) for a client at clientIP.
func (c *Client) CreateSession(ctx context.Context, user, clientIP string) (*Session, error) {
	graph, err := parseAddr(c.opts.LocalHost)
	if err != nil {
		graph = &common.HostAddr{}
	}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.CreateSessionResp, error) {
		return cl.CreateSession(ctx, prep(&gmeta.CreateSessionReq{User: []byte(user), GraphAddr: graph, ClientIP: []byte(clientIP)}))
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	s := sessionOf(resp.Session)
	c.cacheSession(s)
	return s.clone(), nil
}

// GetSession returns a session from the cache, else from metad (and then
// caches it): "Session not existed!" (E_SESSION_NOT_FOUND) when metad has
// none of that id.
func (c *Client) GetSession(ctx context.Context, id int64) (*Session, error) {
	c.sessions.Lock()
	s, ok := c.sessions.byID[id]
	c.sessions.Unlock()
	if ok {
		return s.clone(), nil
	}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.GetSessionResp, error) {
		return cl.GetSession(ctx, &gmeta.GetSessionReq{SessionID: common.SessionID(id)})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	s = sessionOf(resp.Session)
	c.cacheSession(s)
	return s.clone(), nil
}

// UpdateSessions records newer versions of sessions (their Updated time
// decides) and returns, per session, the queries KILL QUERY asked to stop.
// Sessions metad no longer has are dropped from the cache.
func (c *Client) UpdateSessions(ctx context.Context, sessions []*Session) (map[int64][]int64, error) {
	req := &gmeta.UpdateSessionsReq{}
	for _, s := range sessions {
		req.Sessions = append(req.Sessions, s.wire())
	}
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.UpdateSessionsResp, error) {
		return cl.UpdateSessions(ctx, prep(req))
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	for _, s := range sessions {
		c.cacheSession(s)
	}
	killed := map[int64][]int64{}
	for sid, qs := range resp.KilledQueries {
		for qid := range qs {
			killed[int64(sid)] = append(killed[int64(sid)], int64(qid))
		}
	}
	return killed, nil
}

// RemoveSessions removes sessions and returns the ids metad had.
func (c *Client) RemoveSessions(ctx context.Context, ids ...int64) ([]int64, error) {
	req := &gmeta.RemoveSessionReq{}
	for _, id := range ids {
		req.SessionIds = append(req.SessionIds, common.SessionID(id))
	}
	c.sessions.Lock()
	for _, id := range ids {
		delete(c.sessions.byID, id)
	}
	c.sessions.Unlock()
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.RemoveSessionResp, error) {
		return cl.RemoveSession(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(resp.RemovedSessionIds))
	for _, id := range resp.RemovedSessionIds {
		out = append(out, int64(id))
	}
	return out, nil
}

// ListSessions asks metad for every session (SHOW SESSIONS).
func (c *Client) ListSessions(ctx context.Context) ([]*Session, error) {
	resp, err := call(ctx, c, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ListSessionsResp, error) {
		return cl.ListSessions(ctx, &gmeta.ListSessionsReq{})
	})
	if err != nil {
		return nil, err
	}
	if err := respError(resp.Code); err != nil {
		return nil, err
	}
	out := make([]*Session, 0, len(resp.Sessions))
	for _, s := range resp.Sessions {
		out = append(out, sessionOf(s))
	}
	return out, nil
}

// KillQueries marks queries of sessions KILLING; their graphd learns it on
// its next UpdateSessions.
func (c *Client) KillQueries(ctx context.Context, queries map[int64][]int64) error {
	req := &gmeta.KillQueryReq{KillQueries: map[common.SessionID][]common.ExecutionPlanID{}}
	for sid, qs := range queries {
		for _, q := range qs {
			req.KillQueries[common.SessionID(sid)] = append(req.KillQueries[common.SessionID(sid)], common.ExecutionPlanID(q))
		}
	}
	_, err := c.exec(ctx, false, func(ctx context.Context, cl *gmeta.MetaServiceClient) (*gmeta.ExecResp, error) {
		return cl.KillQuery(ctx, req)
	})
	return err
}
