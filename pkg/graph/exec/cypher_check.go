package exec

import (
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// checkExpr validates an expression of an openCypher clause against the
// aliases in scope, with MatchValidator's messages: every bare name must
// be an alias (or bound by a comprehension), nGQL-only references are
// refused, and a pattern expression may only reuse aliases.
func (cp *cypherPlanner) checkExpr(e ast.Expr) (ast.Expr, error) {
	if err := cp.p.undefinedParams(e); err != nil {
		return nil, err
	}
	var err error
	undefined := func(name string) error {
		if cp.inWith {
			return status.Semantic("Alias `%s` not defined", name)
		}
		return status.Semantic("Alias used but not defined: `%s'", name)
	}
	var walk func(e ast.Expr, bound []string)
	walk = func(e ast.Expr, bound []string) {
		if err != nil || e == nil {
			return
		}
		switch n := e.(type) {
		case *ast.SourceProperty, *ast.DestProperty:
			err = status.Semantic("Expression %s is not allowed to use in cypher", ast.NebulaString(e))
			return
		case *ast.VariableProperty:
			err = status.Semantic("`$%s.%s', not exist variable `%s'", n.Var, n.Prop, n.Var)
			return
		case *ast.InputProperty:
			err = status.Semantic("`$-.%s', not exist prop `%s'", n.Prop, n.Prop)
			return
		case *ast.Label:
			if !slices.Contains(bound, n.Name) && !cp.sc.has(n.Name) {
				err = undefined(n.Name)
			}
			return
		case *ast.LabelAttribute:
			if !slices.Contains(bound, n.Label) && !cp.sc.has(n.Label) {
				err = undefined(n.Label)
			}
			return
		case *ast.PathPattern:
			err = cp.checkPatternExpr(n, bound)
			return
		case *ast.ListComprehension:
			walk(n.Collection, bound)
			bound = append(bound[:len(bound):len(bound)], n.Var)
			walk(n.Filter, bound)
			walk(n.Mapping, bound)
			return
		case *ast.Predicate:
			walk(n.Collection, bound)
			bound = append(bound[:len(bound):len(bound)], n.Var)
			walk(n.Filter, bound)
			return
		case *ast.Reduce:
			walk(n.Init, bound)
			walk(n.Collection, bound)
			bound = append(bound[:len(bound):len(bound)], n.Acc, n.Var)
			walk(n.Mapping, bound)
			return
		}
		for _, c := range ast.Children(e) {
			walk(c, bound)
		}
	}
	walk(e, nil)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// checkPatternExpr checks a pattern used as an expression: it may not
// bind new aliases, and the ones it reuses keep their types. Names a
// comprehension binds (local) may stand for anything.
func (cp *cypherPlanner) checkPatternExpr(pp *ast.PathPattern, local []string) error {
	for _, n := range pp.Path.Nodes {
		if n.Alias == "" || slices.Contains(local, n.Alias) {
			continue
		}
		k, ok := cp.sc.kinds[n.Alias]
		if !ok {
			return status.Semantic("PatternExpression are not allowed to introduce new variables: `%s'.", n.Alias)
		}
		if k != aliasNode && k != aliasValue {
			return status.Semantic("`%s' is defined with type %s, but referenced with type Node", n.Alias, k)
		}
	}
	for _, ed := range pp.Path.Edges {
		if ed.Alias == "" || slices.Contains(local, ed.Alias) {
			continue
		}
		k, ok := cp.sc.kinds[ed.Alias]
		if !ok {
			return status.Semantic("PatternExpression are not allowed to introduce new variables: `%s'.", ed.Alias)
		}
		want := aliasEdge
		if ed.Range != nil {
			want = aliasEdgeList
		}
		if k != want && k != aliasValue {
			return status.Semantic("`%s' is defined with type %s, but referenced with type %s", ed.Alias, k, want)
		}
	}
	if pp.Path.Alias != "" {
		return status.Semantic("PatternExpression are not allowed to introduce new variables: `%s'.", pp.Path.Alias)
	}
	return nil
}

// cypherFilter marks the Filter nodes of openCypher clauses: their
// condition must be a boolean, a list (true when not empty), NULL or
// EMPTY, as NebulaGraph's FilterExecutor insists; a bad NULL (BAD_TYPE
// from [1] AND true, say) fails it like a string does.
type cypherFilter struct{ ast.Stmt }

// strictFilter runs a cypher Filter.
func (e *executor) strictFilter(n *plan.Node) (*value.DataSet, error) {
	in := newTable(e.table(n.InputVar))
	out := &value.DataSet{ColNames: in.ds.ColNames}
	for i, r := range in.ds.Rows {
		v, err := evalIn(n.Condition, e.rowCtx(in, i))
		if err != nil {
			return nil, err
		}
		if b, ok := value.ImplicitBool(v); ok {
			if b {
				out.Rows = append(out.Rows, r)
			}
			continue
		}
		if v.IsBadNull() || (v.Kind() != value.KindNull && v.Kind() != value.KindEmpty) {
			return nil, status.Execution("Failed to evaluate condition: %s. For boolean conditions, please write in their full forms like <condition> == <true/false> or <condition> IS [NOT] NULL.",
				ast.NebulaString(n.Condition))
		}
	}
	return out, nil
}

// Label resolves a bare name to the column of the current input row that
// it names: a MATCH alias or a WITH/UNWIND column. The planner has checked
// the name; nGQL clauses never reach here with a label.
func (c *rowCtx) Label(name string) (value.Value, error) {
	if c.input != nil && c.inRow != nil {
		if i, ok := c.input.idx[name]; ok {
			return c.inRow[i], nil
		}
	}
	return c.Base.Label(name)
}

// bindCtx is a row context with a few more names bound (the candidate
// vertex or edge a pattern's property map is checked on).
type bindCtx struct {
	*rowCtx
	names map[string]value.Value
}

func (c *bindCtx) Label(name string) (value.Value, error) {
	if v, ok := c.names[name]; ok {
		return v, nil
	}
	return c.rowCtx.Label(name)
}

var _ eval.Context = (*bindCtx)(nil)
