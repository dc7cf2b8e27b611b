package function

import (
	"math"
	"slices"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

// MaxListLen bounds the lists that range() builds, so that a query cannot
// make the server allocate without limit; longer results are BAD_DATA.
// NebulaGraph has no such bound.
const MaxListLen = 1 << 24

func init() {
	register(&Function{Name: "size", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		v := a[0]
		switch v.Kind() {
		case value.KindNull:
			return value.Null
		case value.KindEmpty:
			return value.Empty
		case value.KindString:
			return value.NewInt(int64(len(v.Str())))
		case value.KindList:
			return value.NewInt(int64(len(v.List())))
		case value.KindMap:
			return value.NewInt(int64(len(v.Map())))
		case value.KindSet:
			return value.NewInt(int64(len(v.Set())))
		case value.KindDataSet:
			return value.NewInt(int64(len(v.DataSet().Rows)))
		}
		return badType
	}})
	register(&Function{Name: "range", MinArity: 2, MaxArity: 3, body: rangeBody})
	register(&Function{Name: "head", MinArity: 1, MaxArity: 1, body: listPick(func(l []value.Value) value.Value { return l[0] })})
	register(&Function{Name: "last", MinArity: 1, MaxArity: 1, body: listPick(func(l []value.Value) value.Value { return l[len(l)-1] })})
	register(&Function{Name: "tail", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindList:
			l := a[0].List()
			if len(l) == 0 {
				return value.NewList(nil)
			}
			return value.NewList(slices.Clone(l[1:]))
		}
		return badType
	}})
	register(&Function{Name: "reverse", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindString:
			b := []byte(a[0].Str())
			slices.Reverse(b)
			return value.NewString(string(b))
		case value.KindList:
			l := slices.Clone(a[0].List())
			slices.Reverse(l)
			return value.NewList(l)
		}
		return badType
	}})
	register(&Function{Name: "keys", MinArity: 1, MaxArity: 1, body: keys})
	register(&Function{Name: "coalesce", MinArity: 1, MaxArity: Variadic, body: func(_ *Env, a []value.Value) value.Value {
		// NB: EMPTY is not NULL here, so coalesce(EMPTY, 1) is EMPTY.
		for _, v := range a {
			if !v.IsNull() {
				return v
			}
		}
		return value.Null
	}})
	register(&Function{Name: "_any", MinArity: 1, MaxArity: Variadic, body: func(_ *Env, a []value.Value) value.Value {
		for _, v := range a {
			if !v.IsNull() && !v.IsEmpty() {
				return v
			}
		}
		return value.Null
	}})
	register(&Function{Name: "replace", MinArity: 3, MaxArity: 3, body: replace})
	register(&Function{Name: "erase", MinArity: 2, MaxArity: 2, body: erase})
	register(&Function{Name: "setadd", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindSet {
			return badType
		}
		return value.NewSet(append(slices.Clone(a[0].Set()), a[1]))
	}})
	register(&Function{Name: "udf_is_in", MinArity: 2, MaxArity: Variadic, body: func(_ *Env, a []value.Value) value.Value {
		for _, v := range a[1:] {
			if sameValue(v, a[0]) {
				return value.NewBool(true)
			}
		}
		return value.NewBool(false)
	}})
	register(&Function{Name: "datasetrowcol", MinArity: 3, MaxArity: 3, body: dataSetRowCol})
	register(&Function{Name: "cos_similarity", MinArity: 2, MaxArity: Variadic, body: cosSimilarity})
}

// sameValue is NebulaGraph's bool operator== on values, which lists use to
// find elements: NULL equals NULL whatever the reason, EMPTY equals EMPTY,
// ints and floats compare numerically within epsilon.
func sameValue(a, b value.Value) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	if a.IsEmpty() || b.IsEmpty() {
		return a.IsEmpty() && b.IsEmpty()
	}
	return value.IsTrue(value.Equal(a, b))
}

// listPick makes head() and last(): NULL gives NULL, an empty list NULL,
// a non-list BAD_TYPE.
func listPick(pick func([]value.Value) value.Value) Body {
	return func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindList:
			if l := a[0].List(); len(l) > 0 {
				return pick(l)
			}
			return value.Null
		}
		return badType
	}
}

// rangeBody implements range(start, end[, step]): the ints from start to
// end inclusive. A zero step is BAD_DATA; a step away from end gives [].
func rangeBody(_ *Env, a []value.Value) value.Value {
	if a[0].Kind() != value.KindInt || a[1].Kind() != value.KindInt {
		return badType
	}
	start, end, step := a[0].Int(), a[1].Int(), int64(1)
	if len(a) == 3 {
		if a[2].Kind() != value.KindInt {
			return badType
		}
		step = a[2].Int()
	}
	if step == 0 {
		return badData
	}
	// Count the elements first, in floating point so that extreme bounds
	// cannot overflow, and refuse results too large to build.
	n := math.Floor((float64(end)-float64(start))/float64(step)) + 1
	if n <= 0 {
		return value.NewList(nil)
	}
	if n > MaxListLen {
		return badData
	}
	out := make([]value.Value, 0, int(n))
	for i := start; ; {
		if (step > 0 && i > end) || (step < 0 && i < end) {
			break
		}
		out = append(out, value.NewInt(i))
		next := i + step
		if (step > 0 && next < i) || (step < 0 && next > i) {
			break // the next element would overflow int64
		}
		i = next
	}
	return value.NewList(out)
}

