package exec

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/ngql/parser"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// ErrSpaceNotFound is returned by a Catalog for an unknown space name.
var ErrSpaceNotFound = errors.New("space not found")

// Catalog answers which graph spaces exist. It is the part of the meta
// client the engine needs so far.
type Catalog interface {
	// SpaceByName returns the space called name or an error wrapping
	// ErrSpaceNotFound.
	SpaceByName(ctx context.Context, name string) (session.Space, error)
	// TagExists reports whether space (possibly the zero Space: none
	// chosen) has a tag called name.
	TagExists(ctx context.Context, space session.Space, name string) (bool, error)
}

// Options configure an Engine. Zero values take NebulaGraph's defaults.
type Options struct {
	// Catalog knows the spaces; nil knows none.
	Catalog Catalog
	// Meta is the meta service client for DDL and administration; nil runs
	// graphd stand-alone, where those statements fail.
	Meta *meta.Client
	// Authorize enforces the roles metad grants (--enable_authorize); it
	// needs Meta.
	Authorize bool
	// Storage is the storage client for statements that read or write
	// graph data; nil when graphd runs stand-alone.
	Storage *storage.Client
	// MaxStatements bounds the statements of one request
	// (--max_allowed_statements, 512).
	MaxStatements int
	// MaxQuerySize bounds a request's text in bytes
	// (--max_allowed_query_size, 4 MiB).
	MaxQuerySize int
	// UTCOffset is the server zone's offset east of UTC in seconds.
	UTCOffset int
	// Now is the clock impure functions read; default time.Now.
	Now func() time.Time
	// MaxQueryMemory bounds the bytes one query may materialise, by the
	// engine's estimate (--query_memory_limit_mb); 0 is no limit.
	MaxQueryMemory int64
	// GraphAddr is this graphd's host:port, as SHOW LOCAL QUERIES and SHOW
	// LOCAL SESSIONS print it.
	GraphAddr string
	// EnableSpaceOnZones lets CREATE SPACE ... ON z1, z2 place the space's
	// replicas in those zones only (--enable_space_on_zones); off, it is
	// NebulaGraph 3.x's "Create space with zone is unsupported".
	EnableSpaceOnZones bool
}

// Engine runs requests. It is safe for concurrent use.
type Engine struct {
	opts Options
}

// New returns an Engine.
func New(opts Options) *Engine {
	if opts.MaxStatements <= 0 {
		opts.MaxStatements = 512
	}
	if opts.MaxQuerySize <= 0 {
		opts.MaxQuerySize = 4 << 20
	}
	if opts.Catalog == nil {
		opts.Catalog = emptyCatalog{}
	}
	return &Engine{opts: opts}
}

// Execute parses and runs q. Failures are *status.Error values (or plain
// errors, which count as execution errors).
func (e *Engine) Execute(ctx context.Context, q *Query) (*Result, error) {
	seq, err := parser.ParseWith(q.Text, parser.Config{
		MaxQueryBytes: e.opts.MaxQuerySize,
		IsParam: func(name string) bool {
			_, ok := q.Params[name]
			return ok
		},
	})
	var syn *parser.SyntaxError
	switch {
	case errors.Is(err, parser.ErrEmptyQuery):
		return nil, &status.Error{Kind: status.KindStatementEmpty}
	case errors.Is(err, parser.ErrQueryTooLarge):
		return nil, status.Execution("Query is too large (%d > %d)", len(q.Text), e.opts.MaxQuerySize)
	case errors.As(err, &syn):
		return nil, status.Syntax("%s", syn.Msg)
	case err != nil:
		return nil, status.Syntax("%s", err.Error())
	}
	if len(seq.Stmts) > e.opts.MaxStatements {
		return nil, status.Semantic("The maximum number of statements allowed has been exceeded")
	}
	x := &run{
		engine:   e,
		session:  q.Session,
		sessions: q.Sessions,
		params:   q.Params,
		env:      &function.Env{Now: e.opts.Now, UTCOffset: e.opts.UTCOffset},
		mem:      &memTracker{limit: e.opts.MaxQueryMemory},
	}
	stmts, explain := seq.Stmts, (*ast.Explain)(nil)
	if ex, ok := stmts[0].(*ast.Explain); ok {
		stmts, explain = ex.Body.Stmts, ex
	}
	p, err := newPlanner(x).sequence(ctx, stmts)
	if err != nil {
		return nil, err
	}
	optimize(p)
	if explain != nil && !explain.Profile {
		return &Result{Plan: p.Describe(explain.Format, false)}, nil
	}
	data, err := newExecutor(x, explain != nil).run(ctx, p.Root)
	if err != nil {
		return nil, err
	}
	res := &Result{Data: data}
	if explain != nil {
		res.Plan = p.Describe(explain.Format, true)
	}
	return res, nil
}

// run is the state of one request: its session and parameters.
type run struct {
	engine   *Engine
	session  *session.Session
	sessions *session.Manager
	params   map[string]value.Value
	env      *function.Env
	// mem accounts the request's tables; operators building large
	// intermediate state charge it as they go.
	mem *memTracker
}

// use switches the session to the named space.
func (x *run) use(ctx context.Context, name string) error {
	sp, err := x.engine.opts.Catalog.SpaceByName(ctx, name)
	if errors.Is(err, ErrSpaceNotFound) {
		return status.Execution("SpaceNotFound: SpaceName `%s`", name)
	}
	if err != nil {
		return fmt.Errorf("use %s: %w", name, err)
	}
	if x.session != nil {
		x.session.SetSpace(sp)
	}
	return nil
}

type emptyCatalog struct{}

func (emptyCatalog) SpaceByName(_ context.Context, name string) (session.Space, error) {
	return session.Space{}, fmt.Errorf("%s: %w", name, ErrSpaceNotFound)
}

func (emptyCatalog) TagExists(context.Context, session.Space, string) (bool, error) {
	return false, nil
}

// orEmpty stands a table with no columns and no rows in for nil.
func orEmpty(ds *value.DataSet) *value.DataSet {
	if ds == nil {
		return &value.DataSet{}
	}
	return ds
}
