package tck

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// The cell literal language is the one NebulaGraph's runner (tests/tck/utils/
// nbv.py) accepts in expected tables:
//
//	EMPTY NULL NaN BAD_DATA BAD_TYPE OVERFLOW UNKNOWN_PROP DIV_BY_ZERO OUT_OF_RANGE
//	123 -1.5 true 'str' "str" /regex/ hash("vid")
//	[1, 2]  {1, 2}  {k: 1, "k2": 2}
//	("vid" :tag{p: 1}:tag2)   [:e "a"->"b" @0 {p: 1}]   <("a")-[:e@0 {}]->("b")<--("c")>
//
// plus a few spellings it does not know: __NULL__, __EMPTY__, ERR_OVERFLOW,
// Inf, exponents in floats and the empty cell (EMPTY). Dates,
// times and datetimes are written as strings ('2020-01-01'); the comparator
// matches them against the value's printed form, as the reference does.

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokPunct
	tokInt
	tokFloat
	tokString
	tokIdent
	tokRegex
)

type token struct {
	kind tokKind
	text string // punctuation char, identifier, string contents or regex source
	i    int64
	f    float64
	pos  int
}

func (t token) is(p string) bool { return t.kind == tokPunct && t.text == p }

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of cell"
	case tokString:
		return strconv.Quote(t.text)
	case tokRegex:
		return "/" + t.text + "/"
	case tokInt:
		return strconv.FormatInt(t.i, 10)
	case tokFloat:
		return strconv.FormatFloat(t.f, 'g', -1, 64)
	}
	return "`" + t.text + "'"
}

// lexCell splits a cell into tokens. A '-' directly followed by a digit
// starts a negative number, as in the reference lexer.
func lexCell(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			str, n, err := lexQuoted(s[i:], c)
			if err != nil {
				return nil, fmt.Errorf("at %d: %w", i, err)
			}
			toks = append(toks, token{kind: tokString, text: str, pos: i})
			i += n
		case c == '/':
			src, n, err := lexRegex(s[i:])
			if err != nil {
				return nil, fmt.Errorf("at %d: %w", i, err)
			}
			toks = append(toks, token{kind: tokRegex, text: src, pos: i})
			i += n
		case isDigit(c) || (c == '-' && i+1 < len(s) && isDigit(s[i+1])):
			tok, n, err := lexNumber(s[i:])
			if err != nil {
				return nil, fmt.Errorf("at %d: %w", i, err)
			}
			tok.pos = i
			toks = append(toks, tok)
			i += n
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			toks = append(toks, token{kind: tokIdent, text: s[i:j], pos: i})
			i = j
		case strings.IndexByte("()[]{}<>@-:,", c) >= 0:
			toks = append(toks, token{kind: tokPunct, text: s[i : i+1], pos: i})
			i++
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return nil, fmt.Errorf("at %d: unexpected %q", i, r)
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(s)}), nil
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// lexQuoted reads a quoted string starting at s[0]; \n and \t are control
// characters and a backslash before anything else yields that character.
func lexQuoted(s string, quote byte) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == quote:
			return b.String(), i + 1, nil
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("unterminated string")
}

// lexRegex reads /.../ where only "\/" is an escape; every other backslash
// reaches the regular expression untouched.
func lexRegex(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '/':
			return b.String(), i + 1, nil
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '/':
			b.WriteByte('/')
			i++
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, errors.New("unterminated regex")
}

func lexNumber(s string) (token, int, error) {
	i := 0
	if s[0] == '-' {
		i++
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	isFloat := false
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		isFloat = true
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			isFloat = true
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	if isFloat {
		f, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return token{}, 0, err
		}
		return token{kind: tokFloat, f: f}, i, nil
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil {
		return token{}, 0, err
	}
	return token{kind: tokInt, i: n}, i, nil
}

// parseCell parses one expected cell. An empty cell is EMPTY: the reference
// features leave cells blank where DESCRIBE shows no default or comment.
func parseCell(s string) (*want, error) {
	if strings.TrimSpace(s) == "" {
		return &want{kind: wantEmpty}, nil
	}
	toks, err := lexCell(s)
	if err != nil {
		return nil, err
	}
	p := &cellParser{toks: toks}
	w, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, fmt.Errorf("at %d: unexpected %v after the value", t.pos, t)
	}
	return w, nil
}

type cellParser struct {
	toks []token
	pos  int
}

func (p *cellParser) peek() token { return p.toks[p.pos] }
func (p *cellParser) peekAt(n int) token {
	if p.pos+n >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.pos+n]
}
func (p *cellParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *cellParser) expect(punct string) error {
	if t := p.next(); !t.is(punct) {
		return fmt.Errorf("at %d: expected `%s', got %v", t.pos, punct, t)
	}
	return nil
}

