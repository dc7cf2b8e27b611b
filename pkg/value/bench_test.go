package value

import (
	"slices"
	"testing"
)

func BenchmarkAddInt(b *testing.B) {
	x, y := i(40), i(2)
	for b.Loop() {
		_, _ = Add(x, y)
	}
}

func BenchmarkAddDateDuration(b *testing.B) {
	d, du := dtm(2020, 1, 31, 12, 0, 0, 0), dur(1, 86400+3600, 5)
	for b.Loop() {
		_, _ = Add(d, du)
	}
}

func BenchmarkEqualString(b *testing.B) {
	x, y := s("Tim Duncan"), s("Tim Duncan")
	for b.Loop() {
		_ = Equal(x, y)
	}
}

func BenchmarkHashString(b *testing.B) {
	x := s("Tim Duncan")
	for b.Loop() {
		_ = Hash(x)
	}
}

func BenchmarkHashVertex(b *testing.B) {
	v, _ := tckVertices()
	for b.Loop() {
		_ = Hash(v)
	}
}

func BenchmarkSortMixed(b *testing.B) {
	base := sampleValues()
	vs := make([]Value, len(base))
	for b.Loop() {
		copy(vs, base)
		slices.SortFunc(vs, Compare)
	}
}

func BenchmarkToThriftDataSet(b *testing.B) {
	ds := &DataSet{ColNames: []string{"a", "b", "c"}}
	for n := range 1000 {
		ds.Rows = append(ds.Rows, Row{Values: []Value{i(int64(n)), s("name"), f(1.5)}})
	}
	for b.Loop() {
		_ = DataSetToThrift(ds)
	}
}

func BenchmarkJSONRow(b *testing.B) {
	v := samplePath()
	buf := make([]byte, 0, 512)
	for b.Loop() {
		buf = AppendJSONRow(buf[:0], v)
	}
}
