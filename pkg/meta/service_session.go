package meta

import (
	"context"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Sessions are kept in metad so that any graphd can serve a session
// another created. graphd updates them (last use, space, running queries)
// in batches; KILL QUERY marks a query KILLING here, and the graphd running
// it learns that from its next update. The leader removes sessions idle
// longer than --session_idle_timeout_secs.

// CreateSession opens a session for an authenticated user.
func (s *service) CreateSession(ctx context.Context, req *gmeta.CreateSessionReq) (*gmeta.CreateSessionResp, error) {
	resp := &gmeta.CreateSessionResp{}
	err := s.update(ctx, func(t *txn) error {
		var id int64
		for {
			var err error
			if id, err = randomID(); err != nil {
				return err
			}
			if ok, err := t.exists(sessionKey(id)); err != nil {
				return err
			} else if !ok {
				break
			}
		}
		now := s.nowUs()
		sess := &gmeta.Session{
			SessionID:  common.SessionID(id),
			CreateTime: common.Timestamp(now),
			UpdateTime: common.Timestamp(now),
			UserName:   req.User,
			SpaceName:  []byte{},
			GraphAddr:  req.GraphAddr,
			ClientIP:   req.ClientIP,
			Configs:    map[string]*common.Value{},
			Queries:    map[common.ExecutionPlanID]*gmeta.QueryDesc{},
		}
		t.putRecord(sessionKey(id), sess)
		resp.Session = sess
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// UpdateSessions stores newer versions of sessions. A session metad no
// longer has (removed, expired) or holds a later version of is left alone.
// Queries marked KILLING stay so, and are returned so that their graphd
// stops them.
func (s *service) UpdateSessions(ctx context.Context, req *gmeta.UpdateSessionsReq) (*gmeta.UpdateSessionsResp, error) {
	resp := &gmeta.UpdateSessionsResp{KilledQueries: map[common.SessionID]map[common.ExecutionPlanID]*gmeta.QueryDesc{}}
	err := s.update(ctx, func(t *txn) error {
		for _, sess := range req.Sessions {
			if sess == nil {
				continue
			}
			cur, ok, err := s.session(t.view, sess.SessionID)
			if err != nil {
				return err
			}
			if !ok || cur.UpdateTime > sess.UpdateTime {
				continue
			}
			for qid, q := range cur.Queries {
				if q.Status != gmeta.QueryStatus_KILLING {
					continue
				}
				if nq, ok := sess.Queries[qid]; ok {
					nq.Status = gmeta.QueryStatus_KILLING
					if resp.KilledQueries[sess.SessionID] == nil {
						resp.KilledQueries[sess.SessionID] = map[common.ExecutionPlanID]*gmeta.QueryDesc{}
					}
					resp.KilledQueries[sess.SessionID][qid] = nq
				}
			}
			t.putRecord(sessionKey(sess.SessionID), sess)
		}
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

func (s *service) session(v view, id common.SessionID) (*gmeta.Session, bool, error) {
	b, err := v.lookup(sessionKey(id), nil)
	if err != nil || b == nil {
		return nil, false, err
	}
	sess := &gmeta.Session{}
	return sess, true, decode(b, sess)
}

func (v view) sessions() ([]*gmeta.Session, error) {
	var out []*gmeta.Session
	err := v.st.scan([]byte{prefixSession}, func(_, b []byte) error {
		sess := &gmeta.Session{}
		if err := decode(b, sess); err != nil {
			return err
		}
		out = append(out, sess)
		return nil
	})
	return out, err
}

// ListSessions lists every session, oldest first.
func (s *service) ListSessions(_ context.Context, _ *gmeta.ListSessionsReq) (*gmeta.ListSessionsResp, error) {
	resp := &gmeta.ListSessionsResp{}
	err := s.view(func(v view) (err error) {
		resp.Sessions, err = v.sessions()
		return err
	})
	if resp.Sessions == nil {
		resp.Sessions = []*gmeta.Session{}
	}
	sort.Slice(resp.Sessions, func(i, j int) bool { return resp.Sessions[i].CreateTime < resp.Sessions[j].CreateTime })
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// GetSession returns one session: E_SESSION_NOT_FOUND when metad has none
// of that id.
func (s *service) GetSession(_ context.Context, req *gmeta.GetSessionReq) (*gmeta.GetSessionResp, error) {
	resp := &gmeta.GetSessionResp{}
	err := s.view(func(v view) error {
		sess, ok, err := s.session(v, req.SessionID)
		if err != nil {
			return err
		}
		if !ok {
			return codeError(common.ErrorCode_E_SESSION_NOT_FOUND)
		}
		resp.Session = sess
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// RemoveSession removes sessions and answers which existed.
func (s *service) RemoveSession(ctx context.Context, req *gmeta.RemoveSessionReq) (*gmeta.RemoveSessionResp, error) {
	resp := &gmeta.RemoveSessionResp{RemovedSessionIds: []common.SessionID{}}
	err := s.update(ctx, func(t *txn) error {
		resp.RemovedSessionIds = resp.RemovedSessionIds[:0]
		for _, id := range req.SessionIds {
			if ok, err := t.exists(sessionKey(id)); err != nil {
				return err
			} else if ok {
				t.del(sessionKey(id))
				resp.RemovedSessionIds = append(resp.RemovedSessionIds, id)
			}
		}
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// KillQuery marks queries KILLING: E_SESSION_NOT_FOUND for an unknown
// session, E_QUERY_NOT_FOUND for a query the session does not run.
func (s *service) KillQuery(ctx context.Context, req *gmeta.KillQueryReq) (*gmeta.ExecResp, error) {
	err := s.update(ctx, func(t *txn) error {
		for sid, plans := range req.KillQueries {
			sess, ok, err := s.session(t.view, sid)
			if err != nil {
				return err
			}
			if !ok {
				return codeError(common.ErrorCode_E_SESSION_NOT_FOUND)
			}
			for _, pid := range plans {
				q, ok := sess.Queries[pid]
				if !ok {
					return codeError(common.ErrorCode_E_QUERY_NOT_FOUND)
				}
				q.Status = gmeta.QueryStatus_KILLING
			}
			t.putRecord(sessionKey(sid), sess)
		}
		return nil
	})
	return reply(s.exec(err, nil))
}

// reclaimSessions removes sessions idle longer than the idle timeout. It
// is a no-op on a replica that is not the ready leader.
func (s *service) reclaimSessions(ctx context.Context) (int, error) {
	if s.cfg.SessionIdleTimeout <= 0 || !s.node.ready.Load() {
		return 0, nil
	}
	n := 0
	err := s.update(ctx, func(t *txn) error {
		all, err := t.sessions()
		if err != nil {
			return err
		}
		cutoff := s.now().Add(-s.cfg.SessionIdleTimeout).UnixMicro()
		for _, sess := range all {
			if int64(sess.UpdateTime) < cutoff {
				t.del(sessionKey(sess.SessionID))
				n++
			}
		}
		return nil
	})
	return n, err
}
