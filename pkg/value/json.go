package value

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// The JSON of graphd's executeJson (wire-protocol.md §10): each cell of a
// result row is written twice, once as its "row" element (the data) and once
// as its "meta" element (type information for dates and graph elements).
//
//	value                 row                                  meta
//	null/bool/int/float   null/true/1/1.5                      null
//	string                "s"                                  null
//	list, set             [rows...]                            [metas...]
//	map                   {"k": row, ...}                      [metas of the values...]
//	date                  "2017-09-10"                         {"type":"date"}
//	time                  "23:10:00.000000000Z"                {"type":"time"}
//	datetime              "2010-09-10T02:08:02.000000000Z"     {"type":"datetime"}
//	duration              "P1MT100.000020000S"                 {"type":"duration"}
//	vertex                {"tag.prop": row, ...}               {"id": vid, "type":"vertex"}
//	edge                  {"prop": row, ...}                   {"id":{"name","src","dst","type","ranking"},"type":"edge"}
//	path                  [vertex, edge props, vertex, ...]    [the matching metas]
//	geography             "POINT(1 2)" (WKT)                   null
//	dataset               [{"row":[...],"meta":[...]}, ...]    null
//	empty                 "__EMPTY__"                          null
//
// Floats are written like NebulaGraph's folly::toJson (1.0 as 1); NaN and
// infinities, which JSON cannot carry, are written as null. Object keys are
// written in sorted order (map and property order carries no meaning, and
// sorting makes the output deterministic); a map's meta array follows the
// same key order as its row object.

