package ast

// Node is any node of the syntax tree.
type Node interface {
	// String returns the canonical text of the node, which parses back to
	// an equal node (see the package documentation).
	String() string
	// format appends the node's text to p.
	format(p *printer)
}

// Expr is an expression. The set of implementations is closed: every
// expression type is declared in this package, so a type switch over them can
// be exhaustive.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement ("sentence" in NebulaGraph's parser).
type Stmt interface {
	Node
	stmtNode()
}

// MaxExprDepth is the deepest expression tree the parser accepts, the
// default of NebulaGraph's max_expression_depth flag. A leaf has depth 1.
const MaxExprDepth = 512

// NebulaString returns e rendered the way NebulaGraph's
// Expression::toString() renders it: the name NebulaGraph gives an unaliased
// YIELD/RETURN column, and the text it quotes in error messages. The result
// is not always parseable; use e.String() for that.
func NebulaString(e Expr) string {
	p := printer{nebula: true}
	e.format(&p)
	return string(p.buf)
}

// render returns the canonical text of n.
func render(n Node) string {
	var p printer
	n.format(&p)
	return string(p.buf)
}

// printer accumulates text. nebula selects NebulaGraph's toString() text
// instead of the canonical, parseable text.
type printer struct {
	buf    []byte
	nebula bool
}

func (p *printer) str(s string) { p.buf = append(p.buf, s...) }

func (p *printer) byte(c byte) { p.buf = append(p.buf, c) }

func (p *printer) node(n Node) { n.format(p) }

// name prints an identifier: raw for NebulaGraph's text, back-quoted when the
// canonical text needs it to scan as one name.
func (p *printer) name(s string) {
	if p.nebula || !NeedsQuote(s) {
		p.str(s)
		return
	}
	p.buf = appendQuotedName(p.buf, s)
}

// exprs prints a comma separated list (NebulaGraph joins with "," alone).
func (p *printer) exprs(es []Expr) {
	for i, e := range es {
		if i > 0 {
			p.byte(',')
		}
		e.format(p)
	}
}
