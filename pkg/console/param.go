package console

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// ParseValue parses the value of ":param name => value" into a Go value that
// nebula-go's ExecuteWithParameter accepts: nil, bool, int, float64, string,
// []any, map[string]any, or nebula.Value for a float with no fractional part
// (nebula-go would otherwise send 2.0 as the integer 2).
//
// The syntax is JSON, which nebula-console accepts, widened the way nGQL
// literals are: strings may use single quotes, map keys may be bare names,
// true/false/null are case-insensitive, and a trailing comma is allowed.
func ParseValue(text string) (any, error) {
	p := &valueParser{s: text}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		return nil, p.errorf("unexpected %q after the value", p.rest())
	}
	return v, nil
}

// maxValueDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxValueDepth = 64

type valueParser struct {
	s string
	i int
}

func (p *valueParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *valueParser) rest() string {
	r := p.s[p.i:]
	if len(r) > 16 {
		r = r[:16] + "..."
	}
	return r
}

func (p *valueParser) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *valueParser) value(depth int) (any, error) {
	if depth > maxValueDepth {
		return nil, p.errorf("value nested too deeply")
	}
	if p.i >= len(p.s) {
		return nil, p.errorf("missing value")
	}
	switch c := p.s[p.i]; {
	case c == '"' || c == '\'':
		return p.str()
	case c == '[':
		return p.list(depth)
	case c == '{':
		return p.object(depth)
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		return p.number()
	case isNameStart(c):
		word := p.name()
		switch strings.ToLower(word) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return nil, p.errorf("unknown word %q (strings need quotes)", word)
	default:
		return nil, p.errorf("unexpected %q", p.rest())
	}
}

func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func (p *valueParser) name() string {
	start := p.i
	for p.i < len(p.s) && (isNameStart(p.s[p.i]) || (p.s[p.i] >= '0' && p.s[p.i] <= '9')) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *valueParser) number() (any, error) {
	start := p.i
	isFloat := false
	if p.s[p.i] == '-' || p.s[p.i] == '+' {
		p.i++
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' || c == 'e' || c == 'E':
			isFloat = true
		case (c == '-' || c == '+') && (p.s[p.i-1] == 'e' || p.s[p.i-1] == 'E'):
		default:
			goto done
		}
		p.i++
	}
done:
	lit := p.s[start:p.i]
	if !isFloat {
		n, err := strconv.ParseInt(lit, 10, 64)
		if err == nil {
			if n != int64(int(n)) {
				return nil, p.errorf("integer %s does not fit", lit)
			}
			return int(n), nil
		}
		// Too large for int64: JSON would read it as a float, so do we.
		if !errors.Is(err, strconv.ErrRange) {
			return nil, p.errorf("invalid number %q", lit)
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return nil, p.errorf("invalid number %q", lit)
	}
	if f == math.Trunc(f) && !math.IsInf(f, 0) {
		// nebula-go turns an integral float64 into an int; keep it a float.
		return nebula.Value{FVal: &f}, nil
	}
	return f, nil
}

func (p *valueParser) str() (string, error) {
	quote := p.s[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == quote:
			p.i++
			return b.String(), nil
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.errorf("unterminated string")
			}
			p.i++
			e := p.s[p.i]
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'u':
				if p.i+4 >= len(p.s) {
					return "", p.errorf("short \\u escape")
				}
				r, err := strconv.ParseUint(p.s[p.i+1:p.i+5], 16, 32)
				if err != nil {
					return "", p.errorf("invalid \\u escape")
				}
				b.WriteRune(rune(r))
				p.i += 4
			default:
				// \" \' \\ \/ and any other character stand for themselves.
				b.WriteByte(e)
			}
			p.i++
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *valueParser) list(depth int) (any, error) {
	p.i++ // [
	out := []any{}
	for {
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return out, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if err := p.separator(']'); err != nil {
			return nil, err
		}
	}
}

func (p *valueParser) object(depth int) (any, error) {
	p.i++ // {
	out := map[string]any{}
	for {
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return out, nil
		}
		if p.i >= len(p.s) {
			return nil, p.errorf("unterminated map")
		}
		var key string
		switch c := p.s[p.i]; {
		case c == '"' || c == '\'':
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			key = k
		case isNameStart(c):
			key = p.name()
		case c == '`':
			end := strings.IndexByte(p.s[p.i+1:], '`')
			if end < 0 {
				return nil, p.errorf("unterminated `name`")
			}
			key = p.s[p.i+1 : p.i+1+end]
			p.i += end + 2
		default:
			return nil, p.errorf("expected a map key, got %q", p.rest())
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errorf("expected ':' after map key %q", key)
		}
		p.i++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out[key] = v
		if err := p.separator('}'); err != nil {
			return nil, err
		}
	}
}

// separator consumes the ',' between elements, or leaves the closing
// bracket for the caller.
func (p *valueParser) separator(closing byte) error {
	p.skipSpace()
	if p.i >= len(p.s) {
		return p.errorf("missing %q", closing)
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return nil
	case closing:
		return nil
	}
	return p.errorf("expected ',' or %q, got %q", closing, p.rest())
}

// FormatValue prints a parameter value the way result tables print values,
// so that :params shows what a query would get: strings quoted, maps with
// sorted keys, floats always with a decimal point.
func FormatValue(v any) string {
	var b strings.Builder
	formatValue(&b, v)
	return b.String()
}

func formatValue(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("__NULL__")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case float64:
		b.WriteString(formatFloat(x))
	case nebula.Value:
		if x.IsSetFVal() {
			b.WriteString(formatFloat(x.GetFVal()))
		} else {
			fmt.Fprint(b, x.String())
		}
	case string:
		quoteJSON(b, x)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			formatValue(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			if identPattern.MatchString(k) {
				b.WriteString(k)
			} else {
				quoteJSON(b, k)
			}
			b.WriteString(": ")
			formatValue(b, x[k])
		}
		b.WriteByte('}')
	default:
		fmt.Fprint(b, x)
	}
}

// quoteJSON writes s double-quoted with JSON's escapes, which ParseValue
// reads back; other bytes, even invalid UTF-8, go through unchanged.
func quoteJSON(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 {
				fmt.Fprintf(b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}

// formatFloat prints f as nebula-go prints a float: shortest form, with
// ".0" added when that form has no '.'.
func formatFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEIN") {
		s += ".0"
	}
	return s
}
