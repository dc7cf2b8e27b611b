package eval

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

func graphContext() *MapContext {
	tim := value.NewVertex(&value.Vertex{VID: s("Tim Duncan"), Tags: []value.Tag{
		{Name: "bachelor", Props: map[string]value.Value{"name": s("Tim Duncan"), "speciality": s("psychology")}},
		{Name: "player", Props: map[string]value.Value{"name": s("Tim Duncan"), "age": i(42)}},
	}})
	like := value.NewEdge(&value.Edge{Src: s("Tim Duncan"), Dst: s("Tony Parker"), Type: 5, Name: "like", Ranking: 2,
		Props: map[string]value.Value{"likeness": i(95)}})
	return &MapContext{Labels: map[string]value.Value{
		"v": tim, "e": like, "n": null, "bad": nBadType,
		"p": value.NewPath(&value.Path{Src: *tim.Vertex(), Steps: []value.Step{{Dst: value.Vertex{VID: s("Tony Parker")}, Type: 5, Name: "like"}}}),
	}}
}

func TestAttributes(t *testing.T) {
	date := call("date", str("2021-07-19"))
	tm := call("time", str("02:59:40"))
	dt := call("datetime", str("2021-07-19T02:59:40"))
	v, e := lbl("v"), lbl("e")
	runEval(t, graphContext(), []evalCase{
		{attr(date, "month"), i(7)},
		{attr(date, "MoNth"), i(7)},
		{attr(tm, "minute"), i(59)},
		{attr(tm, "MinUte"), i(59)},
		{attr(dt, "minute"), i(59)},
		{attr(dt, "mInutE"), i(59)},
		{attr(date, "not_exists_attr"), nUnknown},
		{attr(tm, "not_exists_attr"), nUnknown},
		{attr(dt, "not_exists_attr"), nUnknown},
		{attr(mapOf("k1", in_(1), "k2", boo(true)), "k1"), i(1)},
		{attr(mapOf("k1", in_(1), "k2", boo(true)), "K1"), null},
		{attr(mapOf("k1", in_(1)), "not_exists_attr"), null},
		{attr(boo(true), "attr"), nBadType},
		{attr(lbl("n"), "x"), null},
		{attr(lbl("bad"), "x"), nBadType},
		// v.player.name, parsed as (v.player).name
		{attr(&ast.LabelAttribute{Label: "v", Attr: "player"}, "name"), s("Tim Duncan")},
		{attr(&ast.LabelAttribute{Label: "v", Attr: "player"}, "Name"), null},
		{attr(&ast.LabelAttribute{Label: "v", Attr: "name"}, "not_exists_attr"), null},
		{attr(attr(&ast.LabelAttribute{Label: "v", Attr: "player"}, "name"), "test"), nBadType},
		{&ast.LabelAttribute{Label: "v", Attr: "player"}, value.NewMap(map[string]value.Value{"name": s("Tim Duncan"), "age": i(42)})},
		{&ast.LabelAttribute{Label: "v", Attr: "nope"}, null},
		{attr(v, "_vid"), s("Tim Duncan")},
		// m.a.player.age with m = {a: v}: m.a is the vertex, .player its tag
		{attr(attr(attr(mapOf("a", v), "a"), "player"), "age"), i(42)},
		{attr(attr(mapOf("a", v), "a"), "age"), null},
		{attr(e, "likeness"), i(95)},
		{attr(e, "Likeness"), null},
		{attr(e, "_src"), s("Tim Duncan")},
		{attr(e, "_dst"), s("Tony Parker")},
		{attr(e, "_rank"), i(2)},
		{attr(e, "_type"), s("like")},
		{attr(e, "_other"), null},
		{attr(sub(call("nodes", lbl("p")), in_(0)), "_vid"), s("Tim Duncan")},
		{&ast.LabelTagProperty{Label: v, Tag: "player", Prop: "age"}, i(42)},
		{&ast.LabelTagProperty{Label: v, Tag: "player", Prop: "Name"}, null},
		{&ast.LabelTagProperty{Label: v, Tag: "nope", Prop: "age"}, null},
		{&ast.LabelTagProperty{Label: lbl("n"), Tag: "player", Prop: "age"}, null},
		{&ast.LabelTagProperty{Label: e, Tag: "player", Prop: "age"}, nBadType},
	})
}

func TestSubscripts(t *testing.T) {
	l123 := list(in_(1), in_(2), in_(3))
	rng := func(x, lo, hi ast.Expr) ast.Expr { return &ast.SubscriptRange{Left: x, Lo: lo, Hi: hi} }
	ds := value.NewDataSet(&value.DataSet{ColNames: []string{"a"}, Rows: []value.Row{{Values: []value.Value{i(7)}}}})
	ctx := graphContext()
	ctx.Labels["ds"] = ds
	runEval(t, ctx, []evalCase{
		{sub(l123, in_(0)), i(1)},
		{sub(l123, in_(-1)), i(3)},
		{sub(l123, in_(-3)), i(1)},
		{sub(l123, in_(3)), nOutOfRange},
		{sub(l123, in_(-4)), nOutOfRange},
		{sub(l123, str("a")), nBadType},
		{sub(l123, nul()), nBadType},
		{sub(mapOf("a", in_(1)), str("a")), i(1)},
		{sub(mapOf("a", in_(1)), str("b")), null},
		{sub(mapOf("a", in_(1)), in_(0)), null},
		{sub(lbl("v"), str("age")), i(42)},
		{sub(lbl("v"), str("_vid")), s("Tim Duncan")},
		{sub(lbl("v"), str("nope")), null},
		{sub(lbl("e"), str("likeness")), i(95)},
		{sub(lbl("e"), str("_dst")), s("Tony Parker")},
		{sub(lbl("ds"), in_(0)), l(i(7))},
		{sub(lbl("ds"), in_(1)), nOutOfRange},
		{sub(str("abc"), in_(0)), nBadType},
		{sub(nul(), in_(0)), nBadType},
		{rng(l123, in_(1), in_(3)), l(i(2), i(3))},
		{rng(l123, in_(3), in_(1)), l()},
		{rng(l123, nil, in_(2)), l(i(1), i(2))},
		{rng(l123, in_(1), nil), l(i(2), i(3))},
		{rng(l123, in_(-2), nil), l(i(2), i(3))},
		{rng(l123, in_(-10), in_(10)), l(i(1), i(2), i(3))},
		{rng(l123, in_(5), nil), l()},
		{rng(l123, nul(), in_(1)), null},
		{rng(l123, in_(0), str("1")), nBadType},
		{rng(str("abc"), in_(0), in_(1)), nBadType},
	})
}

func TestContainers(t *testing.T) {
	runEval(t, nil, []evalCase{
		{list(), l()},
		{list(in_(1), nul(), list(str("a"))), l(i(1), null, l(s("a")))},
		{set(in_(1), in_(2), in_(1)), value.NewSet([]value.Value{i(1), i(2)})},
		{mapOf("a", in_(1), "b", add(in_(1), in_(1))), m("a", i(1), "b", i(2))},
		{mapOf("a", in_(1), "a", in_(2)), m("a", i(1))},
		{sub(call("range", in_(1), in_(10)), in_(-1)), i(10)},
	})
}
