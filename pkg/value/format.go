package value

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Two textual forms exist:
//
//   - String / AppendString: NebulaGraph's Value::toString, the text used in
//     expression and column names, in string concatenation and by the
//     toString() family: strings in double quotes without escaping, floats
//     in folly's shortest form (1.0 prints "1"), compact containers
//     ("[1,2]", "{a:1}"), NULL as "NULL" or "__NULL_BAD_TYPE__"-style names.
//   - Literal / AppendLiteral: the form of the tck result tables: escaped
//     double-quoted strings, floats always with a fraction ("1.0"), spaced
//     containers ("[1, 2]", "{a: 1}"), graph elements as
//     ("vid" :tag{p: 1}), [:e "src"->"dst" @0 {p: 1}] and
//     <("a")-[:e@0 {}]->("b")>, NULLs as NULL / BAD_TYPE / ..., EMPTY as
//     EMPTY.
//
// Map keys, tags and properties are printed in sorted order so that the text
// is deterministic (NebulaGraph prints hash order).

// FormatFloat formats f the way NebulaGraph's folly::to<std::string>(double)
// does: the shortest digits that round-trip, in positional notation when the
// decimal exponent is in [-6, 21) and as "1.5E-7" / "1E21" otherwise, with
// "NaN", "Infinity" and "-Infinity" for the specials. It allocates.
func FormatFloat(f float64) string { return string(AppendFloat(nil, f)) }

// AppendFloat appends FormatFloat(f) to dst.
func AppendFloat(dst []byte, f float64) []byte { return appendShortest(dst, f, -6, 21, 'E') }

func appendShortest(dst []byte, f float64, low, high int, expChar byte) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	var buf [32]byte
	// 'e' with -1 precision gives the shortest round-trip digits: d.dddde±XX.
	s := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
		dst = append(dst, '-')
	}
	ePos := slices.Index(s, 'e')
	exp, _ := strconv.Atoi(string(s[ePos+1:]))
	mant := s[:ePos]
	var digits [24]byte
	nd := 0
	for _, c := range mant {
		if c != '.' {
			digits[nd] = c
			nd++
		}
	}
	ds := digits[:nd]
	if exp >= low && exp < high {
		point := exp + 1 // digits before the decimal point
		switch {
		case point <= 0:
			dst = append(dst, '0', '.')
			for i := 0; i < -point; i++ {
				dst = append(dst, '0')
			}
			dst = append(dst, ds...)
		case point >= nd:
			dst = append(dst, ds...)
			for i := nd; i < point; i++ {
				dst = append(dst, '0')
			}
		default:
			dst = append(dst, ds[:point]...)
			dst = append(dst, '.')
			dst = append(dst, ds[point:]...)
		}
		return dst
	}
	dst = append(dst, ds[0])
	if nd > 1 {
		dst = append(dst, '.')
		dst = append(dst, ds[1:]...)
	}
	dst = append(dst, expChar)
	return strconv.AppendInt(dst, int64(exp), 10)
}

// appendLiteralFloat prints a float so that it reads back as a float: always
// with a fraction or an exponent.
func appendLiteralFloat(dst []byte, f float64) []byte {
	start := len(dst)
	dst = appendShortest(dst, f, -7, 21, 'e')
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst
	}
	for _, c := range dst[start:] {
		if c == '.' || c == 'e' {
			return dst
		}
	}
	return append(dst, '.', '0')
}

func appendPadded(dst []byte, n int64, width int) []byte {
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], n, 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// AppendText appends NebulaGraph's "2020-01-02" form of d.
func (d Date) AppendText(dst []byte) []byte {
	dst = strconv.AppendInt(dst, int64(d.Year), 10)
	dst = append(dst, '-')
	dst = appendPadded(dst, int64(d.Month), 2)
	dst = append(dst, '-')
	return appendPadded(dst, int64(d.Day), 2)
}

// String returns "2020-01-02".
func (d Date) String() string { return string(d.AppendText(nil)) }

// AppendText appends NebulaGraph's "12:34:56.000123" form of t.
func (t Time) AppendText(dst []byte) []byte {
	dst = appendPadded(dst, int64(t.Hour), 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, int64(t.Minute), 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, int64(t.Sec), 2)
	dst = append(dst, '.')
	return appendPadded(dst, int64(t.Microsec), 6)
}

