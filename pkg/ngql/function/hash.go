package function

import (
	"encoding/binary"
	"math"
	"sort"

	"github.com/novagraph/novagraph/pkg/value"
)

// NebulaGraph's hash() returns std::hash<nebula::Value>, so its numbers
// are those of libstdc++ (ints and bools hash to themselves, strings and
// doubles through _Hash_bytes, which is MurmurHash64A with seed 0xc70f6907)
// and of NebulaGraph's own specializations (FNV-1 for dates, times, vertices,
// edges and paths; boost's hash_combine for lists).

const (
	murmurSeed = 0xc70f6907
	murmurMul  = 0xc6a4a7935bd1e995
	fnvOffset  = 14695981039346656037
	fnvPrime   = 1099511628211
)

func shiftMix(v uint64) uint64 { return v ^ (v >> 47) }

// murmur64A is libstdc++'s _Hash_bytes for a 64-bit size_t.
func murmur64A(b []byte, seed uint64) uint64 {
	h := seed ^ (uint64(len(b)) * murmurMul)
	n := len(b) &^ 7
	for i := 0; i < n; i += 8 {
		k := binary.LittleEndian.Uint64(b[i:])
		h ^= shiftMix(k*murmurMul) * murmurMul
		h *= murmurMul
	}
	if tail := b[n:]; len(tail) > 0 {
		var k uint64
		for i := len(tail) - 1; i >= 0; i-- {
			k = k<<8 | uint64(tail[i])
		}
		h ^= k
		h *= murmurMul
	}
	h = shiftMix(h) * murmurMul
	return shiftMix(h)
}

// fnv64 is folly's fnv64_buf: FNV-1 over the bytes read as signed chars.
func fnv64(b []byte, h uint64) uint64 {
	for _, c := range b {
		h *= fnvPrime
		h ^= uint64(int64(int8(c)))
	}
	return h
}

func fnvString(s string, h uint64) uint64 { return fnv64([]byte(s), h) }

func fnvInt8(v int8, h uint64) uint64 { return fnv64([]byte{byte(v)}, h) }

func fnvInt16(v int16, h uint64) uint64 {
	return fnv64(binary.LittleEndian.AppendUint16(nil, uint16(v)), h)
}

func fnvInt32(v int32, h uint64) uint64 {
	return fnv64(binary.LittleEndian.AppendUint32(nil, uint32(v)), h)
}

func fnvInt64(v int64, h uint64) uint64 {
	return fnv64(binary.LittleEndian.AppendUint64(nil, uint64(v)), h)
}

// hashCombine is boost's hash_combine as NebulaGraph's List hash spells it.
func hashCombine(seed, h uint64) uint64 {
	return seed ^ (h + 0x9e3779b9 + (seed << 6) + (seed >> 2))
}

func hashDouble(f float64) uint64 {
	if f == 0 { // 0.0 and -0.0 both hash to 0 in libstdc++
		return 0
	}
	return murmur64A(binary.LittleEndian.AppendUint64(nil, math.Float64bits(f)), murmurSeed)
}

func hashVertex(v *value.Vertex) uint64 {
	vid := v.VID.String()
	h := fnvString(vid, fnvOffset)
	for _, t := range v.Tags {
		h *= fnvPrime
		h ^= fnvString(t.Name, fnvOffset)
	}
	return h
}

func hashEdge(e *value.Edge) uint64 {
	src, dst, typ := e.Src, e.Dst, e.Type
	if typ <= 0 {
		src, dst, typ = e.Dst, e.Src, -typ
	}
	s, d := src.String(), dst.String()
	h := fnvString(s, fnvOffset)
	h = fnvString(d, h)
	h = fnvInt32(typ, h)
	return fnvInt64(e.Ranking, h)
}

func hashPath(p *value.Path) uint64 {
	h := hashVertex(&p.Src)
	for i := range p.Steps {
		s := &p.Steps[i]
		sh := hashVertex(&s.Dst)
		sh = fnvInt32(s.Type, sh)
		sh = fnvInt64(s.Ranking, sh)
		h *= fnvPrime
		h ^= sh
	}
	return h
}

// nebulaHash is std::hash<nebula::Value>. Maps and sets hash their entries
// in sorted order, since NebulaGraph's order (that of its hash tables) is
// not reproducible; durations hash their fields; geographies hash to ~0.
// hash() itself rejects maps, sets, times, durations and geographies, so
// those cases only matter inside a list.
func nebulaHash(v value.Value) uint64 {
	switch v.Kind() {
	case value.KindEmpty:
		return 0
	case value.KindNull:
		return math.MaxUint64
	case value.KindBool:
		if v.Bool() {
			return 1
		}
		return 0
	case value.KindInt:
		return uint64(v.Int())
	case value.KindFloat:
		return hashDouble(v.Float())
	case value.KindString:
		return murmur64A([]byte(v.Str()), murmurSeed)
	case value.KindDate:
		d := v.Date()
		return fnvInt8(d.Day, fnvInt8(d.Month, fnvInt16(d.Year, fnvOffset)))
	case value.KindTime:
		t := v.Time()
		return fnvInt32(t.Microsec, fnvInt8(t.Sec, fnvInt8(t.Minute, fnvInt8(t.Hour, fnvOffset))))
	case value.KindDateTime:
		// NebulaGraph's DateTime is a bit-field over one 64-bit word, which
		// is what it hashes to.
		dt := v.DateTime()
		return uint64(uint16(dt.Year)) | uint64(dt.Month&0xf)<<16 | uint64(dt.Day&0x1f)<<20 |
			uint64(dt.Hour&0x1f)<<25 | uint64(dt.Minute&0x3f)<<30 | uint64(dt.Sec&0x3f)<<36 |
			uint64(uint32(dt.Microsec)&0x3fffff)<<42
	case value.KindVertex:
		return hashVertex(v.Vertex())
	case value.KindEdge:
		return hashEdge(v.Edge())
	case value.KindPath:
		return hashPath(v.Path())
	case value.KindList:
		var seed uint64
		for _, e := range v.List() {
			seed = hashCombine(seed, nebulaHash(e))
		}
		return seed
	case value.KindSet:
		hs := make([]uint64, 0, len(v.Set()))
		for _, e := range v.Set() {
			hs = append(hs, nebulaHash(e))
		}
		sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
		var seed uint64
		for _, h := range hs {
			seed = hashCombine(seed, h)
		}
		return seed
	case value.KindMap:
		m := v.Map()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var seed uint64
		for _, k := range keys {
			seed = hashCombine(seed, murmur64A([]byte(k), murmurSeed))
			seed = hashCombine(seed, nebulaHash(m[k]))
		}
		return seed
	case value.KindDuration:
		d := v.Duration()
		return fnvInt32(d.Months, fnvInt32(d.Microseconds, fnvInt64(d.Seconds, fnvOffset)))
	}
	return math.MaxUint64
}

func init() {
	register(&Function{Name: "hash", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull, value.KindEmpty, value.KindInt, value.KindFloat, value.KindBool,
			value.KindString, value.KindDate, value.KindDateTime, value.KindVertex, value.KindEdge,
			value.KindPath, value.KindList:
			return value.NewInt(int64(nebulaHash(a[0])))
		}
		return badType
	}})
}
