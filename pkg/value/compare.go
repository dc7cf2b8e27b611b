package value

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Epsilon is NebulaGraph's kEpsilon: == treats numbers closer than this as
// equal and < demands at least this gap when a float is involved.
const Epsilon = 1e-8

// Equal is NebulaGraph's == (Value::equal): NULL when either side is NULL or
// both are EMPTY, false when exactly one side is EMPTY or the kinds differ
// (ints and floats compare across kinds, within Epsilon), else the bool.
// Inside lists, maps, sets, vertices and paths, NULL equals NULL and numbers
// compare within Epsilon.
func Equal(a, b Value) Value {
	if a.kind == KindEmpty || b.kind == KindEmpty {
		if a.kind == b.kind {
			return Null
		}
		return False
	}
	if a.kind == KindNull || b.kind == KindNull {
		return Null
	}
	return NewBool(equals(a, b))
}

// NotEqual is NebulaGraph's != : the negation of Equal, NULL staying NULL.
func NotEqual(a, b Value) Value { return valueNot(Equal(a, b)) }

// Less is NebulaGraph's < (Value::lessThan): NULL when either side is NULL or
// EMPTY or the kinds are not comparable (different and not both numeric);
// BAD_TYPE NULL for durations, which have no order; else the bool. A float
// operand must be at least Epsilon below the other.
func Less(a, b Value) Value {
	if a.kind == KindEmpty || b.kind == KindEmpty || a.kind == KindNull || b.kind == KindNull {
		return Null
	}
	if a.kind != b.kind && !(isNumKind(a.kind) && isNumKind(b.kind)) {
		return Null
	}
	switch a.kind {
	case KindInt, KindFloat:
		if a.kind == KindInt && b.kind == KindInt {
			return NewBool(a.num < b.num)
		}
		x, y := a.AsFloat(), b.AsFloat()
		return NewBool(math.Abs(x-y) >= Epsilon && x < y)
	case KindDuration:
		return nullBadType
	case KindMap, KindSet, KindDataSet:
		// NebulaGraph's operator< declares these unordered.
		return False
	}
	return NewBool(Compare(a, b) < 0)
}

// LessEq is NebulaGraph's <=, evaluated as (a < b) OR (a == b) with the
// value-level OR that lets a NULL on the left win.
func LessEq(a, b Value) Value { return ImplicitOr(Less(a, b), Equal(a, b)) }

// Greater is NebulaGraph's >, evaluated as NOT (a < b) AND NOT (a == b).
func Greater(a, b Value) Value { return ImplicitAnd(valueNot(Less(a, b)), valueNot(Equal(a, b))) }

// GreaterEq is NebulaGraph's >=, evaluated as NOT (a < b) OR (a == b).
func GreaterEq(a, b Value) Value { return ImplicitOr(valueNot(Less(a, b)), Equal(a, b)) }

// equals is NebulaGraph's bool operator== (Value::equals), used inside
// composites: NULL equals NULL whatever the reason, EMPTY equals EMPTY,
// numbers compare across int/float within Epsilon.
func equals(a, b Value) bool {
	if a.kind != b.kind {
		if isNumKind(a.kind) && isNumKind(b.kind) {
			return numEquals(a, b)
		}
		return false
	}
	switch a.kind {
	case KindEmpty, KindNull:
		return true
	case KindBool, KindInt, KindDate, KindTime:
		return a.num == b.num
	case KindFloat:
		return numEquals(a, b)
	case KindString:
		return a.str == b.str
	case KindDateTime:
		return a.num == b.num && a.x32 == b.x32
	case KindDuration:
		return a.Duration() == b.Duration()
	case KindVertex:
		x, y := a.ptr.(*Vertex), b.ptr.(*Vertex)
		return x == y || vertexEquals(x, y)
	case KindEdge:
		x, y := a.ptr.(*Edge), b.ptr.(*Edge)
		return x == y || edgeEquals(x, y)
	case KindPath:
		return pathEquals(a.ptr.(*Path), b.ptr.(*Path))
	case KindList:
		return seqEquals(a.ptr.(*List).Values, b.ptr.(*List).Values)
	case KindMap:
		return propsEquals(a.ptr.(*Map).KVs, b.ptr.(*Map).KVs)
	case KindSet:
		return setEquals(a.ptr.(*Set).Values, b.ptr.(*Set).Values)
	case KindDataSet:
		x, y := a.ptr.(*DataSet), b.ptr.(*DataSet)
		if !slices.Equal(x.ColNames, y.ColNames) || len(x.Rows) != len(y.Rows) {
			return false
		}
		for i := range x.Rows {
			if !seqEquals(x.Rows[i].Values, y.Rows[i].Values) {
				return false
			}
		}
		return true
	case KindGeography:
		return identGeography(a.ptr.(*Geography), b.ptr.(*Geography))
	}
	return false
}

