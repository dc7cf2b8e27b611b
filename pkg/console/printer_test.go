package console

import (
	"strings"
	"testing"
	"time"

	nebulago "github.com/vesoft-inc/nebula-go/v3"
	"github.com/vesoft-inc/nebula-go/v3/nebula"
	"github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

// samplePlan is an EXPLAIN plan with every shape the tree printer handles:
// a Loop with its body, a Select with both branches, an operator two others
// depend on, profiles, and JSON and multi-line descriptions.
func samplePlan(format string) *graph.PlanDescription {
	pair := func(k, v string) *graph.Pair { return &graph.Pair{Key: []byte(k), Value: []byte(v)} }
	node := func(id int64, name string, deps []int64, desc ...*graph.Pair) *graph.PlanNodeDescription {
		return &graph.PlanNodeDescription{Id: id, Name: []byte(name), OutputVar: []byte(`{"name":"__` + name + `","type":"DATASET"}`),
			Description: desc, Dependencies: deps}
	}
	nodes := []*graph.PlanNodeDescription{
		node(9, "Project", []int64{8}, pair("columns", `[ "$-.name AS name" ]`)),
		node(8, "Select", []int64{7}, pair("condition", "($-.n>0)")),
		node(6, "Filter", []int64{0}, pair("condition", "true"), pair("note", "first line\nsecond line")),
		node(5, "Dedup", []int64{0}),
		node(7, "Loop", []int64{0}, pair("loopCondition", "(++($__VAR_0)<=3)")),
		node(4, "GetNeighbors", []int64{0}, pair("edgeTypes", "[serve]")),
		node(0, "Start", nil),
	}
	nodes[2].BranchInfo = &graph.PlanNodeBranchInfo{IsDoBranch: true, ConditionNodeID: 8}
	nodes[3].BranchInfo = &graph.PlanNodeBranchInfo{IsDoBranch: false, ConditionNodeID: 8}
	nodes[5].BranchInfo = &graph.PlanNodeBranchInfo{IsDoBranch: true, ConditionNodeID: 7}
	nodes[0].Profiles = []*graph.ProfilingStats{{Rows: 3, ExecDurationInUs: 12, TotalDurationInUs: 40,
		OtherStats: map[string][]byte{"total_rpc": []byte(`{"x": 1}`), "a": []byte("b")}}}
	nodes[5].Profiles = []*graph.ProfilingStats{{Rows: 1, ExecDurationInUs: 5, TotalDurationInUs: 6}, {Rows: 2, ExecDurationInUs: 7, TotalDurationInUs: 8}}
	idx := map[int64]int64{}
	for i, n := range nodes {
		idx[n.Id] = int64(i)
	}
	return &graph.PlanDescription{PlanNodeDescs: nodes, NodeIndexMap: idx, Format: []byte(format), OptimizeTimeInUs: 41}
}

func TestPlanRenderers(t *testing.T) {
	var out strings.Builder
	out.WriteString("-- tree --\n")
	if err := RenderPlanTree(&out, samplePlan("row")); err != nil {
		t.Fatal(err)
	}
	out.WriteString("-- dot --\n")
	out.WriteString(DotGraph(samplePlan("dot")))
	// A diamond: two operators read the same input.
	diamond := &graph.PlanDescription{PlanNodeDescs: []*graph.PlanNodeDescription{
		{Id: 3, Name: []byte("Union"), Dependencies: []int64{1, 2}},
		{Id: 1, Name: []byte("Project"), Dependencies: []int64{0}},
		{Id: 2, Name: []byte("Filter"), Dependencies: []int64{0, 42}},
		{Id: 0, Name: []byte("Start")},
	}}
	out.WriteString("-- diamond tree --\n")
	if err := RenderPlanTree(&out, diamond); err != nil {
		t.Fatal(err)
	}
	golden(t, "plan.golden", out.String())
}

// TestPrintResult checks the whole response layout of the human formats.
func TestPrintResult(t *testing.T) {
	ok := resultSet(t, []string{"a", "b"}, []*nebula.Value{vInt(1), vStr("x")}, []*nebula.Value{vInt(2), vNull()})
	withPlan := func(format string) *nebulago.ResultSet {
		return genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, LatencyInUs: 77, PlanDesc: samplePlan(format)})
	}
	cases := []struct {
		name string
		rs   *nebulago.ResultSet
		v    view
	}{
		{"rows", ok, view{}},
		{"vertical", ok, view{format: FormatVertical}},
		{"empty set", resultSet(t, []string{"a"}), view{}},
		{"no data", genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, LatencyInUs: 1500}), view{}},
		{"error", errorResult(t, nebula.ErrorCode_E_SYNTAX_ERROR, "SyntaxError: syntax error near `+'"), view{}},
		{"comment", genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, Comment: []byte("be careful")}), view{}},
		{"partial", genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_E_PARTIAL_SUCCEEDED, LatencyInUs: 9,
			Data: &nebula.DataSet{ColumnNames: [][]byte{[]byte("a")}, Rows: []*nebula.Row{{Values: []*nebula.Value{vInt(1)}}}}}), view{}},
		{"plan tree", withPlan("row"), view{}},
		{"plan table", withPlan("row"), view{planTable: true}},
		{"plan dot", withPlan("dot"), view{}},
	}
	var out strings.Builder
	for _, tc := range cases {
		out.WriteString("== " + tc.name + " ==\n")
		if err := printResult(&out, tc.rs, tc.v, 2500*time.Microsecond); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	golden(t, "print.golden", out.String())
}

func TestPrintMachine(t *testing.T) {
	var out, errs strings.Builder
	ok := resultSet(t, []string{"a"}, []*nebula.Value{vStr("x,y")})
	bad := errorResult(t, nebula.ErrorCode_E_SEMANTIC_ERROR, "SemanticError: nope")
	none := genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED})
	for _, rs := range []*nebulago.ResultSet{ok, bad, none} {
		if err := printMachine(&out, &errs, rs, FormatCSV); err != nil {
			t.Fatal(err)
		}
	}
	if out.String() != "a\n\"x,y\"\n" || errs.String() != "[ERROR (-1009)]: SemanticError: nope\n" {
		t.Errorf("out %q errs %q", out.String(), errs.String())
	}
}
