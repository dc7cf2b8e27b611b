package console

import (
	"fmt"
	"strings"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// Format is how result sets are written.
type Format int

// The output formats. Table is nebula-console's; the others are NovaGraph's
// additions for scripts and for wide rows.
const (
	FormatTable    Format = iota // boxed table, as nebula-console draws it
	FormatCSV                    // RFC 4180 CSV with a header row, data only
	FormatJSON                   // one JSON object per statement (JSON Lines)
	FormatVertical               // one "column: value" line per cell, like mysql's \G
)

var formatNames = []string{"table", "csv", "json", "vertical"}

// String returns the format's flag spelling.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if strings.EqualFold(s, n) {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q (want one of %s)", s, strings.Join(formatNames, ", "))
}

// machine reports whether the format is meant for programs, which get the
// data alone: no echoed prompt, timing line, timestamp or farewell.
func (f Format) machine() bool { return f == FormatCSV || f == FormatJSON }

// cells returns the column names and each row's cells as nebula-go prints
// values: strings double-quoted, NULL as __NULL__, vertices as
// ("vid" :tag{k: v}), edges as [:type "src"->"dst" @rank {k: v}], paths
// as <(...)-[...]->(...)>. These are the strings nebula-console shows.
func cells(rs *nebula.ResultSet) (cols []string, rows [][]string) {
	cols = rs.GetColNames()
	n := rs.GetRowSize()
	rows = make([][]string, 0, n)
	for i := 0; i < n; i++ {
		rec, err := rs.GetRowValuesByIndex(i)
		if err != nil {
			continue
		}
		row := make([]string, len(cols))
		for j := range cols {
			if v, err := rec.GetValueByIndex(j); err == nil {
				row[j] = v.String()
			}
		}
		rows = append(rows, row)
	}
	return cols, rows
}
