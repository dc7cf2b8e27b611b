package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// rowFormat turns CSV records of one file into INSERT value tuples.
type rowFormat struct {
	// head is the statement up to VALUES, e.g. "INSERT EDGE `e`(`a`) VALUES ".
	head  string
	edge  *mapping.Edge
	vid   mapping.Vid // the vertex vid (vertex files)
	props []mapping.Prop
	// parts is the space's partition count; 0 puts every row in part 0.
	parts uint32
}

func newRowFormat(f mapping.File, parts int) (*rowFormat, error) {
	rf := &rowFormat{parts: uint32(parts)}
	switch {
	case f.Type == "vertex" && f.Vertex != nil:
		var tags []string
		for _, t := range f.Vertex.Tags {
			tags = append(tags, quoteName(t.Name)+"("+propList(t.Props)+")")
			rf.props = append(rf.props, t.Props...)
		}
		rf.head = "INSERT VERTEX " + strings.Join(tags, ", ") + " VALUES "
		rf.vid = f.Vertex.Vid
	case f.Type == "edge" && f.Edge != nil:
		rf.edge = f.Edge
		rf.props = f.Edge.Props
		rf.head = "INSERT EDGE " + quoteName(f.Edge.Name) + "(" + propList(f.Edge.Props) + ") VALUES "
	default:
		return nil, fmt.Errorf("%s: type %q without its section", f.Path, f.Type)
	}
	return rf, nil
}

func propList(props []mapping.Prop) string {
	names := make([]string, len(props))
	for i, p := range props {
		names[i] = quoteName(p.Name)
	}
	return strings.Join(names, ",")
}

func quoteName(n string) string { return "`" + strings.ReplaceAll(n, "`", "") + "`" }

// render appends rec's value tuple to b and returns the partition it
// belongs to (its source's). An error means a bad row; b is then
// unchanged.
func (rf *rowFormat) render(b []byte, rec []string) ([]byte, uint32, error) {
	start := len(b)
	var (
		part uint32
		err  error
	)
	if rf.edge == nil {
		if b, part, err = rf.appendVid(b, rf.vid, rec); err != nil {
			return b[:start], 0, err
		}
	} else {
		if b, part, err = rf.appendVid(b, rf.edge.SrcVID, rec); err != nil {
			return b[:start], 0, fmt.Errorf("source: %w", err)
		}
		b = append(b, "->"...)
		if b, _, err = rf.appendVid(b, rf.edge.DstVID, rec); err != nil {
			return b[:start], 0, fmt.Errorf("destination: %w", err)
		}
		if rf.edge.Rank != nil {
			cell, err := column(rec, rf.edge.Rank.Index)
			if err != nil {
				return b[:start], 0, fmt.Errorf("rank: %w", err)
			}
			if _, err := strconv.ParseInt(cell, 10, 64); err != nil {
				return b[:start], 0, fmt.Errorf("rank %q is not an integer", cell)
			}
			b = append(b, '@')
			b = append(b, cell...)
		}
	}
	b = append(b, ":("...)
	for i, p := range rf.props {
		if i > 0 {
			b = append(b, ',')
		}
		cell, err := column(rec, p.Index)
		if err != nil {
			return b[:start], 0, fmt.Errorf("%s: %w", p.Name, err)
		}
		if b, err = appendValue(b, p.Type, cell); err != nil {
			return b[:start], 0, fmt.Errorf("%s: %w", p.Name, err)
		}
	}
	return append(b, ')'), part, nil
}

func column(rec []string, i int) (string, error) {
	if i < 0 || i >= len(rec) {
		return "", fmt.Errorf("no column %d in a row of %d", i, len(rec))
	}
	return rec[i], nil
}

