package meta

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"
	"github.com/prometheus/client_golang/prometheus"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/rpc"
)

// Deps are the parts a Server is built from; all are optional.
type Deps struct {
	// Registry receives metad's metrics; default: a fresh registry.
	Registry *prometheus.Registry
	Logger   *slog.Logger
	// Now is the clock of heartbeat and session times; default time.Now.
	Now func() time.Time
	// storageAdmin reaches storaged for jobs; default: Thrift. Tests set
	// an in-memory one.
	storageAdmin storageAdmin
}

// Server is one metad replica: the MetaService over Thrift on --port, raft
// on --port+1, and the HTTP service on --ws_http_port. Listen binds the
// three ports; Run opens the stores, joins (or, on first start, forms) the
// raft group, serves until its context ends, and then releases everything
// it opened. A Server runs once.
type Server struct {
	cfg   Config
	log   *slog.Logger
	reg   *prometheus.Registry
	svc   *service
	rpc   *rpc.Server
	http  *http.Server
	peers []string

	httpLn net.Listener
	raftLn net.Listener
	node   atomic.Pointer[node]
}

// NewServer builds a Server from a valid config.
func NewServer(cfg Config, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	peers, err := cfg.peers()
	if err != nil {
		return nil, err
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.Registry == nil {
		deps.Registry = prometheus.NewRegistry()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if cfg.ApplyTimeout <= 0 {
		cfg.ApplyTimeout = 10 * time.Second
	}
	if cfg.SessionReclaimInterval <= 0 {
		cfg.SessionReclaimInterval = 60 * time.Second
	}
	s := &Server{cfg: cfg, log: deps.Logger, reg: deps.Registry, peers: peers}
	s.svc = &service{cfg: &s.cfg, log: deps.Logger, now: deps.Now}
	s.svc.metrics = newMetrics(deps.Registry, s.raftState)
	if deps.storageAdmin == nil {
		deps.storageAdmin = thriftAdmin{dialTimeout: 3 * time.Second, callTimeout: 10 * time.Second}
	}
	s.svc.jobs = newJobManager(s.svc, deps.storageAdmin, deps.Logger)
	s.rpc = rpc.NewServer(s.svc.metrics.instrument(gmeta.NewMetaServiceProcessor(s.svc)), rpc.ServerOptions{Logger: deps.Logger})
	s.http = &http.Server{
		Handler:           s.httpHandler(deps.Registry),
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	return s, nil
}

func (s *Server) raftState() (raft.RaftState, int64, uint64) {
	n := s.node.Load()
	if n == nil {
		return raft.Shutdown, 0, 0
	}
	return n.raft.State(), n.fsm.version.Load(), n.fsm.applied.Load()
}

// Listen binds the Thrift port, the raft port (Thrift + 1) and the HTTP
// port.
func (s *Server) Listen() error {
	self := s.cfg.selfAddr()
	if err := s.rpc.Listen(self); err != nil {
		return err
	}
	raftAddress, err := raftAddr(self)
	if err != nil {
		s.rpc.Close()
		return err
	}
	if s.raftLn, err = net.Listen("tcp", raftAddress); err != nil {
		s.rpc.Close()
		return fmt.Errorf("listen raft: %w", err)
	}
	if s.httpLn, err = net.Listen("tcp", net.JoinHostPort(s.cfg.LocalIP, strconv.Itoa(s.cfg.WSHTTPPort))); err != nil {
		s.rpc.Close()
		s.raftLn.Close()
		return fmt.Errorf("listen http: %w", err)
	}
	return nil
}

// Addr is the bound Thrift address; valid after Listen.
func (s *Server) Addr() net.Addr { return s.rpc.Addr() }

// HTTPAddr is the bound HTTP address; valid after Listen.
func (s *Server) HTTPAddr() net.Addr { return s.httpLn.Addr() }

// ID is the replica's raft server id, its advertised Thrift address.
func (s *Server) ID() string { return s.cfg.selfAddr() }

// IsLeader reports whether this replica is the ready leader of the group.
func (s *Server) IsLeader() bool {
	n := s.node.Load()
	return n != nil && n.ready.Load()
}

// Leader returns the Thrift address of the group's leader as this replica
// knows it, or "".
func (s *Server) Leader() string {
	if n := s.node.Load(); n != nil {
		return n.leader()
	}
	return ""
}

// Run serves until ctx ends, then stops raft, closes connections, waits
// for every goroutine it started and closes the stores. It returns the
// first error.
func (s *Server) Run(ctx context.Context) error {
	n, err := openNode(nodeConfig{
		ID:           s.cfg.selfAddr(),
		Peers:        s.peers,
		RaftLn:       s.raftLn,
		Dir:          s.cfg.DataPath,
		Tuning:       s.cfg.Raft,
		ApplyTimeout: s.cfg.ApplyTimeout,
		Logger:       s.log,
		onCommit:     s.svc.metrics.observeCommit,
		onLead: func(_ context.Context, propose func(func(*txn) error) error) error {
			return propose(s.svc.initState)
		},
	})
	if err != nil {
		s.rpc.Close()
		s.raftLn.Close()
		s.httpLn.Close()
		return err
	}
	s.svc.node = n
	s.node.Store(n)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
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
	start(func() error { n.run(ctx); return nil })
	start(func() error { return s.rpc.Serve(ctx) })
	start(func() error {
		if err := s.http.Serve(s.httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http: %w", err)
		}
		return nil
	})
	start(func() error { s.reclaimLoop(ctx); return nil })
	start(func() error { s.svc.jobs.run(ctx); return nil })
	self, err := NewClient(ClientOptions{
		Addrs:             s.peers,
		Role:              gmeta.HostRole_META,
		LocalHost:         s.cfg.selfAddr(),
		HeartbeatInterval: s.cfg.HeartbeatInterval,
		SkipCatalog:       true,
		Timeout:           s.cfg.HeartbeatInterval,
		Logger:            s.log,
	})
	if err == nil {
		start(func() error { self.Run(ctx); return nil })
	} else {
		s.log.Warn("metad: no self heartbeat", "err", err)
	}
	s.log.Info("metad serving", "addr", s.Addr().String(), "http", s.HTTPAddr().String(), "peers", s.peers)

	<-ctx.Done()
	shutdownCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	_ = s.http.Shutdown(shutdownCtx)
	// Raft first, so that requests waiting on a proposal end at once; the
	// stores last, once no request can read them.
	rerr := n.shutdownRaft()
	_ = s.rpc.Close()
	wg.Wait()
	if self != nil {
		self.Close()
	}
	serr := n.closeStores()
	close(errs)
	return errors.Join(<-errs, rerr, serr)
}

// reclaimLoop removes idle sessions on the leader.
func (s *Server) reclaimLoop(ctx context.Context) {
	t := time.NewTicker(s.cfg.SessionReclaimInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.svc.reclaimSessions(ctx); err != nil {
				s.log.Warn("metad: reclaim sessions", "err", err)
			} else if n > 0 {
				s.log.Info("metad: removed idle sessions", "count", n)
			}
		}
	}
}
