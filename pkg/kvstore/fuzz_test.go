package kvstore

import (
	"bytes"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// The fuzz targets check that decoders return errors, never panic, on any
// bytes, and that whatever they accept re-encodes consistently. Their seed
// corpora run in every `go test`; fuzz with e.g.
//
//	go test ./pkg/kvstore -run '^$' -fuzz FuzzRowReader -fuzztime 30s

// fuzzVersions is a two-version schema with a column of every type.
func fuzzVersions(t testing.TB) *Versions {
	var cols []Column
	for _, c := range allTypes() {
		c.Nullable = c.Type != TypeInt64
		cols = append(cols, c)
	}
	v0 := mustSchema(t, 0, cols[:4], TTL{})
	v1 := mustSchema(t, 300, cols, TTL{})
	vs, err := NewVersions(v0, v1)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func FuzzRowReader(f *testing.F) {
	vs := fuzzVersions(f)
	s := vs.Latest()
	vals := make([]value.Value, s.NumColumns())
	vals[s.Index("s")] = value.NewString("hello")
	vals[s.Index("fs")] = value.NewString("abc")
	vals[s.Index("geo")] = value.NewGeography(&value.Geography{Shape: value.GeoPolygon,
		Rings: [][]value.Coordinate{{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 0, Y: 1}}}})
	vals[s.Index("i64")] = value.NewInt(-5)
	row, err := s.EncodeRow(nil, vals)
	if err != nil {
		f.Fatal(err)
	}
	old, err := vs.Version(0).EncodeRow(nil, []value.Value{value.NewBool(true), value.NewInt(1), value.Null, value.NewInt(3)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(row)
	f.Add(old)
	f.Add([]byte{})
	f.Add([]byte{0x18, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(row[:len(row)-3])
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := vs.Reader(data)
		if err != nil {
			return
		}
		got, err := r.Values(nil)
		if err != nil {
			return
		}
		// Every decodable row re-encodes to a canonical row that survives
		// another decode/encode unchanged (bytes compare NaNs exactly).
		again, err := r.Schema().EncodeRow(nil, got)
		if err != nil {
			t.Fatalf("re-encode of decoded values %v: %v", got, err)
		}
		r2, err := vs.Reader(again)
		if err != nil {
			t.Fatal(err)
		}
		got2, err := r2.Values(nil)
		if err != nil {
			t.Fatal(err)
		}
		again2, err := r2.Schema().EncodeRow(nil, got2)
		if err != nil || !bytes.Equal(again, again2) {
			t.Fatalf("canonical row %x re-encodes as %x, %v", again, again2, err)
		}
	})
}

func FuzzParseKeys(f *testing.F) {
	for _, c := range codecs(f) {
		vid := make([]byte, c.VIDLen())
		vid[0] = 'x'
		f.Add(c.AppendTagKey(nil, 1, vid, 2))
		f.Add(c.AppendEdgeKey(nil, 3, vid, -4, 5, vid))
		f.Add(c.AppendTagIndexKey(nil, 1, 2, []byte{1, 2, 3}, vid))
		f.Add(c.AppendEdgeIndexKey(nil, 1, 2, nil, vid, 9, vid))
	}
	f.Add(SystemKey(1, SysApplied))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, key []byte) {
		PartOfKey(key)
		KeyTypeOf(key)
		if k, err := ParseSystemKey(key); err == nil && !bytes.Equal(SystemKey(k.Part, k.Kind), key) {
			t.Fatalf("system key %x rebuilt differently", key)
		}
		for _, c := range codecs(t) {
			ex := c.PrefixExtractor()
			if n := ex.Split(key); n < 0 || n > len(key) {
				t.Fatalf("Split = %d", n)
			}
			ex.InDomain(key)
			if k, err := c.ParseTagKey(key); err == nil && !bytes.Equal(c.AppendTagKey(nil, k.Part, k.VID, k.Tag), key) {
				t.Fatalf("tag key %x rebuilt differently", key)
			}
			if k, err := c.ParseVertexKey(key); err == nil && !bytes.Equal(c.AppendVertexKey(nil, k.Part, k.VID), key) {
				t.Fatalf("vertex key %x rebuilt differently", key)
			}
			if k, err := c.ParseEdgeKey(key); err == nil && k.Version == EdgeVersion &&
				!bytes.Equal(c.AppendEdgeKey(nil, k.Part, k.Src, k.Type, k.Rank, k.Dst), key) {
				t.Fatalf("edge key %x rebuilt differently", key)
			}
			if k, err := c.ParseTagIndexKey(key); err == nil && !bytes.Equal(c.AppendTagIndexKey(nil, k.Part, k.Index, k.Values, k.VID), key) {
				t.Fatalf("tag index key %x rebuilt differently", key)
			}
			if k, err := c.ParseEdgeIndexKey(key); err == nil &&
				!bytes.Equal(c.AppendEdgeIndexKey(nil, k.Part, k.Index, k.Values, k.Src, k.Rank, k.Dst), key) {
				t.Fatalf("edge index key %x rebuilt differently", key)
			}
			if len(key) == c.VIDLen() {
				if _, err := c.VIDValue(key); err != nil {
					t.Fatal(err)
				}
				c.PartOf(key, 7)
			}
		}
	})
}

func FuzzIndexValues(f *testing.F) {
	fields := []IndexField{
		{Type: TypeInt64, Nullable: true}, {Type: TypeDouble}, {Type: TypeString, Len: 4, Nullable: true},
		{Type: TypeBool}, {Type: TypeDateTime}, {Type: TypeDate, Nullable: true}, {Type: TypeTime},
	}
	var seed []byte
	for i, v := range []value.Value{value.NewInt(-3), value.NewFloat(-2.5), value.NewString("abcdef"), value.NewBool(true),
		value.NewDateTime(value.DateTime{Year: 2024, Month: 2, Day: 29}), value.Null, value.NewTime(value.Time{Hour: 23})} {
		var err error
		if seed, err = AppendIndexValue(seed, fields[i], v); err != nil {
			f.Fatal(err)
		}
	}
	f.Add(seed)
	f.Add(seed[:10])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		vals, _, err := DecodeIndexValues(nil, fields, data)
		if err != nil {
			return
		}
		var enc []byte
		for i, v := range vals {
			if enc, err = AppendIndexValue(enc, fields[i], v); err != nil {
				t.Fatalf("re-encode field %d (%v): %v", i, v, err)
			}
		}
		again, _, err := DecodeIndexValues(nil, fields, enc)
		if err != nil {
			t.Fatal(err)
		}
		for i := range vals {
			if !sameValue(vals[i], again[i]) && !(vals[i].Kind() == value.KindFloat && vals[i].Float() == 0) {
				t.Fatalf("field %d: %v then %v", i, vals[i], again[i])
			}
		}
	})
}

func FuzzWKB(f *testing.F) {
	for _, g := range []*value.Geography{
		{Shape: value.GeoPoint, Point: value.Coordinate{X: 1, Y: 2}},
		{Shape: value.GeoLineString, Line: []value.Coordinate{{X: 1, Y: 2}, {X: 3, Y: 4}}},
		{Shape: value.GeoPolygon, Rings: [][]value.Coordinate{{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 1}}, {}}},
	} {
		f.Add(appendWKB(nil, g))
	}
	f.Add([]byte{1, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := parseWKB(data)
		if err != nil {
			return
		}
		if again := appendWKB(nil, g); !bytes.Equal(again, data) {
			t.Fatalf("wkb %x re-encodes as %x", data, again)
		}
	})
}
