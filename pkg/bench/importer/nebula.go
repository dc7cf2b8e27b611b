package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
)

// Target is the graphd cluster to load into.
type Target struct {
	Addrs          []string // graphd host:port
	User, Password string
	Timeout        time.Duration // per statement [60s]
}

func (t Target) hosts() ([]nebula.HostAddress, error) {
	var out []nebula.HostAddress
	for _, a := range t.Addrs {
		h, p, err := net.SplitHostPort(strings.TrimSpace(a))
		if err != nil {
			return nil, fmt.Errorf("graphd address %q: %w", a, err)
		}
		port, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("graphd address %q: %w", a, err)
		}
		out = append(out, nebula.HostAddress{Host: h, Port: port})
	}
	if len(out) == 0 {
		return nil, errors.New("no graphd address")
	}
	return out, nil
}

func (t Target) timeout() time.Duration {
	if t.Timeout <= 0 {
		return 60 * time.Second
	}
	return t.Timeout
}

// quietLogger keeps nebula-go's pool chatter off the progress line.
type quietLogger struct{}

func (quietLogger) Info(string)  {}
func (quietLogger) Warn(string)  {}
func (quietLogger) Error(string) {}
func (quietLogger) Fatal(string) {}

// SetupOptions say what Setup creates and how long it waits.
type SetupOptions struct {
	// Create runs CREATE SPACE IF NOT EXISTS and the mapping's schema.
	Create bool
	// Settle bounds the wait for the space and the schema to be usable
	// [60s]: new spaces and schema reach graphd and storaged on their
	// heartbeats.
	Settle time.Duration
	Log    io.Writer
}

// Setup prepares the space (creating it and its schema when asked) and
// returns its partition count, for grouping rows.
func Setup(ctx context.Context, t Target, cfg *mapping.Config, o SetupOptions) (int, error) {
	if o.Settle <= 0 {
		o.Settle = 60 * time.Second
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	hosts, err := t.hosts()
	if err != nil {
		return 0, err
	}
	pc := nebula.GetDefaultConf()
	pc.TimeOut = t.timeout()
	pc.MaxConnPoolSize = 1
	pool, err := nebula.NewConnectionPool(hosts, pc, quietLogger{})
	if err != nil {
		return 0, fmt.Errorf("connect to graphd: %w", err)
	}
	defer pool.Close()
	sess, err := pool.GetSession(t.User, t.Password)
	if err != nil {
		return 0, fmt.Errorf("authenticate: %w", err)
	}
	defer sess.Release()
	deadline := time.Now().Add(o.Settle)
	// settle runs stmt until it succeeds (an "Existed" answer counts: the
	// schema is already there) or the deadline passes.
	settle := func(stmt string) (*nebula.ResultSet, error) {
		for {
			rs, err := sess.Execute(stmt)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", stmt, err)
			}
			if rs.IsSucceed() || strings.Contains(rs.GetErrorMsg(), "Existed") {
				return rs, nil
			}
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("%s: %s", stmt, rs.GetErrorMsg())
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	space := cfg.SpaceWithDefaults()
	if o.Create {
		fmt.Fprintf(o.Log, "creating space %s and its schema\n", space.Name)
		if _, err := settle(space.CreateSpace()); err != nil {
			return 0, err
		}
	}
	if _, err := settle("USE `" + space.Name + "`"); err != nil {
		return 0, err
	}
	if o.Create {
		for _, s := range cfg.SchemaStatements() {
			if _, err := settle(s); err != nil {
				return 0, err
			}
		}
	}
	// Every tag and edge the files write must be known before loading.
	for _, f := range cfg.Files {
		if f.Vertex != nil {
			for _, tg := range f.Vertex.Tags {
				if _, err := settle("DESCRIBE TAG " + quoteName(tg.Name)); err != nil {
					return 0, err
				}
			}
		}
		if f.Edge != nil {
			if _, err := settle("DESCRIBE EDGE " + quoteName(f.Edge.Name)); err != nil {
				return 0, err
			}
		}
	}
	rs, err := settle("DESCRIBE SPACE `" + space.Name + "`")
	if err != nil {
		return 0, err
	}
	col, err := rs.GetValuesByColName("Partition Number")
	if err != nil || len(col) == 0 {
		return 0, fmt.Errorf("describe space %s: no partition number", space.Name)
	}
	n, err := col[0].AsInt()
	if err != nil {
		return 0, fmt.Errorf("describe space %s: %w", space.Name, err)
	}
	return int(n), nil
}

// SessionPool is an Executor over nebula-go's session pool, bound to the
// mapping's space. Safe for concurrent use.
type SessionPool struct{ pool *nebula.SessionPool }

// NewSessionPool opens a pool of up to size sessions in space.
func NewSessionPool(t Target, space string, size int) (*SessionPool, error) {
	hosts, err := t.hosts()
	if err != nil {
		return nil, err
	}
	conf, err := nebula.NewSessionPoolConf(t.User, t.Password, hosts, space,
		nebula.WithMaxSize(size), nebula.WithMinSize(1), nebula.WithTimeOut(t.timeout()))
	if err != nil {
		return nil, fmt.Errorf("session pool: %w", err)
	}
	p, err := nebula.NewSessionPool(*conf, quietLogger{})
	if err != nil {
		return nil, fmt.Errorf("session pool: %w", err)
	}
	return &SessionPool{pool: p}, nil
}

// Exec implements Executor.
func (s *SessionPool) Exec(_ context.Context, stmt string) error {
	rs, err := s.pool.Execute(stmt)
	if err != nil {
		return err
	}
	if !rs.IsSucceed() {
		return &StatementError{Code: int(rs.GetErrorCode()), Msg: rs.GetErrorMsg()}
	}
	return nil
}

// Close closes the pool's sessions.
func (s *SessionPool) Close() { s.pool.Close() }

// Run is Setup followed by Load through a session pool of opts.Workers
// sessions.
func Run(ctx context.Context, t Target, cfg *mapping.Config, so SetupOptions, opts Options) (*Stats, error) {
	parts, err := Setup(ctx, t, cfg, so)
	if err != nil {
		return nil, err
	}
	if opts.Parts == 0 {
		opts.Parts = parts
	}
	opts = opts.withDefaults()
	pool, err := NewSessionPool(t, cfg.Space.Name, opts.Workers)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	return Load(ctx, cfg, pool, opts)
}
