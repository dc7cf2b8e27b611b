package value

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// encodeBinary writes ds with the generated writer in the binary protocol.
func encodeBinary(t testing.TB, ds *common.DataSet) []byte {
	t.Helper()
	buf := thrift.NewTMemoryBuffer()
	p := thrift.NewTBinaryProtocolConf(buf, &thrift.TConfiguration{})
	if err := ds.Write(context.Background(), p); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

// readBinary is DecodeDataSet's reference: ReadDataSet over a binary
// protocol on the same bytes. Sizes are capped at the input's length,
// which refuses only claims that could not be read whole, or hostile
// inputs would have the reference allocate gigabytes.
func readBinary(data []byte) (*DataSet, error) {
	buf := thrift.NewTMemoryBufferLen(len(data))
	_, _ = buf.Write(data)
	cfg := &thrift.TConfiguration{MaxMessageSize: int32(len(data) + 1)}
	return ReadDataSet(context.Background(), thrift.NewTBinaryProtocolConf(buf, cfg))
}

// agree checks that DecodeDataSet and ReadDataSet both fail on data or
// give the same dataset, and returns DecodeDataSet's answer.
func agree(t *testing.T, data []byte) (*DataSet, int, error) {
	t.Helper()
	want, werr := readBinary(data)
	got, n, gerr := DecodeDataSet(data)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("ReadDataSet: %v; DecodeDataSet: %v", werr, gerr)
	}
	if werr == nil && !sameDataSet(got, want) {
		t.Fatalf("DecodeDataSet gave %v, want %v", got.Rows, want.Rows)
	}
	return got, n, gerr
}

// Hand-built binary-protocol bytes for input the generated writer cannot
// produce.
func wField(b []byte, t thrift.TType, id int16) []byte {
	return binary.BigEndian.AppendUint16(append(b, byte(t)), uint16(id))
}

func wList(b []byte, elem thrift.TType, n int32) []byte {
	return binary.BigEndian.AppendUint32(append(b, byte(elem)), uint32(n))
}

func wStr(b []byte, s string) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
}

// oneRow wraps the bytes of one Value struct in a dataset of one row.
func oneRow(value []byte) []byte {
	b := wField(nil, thrift.LIST, 2)
	b = wList(b, thrift.STRUCT, 1)
	b = wField(b, thrift.LIST, 1)
	b = wList(b, thrift.STRUCT, 1)
	b = append(b, value...)
	return append(b, thrift.STOP, thrift.STOP)
}

// neighbors is a GetNeighbors-like answer: rows of [vid, list of edges],
// each edge a list [src, type, rank, dst, datetime].
func neighbors(rows, edges int) *DataSet {
	ds := &DataSet{ColNames: []string{"_vid", "_edge:+like:_src:_type:_rank:_dst:since"}}
	for r := range rows {
		es := make([]Value, edges)
		for e := range es {
			es[e] = l(i(int64(r)), i(5), i(int64(e)), i(int64(r*31+e)), dtm(2020, 1+e%12, 1+r%28, 12, 30, 0, e))
		}
		ds.Rows = append(ds.Rows, Row{Values: []Value{i(int64(r)), l(es...)}})
	}
	return ds
}

// props is a GetProps-like answer: rows of [vid, name].
func propsAnswer(rows int) *DataSet {
	ds := &DataSet{ColNames: []string{"_vid", "player.name"}}
	for r := range rows {
		ds.Rows = append(ds.Rows, Row{Values: []Value{i(int64(r)), s("Tim Duncan the " + string(rune('a'+r%26)))}})
	}
	return ds
}

func validDataSets() map[string]*DataSet {
	nested := l(m("k", set(samplePath(), edge(i(1), i(2), -3, "e", 4, "p", Empty))), l(l(l(Empty))))
	out := map[string]*DataSet{
		"empty":     {ColNames: []string{}, Rows: []Row{}},
		"empty row": {ColNames: []string{"only"}, Rows: []Row{{Values: []Value{}}}},
		"nested":    {ColNames: []string{"x"}, Rows: []Row{{Values: []Value{nested, NewDataSet(&DataSet{ColNames: []string{"y"}, Rows: []Row{{Values: []Value{nested, s("in")}}}})}}}},
		"neighbors": neighbors(3, 4),
		"props":     propsAnswer(5),
		"ragged":    {ColNames: []string{"a"}, Rows: []Row{{Values: []Value{i(1)}}, {Values: []Value{i(1), s("b"), l(s("c"))}}, {Values: []Value{}}, {Values: []Value{s("d")}}}},
	}
	for _, v := range sampleValues() {
		out[v.TypeName()+" "+v.Literal()] = &DataSet{ColNames: []string{"c"}, Rows: []Row{{Values: []Value{v, i(7), Empty}}}}
	}
	return out
}

