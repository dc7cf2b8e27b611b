package tck

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// The printers render values the way NebulaGraph's runner does
// (tests/common/dataset_printer.py): regex cells are matched against this
// form, and failure reports show both sides in it.

// printValue renders an actual value.
func printValue(v *nebula.Value) string {
	var b strings.Builder
	writeValue(&b, v)
	return b.String()
}

func writeValue(b *strings.Builder, v *nebula.Value) {
	switch {
	case v == nil:
		b.WriteString("EMPTY")
	case v.NVal != nil:
		b.WriteString(v.NVal.String())
	case v.BVal != nil:
		b.WriteString(strconv.FormatBool(*v.BVal))
	case v.IVal != nil:
		b.WriteString(strconv.FormatInt(*v.IVal, 10))
	case v.FVal != nil:
		b.WriteString(pyFloat(*v.FVal))
	case v.SVal != nil:
		b.Write(v.SVal)
	case v.DVal != nil:
		b.WriteString(dateString(v.DVal))
	case v.TVal != nil:
		b.WriteString(timeString(v.TVal))
	case v.DtVal != nil:
		b.WriteString(dateTimeString(v.DtVal))
	case v.VVal != nil:
		writeVertex(b, v.VVal)
	case v.EVal != nil:
		e := v.EVal
		arrow := "->"
		if e.Type < 0 {
			arrow = "<-"
		}
		fmt.Fprintf(b, "[:%s %s%s%s@%d", e.Name, printVid(e.Src), arrow, printVid(e.Dst), e.Ranking)
		writeProps(b, e.Props)
		b.WriteByte(']')
	case v.PVal != nil:
		b.WriteByte('<')
		writeVertex(b, v.PVal.Src)
		for _, st := range v.PVal.Steps {
			if st.Type < 0 {
				fmt.Fprintf(b, "<-[:%s@%d", st.Name, st.Ranking)
				writeProps(b, st.Props)
				b.WriteString("]-")
			} else {
				fmt.Fprintf(b, "-[:%s@%d", st.Name, st.Ranking)
				writeProps(b, st.Props)
				b.WriteString("]->")
			}
			writeVertex(b, st.Dst)
		}
		b.WriteByte('>')
	case v.LVal != nil:
		b.WriteByte('[')
		writeValues(b, v.LVal.Values)
		b.WriteByte(']')
	case v.MVal != nil:
		writeProps(b, v.MVal.Kvs)
	case v.UVal != nil:
		b.WriteByte('{')
		writeValues(b, v.UVal.Values)
		b.WriteByte('}')
	case v.GVal != nil:
		b.WriteString(printDataSet(v.GVal.ColumnNames, v.GVal.Rows))
	}
	// Geography and duration print as "" in the reference printer.
}

func writeValues(b *strings.Builder, vs []*nebula.Value) {
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		writeValue(b, v)
	}
}

func writeVertex(b *strings.Builder, v *nebula.Vertex) {
	if v == nil {
		b.WriteString("()")
		return
	}
	b.WriteByte('(')
	b.WriteString(printVid(v.Vid))
	for _, t := range v.Tags {
		b.WriteByte(':')
		b.Write(t.Name)
		writeProps(b, t.Props)
	}
	b.WriteByte(')')
}

// writeProps prints a map as {k:v,...} with entries sorted by their text.
func writeProps(b *strings.Builder, m map[string]*nebula.Value) {
	kvs := make([]string, 0, len(m))
	for k, v := range m {
		kvs = append(kvs, k+":"+printValue(v))
	}
	sort.Strings(kvs)
	b.WriteByte('{')
	b.WriteString(strings.Join(kvs, ","))
	b.WriteByte('}')
}

// printVid quotes string vids and leaves integer vids bare.
func printVid(v *nebula.Value) string {
	if v != nil && v.SVal != nil {
		return strconv.Quote(string(v.SVal))
	}
	return printValue(v)
}

func dateString(d *nebula.Date) string {
	return fmt.Sprintf("%d-%02d-%02d", d.Year, d.Month, d.Day)
}

func timeString(t *nebula.Time) string {
	return fmt.Sprintf("%02d:%02d:%02d.%06d", t.Hour, t.Minute, t.Sec, t.Microsec)
}

