package parser

//go:generate go run ./internal/yaccgen

import (
	"fmt"
	"strings"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// Limits applied when a Config leaves them zero.
const (
	// DefaultMaxQueryBytes is NebulaGraph's max_allowed_query_size default.
	DefaultMaxQueryBytes = 4 << 20
	// DefaultMaxStatements bounds the statements of one request.
	DefaultMaxStatements = 4096
)

// hardDepthFactor bounds expression depth everywhere, including where
// NebulaGraph itself does not check it (property maps of MATCH patterns):
// no parsed tree is deeper than hardDepthFactor × MaxDepth, so code walking
// one may recurse.
const hardDepthFactor = 4

// Config adjusts a parse. The zero value parses like NebulaGraph with no
// query parameters.
type Config struct {
	// IsParam reports whether $name is a query parameter of the request,
	// which makes the parser build ast.Parameter instead of ast.Variable
	// and apply NebulaGraph's parameter rules ("Parameter is not supported
	// in vid", "Variable definition conflicts with a parameter", ...). Nil
	// means there are none.
	IsParam func(name string) bool
	// Function reports whether a scalar function of that name (in any case)
	// accepts nargs arguments; calls it rejects are "Unknown function"
	// errors. Nil means BuiltinFunction.
	Function func(name string, nargs int) bool
	// MaxDepth is the deepest expression accepted in a clause; 0 means
	// ast.MaxExprDepth.
	MaxDepth int
	// MaxQueryBytes bounds the query's length; 0 means
	// DefaultMaxQueryBytes.
	MaxQueryBytes int
	// MaxStatements bounds the statements of a query, each pipe and set
	// operator counting as one more (which also bounds how deep statements
	// nest); 0 means DefaultMaxStatements.
	MaxStatements int
}

func (c *Config) maxDepth() int32 {
	if c.MaxDepth > 0 {
		return int32(c.MaxDepth)
	}
	return ast.MaxExprDepth
}

func (c *Config) isParam(name string) bool { return c.IsParam != nil && c.IsParam(name) }

func (c *Config) function(name string, nargs int) bool {
	if c.Function != nil {
		return c.Function(name, nargs)
	}
	return BuiltinFunction(name, nargs)
}

// Parse parses a request: statements separated by ';', or one EXPLAIN or
// PROFILE. It returns a *SyntaxError for invalid input, an error wrapping
// ErrQueryTooLarge for an over-long query, and ErrEmptyQuery when there is
// no statement. The returned tree is owned by the caller.
//
// Parse is safe for concurrent use.
func Parse(query string) (*ast.Sequence, error) { return ParseWith(query, Config{}) }

// ParseWith is Parse with a Config.
func ParseWith(query string, cfg Config) (*ast.Sequence, error) {
	l, err := run(query, &cfg, 0)
	if err != nil {
		return nil, err
	}
	if len(l.result.Stmts) == 0 {
		return nil, ErrEmptyQuery
	}
	if ex, ok := l.result.Stmts[0].(*ast.Explain); ok {
		if err := checkExplainFormat(ex.Format); err != nil {
			return nil, err
		}
	}
	return l.result, nil
}

// explainFormats are the values of EXPLAIN/PROFILE FORMAT=, compared in
// lower case.
var explainFormats = []string{"row", "dot", "dot:struct", "tck"}

// checkExplainFormat makes the check of NebulaGraph's ExplainValidator,
// which answers a bad format with a SyntaxError (without location).
func checkExplainFormat(format string) error {
	if format == "" {
		return nil
	}
	f := strings.ToLower(format)
	for _, ok := range explainFormats {
		if f == ok {
			return nil
		}
	}
	return &SyntaxError{Msg: fmt.Sprintf("Invalid explain/profile format type: %q, only following values are supported: %s",
		f, strings.Join(explainFormats, ","))}
}

// ParseExpr parses a single expression, such as a default value or a
// pushed-down filter, with the checks NebulaGraph applies to expressions in
// clauses. Errors are as for Parse.
func ParseExpr(expr string) (ast.Expr, error) { return ParseExprWith(expr, Config{}) }

// ParseExprWith is ParseExpr with a Config.
func ParseExprWith(expr string, cfg Config) (ast.Expr, error) {
	l, err := run(expr, &cfg, START_EXPR)
	if err != nil {
		return nil, err
	}
	return l.expr, nil
}

func run(query string, cfg *Config, start int) (l *lexer, err error) {
	limit := cfg.MaxQueryBytes
	if limit <= 0 {
		limit = DefaultMaxQueryBytes
	}
	if len(query) > limit {
		return nil, fmt.Errorf("%w (%d > %d)", ErrQueryTooLarge, len(query), limit)
	}
	l = newLexer(query, cfg, start)
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(abort); !ok {
				panic(r)
			}
			err = l.err
		}
	}()
	yyNewParser().Parse(l)
	return l, l.err
}
