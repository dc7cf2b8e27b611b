package exec

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// The shortcuts GO and FETCH take on GetProps rows read what the built
// vertex would give: propOf as tagPropOf(fromProps), exists as fromProps
// being non-nil.
func TestVertexLayoutPropOfMatchesBuiltVertex(t *testing.T) {
	layout := vertexLayout{
		{id: 1, name: "person", props: []string{"name", "age"}},
		{id: 2, name: "team", presence: true},
		{id: 3, name: "player", props: []string{"age"}},
	}
	e, s, i := value.Empty, value.NewString, value.NewInt
	rows := map[string][]value.Value{
		"all tags":           {i(1), s("Tim"), i(42), i(1), i(1), i(40)},
		"first tag only":     {i(1), s("Tim"), value.Null, e, e, e},
		"presence tag only":  {e, e, e, i(1), e, e},
		"no tag":             {e, e, e, e, e, e},
		"short row":          {i(1), s("Tim")},
		"last tag, no first": {e, e, e, e, i(1), i(7)},
	}
	reads := [][2]string{
		{"person", "name"}, {"person", "age"}, {"person", "nope"},
		{"team", "x"}, {"player", "age"}, {"player", "name"}, {"coach", "name"},
	}
	vid := value.NewString("v")
	for name, vals := range rows {
		t.Run(name, func(t *testing.T) {
			vx := layout.fromProps(vid, vals)
			if got, want := layout.exists(vals), vx != nil; got != want {
				t.Fatalf("exists = %v, fromProps gave a vertex: %v", got, want)
			}
			if vx == nil {
				return
			}
			for _, r := range reads {
				got, want := layout.propOf(vals, r[0], r[1]), tagPropOf(vx, r[0], r[1])
				if !value.Identical(got, want) {
					t.Errorf("%s.%s: propOf %v, built vertex %v", r[0], r[1], got, want)
				}
			}
		})
	}
}

// A GO row reads an edge's values as edgePropOf reads the built edge.
func TestGoEdgePropMatchesBuiltEdge(t *testing.T) {
	l := &edgeLayout{typ: -5, name: "like", props: []string{"likeness", "since"}}
	vals := []value.Value{value.NewString("a"), value.NewInt(-5), value.NewInt(3), value.NewString("b"),
		value.NewInt(90), value.Null}
	g := goEdge{layout: l, vals: vals}
	ed := g.edge()
	for _, r := range [][2]string{
		{"like", "_src"}, {"like", "_dst"}, {"like", "_rank"}, {"like", "_type"},
		{"like", "likeness"}, {"like", "since"}, {"like", "nope"}, {"*", "likeness"}, {"serve", "likeness"},
	} {
		if got, want := g.prop(r[0], r[1]), edgePropOf(ed, r[0], r[1]); !value.Identical(got, want) {
			t.Errorf("%s.%s: goEdge %v, built edge %v", r[0], r[1], got, want)
		}
	}
	if got := g.dst(); !value.Identical(got, ed.Dst) {
		t.Errorf("dst %v, built edge %v", got, ed.Dst)
	}
}

// A lean layout asks storage for _dst alone of the built-ins: its edges
// read _dst and the properties as the full layout's do.
func TestLeanGoEdgeMatchesFullLayout(t *testing.T) {
	full := &edgeLayout{typ: 5, name: "like", props: []string{"likeness", "since"}}
	lean := &edgeLayout{typ: 5, name: "like", props: []string{"likeness", "since"}, lean: true}
	if got := lean.request().Props; len(got) != 3 || string(got[0]) != "_dst" {
		t.Fatalf("lean request asks for %q", got)
	}
	if lean.width() != 3 || full.width() != 6 {
		t.Fatalf("widths: lean %d, full %d", lean.width(), full.width())
	}
	dst, likeness := value.NewString("b"), value.NewInt(90)
	f := goEdge{layout: full, vals: []value.Value{value.NewString("a"), value.NewInt(5), value.NewInt(0), dst, likeness, value.Null}}
	l := goEdge{layout: lean, vals: []value.Value{dst, likeness, value.Null}}
	for _, r := range [][2]string{{"like", "_dst"}, {"like", "likeness"}, {"like", "since"}, {"*", "likeness"}, {"like", "nope"}, {"serve", "likeness"}} {
		if got, want := l.prop(r[0], r[1]), f.prop(r[0], r[1]); !value.Identical(got, want) {
			t.Errorf("%s.%s: lean %v, full %v", r[0], r[1], got, want)
		}
	}
	if !value.Identical(l.dst(), dst) {
		t.Errorf("lean dst %v", l.dst())
	}
	if lean.edge(l.vals) != nil {
		t.Error("a lean layout built an edge without its built-ins")
	}
}
