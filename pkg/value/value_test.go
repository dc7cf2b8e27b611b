package value

import (
	"math"
	"testing"
	"unsafe"
)

func TestValueSize(t *testing.T) {
	// The hot paths copy Values by value; keep them at six words.
	if got := unsafe.Sizeof(Value{}); got != 48 {
		t.Fatalf("sizeof(Value) = %d, want 48", got)
	}
}

func TestZeroValueIsEmpty(t *testing.T) {
	var v Value
	if !v.IsEmpty() || v.Kind() != KindEmpty || !Identical(v, Empty) {
		t.Fatalf("zero Value is %v, want EMPTY", v.Kind())
	}
}

func TestScalarRoundTrip(t *testing.T) {
	dates := []Date{{2020, 1, 1}, {-32768, 12, 31}, {32767, 2, 29}, {0, 1, 1}, {-1, -1, -1}}
	for _, d := range dates {
		if got := NewDate(d).Date(); got != d {
			t.Errorf("date %+v round trip = %+v", d, got)
		}
	}
	times := []Time{{0, 0, 0, 0}, {23, 59, 59, 999999}, {-1, -2, -3, -4}, {127, 127, 127, math.MaxInt32}}
	for _, x := range times {
		if got := NewTime(x).Time(); got != x {
			t.Errorf("time %+v round trip = %+v", x, got)
		}
	}
	dts := []DateTime{{2020, 2, 29, 23, 59, 59, 999999}, {-32768, -1, -2, -3, -4, -5, math.MinInt32}, {32767, 127, 127, 127, 127, 127, math.MaxInt32}}
	for _, x := range dts {
		if got := NewDateTime(x).DateTime(); got != x {
			t.Errorf("datetime %+v round trip = %+v", x, got)
		}
	}
	durs := []Duration{{}, {Seconds: math.MaxInt64, Microseconds: inlineMicros - 1, Months: math.MaxInt32},
		{Seconds: math.MinInt64, Microseconds: -inlineMicros, Months: math.MinInt32},
		{Microseconds: inlineMicros}, {Microseconds: math.MinInt32}, {Seconds: -1, Microseconds: -1, Months: -1}}
	for _, x := range durs {
		if got := NewDuration(x).Duration(); got != x {
			t.Errorf("duration %+v round trip = %+v", x, got)
		}
	}
	for _, x := range []float64{0, -0.5, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(-1)} {
		if got := NewFloat(x).Float(); got != x {
			t.Errorf("float %v round trip = %v", x, got)
		}
	}
	if got := NewNull(NullDivByZero).NullKind(); got != NullDivByZero {
		t.Errorf("null kind = %v", got)
	}
	if got := i(5).NullKind(); got != NullPlain {
		t.Errorf("non-null NullKind = %v, want NullPlain", got)
	}
}

func TestTypeNames(t *testing.T) {
	tests := []struct {
		v         Value
		typeName  string
		kindName  string
		isBadNull bool
	}{
		{Empty, "__EMPTY__", "__EMPTY__", false},
		{Null, "NULL", "NULL", false},
		{nullBadType, "NULL", "NULL", true},
		{True, "bool", "BOOL", false},
		{i(1), "int", "INT", false},
		{f(1), "float", "FLOAT", false},
		{s("x"), "string", "STRING", false},
		{date(2020, 1, 1), "date", "DATE", false},
		{tm(1, 2, 3, 4), "time", "TIME", false},
		{dtm(2020, 1, 1, 1, 2, 3, 4), "datetime", "DATETIME", false},
		{dur(1, 2, 3), "duration", "DURATION", false},
		{vtx(s("a")), "vertex", "VERTEX", false},
		{edge(s("a"), s("b"), 1, "e", 0), "edge", "EDGE", false},
		{samplePath(), "path", "PATH", false},
		{l(), "list", "LIST", false},
		{m(), "map", "MAP", false},
		{set(), "set", "SET", false},
		{NewDataSet(&DataSet{}), "dataset", "DATASET", false},
		{point(1, 2), "geography", "GEOGRAPHY", false},
	}
	for _, tt := range tests {
		if got := tt.v.TypeName(); got != tt.typeName {
			t.Errorf("%s TypeName = %q, want %q", tt.kindName, got, tt.typeName)
		}
		if got := tt.v.Kind().String(); got != tt.kindName {
			t.Errorf("Kind.String = %q, want %q", got, tt.kindName)
		}
		if got := tt.v.IsBadNull(); got != tt.isBadNull {
			t.Errorf("%s IsBadNull = %v", tt.kindName, got)
		}
	}
	if got := NullOverflow.String(); got != "ERR_OVERFLOW" {
		t.Errorf("NullOverflow.String = %q", got)
	}
}

func TestNewSetDedups(t *testing.T) {
	got := set(i(1), f(1), i(1), Null, Null, nullBadType, f(nan), f(nan), f(0), f(math.Copysign(0, -1)), s("1"))
	want := []Value{i(1), f(1), Null, nullBadType, f(nan), f(0), s("1")}
	if !identSeq(got.Set(), want) {
		t.Fatalf("NewSet = %s, want %s", got.Literal(), NewList(want).Literal())
	}
	small := set(i(1), i(2), i(1), i(3), i(2))
	if !identSeq(small.Set(), []Value{i(1), i(2), i(3)}) {
		t.Fatalf("small NewSet = %s", small.Literal())
	}
	in := []Value{i(1), i(2)}
	if out := NewSet(in).Set(); &out[0] != &in[0] {
		t.Fatal("a duplicate-free input should be kept as is")
	}
	// A large set exercises the hashed path of dedup and identSet.
	var vs []Value
	for n := range 100 {
		vs = append(vs, i(int64(n%37)))
	}
	if n := len(NewSet(vs).Set()); n != 37 {
		t.Fatalf("dedup kept %d values, want 37", n)
	}
}

func TestScalarOpsDoNotAllocate(t *testing.T) {
	a, c, str := i(40), f(2.5), s("abc")
	d, du := date(2020, 1, 31), dur(1, 86400, 5)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = Add(a, a)
		_, _ = Mul(a, c)
		_, _ = Div(a, i(0))
		_, _ = Add(d, du)
		_, _ = Add(du, du)
		_, _ = Neg(du)
		_ = Equal(str, str)
		_ = Less(a, c)
		_ = GreaterEq(a, c)
		_ = Compare(str, str)
		_ = Hash(str)
		_ = Hash(du)
		_ = Identical(a, c)
		_ = And(True, Null)
		_ = Not(False)
	})
	if allocs != 0 {
		t.Fatalf("scalar operations allocate %v times per run", allocs)
	}
}
