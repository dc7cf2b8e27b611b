package kvstore

import (
	"bytes"
	"cmp"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// compareNative orders two non-null values of index field f the way
// NebulaGraph orders them: numbers numerically with NaN above +Inf, strings
// bytewise, temporal values field by field. It is the oracle of the index
// encoding.
func compareNative(f IndexField, a, b value.Value) int {
	switch f.Type {
	case TypeBool:
		return cmp.Compare(b2i(a.Bool()), b2i(b.Bool()))
	case TypeFloat, TypeDouble:
		x, y := a.Float(), b.Float()
		switch nx, ny := math.IsNaN(x), math.IsNaN(y); {
		case nx && ny:
			return 0
		case nx:
			return 1
		case ny:
			return -1
		}
		return cmp.Compare(x, y) // -0 == +0
	case TypeString, TypeFixedString:
		return strings.Compare(a.Str(), b.Str())
	case TypeDate:
		x, y := a.Date(), b.Date()
		return cmpSeq(int64(x.Year), int64(y.Year), int64(x.Month), int64(y.Month), int64(x.Day), int64(y.Day))
	case TypeTime:
		x, y := a.Time(), b.Time()
		return cmpSeq(int64(x.Hour), int64(y.Hour), int64(x.Minute), int64(y.Minute), int64(x.Sec), int64(y.Sec),
			int64(x.Microsec), int64(y.Microsec))
	case TypeDateTime:
		x, y := a.DateTime(), b.DateTime()
		return cmpSeq(int64(x.Year), int64(y.Year), int64(x.Month), int64(y.Month), int64(x.Day), int64(y.Day),
			int64(x.Hour), int64(y.Hour), int64(x.Minute), int64(y.Minute), int64(x.Sec), int64(y.Sec),
			int64(x.Microsec), int64(y.Microsec))
	case TypeGeography: // S2 cell ids, unsigned
		return cmp.Compare(uint64(a.Int()), uint64(b.Int()))
	}
	return cmp.Compare(a.Int(), b.Int())
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cmpSeq compares pairs (a0, b0), (a1, b1), ... lexicographically.
func cmpSeq(pairs ...int64) int {
	for i := 0; i < len(pairs); i += 2 {
		if c := cmp.Compare(pairs[i], pairs[i+1]); c != 0 {
			return c
		}
	}
	return 0
}

// randIndexValue returns a random value for f, biased towards the edges of
// its domain where sign flips and padding matter.
func randIndexValue(rng *rand.Rand, f IndexField) value.Value {
	pick := func(n int) int { return rng.IntN(n) }
	i8 := func() int8 { return int8(rng.Uint32()) }
	switch f.Type {
	case TypeBool:
		return value.NewBool(pick(2) == 1)
	case TypeInt8, TypeInt16, TypeInt32, TypeInt64, TypeTimestamp, TypeVID:
		edges := []int64{math.MinInt64, math.MinInt64 + 1, -1, 0, 1, math.MaxInt64 - 1, math.MaxInt64}
		if pick(3) == 0 {
			return value.NewInt(edges[pick(len(edges))])
		}
		return value.NewInt(int64(rng.Uint64()) >> pick(64))
	case TypeFloat, TypeDouble:
		edges := []float64{math.Inf(-1), -math.MaxFloat64, -1, -math.SmallestNonzeroFloat64, math.Copysign(0, -1), 0,
			math.SmallestNonzeroFloat64, 1, math.MaxFloat64, math.Inf(1), math.NaN(), -math.NaN()}
		var x float64
		if pick(3) == 0 {
			x = edges[pick(len(edges))]
		} else {
			x = rng.NormFloat64() * math.Pow(10, float64(pick(40)-20))
		}
		if f.Type == TypeFloat {
			x = float64(float32(x))
		}
		return value.NewFloat(x)
	case TypeString, TypeFixedString:
		alphabet := []string{"", "\x00", "\x01", "a", "b", "\xff", "é"}
		var sb strings.Builder
		for n := pick(f.Len + 3); n > 0; n-- {
			sb.WriteString(alphabet[pick(len(alphabet))])
		}
		return value.NewString(sb.String())
	case TypeDate:
		return value.NewDate(value.Date{Year: int16(rng.Uint32()), Month: i8(), Day: i8()})
	case TypeTime:
		return value.NewTime(value.Time{Hour: i8(), Minute: i8(), Sec: i8(), Microsec: int32(rng.Uint32())})
	case TypeDateTime:
		return value.NewDateTime(value.DateTime{Year: int16(rng.Uint32()), Month: int8(pick(16)), Day: int8(pick(32)),
			Hour: int8(pick(32)), Minute: int8(pick(64)), Sec: int8(pick(64)), Microsec: int32(pick(1 << 20))})
	case TypeGeography: // a cell id: faces 0-2 are positive as int64, 3-5 negative
		return value.NewInt(int64(rng.Uint64()))
	}
	panic("randIndexValue: " + f.Type.String())
}

func indexableFields() []IndexField {
	return []IndexField{
		{Type: TypeBool}, {Type: TypeInt8}, {Type: TypeInt16}, {Type: TypeInt32}, {Type: TypeInt64},
		{Type: TypeTimestamp}, {Type: TypeVID}, {Type: TypeFloat}, {Type: TypeDouble},
		{Type: TypeString, Len: 3}, {Type: TypeFixedString, Len: 5}, {Type: TypeDate}, {Type: TypeTime},
		{Type: TypeDateTime}, {Type: TypeGeography},
	}
}

// TestIndexEncodingPreservesOrder is the property test of the index value
// encoding: for random pairs, byte order agrees with value order, and equal
// encodings happen only for equal values or strings sharing a truncated
// prefix.
func TestIndexEncodingPreservesOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, base := range indexableFields() {
		for _, nullable := range []bool{false, true} {
			f := base
			f.Nullable = nullable
			for range 3000 {
				a, b := randIndexValue(rng, f), randIndexValue(rng, f)
				if nullable && rng.IntN(10) == 0 {
					a = value.Null
				}
				ea, err := AppendIndexValue(nil, f, a)
				if err != nil {
					t.Fatalf("%v: encode %v: %v", f.Type, a, err)
				}
				eb, err := AppendIndexValue(nil, f, b)
				if err != nil {
					t.Fatalf("%v: encode %v: %v", f.Type, b, err)
				}
				if w, _ := IndexWidth(f); len(ea) != w || len(eb) != w {
					t.Fatalf("%v: widths %d, %d, want %d", f.Type, len(ea), len(eb), w)
				}
				var want int
				switch {
				case a.IsNull(): // NULL sorts last
					want = 1
				default:
					want = compareNative(f, a, b)
				}
				got := bytes.Compare(ea, eb)
				trunc := truncatedString(f, a) && truncatedString(f, b) && a.Str()[:f.Len] == b.Str()[:f.Len]
				if got != want && !(got == 0 && trunc) {
					t.Fatalf("%v nullable=%v: %v vs %v: bytes compare %d, values compare %d (%x vs %x)",
						f.Type, nullable, a, b, got, want, ea, eb)
				}
			}
		}
	}
}

func TestIndexValueRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, base := range indexableFields() {
		for _, nullable := range []bool{false, true} {
			f := base
			f.Nullable = nullable
			for range 500 {
				v := randIndexValue(rng, f)
				if nullable && rng.IntN(5) == 0 {
					v = value.Null
				}
				enc, err := AppendIndexValue([]byte("x"), f, v)
				if err != nil {
					t.Fatal(err)
				}
				got, exact, rest, err := DecodeIndexValue(f, append(enc[1:], 7))
				if err != nil || len(rest) != 1 || rest[0] != 7 {
					t.Fatalf("%v: decode %x: %v, rest %x", f.Type, enc[1:], err, rest)
				}
				want := v
				switch {
				case f.Type == TypeGeography && !v.IsNull():
					if exact {
						t.Fatalf("geography cell %v decoded as exact", v)
					}
				case truncatedString(f, v):
					want = value.NewString(v.Str()[:f.Len])
					if exact {
						t.Fatalf("%v: truncated %q decoded as exact", f.Type, v.Str())
					}
				case v.Kind() == value.KindFloat && v.Float() == 0:
					want = value.NewFloat(0) // -0 is stored as +0
				}
				if !sameValue(got, want) {
					t.Fatalf("%v: round trip of %v gave %v", f.Type, v, got)
				}
			}
		}
	}
}

