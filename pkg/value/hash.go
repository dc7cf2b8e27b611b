package value

import (
	"hash/maphash"
	"math"
)

// Identity is what grouping, DISTINCT, set membership and hash joins use:
// Identical says whether two values are the same key and Hash is consistent
// with it (Identical(a, b) implies Hash(a) == Hash(b)).
//
// The rules follow what NebulaGraph's std::hash<Value> and operator== do
// together in its unordered containers:
//
//   - kinds must match: int 1 and float 1.0 are different keys (NebulaGraph
//     hashes them differently although 1 == 1.0 compares true);
//   - floats are identical when numerically equal (so -0.0 and 0.0 are one
//     key) and every NaN is identical to every NaN, so that NaNs group together;
//   - NULLs are identical when their reasons match; EMPTY is identical to EMPTY;
//   - an edge is identical to its reverse (type negated, src and dst swapped),
//     as in NebulaGraph's Edge::operator==; the edge name is not compared;
//   - vertices compare vid and tags (in order), paths compare every vertex and
//     step, maps and sets ignore order, lists and datasets compare in order.
//
// Hash values are stable within one process only (string hashing is seeded
// per process) and must never be persisted or sent over the wire.

var hashSeed = maphash.MakeSeed()

// Per-kind salts keep, e.g., int 7 and date 7 apart.
const (
	hashPrime = 0x9e3779b97f4a7c15
	hashEmpty = 0x5bd1e9955bd1e995
)

// mix is the murmur3 64-bit finalizer: cheap, allocation-free, and good
// enough to spread small integers over a hash table.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func combine(h, x uint64) uint64 { return mix(h*31 + x + hashPrime) }

func hashString(s string) uint64 { return maphash.String(hashSeed, s) }

func hashFloat(f float64) uint64 {
	switch {
	case f == 0:
		f = 0 // folds -0.0 onto 0.0
	case f != f:
		return mix(0x7ff8000000000001)
	}
	return mix(math.Float64bits(f))
}

// Hash returns a hash of v consistent with Identical. It does not allocate.
func Hash(v Value) uint64 {
	salt := uint64(v.kind+1) * hashPrime
	switch v.kind {
	case KindEmpty:
		return hashEmpty
	case KindNull:
		return mix(salt ^ uint64(v.null))
	case KindBool, KindInt, KindDate, KindTime:
		return mix(salt ^ uint64(v.num))
	case KindFloat:
		return hashFloat(v.Float()) ^ salt
	case KindString:
		return hashString(v.str) ^ salt
	case KindDateTime:
		return combine(mix(salt^uint64(v.num)), uint64(v.x32))
	case KindDuration:
		d := v.Duration()
		return combine(combine(mix(salt^uint64(d.Seconds)), uint64(d.Months)), uint64(d.Microseconds))
	case KindVertex:
		return hashVertex(v.ptr.(*Vertex)) ^ salt
	case KindEdge:
		return hashEdge(v.ptr.(*Edge)) ^ salt
	case KindPath:
		return hashPath(v.ptr.(*Path)) ^ salt
	case KindList:
		return hashSeq(v.ptr.(*List).Values) ^ salt
	case KindMap:
		return hashProps(v.ptr.(*Map).KVs) ^ salt
	case KindSet:
		var h uint64
		for _, e := range v.ptr.(*Set).Values {
			h += Hash(e)
		}
		return mix(h ^ salt)
	case KindDataSet:
		ds := v.ptr.(*DataSet)
		h := salt
		for _, c := range ds.ColNames {
			h = combine(h, hashString(c))
		}
		for _, r := range ds.Rows {
			h = combine(h, hashSeq(r.Values))
		}
		return h
	case KindGeography:
		return hashGeography(v.ptr.(*Geography)) ^ salt
	}
	return salt
}

func hashSeq(vs []Value) uint64 {
	h := uint64(len(vs))
	for _, e := range vs {
		h = combine(h, Hash(e))
	}
	return h
}

// hashProps is order independent: map iteration order is random.
func hashProps(m map[string]Value) uint64 {
	var h uint64
	for k, e := range m {
		h += mix(hashString(k) ^ Hash(e)*hashPrime)
	}
	return mix(h + uint64(len(m)))
}

// hashVertex covers the vid and the tag names only, like NebulaGraph's: the
// properties rarely tell two vertices of one vid apart, and skipping them
// keeps grouping by vertex cheap.
func hashVertex(vx *Vertex) uint64 {
	h := Hash(vx.VID)
	for i := range vx.Tags {
		h = combine(h, hashString(vx.Tags[i].Name))
	}
	return h
}

// hashEdge normalises direction so that an edge and its reverse collide.
func hashEdge(e *Edge) uint64 {
	src, dst, typ := e.Src, e.Dst, e.Type
	if typ < 0 {
		src, dst, typ = dst, src, -typ
	}
	h := combine(Hash(src), Hash(dst))
	h = combine(h, uint64(uint32(typ)))
	return combine(h, uint64(e.Ranking))
}

func hashPath(p *Path) uint64 {
	h := hashVertex(&p.Src)
	for i := range p.Steps {
		s := &p.Steps[i]
		h = combine(h, Hash(s.Dst.VID))
		h = combine(h, uint64(uint32(s.Type))^uint64(s.Ranking)<<32)
	}
	return h
}

func hashCoords(h uint64, cs []Coordinate) uint64 {
	for _, c := range cs {
		h = combine(h, hashFloat(c.X))
		h = combine(h, hashFloat(c.Y))
	}
	return h
}

