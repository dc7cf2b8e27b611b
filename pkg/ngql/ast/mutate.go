package ast

// VertexTag is one tag of INSERT VERTEX with the properties the rows give
// values for. AllProps is the form without parentheses (`INSERT VERTEX t
// VALUES ...`), which means every property of the tag in schema order;
// `t()` has AllProps false and no Props.
type VertexTag struct {
	Name     string
	Props    []string
	AllProps bool
}

// VertexRow is vid:(values) of INSERT VERTEX.
type VertexRow struct {
	VID    Expr
	Values []Expr
}

// InsertVertices is INSERT VERTEX [IF NOT EXISTS] [IGNORE_EXISTED_INDEX]
// tag(props), ... VALUES vid:(values), .... Tags is empty for the
// tag-less form, which inserts bare vertices.
type InsertVertices struct {
	IfNotExists        bool
	IgnoreExistedIndex bool
	Tags               []*VertexTag
	Rows               []*VertexRow
}

// EdgeRow is src->dst[@rank]:(values) of INSERT EDGE.
type EdgeRow struct {
	Src, Dst Expr
	Rank     int64
	Values   []Expr
}

// InsertEdges is INSERT EDGE [IF NOT EXISTS] [IGNORE_EXISTED_INDEX]
// edge(props) VALUES src->dst@rank:(values), .... AllProps is the form
// without parentheses, as for VertexTag.
type InsertEdges struct {
	IfNotExists        bool
	IgnoreExistedIndex bool
	Edge               string
	Props              []string
	AllProps           bool
	Rows               []*EdgeRow
}

// UpdateItem is prop = value, or schema.prop = value, in SET.
type UpdateItem struct {
	Schema string // "" when the property is not qualified
	Prop   string
	Value  Expr
}

// UpdateVertex is UPDATE|UPSERT VERTEX ON tag vid, ... SET ... [WHEN
// cond] [YIELD ...], or the 1.0 form without ON tag (Tag "", one vid).
type UpdateVertex struct {
	Upsert bool
	Tag    string
	VIDs   []Expr
	Set    []*UpdateItem
	When   Expr
	Yield  *YieldClause
}

// UpdateEdge is UPDATE|UPSERT EDGE ON edge src->dst[@rank], ... SET ...,
// or the 1.0 form UPDATE EDGE src->dst[@rank] OF edge SET ... (Legacy, one
// key).
type UpdateEdge struct {
	Upsert bool
	Legacy bool
	Edge   string
	Keys   []*EdgeKey
	Set    []*UpdateItem
	When   Expr
	Yield  *YieldClause
}

// DeleteVertices is DELETE VERTEX vids [WITH EDGE].
type DeleteVertices struct {
	IDs      *VertexIDs
	WithEdge bool
}

// DeleteTags is DELETE TAG tag, ... | * FROM vids. Tags is nil for *.
type DeleteTags struct {
	Tags []string
	IDs  *VertexIDs
}

// DeleteEdges is DELETE EDGE edge keys. Exactly one of Keys and KeyRef is
// set.
type DeleteEdges struct {
	Edge   string
	Keys   []*EdgeKey
	KeyRef *EdgeKeyRef
}

// Download is DOWNLOAD HDFS "url" (SUBMIT JOB DOWNLOAD HDFS is an AdminJob).
type Download struct{ URL string }

// Ingest is INGEST.
type Ingest struct{}

func (*InsertVertices) stmtNode() {}
func (*InsertEdges) stmtNode()    {}
func (*UpdateVertex) stmtNode()   {}
func (*UpdateEdge) stmtNode()     {}
func (*DeleteVertices) stmtNode() {}
func (*DeleteTags) stmtNode()     {}
func (*DeleteEdges) stmtNode()    {}
func (*Download) stmtNode()       {}
func (*Ingest) stmtNode()         {}

func (s *InsertVertices) String() string { return render(s) }
func (s *InsertEdges) String() string    { return render(s) }
func (u *UpdateItem) String() string     { return render(u) }
func (s *UpdateVertex) String() string   { return render(s) }
func (s *UpdateEdge) String() string     { return render(s) }
func (s *DeleteVertices) String() string { return render(s) }
func (s *DeleteTags) String() string     { return render(s) }
func (s *DeleteEdges) String() string    { return render(s) }
func (s *Download) String() string       { return render(s) }
func (s *Ingest) String() string         { return render(s) }

func (p *printer) values(vs []Expr) {
	p.str(":(")
	for i, v := range vs {
		if i > 0 {
			p.str(", ")
		}
		p.node(v)
	}
	p.byte(')')
}

