package kvstore

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// constBlockValues parses keys.go and returns, for the const block whose
// specs have type typeName, the literal value of each name.
func constBlockValues(t *testing.T, typeName string) map[string]uint64 {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			id, ok := vs.Type.(*ast.Ident)
			if !ok || id.Name != typeName {
				continue
			}
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok {
				t.Fatalf("%s constant %s is not a literal", typeName, vs.Names[0])
			}
			n, err := strconv.ParseUint(lit.Value, 0, 8)
			if err != nil {
				t.Fatal(err)
			}
			out[vs.Names[0].Name] = n
		}
	}
	return out
}

func TestPrefixBytesUnique(t *testing.T) {
	for _, typ := range []string{"KeyType", "SystemKind"} {
		vals := constBlockValues(t, typ)
		if len(vals) < 2 {
			t.Fatalf("%s: found %d constants", typ, len(vals))
		}
		seen := map[uint64]string{}
		for name, v := range vals {
			if other, dup := seen[v]; dup {
				t.Errorf("%s: %s and %s share %#02x", typ, name, other, v)
			}
			seen[v] = name
		}
	}
	if got, want := len(constBlockValues(t, "KeyType")), len(keyTypes); got != want {
		t.Errorf("keyTypes lists %d types, const block has %d", want, got)
	}
	for _, k := range keyTypes {
		if _, err := KeyTypeOf([]byte{byte(k)}); err != nil {
			t.Errorf("KeyTypeOf(%v): %v", k, err)
		}
	}
}

// codecs returns the codecs tests run on: INT64 and two FIXED_STRING sizes.
func codecs(t testing.TB) []KeyCodec {
	var out []KeyCodec
	for _, c := range []struct {
		t VIDType
		n int
	}{{VIDInt64, 8}, {VIDFixedString, 8}, {VIDFixedString, 20}} {
		kc, err := NewKeyCodec(c.t, c.n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, kc)
	}
	return out
}

// sampleVIDs returns vids of c's type in ascending value order.
func sampleVIDs(c KeyCodec) []value.Value {
	if c.VIDType() == VIDInt64 {
		return []value.Value{value.NewInt(math.MinInt64), value.NewInt(-1), value.NewInt(0), value.NewInt(1), value.NewInt(math.MaxInt64)}
	}
	return []value.Value{value.NewString(""), value.NewString("A"), value.NewString("Tim"), value.NewString("a"), value.NewString("ab")}
}