func TestDecodeDataSetMatchesRead(t *testing.T) {
	for name, ds := range validDataSets() {
		t.Run(name, func(t *testing.T) {
			data := encodeBinary(t, DataSetToThrift(ds))
			got, n, err := agree(t, data)
			if err != nil {
				t.Fatalf("DecodeDataSet: %v", err)
			}
			if n != len(data) {
				t.Errorf("took %d bytes of %d", n, len(data))
			}
			if !sameDataSet(got, ds) {
				t.Errorf("got %v, want %v", got.Rows, ds.Rows)
			}
			// Trailing bytes are left alone, and the result owns its
			// memory: the caller reuses b.
			b := append(append([]byte{}, data...), 0xde, 0xad, thrift.STOP)
			again, n, err := DecodeDataSet(b)
			if err != nil || n != len(data) {
				t.Fatalf("with trailing bytes: n = %d, err = %v; want %d", n, err, len(data))
			}
			clear(b)
			if !sameDataSet(again, ds) {
				t.Errorf("result changed when the input was overwritten: %v", again.Rows)
			}
		})
	}
}

func TestDecodeDataSetTruncated(t *testing.T) {
	for _, name := range []string{"nested", "neighbors", "props", "ragged"} {
		data := encodeBinary(t, DataSetToThrift(validDataSets()[name]))
		for k := range len(data) {
			if _, _, err := agree(t, data[:k]); err == nil {
				t.Fatalf("%s cut at %d of %d: no error", name, k, len(data))
			}
		}
	}
}

func TestDecodeDataSetMalformed(t *testing.T) {
	one, two := int64(1), true
	badNull := common.NullType(42)
	deep := &common.Value{}
	for range maxThriftDepth + 2 {
		deep = &common.Value{LVal: &common.NList{Values: []*common.Value{deep}}}
	}
	bad := map[string]*common.Value{
		"two fields":    {IVal: &one, BVal: &two},
		"fast and slow": {IVal: &one, DVal: &common.Date{Year: 1}},
		"two slow":      {VVal: &common.Vertex{Vid: &common.Value{IVal: &one}}, DuVal: &common.Duration{}},
		"unknown null":  {NVal: &badNull},
		"too deep":      deep,
		"bad in vertex": {VVal: &common.Vertex{Vid: &common.Value{NVal: &badNull}}},
	}
	for name, tv := range bad {
		t.Run(name, func(t *testing.T) {
			data := encodeBinary(t, &common.DataSet{ColumnNames: [][]byte{}, Rows: []*common.Row{{Values: []*common.Value{tv}}}})
			_, _, err := agree(t, data)
			if !errors.Is(err, ErrBadThrift) {
				t.Fatalf("got %v, want ErrBadThrift", err)
			}
		})
	}

	i64 := func(id int16, t thrift.TType) []byte {
		return append(binary.BigEndian.AppendUint64(wField(nil, t, id), 9), thrift.STOP)
	}
	hand := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"huge rows", wList(wField(nil, thrift.LIST, 2), thrift.STRUCT, 1<<30), false},
		{"huge columns", wList(wField(nil, thrift.LIST, 1), thrift.STRING, 1<<30), false},
		{"negative rows", wList(wField(nil, thrift.LIST, 2), thrift.STRUCT, -1), false},
		{"huge values", oneRow(wList(wField(nil, thrift.LIST, 1), thrift.STRUCT, 1<<30)[:8]), false},
		{"huge string", oneRow(append(binary.BigEndian.AppendUint32(wField(nil, thrift.STRING, 5), 1<<30), thrift.STOP)), false},
		{"int typed double", oneRow(i64(3, thrift.DOUBLE)), true},
		{"int typed i32", oneRow(append(binary.BigEndian.AppendUint32(wField(nil, thrift.I32, 3), 1), thrift.STOP)), true},
		{"unknown field", oneRow(i64(40, thrift.I64)), true},
		{"unknown type", oneRow(append(wField(nil, thrift.TType(99), 40), thrift.STOP)), false},
		{"columns typed i32", append(wStr(wList(wField(nil, thrift.LIST, 1), thrift.I32, 1), "col"), thrift.STOP), true},
		{"columns as map", append(wList(append(wField(nil, thrift.MAP, 1), byte(thrift.STRING)), thrift.STRING, 0), thrift.STOP), true},
		{"date typed i32", oneRow(append(append(binary.BigEndian.AppendUint32(wField(wField(nil, thrift.STRUCT, 6), thrift.I32, 1), 7), thrift.STOP), thrift.STOP)), true},
		{"stop only", []byte{thrift.STOP}, true},
		{"empty", nil, false},
	}
	for _, c := range hand {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := agree(t, c.data)
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok = %v", err, c.ok)
			}
		})
	}
}

