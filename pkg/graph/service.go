package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	ggraph "github.com/novagraph/novagraph/idl/gen/graph"
	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/rpc"
	"github.com/novagraph/novagraph/pkg/value"
)

// Engine runs the statements of one request.
type Engine interface {
	Execute(ctx context.Context, q *exec.Query) (*exec.Result, error)
}

// service implements the Thrift GraphService. It is stateless apart from the
// session manager and safe for concurrent use.
type service struct {
	cfg      *Config
	auth     Authenticator
	sessions *session.Manager
	engine   Engine
	metrics  *metrics
	log      *slog.Logger
}

var _ ggraph.GraphService = (*service)(nil)

func (s *service) Authenticate(ctx context.Context, username, password []byte) (*ggraph.AuthResponse, error) {
	user := string(username)
	ip := clientIP(ctx)
	if err := s.auth.Authenticate(ctx, user, string(password)); err != nil {
		s.metrics.authFailed.Inc()
		s.log.Info("authentication refused", "user", user, "client", ip, "err", err)
		return &ggraph.AuthResponse{
			ErrorCode: common.ErrorCode_E_BAD_USERNAME_PASSWORD,
			ErrorMsg:  []byte(err.Error()),
		}, nil
	}
	if max := s.cfg.MaxAllowedConnections; max > 0 && int64(s.sessions.Len()) >= max {
		s.metrics.authFailed.Inc()
		return &ggraph.AuthResponse{
			ErrorCode: common.ErrorCode_E_TOO_MANY_CONNECTIONS,
			ErrorMsg:  []byte("Too many connections in the cluster"),
		}, nil
	}
	sess, err := s.sessions.Create(ctx, user, ip)
	if err != nil {
		s.metrics.authFailed.Inc()
		code := common.ErrorCode_E_SESSION_INVALID
		msg := fmt.Sprintf("Create session failed: %v", err)
		if errors.Is(err, session.ErrTooManySessions) {
			code = common.ErrorCode_E_TOO_MANY_CONNECTIONS
			msg = fmt.Sprintf("Create Session failed: Too many sessions created from %s by user %s. "+
				"the threshold is %d. You can change it by modifying '%s'",
				ip, user, s.cfg.MaxSessionsPerIPPerUser, "max_sessions_per_ip_per_user")
		}
		return &ggraph.AuthResponse{ErrorCode: code, ErrorMsg: []byte(msg)}, nil
	}
	s.metrics.openedSessions.Inc()
	offset, name := s.cfg.timeZone()
	return &ggraph.AuthResponse{
		ErrorCode:             common.ErrorCode_SUCCEEDED,
		SessionID:             ptr(sess.ID()),
		TimeZoneOffsetSeconds: ptr(offset),
		TimeZoneName:          []byte(name),
	}, nil
}

func (s *service) Signout(ctx context.Context, sessionID int64) error {
	s.sessions.Remove(ctx, sessionID)
	return nil
}

func (s *service) Execute(ctx context.Context, sessionID int64, stmt []byte) (*ggraph.ExecutionResponse, error) {
	return withData(s.run(ctx, sessionID, stmt, nil)), nil
}

func (s *service) ExecuteWithParameter(ctx context.Context, sessionID int64, stmt []byte, params map[string]*common.Value) (*ggraph.ExecutionResponse, error) {
	return withData(s.run(ctx, sessionID, stmt, params)), nil
}

// withData completes run's response with its data set in generated form.
// (The Thrift server's own execute methods, reply.go, write the data set
// straight from the values instead.)
func withData(resp *ggraph.ExecutionResponse, data *value.DataSet) *ggraph.ExecutionResponse {
	if data != nil {
		resp.Data = value.DataSetToThrift(data)
	}
	return resp
}

func (s *service) ExecuteJson(ctx context.Context, sessionID int64, stmt []byte) ([]byte, error) {
	resp, data := s.run(ctx, sessionID, stmt, nil)
	return appendResponseJSON(nil, resp, data), nil
}

func (s *service) ExecuteJsonWithParameter(ctx context.Context, sessionID int64, stmt []byte, params map[string]*common.Value) ([]byte, error) {
	resp, data := s.run(ctx, sessionID, stmt, params)
	return appendResponseJSON(nil, resp, data), nil
}