// String returns "12:34:56.000123".
func (t Time) String() string { return string(t.AppendText(nil)) }

// AppendText appends NebulaGraph's "2020-01-02T12:34:56.000123" form of dt.
func (dt DateTime) AppendText(dst []byte) []byte {
	dst = dt.Date().AppendText(dst)
	dst = append(dst, 'T')
	return dt.Time().AppendText(dst)
}

// String returns "2020-01-02T12:34:56.000123".
func (dt DateTime) String() string { return string(dt.AppendText(nil)) }

// AppendText appends NebulaGraph's "P<months>MT<seconds>.<µs>000S" form of d
// (microseconds beyond a second carry into the seconds printed).
func (d Duration) AppendText(dst []byte) []byte {
	dst = append(dst, 'P')
	dst = strconv.AppendInt(dst, int64(d.Months), 10)
	dst = append(dst, 'M', 'T')
	dst = strconv.AppendInt(dst, d.Seconds+int64(d.Microseconds/microsPerSec), 10)
	dst = append(dst, '.')
	// NB: like folly's "{:0>6}", a negative remainder pads around its sign.
	var buf [12]byte
	s := strconv.AppendInt(buf[:0], int64(d.Microseconds%microsPerSec), 10)
	for i := len(s); i < 6; i++ {
		dst = append(dst, '0')
	}
	dst = append(dst, s...)
	return append(dst, '0', '0', '0', 'S')
}

// String returns "P<months>MT<seconds>.<µs>000S", e.g. "P1MT100.000020000S".
func (d Duration) String() string { return string(d.AppendText(nil)) }

// String returns NebulaGraph's Value::toString form of v (see above).
func (v Value) String() string { return string(AppendString(nil, v)) }

var nullStrings = [...]string{
	NullPlain:       "NULL",
	NullNaN:         "__NULL_NaN__",
	NullBadData:     "__NULL_BAD_DATA__",
	NullBadType:     "__NULL_BAD_TYPE__",
	NullOverflow:    "__NULL_OVERFLOW__",
	NullUnknownProp: "__NULL_UNKNOWN_PROP__",
	NullDivByZero:   "__NULL_DIV_BY_ZERO__",
	NullOutOfRange:  "__NULL_OUT_OF_RANGE__",
}

// AppendString appends v.String() to dst.
func AppendString(dst []byte, v Value) []byte {
	switch v.kind {
	case KindEmpty:
		return append(dst, "__EMPTY__"...)
	case KindNull:
		if int(v.null) < len(nullStrings) {
			return append(dst, nullStrings[v.null]...)
		}
		return append(dst, "__NULL_BAD_TYPE__"...)
	case KindBool:
		return strconv.AppendBool(dst, v.num != 0)
	case KindInt:
		return strconv.AppendInt(dst, v.num, 10)
	case KindFloat:
		return AppendFloat(dst, v.Float())
	case KindString:
		dst = append(dst, '"')
		dst = append(dst, v.str...)
		return append(dst, '"')
	case KindDate:
		return v.Date().AppendText(dst)
	case KindTime:
		return v.Time().AppendText(dst)
	case KindDateTime:
		return v.DateTime().AppendText(dst)
	case KindDuration:
		return v.Duration().AppendText(dst)
	case KindList:
		return appendSeq(dst, '[', ']', ",", v.ptr.(*List).Values, AppendString)
	case KindSet:
		return appendSeq(dst, '{', '}', ",", v.ptr.(*Set).Values, AppendString)
	case KindMap:
		return appendProps(append(dst, '{'), ":", ",", v.ptr.(*Map).KVs, AppendString, '}')
	case KindVertex:
		return appendVertexString(dst, v.ptr.(*Vertex))
	case KindEdge:
		return appendEdgeString(dst, v.ptr.(*Edge))
	case KindPath:
		p := v.ptr.(*Path)
		dst = appendVertexString(dst, &p.Src)
		for i := range p.Steps {
			s := &p.Steps[i]
			dst = append(dst, " -["...)
			dst = append(dst, s.Name...)
			dst = append(dst, '(')
			dst = strconv.AppendInt(dst, int64(s.Type), 10)
			dst = append(dst, ")]->"...)
			dst = appendVertexString(dst, &s.Dst)
			dst = append(dst, '@')
			dst = strconv.AppendInt(dst, s.Ranking, 10)
			if len(s.Props) > 0 {
				dst = appendProps(append(dst, ' '), ":", ",", s.Props, AppendString, 0)
			}
		}
		return dst
	case KindDataSet:
		ds := v.ptr.(*DataSet)
		for _, c := range ds.ColNames {
			dst = append(append(dst, c...), '|')
		}
		dst = append(dst, '\n')
		for _, r := range ds.Rows {
			for i, e := range r.Values {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = AppendString(dst, e)
			}
			dst = append(dst, '\n')
		}
		return dst
	case KindGeography:
		return appendWKT(dst, v.ptr.(*Geography))
	}
	return dst
}