func hashGeography(g *Geography) uint64 {
	h := uint64(g.Shape)
	switch g.Shape {
	case GeoPoint:
		h = hashCoords(h, []Coordinate{g.Point})
	case GeoLineString:
		h = hashCoords(h, g.Line)
	case GeoPolygon:
		for _, r := range g.Rings {
			h = hashCoords(combine(h, uint64(len(r))), r)
		}
	}
	return mix(h)
}

// Identical reports whether a and b are the same key for grouping, DISTINCT,
// set membership and hash joins (see the rules above). It does not allocate.
func Identical(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case KindEmpty:
		return true
	case KindNull:
		return a.null == b.null
	case KindBool, KindInt, KindDate, KindTime:
		return a.num == b.num
	case KindFloat:
		return sameFloat(a.Float(), b.Float())
	case KindString:
		return a.str == b.str
	case KindDateTime:
		return a.num == b.num && a.x32 == b.x32
	case KindDuration:
		return a.Duration() == b.Duration()
	case KindVertex:
		x, y := a.ptr.(*Vertex), b.ptr.(*Vertex)
		return x == y || identVertex(x, y)
	case KindEdge:
		x, y := a.ptr.(*Edge), b.ptr.(*Edge)
		return x == y || identEdge(x, y)
	case KindPath:
		x, y := a.ptr.(*Path), b.ptr.(*Path)
		return x == y || identPath(x, y)
	case KindList:
		return identSeq(a.ptr.(*List).Values, b.ptr.(*List).Values)
	case KindMap:
		return identProps(a.ptr.(*Map).KVs, b.ptr.(*Map).KVs)
	case KindSet:
		return identSet(a.ptr.(*Set).Values, b.ptr.(*Set).Values)
	case KindDataSet:
		return identDataSet(a.ptr.(*DataSet), b.ptr.(*DataSet))
	case KindGeography:
		return identGeography(a.ptr.(*Geography), b.ptr.(*Geography))
	}
	return false
}

func sameFloat(x, y float64) bool { return x == y || (x != x && y != y) }

func identSeq(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Identical(a[i], b[i]) {
			return false
		}
	}
	return true
}

func identProps(a, b map[string]Value) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || !Identical(x, y) {
			return false
		}
	}
	return true
}

// identSet relies on sets holding no duplicates, so one inclusion and equal
// sizes make the sets identical.
func identSet(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) <= 8 {
		for _, x := range a {
			if !containsIdentical(b, x) {
				return false
			}
		}
		return true
	}
	idx := make(map[uint64][]int, len(b))
	for i, y := range b {
		h := Hash(y)
		idx[h] = append(idx[h], i)
	}
	for _, x := range a {
		found := false
		for _, i := range idx[Hash(x)] {
			if Identical(x, b[i]) {
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

func containsIdentical(vs []Value, x Value) bool {
	for _, y := range vs {
		if Identical(x, y) {
			return true
		}
	}
	return false
}

func identVertex(x, y *Vertex) bool {
	if !Identical(x.VID, y.VID) || len(x.Tags) != len(y.Tags) {
		return false
	}
	for i := range x.Tags {
		if x.Tags[i].Name != y.Tags[i].Name || !identProps(x.Tags[i].Props, y.Tags[i].Props) {
			return false
		}
	}
	return true
}

func identEdge(x, y *Edge) bool {
	if x.Ranking != y.Ranking {
		return false
	}
	switch x.Type {
	case y.Type:
		return Identical(x.Src, y.Src) && Identical(x.Dst, y.Dst) && identProps(x.Props, y.Props)
	case -y.Type:
		return Identical(x.Src, y.Dst) && Identical(x.Dst, y.Src) && identProps(x.Props, y.Props)
	}
	return false
}

func identPath(x, y *Path) bool {
	if len(x.Steps) != len(y.Steps) || !identVertex(&x.Src, &y.Src) {
		return false
	}
	for i := range x.Steps {
		s, t := &x.Steps[i], &y.Steps[i]
		if s.Type != t.Type || s.Ranking != t.Ranking || s.Name != t.Name ||
			!identVertex(&s.Dst, &t.Dst) || !identProps(s.Props, t.Props) {
			return false
		}
	}
	return true
}

func identDataSet(x, y *DataSet) bool {
	if x == y {
		return true
	}
	if len(x.ColNames) != len(y.ColNames) || len(x.Rows) != len(y.Rows) {
		return false
	}
	for i := range x.ColNames {
		if x.ColNames[i] != y.ColNames[i] {
			return false
		}
	}
	for i := range x.Rows {
		if !identSeq(x.Rows[i].Values, y.Rows[i].Values) {
			return false
		}
	}
	return true
}

func sameCoords(a, b []Coordinate) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameFloat(a[i].X, b[i].X) || !sameFloat(a[i].Y, b[i].Y) {
			return false
		}
	}
	return true
}

func identGeography(x, y *Geography) bool {
	if x.Shape != y.Shape {
		return false
	}
	switch x.Shape {
	case GeoPoint:
		return sameFloat(x.Point.X, y.Point.X) && sameFloat(x.Point.Y, y.Point.Y)
	case GeoLineString:
		return sameCoords(x.Line, y.Line)
	case GeoPolygon:
		if len(x.Rings) != len(y.Rings) {
			return false
		}
		for i := range x.Rings {
			if !sameCoords(x.Rings[i], y.Rings[i]) {
				return false
			}
		}
	}
	return true
}