// keys returns the sorted distinct property names of a vertex (over all its
// tags), an edge or a map.
func keys(_ *Env, a []value.Value) value.Value {
	var names []string
	switch v := a[0]; v.Kind() {
	case value.KindNull:
		return value.Null
	case value.KindVertex:
		for _, t := range v.Vertex().Tags {
			for k := range t.Props {
				names = append(names, k)
			}
		}
	case value.KindEdge:
		for k := range v.Edge().Props {
			names = append(names, k)
		}
	case value.KindMap:
		for k := range v.Map() {
			names = append(names, k)
		}
	default:
		return badType
	}
	slices.Sort(names)
	names = slices.Compact(names)
	out := make([]value.Value, len(names))
	for i, n := range names {
		out[i] = value.NewString(n)
	}
	return value.NewList(out)
}

// replace implements replace(string, search, replacement) on strings, and
// replace(list|set, old, new) on the elements of a list (matched with ==)
// or a set (matched by set membership).
func replace(_ *Env, a []value.Value) value.Value {
	if a[0].IsNull() || a[1].IsNull() || a[2].IsNull() {
		return value.Null
	}
	switch a[0].Kind() {
	case value.KindString:
		if a[1].Kind() != value.KindString || a[2].Kind() != value.KindString {
			break
		}
		s, old, repl := a[0].Str(), a[1].Str(), a[2].Str()
		if old == "" {
			return a[0] // boost::replace_all_copy finds nothing to replace
		}
		return value.NewString(strings.ReplaceAll(s, old, repl))
	case value.KindList:
		l := slices.Clone(a[0].List())
		for i, v := range l {
			if sameValue(v, a[1]) {
				l[i] = a[2]
			}
		}
		return value.NewList(l)
	case value.KindSet:
		s := a[0].Set()
		i := slices.IndexFunc(s, func(v value.Value) bool { return value.Identical(v, a[1]) })
		if i < 0 {
			return a[0]
		}
		return value.NewSet(append(slices.Delete(slices.Clone(s), i, i+1), a[2]))
	}
	return badType
}

// erase removes the elements equal to a[1] from a list (under ==) or a set
// (under set membership, value.Identical).
func erase(_ *Env, a []value.Value) value.Value {
	switch a[0].Kind() {
	case value.KindList:
		return value.NewList(slices.DeleteFunc(slices.Clone(a[0].List()), func(v value.Value) bool {
			return sameValue(v, a[1])
		}))
	case value.KindSet:
		return value.NewSet(slices.DeleteFunc(slices.Clone(a[0].Set()), func(v value.Value) bool {
			return value.Identical(v, a[1])
		}))
	}
	return badType
}

// dataSetRowCol returns the cell of a dataset at a row index and a column
// given by index or name.
func dataSetRowCol(_ *Env, a []value.Value) value.Value {
	if a[0].Kind() != value.KindDataSet || a[1].Kind() != value.KindInt ||
		(a[2].Kind() != value.KindInt && a[2].Kind() != value.KindString) {
		return badType
	}
	ds := a[0].DataSet()
	if len(ds.Rows) < 1 || len(ds.ColNames) < 1 {
		return badData
	}
	row := a[1].Int()
	col := int64(len(ds.ColNames))
	if a[2].Kind() == value.KindInt {
		col = a[2].Int()
	} else if i := slices.Index(ds.ColNames, a[2].Str()); i >= 0 {
		col = int64(i)
	}
	if row < 0 || col < 0 || row >= int64(len(ds.Rows)) || col >= int64(len(ds.ColNames)) ||
		col >= int64(len(ds.Rows[row].Values)) {
		return badData
	}
	return ds.Rows[row].Values[col]
}

// cosSimilarity takes two equally long vectors laid end to end as its
// arguments. NebulaGraph answers -2 (outside cos's range) for an odd
// argument count or a zero vector.
func cosSimilarity(_ *Env, a []value.Value) value.Value {
	if len(a)%2 != 0 {
		return value.NewFloat(-2)
	}
	mid := len(a) / 2
	var s1, s2, s3 float64
	for i := 0; i < mid; i++ {
		if !a[i].IsNumeric() || !a[i+mid].IsNumeric() {
			return badType
		}
		x, y := asFloat(a[i]), asFloat(a[i+mid])
		s1 += x * y
		s2 += x * x
		s3 += y * y
	}
	if math.Abs(s2) <= epsilon || math.Abs(s3) <= epsilon {
		return value.NewFloat(-2)
	}
	return value.NewFloat(s1 / (math.Sqrt(s2) * math.Sqrt(s3)))
}
