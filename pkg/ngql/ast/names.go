package ast

import (
	"strconv"
	"strings"
)

// Keywords lists every keyword of the language in upper case, mapped to
// whether it is reserved. Reserved keywords can only be used as names when
// back-quoted; non-reserved ones are also accepted bare wherever a name is.
// The scanner in pkg/ngql/parser recognises exactly this set (a test there
// checks it), case-insensitively.
var Keywords = map[string]bool{
	// Reserved.
	"GO": true, "AS": true, "TO": true, "OR": true, "AND": true, "XOR": true,
	"USE": true, "SET": true, "LIST": true, "MAP": true, "FROM": true,
	"WHERE": true, "MATCH": true, "INSERT": true, "YIELD": true, "RETURN": true,
	"DESCRIBE": true, "DESC": true, "VERTEX": true, "VERTICES": true,
	"EDGE": true, "EDGES": true, "UPDATE": true, "UPSERT": true, "WHEN": true,
	"DELETE": true, "FIND": true, "PATH": true, "LOOKUP": true, "ALTER": true,
	"STEPS": true, "STEP": true, "OVER": true, "UPTO": true, "REVERSELY": true,
	"INDEX": true, "INDEXES": true, "REBUILD": true, "BOOL": true, "INT8": true,
	"INT16": true, "INT32": true, "INT64": true, "INT": true, "FLOAT": true,
	"DOUBLE": true, "STRING": true, "FIXED_STRING": true, "TIMESTAMP": true,
	"DATE": true, "TIME": true, "DATETIME": true, "TAG": true, "TAGS": true,
	"UNION": true, "INTERSECT": true, "MINUS": true, "SHOW": true, "ADD": true,
	"CREATE": true, "DROP": true, "REMOVE": true, "IF": true, "NOT": true,
	"EXISTS": true, "IGNORE_EXISTED_INDEX": true, "WITH": true, "CHANGE": true,
	"GRANT": true, "REVOKE": true, "ON": true, "BY": true, "IN": true,
	"DOWNLOAD": true, "GET": true, "OF": true, "ORDER": true, "INGEST": true,
	"COMPACT": true, "FLUSH": true, "SUBMIT": true, "ASC": true,
	"ASCENDING": true, "DESCENDING": true, "DISTINCT": true, "FETCH": true,
	"PROP": true, "BALANCE": true, "STOP": true, "NULL": true, "RECOVER": true,
	"EXPLAIN": true, "CASE": true, "TRUE": true, "FALSE": true,
	"DURATION": true, "GEOGRAPHY": true, "UNWIND": true,
	// Not reserved.
	"HOST": false, "HOSTS": false, "SPACE": false, "SPACES": false,
	"VALUE": false, "VALUES": false, "USER": false, "USERS": false,
	"PASSWORD": false, "ROLE": false, "ROLES": false, "GOD": false,
	"ADMIN": false, "DBA": false, "GUEST": false, "GROUP": false,
	"PARTITION_NUM": false, "REPLICA_FACTOR": false, "VID_TYPE": false,
	"CHARSET": false, "COLLATE": false, "COLLATION": false,
	"ATOMIC_EDGE": false, "ALL": false, "ANY": false, "SINGLE": false,
	"NONE": false, "REDUCE": false, "LEADER": false, "UUID": false,
	"DATA": false, "SNAPSHOT": false, "SNAPSHOTS": false, "ACCOUNT": false,
	"JOBS": false, "JOB": false, "BIDIRECT": false, "STATS": false,
	"STATUS": false, "FORCE": false, "PART": false, "PARTS": false,
	"DEFAULT": false, "HDFS": false, "CONFIGS": false, "TTL_DURATION": false,
	"TTL_COL": false, "GRAPH": false, "META": false, "AGENT": false,
	"STORAGE": false, "SHORTEST": false, "NOLOOP": false,
	"SHORTESTPATH": false, "ALLSHORTESTPATHS": false, "OUT": false,
	"BOTH": false, "SUBGRAPH": false, "CONTAINS": false, "STARTS": false,
	"ENDS": false, "SKIP": false, "OPTIONAL": false,
	"THEN": false, "ELSE": false, "END": false, "GROUPS": false, "ZONE": false,
	"ZONES": false, "INTO": false, "NEW": false, "LISTENER": false,
	"ELASTICSEARCH": false, "HTTP": false, "HTTPS": false, "FULLTEXT": false,
	"ANALYZER": false, "AUTO": false, "ES_QUERY": false, "TEXT": false,
	"SEARCH": false, "CLIENTS": false, "SIGN": false, "SERVICE": false,
	"TEXT_SEARCH": false, "RESET": false, "PLAN": false, "COMMENT": false,
	"S2_MAX_LEVEL": false, "S2_MAX_CELLS": false, "LOCAL": false,
	"SESSIONS": false, "SESSION": false, "SAMPLE": false, "QUERIES": false,
	"QUERY": false, "KILL": false, "TOP": false, "POINT": false,
	"LINESTRING": false, "POLYGON": false, "MERGE": false, "RENAME": false,
	"DIVIDE": false, "CLEAR": false, "LIMIT": false, "OFFSET": false,
	"FORMAT": false, "PROFILE": false,
}

