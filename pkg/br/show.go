package br

import (
	"fmt"
	"io"
	"strings"
)

// WriteTable prints backups as NebulaGraph's `br show` does: name, create
// time, spaces, and whether each is full and of all spaces (always true:
// only full backups of the whole cluster are taken), then the records.
func WriteTable(w io.Writer, ms []*Manifest) error {
	header := []string{"NAME", "CREATE TIME", "SPACES", "FULL BACKUP", "ALL SPACES", "RECORDS"}
	rows := [][]string{header}
	for _, m := range ms {
		var names []string
		for _, sp := range m.Spaces {
			names = append(names, sp.Name)
		}
		rows = append(rows, []string{m.Name, m.CreateTime.Format("2006-01-02 15:04:05"), strings.Join(names, ","),
			"true", "true", fmt.Sprint(m.Records())})
	}
	width := make([]int, len(header))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len(c))
		}
	}
	var sep strings.Builder
	for _, n := range width {
		sep.WriteString("+" + strings.Repeat("-", n+2))
	}
	sep.WriteString("+\n")
	var b strings.Builder
	b.WriteString(sep.String())
	for i, r := range rows {
		for j, c := range r {
			fmt.Fprintf(&b, "| %-*s ", width[j], c)
		}
		b.WriteString("|\n")
		if i == 0 {
			b.WriteString(sep.String())
		}
	}
	b.WriteString(sep.String())
	_, err := io.WriteString(w, b.String())
	return err
}