func TestIndexValueErrors(t *testing.T) {
	for _, typ := range []PropertyType{TypeDuration, TypeUnknown} {
		if _, err := AppendIndexValue(nil, IndexField{Type: typ}, value.NewInt(1)); !errors.Is(err, ErrNotIndexable) {
			t.Errorf("%v: err = %v", typ, err)
		}
		if _, err := IndexWidth(IndexField{Type: typ}); !errors.Is(err, ErrNotIndexable) {
			t.Errorf("%v width: err = %v", typ, err)
		}
	}
	for _, n := range []int{0, MaxFixedLen} {
		if _, err := IndexWidth(IndexField{Type: TypeString, Len: n}); !errors.Is(err, ErrNotIndexable) {
			t.Errorf("string index of length %d: err = %v", n, err)
		}
	}
	if _, err := AppendIndexValue(nil, IndexField{Type: TypeInt64}, value.Null); !errors.Is(err, ErrNotNullable) {
		t.Errorf("null in not null: err = %v", err)
	}
	for _, tc := range []struct {
		f IndexField
		v value.Value
	}{
		{IndexField{Type: TypeInt64}, value.NewString("1")},
		{IndexField{Type: TypeDouble}, value.NewBool(true)},
		{IndexField{Type: TypeBool}, value.NewInt(1)},
		{IndexField{Type: TypeString, Len: 2}, value.NewInt(1)},
		{IndexField{Type: TypeDate, Nullable: true}, value.NewInt(1)},
		{IndexField{Type: TypeTime}, value.NewInt(1)},
		{IndexField{Type: TypeDateTime}, value.NewInt(1)},
		// A geography indexes as its cells, never as itself.
		{IndexField{Type: TypeGeography}, value.NewGeography(&value.Geography{Shape: value.GeoPoint})},
	} {
		out, err := AppendIndexValue([]byte("k"), tc.f, tc.v)
		if !errors.Is(err, ErrTypeMismatch) || string(out) != "k" {
			t.Errorf("%v with %v: %q, %v", tc.f.Type, tc.v.Kind(), out, err)
		}
	}
	bad := []struct {
		f IndexField
		b []byte
	}{
		{IndexField{Type: TypeInt64}, []byte{1, 2, 3}},
		{IndexField{Type: TypeBool}, []byte{2}},
		{IndexField{Type: TypeBool, Nullable: true}, []byte{2, 0}},
		{IndexField{Type: TypeBool, Nullable: true}, []byte{1, 1}},
		{IndexField{Type: TypeString, Len: 2}, []byte{'a', 'b', 0, 4}},
		{IndexField{Type: TypeString, Len: 2}, []byte{'a', 'b', 0, 1}},
	}
	for _, tc := range bad {
		if _, _, _, err := DecodeIndexValue(tc.f, tc.b); !errors.Is(err, ErrBadIndexValue) {
			t.Errorf("decode %v %x: err = %v", tc.f.Type, tc.b, err)
		}
	}
	fields := []IndexField{{Type: TypeInt64}, {Type: TypeBool}}
	enc, _ := AppendIndexValue(nil, fields[0], value.NewInt(3))
	enc, _ = AppendIndexValue(enc, fields[1], value.NewBool(true))
	if vals, exact, err := DecodeIndexValues(nil, fields, enc); err != nil || !exact || len(vals) != 2 {
		t.Errorf("DecodeIndexValues: %v, %v, %v", vals, exact, err)
	}
	if _, _, err := DecodeIndexValues(nil, fields, append(enc, 0)); !errors.Is(err, ErrBadIndexValue) {
		t.Errorf("trailing bytes: err = %v", err)
	}
	if _, _, err := DecodeIndexValues(nil, fields, enc[:3]); !errors.Is(err, ErrBadIndexValue) {
		t.Errorf("short values: err = %v", err)
	}
}

