package exec

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/ngql/parser"
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
		params:   q.Params,
		vars:     make(map[string]*value.DataSet),
		colKinds: make(map[*value.DataSet][]value.Kind),
		env:      &function.Env{Now: e.opts.Now, UTCOffset: e.opts.UTCOffset},
	}
	var last *value.DataSet
	for _, st := range seq.Stmts {
		if err := ctx.Err(); err != nil {
			return nil, status.Execution("Execution had been killed: %v", err)
		}
		if last, err = x.stmt(ctx, st, nil); err != nil {
			return nil, err
		}
	}
	return &Result{Data: last}, nil
}

// run is the state of one request: its session, parameters and variables.
type run struct {
	engine  *Engine
	session *session.Session
	params  map[string]value.Value
	vars    map[string]*value.DataSet
	env     *function.Env
	// colKinds are the deduced kinds of the columns of the tables this
	// request made, for type-checking the statements that read them.
	colKinds map[*value.DataSet][]value.Kind
}

// stmt runs one statement with input as its $- table (nil when not piped).
// It returns nil for statements that produce no table.
func (x *run) stmt(ctx context.Context, st ast.Stmt, input *value.DataSet) (*value.DataSet, error) {
	switch s := st.(type) {
	case *ast.Yield:
		return x.yield(ctx, s, input)
	case *ast.Pipe:
		left, err := x.stmt(ctx, s.Left, input)
		if err != nil {
			return nil, err
		}
		return x.stmt(ctx, s.Right, orEmpty(left))
	case *ast.Assignment:
		if _, ok := x.params[s.Var]; ok {
			return nil, status.Syntax("Variable definition conflicts with a parameter near `$%s'", s.Var)
		}
		if _, ok := x.vars[s.Var]; ok {
			return nil, status.Semantic("Variable `%s' already exists", s.Var)
		}
		ds, err := x.stmt(ctx, s.Stmt, input)
		if err != nil {
			return nil, err
		}
		x.vars[s.Var] = orEmpty(ds)
		return ds, nil
	case *ast.SetOp:
		return x.setOp(ctx, s, input)
	case *ast.OrderBy:
		return x.orderBy(ctx, s, orEmpty(input))
	case *ast.Limit:
		out := limit(s, orEmpty(input))
		x.colKinds[out] = x.colKinds[input]
		return out, nil
	case *ast.GroupBy:
		return x.groupBy(ctx, s, orEmpty(input))
	case *ast.Use:
		return nil, x.use(ctx, s)
	default:
		return nil, x.needsGraph(st)
	}
}

// needsGraph is the answer for statements that read or write graph data,
// which this engine cannot run without meta and storage services.
func (x *run) needsGraph(st ast.Stmt) error {
	if x.session == nil || x.session.Space().Name == "" {
		return status.Semantic("Space was not chosen.")
	}
	return status.Execution("Storage service is not available to run `%s'", st.String())
}

func (x *run) use(ctx context.Context, s *ast.Use) error {
	sp, err := x.engine.opts.Catalog.SpaceByName(ctx, s.Space)
	if errors.Is(err, ErrSpaceNotFound) {
		return status.Execution("SpaceNotFound: SpaceName `%s`", s.Space)
	}
	if err != nil {
		return fmt.Errorf("use %s: %w", s.Space, err)
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