// NebulaGraph: ("vid") Tag: name, k:v,k:v
func appendVertexString(dst []byte, vx *Vertex) []byte {
	dst = append(dst, '(')
	dst = AppendString(dst, vx.VID)
	dst = append(dst, ')')
	if len(vx.Tags) > 0 {
		dst = append(dst, ' ')
		for i := range vx.Tags {
			dst = append(dst, "Tag: "...)
			dst = append(dst, vx.Tags[i].Name...)
			dst = append(dst, ", "...)
			dst = appendProps(dst, ":", ",", vx.Tags[i].Props, AppendString, 0)
		}
	}
	return dst
}

// NebulaGraph: ("src")-[name(type)]->("dst")@rank k:v,k:v
func appendEdgeString(dst []byte, e *Edge) []byte {
	dst = append(dst, '(')
	dst = AppendString(dst, e.Src)
	dst = append(dst, ")-["...)
	dst = append(dst, e.Name...)
	dst = append(dst, '(')
	dst = strconv.AppendInt(dst, int64(e.Type), 10)
	dst = append(dst, ")]->("...)
	dst = AppendString(dst, e.Dst)
	dst = append(dst, ")@"...)
	dst = strconv.AppendInt(dst, e.Ranking, 10)
	if len(e.Props) > 0 {
		dst = appendProps(append(dst, ' '), ":", ",", e.Props, AppendString, 0)
	}
	return dst
}

func appendSeq(dst []byte, open, close byte, sep string, vs []Value, f func([]byte, Value) []byte) []byte {
	dst = append(dst, open)
	for i, e := range vs {
		if i > 0 {
			dst = append(dst, sep...)
		}
		dst = f(dst, e)
	}
	return append(dst, close)
}

func sortedKeys(m map[string]Value) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendProps prints k<kv>v pairs joined by sep in key order, then close
// when it is not 0.
func appendProps(dst []byte, kv, sep string, m map[string]Value, f func([]byte, Value) []byte, close byte) []byte {
	for i, k := range sortedKeys(m) {
		if i > 0 {
			dst = append(dst, sep...)
		}
		dst = append(dst, k...)
		dst = append(dst, kv...)
		dst = f(dst, m[k])
	}
	if close != 0 {
		dst = append(dst, close)
	}
	return dst
}

func appendCoord(dst []byte, c Coordinate) []byte {
	dst = AppendFloat(dst, c.X)
	dst = append(dst, ' ')
	return AppendFloat(dst, c.Y)
}

func appendCoords(dst []byte, cs []Coordinate) []byte {
	for i, c := range cs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendCoord(dst, c)
	}
	return dst
}

// appendWKT writes g as NebulaGraph's WKTWriter does, e.g.
// "LINESTRING(3 8, 4.7 73.23)".
func appendWKT(dst []byte, g *Geography) []byte {
	switch g.Shape {
	case GeoPoint:
		dst = append(dst, "POINT("...)
		dst = appendCoord(dst, g.Point)
	case GeoLineString:
		dst = append(dst, "LINESTRING("...)
		dst = appendCoords(dst, g.Line)
	case GeoPolygon:
		dst = append(dst, "POLYGON("...)
		for i, r := range g.Rings {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = append(dst, '(')
			dst = appendCoords(dst, r)
			dst = append(dst, ')')
		}
	default:
		return dst
	}
	return append(dst, ')')
}

// WKT returns g in well-known text.
func (g *Geography) WKT() string { return string(appendWKT(nil, g)) }

// Literal returns the tck result-table form of v (see above).
func (v Value) Literal() string { return string(AppendLiteral(nil, v)) }

