package value

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// encodeCompact writes a wire value with the compact protocol, as graphd
// replies do.
func encodeCompact(t testing.TB, tv *common.Value) []byte {
	t.Helper()
	buf := thrift.NewTMemoryBuffer()
	p := thrift.NewTCompactProtocolConf(buf, &thrift.TConfiguration{})
	if err := tv.Write(context.Background(), p); err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := p.Flush(context.Background()); err != nil {
		t.Fatalf("flush: %v", err)
	}
	return buf.Bytes()
}

// decodeCompact reads a wire value; the size limit keeps hostile length
// prefixes from allocating more than the input could hold.
func decodeCompact(data []byte) (*common.Value, error) {
	buf := thrift.NewTMemoryBuffer()
	_, _ = buf.Write(data)
	p := thrift.NewTCompactProtocolConf(buf, &thrift.TConfiguration{MaxMessageSize: int32(len(data) + 1)})
	tv := common.NewValue()
	if err := tv.Read(context.Background(), p); err != nil {
		return nil, err
	}
	return tv, nil
}

func TestThriftRoundTrip(t *testing.T) {
	nested := l(m("k", set(samplePath(), edge(i(1), i(2), -3, "e", 4, "p", Empty))), l(l(l(Empty))))
	vs := append(sampleValues(), nested, NewDataSet(&DataSet{ColNames: []string{"x"}, Rows: []Row{{Values: []Value{nested}}}}))
	for _, v := range vs {
		got, err := decodeCompact(encodeCompact(t, ToThrift(v)))
		if err != nil {
			t.Fatalf("decode %s: %v", v.Literal(), err)
		}
		back, err := FromThrift(got)
		if err != nil {
			t.Fatalf("FromThrift(%s): %v", v.Literal(), err)
		}
		if !Identical(back, v) || back.Kind() != v.Kind() {
			t.Errorf("round trip of %s gave %s", v.Literal(), back.Literal())
		}
		if v.Kind() == KindEdge && back.Edge().Type != v.Edge().Type {
			t.Errorf("edge direction lost: %s", back.Literal())
		}
	}
}

func TestThriftWireShape(t *testing.T) {
	if tv := ToThrift(Empty); countSet(tv) != 0 {
		t.Error("EMPTY must have no field set")
	}
	if data := encodeCompact(t, ToThrift(Empty)); len(data) != 1 || data[0] != 0 {
		t.Errorf("EMPTY encodes as % x, want a lone stop byte", data)
	}
	if tv := ToThrift(s("")); tv.SVal == nil {
		t.Error(`"" must be a non-nil sVal`)
	}
	tv := ToThrift(vtx(Empty))
	if tv.VVal == nil || tv.VVal.Vid == nil || tv.VVal.Tags == nil {
		t.Error("vertex vid must be filled")
	}
	p := ToThrift(samplePath()).PVal
	if p.Src == nil || p.Src.Vid == nil || p.Steps[0].Dst == nil || p.Steps[0].Dst.Vid == nil {
		t.Error("path src and step dst must be filled")
	}
	if ToThrift(point(1, 2)).GgVal.PtVal.Coord == nil {
		t.Error("point coordinate must be filled")
	}
	if tv := ToThrift(set(i(1), i(2))); tv.UVal == nil || len(tv.UVal.Values) != 2 {
		t.Error("a set must travel as NSet")
	}
	if tv := ToThrift(nullDivByZero); tv.NVal == nil || *tv.NVal != common.NullType_DIV_BY_ZERO {
		t.Error("null reason must map to the wire NullType")
	}
	if DataSetToThrift(nil) != nil {
		t.Error("DataSetToThrift(nil) != nil")
	}
	if ds, err := DataSetFromThrift(nil); ds != nil || err != nil {
		t.Error("DataSetFromThrift(nil) must be nil, nil")
	}
	ds := &DataSet{ColNames: []string{"a", "b"}, Rows: []Row{{Values: []Value{i(1), s("x")}}}}
	back, err := DataSetFromThrift(DataSetToThrift(ds))
	if err != nil || !Identical(NewDataSet(back), NewDataSet(ds)) {
		t.Errorf("dataset round trip: %v", err)
	}
}