func numEquals(a, b Value) bool {
	if a.kind == KindInt && b.kind == KindInt {
		return a.num == b.num
	}
	x, y := a.AsFloat(), b.AsFloat()
	// NB: the x == y shortcut makes +Inf equal +Inf, which NebulaGraph's bare
	// |x-y| < eps test gets wrong.
	return x == y || math.Abs(x-y) < Epsilon
}

func seqEquals(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equals(a[i], b[i]) {
			return false
		}
	}
	return true
}

func propsEquals(a, b map[string]Value) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || !equals(x, y) {
			return false
		}
	}
	return true
}

// setEquals mimics std::unordered_set equality: an element matches only one
// that hashes alike, so int 1 and float 1.0 do not match although == holds.
func setEquals(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x.kind == y.kind && equals(x, y) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func vertexEquals(x, y *Vertex) bool {
	if !equals(x.VID, y.VID) || len(x.Tags) != len(y.Tags) {
		return false
	}
	for i := range x.Tags {
		if x.Tags[i].Name != y.Tags[i].Name || !propsEquals(x.Tags[i].Props, y.Tags[i].Props) {
			return false
		}
	}
	return true
}

// edgeEquals is NebulaGraph's Edge::operator==: an edge equals its reverse.
func edgeEquals(x, y *Edge) bool {
	if x.Ranking != y.Ranking || !propsEquals(x.Props, y.Props) {
		return false
	}
	switch x.Type {
	case y.Type:
		return equals(x.Src, y.Src) && equals(x.Dst, y.Dst)
	case -y.Type:
		return equals(x.Src, y.Dst) && equals(x.Dst, y.Src)
	}
	return false
}

func pathEquals(x, y *Path) bool {
	if x == y {
		return true
	}
	if len(x.Steps) != len(y.Steps) || !vertexEquals(&x.Src, &y.Src) {
		return false
	}
	for i := range x.Steps {
		s, t := &x.Steps[i], &y.Steps[i]
		if s.Type != t.Type || s.Ranking != t.Ranking || s.Name != t.Name ||
			!vertexEquals(&s.Dst, &t.Dst) || !propsEquals(s.Props, t.Props) {
			return false
		}
	}
	return true
}

// Compare is the total order used by ORDER BY, sort, min and max; it returns
// -1, 0 or +1. It follows NebulaGraph's bool operator<:
//
//   - values of different kinds order by kind: EMPTY first, then bool, int
//     and float (which compare with each other numerically), string, date,
//     time, datetime, vertex, edge, path, list, map, set, dataset, geography,
//     duration, and NULL last;
//   - numbers compare exactly (no Epsilon); NaN sorts after every other
//     number and equal to NaN;
//   - vertices by vid then tag count; edges by src, dst, type, ranking, then
//     property count; paths by source vertex then steps; lists
//     lexicographically; geographies by shape then coordinates;
//   - maps, sets and datasets are all equal to each other, as in NebulaGraph;
//   - where NebulaGraph leaves values unordered (NULLs of different reasons,
//     durations) Compare refines the order (by reason; by months, seconds,
//     microseconds) so that sorting is deterministic.
func Compare(a, b Value) int {
	if a.kind != b.kind {
		if isNumKind(a.kind) && isNumKind(b.kind) {
			return compareNum(a, b)
		}
		return cmp.Compare(a.kind, b.kind)
	}
	switch a.kind {
	case KindEmpty:
		return 0
	case KindNull:
		return cmp.Compare(a.null, b.null)
	case KindBool, KindInt, KindDate, KindTime:
		return cmp.Compare(a.num, b.num)
	case KindFloat:
		return compareFloat(a.Float(), b.Float())
	case KindString:
		return strings.Compare(a.str, b.str)
	case KindDateTime:
		if c := cmp.Compare(a.num, b.num); c != 0 {
			return c
		}
		return cmp.Compare(a.x32, b.x32)
	case KindDuration:
		x, y := a.Duration(), b.Duration()
		if c := cmp.Compare(x.Months, y.Months); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Seconds, y.Seconds); c != 0 {
			return c
		}
		return cmp.Compare(x.Microseconds, y.Microseconds)
	case KindVertex:
		return compareVertex(a.ptr.(*Vertex), b.ptr.(*Vertex))
	case KindEdge:
		return compareEdge(a.ptr.(*Edge), b.ptr.(*Edge))
	case KindPath:
		return comparePath(a.ptr.(*Path), b.ptr.(*Path))
	case KindList:
		return compareSeq(a.ptr.(*List).Values, b.ptr.(*List).Values)
	case KindGeography:
		return compareGeography(a.ptr.(*Geography), b.ptr.(*Geography))
	}
	return 0 // map, set, dataset
}