func (p *printer) insertFlags(ifNotExists, ignoreIndex bool) {
	p.ifNotExists(ifNotExists)
	if ignoreIndex {
		p.str("IGNORE_EXISTED_INDEX ")
	}
}

// propList prints (a, b) unless allProps asks for no parentheses.
func (p *printer) propList(props []string, allProps bool) {
	if allProps {
		return
	}
	p.byte('(')
	p.names(props)
	p.byte(')')
}

func (s *InsertVertices) format(p *printer) {
	p.str("INSERT VERTEX ")
	p.insertFlags(s.IfNotExists, s.IgnoreExistedIndex)
	for i, t := range s.Tags {
		if i > 0 {
			p.str(", ")
		}
		p.name(t.Name)
		p.propList(t.Props, t.AllProps)
	}
	if len(s.Tags) > 0 {
		p.byte(' ')
	}
	p.str("VALUES ")
	for i, r := range s.Rows {
		if i > 0 {
			p.str(", ")
		}
		p.node(r.VID)
		p.values(r.Values)
	}
}

func (p *printer) rank(r int64) {
	if r != 0 {
		p.byte('@')
		p.int(r)
	}
}

func (s *InsertEdges) format(p *printer) {
	p.str("INSERT EDGE ")
	p.insertFlags(s.IfNotExists, s.IgnoreExistedIndex)
	p.name(s.Edge)
	p.propList(s.Props, s.AllProps)
	p.str(" VALUES ")
	for i, r := range s.Rows {
		if i > 0 {
			p.str(", ")
		}
		p.node(r.Src)
		p.str("->")
		p.node(r.Dst)
		p.rank(r.Rank)
		p.values(r.Values)
	}
}

func (u *UpdateItem) format(p *printer) {
	if u.Schema != "" {
		p.name(u.Schema)
		p.byte('.')
	}
	p.name(u.Prop)
	p.str(" = ")
	p.node(u.Value)
}

func (p *printer) updateTail(set []*UpdateItem, when Expr, yield *YieldClause) {
	p.str(" SET ")
	for i, it := range set {
		if i > 0 {
			p.str(", ")
		}
		p.node(it)
	}
	if when != nil {
		p.str(" WHEN ")
		p.node(when)
	}
	p.yieldClause(yield)
}

func (p *printer) updateVerb(upsert bool) {
	if upsert {
		p.str("UPSERT ")
	} else {
		p.str("UPDATE ")
	}
}

func (s *UpdateVertex) format(p *printer) {
	p.updateVerb(s.Upsert)
	p.str("VERTEX ")
	if s.Tag != "" {
		p.str("ON ")
		p.name(s.Tag)
		p.byte(' ')
	}
	for i, v := range s.VIDs {
		if i > 0 {
			p.str(", ")
		}
		p.node(v)
	}
	p.updateTail(s.Set, s.When, s.Yield)
}

func (s *UpdateEdge) format(p *printer) {
	p.updateVerb(s.Upsert)
	p.str("EDGE ")
	if !s.Legacy {
		p.str("ON ")
		p.name(s.Edge)
		p.byte(' ')
	}
	for i, k := range s.Keys {
		if i > 0 {
			p.str(", ")
		}
		p.node(k)
	}
	if s.Legacy {
		p.str(" OF ")
		p.name(s.Edge)
	}
	p.updateTail(s.Set, s.When, s.Yield)
}

func (s *DeleteVertices) format(p *printer) {
	p.str("DELETE VERTEX ")
	p.node(s.IDs)
	if s.WithEdge {
		p.str(" WITH EDGE")
	}
}

func (s *DeleteTags) format(p *printer) {
	p.str("DELETE TAG ")
	if s.Tags == nil {
		p.byte('*')
	} else {
		p.names(s.Tags)
	}
	p.str(" FROM ")
	p.node(s.IDs)
}

func (s *DeleteEdges) format(p *printer) {
	p.str("DELETE EDGE ")
	p.name(s.Edge)
	p.byte(' ')
	if s.KeyRef != nil {
		p.node(s.KeyRef)
		return
	}
	for i, k := range s.Keys {
		if i > 0 {
			p.str(", ")
		}
		p.node(k)
	}
}

func (s *Download) format(p *printer) {
	p.str("DOWNLOAD HDFS ")
	p.buf = appendQuotedString(p.buf, s.URL)
}

func (s *Ingest) format(p *printer) { p.str("INGEST") }
