package parser

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// maxLabelBytes is NebulaGraph's MAX_STRING: the longest name the scanner
// accepts.
const maxLabelBytes = 4096

// minInt64Magnitude is 2^63, the magnitude of math.MinInt64; as a literal it
// is only valid right after a unary minus.
const minInt64Magnitude = uint64(1) << 63

// lexer is the hand-written scanner, modelled rule for rule on NebulaGraph's
// flex scanner (src/parser/scanner.lex): the same tokens, the same longest
// match, the same error messages, and the same location bookkeeping (bison
// line/column, where every matched lexeme steps the location and only a
// newline outside comments and strings starts a new line). It also carries
// the parser's state, since goyacc hands actions only the yyLexer.
//
// A lexer is used for one parse by one goroutine.
type lexer struct {
	src string
	off int // next byte to scan

	line      int32 // current line
	lineStart int   // offset of column 1 of the current line
	last      span  // location of the last lexeme matched, token or not
	eof       bool  // the scanner stopped early (yyterminate)

	tok   span // location of the last token handed to the parser
	tokID int

	cfg    *Config
	result *ast.Sequence
	expr   ast.Expr
	stmts  int
	err    error

	// start is a synthetic first token selecting what to parse.
	start int

	// zone tracks where zone names may be written: see zoneNames.
	zone zoneScope
}

// abort unwinds the parser after the first error; parse recovers it.
type abort struct{}

func newLexer(src string, cfg *Config, start int) *lexer {
	return &lexer{src: src, line: 1, cfg: cfg, start: start,
		last: span{begin: pos{1, 1}, end: pos{1, 1}}}
}

// lx returns the scanner of the running parse.
func lx(l yyLexer) *lexer { return l.(*lexer) }

// mark records a lexeme on the current line from b to e.
func (l *lexer) mark(b, e int) span {
	l.last = span{
		begin: pos{l.line, int32(b - l.lineStart + 1)},
		end:   pos{l.line, int32(e - l.lineStart + 1)},
		off:   int32(b),
	}
	return l.last
}

// newline records a newline at b outside comments and strings.
func (l *lexer) newline(b int) {
	l.mark(b, b+1)
	l.line++
	l.lineStart = b + 1
	l.last.end = pos{l.line, 1}
}

// Lex implements yyLexer.
func (l *lexer) Lex(lval *yySymType) int {
	id := l.scan(lval)
	l.zone.saw(id)
	l.tok = lval.span
	l.tokID = id
	return id
}

// Error implements yyLexer; goyacc calls it on a syntax error at the
// lookahead token.
func (l *lexer) Error(string) {
	if l.tokID == INT_MIN {
		// NebulaGraph's scanner rejects 9223372036854775808 outright unless
		// a unary minus precedes it; here the grammar only accepts it there,
		// so a syntax error on it is that same error.
		l.fail(l.tok, "Out of range:")
	}
	l.fail(l.tok, "")
}