// NeedsQuote reports whether name must be back-quoted to be read back as
// the same name: when it is empty, a keyword, or not of the bare form
// letter (letter | digit | '_')*.
func NeedsQuote(name string) bool {
	if name == "" {
		return true
	}
	if _, kw := Keywords[strings.ToUpper(name)]; kw {
		return true
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case (c >= '0' && c <= '9' || c == '_') && i > 0:
		default:
			return true
		}
	}
	return false
}

// appendQuotedName appends name between back quotes, escaping what the
// scanner would otherwise end or reinterpret the name at.
func appendQuotedName(b []byte, name string) []byte {
	b = append(b, '`')
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case '`', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return append(b, '`')
}

// QuoteString returns s as a double-quoted string literal that the scanner
// reads back as s.
func QuoteString(s string) string { return string(appendQuotedString(nil, s)) }

func appendQuotedString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			if c < 0x20 || c == 0x7f {
				// \u escapes of code points below 0x80 yield the byte itself.
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	return append(b, '"')
}

// formatFloatCanonical renders f so that it scans back as the same float
// literal: shortest round-trip digits, always with a '.' or an exponent.
func formatFloatCanonical(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}

// formatFloatNebula renders f like folly::to<std::string>(double), which
// NebulaGraph uses to print floats: the shortest digits that round-trip,
// in plain notation while the decimal exponent is within [-7, 21), else in
// scientific notation with an upper-case 'E' and no '+' sign.
func formatFloatNebula(f float64) string {
	switch {
	case f != f:
		return "NaN"
	case f > 1.7976931348623157e308:
		return "Infinity"
	case f < -1.7976931348623157e308:
		return "-Infinity"
	case f == 0:
		if 1/f < 0 {
			return "-0"
		}
		return "0"
	}
	// digits and exponent of the shortest representation: d.ddd × 10^exp.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	mant, expStr, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	// decimalPoint is the position of the point counted from the first digit.
	decimalPoint := exp + 1
	var out strings.Builder
	if neg {
		out.WriteByte('-')
	}
	switch {
	case decimalPoint > -6 && decimalPoint <= 21:
		switch {
		case decimalPoint <= 0:
			out.WriteString("0.")
			out.WriteString(strings.Repeat("0", -decimalPoint))
			out.WriteString(digits)
		case decimalPoint >= len(digits):
			out.WriteString(digits)
			out.WriteString(strings.Repeat("0", decimalPoint-len(digits)))
		default:
			out.WriteString(digits[:decimalPoint])
			out.WriteByte('.')
			out.WriteString(digits[decimalPoint:])
		}
	default:
		out.WriteByte(digits[0])
		if len(digits) > 1 {
			out.WriteByte('.')
			out.WriteString(digits[1:])
		}
		out.WriteByte('E')
		out.WriteString(strconv.Itoa(decimalPoint - 1))
	}
	return out.String()
}
