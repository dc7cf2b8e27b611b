package ast

import "strconv"

// Sequence is the statements of one request, separated by ';'. Parse returns
// one; empty statements (";;") are dropped, so Stmts may be empty.
type Sequence struct{ Stmts []Stmt }

// Explain is EXPLAIN or PROFILE around a sequence:
// EXPLAIN [FORMAT="row"|"dot"] stmt or EXPLAIN [FORMAT=...] {stmt; ...}.
// It is only ever the sole statement of a Sequence.
type Explain struct {
	Profile bool
	Format  string // as written, "" when absent; the validator checks it
	Body    *Sequence
	// Braced records the {...} form, which is the only one that can hold
	// several statements.
	Braced bool
}

// Assignment is $Var = Stmt.
type Assignment struct {
	Var  string
	Stmt Stmt
}

// Pipe is Left | Right: Right reads Left's result as $-.
type Pipe struct{ Left, Right Stmt }

// SetOpKind is the operator of a SetOp.
type SetOpKind uint8

// Set operators.
const (
	Union SetOpKind = iota
	Intersect
	Minus
)

// SetOp is Left UNION [ALL|DISTINCT] Right, Left INTERSECT Right or Left
// MINUS Right. UNION without ALL removes duplicates (Distinct is true).
type SetOp struct {
	Op          SetOpKind
	Distinct    bool
	Left, Right Stmt
}

// YieldColumn is one output column: Expr [AS Alias].
type YieldColumn struct {
	Expr  Expr
	Alias string // "" when absent
}

// YieldClause is YIELD [DISTINCT] col, ... inside GO, FETCH, LOOKUP, FIND
// PATH, GET SUBGRAPH, GROUP BY, UPDATE and UPSERT.
type YieldClause struct {
	Distinct bool
	Columns  []*YieldColumn
}

// Yield is the YIELD statement, or RETURN without reading clauses (which
// NebulaGraph executes as a YIELD and which takes no WHERE).
type Yield struct {
	Return   bool
	Distinct bool
	Columns  []*YieldColumn
	Where    Expr
}

// OrderFactor is one sort key of ORDER BY.
type OrderFactor struct {
	Expr Expr
	Desc bool
}

// OrderBy is the ORDER BY statement, which sorts a piped-in result.
type OrderBy struct{ Factors []*OrderFactor }

// Limit is LIMIT [Offset,] Count, LIMIT Count OFFSET Offset or OFFSET Offset
// LIMIT Count on a piped-in result.
type Limit struct{ Offset, Count int64 }

// GroupBy is GROUP BY keys YIELD columns on a piped-in result.
type GroupBy struct {
	Keys  []*YieldColumn
	Yield *YieldClause
}

// Unwind is UNWIND Expr AS Alias as a statement of its own (after a pipe).
type Unwind struct {
	Expr  Expr
	Alias string
}

func (*Explain) stmtNode()    {}
func (*Assignment) stmtNode() {}
func (*Pipe) stmtNode()       {}
func (*SetOp) stmtNode()      {}
func (*Yield) stmtNode()      {}
func (*OrderBy) stmtNode()    {}
func (*Limit) stmtNode()      {}
func (*GroupBy) stmtNode()    {}
func (*Unwind) stmtNode()     {}

func (s *Sequence) String() string    { return render(s) }
func (s *Explain) String() string     { return render(s) }
func (s *Assignment) String() string  { return render(s) }
func (s *Pipe) String() string        { return render(s) }
func (s *SetOp) String() string       { return render(s) }
func (c *YieldColumn) String() string { return render(c) }
func (c *YieldClause) String() string { return render(c) }
func (s *Yield) String() string       { return render(s) }
func (f *OrderFactor) String() string { return render(f) }
func (s *OrderBy) String() string     { return render(s) }
func (s *Limit) String() string       { return render(s) }
func (s *GroupBy) String() string     { return render(s) }
func (s *Unwind) String() string      { return render(s) }

func (s *Sequence) format(p *printer) {
	for i, st := range s.Stmts {
		if i > 0 {
			p.str("; ")
		}
		p.node(st)
	}
}