// TestIndexScanRangeMatchesNaiveFilter builds a two-field index (a nullable
// int, then a string with a short prefix length) in an engine and checks
// that scanning IndexScanRange's key range returns what filtering every
// entry by value returns — exactly when the range says it is exact, a
// superset otherwise.
func TestIndexScanRangeMatchesNaiveFilter(t *testing.T) {
	e := openMem(t, Options{})
	c, _ := NewKeyCodec(VIDInt64, 8)
	fields := []IndexField{{Type: TypeInt64, Nullable: true}, {Type: TypeString, Len: 2, Nullable: true}}
	rng := rand.New(rand.NewPCG(21, 22))
	type entry struct{ a, b value.Value }
	entries := map[int64]entry{}
	randA := func() value.Value {
		if rng.IntN(8) == 0 {
			return value.Null
		}
		return value.NewInt(int64(rng.IntN(7) - 3))
	}
	randB := func() value.Value {
		if rng.IntN(8) == 0 {
			return value.Null
		}
		return value.NewString([]string{"", "a", "ab", "abc", "abd", "b", "ba"}[rng.IntN(7)])
	}
	b := e.NewBatch()
	for vid := range int64(400) {
		en := entry{randA(), randB()}
		entries[vid] = en
		vals, err := AppendIndexValue(nil, fields[0], en.a)
		if err != nil {
			t.Fatal(err)
		}
		if vals, err = AppendIndexValue(vals, fields[1], en.b); err != nil {
			t.Fatal(err)
		}
		if err := b.Put(c.AppendTagIndexKey(nil, 1, 5, vals, mustVID(t, c, value.NewInt(vid))), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Close()

	bound := func(v value.Value) *IndexBound {
		if rng.IntN(3) == 0 {
			return nil
		}
		return &IndexBound{Value: v, Inclusive: rng.IntN(2) == 0}
	}
	inRange := func(f IndexField, v value.Value, lo, hi *IndexBound) bool {
		if v.IsNull() {
			return false
		}
		if lo != nil {
			if c := compareNative(f, v, lo.Value); c < 0 || c == 0 && !lo.Inclusive {
				return false
			}
		}
		if hi != nil {
			if c := compareNative(f, v, hi.Value); c > 0 || c == 0 && !hi.Inclusive {
				return false
			}
		}
		return true
	}
	for range 300 {
		var r IndexRange
		var match func(entry) bool
		switch rng.IntN(3) {
		case 0: // range on the first field
			r.Lower, r.Upper = bound(randA()), bound(randA())
			if r.Lower != nil && r.Lower.Value.IsNull() || r.Upper != nil && r.Upper.Value.IsNull() {
				continue
			}
			ranged := r.Lower != nil || r.Upper != nil
			match = func(en entry) bool { return !ranged || inRange(fields[0], en.a, r.Lower, r.Upper) }
		case 1: // equality on the first, range on the second
			eq := randA()
			r.Eq = []value.Value{eq}
			r.Lower, r.Upper = bound(randB()), bound(randB())
			if r.Lower != nil && r.Lower.Value.IsNull() || r.Upper != nil && r.Upper.Value.IsNull() {
				continue
			}
			ranged := r.Lower != nil || r.Upper != nil
			match = func(en entry) bool {
				return sameValue(en.a, eq) && (!ranged || inRange(fields[1], en.b, r.Lower, r.Upper))
			}
		default: // equality on both
			eqA, eqB := randA(), randB()
			r.Eq = []value.Value{eqA, eqB}
			match = func(en entry) bool { return sameValue(en.a, eqA) && sameValue(en.b, eqB) }
		}
		start, end, exact, err := IndexScanRange(1, 5, fields, r)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]bool{}
		it, err := e.NewIter(IterOptions{LowerBound: start, UpperBound: end})
		if err != nil {
			t.Fatal(err)
		}
		for ok := it.First(); ok; ok = it.Next() {
			k, err := c.ParseTagIndexKey(it.Key())
			if err != nil {
				t.Fatal(err)
			}
			v, _ := c.VIDValue(k.VID)
			got[v.Int()] = true
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
		for vid, en := range entries {
			want := match(en)
			if want && !got[vid] {
				t.Fatalf("range %+v (lo %+v hi %+v): entry %d %v missing", r.Eq, r.Lower, r.Upper, vid, en)
			}
			if !want && got[vid] && exact {
				t.Fatalf("range %+v (lo %+v hi %+v), exact: entry %d %v returned", r.Eq, r.Lower, r.Upper, vid, en)
			}
		}
	}
	if _, _, _, err := IndexScanRange(1, 5, fields, IndexRange{Eq: make([]value.Value, 2), Lower: &IndexBound{Value: value.NewInt(1)}}); !errors.Is(err, ErrNotIndexable) {
		t.Errorf("range past the last field: err = %v", err)
	}
	if _, _, _, err := IndexScanRange(1, 5, fields, IndexRange{Lower: &IndexBound{Value: value.Null}}); !errors.Is(err, ErrTypeMismatch) {
		t.Errorf("NULL bound: err = %v", err)
	}
}
