package parser

import (
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// This file holds what the grammar's actions call: node construction with
// depth accounting, and the semantic checks NebulaGraph makes while parsing,
// with its messages. Each takes the symbols involved so that an error can
// point at the same text NebulaGraph's does.

// Intermediate values of grammar symbols that are not AST nodes yet.
type (
	caseArms struct {
		arms  []ast.WhenThen
		depth int32
	}
	mapItems struct {
		items []ast.MapItem
		depth int32
	}
	nodeLabels struct {
		labels []*ast.NodeLabel
		depth  int32
	}
	nodePart struct {
		node  *ast.MatchNode
		depth int32
	}
	edgePart struct {
		edge  *ast.MatchEdge
		depth int32
	}
	// pathPart is a pattern being built; depth is that of the deepest
	// property map in it.
	pathPart struct {
		path  *ast.MatchPath
		depth int32
	}
)

func (p *pathPart) addNodeDepth(n *nodePart) { p.depth = maxDepth(p.depth, n.depth) }

func (p *pathPart) add(e *edgePart, n *nodePart) {
	p.path.Edges = append(p.path.Edges, e.edge)
	p.path.Nodes = append(p.path.Nodes, n.node)
	p.depth = maxDepth(p.depth, e.depth, n.depth)
}

func withDir(v any, d ast.Direction) *edgePart {
	e := v.(*edgePart)
	e.edge.Dir = d
	return e
}

func maxDepth(ds ...int32) int32 {
	var m int32
	for _, d := range ds {
		if d > m {
			m = d
		}
	}
	return m
}

const depthMessage = "The above expression's depth exceeds the maximum depth:"

// setExpr makes e, of depth d, the value of v. Trees deeper than the hard
// bound are refused on the spot so that nothing deeper is ever built.
func (l *lexer) setExpr(v *yySymType, e ast.Expr, d int32) {
	v.expr = e
	v.depth = d
	if max := l.cfg.maxDepth(); d > hardDepthFactor*max {
		l.fail(v.span, depthMessage+strconv.Itoa(int(max)))
	}
}

func (l *lexer) leaf(v *yySymType, e ast.Expr) { l.setExpr(v, e, 1) }

func (l *lexer) node1(v *yySymType, e ast.Expr, a *yySymType) { l.setExpr(v, e, a.depth+1) }

func (l *lexer) node(v *yySymType, e ast.Expr, kids ...*yySymType) {
	var d int32
	for _, k := range kids {
		if k.depth > d {
			d = k.depth
		}
	}
	l.setExpr(v, e, d+1)
}

func (l *lexer) unary(v *yySymType, op ast.UnaryOp, a *yySymType) {
	l.node1(v, &ast.Unary{Op: op, Operand: a.expr}, a)
}

func (l *lexer) binary(v *yySymType, op ast.BinaryOp, a, b *yySymType) {
	l.node(v, &ast.Binary{Op: op, Left: a.expr, Right: b.expr}, a, b)
}

func (l *lexer) logical(v *yySymType, op ast.LogicalOp, a, b *yySymType) {
	l.node(v, &ast.Logical{Op: op, Operands: []ast.Expr{a.expr, b.expr}}, a, b)
}

// checkDepth is NebulaGraph's check on every expression of a clause.
func (l *lexer) checkDepth(v *yySymType) {
	if max := l.cfg.maxDepth(); v.depth > max {
		l.fail(v.span, depthMessage+strconv.Itoa(int(max)))
	}
}

// variable is $name in an expression: a parameter of the request or a
// variable.
func (l *lexer) variable(name string) ast.Expr {
	if l.cfg.isParam(name) {
		return &ast.Parameter{Name: name}
	}
	return &ast.Variable{Name: name}
}

// varProp is $name.prop: a column of a variable, or an attribute of a
// parameter's value.
func (l *lexer) varProp(v *yySymType, name, prop string) {
	if l.cfg.isParam(name) {
		l.setExpr(v, &ast.Attribute{Left: &ast.Parameter{Name: name}, Name: prop}, 2)
		return
	}
	l.leaf(v, &ast.VariableProperty{Var: name, Prop: prop})
}

func castType(t *ast.ColumnType) string {
	switch t.Name {
	case "INT8", "INT16", "INT32", "INT64", "TIMESTAMP":
		return "INT"
	case "DOUBLE", "FLOAT":
		return "FLOAT"
	case "FIXED_STRING", "STRING":
		return "STRING"
	}
	return t.Name
}

func (l *lexer) caseExpr(v *yySymType, cond *yySymType, arms *caseArms, def *yySymType) {
	l.setExpr(v, &ast.Case{Generic: true, Condition: cond.expr, Arms: arms.arms, Default: def.expr},
		maxDepth(cond.depth, arms.depth, def.depth)+1)
}

func (l *lexer) mapExpr(v *yySymType, m *mapItems) {
	l.setExpr(v, &ast.Map{Items: m.items}, m.depth+1)
}

// loopVar returns the name bound by a predicate or list comprehension,
// which must be a bare label.
func (l *lexer) loopVar(v *yySymType, msg string) string {
	lbl, ok := v.expr.(*ast.Label)
	if !ok {
		l.fail(v.span, msg)
	}
	return lbl.Name
}

func (l *lexer) exists(v *yySymType, arg *yySymType) {
	switch arg.expr.(type) {
	case *ast.LabelAttribute, *ast.Attribute, *ast.Subscript:
	default:
		l.fail(arg.span, "The exists only accept LabelAttribute, Attribute and Subscript")
	}
	l.node1(v, &ast.Predicate{Name: "exists", Collection: arg.expr}, arg)
}

// call is name(args): an aggregate when name is one and takes the single
// argument, otherwise a scalar function that must exist with that arity.
func (l *lexer) call(v *yySymType, name, args *yySymType) {
	fn, as := name.str, args.exprs
	if len(as) == 1 && IsAggregate(fn) {
		if ast.Any(as[0], isRandomCall) {
			l.fail(args.span, "Can't use non-deterministic (random) functions inside of aggregate functions")
		}
		l.node1(v, &ast.Aggregate{Name: fn, Arg: as[0]}, args)
		return
	}
	if !l.cfg.function(fn, len(as)) {
		l.fail(name.span, "Unknown function ")
	}
	l.node1(v, &ast.FunctionCall{Name: fn, Args: as}, args)
}

func isRandomCall(e ast.Expr) bool {
	f, ok := e.(*ast.FunctionCall)
	return ok && randomFunctions[strings.ToLower(f.Name)]
}

func (l *lexer) distinctCall(v *yySymType, name, arg *yySymType) {
	if !IsAggregate(name.str) {
		l.fail(name.span, "Unknown aggregate function ")
	}
	l.node1(v, &ast.Aggregate{Name: name.str, Arg: arg.expr, Distinct: true}, arg)
}

func (l *lexer) starCall(v *yySymType, name *yySymType, distinct bool) {
	if !strings.EqualFold(name.str, "COUNT") {
		l.fail(name.span, "Could not apply aggregation function on `*`")
	}
	l.setExpr(v, &ast.Aggregate{Name: name.str, Arg: &ast.StringLiteral{Value: "*"}, Distinct: distinct}, 2)
}

// keywordCall is timestamp(...), date(...) and the other functions whose
// names are keywords.
func (l *lexer) keywordCall(v *yySymType, name, args *yySymType) {
	if !l.cfg.function(name.str, len(args.exprs)) {
		l.fail(name.span, "Unknown function ")
	}
	l.node1(v, &ast.FunctionCall{Name: name.str, Args: args.exprs}, args)
}

func (l *lexer) pathPattern(v *yySymType, p *pathPart) {
	l.setExpr(v, &ast.PathPattern{Path: p.path}, p.depth+1)
}

// matchPath finishes a pattern of a MATCH clause. NebulaGraph does not bound
// the depth of its property maps; the hard bound applies.
func (l *lexer) matchPath(p *pathPart) *ast.MatchPath {
	if max := l.cfg.maxDepth(); p.depth > hardDepthFactor*max {
		l.fail(l.last, depthMessage+strconv.Itoa(int(max)))
	}
	return p.path
}

// nodeFromExpr turns a parenthesized expression that turned out to be a
// pattern node into one: (v) names the node, ({k: v}) gives its properties.
func (l *lexer) nodeFromExpr(v *yySymType) *nodePart {
	switch e := v.expr.(type) {
	case *ast.Label:
		return &nodePart{node: &ast.MatchNode{Alias: e.Name}}
	case *ast.Map:
		return &nodePart{node: &ast.MatchNode{Props: e}, depth: v.depth}
	}
	l.fail(v.span, "")
	return nil
}

func isVariable(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Variable, *ast.Parameter:
		return true
	}
	return false
}

