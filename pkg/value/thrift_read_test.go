package value

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/novagraph/novagraph/idl/gen/common"
)

func encodeDataSet(t testing.TB, ds *common.DataSet) []byte {
	t.Helper()
	buf := thrift.NewTMemoryBuffer()
	p := thrift.NewTCompactProtocolConf(buf, &thrift.TConfiguration{})
	if err := ds.Write(context.Background(), p); err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := p.Flush(context.Background()); err != nil {
		t.Fatalf("flush: %v", err)
	}
	return buf.Bytes()
}

func compactReader(data []byte) thrift.TProtocol {
	buf := thrift.NewTMemoryBuffer()
	_, _ = buf.Write(data)
	return thrift.NewTCompactProtocolConf(buf, &thrift.TConfiguration{MaxMessageSize: int32(len(data) + 1)})
}

// viaGenerated is the reference: the generated Read, then
// DataSetFromThrift.
func viaGenerated(data []byte) (*DataSet, error) {
	tds := common.NewDataSet()
	if err := tds.Read(context.Background(), compactReader(data)); err != nil {
		return nil, err
	}
	return DataSetFromThrift(tds)
}

func sameDataSet(a, b *DataSet) bool {
	if len(a.ColNames) != len(b.ColNames) || len(a.Rows) != len(b.Rows) {
		return false
	}
	for i := range a.ColNames {
		if a.ColNames[i] != b.ColNames[i] {
			return false
		}
	}
	for i := range a.Rows {
		x, y := a.Rows[i].Values, b.Rows[i].Values
		if len(x) != len(y) {
			return false
		}
		for j := range x {
			if !Identical(x[j], y[j]) || x[j].Kind() != y[j].Kind() {
				return false
			}
		}
	}
	return true
}

func TestReadDataSetMatchesGenerated(t *testing.T) {
	nested := l(m("k", set(samplePath(), edge(i(1), i(2), -3, "e", 4, "p", Empty))), l(l(l(Empty))))
	var rows []Row
	for _, v := range append(sampleValues(), nested, NewDataSet(&DataSet{ColNames: []string{"x"}, Rows: []Row{{Values: []Value{nested}}}})) {
		rows = append(rows, Row{Values: []Value{v, i(7), Empty}})
	}
	good := []*DataSet{
		{ColNames: []string{"a", "b", "c"}, Rows: rows},
		{ColNames: []string{}, Rows: []Row{}},
		{ColNames: []string{"only"}, Rows: []Row{{Values: []Value{}}}},
	}
	for _, ds := range good {
		data := encodeDataSet(t, DataSetToThrift(ds))
		want, err := viaGenerated(data)
		if err != nil {
			t.Fatalf("reference: %v", err)
		}
		got, err := ReadDataSet(context.Background(), compactReader(data))
		if err != nil {
			t.Fatalf("ReadDataSet: %v", err)
		}
		if !sameDataSet(got, want) || !sameDataSet(got, ds) {
			t.Errorf("ReadDataSet gave %v, want %v", got.Rows, want.Rows)
		}
	}

	one, two := int64(1), true
	badNull := common.NullType(42)
	deep := &common.Value{}
	for range maxThriftDepth + 2 {
		deep = &common.Value{LVal: &common.NList{Values: []*common.Value{deep}}}
	}
	bad := map[string]*common.Value{
		"two fields":    {IVal: &one, BVal: &two},
		"fast and slow": {IVal: &one, DVal: &common.Date{Year: 1}},
		"unknown null":  {NVal: &badNull},
		"too deep":      deep,
	}
	for name, tv := range bad {
		t.Run(name, func(t *testing.T) {
			data := encodeDataSet(t, &common.DataSet{ColumnNames: [][]byte{}, Rows: []*common.Row{{Values: []*common.Value{tv}}}})
			if _, err := viaGenerated(data); err == nil {
				t.Fatal("the reference accepted it")
			}
			_, err := ReadDataSet(context.Background(), compactReader(data))
			if !errors.Is(err, ErrBadThrift) {
				t.Fatalf("ReadDataSet: got %v, want ErrBadThrift", err)
			}
		})
	}
}

// FuzzReadDataSet checks that ReadDataSet accepts exactly what the
// generated reader and DataSetFromThrift accept, with the same result.
func FuzzReadDataSet(f *testing.F) {
	for _, v := range sampleValues() {
		f.Add(encodeDataSet(f, DataSetToThrift(&DataSet{ColNames: []string{"c"}, Rows: []Row{{Values: []Value{v}}}})))
	}
	f.Add([]byte{})
	f.Add([]byte{0x19, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		want, werr := viaGenerated(data)
		got, gerr := ReadDataSet(context.Background(), compactReader(data))
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("generated: %v; ReadDataSet: %v", werr, gerr)
		}
		if werr == nil && !sameDataSet(got, want) {
			t.Fatalf("ReadDataSet gave %v, want %v", got.Rows, want.Rows)
		}
	})
}
