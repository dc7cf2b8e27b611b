package exec

import (
	"context"
	"fmt"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// planner validates every statement of a request and builds one plan for
// all of them before anything runs, as NebulaGraph does: a request with an
// invalid statement changes nothing.
type planner struct {
	x    *run
	b    plan.Builder
	vars map[string]*shape // user variables defined so far
	prev *plan.Node        // root of the previous statement
}

// shape is a statement's output as the planner knows it: the node that
// produces it, its column names and their deduced kinds.
type shape struct {
	node  *plan.Node
	cols  []string
	kinds []value.Kind
}

func newPlanner(x *run) *planner {
	return &planner{x: x, vars: map[string]*shape{}}
}

// sequence plans the statements in order and returns the plan whose root
// is the last statement's.
func (p *planner) sequence(ctx context.Context, stmts []ast.Stmt) (*plan.Plan, error) {
	var last *shape
	for _, st := range stmts {
		out, err := p.stmt(ctx, st, nil)
		if err != nil {
			return nil, err
		}
		last, p.prev = out, out.node
	}
	return p.b.Finish(last.node), nil
}

// start is the leaf of a statement that reads no piped input; it depends
// on the previous statement so that statements run in order.
func (p *planner) start() *plan.Node {
	if p.prev != nil {
		return p.b.New(plan.Start, p.prev)
	}
	return p.b.New(plan.Start)
}

// stmt plans st with in as its piped input (nil when not piped).
func (p *planner) stmt(ctx context.Context, st ast.Stmt, in *shape) (*shape, error) {
	if err := p.x.checkPermission(st, p.permissionSpace); err != nil {
		return nil, err
	}
	if out, ok, err := p.sessionStmt(st, in); ok {
		return out, err
	}
	if out, ok, err := p.queryStmt(st, in); ok {
		return out, err
	}
	switch s := st.(type) {
	case *ast.Yield:
		return p.yield(ctx, s, in)
	case *ast.Pipe:
		left, err := p.stmt(ctx, s.Left, in)
		if err != nil {
			return nil, err
		}
		return p.stmt(ctx, s.Right, left)
	case *ast.Assignment:
		return p.assignment(ctx, s, in)
	case *ast.SetOp:
		return p.setOp(ctx, s, in)
	case *ast.OrderBy:
		return p.orderBy(s, in)
	case *ast.Limit:
		n := p.b.New(plan.Limit, inputNode(p, in))
		n.InputVar, n.Offset, n.Count = inputVar(in), s.Offset, s.Count
		return p.passOn(n, in), nil
	case *ast.GroupBy:
		return p.groupBy(ctx, s, in)
	case *ast.Match:
		return p.cypher(ctx, s, in)
	case *ast.Unwind:
		return p.unwindStmt(ctx, s, in)
	case *ast.Use:
		n := p.b.New(plan.SwitchSpace, p.start())
		n.Space = s.Space
		return &shape{node: n}, nil
	default:
		if out, ok, err := p.graphStmt(ctx, st, in); ok {
			return out, err
		}
		return p.admin(ctx, st, in)
	}
}

// inputNode is what a clause on piped input depends on: the input's node,
// or a fresh start when nothing is piped in.
func inputNode(p *planner, in *shape) *plan.Node {
	if in == nil {
		return p.start()
	}
	return in.node
}

func inputVar(in *shape) string {
	if in == nil {
		return ""
	}
	return in.node.OutputVar
}

// passOn gives n the columns of in, for operators that keep their input's
// columns (Limit, Sort, Dedup).
func (p *planner) passOn(n *plan.Node, in *shape) *shape {
	if in == nil {
		return &shape{node: n}
	}
	n.ColNames = in.cols
	return &shape{node: n, cols: in.cols, kinds: in.kinds}
}

func (p *planner) assignment(ctx context.Context, s *ast.Assignment, in *shape) (*shape, error) {
	if _, ok := p.x.params[s.Var]; ok {
		return nil, status.Syntax("Variable definition conflicts with a parameter near `$%s'", s.Var)
	}
	if _, ok := p.vars[s.Var]; ok {
		return nil, status.Semantic("Variable `%s' already exists", s.Var)
	}
	out, err := p.stmt(ctx, s.Stmt, in)
	if err != nil {
		return nil, err
	}
	// The statement's result is stored under the variable's own name.
	out.node.OutputVar = s.Var
	p.vars[s.Var] = out
	return out, nil
}

// source decides what a YIELD or GROUP BY iterates, with NebulaGraph's
// rules: the variable when $var is read, the piped input otherwise, never
// both; with neither a variable nor input, a single row with no columns. It returns the node to
// depend on, the variable to read and the columns that variable has.
func (p *planner) source(ctx context.Context, r *refs, in *shape) (dep *plan.Node, src *shape, err error) {
	if len(r.labels) > 0 {
		return nil, nil, status.Semantic("Invalid label identifiers: %s", r.labels[0])
	}
	if len(r.opaque) > 0 {
		return nil, nil, status.Semantic("Not supported expression `%s' for props deduction.", r.opaque[0])
	}
	// Tags are resolved before the clause is judged, as NebulaGraph's type
	// deduction does, so an unknown tag is reported as such.
	for _, tag := range r.tags {
		var sp session.Space
		if p.x.session != nil {
			sp = p.x.session.Space()
		}
		ok, err := p.x.engine.opts.Catalog.TagExists(ctx, sp, tag)
		if err != nil {
			return nil, nil, fmt.Errorf("look up tag %s: %w", tag, err)
		}
		if !ok {
			return nil, nil, status.Execution("TagNotFound: TagName `%s`", tag)
		}
	}
	if len(r.graph) > 0 {
		return nil, nil, status.Semantic("Only support input and variable in yield sentence.")
	}
	if r.usesInput() && len(r.vars) > 0 {
		return nil, nil, status.Semantic("Not support both input and variable.")
	}
	if len(r.vars) > 1 {
		return nil, nil, status.Semantic("Only one variable allowed to use.")
	}
	switch {
	case r.usesInput():
		src = in
		if src == nil {
			src = &shape{}
		}
		for _, c := range r.input {
			if c != "*" && !hasCol(src.cols, c) {
				return nil, nil, status.Semantic("`$-.%s', not exist prop `%s'", c, c)
			}
		}
		return inputNode(p, in), src, nil
	case len(r.vars) == 1:
		for name, cols := range r.vars {
			v, ok := p.vars[name]
			if !ok {
				return nil, nil, status.Semantic("`$%s.%s', not exist variable `%s'", name, cols[0], name)
			}
			for _, c := range cols {
				if c != "*" && !hasCol(v.cols, c) {
					return nil, nil, status.Semantic("`$%s.%s', not exist prop `%s'", name, c, c)
				}
			}
			return p.start(), v, nil
		}
	}
	// Piped in but reading neither $- nor $var: the clause still runs once
	// per input row (so `... | YIELD count(*)` counts them).
	if in != nil {
		return in.node, in, nil
	}
	start := p.start()
	return start, &shape{node: start}, nil
}

func hasCol(cols []string, c string) bool {
	for _, x := range cols {
		if x == c {
			return true
		}
	}
	return false
}

// typer returns the type deducer for clauses reading src.
func (p *planner) typer(src *shape) *typer {
	t := &typer{x: p.x, input: kindMap(src), vars: map[string]map[string]value.Kind{}}
	for name, v := range p.vars {
		t.vars[name] = kindMap(v)
	}
	return t
}

func kindMap(s *shape) map[string]value.Kind {
	out := map[string]value.Kind{}
	if s == nil {
		return out
	}
	for i, c := range s.cols {
		if i < len(s.kinds) {
			out[c] = s.kinds[i]
		}
	}
	return out
}

// checkColumns deduces the kind of each column, failing on expressions
// whose operands can never fit (see typecheck.go); where is checked too.
// It then folds their constant parts, raising NebulaGraph's folding errors.
func (p *planner) checkColumns(src *shape, cols []column, where *ast.Expr) ([]value.Kind, error) {
	t := p.typer(src)
	kinds := make([]value.Kind, len(cols))
	for i, c := range cols {
		k, err := t.deduce(c.expr)
		if err != nil {
			return nil, err
		}
		kinds[i] = k
	}
	if where != nil {
		if _, err := t.deduce(*where); err != nil {
			return nil, err
		}
		folded, err := p.x.fold(*where)
		if err != nil {
			return nil, err
		}
		*where = folded
	}
	for i := range cols {
		folded, err := p.x.fold(cols[i].expr)
		if err != nil {
			return nil, err
		}
		cols[i].expr = folded
	}
	return kinds, nil
}

// checkAggregates rejects nested and unknown aggregate calls.
func checkAggregates(cols []column) error {
	for _, c := range cols {
		var err error
		ast.Walk(c.expr, func(e ast.Expr) bool {
			a, ok := e.(*ast.Aggregate)
			if !ok || err != nil {
				return err == nil
			}
			if eval.HasAggregate(a.Arg) {
				err = status.Semantic("Aggregate function nesting is not allowed: `%s'", ast.NebulaString(a))
				return false
			}
			if _, aerr := function.NewAggregator(a.Name, a.Distinct); aerr != nil {
				err = status.Semantic("%s", aerr.Error())
			}
			return false
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func planColumns(cols []column) []plan.Column {
	out := make([]plan.Column, len(cols))
	for i, c := range cols {
		out[i] = plan.Column{Expr: c.expr, Name: c.name}
	}
	return out
}

// needsGraph is the answer for statements that read or write graph data,
// which this engine cannot run without meta and storage services.
func (x *run) needsGraph(st ast.Stmt) error {
	if x.session == nil || x.session.Space().Name == "" {
		return status.Semantic("Space was not chosen.")
	}
	return status.Execution("Storage service is not available to run `%s'", st.String())
}