// noVariables rejects $var and $param anywhere in v.
func (l *lexer) noVariables(v *yySymType, msg string) {
	if ast.Any(v.expr, isVariable) {
		l.fail(v.span, msg)
	}
}

// noDirectVariable rejects a yield column using a variable's whole result
// ($var rather than $var.col); parameters are fine.
func (l *lexer) noDirectVariable(v *yySymType) {
	if ast.Any(v.expr, func(e ast.Expr) bool { _, ok := e.(*ast.Variable); return ok }) {
		l.fail(v.span, "Direct output of variable is prohibited")
	}
}

func isAggregate(e ast.Expr) bool { _, ok := e.(*ast.Aggregate); return ok }

func (l *lexer) noAggregate(v *yySymType, msg string) {
	if ast.Any(v.expr, isAggregate) {
		l.fail(v.span, msg)
	}
}

func (l *lexer) noAggregateColumns(v *yySymType) {
	for _, c := range v.node.([]*ast.YieldColumn) {
		if ast.Any(c.Expr, isAggregate) {
			l.fail(v.span, "Invalid use of aggregating function in yield clause.")
		}
	}
}

// variableVid rejects $name where a vertex id list is expected.
func (l *lexer) variableVid(v *yySymType) {
	if l.cfg.isParam(v.str) {
		l.fail(v.span, "Parameter is not supported in vid")
	}
	l.fail(v.span, "Variable is not supported in vid")
}