func TestFromThriftRejectsMalformed(t *testing.T) {
	one, two := int64(1), true
	badNull := common.NullType(42)
	deep := &common.Value{}
	for range maxThriftDepth + 2 {
		deep = &common.Value{LVal: &common.NList{Values: []*common.Value{deep}}}
	}
	tests := []struct {
		name string
		tv   *common.Value
	}{
		{"nil", nil},
		{"two fields", &common.Value{IVal: &one, BVal: &two}},
		{"unknown null", &common.Value{NVal: &badNull}},
		{"nil list element", &common.Value{LVal: &common.NList{Values: []*common.Value{nil}}}},
		{"nil set element", &common.Value{UVal: &common.NSet{Values: []*common.Value{{IVal: &one}, nil}}}},
		{"nil map value", &common.Value{MVal: &common.NMap{Kvs: map[string]*common.Value{"k": nil}}}},
		{"vertex without vid", &common.Value{VVal: &common.Vertex{}}},
		{"nil tag", &common.Value{VVal: &common.Vertex{Vid: &common.Value{IVal: &one}, Tags: []*common.Tag{nil}}}},
		{"bad tag prop", &common.Value{VVal: &common.Vertex{Vid: &common.Value{IVal: &one},
			Tags: []*common.Tag{{Name: []byte("t"), Props: map[string]*common.Value{"p": nil}}}}}},
		{"bad vid", &common.Value{VVal: &common.Vertex{Vid: &common.Value{IVal: &one, BVal: &two}}}},
		{"edge without src", &common.Value{EVal: &common.Edge{Dst: &common.Value{}}}},
		{"edge without dst", &common.Value{EVal: &common.Edge{Src: &common.Value{}}}},
		{"edge bad prop", &common.Value{EVal: &common.Edge{Src: &common.Value{}, Dst: &common.Value{},
			Props: map[string]*common.Value{"p": {NVal: &badNull}}}}},
		{"path without src", &common.Value{PVal: &common.Path{}}},
		{"nil step", &common.Value{PVal: &common.Path{Src: &common.Vertex{Vid: &common.Value{}}, Steps: []*common.Step{nil}}}},
		{"step without dst", &common.Value{PVal: &common.Path{Src: &common.Vertex{Vid: &common.Value{}}, Steps: []*common.Step{{}}}}},
		{"empty geography", &common.Value{GgVal: &common.Geography{}}},
		{"two shapes", &common.Value{GgVal: &common.Geography{PtVal: &common.Point{Coord: &common.Coordinate{}}, LsVal: &common.LineString{}}}},
		{"point without coord", &common.Value{GgVal: &common.Geography{PtVal: &common.Point{}}}},
		{"nil coordinate", &common.Value{GgVal: &common.Geography{LsVal: &common.LineString{CoordList: []*common.Coordinate{nil}}}}},
		{"nil ring coordinate", &common.Value{GgVal: &common.Geography{PgVal: &common.Polygon{CoordListList: [][]*common.Coordinate{{nil}}}}}},
		{"nil row", &common.Value{GVal: &common.DataSet{Rows: []*common.Row{nil}}}},
		{"bad cell", &common.Value{GVal: &common.DataSet{Rows: []*common.Row{{Values: []*common.Value{nil}}}}}},
		{"too deep", deep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := FromThrift(tt.tv)
			if err == nil {
				t.Fatalf("FromThrift accepted it as %s", v.Literal())
			}
			if !errors.Is(err, ErrBadThrift) {
				t.Fatalf("error %v does not wrap ErrBadThrift", err)
			}
		})
	}
}

// FuzzFromThrift decodes arbitrary bytes as a compact-protocol Value and
// converts it: FromThrift must never panic, and whatever it accepts must
// survive another trip through the wire unchanged. The seed corpus (every
// kind, nested composites, malformed shapes) runs in every `go test`.
func FuzzFromThrift(f *testing.F) {
	for _, v := range sampleValues() {
		f.Add(encodeCompact(f, ToThrift(v)))
	}
	f.Add(encodeCompact(f, ToThrift(l(m("k", set(samplePath(), Null)), l(l(Empty))))))
	one := int64(1)
	f.Add(encodeCompact(f, &common.Value{VVal: &common.Vertex{Vid: &common.Value{IVal: &one}}}))
	f.Add([]byte{})
	f.Add([]byte{0x00})
	f.Add([]byte{0x15, 0x02, 0x16, 0x02, 0x00}) // nVal and iVal both set
	f.Add([]byte{0x1c, 0x19, 0xfc, 0xff, 0xff, 0xff, 0x0f, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		tv, err := decodeCompact(data)
		if err != nil {
			return
		}
		v, err := FromThrift(tv)
		if err != nil {
			return
		}
		// Exercise the other consumers of arbitrary values too.
		_ = v.String()
		_ = v.Literal()
		_ = AppendJSONRow(nil, v)
		_ = AppendJSONMeta(nil, v)
		_ = Hash(v)
		_ = Compare(v, v)
		_ = Equal(v, v)
		back := wireRoundTrip(t, v)
		if Identical(back, v) {
			return
		}
		// The one permitted change: set elements the wire cannot tell apart
		// (EMPTY versus "") merge, after which the value is stable.
		if !hasEmpty(v) {
			t.Fatalf("round trip changed %s into %s", v.Literal(), back.Literal())
		}
		if again := wireRoundTrip(t, back); !Identical(again, back) {
			t.Fatalf("second round trip changed %s into %s", back.Literal(), again.Literal())
		}
	})
}

func wireRoundTrip(t *testing.T, v Value) Value {
	t.Helper()
	tv, err := decodeCompact(encodeCompact(t, ToThrift(v)))
	if err != nil {
		t.Fatalf("re-decode %s: %v", v.Literal(), err)
	}
	back, err := FromThrift(tv)
	if err != nil {
		t.Fatalf("FromThrift of our own output: %v", err)
	}
	return back
}

func TestThriftSetWithEmptyAndEmptyString(t *testing.T) {
	// The generated writer takes EMPTY and "" for duplicates; ToThrift must
	// not hand it such a set.
	got := wireRoundTrip(t, set(s(""), Empty, i(1), l(Empty), l(s(""))))
	mustEqualValue(t, "round trip", got, set(s(""), i(1), l(Empty)))
	got = wireRoundTrip(t, set(Empty, i(1)))
	mustEqualValue(t, "round trip", got, set(Empty, i(1)))
}
