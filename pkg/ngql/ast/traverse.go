package ast

// VertexIDs is the vertex source of FROM, TO, FETCH and DELETE: either a
// list of vertex id expressions (constants, strings, function calls such as
// hash("a")) or one reference to a column of the input ($-.id) or of a
// variable ($var.id). Exactly one of IDs and Ref is set.
type VertexIDs struct {
	IDs []Expr
	Ref Expr
}

// Steps is the N STEPS or M TO N STEPS of GO and GET SUBGRAPH. Without a
// range Min == Max.
type Steps struct {
	Min, Max int64
	Range    bool
}

// EdgeDirection is the direction an OVER clause walks edges in.
type EdgeDirection uint8

// Edge walking directions.
const (
	Outgoing EdgeDirection = iota
	Reversely
	Bidirect
)

// OverEdge is one edge type of an OVER clause, with an optional alias.
type OverEdge struct {
	Edge  string
	Alias string
}

// Over is OVER edge, ... | * [REVERSELY | BIDIRECT].
type Over struct {
	All       bool // OVER *
	Edges     []*OverEdge
	Direction EdgeDirection
}

// Truncate is the SAMPLE or LIMIT clause at the end of GO.
type Truncate struct {
	Sample bool
	Expr   Expr
}

// Go is GO [steps] FROM ... OVER ... [WHERE] [YIELD] [SAMPLE|LIMIT].
type Go struct {
	Steps    Steps
	From     *VertexIDs
	Over     *Over
	Where    Expr
	Yield    *YieldClause
	Truncate *Truncate
}

// FetchVertices is FETCH PROP ON tag, ... | * vids [YIELD].
type FetchVertices struct {
	Tags  []string // nil for *
	From  *VertexIDs
	Yield *YieldClause
}

// EdgeKey is src -> dst [@rank] with literal ends, as in FETCH and DELETE.
type EdgeKey struct {
	Src, Dst Expr
	Rank     int64
}

// EdgeKeyRef is $-.src -> $-.dst [@$-.rank] (or the $var. form): edge keys
// read from the input or a variable. Rank is nil when omitted.
type EdgeKeyRef struct {
	Src, Dst, Rank Expr
}

// FetchEdges is FETCH PROP ON edge, ... keys [YIELD]. Exactly one of Keys
// and KeyRef is set.
type FetchEdges struct {
	Edges  []string
	Keys   []*EdgeKey
	KeyRef *EdgeKeyRef
	Yield  *YieldClause
}

// Lookup is LOOKUP ON schema [WHERE cond] [YIELD]. The condition may be a
// TextSearch.
type Lookup struct {
	On    string
	Where Expr
	Yield *YieldClause
}

// PathSearch is the kind of FIND PATH.
type PathSearch uint8

// Path searches.
const (
	FindAllPath PathSearch = iota
	FindShortestPath
	FindSingleShortestPath
	FindNoLoopPath
)

// DefaultUpto is the UPTO of a FIND PATH without one, as in NebulaGraph.
const DefaultUpto = 5

// FindPath is FIND ALL|SHORTEST|SINGLE SHORTEST|NOLOOP PATH [WITH PROP]
// FROM ... TO ... OVER ... [WHERE] [UPTO n STEPS] [YIELD].
type FindPath struct {
	Kind     PathSearch
	WithProp bool
	From, To *VertexIDs
	Over     *Over
	Where    Expr
	Upto     int64 // DefaultUpto when absent
	Yield    *YieldClause
}

// GetSubgraph is GET SUBGRAPH [WITH PROP] [n STEPS] FROM ... [IN ...]
// [OUT ...] [BOTH ...] [WHERE] [YIELD].
type GetSubgraph struct {
	WithProp bool
	Steps    Steps
	From     *VertexIDs
	In       []*OverEdge
	Out      []*OverEdge
	Both     []*OverEdge
	Where    Expr
	Yield    *YieldClause
}

func (*Go) stmtNode()            {}
func (*FetchVertices) stmtNode() {}
func (*FetchEdges) stmtNode()    {}
func (*Lookup) stmtNode()        {}
func (*FindPath) stmtNode()      {}
func (*GetSubgraph) stmtNode()   {}

func (v *VertexIDs) String() string     { return render(v) }
func (s *Steps) String() string         { return render(s) }
func (o *OverEdge) String() string      { return render(o) }
func (o *Over) String() string          { return render(o) }
func (t *Truncate) String() string      { return render(t) }
func (s *Go) String() string            { return render(s) }
func (s *FetchVertices) String() string { return render(s) }
func (k *EdgeKey) String() string       { return render(k) }
func (k *EdgeKeyRef) String() string    { return render(k) }
func (s *FetchEdges) String() string    { return render(s) }
func (s *Lookup) String() string        { return render(s) }
func (s *FindPath) String() string      { return render(s) }
func (s *GetSubgraph) String() string   { return render(s) }