var nullKinds = map[string]nebula.NullType{
	"NULL":         nebula.NullType___NULL__,
	"__NULL__":     nebula.NullType___NULL__,
	"BAD_DATA":     nebula.NullType_BAD_DATA,
	"BAD_TYPE":     nebula.NullType_BAD_TYPE,
	"OVERFLOW":     nebula.NullType_ERR_OVERFLOW,
	"ERR_OVERFLOW": nebula.NullType_ERR_OVERFLOW,
	"UNKNOWN_PROP": nebula.NullType_UNKNOWN_PROP,
	"DIV_BY_ZERO":  nebula.NullType_DIV_BY_ZERO,
	"OUT_OF_RANGE": nebula.NullType_OUT_OF_RANGE,
}

func (p *cellParser) expr() (*want, error) {
	t := p.peek()
	switch t.kind {
	case tokInt:
		p.next()
		return &want{kind: wantInt, i: t.i}, nil
	case tokFloat:
		p.next()
		return &want{kind: wantFloat, f: t.f}, nil
	case tokString:
		p.next()
		return &want{kind: wantString, s: t.text}, nil
	case tokRegex:
		p.next()
		re, err := regexp.Compile(`^(?:` + t.text + `)`)
		if err != nil {
			return nil, fmt.Errorf("at %d: %w", t.pos, err)
		}
		return &want{kind: wantRegex, s: t.text, re: re}, nil
	case tokIdent:
		if p.peekAt(1).is("(") {
			n, err := p.function()
			if err != nil {
				return nil, err
			}
			return &want{kind: wantInt, i: n}, nil
		}
		p.next()
		if t.text == "EMPTY" || t.text == "__EMPTY__" {
			return &want{kind: wantEmpty}, nil
		}
		if n, ok := nullKinds[t.text]; ok {
			return &want{kind: wantNull, null: n}, nil
		}
		switch strings.ToLower(t.text) {
		case "true":
			return &want{kind: wantBool, b: true}, nil
		case "false":
			return &want{kind: wantBool, b: false}, nil
		case "inf", "infinity":
			return &want{kind: wantFloat, f: math.Inf(1)}, nil
		}
		if t.text == "NaN" || t.text == "nan" {
			// The reference reads NaN as the float (parser/nebula.feature),
			// and Python prints it nan.
			return &want{kind: wantFloat, f: math.NaN()}, nil
		}
		return nil, fmt.Errorf("at %d: unknown word %v", t.pos, t)
	case tokPunct:
		switch t.text {
		case "[":
			if p.looksLikeEdge() {
				e, err := p.edge()
				if err != nil {
					return nil, err
				}
				return &want{kind: wantEdge, e: e}, nil
			}
			return p.list()
		case "{":
			return p.braces()
		case "(":
			v, err := p.vertex()
			if err != nil {
				return nil, err
			}
			return &want{kind: wantVertex, v: v}, nil
		case "<":
			return p.path()
		case "-":
			// -inf: a negative number lexes whole, an infinity does not.
			if n := p.peekAt(1); n.kind == tokIdent && (strings.EqualFold(n.text, "inf") || strings.EqualFold(n.text, "infinity")) {
				p.next()
				p.next()
				return &want{kind: wantFloat, f: math.Inf(-1)}, nil
			}
		}
	}
	return nil, fmt.Errorf("at %d: unexpected %v", t.pos, t)
}

// function evaluates the only function the reference registers: hash(str).
func (p *cellParser) function() (int64, error) {
	name := p.next()
	p.next() // (
	var args []*want
	for {
		a, err := p.expr()
		if err != nil {
			return 0, err
		}
		args = append(args, a)
		if !p.peek().is(",") {
			break
		}
		p.next()
	}
	if err := p.expect(")"); err != nil {
		return 0, err
	}
	if name.text != "hash" {
		return 0, fmt.Errorf("at %d: unknown function %s", name.pos, name.text)
	}
	if len(args) != 1 || args[0].kind != wantString {
		return 0, fmt.Errorf("at %d: hash takes one string", name.pos)
	}
	return murmurHash2([]byte(args[0].s)), nil
}

func (p *cellParser) list() (*want, error) {
	p.next() // [
	w := &want{kind: wantList, items: []*want{}}
	if p.peek().is("]") {
		p.next()
		return w, nil
	}
	items, err := p.items("]")
	if err != nil {
		return nil, err
	}
	w.items = items
	return w, nil
}

// items parses `expr (, expr)*` and the closing punctuation.
func (p *cellParser) items(closing string) ([]*want, error) {
	var items []*want
	for {
		it, err := p.expr()
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		if !p.peek().is(",") {
			break
		}
		p.next()
	}
	return items, p.expect(closing)
}

// braces tells a map from a set: `{}` and `{key: ...` are maps.
func (p *cellParser) braces() (*want, error) {
	if p.peekAt(1).is("}") || ((p.peekAt(1).kind == tokIdent || p.peekAt(1).kind == tokString) && p.peekAt(2).is(":")) {
		m, err := p.mapLit()
		if err != nil {
			return nil, err
		}
		return &want{kind: wantMap, m: m}, nil
	}
	p.next() // {
	items, err := p.items("}")
	if err != nil {
		return nil, err
	}
	return &want{kind: wantSet, items: items}, nil
}