func (l *lexer) checkAssignment(v *yySymType) {
	if l.cfg.isParam(v.str) {
		l.fail(v.span, "Variable definition conflicts with a parameter")
	}
}

// checkLength checks the length of FIXED_STRING(n) and of an index prefix.
func (l *lexer) checkLength(v *yySymType) {
	if v.i <= 0 || v.i > 32767 {
		l.fail(v.span, "Out of range:")
	}
}

const commentLimit = 256

func (l *lexer) checkComment(v *yySymType) {
	if len(v.str) > commentLimit {
		l.fail(v.span, "Too long comment exceed "+strconv.Itoa(commentLimit)+" bytes limit:")
	}
}

func (l *lexer) countStatement(v *yySymType) {
	l.stmts++
	max := l.cfg.MaxStatements
	if max <= 0 {
		max = DefaultMaxStatements
	}
	if l.stmts > max {
		l.fail(v.span, "Too many statements, the limit is "+strconv.Itoa(max)+":")
	}
}

func findPath(kind ast.PathSearch, withProp bool, from, to, over any, where ast.Expr, upto, yield any) ast.Stmt {
	return &ast.FindPath{Kind: kind, WithProp: withProp, From: from.(*ast.VertexIDs), To: to.(*ast.VertexIDs),
		Over: over.(*ast.Over), Where: where, Upto: upto.(int64), Yield: yield.(*ast.YieldClause)}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func atois(ss []string) []int64 {
	out := make([]int64, len(ss))
	for i, s := range ss {
		out[i], _ = strconv.ParseInt(s, 10, 64)
	}
	return out
}

func hostStrings(hs []*ast.HostAddr) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Host + ":" + itoa(h.Port)
	}
	return out
}
