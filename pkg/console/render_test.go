package console

import (
	"strings"
	"testing"

	nebulago "github.com/vesoft-inc/nebula-go/v3"
	"github.com/vesoft-inc/nebula-go/v3/nebula"
	"github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

// renderCases are the result sets every renderer is checked on.
func renderCases(t *testing.T) map[string]*nebulago.ResultSet {
	tim := vertex("player100", tag("player", map[string]*nebula.Value{"name": vStr("Tim Duncan"), "age": vInt(42)}),
		tag("bachelor", map[string]*nebula.Value{"name": vStr("Tim Duncan"), "speciality": vStr("psychology")}))
	spurs := vertex("team204", tag("team", map[string]*nebula.Value{"name": vStr("Spurs")}))
	bare := vertex("v0")
	kinds := resultSet(t,
		[]string{"null", "bool", "int", "float", "whole", "string", "date", "time", "datetime", "duration",
			"list", "set", "map", "vertex", "bare", "edge", "in_edge", "path", "point", "empty"},
		[]*nebula.Value{
			vNull(), vBool(true), vInt(-7), vFloat(2.5), vFloat(3), vStr("héllo"),
			vDate(2020, 1, 2), vTime(1, 2, 3, 4), vDateTime(2021, 12, 31, 23, 59, 58, 999999), vDuration(3723, 5, 14),
			vList(vInt(1), vStr("x"), vNull()), vSet(vInt(1), vInt(2)),
			vMap(map[string]*nebula.Value{"b": vFloat(1.5), "a": vList()}),
			vVertex(tim), vVertex(bare),
			vEdge("player100", "team204", "serve", 5, 0, map[string]*nebula.Value{"start_year": vInt(1997), "end_year": vInt(2016)}),
			vEdge("team204", "player100", "serve", -5, 1, map[string]*nebula.Value{}),
			vPath(tim, step(spurs, "serve", 5, 0, map[string]*nebula.Value{"start_year": vInt(1997)}),
				step(bare, "like", -6, 2, map[string]*nebula.Value{})),
			vPoint(1.5, -2), {},
		})
	multi := resultSet(t, []string{"name", "名前", "note"},
		[]*nebula.Value{vStr("Tim"), vStr("ティム"), vStr("line one\nline two")},
		[]*nebula.Value{vStr("Tony Parker"), vNull(), vStr("a, \"quoted\" one")},
		[]*nebula.Value{vStr(""), vInt(36), vFloat(-0.5)},
	)
	return map[string]*nebulago.ResultSet{
		"kinds":  kinds,
		"multi":  multi,
		"empty":  resultSet(t, []string{"dst(EDGE)"}),
		"nodata": genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, LatencyInUs: 5}),
	}
}

func TestRenderers(t *testing.T) {
	renderers := []struct {
		name string
		fn   func(*strings.Builder, *nebulago.ResultSet) error
	}{
		{"table", func(b *strings.Builder, rs *nebulago.ResultSet) error { return RenderTable(b, rs) }},
		{"vertical", func(b *strings.Builder, rs *nebulago.ResultSet) error { return RenderVertical(b, rs) }},
		{"csv", func(b *strings.Builder, rs *nebulago.ResultSet) error { return RenderCSV(b, rs) }},
		{"json", func(b *strings.Builder, rs *nebulago.ResultSet) error { return RenderJSON(b, rs) }},
	}
	for name, rs := range renderCases(t) {
		t.Run(name, func(t *testing.T) {
			var out strings.Builder
			for _, r := range renderers {
				out.WriteString("-- " + r.name + " --\n")
				if err := r.fn(&out, rs); err != nil {
					t.Fatalf("%s: %v", r.name, err)
				}
			}
			golden(t, "render_"+name+".golden", out.String())
		})
	}
}

func TestRenderJSONError(t *testing.T) {
	var b strings.Builder
	rs := errorResult(t, nebula.ErrorCode_E_SYNTAX_ERROR, "SyntaxError: syntax error near `+'")
	if err := RenderJSON(&b, rs); err != nil {
		t.Fatal(err)
	}
	want := `{"error":{"code":-1004,"message":"SyntaxError: syntax error near ` + "`+'" + `"}}` + "\n"
	if b.String() != want {
		t.Errorf("got %s want %s", b.String(), want)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON, FormatVertical} {
		got, err := ParseFormat(strings.ToUpper(f.String()))
		if err != nil || got != f {
			t.Errorf("%v: %v %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}
