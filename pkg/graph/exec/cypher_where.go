package exec

import (
	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// Pattern predicates of a WHERE, as NebulaGraph's MatchValidator takes
// them (validatePathInWhere): a pattern that is the whole condition, or
// one operand of its top-level AND, and likewise NOT of a pattern, is
// taken out of the condition and planned as a PatternApply that keeps the
// rows it matches (or, negated, does not); the operands left are the
// Filter's condition, which runs after.
//
// NB: this is not only a plan shape. The logical operators evaluate a
// list as BAD_TYPE (value.And), which fails the Filter, so
// [x IN L | (v)-->(x)] AND (v)-->() works only because the pattern leaves
// the AND: alone, the comprehension's list is the Filter's implicit bool.

// pathPredicate is a pattern predicate taken out of a condition.
type pathPredicate struct {
	pattern *ast.PathPattern
	anti    bool // NOT: keep the rows it does not match
}

// pathPredicates splits cond into its pattern predicates and the rest,
// nil when nothing is left. The rest keeps the other operands in order,
// unwrapped when only one is left.
func pathPredicates(cond ast.Expr) ([]pathPredicate, ast.Expr) {
	var preds []pathPredicate
	var rest []ast.Expr
	for _, c := range conjuncts(cond) {
		if p, ok := asPathPredicate(c); ok {
			preds = append(preds, p)
		} else {
			rest = append(rest, c)
		}
	}
	switch {
	case len(preds) == 0:
		return nil, cond
	case len(rest) == 0:
		return preds, nil
	case len(rest) == 1:
		return preds, rest[0]
	}
	return preds, &ast.Logical{Op: ast.OpAnd, Operands: rest}
}

// asPathPredicate recognizes (pattern) and NOT (pattern). NebulaGraph's
// extractSinglePathPredicate also takes NOT exists(pattern), which its
// parser, like ours, refuses to build.
func asPathPredicate(e ast.Expr) (pathPredicate, bool) {
	if pp, ok := e.(*ast.PathPattern); ok {
		return pathPredicate{pattern: pp}, true
	}
	if u, ok := e.(*ast.Unary); ok && u.Op == ast.OpNot {
		if pp, ok := u.Operand.(*ast.PathPattern); ok {
			return pathPredicate{pattern: pp, anti: true}, true
		}
	}
	return pathPredicate{}, false
}