func (s *Explain) format(p *printer) {
	if s.Profile {
		p.str("PROFILE")
	} else {
		p.str("EXPLAIN")
	}
	if s.Format != "" {
		p.str(" FORMAT=")
		p.buf = appendQuotedString(p.buf, s.Format)
	}
	if s.Braced {
		p.str(" {")
		p.node(s.Body)
		p.byte('}')
		return
	}
	p.byte(' ')
	p.node(s.Body)
}

func (s *Assignment) format(p *printer) {
	p.byte('$')
	p.str(s.Var)
	p.str(" = ")
	p.node(s.Stmt)
}

// paren prints s, in parentheses when wrap is set.
func (p *printer) paren(s Stmt, wrap bool) {
	if wrap {
		p.byte('(')
	}
	p.node(s)
	if wrap {
		p.byte(')')
	}
}

func isSetOp(s Stmt) bool { _, ok := s.(*SetOp); return ok }

func isPipe(s Stmt) bool { _, ok := s.(*Pipe); return ok }

// Pipes bind tighter than set operators and both associate to the left, as
// in NebulaGraph's piped_sentence and set_sentence rules.
func (s *Pipe) format(p *printer) {
	p.paren(s.Left, isSetOp(s.Left))
	p.str(" | ")
	p.paren(s.Right, isSetOp(s.Right) || isPipe(s.Right))
}

func (s *SetOp) format(p *printer) {
	p.node(s.Left)
	switch s.Op {
	case Union:
		if s.Distinct {
			p.str(" UNION ")
		} else {
			p.str(" UNION ALL ")
		}
	case Intersect:
		p.str(" INTERSECT ")
	case Minus:
		p.str(" MINUS ")
	}
	p.paren(s.Right, isSetOp(s.Right))
}

// yieldKeywords are the bare keywords a YIELD column may name, which the
// parser turns into labels of that (upper case) name.
var yieldKeywords = map[string]bool{"VERTICES": true, "EDGES": true, "PATH": true}

func (c *YieldColumn) format(p *printer) {
	if l, ok := c.Expr.(*Label); ok && c.Alias != "" && yieldKeywords[l.Name] {
		p.str(l.Name)
	} else {
		p.node(c.Expr)
	}
	if c.Alias != "" {
		p.str(" AS ")
		p.name(c.Alias)
	}
}

func (p *printer) columns(cs []*YieldColumn) {
	for i, c := range cs {
		if i > 0 {
			p.str(", ")
		}
		p.node(c)
	}
}

func (c *YieldClause) format(p *printer) {
	p.str("YIELD ")
	if c.Distinct {
		p.str("DISTINCT ")
	}
	p.columns(c.Columns)
}

// clause prints " " and a clause when the clause is present.
func (p *printer) yieldClause(c *YieldClause) {
	if c != nil {
		p.byte(' ')
		p.node(c)
	}
}

func (p *printer) where(e Expr) {
	if e != nil {
		p.str(" WHERE ")
		p.node(e)
	}
}

func (s *Yield) format(p *printer) {
	if s.Return {
		p.str("RETURN ")
	} else {
		p.str("YIELD ")
	}
	if s.Distinct {
		p.str("DISTINCT ")
	}
	p.columns(s.Columns)
	p.where(s.Where)
}

func (f *OrderFactor) format(p *printer) {
	p.node(f.Expr)
	if f.Desc {
		p.str(" DESC")
	}
}

func (p *printer) orderFactors(fs []*OrderFactor) {
	for i, f := range fs {
		if i > 0 {
			p.str(", ")
		}
		p.node(f)
	}
}

func (s *OrderBy) format(p *printer) {
	p.str("ORDER BY ")
	p.orderFactors(s.Factors)
}

func (s *Limit) format(p *printer) {
	p.str("LIMIT ")
	if s.Offset != 0 {
		p.int(s.Offset)
		p.str(", ")
	}
	p.int(s.Count)
}

func (p *printer) int(v int64) { p.buf = strconv.AppendInt(p.buf, v, 10) }

func (s *GroupBy) format(p *printer) {
	p.str("GROUP BY ")
	p.columns(s.Keys)
	p.yieldClause(s.Yield)
}

func (s *Unwind) format(p *printer) {
	p.str("UNWIND ")
	p.node(s.Expr)
	p.str(" AS ")
	p.name(s.Alias)
}
