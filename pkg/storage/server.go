package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/raftex"
	"github.com/novagraph/novagraph/pkg/rpc"
	"github.com/novagraph/novagraph/pkg/webservice"
)

// Version is the NebulaGraph server version NovaGraph answers as.
const Version = "3.8.0"

// Config is storaged's configuration; cmd/storaged fills it from flags
// named as NebulaGraph's.
type Config struct {
	LocalIP    string // address to bind and to advertise
	Port       int    // storage Thrift port (9779); raft uses Port+1
	WSHTTPPort int    // HTTP port for /status, /flags, /metrics (19779)
	// DataPaths spread spaces' parts over disks (--data_path, comma
	// separated).
	DataPaths []string
	// HeartbeatInterval is --heartbeat_interval_secs.
	HeartbeatInterval time.Duration
	// ClientIdleTimeout closes idle client connections; 0 = 8 h.
	ClientIdleTimeout time.Duration
	Engine            kvstore.Options
	Raft              raftex.Options
	// DiskSpace is the free-space guard (--minimum_reserved_bytes,
	// --disk_ballast_bytes); zero: off.
	DiskSpace DiskSpaceOptions
	// Flags, when set, lists every flag and its value for /flags.
	Flags func() map[string]string
}

// DefaultConfig returns NebulaGraph's defaults.
func DefaultConfig() Config {
	return Config{
		LocalIP:           "127.0.0.1",
		Port:              9779,
		WSHTTPPort:        19779,
		DataPaths:         []string{"data/storage"},
		HeartbeatInterval: 10 * time.Second,
	}
}

// Validate checks the config.
func (c *Config) Validate() error {
	switch {
	case c.LocalIP == "":
		return errors.New("storaged: --local_ip is required")
	case c.Port <= 0 || c.Port >= 65535:
		return fmt.Errorf("storaged: --port %d: want 1..65534 (raft uses port+1)", c.Port)
	case c.WSHTTPPort < 0 || c.WSHTTPPort > 65535:
		return fmt.Errorf("storaged: --ws_http_port %d out of range", c.WSHTTPPort)
	case len(c.DataPaths) == 0:
		return errors.New("storaged: --data_path is required")
	}
	for _, p := range c.DataPaths {
		if strings.TrimSpace(p) == "" {
			return errors.New("storaged: --data_path has an empty entry")
		}
	}
	return nil
}

// Deps are the parts a Server is built from.
type Deps struct {
	Meta Meta // required
	// Registry receives storaged's metrics; default: a fresh registry.
	Registry *prometheus.Registry
	Logger   *slog.Logger
	// Now is the clock TTL is judged by; default time.Now.
	Now func() time.Time
}

// Server is one storaged: the Store, the Thrift services (graph storage and
// admin on one port) and the HTTP service. NewServer opens the Store (its
// raft port listens at once); Listen binds the other ports; Run serves
// until its context ends and then closes everything it opened.
type Server struct {
	cfg    Config
	log    *slog.Logger
	store  *Store
	rpc    *rpc.Server
	http   *http.Server
	httpLn net.Listener
}

// NewServer opens the Store and builds the services.
func NewServer(cfg Config, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Meta == nil {
		return nil, errors.New("storaged: no meta client")
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.Registry == nil {
		deps.Registry = prometheus.NewRegistry()
		deps.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	addr := net.JoinHostPort(cfg.LocalIP, strconv.Itoa(cfg.Port))
	store, err := Open(Options{
		Addr:              addr,
		DataPaths:         cfg.DataPaths,
		Engine:            cfg.Engine,
		Raft:              cfg.Raft,
		Meta:              deps.Meta,
		HeartbeatInterval: cfg.HeartbeatInterval,
		DiskSpace:         cfg.DiskSpace,
		Now:               deps.Now,
		Logger:            deps.Logger,
	})
	if err != nil {
		return nil, err
	}
	m := newMetrics(deps.Registry, store)
	svc := &Service{store: store, metrics: m}
	proc := gstorage.NewGraphStorageServiceProcessor(svc)
	for _, m := range dataSetMethods(svc) {
		proc.AddToProcessorMap(m.Name, m)
	}
	for name, fn := range gstorage.NewStorageAdminServiceProcessor(&Admin{store: store, metrics: m}).ProcessorMap() {
		proc.AddToProcessorMap(name, fn)
	}
	s := &Server{
		cfg:   cfg,
		log:   deps.Logger,
		store: store,
		rpc:   rpc.NewServer(proc, rpc.ServerOptions{IdleTimeout: cfg.ClientIdleTimeout, Logger: deps.Logger}),
	}
	s.http = &http.Server{
		Handler:           s.httpHandler(deps.Registry),
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	return s, nil
}

// Store returns the server's Store.
func (s *Server) Store() *Store { return s.store }

// Listen binds the Thrift and HTTP ports. On error the Server must still be
// Closed (or Run with a done context) to release the Store.
func (s *Server) Listen() error {
	if err := s.rpc.Listen(s.store.Addr()); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(s.cfg.LocalIP, strconv.Itoa(s.cfg.WSHTTPPort)))
	if err != nil {
		return fmt.Errorf("listen http: %w", err)
	}
	s.httpLn = ln
	return nil
}

// Addr is the storage address served.
func (s *Server) Addr() string { return s.store.Addr() }

// HTTPAddr is the bound HTTP address; valid after Listen.
func (s *Server) HTTPAddr() net.Addr { return s.httpLn.Addr() }

// Run serves until ctx ends, then stops accepting, closes connections,
// waits for every goroutine it started and closes the Store. It returns the
// first serving error.
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
	start(func() error { s.store.Run(ctx); return nil })
	s.log.Info("storaged serving", "addr", s.Addr(), "http", s.HTTPAddr().String())

	<-ctx.Done()
	shutdownCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	_ = s.http.Shutdown(shutdownCtx)
	_ = s.rpc.Close()
	wg.Wait()
	close(errs)
	err := <-errs
	return errors.Join(err, s.store.Close())
}

// Close releases a Server that was not Run (after a failed Listen).
func (s *Server) Close() error {
	_ = s.rpc.Close()
	if s.httpLn != nil {
		_ = s.httpLn.Close()
	}
	return s.store.Close()
}

// httpHandler serves /status, /flags and /metrics like NebulaGraph's web
// service on --ws_http_port.
func (s *Server) httpHandler(gatherer prometheus.Gatherer) http.Handler {
	return webservice.Handler(webservice.Build{GitInfoSHA: meta.GitInfoSHA(), Version: Version}, s.cfg.Flags, gatherer)
}
