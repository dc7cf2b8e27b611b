package kvstore

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// sameValue is equality for round-trip checks: deep, with NaN == NaN.
func sameValue(a, b value.Value) bool {
	if a.Kind() == value.KindFloat && b.Kind() == value.KindFloat && math.IsNaN(a.Float()) && math.IsNaN(b.Float()) {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// allTypes is one column of every property type.
func allTypes() []Column {
	return []Column{
		{Name: "b", Type: TypeBool},
		{Name: "i8", Type: TypeInt8},
		{Name: "i16", Type: TypeInt16},
		{Name: "i32", Type: TypeInt32},
		{Name: "i64", Type: TypeInt64},
		{Name: "vid", Type: TypeVID},
		{Name: "f", Type: TypeFloat},
		{Name: "d", Type: TypeDouble},
		{Name: "s", Type: TypeString},
		{Name: "fs", Type: TypeFixedString, FixedLen: 6},
		{Name: "ts", Type: TypeTimestamp},
		{Name: "dur", Type: TypeDuration},
		{Name: "date", Type: TypeDate},
		{Name: "dt", Type: TypeDateTime},
		{Name: "t", Type: TypeTime},
		{Name: "geo", Type: TypeGeography},
		{Name: "ls", Type: TypeListString},
		{Name: "li", Type: TypeListInt},
		{Name: "lf", Type: TypeListFloat},
		{Name: "ss", Type: TypeSetString},
		{Name: "si", Type: TypeSetInt},
		{Name: "sf", Type: TypeSetFloat},
	}
}

// randValue returns a random value column c can hold and that reads back
// unchanged.
func randValue(rng *rand.Rand, c Column) value.Value {
	randStr := func(max int) string {
		const alphabet = "ab\x00\xffé😀z"
		var sb strings.Builder
		for sb.Len() < max {
			if rng.IntN(4) == 0 {
				break
			}
			r := []rune(alphabet)[rng.IntN(len([]rune(alphabet)))]
			if sb.Len()+len(string(r)) > max {
				break
			}
			sb.WriteRune(r)
		}
		return sb.String()
	}
	coord := func() value.Coordinate {
		return value.Coordinate{X: rng.NormFloat64() * 100, Y: rng.NormFloat64() * 50}
	}
	if c.Type.IsContainer() {
		vs := make([]value.Value, rng.IntN(5))
		for i := range vs {
			switch elemKind(c.Type) {
			case value.KindString:
				vs[i] = value.NewString(randStr(10))
			case value.KindInt:
				vs[i] = value.NewInt(int64(rng.Uint64()))
			default:
				vs[i] = value.NewFloat(rng.NormFloat64())
			}
		}
		if isSetType(c.Type) {
			return value.NewSet(vs)
		}
		return value.NewList(vs)
	}
	switch c.Type {
	case TypeBool:
		return value.NewBool(rng.IntN(2) == 1)
	case TypeInt8:
		return value.NewInt(int64(int8(rng.Uint32())))
	case TypeInt16:
		return value.NewInt(int64(int16(rng.Uint32())))
	case TypeInt32:
		return value.NewInt(int64(int32(rng.Uint32())))
	case TypeInt64, TypeVID, TypeTimestamp:
		return value.NewInt(int64(rng.Uint64()))
	case TypeFloat:
		return value.NewFloat(float64(float32(rng.NormFloat64() * 1e6)))
	case TypeDouble:
		return value.NewFloat([]float64{math.Inf(-1), math.Inf(1), math.NaN(), 0, rng.NormFloat64() * 1e300}[rng.IntN(5)])
	case TypeString:
		return value.NewString(randStr(40))
	case TypeFixedString:
		return value.NewString(randStr(c.FixedLen))
	case TypeDuration:
		return value.NewDuration(value.Duration{Seconds: int64(rng.Uint64()), Microseconds: int32(rng.Uint32()), Months: int32(rng.Uint32())})
	case TypeDate:
		return value.NewDate(value.Date{Year: int16(rng.Uint32()), Month: int8(1 + rng.IntN(12)), Day: int8(1 + rng.IntN(28))})
	case TypeDateTime:
		return value.NewDateTime(value.DateTime{Year: int16(rng.IntN(8000) - 4000), Month: int8(1 + rng.IntN(12)), Day: int8(1 + rng.IntN(31)),
			Hour: int8(rng.IntN(24)), Minute: int8(rng.IntN(60)), Sec: int8(rng.IntN(60)), Microsec: int32(rng.IntN(1000000))})
	case TypeTime:
		return value.NewTime(value.Time{Hour: int8(rng.IntN(24)), Minute: int8(rng.IntN(60)), Sec: int8(rng.IntN(60)), Microsec: int32(rng.IntN(1000000))})
	case TypeGeography:
		switch rng.IntN(3) {
		case 0:
			return value.NewGeography(&value.Geography{Shape: value.GeoPoint, Point: coord()})
		case 1:
			return value.NewGeography(&value.Geography{Shape: value.GeoLineString, Line: []value.Coordinate{coord(), coord(), coord()}})
		default:
			ring := []value.Coordinate{coord(), coord(), coord(), coord()}
			return value.NewGeography(&value.Geography{Shape: value.GeoPolygon, Rings: [][]value.Coordinate{ring, ring[:3]}})
		}
	}
	panic("randValue: type " + c.Type.String())
}

func mustSchema(t testing.TB, ver int64, cols []Column, ttl TTL) *Schema {
	t.Helper()
	s, err := NewSchema(ver, cols, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRowRoundTripEveryType(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cols := allTypes()
	for _, c := range allTypes() { // and a nullable twin of each
		c.Name += "_n"
		c.Nullable = true
		cols = append(cols, c)
	}
	for _, ver := range []int64{0, 1, 255, 256, math.MaxInt64} {
		s := mustSchema(t, ver, cols, TTL{})
		for range 200 {
			vals := make([]value.Value, len(cols))
			for i, c := range cols {
				if c.Nullable && rng.IntN(3) == 0 {
					vals[i] = value.Null
				} else {
					vals[i] = randValue(rng, c)
				}
			}
			row, err := s.EncodeRow(nil, vals)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := RowVersion(row); err != nil || got != ver {
				t.Fatalf("RowVersion = %d, %v; want %d", got, err, ver)
			}
			r, err := NewRowReader(s, row)
			if err != nil {
				t.Fatal(err)
			}
			// Read columns in a random order: each read stands alone.
			for _, i := range rng.Perm(len(cols)) {
				got, err := r.Value(i)
				if err != nil {
					t.Fatalf("column %s: %v", cols[i].Name, err)
				}
				if !sameValue(got, vals[i]) {
					t.Fatalf("version %d column %s: got %v, want %v", ver, cols[i].Name, got, vals[i])
				}
				if r.IsNull(i) != vals[i].IsNull() {
					t.Fatalf("column %s: IsNull = %v", cols[i].Name, r.IsNull(i))
				}
			}
			all, err := r.Values(nil)
			if err != nil || len(all) != len(cols) {
				t.Fatalf("Values: %d values, %v", len(all), err)
			}
		}
	}
}

func TestRowEmptySchema(t *testing.T) {
	s := mustSchema(t, 0, nil, TTL{})
	row, err := s.EncodeRow(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(row) != 1 {
		t.Errorf("empty row is %d bytes, want 1", len(row))
	}
	if _, err := NewRowReader(s, row); err != nil {
		t.Fatal(err)
	}
}

func TestRowDefaultsAndNulls(t *testing.T) {
	s := mustSchema(t, 3, []Column{
		{Name: "name", Type: TypeString},
		{Name: "age", Type: TypeInt64, HasDefault: true, Default: value.NewInt(18)},
		{Name: "nick", Type: TypeString, Nullable: true},
		{Name: "score", Type: TypeDouble, Nullable: true, HasDefault: true, Default: value.NewInt(5)},
		{Name: "code", Type: TypeFixedString, FixedLen: 3, HasDefault: true, Default: value.NewString("abcdef")},
	}, TTL{})
	row, err := s.EncodeRow(nil, []value.Value{value.NewString("Tom")})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRowReader(s, row)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]value.Value{
		"name": value.NewString("Tom"), "age": value.NewInt(18), "nick": value.Null,
		"score": value.NewFloat(5), "code": value.NewString("abc"),
	}
	for name, w := range want {
		if got, err := r.ValueByName(name); err != nil || !sameValue(got, w) {
			t.Errorf("%s = %v, %v; want %v", name, got, err, w)
		}
	}
	if _, err := r.ValueByName("nope"); !errors.Is(err, ErrUnknownProp) {
		t.Errorf("unknown name: err = %v", err)
	}
	if _, err := r.Value(5); !errors.Is(err, ErrUnknownProp) {
		t.Errorf("position past the end: err = %v", err)
	}
	// An explicit NULL wins over the default of a nullable column.
	row, _ = s.EncodeRow(nil, []value.Value{value.NewString("x"), value.Empty, value.Empty, value.Null})
	r, _ = NewRowReader(s, row)
	if got, _ := r.ValueByName("score"); !got.IsNull() {
		t.Errorf("explicit NULL: score = %v", got)
	}
}

func TestRowEncodeErrors(t *testing.T) {
	s := mustSchema(t, 0, []Column{
		{Name: "name", Type: TypeString},
		{Name: "small", Type: TypeInt8, Nullable: true},
		{Name: "f", Type: TypeFloat, Nullable: true},
		{Name: "when", Type: TypeDate, Nullable: true},
		{Name: "ids", Type: TypeListInt, Nullable: true},
	}, TTL{})
	cases := []struct {
		name string
		vals []value.Value
		want error
	}{
		{"missing not null", nil, ErrNoDefault},
		{"null in not null", []value.Value{value.Null}, ErrNotNullable},
		{"int for string", []value.Value{value.NewInt(1)}, ErrTypeMismatch},
		{"int8 overflow", []value.Value{value.NewString("a"), value.NewInt(128)}, ErrOutOfRange},
		{"int8 underflow", []value.Value{value.NewString("a"), value.NewInt(-129)}, ErrOutOfRange},
		{"string for int", []value.Value{value.NewString("a"), value.NewString("1")}, ErrTypeMismatch},
		{"float above int8", []value.Value{value.NewString("a"), value.NewFloat(127.4)}, ErrOutOfRange},
		{"float below int8", []value.Value{value.NewString("a"), value.NewFloat(-128.1)}, ErrOutOfRange},
		{"nan for int", []value.Value{value.NewString("a"), value.NewFloat(math.NaN())}, ErrOutOfRange},
		{"float32 overflow", []value.Value{value.NewString("a"), value.Empty, value.NewFloat(1e39)}, ErrOutOfRange},
		{"string for date", []value.Value{value.NewString("a"), value.Empty, value.Empty, value.NewString("2020-01-01")}, ErrTypeMismatch},
		{"too many values", make([]value.Value, 6), ErrUnknownProp},
		{"string in int list", []value.Value{value.NewString("a"), value.Empty, value.Empty, value.Empty,
			value.NewList([]value.Value{value.NewInt(1), value.NewString("x")})}, ErrTypeMismatch},
		{"set for list", []value.Value{value.NewString("a"), value.Empty, value.Empty, value.Empty,
			value.NewSet([]value.Value{value.NewInt(1)})}, ErrTypeMismatch},
	}
	for _, tc := range cases {
		dst := []byte("prefix")
		out, err := s.EncodeRow(dst, tc.vals)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
		if string(out) != "prefix" {
			t.Errorf("%s: dst changed to %q", tc.name, out)
		}
	}
	// Bounds are inclusive, and ints widen to FLOAT.
	if _, err := s.EncodeRow(nil, []value.Value{value.NewString("a"), value.NewInt(-128), value.NewInt(3)}); err != nil {
		t.Errorf("edge values: %v", err)
	}
}

// TestRowFloatIntoIntColumn: NebulaGraph rounds a float written to an integer
// column half away from zero, after checking the unrounded value's range.
func TestRowFloatIntoIntColumn(t *testing.T) {
	cases := []struct {
		typ  PropertyType
		in   float64
		want int64
		err  error
	}{
		{TypeInt32, 3.2, 3, nil},
		{TypeInt32, 3.8, 4, nil},
		{TypeInt32, -3.2, -3, nil},
		{TypeInt32, -3.8, -4, nil},
		{TypeInt32, 2.5, 3, nil},
		{TypeInt32, -2.5, -3, nil},
		{TypeInt32, 2147483647.1, 0, ErrOutOfRange},
		{TypeInt16, -32768, -32768, nil},
		{TypeInt8, 127, 127, nil},
		{TypeInt64, 1e18, 1e18, nil},
		{TypeInt64, 0x1p63, 0, ErrOutOfRange},
		{TypeInt64, math.Inf(-1), 0, ErrOutOfRange},
	}
	for _, tc := range cases {
		s := mustSchema(t, 0, []Column{{Name: "a", Type: tc.typ}}, TTL{})
		row, err := s.EncodeRow(nil, []value.Value{value.NewFloat(tc.in)})
		if !errors.Is(err, tc.err) {
			t.Errorf("%v %g: err = %v, want %v", tc.typ, tc.in, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		r, _ := NewRowReader(s, row)
		if got, _ := r.Value(0); got.Kind() != value.KindInt || got.Int() != tc.want {
			t.Errorf("%v %g: read back %v, want %d", tc.typ, tc.in, got, tc.want)
		}
	}
}

func TestFixedStringTruncation(t *testing.T) {
	// NebulaGraph keeps whole UTF-8 characters: "😀😀" in FIXED_STRING(5)
	// reads back as "😀".
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"😀😀", 5, "😀"}, {"羊羊羊", 5, "羊"}, {"English", 5, "Engli"}, {"abc", 5, "abc"},
		{"é", 1, ""}, {"aé", 2, "a"}, {"\xff\xff\xff", 2, "\xff\xff"}, {"abc", 0, ""},
	}
	for _, tc := range cases {
		if got := TruncateUTF8(tc.in, tc.n); got != tc.want {
			t.Errorf("TruncateUTF8(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
	s := mustSchema(t, 0, []Column{{Name: "c", Type: TypeFixedString, FixedLen: 5}}, TTL{})
	row, err := s.EncodeRow(nil, []value.Value{value.NewString("😀😀")})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := NewRowReader(s, row)
	if got, _ := r.Value(0); got.Str() != "😀" {
		t.Errorf("fixed_string(5) of 😀😀 = %q", got.Str())
	}
}

func TestNewSchemaErrors(t *testing.T) {
	cases := []struct {
		name string
		ver  int64
		cols []Column
		ttl  TTL
	}{
		{"negative version", -1, nil, TTL{}},
		{"empty name", 0, []Column{{Type: TypeInt64}}, TTL{}},
		{"duplicate", 0, []Column{{Name: "a", Type: TypeInt64}, {Name: "a", Type: TypeBool}}, TTL{}},
		{"unknown type", 0, []Column{{Name: "a", Type: TypeUnknown}}, TTL{}},
		{"undeclared type", 0, []Column{{Name: "a", Type: 99}}, TTL{}},
		{"fixed_string(0)", 0, []Column{{Name: "a", Type: TypeFixedString}}, TTL{}},
		{"length on int", 0, []Column{{Name: "a", Type: TypeInt64, FixedLen: 3}}, TTL{}},
		{"bad default", 0, []Column{{Name: "a", Type: TypeInt64, HasDefault: true, Default: value.NewString("x")}}, TTL{}},
		{"ttl column missing", 0, []Column{{Name: "a", Type: TypeInt64}}, TTL{Col: "b", Duration: 5}},
		{"ttl column string", 0, []Column{{Name: "a", Type: TypeString}}, TTL{Col: "a", Duration: 5}},
		{"ttl negative", 0, []Column{{Name: "a", Type: TypeInt64}}, TTL{Col: "a", Duration: -5}},
	}
	for _, tc := range cases {
		if _, err := NewSchema(tc.ver, tc.cols, tc.ttl); !errors.Is(err, ErrBadSchema) {
			t.Errorf("%s: err = %v, want ErrBadSchema", tc.name, err)
		}
	}
}

func TestVersionsReadAcrossAlter(t *testing.T) {
	v0 := mustSchema(t, 0, []Column{{Name: "name", Type: TypeString}}, TTL{})
	v1 := mustSchema(t, 1, []Column{
		{Name: "name", Type: TypeString},
		{Name: "age", Type: TypeInt64, HasDefault: true, Default: value.NewInt(7)},
		{Name: "nick", Type: TypeString, Nullable: true},
		{Name: "must", Type: TypeString},
	}, TTL{})
	vs, err := NewVersions(v1, v0)
	if err != nil {
		t.Fatal(err)
	}
	if vs.Latest() != v1 || vs.Version(0) != v0 || vs.Version(2) != nil || vs.Version(-1) != nil {
		t.Fatal("version lookup")
	}
	old, _ := v0.EncodeRow(nil, []value.Value{value.NewString("Tom")})
	r, err := vs.Reader(old)
	if err != nil || r.Schema() != v0 {
		t.Fatalf("reader of old row: %v", err)
	}
	for name, want := range map[string]value.Value{"name": value.NewString("Tom"), "age": value.NewInt(7), "nick": value.Null} {
		if got, err := vs.Read(r, name); err != nil || !sameValue(got, want) {
			t.Errorf("Read(%s) = %v, %v; want %v", name, got, err, want)
		}
	}
	for _, name := range []string{"must", "nope"} {
		if _, err := vs.Read(r, name); !errors.Is(err, ErrUnknownProp) {
			t.Errorf("Read(%s): err = %v", name, err)
		}
	}
	v7 := mustSchema(t, 7, []Column{{Name: "name", Type: TypeString}}, TTL{})
	unknown, _ := v7.EncodeRow(nil, []value.Value{value.NewString("x")})
	if _, err := vs.Reader(unknown); !errors.Is(err, ErrSchemaVersion) {
		t.Errorf("unknown version: err = %v", err)
	}
	if _, err := NewRowReader(v1, old); !errors.Is(err, ErrSchemaVersion) {
		t.Errorf("wrong schema: err = %v", err)
	}
	sparse, err := NewVersions(v7, v0)
	if err != nil || sparse.Version(7) != v7 || sparse.Version(3) != nil {
		t.Errorf("sparse versions lookup: %v", err)
	}
	if _, err := NewVersions(); !errors.Is(err, ErrBadSchema) {
		t.Errorf("no versions: err = %v", err)
	}
	if _, err := NewVersions(v0, v0); !errors.Is(err, ErrBadSchema) {
		t.Errorf("duplicate versions: err = %v", err)
	}
}

func TestTTLExpiry(t *testing.T) {
	cols := []Column{{Name: "created", Type: TypeTimestamp, Nullable: true}, {Name: "n", Type: TypeInt64, Nullable: true}}
	s := mustSchema(t, 0, cols, TTL{Col: "created", Duration: 100})
	vs, _ := NewVersions(s)
	read := func(vals ...value.Value) RowReader {
		row, err := s.EncodeRow(nil, vals)
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewRowReader(s, row)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		name string
		r    RowReader
		now  int64
		want bool
	}{
		{"fresh", read(value.NewInt(1000)), 1050, false},
		{"at the limit", read(value.NewInt(1000)), 1100, false},
		{"expired", read(value.NewInt(1000)), 1101, true},
		{"null never expires", read(value.Null), 1 << 40, false},
		{"overflow never expires", read(value.NewInt(math.MaxInt64)), math.MaxInt64, false},
	}
	for _, tc := range cases {
		if got := vs.Expired(tc.r, tc.now); got != tc.want {
			t.Errorf("%s: Expired = %v, want %v", tc.name, got, tc.want)
		}
	}
	off, _ := NewVersions(mustSchema(t, 0, cols, TTL{Col: "created"}))
	if off.Expired(read(value.NewInt(0)), 1<<40) {
		t.Error("zero duration expired a row")
	}
	// The TTL of the latest version applies to rows of older versions.
	v1 := mustSchema(t, 1, cols, TTL{Col: "n", Duration: 10})
	vs2, _ := NewVersions(s, v1)
	if !vs2.Expired(read(value.NewInt(1<<40), value.NewInt(0)), 11) {
		t.Error("latest TTL column not used for an old row")
	}
}

func TestRowMalformed(t *testing.T) {
	s := mustSchema(t, 1, []Column{
		{Name: "s", Type: TypeString},
		{Name: "fs", Type: TypeFixedString, FixedLen: 4},
		{Name: "g", Type: TypeGeography},
	}, TTL{})
	g := value.NewGeography(&value.Geography{Shape: value.GeoLineString, Line: []value.Coordinate{{X: 1, Y: 2}, {X: 3, Y: 4}}})
	row, err := s.EncodeRow(nil, []value.Value{value.NewString("hello"), value.NewString("ab"), g})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, {0x00}, {0x1f}, {0x12, 1}, row[:10]} {
		if _, err := NewRowReader(s, bad); err == nil {
			t.Errorf("NewRowReader(%x) accepted", bad)
		}
	}
	// A string slot pointing past the end.
	corrupt := append([]byte(nil), row...)
	corrupt[2+4] = 0xff // length of "s"
	r, err := NewRowReader(s, corrupt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Value(0); !errors.Is(err, ErrBadRow) {
		t.Errorf("string out of bounds: err = %v", err)
	}
	// A fixed string length beyond N.
	corrupt = append([]byte(nil), row...)
	corrupt[2+8] = 9
	r, _ = NewRowReader(s, corrupt)
	if _, err := r.Value(1); !errors.Is(err, ErrBadRow) {
		t.Errorf("fixed string length: err = %v", err)
	}
	// Truncated geography bytes.
	r, _ = NewRowReader(s, row[:len(row)-1])
	if _, err := r.Value(2); !errors.Is(err, ErrBadRow) {
		t.Errorf("truncated geography: err = %v", err)
	}
}

// TestEncodeRowAppends checks that a row appended after other bytes is the
// same row: tail offsets are relative to the row, not to dst.
func TestEncodeRowAppends(t *testing.T) {
	s := mustSchema(t, 4, []Column{{Name: "s", Type: TypeString}, {Name: "g", Type: TypeGeography, Nullable: true}}, TTL{})
	vals := []value.Value{value.NewString("hello"), value.NewGeography(&value.Geography{Shape: value.GeoPoint})}
	alone, err := s.EncodeRow(nil, vals)
	if err != nil {
		t.Fatal(err)
	}
	appended, err := s.EncodeRow([]byte("some key"), vals)
	if err != nil {
		t.Fatal(err)
	}
	if string(appended) != "some key"+string(alone) {
		t.Errorf("appended row %x, alone %x", appended, alone)
	}
}

func TestRowContainers(t *testing.T) {
	s := mustSchema(t, 0, []Column{
		{Name: "tags", Type: TypeSetString},
		{Name: "scores", Type: TypeListFloat},
	}, TTL{})
	strs := func(ss ...string) []value.Value {
		out := make([]value.Value, len(ss))
		for i, x := range ss {
			out[i] = value.NewString(x)
		}
		return out
	}
	// A list for a set column is deduplicated; ints widen in float lists.
	row, err := s.EncodeRow(nil, []value.Value{
		value.NewList(strs("a", "b", "a")),
		value.NewList([]value.Value{value.NewInt(1), value.NewFloat(2.5)}),
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRowReader(s, row)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := r.Values(nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := value.NewSet(strs("a", "b")); !sameValue(vals[0], want) {
		t.Errorf("tags = %v, want %v", vals[0], want)
	}
	if want := value.NewList([]value.Value{value.NewFloat(1), value.NewFloat(2.5)}); !sameValue(vals[1], want) {
		t.Errorf("scores = %v, want %v", vals[1], want)
	}
	// A truncated tail is a bad row, not a panic.
	for cut := 1; cut < 12; cut++ {
		if len(row) <= cut {
			break
		}
		if r, err := NewRowReader(s, row[:len(row)-cut]); err == nil {
			if _, err := r.Values(nil); err == nil {
				t.Errorf("row cut by %d bytes read without error", cut)
			}
		}
	}
}

// A row older than its TTL column expires by the column's default, as
// NebulaGraph reads it (ALTER TAG t ADD (n int DEFAULT ...), then TTL_COL).
func TestTTLOfAddedColumn(t *testing.T) {
	v0 := mustSchema(t, 0, []Column{{Name: "name", Type: TypeString}}, TTL{})
	v1 := mustSchema(t, 1, []Column{{Name: "name", Type: TypeString},
		{Name: "n", Type: TypeInt64, HasDefault: true, Default: value.NewInt(1000)}}, TTL{Col: "n", Duration: 30})
	vs, err := NewVersions(v0, v1)
	if err != nil {
		t.Fatal(err)
	}
	row, _ := v0.EncodeRow(nil, []value.Value{value.NewString("tom")})
	r, err := vs.Reader(row)
	if err != nil {
		t.Fatal(err)
	}
	if !vs.Expired(r, 2000) {
		t.Error("old row not expired by the default of the TTL column")
	}
	if vs.Expired(r, 1020) {
		t.Error("old row expired before default+duration")
	}
}

func TestGeographyShape(t *testing.T) {
	s := mustSchema(t, 0, []Column{{Name: "p", Type: TypeGeography, Shape: value.GeoPoint}}, TTL{})
	line := value.NewGeography(&value.Geography{Shape: value.GeoLineString, Line: []value.Coordinate{{X: 1, Y: 2}, {X: 3, Y: 4}}})
	if _, err := s.EncodeRow(nil, []value.Value{line}); !errors.Is(err, ErrTypeMismatch) {
		t.Errorf("line string in a point column: err = %v", err)
	}
	pt := value.NewGeography(&value.Geography{Shape: value.GeoPoint, Point: value.Coordinate{X: 1, Y: 2}})
	if _, err := s.EncodeRow(nil, []value.Value{pt}); err != nil {
		t.Errorf("point: %v", err)
	}
}
