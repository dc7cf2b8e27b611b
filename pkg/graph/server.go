package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	ggraph "github.com/novagraph/novagraph/idl/gen/graph"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/rpc"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Deps are the parts a Server is built from.
type Deps struct {
	Engine Engine // required
	// Auth checks credentials when Config.EnableAuthorize is set; default:
	// the single user root/nebula.
	Auth Authenticator
	// Registry receives graphd's metrics; default: a fresh registry.
	Registry *prometheus.Registry
	Logger   *slog.Logger
	// Sessions records sessions for the whole cluster (metad); nil keeps
	// them in this graphd only.
	Sessions session.Store
}

// Server is one graphd: the Thrift GraphService, the HTTP service and the
// session manager. Listen binds; Run serves until its context ends and then
// releases everything it opened.
type Server struct {
	cfg      Config
	log      *slog.Logger
	sessions *session.Manager
	rpc      *rpc.Server
	http     *http.Server
	httpLn   net.Listener
}

// NewServer builds a Server from a validated config.
func NewServer(cfg Config, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Engine == nil {
		return nil, errors.New("graph server: no engine")
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.Registry == nil {
		deps.Registry = prometheus.NewRegistry()
		deps.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	auth := deps.Auth
	switch {
	case !cfg.EnableAuthorize:
		auth = allowAll{}
	case auth == nil:
		auth = NewStaticUsers(map[string]string{"root": "nebula"})
	}
	if cfg.EnableAuthorize {
		auth = withLoginLock(auth, cfg.FailedLoginAttempts, int64(cfg.PasswordLockTime/time.Second), time.Now)
	}
	s := &Server{
		cfg: cfg,
		log: deps.Logger,
		sessions: session.NewManager(session.Options{
			IdleTimeout:     cfg.SessionIdleTimeout,
			ReclaimInterval: cfg.SessionReclaimInterval,
			MaxPerIPPerUser: cfg.MaxSessionsPerIPPerUser,
			Store:           deps.Sessions,
		}),
	}
	svc := &service{
		cfg:      &s.cfg,
		auth:     auth,
		sessions: s.sessions,
		engine:   deps.Engine,
		log:      deps.Logger,
		metrics:  newMetrics(deps.Registry, func() float64 { return float64(s.sessions.Len()) }),
	}
	proc := ggraph.NewGraphServiceProcessor(svc)
	for _, m := range executeMethods(svc) {
		proc.AddToProcessorMap(m.Name, m)
	}
	s.rpc = rpc.NewServer(proc, rpc.ServerOptions{
		IdleTimeout: cfg.ClientIdleTimeout,
		Logger:      deps.Logger,
	})
	s.http = &http.Server{
		Handler:           s.httpHandler(deps.Registry),
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	return s, nil
}

// Listen binds the Thrift and HTTP ports (port 0 picks free ones).
func (s *Server) Listen() error {
	if err := s.rpc.Listen(net.JoinHostPort(s.cfg.LocalIP, strconv.Itoa(s.cfg.Port))); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(s.cfg.LocalIP, strconv.Itoa(s.cfg.WSHTTPPort)))
	if err != nil {
		s.rpc.Close()
		return fmt.Errorf("listen http: %w", err)
	}
	s.httpLn = ln
	return nil
}

// Addr is the bound Thrift address; valid after Listen.
func (s *Server) Addr() net.Addr { return s.rpc.Addr() }

// HTTPAddr is the bound HTTP address; valid after Listen.
func (s *Server) HTTPAddr() net.Addr { return s.httpLn.Addr() }

// Sessions exposes the session manager (SHOW SESSIONS, tests).
func (s *Server) Sessions() *session.Manager { return s.sessions }

// Run serves until ctx ends, then stops accepting, closes connections and
// waits for every goroutine it started. It returns the first serving error.
func (s *Server) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	start := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil {
				errs <- err
				cancel()
			}
		}()
	}
	start(func() error { return s.rpc.Serve(ctx) })
	start(func() error {
		if err := s.http.Serve(s.httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http: %w", err)
		}
		return nil
	})
	start(func() error { s.sessions.Run(ctx); return nil })
	s.log.Info("graphd serving", "addr", s.Addr().String(), "http", s.HTTPAddr().String())

	<-ctx.Done()
	shutdownCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	_ = s.http.Shutdown(shutdownCtx)
	_ = s.rpc.Close()
	wg.Wait()
	close(errs)
	return <-errs
}
