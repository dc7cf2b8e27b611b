package ast

import "strconv"

// PathKind says which paths a MATCH path pattern stands for.
type PathKind uint8

// Path kinds.
const (
	PathAll         PathKind = iota // (a)-[]->(b)
	PathShortest                    // shortestPath((a)-[*..n]-(b))
	PathAllShortest                 // allShortestPaths((a)-[*..n]-(b))
)

// MatchPath is a path pattern: Nodes[0] Edges[0] Nodes[1] ... with
// len(Nodes) == len(Edges)+1, optionally named (p = ...).
type MatchPath struct {
	Alias string
	Kind  PathKind
	Nodes []*MatchNode
	Edges []*MatchEdge
}

// NodeLabel is :label with an optional property map, e.g. :player{age: 38}.
type NodeLabel struct {
	Name  string
	Props *Map
}

// MatchNode is (alias:label{props}...) or (alias {props}).
type MatchNode struct {
	Alias  string
	Labels []*NodeLabel
	Props  *Map // only without labels: (v {name: "x"})
}

// Direction is the direction of a pattern edge.
type Direction uint8

// Edge directions.
const (
	DirOut  Direction = iota // -[]->
	DirIn                    // <-[]-
	DirBoth                  // -[]- and <-[]->
)

// StepRange is the *min..max of a variable-length edge. Max < 0 means no
// upper bound. `*` alone is 1.. and `*..n` is 1..n, as in NebulaGraph.
type StepRange struct{ Min, Max int64 }

// MatchEdge is -[alias:type1|type2*range{props}]-> and its variants. An edge
// written without brackets (-->, <--, --) has no alias, types, range or
// properties.
type MatchEdge struct {
	Dir   Direction
	Alias string
	Types []string
	Range *StepRange
	Props *Map
}

// Clause is a reading clause of a MATCH statement: *MatchClause,
// *UnwindClause or *WithClause.
type Clause interface {
	Node
	clauseNode()
}

// MatchClause is [OPTIONAL] MATCH path, ... [WHERE cond].
type MatchClause struct {
	Optional bool
	Paths    []*MatchPath
	Where    Expr
}

// UnwindClause is UNWIND expr AS alias within a MATCH statement.
type UnwindClause struct {
	Expr  Expr
	Alias string
}

// ReturnItems is the projection of WITH and RETURN: *, *, cols or cols.
type ReturnItems struct {
	Star    bool
	Columns []*YieldColumn
}

// WithClause is WITH [DISTINCT] items [ORDER BY] [SKIP] [LIMIT] [WHERE].
type WithClause struct {
	Distinct bool
	Items    *ReturnItems
	OrderBy  []*OrderFactor
	Skip     Expr
	Limit    Expr
	Where    Expr
}

// Return is the closing RETURN [DISTINCT] items [ORDER BY] [SKIP] [LIMIT] of
// a MATCH statement.
type Return struct {
	Distinct bool
	Items    *ReturnItems
	OrderBy  []*OrderFactor
	Skip     Expr
	Limit    Expr
}

// Match is an openCypher query: reading clauses (MATCH, OPTIONAL MATCH,
// UNWIND, WITH) and a RETURN.
type Match struct {
	Clauses []Clause
	Return  *Return
}

func (*MatchClause) clauseNode()  {}
func (*UnwindClause) clauseNode() {}
func (*WithClause) clauseNode()   {}
func (*Match) stmtNode()          {}

func (m *MatchPath) String() string    { return render(m) }
func (n *NodeLabel) String() string    { return render(n) }
func (n *MatchNode) String() string    { return render(n) }
func (e *MatchEdge) String() string    { return render(e) }
func (c *MatchClause) String() string  { return render(c) }
func (c *UnwindClause) String() string { return render(c) }
func (r *ReturnItems) String() string  { return render(r) }
func (c *WithClause) String() string   { return render(c) }
func (r *Return) String() string       { return render(r) }
func (m *Match) String() string        { return render(m) }

func (m *MatchPath) format(p *printer) {
	if m.Alias != "" && !p.nebula {
		p.name(m.Alias)
		p.str(" = ")
	}
	switch m.Kind {
	case PathShortest:
		p.str("shortestPath(")
	case PathAllShortest:
		p.str("allShortestPaths(")
	}
	for i, n := range m.Nodes {
		if i > 0 {
			p.node(m.Edges[i-1])
		}
		p.node(n)
	}
	if m.Kind != PathAll {
		p.byte(')')
	}
}

func (n *NodeLabel) format(p *printer) {
	p.byte(':')
	p.name(n.Name)
	if n.Props != nil {
		p.node(n.Props)
	}
}

func (n *MatchNode) format(p *printer) {
	p.byte('(')
	if n.Alias != "" {
		p.name(n.Alias)
	}
	for _, l := range n.Labels {
		p.node(l)
	}
	if n.Props != nil {
		p.node(n.Props)
	}
	p.byte(')')
}

func (e *MatchEdge) format(p *printer) {
	if e.Dir == DirIn {
		p.str("<-")
	} else {
		p.byte('-')
	}
	if e.Alias != "" || len(e.Types) > 0 || e.Range != nil || e.Props != nil {
		p.byte('[')
		if e.Alias != "" {
			p.name(e.Alias)
		}
		for i, t := range e.Types {
			if i == 0 {
				p.byte(':')
			} else {
				p.byte('|')
			}
			p.name(t)
		}
		if r := e.Range; r != nil {
			p.byte('*')
			p.buf = strconv.AppendInt(p.buf, r.Min, 10)
			if r.Max != r.Min {
				p.str("..")
				if r.Max >= 0 {
					p.buf = strconv.AppendInt(p.buf, r.Max, 10)
				}
			}
		}
		if e.Props != nil {
			p.node(e.Props)
		}
		p.byte(']')
	}
	if e.Dir == DirOut {
		p.str("->")
	} else {
		p.byte('-')
	}
}

func (c *MatchClause) format(p *printer) {
	if c.Optional {
		p.str("OPTIONAL ")
	}
	p.str("MATCH ")
	for i, m := range c.Paths {
		if i > 0 {
			p.str(", ")
		}
		p.node(m)
	}
	p.where(c.Where)
}

func (c *UnwindClause) format(p *printer) {
	p.str("UNWIND ")
	p.node(c.Expr)
	p.str(" AS ")
	p.name(c.Alias)
}

func (r *ReturnItems) format(p *printer) {
	if r.Star {
		p.byte('*')
		if len(r.Columns) > 0 {
			p.str(", ")
		}
	}
	p.columns(r.Columns)
}

// projection prints the shared tail of WITH and RETURN.
func (p *printer) projection(distinct bool, items *ReturnItems, order []*OrderFactor, skip, limit Expr) {
	if distinct {
		p.str("DISTINCT ")
	}
	p.node(items)
	if len(order) > 0 {
		p.str(" ORDER BY ")
		p.orderFactors(order)
	}
	if skip != nil {
		p.str(" SKIP ")
		p.node(skip)
	}
	if limit != nil {
		p.str(" LIMIT ")
		p.node(limit)
	}
}

func (c *WithClause) format(p *printer) {
	p.str("WITH ")
	p.projection(c.Distinct, c.Items, c.OrderBy, c.Skip, c.Limit)
	p.where(c.Where)
}

func (r *Return) format(p *printer) {
	p.str("RETURN ")
	p.projection(r.Distinct, r.Items, r.OrderBy, r.Skip, r.Limit)
}

func (m *Match) format(p *printer) {
	for _, c := range m.Clauses {
		p.node(c)
		p.byte(' ')
	}
	p.node(m.Return)
}
