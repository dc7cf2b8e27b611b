package tck

import (
	"bytes"
	"fmt"
	"math"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

// containMode is how the expected rows relate to the actual ones.
type containMode uint8

const (
	modeEqual       containMode = iota // the same rows
	modeContains                       // every expected row is among the actual ones
	modeNotContains                    // no expected row is among the actual ones
)

// comparator applies NebulaGraph's comparison rules (tests/common/
// comparator.py) to an actual data set and an expected table:
//
//   - column names must be equal and in the same order;
//   - rows are a multiset unless order is set, in which case expected row i
//     must match actual row i;
//   - lists and sets compare as multisets, maps by key;
//   - floats are equal within 1e-8; ints never equal floats;
//   - dates, times and datetimes also equal a string holding their printed
//     form; regex cells match the printed form of the actual value from its
//     start;
//   - strict comparison requires every part of a vertex, edge or path to be
//     written; relax comparison ignores the parts not written, and the tags
//     not written, but a written tag or edge must show all its properties;
//   - in an integer-vid space a string vid in the table stands for its hash.
//
// One deliberate difference: nested lists and sets always compare as
// multisets, whereas the reference lets the table-level "not contain" mode
// leak into nested comparisons.
type comparator struct {
	strict bool
	order  bool
	mode   containMode
	intVid bool
}

// mismatch says why a table did not match; row is the expected row that was
// not found, or -1.
type mismatch struct {
	reason string
	row    int
}

func (c *comparator) compare(cols [][]byte, rows []*nebula.Row, wantCols []string, wantRows [][]*want) *mismatch {
	if c.mode == modeNotContains && len(rows) == 0 {
		return nil
	}
	if c.mode == modeEqual && len(rows) < len(wantRows) {
		return &mismatch{reason: fmt.Sprintf("%d rows, expected %d", len(rows), len(wantRows)), row: -1}
	}
	if len(cols) != len(wantCols) {
		return &mismatch{reason: fmt.Sprintf("%d columns, expected %d", len(cols), len(wantCols)), row: -1}
	}
	for i, name := range wantCols {
		if string(cols[i]) != name {
			return &mismatch{reason: fmt.Sprintf("column %d is %q, expected %q", i, cols[i], name), row: -1}
		}
	}
	if c.order {
		for i, wr := range wantRows {
			if i >= len(rows) {
				return &mismatch{reason: "fewer rows than expected", row: i}
			}
			ok := c.row(rows[i], wr)
			if (c.mode == modeEqual && !ok) || (c.mode == modeNotContains && ok) {
				return &mismatch{reason: "row differs", row: i}
			}
		}
		if c.mode == modeEqual && len(rows) != len(wantRows) {
			return &mismatch{reason: fmt.Sprintf("%d rows, expected %d", len(rows), len(wantRows)), row: -1}
		}
		return nil
	}
	used := make([]bool, len(rows))
	matched := 0
	for j, wr := range wantRows {
		found := false
		for i, r := range rows {
			if !used[i] && c.row(r, wr) {
				used[i], found = true, true
				matched++
				break
			}
		}
		switch {
		case c.mode == modeNotContains && found:
			return &mismatch{reason: "unexpected row present", row: j}
		case c.mode != modeNotContains && !found:
			return &mismatch{reason: "row not found", row: j}
		}
	}
	if c.mode == modeEqual && matched != len(rows) {
		return &mismatch{reason: fmt.Sprintf("%d rows, expected %d", len(rows), len(wantRows)), row: -1}
	}
	return nil
}

func (c *comparator) row(r *nebula.Row, w []*want) bool {
	if len(r.Values) != len(w) {
		return false
	}
	for i, v := range r.Values {
		if !c.value(v, w[i]) {
			return false
		}
	}
	return true
}

// value compares one actual value with one expected cell.
func (c *comparator) value(v *nebula.Value, w *want) bool {
	if w.kind == wantRegex {
		return w.re.MatchString(printValue(v))
	}
	switch {
	case v.NVal != nil:
		return w.kind == wantNull && w.null == *v.NVal
	case v.BVal != nil:
		return w.kind == wantBool && w.b == *v.BVal
	case v.IVal != nil:
		return w.kind == wantInt && w.i == *v.IVal
	case v.FVal != nil:
		return w.kind == wantFloat && floatEqual(*v.FVal, w.f)
	case v.SVal != nil:
		return w.kind == wantString && string(v.SVal) == w.s
	case v.DVal != nil:
		return w.kind == wantString && dateString(v.DVal) == w.s
	case v.TVal != nil:
		return w.kind == wantString && timeString(v.TVal) == w.s
	case v.DtVal != nil:
		return w.kind == wantString && dateTimeString(v.DtVal) == w.s
	case v.LVal != nil:
		return w.kind == wantList && len(v.LVal.Values) == len(w.items) && c.multiset(v.LVal.Values, w.items)
	case v.UVal != nil:
		return w.kind == wantSet && c.multiset(v.UVal.Values, w.items)
	case v.MVal != nil:
		return w.kind == wantMap && c.props(v.MVal.Kvs, w.m)
	case v.VVal != nil:
		return w.kind == wantVertex && c.vertex(v.VVal, w.v)
	case v.EVal != nil:
		return w.kind == wantEdge && c.edge(v.EVal, w.e)
	case v.PVal != nil:
		return w.kind == wantPath && c.path(v.PVal, w.p)
	case v.GgVal != nil, v.DuVal != nil, v.GVal != nil:
		// The reference has no rule for these kinds: they never match.
		return false
	}
	return w.kind == wantEmpty
}

// multiset reports whether every expected element pairs with a distinct
// actual one and no actual element is left over.
func (c *comparator) multiset(vs []*nebula.Value, ws []*want) bool {
	if len(vs) != len(ws) {
		return false
	}
	used := make([]bool, len(vs))
	for _, w := range ws {
		found := false
		for i, v := range vs {
			if !used[i] && c.value(v, w) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (c *comparator) props(m map[string]*nebula.Value, w map[string]*want) bool {
	if len(m) != len(w) {
		return false
	}
	for k, v := range m {
		wv, ok := w[k]
		if !ok || !c.value(v, wv) {
			return false
		}
	}
	return true
}

func (c *comparator) vid(v *nebula.Value, w *want) bool {
	switch {
	case v == nil:
		return false
	case v.IVal != nil:
		switch w.kind {
		case wantInt:
			return *v.IVal == w.i
		case wantString:
			return c.intVid && *v.IVal == murmurHash2([]byte(w.s))
		}
	case v.SVal != nil:
		return w.kind == wantString && string(v.SVal) == w.s
	}
	return false
}

func (c *comparator) vertex(v *nebula.Vertex, w *wantVertexLit) bool {
	if v == nil {
		return false
	}
	if c.strict {
		if w.vid == nil || !c.vid(v.Vid, w.vid) || len(v.Tags) != len(w.tags) {
			return false
		}
	} else {
		if w.vid != nil && !c.vid(v.Vid, w.vid) {
			return false
		}
		if len(v.Tags) < len(w.tags) {
			return false
		}
	}
	for _, wt := range w.tags {
		var got *nebula.Tag
		n := 0
		for _, t := range v.Tags {
			if string(t.Name) == wt.name {
				got = t
				n++
			}
		}
		if n != 1 {
			return false
		}
		if wt.props == nil {
			if c.strict {
				return false
			}
			continue
		}
		if !c.props(got.Props, wt.props) {
			return false
		}
	}
	return true
}

// edgeEnds returns the expected endpoints in the actual edge's orientation:
// a table edge is written in its stored direction, so it is flipped when the
// actual edge was reached against its direction, and a `<-` edge is flipped
// unless the actual type is exactly -1 (the reference's rule, kept as is).
func edgeEnds(w *wantEdgeLit, actualType int32) (*want, *want) {
	src, dst := w.src, w.dst
	if !w.reverse {
		if actualType < 0 {
			src, dst = dst, src
		}
	} else if actualType != -1 {
		src, dst = dst, src
	}
	return src, dst
}

func (c *comparator) edge(e *nebula.Edge, w *wantEdgeLit) bool {
	if c.strict {
		if w.name == nil || string(e.Name) != *w.name || w.rank == nil || e.Ranking != *w.rank || w.src == nil {
			return false
		}
		src, dst := edgeEnds(w, e.Type)
		if !c.vid(e.Src, src) || !c.vid(e.Dst, dst) || w.props == nil {
			return false
		}
		return c.props(e.Props, w.props)
	}
	if w.src != nil && w.dst != nil {
		src, dst := edgeEnds(w, e.Type)
		if !c.vid(e.Src, src) || !c.vid(e.Dst, dst) {
			return false
		}
	}
	if w.rank != nil && e.Ranking != *w.rank {
		return false
	}
	if w.name != nil && string(e.Name) != *w.name {
		return false
	}
	return w.props == nil || c.props(e.Props, w.props)
}

// path walks both paths hop by hop. As in the reference, a reversed hop
// swaps the ends it compares and the walk continues from the swapped end on
// both sides alike.
func (c *comparator) path(p *nebula.Path, w *wantPathLit) bool {
	if w.steps == nil {
		return len(p.Steps) == 0 && c.vertex(p.Src, &w.src)
	}
	if len(p.Steps) != len(w.steps) {
		return false
	}
	lsrc, rsrc := p.Src, &w.src
	for i, l := range p.Steps {
		r := &w.steps[i]
		ldst, rdst := l.Dst, &r.dst
		if l.Type < 0 {
			lsrc, ldst = ldst, lsrc
		}
		if r.reverse {
			rsrc, rdst = rdst, rsrc
		}
		if !c.vertex(lsrc, rsrc) || !c.vertex(ldst, rdst) {
			return false
		}
		if c.strict {
			if r.rank == nil || l.Ranking != *r.rank || r.name == nil || !bytes.Equal(l.Name, []byte(*r.name)) ||
				r.props == nil || !c.props(l.Props, r.props) {
				return false
			}
		} else {
			if r.rank != nil && l.Ranking != *r.rank {
				return false
			}
			if r.name != nil && string(l.Name) != *r.name {
				return false
			}
			if r.props != nil && !c.props(l.Props, r.props) {
				return false
			}
		}
		lsrc, rsrc = ldst, rdst
	}
	return true
}

// floatEqual is the reference comparator's float equality, a difference
// under 1e-8, extended to the values it cannot subtract: infinities of
// one sign are equal, and so are two NaNs (bugfix/NaNInfinityFloat
// expects `nan`, `inf` and `-inf` cells to match 0/0.0, 1/0.0, -1/0.0).
func floatEqual(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-8
}
