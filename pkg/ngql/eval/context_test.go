package eval

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

func TestMapContextReferences(t *testing.T) {
	at := time.Date(2021, 7, 19, 2, 59, 40, 0, time.UTC)
	ctx := &MapContext{
		Params:   map[string]value.Value{"p1": i(1), "p3": s("Tim Duncan"), "p6": m("a", i(3))},
		Input:    map[string]value.Value{"id": s("Tony Parker"), "age": i(36)},
		VarRows:  map[string]map[string]value.Value{"var": {"id": s("Manu Ginobili")}},
		Vars:     map[string]value.Value{"var": l(i(1))},
		Labels:   map[string]value.Value{"x": i(5)},
		Function: &function.Env{Now: func() time.Time { return at }, Rand: rand.New(rand.NewPCG(1, 1))},
	}
	p := func(n string) ast.Expr { return &ast.Parameter{Name: n} }
	runEval(t, ctx, []evalCase{
		{add(call("abs", p("p1")), in_(1)), i(2)},
		{add(p("p3"), str("ef")), s("Tim Duncanef")},
		{attr(p("p6"), "a"), i(3)},
		{un(ast.OpIsNotNull, p("p1")), b(true)},
		{&ast.InputProperty{Prop: "age"}, i(36)},
		{&ast.VariableProperty{Var: "var", Prop: "id"}, s("Manu Ginobili")},
		{&ast.Variable{Name: "var"}, l(i(1))},
		{lbl("x"), i(5)},
		{call("now"), i(at.Unix())},
		{call("date"), value.NewDate(value.Date{Year: 2021, Month: 7, Day: 19})},
		// yield $-.id+$p1+hash(abs($p1)+$-.id): NebulaGraph's numbers
		{add(add(&ast.InputProperty{Prop: "id"}, p("p1")), call("hash", add(call("abs", p("p1")), &ast.InputProperty{Prop: "id"}))),
			s("Tony Parker1803925327675532371")},
		{call("hash", str("1Manu Ginobili")), i(-8422829895182987733)},
	})
}

func TestUnresolvedReferences(t *testing.T) {
	cases := []struct {
		e   ast.Expr
		msg string
	}{
		{&ast.InputProperty{Prop: "abc"}, "`$-.abc', not exist prop `abc'"},
		{lbl("name"), "Invalid label identifiers: name"},
		{&ast.Parameter{Name: "p"}, "Undefined parameter `$p'"},
		{&ast.SourceProperty{Tag: "player", Prop: "age"}, "`$^.player.age' is not available here"},
		{&ast.DestProperty{Tag: "player", Prop: "age"}, "`$$.player.age' is not available here"},
		{&ast.TagProperty{Tag: "player", Prop: "age"}, "`player.age' is not available here"},
		{&ast.EdgeProperty{Edge: "like", Prop: "likeness"}, "`like.likeness' is not available here"},
		{&ast.EdgeMeta{Edge: "like", Field: ast.EdgeSrc}, "`like._src' is not available here"},
		{&ast.VertexRef{Name: ast.VertexSrc}, "`$^' is not available here"},
		{&ast.EdgeRef{}, "`EDGE' is not available here"},
		{&ast.Variable{Name: "v"}, "`$v', not exist variable `v'"},
		{&ast.VariableProperty{Var: "v", Prop: "c"}, "`$v.c', not exist variable `v'"},
		{&ast.Aggregate{Name: "count", Arg: str("*")}, "aggregate `count(*)' is not available here"},
	}
	for _, c := range cases {
		_, err := Eval(add(in_(1), c.e), &MapContext{})
		if err == nil || err.Error() != c.msg || !errors.Is(err, ErrUnbound) {
			t.Errorf("Eval(%s) error = %v, want %q", ast.NebulaString(c.e), err, c.msg)
		}
	}
	if _, err := Eval(call("nosuch", in_(1)), nil); err == nil || err.Error() != "Function `nosuch' not defined" {
		t.Errorf("unknown function error = %v", err)
	}
	if _, err := Eval(call("abs"), nil); !errors.Is(err, function.ErrArity) {
		t.Errorf("arity error = %v", err)
	}
	if _, err := Eval(&ast.UUID{}, nil); !errors.Is(err, ErrUnsupported) {
		t.Errorf("uuid() error = %v", err)
	}
}

// graphRow is a Context of one GO step, to show how an executor plugs in.
type graphRow struct {
	Base
	src, dst *value.Vertex
	edge     *value.Edge
}

func tagProp(v *value.Vertex, tag, prop string) value.Value {
	for _, t := range v.Tags {
		if t.Name == tag {
			if p, ok := t.Props[prop]; ok {
				return p
			}
		}
	}
	return value.Null
}

func (g *graphRow) SrcProp(tag, prop string) (value.Value, error) {
	return tagProp(g.src, tag, prop), nil
}
func (g *graphRow) DstProp(tag, prop string) (value.Value, error) {
	return tagProp(g.dst, tag, prop), nil
}
func (g *graphRow) EdgeProp(edge, prop string) (value.Value, error) {
	if edge != g.edge.Name {
		return value.Null, nil
	}
	return edgeAttr(g.edge, prop), nil
}
func (g *graphRow) Edge() (value.Value, error) { return value.NewEdge(g.edge), nil }

func TestGraphContext(t *testing.T) {
	row := &graphRow{
		src:  &value.Vertex{VID: s("Tim Duncan"), Tags: []value.Tag{{Name: "player", Props: map[string]value.Value{"age": i(42)}}}},
		dst:  &value.Vertex{VID: s("Tony Parker"), Tags: []value.Tag{{Name: "player", Props: map[string]value.Value{"name": s("Tony Parker")}}}},
		edge: &value.Edge{Src: s("Tim Duncan"), Dst: s("Tony Parker"), Type: 1, Name: "like", Props: map[string]value.Value{"likeness": i(95)}},
	}
	runEval(t, row, []evalCase{
		{call("concat", &ast.EdgeMeta{Edge: "like", Field: ast.EdgeSrc}, &ast.SourceProperty{Tag: "player", Prop: "age"},
			&ast.DestProperty{Tag: "player", Prop: "name"}, &ast.EdgeProperty{Edge: "like", Prop: "likeness"}),
			s("Tim Duncan42Tony Parker95")},
		{call("concat_ws", str("-"), &ast.EdgeMeta{Edge: "like", Field: ast.EdgeSrc}, &ast.SourceProperty{Tag: "player", Prop: "age"},
			nul(), &ast.EdgeProperty{Edge: "like", Prop: "likeness"}), s("Tim Duncan-42-95")},
		{call("concat", &ast.EdgeMeta{Edge: "like", Field: ast.EdgeSrc}, nul()), null},
		{call("type", &ast.EdgeRef{}), s("like")},
		{bin(ast.OpNotIn, &ast.EdgeMeta{Edge: "like", Field: ast.EdgeDst}, list(str("Danny Green"))), b(true)},
	})
}

func TestDepthGuard(t *testing.T) {
	var e ast.Expr = in_(1)
	for range MaxDepth + 10 {
		e = add(e, in_(1))
	}
	if _, err := Eval(e, nil); !errors.Is(err, ErrTooDeep) {
		t.Errorf("deep expression: err = %v", err)
	}
	if _, err := Fold(e, nil); !errors.Is(err, ErrTooDeep) {
		t.Errorf("deep fold: err = %v", err)
	}
	// The tck's 128-term sum is far from the limit.
	e = in_(1)
	for range 127 {
		e = add(e, in_(1))
	}
	runEval(t, nil, []evalCase{{e, i(128)}})
}