func dateTimeString(t *nebula.DateTime) string {
	return fmt.Sprintf("%d-%02d-%02dT%02d:%02d:%02d.%06d", t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Sec, t.Microsec)
}

// pyFloat formats like Python's repr(float): the shortest round-trip digits,
// positional for exponents in [-4, 16) and with ".0" when integral.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±XX
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// printDataSet renders a table as |col|col| with one "i: |v|v|" line per row.
func printDataSet(cols [][]byte, rows []*nebula.Row) string {
	var b strings.Builder
	b.WriteByte('|')
	for _, c := range cols {
		b.Write(c)
		b.WriteByte('|')
	}
	for i, r := range rows {
		fmt.Fprintf(&b, "\n%d: |", i)
		for _, v := range r.Values {
			writeValue(&b, v)
			b.WriteByte('|')
		}
	}
	return b.String()
}

// printWant renders an expected cell in the same style, showing only the
// parts the feature wrote.
func printWant(w *want) string {
	var b strings.Builder
	writeWant(&b, w)
	return b.String()
}

func writeWant(b *strings.Builder, w *want) {
	switch w.kind {
	case wantEmpty:
		b.WriteString("EMPTY")
	case wantNull:
		b.WriteString(w.null.String())
	case wantBool:
		b.WriteString(strconv.FormatBool(w.b))
	case wantInt:
		b.WriteString(strconv.FormatInt(w.i, 10))
	case wantFloat:
		b.WriteString(pyFloat(w.f))
	case wantString:
		b.WriteString(w.s)
	case wantRegex:
		b.WriteString("/" + w.s + "/")
	case wantList, wantSet:
		open, end := "[", "]"
		if w.kind == wantSet {
			open, end = "{", "}"
		}
		b.WriteString(open)
		for i, it := range w.items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeWant(b, it)
		}
		b.WriteString(end)
	case wantMap:
		writeWantProps(b, w.m)
	case wantVertex:
		writeWantVertex(b, w.v)
	case wantEdge:
		e := w.e
		b.WriteByte('[')
		if e.name != nil {
			b.WriteString(":" + *e.name)
		}
		b.WriteByte(' ')
		if e.src != nil {
			arrow := "->"
			if e.reverse {
				arrow = "<-"
			}
			b.WriteString(printWantVid(e.src) + arrow + printWantVid(e.dst))
		}
		if e.rank != nil {
			fmt.Fprintf(b, "@%d", *e.rank)
		}
		if e.props != nil {
			writeWantProps(b, e.props)
		}
		b.WriteByte(']')
	case wantPath:
		b.WriteByte('<')
		writeWantVertex(b, &w.p.src)
		for _, st := range w.p.steps {
			if st.reverse {
				b.WriteString("<-[")
			} else {
				b.WriteString("-[")
			}
			if st.name != nil {
				b.WriteString(":" + *st.name)
			}
			if st.rank != nil {
				fmt.Fprintf(b, "@%d", *st.rank)
			}
			if st.props != nil {
				writeWantProps(b, st.props)
			}
			if st.reverse {
				b.WriteString("]-")
			} else {
				b.WriteString("]->")
			}
			writeWantVertex(b, &st.dst)
		}
		b.WriteByte('>')
	}
}

func writeWantVertex(b *strings.Builder, v *wantVertexLit) {
	b.WriteByte('(')
	if v.vid != nil {
		b.WriteString(printWantVid(v.vid))
	}
	for _, t := range v.tags {
		b.WriteString(":" + t.name)
		if t.props != nil {
			writeWantProps(b, t.props)
		}
	}
	b.WriteByte(')')
}

func writeWantProps(b *strings.Builder, m map[string]*want) {
	kvs := make([]string, 0, len(m))
	for k, v := range m {
		kvs = append(kvs, k+":"+printWant(v))
	}
	sort.Strings(kvs)
	b.WriteByte('{')
	b.WriteString(strings.Join(kvs, ","))
	b.WriteByte('}')
}

func printWantVid(w *want) string {
	if w.kind == wantString {
		return strconv.Quote(w.s)
	}
	return printWant(w)
}