func (p *cellParser) mapLit() (map[string]*want, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	m := map[string]*want{}
	if p.peek().is("}") {
		p.next()
		return m, nil
	}
	for {
		k := p.next()
		if k.kind != tokIdent && k.kind != tokString {
			return nil, fmt.Errorf("at %d: expected a map key, got %v", k.pos, k)
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		m[k.text] = v
		if !p.peek().is(",") {
			break
		}
		p.next()
	}
	return m, p.expect("}")
}

// vid is a string, an integer or hash("...").
func (p *cellParser) vid() (*want, bool, error) {
	switch t := p.peek(); {
	case t.kind == tokString:
		p.next()
		return &want{kind: wantString, s: t.text}, true, nil
	case t.kind == tokInt:
		p.next()
		return &want{kind: wantInt, i: t.i}, true, nil
	case t.kind == tokIdent && p.peekAt(1).is("("):
		n, err := p.function()
		if err != nil {
			return nil, false, err
		}
		return &want{kind: wantInt, i: n}, true, nil
	}
	return nil, false, nil
}

func (p *cellParser) vertex() (*wantVertexLit, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	v := &wantVertexLit{}
	vid, _, err := p.vid()
	if err != nil {
		return nil, err
	}
	v.vid = vid
	for p.peek().is(":") {
		p.next()
		name := p.next()
		if name.kind != tokIdent {
			return nil, fmt.Errorf("at %d: expected a tag name, got %v", name.pos, name)
		}
		tag := wantTag{name: name.text}
		if p.peek().is("{") {
			if tag.props, err = p.mapLit(); err != nil {
				return nil, err
			}
		}
		v.tags = append(v.tags, tag)
	}
	return v, p.expect(")")
}

// looksLikeEdge decides, at a '[', between an edge and a list: an edge starts
// with ':' or '@', or with a vid followed by an arrow.
func (p *cellParser) looksLikeEdge() bool {
	t := p.peekAt(1)
	if t.is(":") || t.is("@") {
		return true
	}
	save := p.pos
	defer func() { p.pos = save }()
	p.next()
	if _, ok, err := p.vid(); !ok || err != nil {
		return false
	}
	a, b := p.peek(), p.peekAt(1)
	return (a.is("-") && b.is(">")) || (a.is("<") && b.is("-"))
}

func (p *cellParser) edge() (*wantEdgeLit, error) {
	p.next() // [
	e := &wantEdgeLit{}
	if p.peek().is(":") {
		p.next()
		name := p.next()
		if name.kind != tokIdent {
			return nil, fmt.Errorf("at %d: expected an edge name, got %v", name.pos, name)
		}
		e.name = &name.text
	}
	src, ok, err := p.vid()
	if err != nil {
		return nil, err
	}
	if ok {
		a, b := p.next(), p.next()
		switch {
		case a.is("-") && b.is(">"):
		case a.is("<") && b.is("-"):
			e.reverse = true
		default:
			return nil, fmt.Errorf("at %d: expected -> or <-", a.pos)
		}
		dst, ok, err := p.vid()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("at %d: expected the destination vid", p.peek().pos)
		}
		e.src, e.dst = src, dst
	}
	if p.peek().is("@") {
		p.next()
		r := p.next()
		if r.kind != tokInt {
			return nil, fmt.Errorf("at %d: expected a rank, got %v", r.pos, r)
		}
		e.rank = &r.i
	}
	if p.peek().is("{") {
		if e.props, err = p.mapLit(); err != nil {
			return nil, err
		}
	}
	return e, p.expect("]")
}

func (p *cellParser) path() (*want, error) {
	p.next() // <
	src, err := p.vertex()
	if err != nil {
		return nil, err
	}
	path := &wantPathLit{src: *src}
	for !p.peek().is(">") {
		st, err := p.step()
		if err != nil {
			return nil, err
		}
		path.steps = append(path.steps, st)
	}
	p.next() // >
	return &want{kind: wantPath, p: path}, nil
}

// step is `-[edge]->(v)`, `<-[edge]-(v)`, `-->(v)` or `<--(v)`.
func (p *cellParser) step() (wantStep, error) {
	var st wantStep
	t := p.next()
	switch {
	case t.is("<"):
		st.reverse = true
		if err := p.expect("-"); err != nil {
			return st, err
		}
	case t.is("-"):
	default:
		return st, fmt.Errorf("at %d: expected a path step, got %v", t.pos, t)
	}
	if p.peek().is("[") {
		e, err := p.edge()
		if err != nil {
			return st, err
		}
		st.name, st.rank, st.props = e.name, e.rank, e.props
	}
	if err := p.expect("-"); err != nil {
		return st, err
	}
	if !st.reverse {
		if err := p.expect(">"); err != nil {
			return st, err
		}
	}
	dst, err := p.vertex()
	if err != nil {
		return st, err
	}
	st.dst = *dst
	return st, nil
}