func mustVID(t testing.TB, c KeyCodec, v value.Value) []byte {
	t.Helper()
	b, err := c.VID(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVIDRoundTripAndOrder(t *testing.T) {
	for _, c := range codecs(t) {
		vids := sampleVIDs(c)
		var prev []byte
		for _, v := range vids {
			raw := mustVID(t, c, v)
			if len(raw) != c.VIDLen() {
				t.Fatalf("%v: vid %v has %d bytes", c.VIDType(), v, len(raw))
			}
			back, err := c.VIDValue(raw)
			if err != nil || back != v {
				t.Errorf("%v: VIDValue(VID(%v)) = %v, %v", c.VIDType(), v, back, err)
			}
			if prev != nil && bytes.Compare(prev, raw) >= 0 {
				t.Errorf("%v: vid %v does not sort after the previous one", c.VIDType(), v)
			}
			prev = raw
		}
	}
}

func TestVIDErrors(t *testing.T) {
	i64, _ := NewKeyCodec(VIDInt64, 0)
	fs, _ := NewKeyCodec(VIDFixedString, 4)
	cases := []struct {
		name string
		c    KeyCodec
		v    value.Value
	}{
		{"string in int space", i64, value.NewString("1")},
		{"int in string space", fs, value.NewInt(1)},
		{"too long", fs, value.NewString("12345")},
		{"null", fs, value.Null},
		{"zero codec", KeyCodec{}, value.NewInt(1)},
	}
	for _, tc := range cases {
		if _, err := tc.c.VID(tc.v); !errors.Is(err, ErrBadVID) {
			t.Errorf("%s: err = %v, want ErrBadVID", tc.name, err)
		}
	}
	if _, err := fs.VIDValue([]byte("abc")); !errors.Is(err, ErrBadVID) {
		t.Errorf("short raw vid: err = %v", err)
	}
	for _, bad := range []struct {
		t VIDType
		n int
	}{{VIDInt64, 4}, {VIDFixedString, 0}, {VIDFixedString, MaxVIDLen + 1}, {9, 8}} {
		if _, err := NewKeyCodec(bad.t, bad.n); !errors.Is(err, ErrBadVID) {
			t.Errorf("NewKeyCodec(%v, %d): err = %v", bad.t, bad.n, err)
		}
	}
}

func TestKeyRoundTrips(t *testing.T) {
	for _, c := range codecs(t) {
		vids := sampleVIDs(c)
		for _, part := range []uint32{1, 2, 300, MaxPart} {
			for i, v := range vids {
				vid := mustVID(t, c, v)
				other := mustVID(t, c, vids[(i+1)%len(vids)])

				for _, tag := range []int32{0, 1, math.MaxInt32, -5} {
					k := c.AppendTagKey(nil, part, vid, tag)
					got, err := c.ParseTagKey(k)
					if err != nil || got.Part != part || !bytes.Equal(got.VID, vid) || got.Tag != tag {
						t.Errorf("tag key round trip: %+v, %v", got, err)
					}
					if !bytes.HasPrefix(k, c.AppendTagPrefix(nil, part, vid)) {
						t.Errorf("tag key lacks its vertex prefix")
					}
					if p, err := PartOfKey(k); err != nil || p != part {
						t.Errorf("PartOfKey(tag) = %d, %v", p, err)
					}
				}

				vk := c.AppendVertexKey(nil, part, vid)
				if got, err := c.ParseVertexKey(vk); err != nil || got.Part != part || !bytes.Equal(got.VID, vid) {
					t.Errorf("vertex key round trip: %+v, %v", got, err)
				}

				for _, et := range []int32{1, -1, math.MaxInt32, math.MinInt32 + 1} {
					for _, rank := range []int64{math.MinInt64, -1, 0, 7, math.MaxInt64} {
						k := c.AppendEdgeKey(nil, part, vid, et, rank, other)
						got, err := c.ParseEdgeKey(k)
						if err != nil || got.Part != part || !bytes.Equal(got.Src, vid) || got.Type != et ||
							got.Rank != rank || !bytes.Equal(got.Dst, other) || got.Version != EdgeVersion {
							t.Errorf("edge key round trip: %+v, %v", got, err)
						}
						for _, p := range [][]byte{
							c.AppendEdgePrefix(nil, part, vid),
							c.AppendEdgeTypePrefix(nil, part, vid, et),
							c.AppendEdgeRankPrefix(nil, part, vid, et, rank),
							c.AppendEdgeVersionPrefix(nil, part, vid, et, rank, other),
							PartPrefix(KeyEdge, part),
						} {
							if !bytes.HasPrefix(k, p) {
								t.Errorf("edge key %x lacks prefix %x", k, p)
							}
						}
					}
				}

				vals, err := AppendIndexValue(nil, IndexField{Type: TypeInt64}, value.NewInt(int64(i)))
				if err != nil {
					t.Fatal(err)
				}
				ik := c.AppendTagIndexKey(nil, part, 9, vals, vid)
				if got, err := c.ParseTagIndexKey(ik); err != nil || got.Part != part || got.Index != 9 ||
					!bytes.Equal(got.Values, vals) || !bytes.Equal(got.VID, vid) {
					t.Errorf("tag index key round trip: %+v, %v", got, err)
				}
				ek := c.AppendEdgeIndexKey(nil, part, -3, vals, vid, -8, other)
				if got, err := c.ParseEdgeIndexKey(ek); err != nil || got.Part != part || got.Index != -3 ||
					!bytes.Equal(got.Values, vals) || !bytes.Equal(got.Src, vid) || got.Rank != -8 || !bytes.Equal(got.Dst, other) {
					t.Errorf("edge index key round trip: %+v, %v", got, err)
				}
				if !bytes.HasPrefix(ek, AppendIndexPrefix(nil, part, -3)) {
					t.Errorf("edge index key lacks index prefix")
				}
			}
			for _, kind := range []SystemKind{SysApplied, SysBalance} {
				got, err := ParseSystemKey(SystemKey(part, kind))
				if err != nil || got.Part != part || got.Kind != kind {
					t.Errorf("system key round trip: %+v, %v", got, err)
				}
			}
		}
	}
}

// TestEdgeKeyOrder checks that the byte order of edge keys is (part, src,
// type, rank, dst) numeric order, the order expansions return edges in.
func TestEdgeKeyOrder(t *testing.T) {
	for _, c := range codecs(t) {
		vids := sampleVIDs(c)
		type edge struct {
			src, dst int
			typ      int32
			rank     int64
		}
		var edges []edge
		for s := range vids {
			for _, typ := range []int32{-2, -1, 1, 2} {
				for _, rank := range []int64{math.MinInt64, -1, 0, 1, math.MaxInt64} {
					for d := range vids {
						edges = append(edges, edge{s, d, typ, rank})
					}
				}
			}
		}
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
		key := func(e edge) []byte {
			return c.AppendEdgeKey(nil, 5, mustVID(t, c, vids[e.src]), e.typ, e.rank, mustVID(t, c, vids[e.dst]))
		}
		byBytes := slices.Clone(edges)
		slices.SortFunc(byBytes, func(a, b edge) int { return bytes.Compare(key(a), key(b)) })
		byValue := slices.Clone(edges)
		slices.SortFunc(byValue, func(a, b edge) int {
			switch {
			case a.src != b.src:
				return a.src - b.src
			case a.typ != b.typ:
				return int(a.typ - b.typ)
			case a.rank != b.rank:
				if a.rank < b.rank {
					return -1
				}
				return 1
			}
			return a.dst - b.dst
		})
		if !slices.Equal(byBytes, byValue) {
			t.Errorf("%v: edge key byte order differs from (src, type, rank, dst) order", c.VIDType())
		}
	}
}

func TestParseMalformedKeys(t *testing.T) {
	c, _ := NewKeyCodec(VIDFixedString, 8)
	vid := mustVID(t, c, value.NewString("v"))
	good := map[string][]byte{
		"tag":    c.AppendTagKey(nil, 1, vid, 1),
		"vertex": c.AppendVertexKey(nil, 1, vid),
		"edge":   c.AppendEdgeKey(nil, 1, vid, 1, 0, vid),
		"tagidx": c.AppendTagIndexKey(nil, 1, 1, nil, vid),
		"edgidx": c.AppendEdgeIndexKey(nil, 1, 1, nil, vid, 0, vid),
		"system": SystemKey(1, SysApplied),
	}
	parse := map[string]func([]byte) error{
		"tag":    func(b []byte) error { _, err := c.ParseTagKey(b); return err },
		"vertex": func(b []byte) error { _, err := c.ParseVertexKey(b); return err },
		"edge":   func(b []byte) error { _, err := c.ParseEdgeKey(b); return err },
		"tagidx": func(b []byte) error { _, err := c.ParseTagIndexKey(b); return err },
		"edgidx": func(b []byte) error { _, err := c.ParseEdgeIndexKey(b); return err },
		"system": func(b []byte) error { _, err := ParseSystemKey(b); return err },
	}
	for name, k := range good {
		p := parse[name]
		if err := p(k); err != nil {
			t.Errorf("%s: good key: %v", name, err)
		}
		if err := p(k[:len(k)-1]); !errors.Is(err, ErrBadKey) {
			t.Errorf("%s: truncated key: err = %v", name, err)
		}
		if name != "tagidx" && name != "edgidx" { // index keys have a variable values part
			if err := p(append(slices.Clone(k), 0)); !errors.Is(err, ErrBadKey) {
				t.Errorf("%s: extended key: err = %v", name, err)
			}
		}
		wrong := slices.Clone(k)
		wrong[0] = 0x7f
		if err := p(wrong); !errors.Is(err, ErrBadKey) {
			t.Errorf("%s: wrong type byte: err = %v", name, err)
		}
		if err := p(nil); !errors.Is(err, ErrBadKey) {
			t.Errorf("%s: nil key: err = %v", name, err)
		}
	}
	for _, k := range [][]byte{nil, {0}, {0x06}, {byte(KeyTag), 0}} {
		if _, err := PartOfKey(k); !errors.Is(err, ErrBadKey) {
			t.Errorf("PartOfKey(%x): err = %v", k, err)
		}
	}
}

func TestBuilderPanicsOnForeignVID(t *testing.T) {
	c, _ := NewKeyCodec(VIDFixedString, 8)
	for name, f := range map[string]func(){
		"short vid": func() { c.AppendTagKey(nil, 1, []byte("abc"), 1) },
		"part":      func() { c.AppendVertexKey(nil, MaxPart+1, make([]byte, 8)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestPrefixEnd(t *testing.T) {
	cases := []struct{ in, want []byte }{
		{nil, nil},
		{[]byte{0xff, 0xff}, nil},
		{[]byte{1, 2}, []byte{1, 3}},
		{[]byte{1, 0xff}, []byte{2}},
		{[]byte{0}, []byte{1}},
	}
	for _, tc := range cases {
		in := slices.Clone(tc.in)
		if got := PrefixEnd(tc.in); !bytes.Equal(got, tc.want) {
			t.Errorf("PrefixEnd(%x) = %x, want %x", tc.in, got, tc.want)
		}
		if !bytes.Equal(in, tc.in) {
			t.Errorf("PrefixEnd modified its input")
		}
	}
}

func TestPartPrefixesCoverPart(t *testing.T) {
	c, _ := NewKeyCodec(VIDInt64, 8)
	vid := mustVID(t, c, value.NewInt(42))
	keys := [][]byte{
		c.AppendTagKey(nil, 7, vid, 1), c.AppendVertexKey(nil, 7, vid),
		c.AppendEdgeKey(nil, 7, vid, -1, 0, vid), c.AppendTagIndexKey(nil, 7, 1, nil, vid),
		SystemKey(7, SysBalance),
	}
	prefixes := PartPrefixes(7)
	for _, k := range keys {
		n := 0
		for _, p := range prefixes {
			if bytes.HasPrefix(k, p) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("key %x is under %d part prefixes", k, n)
		}
		for _, p := range PartPrefixes(8) {
			if bytes.HasPrefix(k, p) {
				t.Errorf("key %x of part 7 is under part 8's prefix %x", k, p)
			}
		}
	}
}

// TestExtractorContract checks pebble's Split rules on random keys:
// prefixes are byte prefixes, and key order implies prefix order.
func TestExtractorContract(t *testing.T) {
	c, _ := NewKeyCodec(VIDFixedString, 4)
	ex := c.PrefixExtractor()
	rng := rand.New(rand.NewPCG(3, 4))
	var keys [][]byte
	for range 3000 {
		k := make([]byte, rng.IntN(20))
		for i := range k {
			k[i] = byte(rng.IntN(6)) // small alphabet: many shared prefixes
		}
		keys = append(keys, k)
	}
	slices.SortFunc(keys, bytes.Compare)
	for i, k := range keys {
		n := ex.Split(k)
		if n < 0 || n > len(k) {
			t.Fatalf("Split(%x) = %d", k, n)
		}
		if i > 0 {
			p := keys[i-1]
			if bytes.Compare(p[:ex.Split(p)], k[:n]) > 0 {
				t.Fatalf("keys %x <= %x but prefixes are not ordered", p, k)
			}
		}
	}
	vid := []byte("abcd")
	tag := c.AppendTagKey(nil, 1, vid, 3)
	if got, want := ex.Split(tag), len(c.AppendTagPrefix(nil, 1, vid)); got != want {
		t.Errorf("Split(tag key) = %d, want %d", got, want)
	}
	edge := c.AppendEdgeKey(nil, 1, vid, 3, 0, vid)
	tp := c.AppendEdgeTypePrefix(nil, 1, vid, 3)
	if got := ex.Split(edge); got != len(tp) {
		t.Errorf("Split(edge key) = %d, want %d", got, len(tp))
	}
	if !ex.InDomain(tp) || ex.InDomain(c.AppendEdgePrefix(nil, 1, vid)) || ex.InDomain(PartPrefix(KeyIndex, 1)) {
		t.Errorf("InDomain wrong for edge type / vertex / index prefixes")
	}
}
