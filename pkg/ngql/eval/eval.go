package eval

import (
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// MaxDepth bounds how deeply Eval recurses. The parser already rejects
// expressions deeper than ast.MaxExprDepth; rewritten or hand-built trees
// may be somewhat deeper, but past MaxDepth Eval fails with ErrTooDeep
// instead of exhausting the stack.
const MaxDepth = 4 * ast.MaxExprDepth

// ErrTooDeep is returned for an expression nested deeper than MaxDepth.
var ErrTooDeep = errors.New("expression is too deep to evaluate")

// ErrUnsupported is wrapped by the error returned for an expression form
// that has no value outside the executor that handles it (a pattern
// expression, a full-text condition, uuid()).
var ErrUnsupported = errors.New("expression not supported")

var (
	badType  = value.NewNull(value.NullBadType)
	outRange = value.NewNull(value.NullOutOfRange)
)

// Eval evaluates e against ctx. A nil ctx is an empty Base. The result is
// shared with the tree's literals and the context's values; callers must
// not modify it. See the package documentation for which failures are
// errors and which are NULL values.
func Eval(e ast.Expr, ctx Context) (value.Value, error) {
	if ctx == nil {
		ctx = Base{}
	}
	ev := evaluator{ctx: ctx}
	return ev.eval(e)
}

// binding is a name bound by a list comprehension, predicate or reduce.
type binding struct {
	name string
	val  value.Value
}

// evaluator carries the state of one Eval: the context, the names bound
// by the enclosing comprehensions (innermost last), and the depth.
type evaluator struct {
	ctx   Context
	scope []binding
	depth int
}

func (ev *evaluator) bind(name string, v value.Value) {
	ev.scope = append(ev.scope, binding{name, v})
}

func (ev *evaluator) unbind() { ev.scope = ev.scope[:len(ev.scope)-1] }

func (ev *evaluator) lookup(name string) (value.Value, bool) {
	for i := len(ev.scope) - 1; i >= 0; i-- {
		if ev.scope[i].name == name {
			return ev.scope[i].val, true
		}
	}
	return value.Value{}, false
}

func (ev *evaluator) eval(e ast.Expr) (value.Value, error) {
	ev.depth++
	defer func() { ev.depth-- }()
	if ev.depth > MaxDepth {
		return value.Value{}, ErrTooDeep
	}
	switch e := e.(type) {
	case *ast.NullLiteral:
		return value.Null, nil
	case *ast.BoolLiteral:
		return value.NewBool(e.Value), nil
	case *ast.IntLiteral:
		return value.NewInt(e.Value), nil
	case *ast.FloatLiteral:
		return value.NewFloat(e.Value), nil
	case *ast.StringLiteral:
		return value.NewString(e.Value), nil
	case *ast.Label:
		if v, ok := ev.lookup(e.Name); ok {
			return v, nil
		}
		return ev.ctx.Label(e.Name)
	case *ast.Variable:
		return ev.ctx.Var(e.Name)
	case *ast.Parameter:
		if v, ok := ev.ctx.Param(e.Name); ok {
			return v, nil
		}
		return value.Value{}, Unbound("Undefined parameter `$%s'", e.Name)
	case *ast.InputProperty:
		return ev.ctx.InputProp(e.Prop)
	case *ast.VariableProperty:
		return ev.ctx.VarProp(e.Var, e.Prop)
	case *ast.SourceProperty:
		return ev.ctx.SrcProp(e.Tag, e.Prop)
	case *ast.DestProperty:
		return ev.ctx.DstProp(e.Tag, e.Prop)
	case *ast.EdgeMeta:
		return ev.ctx.EdgeProp(e.Edge, e.Field.String())
	case *ast.TagProperty:
		return ev.ctx.TagProp(e.Tag, e.Prop)
	case *ast.EdgeProperty:
		return ev.ctx.EdgeProp(e.Edge, e.Prop)
	case *ast.VertexRef:
		return ev.ctx.Vertex(e.Name)
	case *ast.EdgeRef:
		return ev.ctx.Edge()
	case *ast.LabelTagProperty:
		return ev.labelTagProperty(e)
	case *ast.LabelAttribute:
		return ev.labelAttribute(e)
	case *ast.Attribute:
		return ev.attribute(e)
	case *ast.Subscript:
		return ev.subscript(e)
	case *ast.SubscriptRange:
		return ev.subscriptRange(e)
	case *ast.Unary:
		return ev.unary(e)
	case *ast.Binary:
		return ev.binary(e)
	case *ast.Logical:
		return ev.logical(e)
	case *ast.TypeCast:
		return ev.typeCast(e)
	case *ast.FunctionCall:
		return ev.call(e)
	case *ast.Aggregate:
		return ev.ctx.Aggregate(e)
	case *ast.List:
		vs, err := ev.evalAll(e.Items)
		if err != nil {
			return value.Value{}, err
		}
		return value.NewList(vs), nil
	case *ast.Set:
		vs, err := ev.evalAll(e.Items)
		if err != nil {
			return value.Value{}, err
		}
		return value.NewSet(vs), nil
	case *ast.Map:
		return ev.mapLiteral(e)
	case *ast.Case:
		return ev.caseExpr(e)
	case *ast.Predicate:
		return ev.predicate(e)
	case *ast.ListComprehension:
		return ev.listComprehension(e)
	case *ast.Reduce:
		return ev.reduce(e)
	case *ast.PathPattern, *ast.TextSearch, *ast.UUID:
		return value.Value{}, fmt.Errorf("evaluate `%s': %w", ast.NebulaString(e), ErrUnsupported)
	case nil:
		return value.Value{}, errors.New("evaluate a nil expression")
	}
	return value.Value{}, fmt.Errorf("evaluate %T: %w", e, ErrUnsupported)
}

func (ev *evaluator) evalAll(es []ast.Expr) ([]value.Value, error) {
	out := make([]value.Value, len(es))
	for i, x := range es {
		v, err := ev.eval(x)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// mapLiteral builds a map; with a repeated key the first entry wins, as
// in NebulaGraph (which inserts without overwriting).
func (ev *evaluator) mapLiteral(e *ast.Map) (value.Value, error) {
	kvs := make(map[string]value.Value, len(e.Items))
	for _, it := range e.Items {
		v, err := ev.eval(it.Value)
		if err != nil {
			return value.Value{}, err
		}
		if _, dup := kvs[it.Key]; !dup {
			kvs[it.Key] = v
		}
	}
	return value.NewMap(kvs), nil
}

func (ev *evaluator) call(e *ast.FunctionCall) (value.Value, error) {
	fn, err := function.Lookup(e.Name, len(e.Args))
	if err != nil {
		return value.Value{}, err
	}
	args, err := ev.evalAll(e.Args)
	if err != nil {
		return value.Value{}, err
	}
	return fn.Call(ev.ctx.Env(), args), nil
}

// typeCast implements (BOOL)x, (INT)x, (FLOAT)x and (STRING)x; casts to
// other types give NULL, as in NebulaGraph.
func (ev *evaluator) typeCast(e *ast.TypeCast) (value.Value, error) {
	v, err := ev.eval(e.Operand)
	if err != nil {
		return value.Value{}, err
	}
	switch e.Type {
	case "BOOL":
		return function.ToBool(v), nil
	case "INT":
		return function.ToInt(v), nil
	case "FLOAT":
		return function.ToFloat(v), nil
	case "STRING":
		if v.Kind() == value.KindString {
			return v, nil
		}
		return value.NewString(v.String()), nil
	}
	return value.Null, nil
}