func (s *service) VerifyClientVersion(_ context.Context, req *ggraph.VerifyClientVersionReq) (*ggraph.VerifyClientVersionResp, error) {
	v := string(req.GetVersion())
	if s.cfg.EnableClientWhiteList && !slices.Contains(s.cfg.clientWhiteList(), v) {
		return &ggraph.VerifyClientVersionResp{
			ErrorCode: common.ErrorCode_E_CLIENT_SERVER_INCOMPATIBLE,
			ErrorMsg:  []byte(fmt.Sprintf("Graph client handshakeKey(%s) is not accepted.", v)),
		}, nil
	}
	return &ggraph.VerifyClientVersionResp{ErrorCode: common.ErrorCode_SUCCEEDED}, nil
}

// run executes one request and returns the Thrift response, without its
// data, and the result table in value form: the Thrift server writes it
// straight to the wire (reply.go) and the JSON methods render it.
func (s *service) run(ctx context.Context, sessionID int64, stmt []byte, params map[string]*common.Value) (*ggraph.ExecutionResponse, *value.DataSet) {
	start := time.Now()
	resp := &ggraph.ExecutionResponse{SpaceName: []byte{}}
	fail := func(code common.ErrorCode, msg string) (*ggraph.ExecutionResponse, *value.DataSet) {
		resp.ErrorCode = code
		resp.ErrorMsg = []byte(msg)
		resp.LatencyInUs = time.Since(start).Microseconds()
		s.metrics.queryErrors.WithLabelValues(strconv.Itoa(int(code))).Inc()
		return resp, nil
	}
	// Session 0 is nebula-go's connection ping; it must get an answer.
	if sessionID == 0 {
		return fail(common.ErrorCode_E_SESSION_INVALID, "Invalid session id")
	}
	sess, err := s.sessions.Find(ctx, sessionID)
	if err != nil {
		return fail(common.ErrorCode_E_SESSION_INVALID, fmt.Sprintf("SessionId[%d] does not exist", sessionID))
	}
	q := &exec.Query{Session: sess, Text: string(stmt), Sessions: s.sessions}
	if len(params) > 0 {
		q.Params = make(map[string]value.Value, len(params))
		for k, tv := range params {
			v, err := value.FromThrift(tv)
			if err != nil {
				resp.SpaceName = []byte(sess.Space().Name)
				return fail(common.ErrorCode_E_EXECUTION_ERROR, fmt.Sprintf("Bad parameter `%s': %v", k, err))
			}
			q.Params[k] = v
		}
	}

	s.metrics.queries.Inc()
	s.metrics.activeQueries.Inc()
	// Registered so that SHOW QUERIES lists it and KILL QUERY can stop it.
	ctx, _, done := sess.StartQuery(ctx, q.Text, start)
	defer done()
	if s.cfg.QueryTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.QueryTimeout)
		defer cancel()
	}
	res, err := s.execute(ctx, q)
	switch {
	case err == nil:
	case errors.Is(context.Cause(ctx), session.ErrQueryKilled):
		err = status.Execution("Execution had been killed")
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		err = status.Execution("Execution had been killed: the query exceeded --query_timeout_ms (%v)", s.cfg.QueryTimeout)
	}
	s.metrics.activeQueries.Dec()
	elapsed := time.Since(start)
	s.metrics.latency.Observe(elapsed.Seconds())
	s.logSlowQuery(slowQueryOf(q, elapsed, res, err))

	resp.SpaceName = []byte(sess.Space().Name)
	if err != nil {
		return fail(errorCode(err), err.Error())
	}
	resp.ErrorCode = common.ErrorCode_SUCCEEDED
	resp.LatencyInUs = elapsed.Microseconds()
	resp.PlanDesc = res.Plan
	if res.Comment != "" {
		resp.Comment = []byte(res.Comment)
	}
	return resp, res.Data
}

// execute runs q on the engine. A panic in the engine is a bug, but one bad
// statement must not take the whole graphd down with every other session:
// it is logged with its stack and answered as an execution error.
func (s *service) execute(ctx context.Context, q *exec.Query) (res *exec.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("query panicked", "query", q.Text, "panic", r, "stack", string(debug.Stack()))
			res, err = nil, fmt.Errorf("Internal error: %v", r)
		}
	}()
	return s.engine.Execute(ctx, q)
}

func clientIP(ctx context.Context) string {
	a := rpc.Peer(ctx)
	if a == nil {
		return ""
	}
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

func ptr[T any](v T) *T { return &v }