func TestSkipBinary(t *testing.T) {
	for _, name := range []string{"nested", "neighbors", "empty", "string Tim Duncan"} {
		ds, ok := validDataSets()[name]
		if !ok {
			ds = &DataSet{ColNames: []string{"c"}, Rows: []Row{{Values: []Value{s("Tim Duncan")}}}}
		}
		data := encodeBinary(t, DataSetToThrift(ds))
		n, err := SkipBinary(append(data, 1, 2, 3), thrift.STRUCT)
		if err != nil || n != len(data) {
			t.Errorf("%s: SkipBinary = %d, %v; want %d", name, n, err, len(data))
		}
		if _, err := SkipBinary(data[:len(data)-1], thrift.STRUCT); err == nil {
			t.Errorf("%s: truncated input skipped", name)
		}
	}
	scalars := []struct {
		t    thrift.TType
		data []byte
		n    int
	}{
		{thrift.I64, make([]byte, 9), 8},
		{thrift.STRING, wStr(nil, "abc"), 7},
		{thrift.LIST, wList(nil, thrift.I32, 2), -1},
		{thrift.LIST, append(wList(nil, thrift.I16, 2), 0, 1, 0, 2), 9},
		{thrift.MAP, []byte{byte(thrift.I32), byte(thrift.BOOL), 0, 0, 0, 1, 0, 0, 0, 5, 1}, 11},
		{thrift.TType(99), []byte{0}, -1},
	}
	for _, c := range scalars {
		n, err := SkipBinary(c.data, c.t)
		if c.n < 0 && err == nil || c.n >= 0 && (err != nil || n != c.n) {
			t.Errorf("SkipBinary(%x, %v) = %d, %v; want %d", c.data, c.t, n, err, c.n)
		}
	}
	// The nesting limit is TProtocol.Skip's.
	for _, depth := range []int{thrift.DEFAULT_RECURSION_DEPTH - 1, thrift.DEFAULT_RECURSION_DEPTH} {
		var b []byte
		for range depth {
			b = wList(b, thrift.LIST, 1)
		}
		b = wList(b, thrift.I32, 0)
		_, err := SkipBinary(b, thrift.LIST)
		buf := thrift.NewTMemoryBufferLen(len(b))
		_, _ = buf.Write(b)
		werr := thrift.NewTBinaryProtocolConf(buf, &thrift.TConfiguration{}).Skip(context.Background(), thrift.LIST)
		if (err == nil) != (werr == nil) {
			t.Errorf("depth %d: SkipBinary: %v; Skip: %v", depth, err, werr)
		}
	}
}

// FuzzDecodeDataSet checks that DecodeDataSet accepts exactly what
// ReadDataSet accepts over a binary protocol, with the same result.
func FuzzDecodeDataSet(f *testing.F) {
	for _, ds := range validDataSets() {
		f.Add(encodeBinary(f, DataSetToThrift(ds)))
	}
	f.Add([]byte{})
	f.Add(oneRow(append(wField(nil, thrift.TType(99), 40), thrift.STOP)))
	f.Fuzz(func(t *testing.T, data []byte) {
		want, werr := readBinary(data)
		got, n, gerr := DecodeDataSet(data)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("ReadDataSet: %v; DecodeDataSet: %v", werr, gerr)
		}
		if werr != nil {
			return
		}
		if !sameDataSet(got, want) {
			t.Fatalf("DecodeDataSet gave %v, want %v", got.Rows, want.Rows)
		}
		if n > len(data) {
			t.Fatalf("took %d bytes of %d", n, len(data))
		}
	})
}

// benchAnswers are realistic storage answers: GetNeighbors (1,000 vertices
// with ten edges each) and GetProps (5,000 vertices with a name).
func benchAnswers(b *testing.B) map[string][]byte {
	return map[string][]byte{
		"neighbors": encodeBinary(b, DataSetToThrift(neighbors(1000, 10))),
		"props":     encodeBinary(b, DataSetToThrift(propsAnswer(5000))),
	}
}

func BenchmarkDecodeDataSet(b *testing.B) {
	for name, data := range benchAnswers(b) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := DecodeDataSet(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReadDataSet(b *testing.B) {
	for name, data := range benchAnswers(b) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := readBinary(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
