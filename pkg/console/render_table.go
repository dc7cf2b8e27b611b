package console

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// RenderTable writes rs as nebula-console does: a box of '+', '-' and '|'
// with one space of padding, a rule under the header, no rules between
// rows, every cell left-aligned and padded to its column's display width.
// A cell holding newlines spans several lines of its row. A result with no
// columns writes nothing; one with columns but no rows writes the header
// box followed directly by the bottom rule.
func RenderTable(w io.Writer, rs *nebula.ResultSet) error {
	cols, rows := cells(rs)
	return writeTable(w, cols, rows)
}

func writeTable(w io.Writer, header []string, rows [][]string) error {
	if len(header) == 0 {
		return nil
	}
	widths := make([]int, len(header))
	measure := func(row []string) {
		for i, c := range row {
			for _, line := range strings.Split(c, "\n") {
				if n := runewidth.StringWidth(line); n > widths[i] {
					widths[i] = n
				}
			}
		}
	}
	measure(header)
	for _, r := range rows {
		measure(r)
	}
	var b strings.Builder
	rule := func() {
		for _, n := range widths {
			b.WriteByte('+')
			b.WriteString(strings.Repeat("-", n+2))
		}
		b.WriteString("+\n")
	}
	line := func(row []string) {
		parts := make([][]string, len(row))
		height := 1
		for i, c := range row {
			parts[i] = strings.Split(c, "\n")
			height = max(height, len(parts[i]))
		}
		for l := 0; l < height; l++ {
			for i, p := range parts {
				s := ""
				if l < len(p) {
					s = p[l]
				}
				b.WriteString("| ")
				b.WriteString(s)
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(s)+1))
			}
			b.WriteString("|\n")
		}
	}
	rule()
	line(header)
	rule()
	for _, r := range rows {
		line(r)
	}
	rule()
	_, err := io.WriteString(w, b.String())
	return err
}