func (v *VertexIDs) format(p *printer) {
	if v.Ref != nil {
		p.node(v.Ref)
		return
	}
	for i, e := range v.IDs {
		if i > 0 {
			p.str(", ")
		}
		p.node(e)
	}
}

func (s *Steps) format(p *printer) {
	if s.Range {
		p.int(s.Min)
		p.str(" TO ")
	}
	p.int(s.Max)
	p.str(" STEPS")
}

func (o *OverEdge) format(p *printer) {
	p.name(o.Edge)
	if o.Alias != "" {
		p.str(" AS ")
		p.name(o.Alias)
	}
}

func (p *printer) overEdges(es []*OverEdge) {
	for i, e := range es {
		if i > 0 {
			p.str(", ")
		}
		p.node(e)
	}
}

func (o *Over) format(p *printer) {
	p.str("OVER ")
	if o.All {
		p.byte('*')
	} else {
		p.overEdges(o.Edges)
	}
	switch o.Direction {
	case Reversely:
		p.str(" REVERSELY")
	case Bidirect:
		p.str(" BIDIRECT")
	}
}

func (t *Truncate) format(p *printer) {
	if t.Sample {
		p.str("SAMPLE ")
	} else {
		p.str("LIMIT ")
	}
	p.node(t.Expr)
}

// isOneStep reports whether s is the default of an omitted step clause.
func (s *Steps) isOneStep() bool { return !s.Range && s.Min == 1 && s.Max == 1 }

func (s *Go) format(p *printer) {
	p.str("GO ")
	if !s.Steps.isOneStep() {
		p.node(&s.Steps)
		p.byte(' ')
	}
	p.str("FROM ")
	p.node(s.From)
	p.byte(' ')
	p.node(s.Over)
	p.where(s.Where)
	p.yieldClause(s.Yield)
	if s.Truncate != nil {
		p.byte(' ')
		p.node(s.Truncate)
	}
}

func (p *printer) names(ns []string) {
	for i, n := range ns {
		if i > 0 {
			p.str(", ")
		}
		p.name(n)
	}
}

func (s *FetchVertices) format(p *printer) {
	p.str("FETCH PROP ON ")
	if s.Tags == nil {
		p.byte('*')
	} else {
		p.names(s.Tags)
	}
	p.byte(' ')
	p.node(s.From)
	p.yieldClause(s.Yield)
}

func (k *EdgeKey) format(p *printer) {
	p.node(k.Src)
	p.str("->")
	p.node(k.Dst)
	if k.Rank != 0 {
		p.byte('@')
		p.int(k.Rank)
	}
}

func (k *EdgeKeyRef) format(p *printer) {
	p.node(k.Src)
	p.str("->")
	p.node(k.Dst)
	if k.Rank != nil {
		p.byte('@')
		p.node(k.Rank)
	}
}

func (s *FetchEdges) format(p *printer) {
	p.str("FETCH PROP ON ")
	p.names(s.Edges)
	p.byte(' ')
	if s.KeyRef != nil {
		p.node(s.KeyRef)
	} else {
		for i, k := range s.Keys {
			if i > 0 {
				p.str(", ")
			}
			p.node(k)
		}
	}
	p.yieldClause(s.Yield)
}

func (s *Lookup) format(p *printer) {
	p.str("LOOKUP ON ")
	p.name(s.On)
	p.where(s.Where)
	p.yieldClause(s.Yield)
}

var pathSearchText = [...]string{
	FindAllPath:            "FIND ALL PATH",
	FindShortestPath:       "FIND SHORTEST PATH",
	FindSingleShortestPath: "FIND SINGLE SHORTEST PATH",
	FindNoLoopPath:         "FIND NOLOOP PATH",
}

func (s *FindPath) format(p *printer) {
	p.str(pathSearchText[s.Kind])
	if s.WithProp {
		p.str(" WITH PROP")
	}
	p.str(" FROM ")
	p.node(s.From)
	p.str(" TO ")
	p.node(s.To)
	p.byte(' ')
	p.node(s.Over)
	p.where(s.Where)
	if s.Upto != DefaultUpto {
		p.str(" UPTO ")
		p.int(s.Upto)
		p.str(" STEPS")
	}
	p.yieldClause(s.Yield)
}

func (s *GetSubgraph) format(p *printer) {
	p.str("GET SUBGRAPH")
	if s.WithProp {
		p.str(" WITH PROP")
	}
	if !s.Steps.isOneStep() {
		p.byte(' ')
		p.node(&s.Steps)
	}
	p.str(" FROM ")
	p.node(s.From)
	for _, b := range []struct {
		kw    string
		edges []*OverEdge
	}{{" IN ", s.In}, {" OUT ", s.Out}, {" BOTH ", s.Both}} {
		if len(b.edges) > 0 {
			p.str(b.kw)
			p.overEdges(b.edges)
		}
	}
	p.where(s.Where)
	p.yieldClause(s.Yield)
}
