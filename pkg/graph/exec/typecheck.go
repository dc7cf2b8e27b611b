package exec

import (
	"fmt"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// Type deduction, as NebulaGraph's validator does it (DeduceTypeVisitor):
// each expression gets the kind it will produce, EMPTY when that is only
// known at run time, and an operator whose operand kinds can never work is
// a SemanticError before anything runs. Operators are checked by applying
// them to a sample value of each operand's kind, so the rules stay those of
// package value.

// samples are the representative values the operators are tried on.
var samples = map[value.Kind]value.Value{
	value.KindEmpty:     value.Empty,
	value.KindNull:      value.Null,
	value.KindBool:      value.NewBool(true),
	value.KindInt:       value.NewInt(1),
	value.KindFloat:     value.NewFloat(1),
	value.KindString:    value.NewString("123"),
	value.KindDate:      value.NewDate(value.Date{Year: 1970, Month: 1, Day: 1}),
	value.KindTime:      value.NewTime(value.Time{}),
	value.KindDateTime:  value.NewDateTime(value.DateTime{Year: 1970, Month: 1, Day: 1}),
	value.KindVertex:    value.NewVertex(&value.Vertex{VID: value.NewString("")}),
	value.KindEdge:      value.NewEdge(&value.Edge{Src: value.NewString(""), Dst: value.NewString("")}),
	value.KindPath:      value.NewPath(&value.Path{Src: value.Vertex{VID: value.NewString("")}}),
	value.KindList:      value.NewList(nil),
	value.KindMap:       value.NewMap(map[string]value.Value{}),
	value.KindSet:       value.NewSet(nil),
	value.KindDataSet:   value.NewDataSet(&value.DataSet{}),
	value.KindDuration:  value.NewDuration(value.Duration{}),
	value.KindGeography: value.NewGeography(&value.Geography{Shape: value.GeoPoint}),
}

// unknown reports whether k says nothing about the run-time kind: NULL
// and EMPTY never make an operator invalid.
func unknown(k value.Kind) bool { return k == value.KindEmpty || k == value.KindNull }

// typer deduces kinds. cols gives the kinds of $- columns (input) and of
// each variable's columns; a column it does not list is EMPTY.
type typer struct {
	x     *run
	input map[string]value.Kind
	vars  map[string]map[string]value.Kind
}

func invalid(e ast.Expr, format string, args ...any) error {
	return status.Semantic("`%s' is not a valid expression, %s", ast.NebulaString(e), fmt.Sprintf(format, args...))
}

func (t *typer) deduce(e ast.Expr) (value.Kind, error) {
	switch n := e.(type) {
	case nil:
		return value.KindEmpty, nil
	case *ast.NullLiteral:
		return value.KindNull, nil
	case *ast.BoolLiteral:
		return value.KindBool, nil
	case *ast.IntLiteral:
		return value.KindInt, nil
	case *ast.FloatLiteral:
		return value.KindFloat, nil
	case *ast.StringLiteral:
		return value.KindString, nil
	case *ast.List, *ast.ListComprehension:
		if err := t.children(e); err != nil {
			return 0, err
		}
		if lc, ok := e.(*ast.ListComprehension); ok {
			if err := t.needList(lc.Collection); err != nil {
				return 0, err
			}
		}
		return value.KindList, nil
	case *ast.Set:
		return value.KindSet, t.children(e)
	case *ast.Map:
		return value.KindMap, t.children(e)
	case *ast.Parameter:
		if v, ok := t.x.params[n.Name]; ok {
			return v.Kind(), nil
		}
		return value.KindEmpty, nil
	case *ast.InputProperty:
		return t.input[n.Prop], nil
	case *ast.VariableProperty:
		return t.vars[n.Var][n.Prop], nil
	case *ast.UUID:
		return value.KindString, nil
	case *ast.Unary:
		return t.unary(n)
	case *ast.Binary:
		return t.binary(n)
	case *ast.Logical:
		return t.logical(n)
	case *ast.PathPattern:
		// The paths it matches (MatchPathPatternExpression).
		return value.KindList, t.children(e)
	case *ast.Attribute:
		return t.attribute(n)
	case *ast.FunctionCall:
		return t.call(n)
	case *ast.Aggregate:
		return value.KindEmpty, t.children(e)
	case *ast.Case:
		return t.caseExpr(n)
	case *ast.Predicate:
		if err := t.children(e); err != nil {
			return 0, err
		}
		if n.Name == "exists" {
			return value.KindBool, nil
		}
		return value.KindBool, t.needList(n.Collection)
	case *ast.Reduce:
		if err := t.children(e); err != nil {
			return 0, err
		}
		return value.KindEmpty, t.needList(n.Collection)
	case *ast.TypeCast:
		if err := t.children(e); err != nil {
			return 0, err
		}
		return castKind(n.Type), nil
	default:
		// Labels, subscripts, graph properties and the like: their kind is
		// only known at run time.
		return value.KindEmpty, t.children(e)
	}
}

func (t *typer) children(e ast.Expr) error {
	for _, c := range ast.Children(e) {
		if _, err := t.deduce(c); err != nil {
			return err
		}
	}
	return nil
}

// needList checks the collection of a comprehension, predicate or reduce.
func (t *typer) needList(c ast.Expr) error {
	k, err := t.deduce(c)
	if err != nil || unknown(k) || k == value.KindList {
		return err
	}
	return status.Semantic("`%s', expected LIST, but was %s", ast.NebulaString(c), k)
}

var unaryOps = map[ast.UnaryOp]struct {
	sym   string
	apply func(value.Value) (value.Value, error)
}{
	ast.OpNegate: {"-", value.Neg},
	ast.OpNot:    {"!", func(v value.Value) (value.Value, error) { return value.Not(v), nil }},
}

func (t *typer) unary(n *ast.Unary) (value.Kind, error) {
	k, err := t.deduce(n.Operand)
	if err != nil {
		return 0, err
	}
	switch n.Op {
	case ast.OpPlus:
		return k, nil
	case ast.OpIsNull, ast.OpIsNotNull, ast.OpIsEmpty, ast.OpIsNotEmpty:
		return value.KindBool, nil
	}
	op := unaryOps[n.Op]
	r, _ := op.apply(samples[k])
	if r.IsBadNull() {
		return 0, invalid(n, "can not apply `%s' to %s.", op.sym, k)
	}
	return r.Kind(), nil
}

var arithmetic = map[ast.BinaryOp]struct {
	sym   string
	apply func(a, b value.Value) (value.Value, error)
}{
	ast.OpAdd: {"+", value.Add},
	ast.OpSub: {"-", value.Sub},
	ast.OpMul: {"*", value.Mul},
	ast.OpDiv: {"/", value.Div},
	ast.OpMod: {"%", value.Mod},
}

func (t *typer) binary(n *ast.Binary) (value.Kind, error) {
	l, err := t.deduce(n.Left)
	if err != nil {
		return 0, err
	}
	r, err := t.deduce(n.Right)
	if err != nil {
		return 0, err
	}
	if op, ok := arithmetic[n.Op]; ok {
		// NebulaGraph refuses string subtraction even against an unknown.
		if n.Op == ast.OpSub && (l == value.KindString || r == value.KindString) {
			return 0, invalid(n, "can not apply `-' to `%s' and `%s'.", l, r)
		}
		res, _ := op.apply(samples[l], samples[r])
		if res.IsBadNull() {
			return 0, invalid(n, "can not apply `%s' to `%s' and `%s'.", op.sym, l, r)
		}
		return res.Kind(), nil
	}
	if n.Op == ast.OpIn || n.Op == ast.OpNotIn {
		if !unknown(r) && r != value.KindList && r != value.KindSet && r != value.KindMap {
			return 0, status.Semantic("`%s', expected List/Set/Map, but was %s", ast.NebulaString(n.Right), r)
		}
	}
	return value.KindBool, nil
}

// logicalChecks are the value operators NebulaGraph's DeduceTypeVisitor
// tries a logical expression's operand kinds with: AND with operator&&, OR
// and XOR both with operator|| (so XOR's error names `||'). These take a
// list as a bool and let NULL or EMPTY decide, unlike value.And, Or and Xor
// that the expression evaluates with; see pkg/value/logic.go.
var logicalChecks = map[ast.LogicalOp]struct {
	name  string
	apply func(a, b value.Value) value.Value
}{
	ast.OpAnd: {"`&&' or `AND'", value.ImplicitAnd},
	ast.OpOr:  {"`||' or `OR'", value.ImplicitOr},
	ast.OpXor: {"`||' or `OR'", value.ImplicitOr},
}

func (t *typer) logical(n *ast.Logical) (value.Kind, error) {
	check := logicalChecks[n.Op]
	prev, err := t.deduce(n.Operands[0])
	if err != nil {
		return 0, err
	}
	for _, o := range n.Operands[1:] {
		cur, err := t.deduce(o)
		if err != nil {
			return 0, err
		}
		res := check.apply(samples[prev], samples[cur])
		if res.IsBadNull() {
			return 0, invalid(n, "can not apply %s operator to `%s' and `%s'.", check.name, prev, cur)
		}
		prev = res.Kind()
	}
	return prev, nil
}

func (t *typer) attribute(n *ast.Attribute) (value.Kind, error) {
	k, err := t.deduce(n.Left)
	if err != nil {
		return 0, err
	}
	switch k {
	case value.KindMap, value.KindVertex, value.KindEdge, value.KindDate, value.KindTime, value.KindDateTime,
		value.KindEmpty, value.KindNull:
		return value.KindEmpty, nil
	}
	return 0, status.Semantic("`%s', expected type with attribute like Date, Time, DateTime, Map, Vertex or Edge but was %s: %s",
		ast.NebulaString(n), k, ast.NebulaString(n.Left))
}

func (t *typer) call(n *ast.FunctionCall) (value.Kind, error) {
	kinds := make([]value.Kind, len(n.Args))
	for i, a := range n.Args {
		k, err := t.deduce(a)
		if err != nil {
			return 0, err
		}
		kinds[i] = k
	}
	switch n.Name {
	case "id", "src", "dst":
		return value.KindEmpty, nil
	}
	k, err := function.ReturnType(n.Name, kinds)
	if err != nil {
		return 0, status.Semantic("`%s' is not a valid expression : %s", ast.NebulaString(n), err.Error())
	}
	return k, nil
}

func (t *typer) caseExpr(n *ast.Case) (value.Kind, error) {
	if _, err := t.deduce(n.Condition); err != nil {
		return 0, err
	}
	if _, err := t.deduce(n.Default); err != nil {
		return 0, err
	}
	kinds := map[value.Kind]bool{}
	var last value.Kind
	for _, arm := range n.Arms {
		w, err := t.deduce(arm.When)
		if err != nil {
			return 0, err
		}
		if n.Condition == nil && w != value.KindBool && !unknown(w) {
			return 0, status.Semantic("`%s', expected BOOL, but was %s", ast.NebulaString(arm.When), w)
		}
		if last, err = t.deduce(arm.Then); err != nil {
			return 0, err
		}
		kinds[last] = true
	}
	if len(kinds) == 1 {
		return last, nil
	}
	return value.KindEmpty, nil
}

func castKind(typ string) value.Kind {
	switch typ {
	case "BOOL":
		return value.KindBool
	case "INT":
		return value.KindInt
	case "FLOAT":
		return value.KindFloat
	case "STRING":
		return value.KindString
	case "DATE":
		return value.KindDate
	case "TIME":
		return value.KindTime
	case "DATETIME":
		return value.KindDateTime
	case "DURATION":
		return value.KindDuration
	case "GEOGRAPHY":
		return value.KindGeography
	}
	return value.KindEmpty
}