var nullLiterals = [...]string{
	NullPlain:       "NULL",
	NullNaN:         "NaN",
	NullBadData:     "BAD_DATA",
	NullBadType:     "BAD_TYPE",
	NullOverflow:    "OVERFLOW",
	NullUnknownProp: "UNKNOWN_PROP",
	NullDivByZero:   "DIV_BY_ZERO",
	NullOutOfRange:  "OUT_OF_RANGE",
}

// AppendLiteral appends v.Literal() to dst.
func AppendLiteral(dst []byte, v Value) []byte {
	switch v.kind {
	case KindEmpty:
		return append(dst, "EMPTY"...)
	case KindNull:
		if int(v.null) < len(nullLiterals) {
			return append(dst, nullLiterals[v.null]...)
		}
		return append(dst, "NULL"...)
	case KindFloat:
		return appendLiteralFloat(dst, v.Float())
	case KindString:
		return appendQuoted(dst, v.str)
	case KindList:
		return appendSeq(dst, '[', ']', ", ", v.ptr.(*List).Values, AppendLiteral)
	case KindSet:
		return appendSeq(dst, '{', '}', ", ", v.ptr.(*Set).Values, AppendLiteral)
	case KindMap:
		return appendProps(append(dst, '{'), ": ", ", ", v.ptr.(*Map).KVs, AppendLiteral, '}')
	case KindVertex:
		return appendVertexLiteral(dst, v.ptr.(*Vertex))
	case KindEdge:
		e := v.ptr.(*Edge)
		src, dst2 := e.Src, e.Dst
		if e.Type < 0 {
			src, dst2 = dst2, src
		}
		dst = append(dst, "[:"...)
		dst = append(dst, e.Name...)
		dst = append(dst, ' ')
		dst = AppendLiteral(dst, src)
		dst = append(dst, "->"...)
		dst = AppendLiteral(dst, dst2)
		dst = append(dst, " @"...)
		dst = strconv.AppendInt(dst, e.Ranking, 10)
		dst = append(dst, " {"...)
		dst = appendProps(dst, ": ", ", ", e.Props, AppendLiteral, '}')
		return append(dst, ']')
	case KindPath:
		p := v.ptr.(*Path)
		dst = append(dst, '<')
		dst = appendVertexLiteral(dst, &p.Src)
		for i := range p.Steps {
			s := &p.Steps[i]
			if s.Type < 0 {
				dst = append(dst, "<-[:"...)
			} else {
				dst = append(dst, "-[:"...)
			}
			dst = append(dst, s.Name...)
			dst = append(dst, '@')
			dst = strconv.AppendInt(dst, s.Ranking, 10)
			dst = append(dst, " {"...)
			dst = appendProps(dst, ": ", ", ", s.Props, AppendLiteral, '}')
			if s.Type < 0 {
				dst = append(dst, "]-"...)
			} else {
				dst = append(dst, "]->"...)
			}
			dst = appendVertexLiteral(dst, &s.Dst)
		}
		return append(dst, '>')
	case KindDataSet:
		ds := v.ptr.(*DataSet)
		dst = append(dst, "{columns: ["...)
		for i, c := range ds.ColNames {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendQuoted(dst, c)
		}
		dst = append(dst, "], rows: ["...)
		for i, r := range ds.Rows {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendSeq(dst, '[', ']', ", ", r.Values, AppendLiteral)
		}
		return append(dst, "]}"...)
	}
	return AppendString(dst, v)
}

// ("vid" :a{p: 1} :b{}) with tags in name order.
func appendVertexLiteral(dst []byte, vx *Vertex) []byte {
	dst = append(dst, '(')
	dst = AppendLiteral(dst, vx.VID)
	tags := vx.Tags
	if !slices.IsSortedFunc(tags, func(a, b Tag) int { return strings.Compare(a.Name, b.Name) }) {
		tags = slices.Clone(tags)
		slices.SortStableFunc(tags, func(a, b Tag) int { return strings.Compare(a.Name, b.Name) })
	}
	for i := range tags {
		dst = append(dst, " :"...)
		dst = append(dst, tags[i].Name...)
		dst = append(dst, '{')
		dst = appendProps(dst, ": ", ", ", tags[i].Props, AppendLiteral, '}')
	}
	return append(dst, ')')
}

// appendQuoted writes s in double quotes, escaping quotes, backslashes and
// control characters.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