// appendVid renders a vid cell and computes its partition (1..parts, or 0
// when the count is unknown), as storaged will: an int64 vid modulo the
// count; a string vid through MurmurHash2 (see kvstore.PartOfString);
// hash("s") is MurmurHash2 of s taken as an int64 vid.
func (rf *rowFormat) appendVid(b []byte, v mapping.Vid, rec []string) ([]byte, uint32, error) {
	cell, err := column(rec, v.Index)
	if err != nil {
		return b, 0, err
	}
	var part uint32
	switch {
	case v.Function != "":
		if !strings.EqualFold(v.Function, "hash") {
			return b, 0, fmt.Errorf("vid function %q (only hash is known)", v.Function)
		}
		if rf.parts > 0 {
			part = kvstore.PartOfInt(int64(kvstore.MurmurHash64A([]byte(cell))), rf.parts)
		}
		b = append(b, "hash("...)
		b = appendString(b, cell)
		return append(b, ')'), part, nil
	case strings.EqualFold(v.Type, "string"):
		if rf.parts > 0 {
			part = kvstore.PartOfString([]byte(cell), rf.parts)
		}
		return appendString(b, cell), part, nil
	default:
		n, err := strconv.ParseInt(strings.TrimSpace(cell), 10, 64)
		if err != nil {
			return b, 0, fmt.Errorf("vid %q is not an integer", cell)
		}
		if rf.parts > 0 {
			part = kvstore.PartOfInt(n, rf.parts)
		}
		return strconv.AppendInt(b, n, 10), part, nil
	}
}

// appendValue renders a property cell of nGQL type typ. "null" (any case)
// and "__NULL__" are NULL. Strings are quoted. A cell that is already an
// nGQL call (date(), ST_GeogFromText("..."), now()) is passed through, as
// the conformance loader does; a plain date/time/geography text is wrapped
// in its constructor. Numbers and booleans are checked here, so a bad row
// is reported with its line instead of failing a whole batch.
func appendValue(b []byte, typ, cell string) ([]byte, error) {
	if strings.EqualFold(cell, "null") || cell == "__NULL__" {
		return append(b, "NULL"...), nil
	}
	t := strings.ToLower(strings.TrimSpace(typ))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i] // fixed_string(n), geography(point)
	}
	call := isCall(cell)
	switch t {
	case "string", "fixed_string":
		return appendString(b, cell), nil
	case "int", "int64", "int32", "int16", "int8":
		if call {
			return append(b, cell...), nil
		}
		if _, err := strconv.ParseInt(strings.TrimSpace(cell), 10, 64); err != nil {
			return b, fmt.Errorf("%q is not an integer", cell)
		}
		return append(b, strings.TrimSpace(cell)...), nil
	case "double", "float":
		if call {
			return append(b, cell...), nil
		}
		c := strings.TrimSpace(cell)
		if _, err := strconv.ParseFloat(c, 64); err != nil {
			return b, fmt.Errorf("%q is not a number", cell)
		}
		b = append(b, c...)
		if !strings.ContainsAny(c, ".eEnN") { // an integer literal would be an int
			b = append(b, ".0"...)
		}
		return b, nil
	case "bool":
		switch strings.ToLower(strings.TrimSpace(cell)) {
		case "true":
			return append(b, "true"...), nil
		case "false":
			return append(b, "false"...), nil
		}
		if call {
			return append(b, cell...), nil
		}
		return b, fmt.Errorf("%q is not a boolean", cell)
	case "date", "time", "datetime":
		if call {
			return append(b, cell...), nil
		}
		b = append(b, t...)
		b = append(b, '(')
		return append(appendString(b, cell), ')'), nil
	case "timestamp":
		if call {
			return append(b, cell...), nil
		}
		if _, err := strconv.ParseInt(strings.TrimSpace(cell), 10, 64); err == nil {
			return append(b, strings.TrimSpace(cell)...), nil
		}
		b = append(b, "timestamp("...)
		return append(appendString(b, cell), ')'), nil
	case "geography":
		if call && !isWKT(cell) {
			return append(b, cell...), nil
		}
		b = append(b, "ST_GeogFromText("...)
		return append(appendString(b, cell), ')'), nil
	}
	return append(b, cell...), nil
}

// isCall reports whether a cell is an nGQL function call like date() or
// ST_GeogFromText("POINT(1 2)").
func isCall(cell string) bool {
	c := strings.TrimSpace(cell)
	i := strings.IndexByte(c, '(')
	if i <= 0 || !strings.HasSuffix(c, ")") {
		return false
	}
	for _, r := range c[:i] {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// isWKT reports whether a cell is geometry text (POINT(...), ...) rather
// than a call.
func isWKT(cell string) bool {
	c := strings.ToUpper(strings.TrimSpace(cell))
	for _, k := range []string{"POINT", "LINESTRING", "POLYGON"} {
		if strings.HasPrefix(c, k) {
			return true
		}
	}
	return false
}

// appendString appends a double-quoted nGQL string literal.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
