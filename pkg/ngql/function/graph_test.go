package function

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func vertex(vid string, tags ...value.Tag) value.Value {
	return value.NewVertex(&value.Vertex{VID: s(vid), Tags: tags})
}

func edge(src, dst string, typ int32, rank int64) value.Value {
	return value.NewEdge(&value.Edge{Src: s(src), Dst: s(dst), Type: typ, Name: "like", Ranking: rank,
		Props: map[string]value.Value{"likeness": i(95)}})
}

// path builds a path from a start vid and (edge type, dst vid) hops.
func path(src string, hops ...any) value.Value {
	p := &value.Path{Src: value.Vertex{VID: s(src)}}
	for j := 0; j < len(hops); j += 2 {
		p.Steps = append(p.Steps, value.Step{
			Dst: value.Vertex{VID: s(hops[j+1].(string))}, Type: int32(hops[j].(int)), Name: "like",
			Props: map[string]value.Value{"n": i(int64(j / 2))},
		})
	}
	return value.NewPath(p)
}

func TestGraphFunctions(t *testing.T) {
	player := value.Tag{Name: "player", Props: map[string]value.Value{"name": s("Tim"), "age": i(42)}}
	bachelor := value.Tag{Name: "bachelor", Props: map[string]value.Value{"name": s("Timmy"), "speciality": s("psy")}}
	v := vertex("Tim", player, bachelor)
	out := edge("a", "b", 3, 7)
	in := edge("a", "b", -3, 7)
	p := path("a", 1, "b", -1, "c")

	runCalls(t, nil, []callCase{
		{"id", args(v), s("Tim")},
		{"id", args(null), null},
		{"id", args(out), nBadType},
		{"tags", args(v), l(s("player"), s("bachelor"))},
		{"labels", args(vertex("x")), l()},
		{"properties", args(v), m("name", s("Tim"), "age", i(42), "speciality", s("psy"))},
		{"properties", args(out), m("likeness", i(95))},
		{"properties", args(m("k", i(1))), m("k", i(1))},
		{"properties", args(i(1)), nBadType},
		{"keys", args(v), l(s("age"), s("name"), s("speciality"))},
		{"keys", args(out), l(s("likeness"))},
		{"type", args(out), s("like")},
		{"typeid", args(in), i(-3)},
		{"rank", args(out), i(7)},
		{"src", args(out), s("a")},
		{"dst", args(out), s("b")},
		{"src", args(in), s("b")},
		{"dst", args(in), s("a")},
		{"src", args(v), nBadType},
		{"startNode", args(out), vertex("a")},
		{"endNode", args(out), vertex("b")},
		{"startNode", args(p), vertex("a")},
		{"endNode", args(p), vertex("c")},
		{"endNode", args(path("z")), vertex("z")},
		{"length", args(p), i(2)},
		{"nodes", args(p), l(vertex("a"), vertex("b"), vertex("c"))},
		{"relationships", args(p), l(
			value.NewEdge(&value.Edge{Src: s("a"), Dst: s("b"), Type: 1, Name: "like", Props: map[string]value.Value{"n": i(0)}}),
			value.NewEdge(&value.Edge{Src: s("b"), Dst: s("c"), Type: -1, Name: "like", Props: map[string]value.Value{"n": i(1)}}),
		)},
		{"nodes", args(v), nBadType},
		{"is_edge", args(out), b(true)},
		{"is_edge", args(v), b(false)},
		{"is_edge", args(null), b(false)},
		{"hasSameVertexInPath", args(path("a", 1, "b", 1, "a")), b(true)},
		{"hasSameVertexInPath", args(p), b(false)},
		{"hasSameVertexInPath", args(null), nBadType},
		{"hasSameEdgeInPath", args(path("a", 1, "b", -1, "a")), b(true)},
		{"hasSameEdgeInPath", args(path("a", 1, "b", 1, "a")), b(false)},
		{"hasSameEdgeInPath", args(p), b(false)},
		{"reversePath", args(p), value.NewPath(&value.Path{
			Src: value.Vertex{VID: s("c")},
			Steps: []value.Step{
				{Dst: value.Vertex{VID: s("b")}, Type: 1, Name: "like", Props: map[string]value.Value{"n": i(1)}},
				{Dst: value.Vertex{VID: s("a")}, Type: -1, Name: "like", Props: map[string]value.Value{"n": i(0)}},
			},
		})},
		{"reversePath", args(path("a")), path("a")},
		{"none_direct_dst", args(in), s("b")},
		{"none_direct_dst", args(l(out, in)), s("b")},
		{"none_direct_dst", args(l(), v), s("Tim")},
		{"none_direct_dst", args(l()), nBadType},
		{"none_direct_src", args(l(v)), s("Tim")},
		{"none_direct_src", args(in), s("a")},
		{"none_direct_src", args(l()), nBadType},
		{"_nodeid", args(p, i(2)), s("c")},
		{"_nodeid", args(p, i(0)), s("a")},
		{"_nodeid", args(p, i(3)), nOutRange},
		{"_edge", args(p, i(1)), value.NewEdge(&value.Edge{Src: s("b"), Dst: s("c"), Type: -1})},
		{"_edge", args(p, i(2)), nOutRange},
	})
}

func TestHashGraph(t *testing.T) {
	// An edge hashes like its reverse, as NebulaGraph's Edge hash
	// normalizes direction.
	out := edge("a", "b", 3, 7)
	rev := value.NewEdge(&value.Edge{Src: s("b"), Dst: s("a"), Type: -3, Ranking: 7})
	if nebulaHash(out) != nebulaHash(rev) {
		t.Error("edge and its reverse hash differently")
	}
	if nebulaHash(path("a", 1, "b")) == nebulaHash(path("a", 1, "c")) {
		t.Error("different paths hash alike")
	}
	if nebulaHash(l(i(1), i(2))) == nebulaHash(l(i(2), i(1))) {
		t.Error("list hash ignores order")
	}
}
