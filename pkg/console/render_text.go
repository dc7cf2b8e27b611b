package console

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// RenderVertical writes each row as a block of "column: value" lines under
// a numbered banner, the way mysql prints with \G; column names are
// right-aligned so that the values line up. Wide rows stay readable.
func RenderVertical(w io.Writer, rs *nebula.ResultSet) error {
	cols, rows := cells(rs)
	width := 0
	for _, c := range cols {
		width = max(width, runewidth.StringWidth(c))
	}
	var b strings.Builder
	for i, r := range rows {
		fmt.Fprintf(&b, "%s %d. row %s\n", strings.Repeat("*", 27), i+1, strings.Repeat("*", 27))
		for j, c := range cols {
			pad := strings.Repeat(" ", width-runewidth.StringWidth(c))
			// Continuation lines of a multi-line value line up under it.
			v := strings.ReplaceAll(r[j], "\n", "\n"+strings.Repeat(" ", width+2))
			fmt.Fprintf(&b, "%s%s: %s\n", pad, c, v)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// RenderCSV writes rs as RFC 4180 CSV: a header row of column names, then
// one record per row. Strings are written bare (the CSV quoting is the
// only quoting); every other value is written as the table shows it, so
// NULL is __NULL__, the marker NebulaGraph's CSV loaders read back as NULL.
func RenderCSV(w io.Writer, rs *nebula.ResultSet) error {
	cw := csv.NewWriter(w)
	cols := rs.GetColNames()
	if len(cols) == 0 {
		return nil
	}
	if err := cw.Write(cols); err != nil {
		return fmt.Errorf("write csv header: %w", err)
	}
	for i := 0; i < rs.GetRowSize(); i++ {
		rec, err := rs.GetRowValuesByIndex(i)
		if err != nil {
			return fmt.Errorf("read row %d: %w", i, err)
		}
		out := make([]string, len(cols))
		for j := range cols {
			v, err := rec.GetValueByIndex(j)
			if err != nil {
				return fmt.Errorf("read row %d column %d: %w", i, j, err)
			}
			if s, err := v.AsString(); err == nil {
				out[j] = s
			} else {
				out[j] = v.String()
			}
		}
		if err := cw.Write(out); err != nil {
			return fmt.Errorf("write csv row %d: %w", i, err)
		}
	}
	cw.Flush()
	return cw.Error()
}
