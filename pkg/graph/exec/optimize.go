package exec

import (
	"strings"

	"github.com/novagraph/novagraph/pkg/graph/plan"
)

// The rule-based optimizer: after a request is planned, rewrite rules
// named as NebulaGraph's (src/graph/optimizer/rule) reshape the plan DAG
// until none applies. A rule looks at one node and the nodes under it; if
// its pattern matches and the rewrite is legal, it changes the plan in
// place and reports true. Rules change only the plan's shape and how much
// work its nodes do (a limit handed to a scan, a Sort and a Limit fused
// into a TopN), never a query's result.
//
//	plan.Plan ──optimize──▶ plan.Plan (same nodes, rewired; unreachable nodes dropped)
//
// The rules are in optimize_*.go, each a function with its own test.

// optRule is one rewrite rule.
type optRule struct {
	name  string
	apply func(g *optGraph, n *plan.Node) bool
}

// optRules are tried in order on every node, root first, until a pass
// changes nothing.
var optRules = []optRule{
	{"TopNRule", topNRule},
	{"PushLimitDownProjectRule", pushLimitDownProjectRule},
	{"PushLimitDownIndexScanRule", pushLimitDownIndexScanRule},
	{"PushLimitDownScanAppendVerticesRule", pushLimitDownScanAppendVerticesRule},
	{"PushFilterThroughAppendVerticesRule", pushFilterThroughAppendVerticesRule},
	{"PushFilterDownShortestPathRule", pushFilterDownShortestPathRule},
	{"HashJoinProjectRule", hashJoinProjectRule},
}

// maxOptPasses bounds the rewriting; every rule moves work strictly
// downwards, so real plans settle in a few passes.
const maxOptPasses = 64

// optimize rewrites p with optRules and returns the names of the rules
// that fired, in order.
func optimize(p *plan.Plan) []string {
	g := newOptGraph(p)
	var fired []string
	for pass := 0; pass < maxOptPasses; pass++ {
		changed := false
		for _, n := range p.Order() {
			for _, r := range optRules {
				if r.apply(g, n) {
					fired = append(fired, r.name)
					g.refresh()
					changed = true
					break
				}
			}
			if changed {
				break
			}
		}
		if !changed {
			break
		}
	}
	return fired
}

// optGraph is the plan with, for every node, who reads it.
type optGraph struct {
	p       *plan.Plan
	readers map[*plan.Node]int // nodes that depend on or read the node
}

func newOptGraph(p *plan.Plan) *optGraph {
	g := &optGraph{p: p}
	g.refresh()
	return g
}

// refresh recounts the readers after a rewrite.
func (g *optGraph) refresh() {
	g.readers = map[*plan.Node]int{}
	byVar := map[string]*plan.Node{}
	nodes := g.p.Order()
	for _, n := range nodes {
		byVar[n.OutputVar] = n
	}
	for _, n := range nodes {
		seen := map[*plan.Node]bool{}
		for _, d := range n.Deps {
			seen[d] = true
		}
		if src, ok := byVar[n.InputVar]; ok {
			seen[src] = true
		}
		for d := range seen {
			g.readers[d]++
		}
	}
}

// private reports whether child's table is read by parent alone, through
// its only dependency: then a rule may change child or move it without
// another reader noticing. A node whose table is a user variable
// ($var = ...) is never private, since later statements read it by name.
func (g *optGraph) private(parent, child *plan.Node) bool {
	return len(parent.Deps) == 1 && parent.Deps[0] == child && parent.InputVar == child.OutputVar &&
		g.readers[child] == 1 && strings.HasPrefix(child.OutputVar, "__") && child != g.p.Root
}

// single returns n's only input when n reads exactly the table of its
// only dependency.
func single(n *plan.Node) (*plan.Node, bool) {
	if len(n.Deps) != 1 || n.InputVar != n.Deps[0].OutputVar {
		return nil, false
	}
	return n.Deps[0], true
}

// replace makes every reader of old read repl instead (and repl the root
// if old was).
func (g *optGraph) replace(old, repl *plan.Node) {
	for _, n := range g.p.Order() {
		if n == repl {
			continue
		}
		for i, d := range n.Deps {
			if d == old {
				n.Deps[i] = repl
			}
		}
		if n.InputVar == old.OutputVar {
			n.InputVar = repl.OutputVar
		}
	}
	if g.p.Root == old {
		g.p.Root = repl
	}
}

// swapDown turns top ▶ below ▶ x (top reading below alone) into
// below ▶ top ▶ x: top now reads x and below reads top. The two nodes
// exchange their output variables so that the readers of top still find
// the same variable, now written by below.
func (g *optGraph) swapDown(top, below *plan.Node) {
	x := below.Deps[0]
	wasRoot := g.p.Root == top
	top.OutputVar, below.OutputVar = below.OutputVar, top.OutputVar
	for _, n := range g.p.Order() {
		for i, d := range n.Deps {
			if d == top && n != below {
				n.Deps[i] = below
			}
		}
	}
	top.Deps, top.InputVar = []*plan.Node{x}, x.OutputVar
	below.Deps, below.InputVar = []*plan.Node{top}, top.OutputVar
	if wasRoot {
		g.p.Root = below
	}
}
