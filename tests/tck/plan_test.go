package tck

import (
	"strings"
	"testing"

	"github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

func planNode(id int64, name string, deps []int64, desc map[string]string) *graph.PlanNodeDescription {
	n := &graph.PlanNodeDescription{Id: id, Name: []byte(name), Dependencies: deps}
	for k, v := range desc {
		n.Description = append(n.Description, &graph.Pair{Key: []byte(k), Value: []byte(v)})
	}
	return n
}

func plan(nodes ...*graph.PlanNodeDescription) *graph.PlanDescription {
	p := &graph.PlanDescription{PlanNodeDescs: nodes, NodeIndexMap: map[int64]int64{}}
	for i, n := range nodes {
		p.NodeIndexMap[n.Id] = int64(i)
	}
	return p
}

func expect(rows ...string) expectedPlan {
	e := expectedPlan{cols: []string{"id", "name", "dependencies", "operator info"}}
	for _, r := range rows {
		cells := strings.Split(r, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		e.rows = append(e.rows, cells)
	}
	return e
}

func TestDiffPlan(t *testing.T) {
	p := plan(
		planNode(5, "Project", []int64{4}, nil),
		planNode(4, "Filter", []int64{3}, map[string]string{"condition": "(v.player.age>20)"}),
		planNode(3, "AppendVertices", []int64{2}, nil),
		planNode(2, "IndexScan", []int64{1}, map[string]string{"indexCtx": `[{"index": "x", "filter": "(player.age>20)"}]`}),
		planNode(1, "Start", nil, nil),
	)
	good := expect(
		`5 | Project        | 4 | `,
		`4 | Filter         | 3 | {"condition": "(v.player.age>20)"}`,
		`3 | AppendVertices | 2 | `,
		`2 | IndexScan      | 1 | {"indexCtx": {"filter":"(player.age>20)"}}`,
		`1 | Start          |   | `,
	)
	if err := diffPlan(p, good); err != nil {
		t.Errorf("matching plan: %v", err)
	}
	for name, c := range map[string]struct {
		exp expectedPlan
		err string
	}{
		"name": {expect(`5 | Aggregate | 4 |`, `4 | Filter | 3 |`, `3 | AppendVertices | 2 |`, `2 | IndexScan | 1 |`, `1 | Start | |`),
			"Project is not expected Aggregate"},
		"condition": {expect(`5 | Project | 4 |`, `4 | Filter | 3 | {"condition": "(v.player.age>21)"}`, `3 | AppendVertices | 2 |`, `2 | IndexScan | 1 |`, `1 | Start | |`),
			"invalid descriptions"},
		"nested": {expect(`5 | Project | 4 |`, `4 | Filter | 3 |`, `3 | AppendVertices | 2 |`, `2 | IndexScan | 1 | {"indexCtx": {"filter":"x"}}`, `1 | Start | |`),
			"invalid descriptions"},
		"deps": {expect(`5 | Project | 4,3 |`, `4 | Filter | 3 |`, `3 | AppendVertices | 2 |`, `2 | IndexScan | 1 |`, `1 | Start | |`),
			"different plan node dependencies"},
		"unknown dep": {expect(`5 | Project | 9 |`), "no node 9"},
	} {
		err := diffPlan(p, c.exp)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: error %v, want %q", name, err, c.err)
		}
	}
	if err := diffPlan(nil, good); err == nil {
		t.Error("nil plan accepted")
	}
}

func TestDiffPlanLoop(t *testing.T) {
	p := plan(
		planNode(4, "Project", []int64{3}, nil),
		planNode(3, "Loop", []int64{1}, map[string]string{"loopBody": "2"}),
		planNode(2, "GetNeighbors", nil, nil),
		planNode(1, "Start", nil, nil),
	)
	exp := expect(`4 | Project | 3 |`, `3 | Loop | 1 | {"loopBody": "2"}`, `2 | GetNeighbors | |`, `1 | Start | |`)
	if err := diffPlan(p, exp); err != nil {
		t.Errorf("loop plan: %v", err)
	}
	exp.rows[2][1] = "GetVertices"
	if err := diffPlan(p, exp); err == nil {
		t.Error("loop body not checked")
	}
}