func compareNum(a, b Value) int {
	switch {
	case a.kind == KindInt && b.kind == KindInt:
		return cmp.Compare(a.num, b.num)
	case a.kind == KindFloat && b.kind == KindFloat:
		return compareFloat(a.Float(), b.Float())
	case a.kind == KindInt:
		return compareIntFloat(a.num, b.Float())
	default:
		return -compareIntFloat(b.num, a.Float())
	}
}

func compareFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		return 0
	case x != x && y != y:
		return 0
	case x != x:
		return 1
	default:
		return -1
	}
}

// compareIntFloat compares exactly, without rounding i to a float64.
func compareIntFloat(i int64, f float64) int {
	switch {
	case f != f:
		return -1 // NaN sorts last
	case f >= math.MaxInt64: // 2^63 and up
		return -1
	case f < math.MinInt64:
		return 1
	}
	t := math.Trunc(f)
	if c := cmp.Compare(i, int64(t)); c != 0 {
		return c
	}
	return compareFloat(t, f)
}

func compareSeq(a, b []Value) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareVertex(x, y *Vertex) int {
	if c := Compare(x.VID, y.VID); c != 0 {
		return c
	}
	return cmp.Compare(len(x.Tags), len(y.Tags))
}

func compareEdge(x, y *Edge) int {
	if c := Compare(x.Src, y.Src); c != 0 {
		return c
	}
	if c := Compare(x.Dst, y.Dst); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Type, y.Type); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Ranking, y.Ranking); c != 0 {
		return c
	}
	return cmp.Compare(len(x.Props), len(y.Props))
}

func comparePath(x, y *Path) int {
	if c := compareVertex(&x.Src, &y.Src); c != 0 {
		return c
	}
	for i := 0; i < len(x.Steps) && i < len(y.Steps); i++ {
		s, t := &x.Steps[i], &y.Steps[i]
		if c := compareVertex(&s.Dst, &t.Dst); c != 0 {
			return c
		}
		if c := cmp.Compare(s.Type, t.Type); c != 0 {
			return c
		}
		if c := cmp.Compare(s.Ranking, t.Ranking); c != 0 {
			return c
		}
		if c := cmp.Compare(len(s.Props), len(t.Props)); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(x.Steps), len(y.Steps))
}

func compareCoords(a, b []Coordinate) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := compareFloat(a[i].X, b[i].X); c != 0 {
			return c
		}
		if c := compareFloat(a[i].Y, b[i].Y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareGeography(x, y *Geography) int {
	if c := cmp.Compare(x.Shape, y.Shape); c != 0 {
		return c
	}
	switch x.Shape {
	case GeoPoint:
		return compareCoords([]Coordinate{x.Point}, []Coordinate{y.Point})
	case GeoLineString:
		return compareCoords(x.Line, y.Line)
	case GeoPolygon:
		for i := 0; i < len(x.Rings) && i < len(y.Rings); i++ {
			if c := compareCoords(x.Rings[i], y.Rings[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(x.Rings), len(y.Rings))
	}
	return 0
}
