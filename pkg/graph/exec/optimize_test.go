package exec

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/kvstore"
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

func TestPushFilterThroughAppendVerticesRule(t *testing.T) {
	idIn := &ast.Binary{Op: ast.OpIn, Left: &ast.FunctionCall{Name: "id", Args: []ast.Expr{&ast.Label{Name: "v2"}}},
		Right: &ast.List{Items: []ast.Expr{&ast.StringLiteral{Value: "a"}}}}
	age := &ast.Binary{Op: ast.OpGT, Left: &ast.Attribute{Left: &ast.LabelAttribute{Label: "v2", Attr: "player"}, Name: "age"},
		Right: &ast.IntLiteral{Value: 34}}
	ofV := &ast.Binary{Op: ast.OpEQ, Left: &ast.FunctionCall{Name: "id", Args: []ast.Expr{&ast.Label{Name: "v"}}},
		Right: &ast.StringLiteral{Value: "b"}}
	tests := []struct {
		name  string
		cond  ast.Expr
		fired bool
		want  string
	}{
		{"split", and([]ast.Expr{idIn, age}), true,
			"Filter (v2.player.age>34) <- AppendVertices\nAppendVertices <- Filter\nFilter (id($v2) IN [\"a\"]) <- Traverse\nTraverse"},
		{"all below", idIn, true,
			"AppendVertices <- Filter\nFilter (id($v2) IN [\"a\"]) <- Traverse\nTraverse"},
		{"property stays", age, false,
			"Filter (v2.player.age>34) <- AppendVertices\nAppendVertices <- Traverse\nTraverse"},
		{"appended column stays", ofV, false,
			"Filter (id($v)==\"b\") <- AppendVertices\nAppendVertices <- Traverse\nTraverse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b plan.Builder
			tr := b.New(plan.Traverse)
			tr.ColNames = []string{"v2", "e"}
			av := b.New(plan.AppendVertices, tr)
			av.InputVar, av.ColNames, av.Stmt = tr.OutputVar, []string{"v2", "e", "v"}, &appendJob{col: "v"}
			f := b.New(plan.Filter, av)
			f.InputVar, f.Condition, f.Stmt = av.OutputVar, tt.cond, &cypherFilter{}
			f.Shown = aliasesAsVariables(tt.cond)
			p := b.Finish(f)
			if got := pushFilterThroughAppendVerticesRule(newOptGraph(p), f); got != tt.fired {
				t.Fatalf("fired = %v", got)
			}
			var lines []string
			for _, n := range p.Order() {
				line := string(n.Kind)
				if n.Kind == plan.Filter {
					line += " " + ast.NebulaString(n.Shown)
				}
				if len(n.Deps) > 0 {
					line += " <- " + string(n.Deps[0].Kind)
					if n.InputVar != n.Deps[0].OutputVar {
						t.Errorf("%s reads %s", n.Kind, n.InputVar)
					}
				}
				lines = append(lines, line)
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("plan:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestMoveArithmetic(t *testing.T) {
	prop := &ast.Attribute{Left: &ast.LabelAttribute{Label: "v", Attr: "player"}, Name: "age"}
	c := func(n int64) ast.Expr { return &ast.IntLiteral{Value: n} }
	tests := []struct {
		in   *ast.Binary
		want string
	}{
		{&ast.Binary{Op: ast.OpGE, Left: &ast.Binary{Op: ast.OpSub, Left: prop, Right: c(5)}, Right: c(40)}, "(v.player.age>=(40+5))"},
		{&ast.Binary{Op: ast.OpLT, Left: &ast.Binary{Op: ast.OpAdd, Left: prop, Right: c(5)}, Right: c(40)}, "(v.player.age<(40-5))"},
		{&ast.Binary{Op: ast.OpEQ, Left: &ast.Binary{Op: ast.OpAdd, Left: c(1), Right: prop}, Right: c(40)}, "(v.player.age==(40-1))"},
		{&ast.Binary{Op: ast.OpEQ, Left: &ast.Binary{Op: ast.OpSub, Left: c(1), Right: prop}, Right: c(40)}, "((1-v.player.age)==40)"},
		{&ast.Binary{Op: ast.OpIn, Left: &ast.Binary{Op: ast.OpAdd, Left: prop, Right: c(1)}, Right: c(40)}, "((v.player.age+1) IN 40)"},
	}
	for _, tt := range tests {
		if got := ast.NebulaString(moveArithmetic(tt.in)); got != tt.want {
			t.Errorf("%s: got %s, want %s", ast.NebulaString(tt.in), got, tt.want)
		}
	}
}

func TestPushFilterDownShortestPathRule(t *testing.T) {
	idA := &ast.Binary{Op: ast.OpEQ, Left: &ast.FunctionCall{Name: "id", Args: []ast.Expr{&ast.Label{Name: "a"}}},
		Right: &ast.StringLiteral{Value: "x"}}
	lenP := &ast.Binary{Op: ast.OpGT, Left: &ast.FunctionCall{Name: "length", Args: []ast.Expr{&ast.Label{Name: "p"}}},
		Right: &ast.IntLiteral{Value: 1}}
	tests := []struct {
		name  string
		cond  ast.Expr
		fired bool
		want  string
	}{
		{"split", and([]ast.Expr{idA, lenP}), true,
			"Filter (length($p)>1) <- ShortestPath\nShortestPath <- Filter\nFilter (id($a)==\"x\") <- CrossJoin\nCrossJoin"},
		{"all below", idA, true, "ShortestPath <- Filter\nFilter (id($a)==\"x\") <- CrossJoin\nCrossJoin"},
		{"path stays", lenP, false, "Filter (length($p)>1) <- ShortestPath\nShortestPath <- CrossJoin\nCrossJoin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b plan.Builder
			x := b.New(plan.CrossJoin)
			x.ColNames = []string{"a", "b"}
			sp := b.New(plan.ShortestPath, x)
			sp.InputVar, sp.ColNames, sp.Stmt = x.OutputVar, []string{"a", "b", "e", "p"}, &shortestJob{}
			f := b.New(plan.Filter, sp)
			f.InputVar, f.Condition, f.Stmt = sp.OutputVar, tt.cond, &cypherFilter{}
			f.Shown = aliasesAsVariables(tt.cond)
			p := b.Finish(f)
			if got := pushFilterDownShortestPathRule(newOptGraph(p), f); got != tt.fired {
				t.Fatalf("fired = %v", got)
			}
			var lines []string
			for _, n := range p.Order() {
				line := string(n.Kind)
				if n.Kind == plan.Filter {
					line += " " + ast.NebulaString(n.Shown)
				}
				if len(n.Deps) > 0 {
					line += " <- " + string(n.Deps[0].Kind)
				}
				lines = append(lines, line)
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("plan:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestTagFilter(t *testing.T) {
	col := func(name string) meta.Column { return meta.Column{Column: kvstore.Column{Name: name}} }
	player := &meta.Schema{Name: "player", Versions: []meta.SchemaVersion{{Columns: []meta.Column{col("name"), col("age")}}}}
	n := &mnode{alias: "v", col: "v", labels: []*meta.Schema{player}}
	prop := func(alias, tag, p string) ast.Expr {
		return &ast.Attribute{Left: &ast.LabelAttribute{Label: alias, Attr: tag}, Name: p}
	}
	gt := func(l ast.Expr, v int64) ast.Expr {
		return &ast.Binary{Op: ast.OpGT, Left: l, Right: &ast.IntLiteral{Value: v}}
	}
	tests := []struct {
		conj []ast.Expr
		want string
	}{
		{[]ast.Expr{gt(prop("v", "player", "age"), 20)}, "(player.age>20)"},
		{[]ast.Expr{gt(prop("v", "player", "age"), 20), gt(prop("o", "player", "age"), 1)}, "(player.age>20)"},
		{[]ast.Expr{&ast.Logical{Op: ast.OpOr, Operands: []ast.Expr{gt(prop("v", "player", "age"), 20), gt(prop("v", "player", "age"), 1)}}},
			"((player.age>20) OR (player.age>1))"},
		{[]ast.Expr{&ast.Logical{Op: ast.OpOr, Operands: []ast.Expr{gt(prop("v", "player", "age"), 20), gt(prop("o", "player", "age"), 1)}}}, "<nil>"},
		{[]ast.Expr{gt(prop("v", "team", "age"), 20)}, "<nil>"},
		{[]ast.Expr{gt(prop("v", "player", "nope"), 20)}, "<nil>"},
		{[]ast.Expr{prop("v", "player", "name")}, "<nil>"},
		{[]ast.Expr{gt(&ast.FunctionCall{Name: "abs", Args: []ast.Expr{prop("v", "player", "age")}}, 20)}, "<nil>"},
	}
	for _, tt := range tests {
		got := "<nil>"
		if f := tagFilter(n, player, tt.conj); f != nil {
			got = ast.NebulaString(f)
		}
		if got != tt.want {
			t.Errorf("%v: got %s, want %s", tt.conj, got, tt.want)
		}
	}
}

func TestHashJoinProjectRule(t *testing.T) {
	in := func(name string) ast.Expr { return &ast.InputProperty{Prop: name} }
	tests := []struct {
		name     string
		cols     []ast.Expr
		joinVar  string // the join's output variable
		fired    bool
		wantKeep []int
	}{
		{"input columns", []ast.Expr{in("e"), in("name")}, "__join", true, []int{0, 2}},
		{"reordered and repeated", []ast.Expr{in("name"), in("dst"), in("name")}, "__join", true, []int{2, 1, 2}},
		{"an expression", []ast.Expr{in("e"), &ast.IntLiteral{Value: 1}}, "__join", false, nil},
		{"an unknown column", []ast.Expr{in("nope")}, "__join", false, nil},
		{"a user variable", []ast.Expr{in("e")}, "v", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b plan.Builder
			left := b.New(plan.GetNeighbors)
			left.ColNames = []string{"e", "dst"}
			right := b.New(plan.GetVertices, left)
			right.ColNames = []string{"vid", "name"}
			j := b.New(plan.HashLeftJoin, left, right)
			j.OutputVar = tt.joinVar
			j.ColNames = []string{"e", "dst", "name"}
			j.Stmt = &joinJob{left: left.OutputVar, right: right.OutputVar, leftKey: "dst", rightKey: "vid"}
			p := b.New(plan.Project, j)
			p.InputVar = j.OutputVar
			for i, e := range tt.cols {
				p.Columns = append(p.Columns, plan.Column{Expr: e, Name: fmt.Sprintf("c%d", i)})
				p.ColNames = append(p.ColNames, fmt.Sprintf("c%d", i))
			}
			pl := b.Finish(p)
			if got := hashJoinProjectRule(newOptGraph(pl), p); got != tt.fired {
				t.Fatalf("fired = %v, want %v", got, tt.fired)
			}
			if !tt.fired {
				if p.Kind != plan.Project || j.Stmt.(*joinJob).keep != nil {
					t.Fatal("the plan changed although the rule did not fire")
				}
				return
			}
			job, ok := p.Stmt.(*joinJob)
			if p.Kind != plan.HashLeftJoin || !ok || len(p.Deps) != 2 || p.Deps[0] != left || p.Deps[1] != right || pl.Root != p {
				t.Fatalf("fused node %s %T deps %v", p.Kind, p.Stmt, p.Deps)
			}
			if !slices.Equal(job.keep, tt.wantKeep) {
				t.Errorf("keep %v, want %v", job.keep, tt.wantKeep)
			}
			if j.Stmt.(*joinJob).keep != nil {
				t.Error("the original join's payload was changed")
			}
		})
	}
}