// AppendJSONRow appends the "row" JSON of v to dst.
func AppendJSONRow(dst []byte, v Value) []byte {
	switch v.kind {
	case KindEmpty:
		return append(dst, `"__EMPTY__"`...)
	case KindNull:
		return append(dst, "null"...)
	case KindBool:
		return strconv.AppendBool(dst, v.num != 0)
	case KindInt:
		return strconv.AppendInt(dst, v.num, 10)
	case KindFloat:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return append(dst, "null"...)
		}
		return AppendFloat(dst, f)
	case KindString:
		return appendJSONString(dst, v.str)
	case KindDate:
		dst = append(dst, '"')
		return append(v.Date().AppendText(dst), '"')
	case KindTime:
		dst = append(dst, '"')
		return append(v.Time().AppendText(dst), `000Z"`...)
	case KindDateTime:
		dst = append(dst, '"')
		return append(v.DateTime().AppendText(dst), `000Z"`...)
	case KindDuration:
		dst = append(dst, '"')
		return append(v.Duration().AppendText(dst), '"')
	case KindList:
		return appendJSONArray(dst, v.ptr.(*List).Values, AppendJSONRow)
	case KindSet:
		return appendJSONArray(dst, v.ptr.(*Set).Values, AppendJSONRow)
	case KindMap:
		return appendJSONObject(append(dst, '{'), "", v.ptr.(*Map).KVs, true)
	case KindVertex:
		return appendJSONVertex(dst, v.ptr.(*Vertex))
	case KindEdge:
		return appendJSONObject(append(dst, '{'), "", v.ptr.(*Edge).Props, true)
	case KindPath:
		p := v.ptr.(*Path)
		dst = appendJSONVertex(append(dst, '['), &p.Src)
		for i := range p.Steps {
			dst = appendJSONObject(append(dst, ',', '{'), "", p.Steps[i].Props, true)
			dst = appendJSONVertex(append(dst, ','), &p.Steps[i].Dst)
		}
		return append(dst, ']')
	case KindGeography:
		var buf [64]byte
		return appendJSONString(dst, string(appendWKT(buf[:0], v.ptr.(*Geography))))
	case KindDataSet:
		ds := v.ptr.(*DataSet)
		dst = append(dst, '[')
		for i := range ds.Rows {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"row":`...)
			dst = appendJSONArray(dst, ds.Rows[i].Values, AppendJSONRow)
			dst = append(dst, `,"meta":`...)
			dst = appendJSONArray(dst, ds.Rows[i].Values, AppendJSONMeta)
			dst = append(dst, '}')
		}
		return append(dst, ']')
	}
	return append(dst, "null"...)
}

// AppendJSONMeta appends the "meta" JSON of v to dst.
func AppendJSONMeta(dst []byte, v Value) []byte {
	switch v.kind {
	case KindList:
		return appendJSONArray(dst, v.ptr.(*List).Values, AppendJSONMeta)
	case KindSet:
		return appendJSONArray(dst, v.ptr.(*Set).Values, AppendJSONMeta)
	case KindMap:
		m := v.ptr.(*Map).KVs
		dst = append(dst, '[')
		for i, k := range sortedKeys(m) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSONMeta(dst, m[k])
		}
		return append(dst, ']')
	case KindDate, KindTime, KindDateTime, KindDuration:
		dst = append(dst, `{"type":"`...)
		dst = append(dst, v.TypeName()...)
		return append(dst, `"}`...)
	case KindVertex:
		return appendJSONVertexMeta(dst, v.ptr.(*Vertex).VID)
	case KindEdge:
		e := v.ptr.(*Edge)
		return appendJSONEdgeMeta(dst, e.Name, e.Src, e.Dst, e.Type, e.Ranking)
	case KindPath:
		p := v.ptr.(*Path)
		dst = appendJSONVertexMeta(append(dst, '['), p.Src.VID)
		prev := p.Src.VID
		for i := range p.Steps {
			s := &p.Steps[i]
			dst = appendJSONEdgeMeta(append(dst, ','), s.Name, prev, s.Dst.VID, s.Type, s.Ranking)
			dst = appendJSONVertexMeta(append(dst, ','), s.Dst.VID)
			prev = s.Dst.VID
		}
		return append(dst, ']')
	}
	return append(dst, "null"...)
}

func appendJSONVertexMeta(dst []byte, vid Value) []byte {
	dst = append(dst, `{"id":`...)
	dst = AppendJSONRow(dst, vid)
	return append(dst, `,"type":"vertex"}`...)
}

func appendJSONEdgeMeta(dst []byte, name string, src, dst2 Value, typ int32, rank int64) []byte {
	dst = append(dst, `{"id":{"name":`...)
	dst = appendJSONString(dst, name)
	dst = append(dst, `,"src":`...)
	dst = AppendJSONRow(dst, src)
	dst = append(dst, `,"dst":`...)
	dst = AppendJSONRow(dst, dst2)
	dst = append(dst, `,"type":`...)
	dst = strconv.AppendInt(dst, int64(typ), 10)
	dst = append(dst, `,"ranking":`...)
	dst = strconv.AppendInt(dst, rank, 10)
	return append(dst, `},"type":"edge"}`...)
}

// appendJSONVertex writes {"tag.prop": value, ...} over all tags, tags in
// their order, properties sorted.
func appendJSONVertex(dst []byte, vx *Vertex) []byte {
	dst = append(dst, '{')
	first := true
	for i := range vx.Tags {
		if len(vx.Tags[i].Props) == 0 {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendJSONObject(dst, vx.Tags[i].Name+".", vx.Tags[i].Props, false)
	}
	return append(dst, '}')
}

// appendJSONObject writes the sorted "prefix+key": row pairs of m, and the
// closing brace when close is set.
func appendJSONObject(dst []byte, prefix string, m map[string]Value, close bool) []byte {
	for i, k := range sortedKeys(m) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, prefix+k)
		dst = append(dst, ':')
		dst = AppendJSONRow(dst, m[k])
	}
	if close {
		dst = append(dst, '}')
	}
	return dst
}

func appendJSONArray(dst []byte, vs []Value, f func([]byte, Value) []byte) []byte {
	dst = append(dst, '[')
	for i, e := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = f(dst, e)
	}
	return append(dst, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, `\ufffd`...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
