package exec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// planText prints a plan root first as "Kind[payload info] <- inputs",
// checking on the way that every node reads the variable of its input.
func planText(t *testing.T, p *plan.Plan) string {
	t.Helper()
	var lines []string
	for _, n := range p.Order() {
		line := string(n.Kind)
		if ex, ok := n.Stmt.(interface{ Explain() []plan.Info }); ok {
			for _, kv := range ex.Explain() {
				if kv.Key == "limit" {
					line += "[limit " + kv.Value + "]"
				}
			}
		}
		if n.Kind == plan.TopN || n.Kind == plan.Limit {
			line += fmt.Sprintf("[%d,%d]", n.Offset, n.Count)
		}
		var deps []string
		for _, d := range n.Deps {
			deps = append(deps, string(d.Kind))
		}
		if len(deps) > 0 {
			line += " <- " + strings.Join(deps, ", ")
			if len(n.Deps) == 1 && n.InputVar != "" && n.InputVar != n.Deps[0].OutputVar {
				t.Errorf("%s reads %s, not its input's %s", n.Kind, n.InputVar, n.Deps[0].OutputVar)
			}
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// chain builds a linear plan: kinds from the leaf up, each node reading
// the one before; payloads by position.
func chain(kinds []plan.Kind, payloads map[int]ast.Stmt) *plan.Plan {
	var b plan.Builder
	var prev *plan.Node
	for i, k := range kinds {
		var n *plan.Node
		if prev == nil {
			n = b.New(k)
		} else {
			n = b.New(k, prev)
			n.InputVar = prev.OutputVar
		}
		n.ColNames = []string{fmt.Sprintf("c%d", i)}
		n.Stmt = payloads[i]
		if k == plan.Limit {
			n.Offset, n.Count = 1, 2
		}
		if k == plan.Sort {
			n.Factors = []plan.SortFactor{{Expr: &ast.Label{Name: "c"}}}
		}
		prev = n
	}
	return b.Finish(prev)
}

func TestOptimizeRules(t *testing.T) {
	player := &meta.Schema{ID: 1, Name: "player"}
	lookup := func() ast.Stmt { return &lookupJob{schema: player} }
	indexSeek := func() ast.Stmt { return &seekJob{col: "v", index: &lookupJob{schema: player}} }
	scanSeek := func() ast.Stmt { return &seekJob{col: "v", scanTags: []int32{1}} }
	appendV := func(f *nodeFilter) ast.Stmt { return &appendJob{col: "v", filter: f} }
	S, P, L, So, AV := plan.Start, plan.Project, plan.Limit, plan.Sort, plan.AppendVertices
	IS, SV := plan.IndexScan, plan.ScanVertices
	tests := []struct {
		name     string
		rule     func(*optGraph, *plan.Node) bool
		kinds    []plan.Kind
		payloads map[int]ast.Stmt
		at       int // the node the rule is tried on
		fired    bool
		want     string
	}{
		{"TopNRule", topNRule, []plan.Kind{S, P, So, L}, nil, 3, true,
			"TopN[1,2] <- Project\nProject <- Start\nStart"},
		{"TopNRule/not over a Project", topNRule, []plan.Kind{S, So, P, L}, nil, 3, false,
			"Limit[1,2] <- Project\nProject <- Sort\nSort <- Start\nStart"},
		{"PushLimitDownProjectRule", pushLimitDownProjectRule, []plan.Kind{S, IS, P, L, So}, map[int]ast.Stmt{1: lookup()}, 3, true,
			"Sort <- Project\nProject <- Limit\nLimit[1,2] <- IndexScan\nIndexScan[limit -1] <- Start\nStart"},
		{"PushLimitDownProjectRule/root", pushLimitDownProjectRule, []plan.Kind{S, P, L}, nil, 2, true,
			"Project <- Limit\nLimit[1,2] <- Start\nStart"},
		{"PushLimitDownIndexScanRule", pushLimitDownIndexScanRule, []plan.Kind{S, IS, L, P}, map[int]ast.Stmt{1: lookup()}, 2, true,
			"Project <- Limit\nLimit[1,2] <- IndexScan\nIndexScan[limit 3] <- Start\nStart"},
		{"PushLimitDownIndexScanRule/not a scan", pushLimitDownIndexScanRule, []plan.Kind{S, P, L}, nil, 2, false,
			"Limit[1,2] <- Project\nProject <- Start\nStart"},
		{"PushLimitDownScanAppendVerticesRule/index", pushLimitDownScanAppendVerticesRule, []plan.Kind{S, IS, AV, L},
			map[int]ast.Stmt{1: indexSeek(), 2: appendV(&nodeFilter{labels: []string{"player"}})}, 3, true,
			"Limit[1,2] <- AppendVertices\nAppendVertices <- IndexScan\nIndexScan[limit 3] <- Start\nStart"},
		{"PushLimitDownScanAppendVerticesRule/scan", pushLimitDownScanAppendVerticesRule, []plan.Kind{S, SV, AV, L},
			map[int]ast.Stmt{1: scanSeek(), 2: appendV(nil)}, 3, true,
			"Limit[1,2] <- AppendVertices\nAppendVertices <- ScanVertices\nScanVertices[limit 3] <- Start\nStart"},
		{"PushLimitDownScanAppendVerticesRule/scan with a label filter", pushLimitDownScanAppendVerticesRule, []plan.Kind{S, SV, AV, L},
			map[int]ast.Stmt{1: scanSeek(), 2: appendV(&nodeFilter{labels: []string{"player"}})}, 3, false,
			"Limit[1,2] <- AppendVertices\nAppendVertices <- ScanVertices\nScanVertices[limit -1] <- Start\nStart"},
		{"PushLimitDownScanAppendVerticesRule/property filter", pushLimitDownScanAppendVerticesRule, []plan.Kind{S, IS, AV, L},
			map[int]ast.Stmt{1: indexSeek(), 2: appendV(&nodeFilter{labels: []string{"player"}, props: []propCond{{tag: "player", prop: "age"}}})}, 3, false,
			"Limit[1,2] <- AppendVertices\nAppendVertices <- IndexScan\nIndexScan[limit -1] <- Start\nStart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := chain(tt.kinds, tt.payloads)
			g := newOptGraph(p)
			if got := tt.rule(g, p.Nodes[tt.at]); got != tt.fired {
				t.Fatalf("fired = %v, want %v", got, tt.fired)
			}
			if got := planText(t, p); got != tt.want {
				t.Errorf("plan:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestOptimizeSharedInput: a rule must not move or change a node whose
// table another node reads too (here a user variable read by name).
func TestOptimizeSharedInput(t *testing.T) {
	p := chain([]plan.Kind{plan.Start, plan.Project, plan.Limit}, nil)
	p.Nodes[1].OutputVar = "v"
	p.Nodes[2].InputVar = "v"
	if pushLimitDownProjectRule(newOptGraph(p), p.Nodes[2]) {
		t.Fatal("moved a Limit below a variable's Project")
	}
	var b plan.Builder
	s := b.New(plan.Start)
	so := b.New(plan.Sort, s)
	l := b.New(plan.Limit, so)
	l.InputVar = so.OutputVar
	other := b.New(plan.Project, so)
	other.InputVar = so.OutputVar
	u := b.New(plan.Union, l, other)
	p = b.Finish(u)
	if topNRule(newOptGraph(p), l) {
		t.Fatal("fused a Sort another node reads")
	}
}

// TestOptimize runs the whole rule set to a fixed point: LOOKUP ... |
// LIMIT | ORDER BY as NebulaGraph's LookUpLimit.feature plans it.
func TestOptimize(t *testing.T) {
	p := chain([]plan.Kind{plan.Start, plan.TagIndexFullScan, plan.Project, plan.Limit, plan.Sort},
		map[int]ast.Stmt{1: &lookupJob{schema: &meta.Schema{Name: "player"}}})
	fired := optimize(p)
	if got, want := strings.Join(fired, ","), "PushLimitDownProjectRule,PushLimitDownIndexScanRule"; got != want {
		t.Errorf("fired %s, want %s", got, want)
	}
	want := "Sort <- Project\nProject <- Limit\nLimit[1,2] <- TagIndexFullScan\nTagIndexFullScan[limit 3] <- Start\nStart"
	if got := planText(t, p); got != want {
		t.Errorf("plan:\n%s\nwant:\n%s", got, want)
	}
}
