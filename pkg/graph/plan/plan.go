// Package plan is graphd's execution plan: a DAG of nodes, each of which
// produces one table into a named variable that the nodes depending on it
// read. The planner (pkg/graph/exec) builds plans from validated statements;
// the executor runs them; EXPLAIN and PROFILE show them.
//
// Node kinds carry NebulaGraph's plan-node names, because clients and the
// tck compare EXPLAIN output by those names.
//
// Concurrency: a Plan is built by one goroutine and read-only afterwards;
// profiling statistics are recorded under a lock.
package plan

import (
	"strconv"
	"sync"
	"time"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// Kind names a node's operator, as NebulaGraph's EXPLAIN prints it.
type Kind string

// The node kinds.
const (
	Start       Kind = "Start"
	Project     Kind = "Project"
	Filter      Kind = "Filter"
	Aggregate   Kind = "Aggregate"
	Sort        Kind = "Sort"
	Limit       Kind = "Limit"
	Dedup       Kind = "Dedup"
	Union       Kind = "Union"
	Intersect   Kind = "Intersect"
	Minus       Kind = "Minus"
	SwitchSpace Kind = "SwitchSpace"
)

// Column is one output column: an expression and its name.
type Column struct {
	Expr ast.Expr
	Name string
}

// SortFactor is one key of a Sort: the position of a column of the input
// and the direction.
type SortFactor struct {
	Expr ast.Expr
	Desc bool
}

// Node is one operator. Only the fields of its Kind are set.
type Node struct {
	ID        int64
	Kind      Kind
	Deps      []*Node
	InputVar  string // the variable the node reads ("" for none)
	OutputVar string // the variable it writes
	ColNames  []string

	// Columns: Project's projections, Aggregate's group items.
	Columns []Column
	// Condition: Filter's predicate.
	Condition ast.Expr
	// Shown, when set, is how EXPLAIN prints Condition: the predicate as
	// NebulaGraph writes it where this engine evaluates a rewritten form
	// (LOOKUP's schema properties read as columns of the scan, say).
	Shown ast.Expr
	// GroupKeys: Aggregate's grouping expressions.
	GroupKeys []ast.Expr
	// Factors: Sort's keys.
	Factors []SortFactor
	// Offset and Count: Limit's window.
	Offset, Count int64
	// Space: SwitchSpace's target.
	Space string
	// Stmt: the validated statement of a node that carries one out whole
	// (DDL and administration, run through the meta service).
	Stmt ast.Stmt

	prof struct {
		sync.Mutex
		runs []Profile
	}
}

// Profile is one execution of a node: rows produced and time spent.
type Profile struct {
	Rows  int64
	Exec  time.Duration // in the node's own work
	Total time.Duration // including waiting for inputs
}

// Record adds one execution's statistics (PROFILE).
func (n *Node) Record(p Profile) {
	n.prof.Lock()
	n.prof.runs = append(n.prof.runs, p)
	n.prof.Unlock()
}

// Profiles returns the recorded executions.
func (n *Node) Profiles() []Profile {
	n.prof.Lock()
	defer n.prof.Unlock()
	return append([]Profile(nil), n.prof.runs...)
}

// Plan is the nodes of one request, in creation order (dependencies first),
// and the node whose table is the request's result.
type Plan struct {
	Nodes []*Node
	Root  *Node
}

// Order returns the nodes reachable from the root, root first, each node
// before its inputs in depth-first order (first input first), as
// NebulaGraph lists a plan. Nodes an optimizer rewrite left unreachable
// are not listed.
func (p *Plan) Order() []*Node {
	var out []*Node
	seen := map[*Node]bool{}
	var visit func(n *Node)
	visit = func(n *Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		out = append(out, n)
		for _, d := range n.Deps {
			visit(d)
		}
	}
	visit(p.Root)
	return out
}

// Builder makes nodes with unique ids and output variables.
type Builder struct {
	plan Plan
}

// New adds a node of kind depending on deps; its output variable is
// NebulaGraph-style "__Kind_id".
func (b *Builder) New(kind Kind, deps ...*Node) *Node { return b.plan.New(kind, deps...) }

// New adds a node to a built plan (an optimizer rewrite's), with an id
// and output variable no other node of p has.
func (p *Plan) New(kind Kind, deps ...*Node) *Node {
	id := int64(len(p.Nodes))
	n := &Node{ID: id, Kind: kind, Deps: deps, OutputVar: "__" + string(kind) + "_" + strconv.FormatInt(id, 10)}
	p.Nodes = append(p.Nodes, n)
	return n
}

// Finish returns the plan with root as its result.
func (b *Builder) Finish(root *Node) *Plan {
	b.plan.Root = root
	return &b.plan
}