// fail records the error at sp and aborts the parse.
func (l *lexer) fail(sp span, msg string) {
	l.err = &SyntaxError{
		Msg:    message(l.src, msg, sp),
		Offset: int(sp.off),
		Line:   int(sp.begin.line),
		Column: int(sp.begin.col),
	}
	panic(abort{})
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// blankAt returns the length of the blank at i (a space, tab, CR, LF or a
// UTF-8 no-break space), or 0.
func (l *lexer) blankAt(i int) int {
	if i >= len(l.src) {
		return 0
	}
	if isBlank(l.src[i]) {
		return 1
	}
	if l.src[i] == 0xc2 && i+1 < len(l.src) && l.src[i+1] == 0xa0 {
		return 2
	}
	return 0
}

func (l *lexer) peek(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

// scan returns the next token.
func (l *lexer) scan(lval *yySymType) int {
	if l.start != 0 {
		id := l.start
		l.start = 0
		lval.span = span{begin: pos{1, 1}, end: pos{1, 1}}
		return id
	}
	for {
		if l.eof || l.off >= len(l.src) {
			lval.span = l.last
			return 0
		}
		b := l.off
		c := l.src[b]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			l.mark(b, b+1)
			l.off++
			continue
		case c == '\n':
			l.newline(b)
			l.off++
			continue
		case c == 0xc2 && l.peek(b+1) == 0xa0:
			l.mark(b, b+2)
			l.off += 2
			continue
		// NB: "--" is not a comment since NebulaGraph 2.0 (it is the
		// undirected edge of patterns, as in (a)--(b)).
		case c == '#' || c == '/' && l.peek(b+1) == '/':
			l.skipLine(b)
			continue
		case c == '/' && l.peek(b+1) == '*':
			l.skipBlockComment(b)
			continue
		}
		return l.token(lval, b, c)
	}
}

func (l *lexer) skipLine(b int) {
	e := strings.IndexByte(l.src[b:], '\n')
	if e < 0 {
		e = len(l.src)
	} else {
		e += b
	}
	l.mark(b, e)
	l.off = e
}

// skipBlockComment skips /* ... */. Like the flex rules it matches the body
// in runs of non-'*' bytes (newlines included, which therefore do not count
// as new lines) and single '*'s.
func (l *lexer) skipBlockComment(b int) {
	l.mark(b, b+2)
	i := b + 2
	for {
		if i >= len(l.src) {
			l.off = i
			l.fail(l.last, "unterminated comment")
		}
		if l.src[i] == '*' {
			if l.peek(i+1) == '/' {
				l.mark(i, i+2)
				l.off = i + 2
				return
			}
			l.mark(i, i+1)
			i++
			continue
		}
		j := i
		for j < len(l.src) && l.src[j] != '*' {
			j++
		}
		l.mark(i, j)
		i = j
	}
}

// emit finishes a token spanning b..e.
func (l *lexer) emit(lval *yySymType, id, b, e int) int {
	lval.span = l.mark(b, e)
	l.off = e
	return id
}

func (l *lexer) token(lval *yySymType, b int, c byte) int {
	switch c {
	case '(':
		return l.emit(lval, L_PAREN, b, b+1)
	case ')':
		return l.emit(lval, R_PAREN, b, b+1)
	case '[':
		return l.emit(lval, L_BRACKET, b, b+1)
	case '{':
		return l.emit(lval, L_BRACE, b, b+1)
	case '}':
		return l.emit(lval, R_BRACE, b, b+1)
	case ',':
		return l.emit(lval, COMMA, b, b+1)
	case ':':
		return l.emit(lval, COLON, b, b+1)
	case ';':
		return l.emit(lval, SEMICOLON, b, b+1)
	case '@':
		return l.emit(lval, AT, b, b+1)
	case '?':
		return l.emit(lval, QM, b, b+1)
	case '+':
		return l.emit(lval, PLUS, b, b+1)
	case '*':
		return l.emit(lval, STAR, b, b+1)
	case '/':
		return l.emit(lval, DIV, b, b+1)
	case '%':
		return l.emit(lval, MOD, b, b+1)
	case '|':
		return l.emit(lval, PIPE, b, b+1)
	case ']':
		switch {
		case strings.HasPrefix(l.src[b:], "]->"):
			return l.emit(lval, R_BRACKET_R_ARROW, b, b+3)
		case l.peek(b+1) == '-':
			return l.emit(lval, R_BRACKET_MINUS, b, b+2)
		}
		return l.emit(lval, R_BRACKET, b, b+1)
	case '-':
		switch l.peek(b + 1) {
		case '-':
			if l.peek(b+2) == '>' {
				return l.emit(lval, MINUS_R_ARROW, b, b+3)
			}
			return l.emit(lval, MINUS_MINUS, b, b+2)
		case '>':
			return l.emit(lval, R_ARROW, b, b+2)
		case '[':
			return l.emit(lval, MINUS_L_BRACKET, b, b+2)
		}
		return l.emit(lval, MINUS, b, b+1)
	case '<':
		switch {
		case strings.HasPrefix(l.src[b:], "<-->"):
			return l.emit(lval, L_ARROW_R_ARROW, b, b+4)
		case strings.HasPrefix(l.src[b:], "<--"):
			return l.emit(lval, L_ARROW_MINUS, b, b+3)
		case strings.HasPrefix(l.src[b:], "<-["):
			return l.emit(lval, L_ARROW_L_BRACKET, b, b+3)
		case l.peek(b+1) == '=':
			return l.emit(lval, LE, b, b+2)
		case l.peek(b+1) == '>':
			return l.emit(lval, NE, b, b+2)
		}
		return l.emit(lval, LT, b, b+1)
	case '>':
		if l.peek(b+1) == '=' {
			return l.emit(lval, GE, b, b+2)
		}
		return l.emit(lval, GT, b, b+1)
	case '=':
		switch l.peek(b + 1) {
		case '=':
			return l.emit(lval, EQ, b, b+2)
		case '~':
			return l.emit(lval, REG, b, b+2)
		}
		return l.emit(lval, ASSIGN, b, b+1)
	case '!':
		if l.peek(b+1) == '=' {
			return l.emit(lval, NE, b, b+2)
		}
		return l.emit(lval, NOT, b, b+1)
	case '.':
		if isDigit(l.peek(b + 1)) {
			return l.number(lval, b)
		}
		if l.peek(b+1) == '.' {
			return l.emit(lval, DOT_DOT, b, b+2)
		}
		return l.emit(lval, DOT, b, b+1)
	case '$':
		switch n := l.peek(b + 1); {
		case n == '$':
			return l.emit(lval, DST_REF, b, b+2)
		case n == '^':
			return l.emit(lval, SRC_REF, b, b+2)
		case n == '-':
			return l.emit(lval, INPUT_REF, b, b+2)
		}
		if e := l.labelEnd(b + 1); e > b+1 {
			lval.str = l.src[b+1 : e]
			return l.emit(lval, VARIABLE, b, e)
		}
		return l.emit(lval, ILLEGAL, b, b+1)
	case '"', '\'':
		return l.quoted(lval, b, c, STRING)
	case '`':
		return l.backquoted(lval, b)
	case '_':
		for _, p := range [...]struct {
			text string
			id   int
		}{{"_type", TYPE_PROP}, {"_src", SRC_ID_PROP}, {"_dst", DST_ID_PROP}, {"_rank", RANK_PROP}} {
			if len(l.src)-b >= len(p.text) && strings.EqualFold(l.src[b:b+len(p.text)], p.text) {
				return l.emit(lval, p.id, b, b+len(p.text))
			}
		}
		return l.emit(lval, ILLEGAL, b, b+1)
	}
	if isDigit(c) {
		return l.number(lval, b)
	}
	if e := l.labelEnd(b); e > b {
		return l.word(lval, b, e)
	}
	return l.emit(lval, ILLEGAL, b, b+1)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// cjkLen returns the length of the "CHINESE" multi-byte character at i as
// NebulaGraph's scanner defines it, or 0. Continuation bytes are 80-bf
// except a0, which only follows a lead byte of c3-df; a lead byte e0-ee
// starts three bytes (or e0-ef when fullWidth, the set allowed between
// back quotes), f0-f4 four.
func (l *lexer) cjkLen(i int, fullWidth bool) int {
	cont := func(j int) bool {
		c := l.peek(j)
		return c >= 0x80 && c <= 0xbf && c != 0xa0
	}
	c := l.peek(i)
	switch {
	case c == 0xc2:
		if cont(i + 1) {
			return 2
		}
	case c >= 0xc3 && c <= 0xdf:
		if cont(i+1) || l.peek(i+1) == 0xa0 {
			return 2
		}
	case c >= 0xe0 && c <= 0xee, fullWidth && c == 0xef:
		if cont(i+1) && cont(i+2) {
			return 3
		}
	case c >= 0xf0 && c <= 0xf4:
		if cont(i+1) && cont(i+2) && cont(i+3) {
			return 4
		}
	}
	return 0
}

// labelEnd returns the end of the longest LABEL starting at i: a letter or
// CJK character, then letters, digits, '_' or CJK characters. It returns i
// when there is none.
func (l *lexer) labelEnd(i int) int {
	if i >= len(l.src) {
		return i
	}
	switch {
	case isLetter(l.src[i]):
		i++
	default:
		n := l.cjkLen(i, false)
		if n == 0 {
			return i
		}
		i += n
	}
	for i < len(l.src) {
		c := l.src[i]
		if isLetter(c) || isDigit(c) || c == '_' {
			i++
			continue
		}
		n := l.cjkLen(i, false)
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// fused are the multi-word operators the scanner returns as one token so
// that the grammar needs one token of look-ahead, by first word.
var fused = map[string][]struct {
	words []string
	id    int
}{
	"NOT": {
		{[]string{"NOT", "STARTS", "WITH"}, KW_NOT_STARTS_WITH},
		{[]string{"NOT", "ENDS", "WITH"}, KW_NOT_ENDS_WITH},
		{[]string{"NOT", "CONTAINS"}, KW_NOT_CONTAINS},
		{[]string{"NOT", "IN"}, KW_NOT_IN},
	},
	"STARTS": {{[]string{"STARTS", "WITH"}, KW_STARTS_WITH}},
	"ENDS":   {{[]string{"ENDS", "WITH"}, KW_ENDS_WITH}},
	"IS": {
		{[]string{"IS", "NOT", "EMPTY"}, KW_IS_NOT_EMPTY},
		{[]string{"IS", "NOT", "NULL"}, KW_IS_NOT_NULL},
		{[]string{"IS", "EMPTY"}, KW_IS_EMPTY},
		{[]string{"IS", "NULL"}, KW_IS_NULL},
	},
}

// matchWords matches words separated by blanks case-insensitively at i,
// returning the end or -1. Like the flex pattern, the last word needs no
// boundary after it.
func (l *lexer) matchWords(i int, words []string) int {
	for k, w := range words {
		if k > 0 {
			n := l.blankAt(i)
			if n == 0 {
				return -1
			}
			for n > 0 {
				i += n
				n = l.blankAt(i)
			}
		}
		if len(l.src)-i < len(w) || !strings.EqualFold(l.src[i:i+len(w)], w) {
			return -1
		}
		i += len(w)
	}
	return i
}

// word scans a name or keyword occupying b..e.
func (l *lexer) word(lval *yySymType, b, e int) int {
	var up [24]byte
	n := e - b
	if n <= len(up) {
		for i := 0; i < n; i++ {
			c := l.src[b+i]
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			up[i] = c
		}
		if cands, ok := fused[string(up[:n])]; ok {
			bestEnd, bestID := e, 0
			for _, f := range cands {
				if end := l.matchWords(b, f.words); end > bestEnd {
					bestEnd, bestID = end, f.id
				}
			}
			if bestID != 0 {
				lval.str = l.src[b:bestEnd]
				return l.emit(lval, bestID, b, bestEnd)
			}
		}
		if id, ok := keywords[string(up[:n])]; ok {
			switch id {
			case BOOL:
				lval.b = up[0] == 'T'
			default:
				lval.str = keywordText[id]
			}
			return l.emit(lval, id, b, e)
		}
	}
	lval.str = l.src[b:e]
	sp := l.mark(b, e)
	if n > maxLabelBytes {
		l.off = e
		l.fail(sp, labelTooLong)
	}
	return l.emit(lval, LABEL, b, e)
}

var labelTooLong = "Out of range of the LABEL length, the  max length of LABEL is " +
	strconv.Itoa(maxLabelBytes) + ":"

// number scans a numeric literal or an IPv4 address at b, choosing the
// longest of NebulaGraph's rules and, on a tie, the earlier one: IPV4,
// 0x hex, 0 octal, digits followed by "..", digits, then the float forms.
func (l *lexer) number(lval *yySymType, b int) int {
	i := b
	for i < len(l.src) && isDigit(l.src[i]) {
		i++
	}
	digits := i - b
	type cand struct {
		kind string
		end  int
	}
	best := cand{}
	try := func(kind string, end int) {
		if end > best.end {
			best = cand{kind, end}
		}
	}
	if digits > 0 {
		try("ipv4", l.ipv4End(b))
		if l.src[b] == '0' && (l.peek(b+1) == 'x' || l.peek(b+1) == 'X') && isHex(l.peek(b+2)) {
			j := b + 2
			for j < len(l.src) && isHex(l.src[j]) {
				j++
			}
			try("hex", j)
		}
		if l.src[b] == '0' && digits > 1 {
			j := b + 1
			for j < i && l.src[j] <= '7' {
				j++
			}
			try("oct", j)
		}
		if strings.HasPrefix(l.src[i:], "..") {
			try("dec..", i+2)
		}
		try("dec", i)
	}
	// Floats: digits? '.' digits exponent?, digits '.' digits? exponent?,
	// digits exponent.
	if l.peek(i) == '.' {
		j := i + 1
		for j < len(l.src) && isDigit(l.src[j]) {
			j++
		}
		if digits > 0 || j > i+1 {
			try("float", l.exponentEnd(j))
		}
	} else if digits > 0 {
		if e := l.exponentEnd(i); e > i {
			try("float", e)
		}
	}
	sp := l.mark(b, best.end)
	l.off = best.end
	lval.span = sp
	text := l.src[b:best.end]
	switch best.kind {
	case "ipv4":
		lval.str = text
		return IPV4
	case "float":
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && (math.IsInf(f, 0) || f == 0 && !isZeroFloat(text)) {
			l.fail(sp, "Out of range:")
		}
		lval.f = f
		return DOUBLE
	case "hex":
		sig := strings.TrimLeft(text[2:], "0")
		if len(sig) > 16 {
			l.fail(sp, "Out of range:")
		}
		v, _ := strconv.ParseUint("0"+sig, 16, 64)
		return l.integer(lval, v, sp)
	case "oct":
		sig := strings.TrimLeft(text[1:], "0")
		if len(sig) > 22 || len(sig) == 22 && sig[0] != '1' {
			l.fail(sp, "Out of range:")
		}
		v, _ := strconv.ParseUint("0"+sig, 8, 64)
		return l.integer(lval, v, sp)
	case "dec..":
		// The ".." is scanned again as DOT_DOT; the location keeps only the
		// digits.
		l.off = i
		sp = l.mark(b, i)
		lval.span = sp
		text = l.src[b:i]
	}
	v, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		l.fail(sp, "Out of range:")
	}
	return l.integer(lval, v, sp)
}

func isZeroFloat(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '0', '.':
		case 'e', 'E':
			return true
		default:
			return false
		}
	}
	return true
}

func (l *lexer) integer(lval *yySymType, v uint64, sp span) int {
	switch {
	case v > minInt64Magnitude:
		l.fail(sp, "Out of range:")
	case v == minInt64Magnitude:
		lval.i = math.MinInt64
		return INT_MIN
	}
	lval.i = int64(v)
	return INTEGER
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// exponentEnd returns the end of an exponent [eE][-+]?[0-9]+ at i, or i.
func (l *lexer) exponentEnd(i int) int {
	if c := l.peek(i); c != 'e' && c != 'E' {
		return i
	}
	j := i + 1
	if c := l.peek(j); c == '+' || c == '-' {
		j++
	}
	k := j
	for k < len(l.src) && isDigit(l.src[k]) {
		k++
	}
	if k == j {
		return i
	}
	return k
}

// ipv4End returns the end of the longest dotted quad of octets 0-255
// (without leading zeros) at i, or 0.
func (l *lexer) ipv4End(i int) int {
	for part := 0; part < 4; part++ {
		if part > 0 {
			if l.peek(i) != '.' {
				return 0
			}
			i++
		}
		e := l.octetEnd(i)
		if e == i {
			return 0
		}
		i = e
	}
	return i
}

// octetEnd returns the end of the longest decimal octet (0-255, no leading
// zero) at i, or i.
func (l *lexer) octetEnd(i int) int {
	if !isDigit(l.peek(i)) {
		return i
	}
	if l.src[i] == '0' {
		return i + 1
	}
	end := i + 1
	v := int(l.src[i] - '0')
	for j := i + 1; j < i+3 && isDigit(l.peek(j)); j++ {
		v = v*10 + int(l.src[j]-'0')
		if v > 255 {
			break
		}
		end = j + 1
	}
	return end
}

// quoted scans a string literal opened by quote at b. Every piece (the
// opening quote, runs of plain bytes, escapes, the closing quote) is a
// lexeme of its own, so the token's location is that of the closing quote,
// as in NebulaGraph. A newline or a malformed escape ends the input there
// (flex's yyterminate); the end of the query is an unterminated string.
func (l *lexer) quoted(lval *yySymType, b int, quote byte, id int) int {
	l.mark(b, b+1)
	var buf []byte
	start := b + 1
	i := start
	plain := true // buf not yet needed: the value is src[start:i]
	for {
		if i >= len(l.src) {
			l.off = i
			l.fail(l.last, "Unterminated string: ")
		}
		c := l.src[i]
		switch {
		case c == quote:
			lval.span = l.mark(i, i+1)
			l.off = i + 1
			if plain {
				lval.str = l.src[start:i]
			} else {
				lval.str = string(buf)
			}
			return id
		case c == '\n':
			return l.terminate(lval, i, i+1)
		case c == '\\':
			if plain {
				buf = append(buf, l.src[start:i]...)
				plain = false
			}
			var ok bool
			var n int
			before := len(buf)
			buf, n, ok = l.escape(buf, i)
			l.mark(i, i+n)
			if !ok {
				return l.terminate(lval, i, i+n)
			}
			// An escaped dot (\. or \056) is still a dot in the name.
			if quote == '`' && !l.zone.dotsOK() && bytes.IndexByte(buf[before:], '.') >= 0 {
				l.off = i
				l.fail(l.mark(i, i+n), "Don't allow DOT in label:")
			}
			i += n
		case quote == '`' && c == '.' && !l.zone.dotsOK():
			l.off = i
			l.fail(l.mark(i, i+1), "Don't allow DOT in label:")
		default:
			j := i
			for j < len(l.src) && l.src[j] != quote && l.src[j] != '\\' && l.src[j] != '\n' &&
				!(quote == '`' && l.src[j] == '.' && !l.zone.dotsOK()) {
				j++
			}
			l.mark(i, j)
			if !plain {
				buf = append(buf, l.src[i:j]...)
			}
			i = j
		}
	}
}

// terminate stops the scanner at the lexeme b..e: the parser sees the end
// of the input there.
func (l *lexer) terminate(lval *yySymType, b, e int) int {
	lval.span = l.mark(b, e)
	l.off = e
	l.eof = true
	return 0
}

// escape decodes the escape sequence at src[i] == '\\', appending its
// value to buf. It returns the sequence's length, and false for the
// sequences NebulaGraph's scanner stops at: \ followed by a decimal that is
// not a 1-3 digit octal, an octal above \377, and \ at the end.
func (l *lexer) escape(buf []byte, i int) ([]byte, int, bool) {
	if i+1 >= len(l.src) {
		return buf, 1, false
	}
	c := l.src[i+1]
	switch {
	case isDigit(c):
		oct, dec := 0, 0
		for oct < 3 && i+1+oct < len(l.src) && l.src[i+1+oct] >= '0' && l.src[i+1+oct] <= '7' {
			oct++
		}
		for i+1+dec < len(l.src) && isDigit(l.src[i+1+dec]) {
			dec++
		}
		if dec > oct {
			return buf, 1 + dec, false
		}
		v, _ := strconv.ParseUint(l.src[i+1:i+1+oct], 8, 32)
		if v > 0xff {
			return buf, 1 + oct, false
		}
		return append(buf, byte(v)), 1 + oct, true
	case strings.IndexByte("uUxX", c) >= 0 && i+6 <= len(l.src) &&
		isHex(l.src[i+2]) && isHex(l.src[i+3]) && isHex(l.src[i+4]) && isHex(l.src[i+5]):
		v, _ := strconv.ParseUint(l.src[i+2:i+6], 16, 32)
		return appendCodePoint(buf, uint32(v)), 6, true
	}
	switch c {
	case 'n':
		c = '\n'
	case 't':
		c = '\t'
	case 'r':
		c = '\r'
	case 'b':
		c = '\b'
	case 'f':
		c = '\f'
	}
	return append(buf, c), 2, true
}

// appendCodePoint encodes a code point below 0x10000 as UTF-8 the way
// folly::codePointToUtf8 does, surrogates included.
func appendCodePoint(b []byte, cp uint32) []byte {
	switch {
	case cp < 0x80:
		return append(b, byte(cp))
	case cp < 0x800:
		return append(b, byte(0xc0|cp>>6), byte(0x80|cp&0x3f))
	}
	return append(b, byte(0xe0|cp>>12), byte(0x80|cp>>6&0x3f), byte(0x80|cp&0x3f))
}

// backquoted scans a back-quoted name at b. A name made only of letters,
// digits, '_', spaces and CJK characters (starting with a letter or CJK
// character) is one lexeme; anything else goes through the escape-aware
// path of quoted, which rejects '.'.
func (l *lexer) backquoted(lval *yySymType, b int) int {
	i := b + 1
	if n := l.cjkLen(i, true); n > 0 || isLetter(l.peek(i)) {
		if n == 0 {
			n = 1
		}
		i += n
		for i < len(l.src) {
			c := l.src[i]
			if isLetter(c) || isDigit(c) || c == '_' || c == ' ' {
				i++
				continue
			}
			n := l.cjkLen(i, true)
			if n == 0 {
				break
			}
			i += n
		}
		if l.peek(i) == '`' {
			lval.str = l.src[b+1 : i]
			sp := l.mark(b, i+1)
			l.off = i + 1
			if i-b-1 > maxLabelBytes {
				l.fail(sp, labelTooLong)
			}
			lval.span = sp
			return LABEL
		}
	}
	id := l.quoted(lval, b, '`', LABEL)
	if id == LABEL && len(lval.str) > maxLabelBytes {
		l.fail(lval.span, labelTooLong)
	}
	return id
}
