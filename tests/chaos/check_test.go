package chaos

import (
	"slices"
	"testing"
	"time"
)

// These tests run in every `go test ./...`: they check the checkers on
// hand-made histories, so that a pass of the chaos suite means something.

func ins(vid int64, o Outcome) Op { return Op{Kind: Insert, Key: vid, Value: vid, Outcome: o} }

func TestCheckSet(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ops     []Op
		fetched []int64
		scanned []int64
		want    SetCheck
	}{
		{
			name:    "all acknowledged found",
			ops:     []Op{ins(1, OK), ins(2, OK)},
			fetched: []int64{1, 2}, scanned: []int64{1, 2},
			want: SetCheck{Attempted: 2, Acked: 2},
		},
		{
			name:    "acknowledged lost",
			ops:     []Op{ins(1, OK), ins(2, OK)},
			fetched: []int64{1}, scanned: []int64{1},
			want: SetCheck{Attempted: 2, Acked: 2, Lost: []int64{2}},
		},
		{
			name:    "unknown may go either way",
			ops:     []Op{ins(1, Unknown), ins(2, Unknown)},
			fetched: []int64{2}, scanned: []int64{2},
			want: SetCheck{Attempted: 2, Unknown: 2, Recovered: 1},
		},
		{
			name:    "scan returns a vid twice",
			ops:     []Op{ins(1, OK)},
			fetched: []int64{1}, scanned: []int64{1, 1},
			want: SetCheck{Attempted: 1, Acked: 1, Duplicated: []int64{1}},
		},
		{
			name:    "never sent but present, and never attempted",
			ops:     []Op{ins(1, Fail)},
			fetched: []int64{1}, scanned: []int64{1, 7},
			want: SetCheck{Attempted: 1, Phantom: []int64{1, 7}},
		},
		{
			name:    "index misses a row",
			ops:     []Op{ins(1, OK), ins(2, OK)},
			fetched: []int64{1, 2}, scanned: []int64{1},
			want: SetCheck{Attempted: 2, Acked: 2, IndexMismatch: []int64{2}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fetched, scanned := map[int64]bool{}, map[int64]int{}
			for _, v := range tc.fetched {
				fetched[v] = true
			}
			for _, v := range tc.scanned {
				scanned[v]++
			}
			got := CheckSet(tc.ops, fetched, scanned)
			if !equalSetCheck(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			if got.OK() != (len(tc.want.Lost)+len(tc.want.Duplicated)+len(tc.want.Phantom)+len(tc.want.IndexMismatch) == 0) {
				t.Fatalf("OK() = %v for %+v", got.OK(), got)
			}
		})
	}
}

func equalSetCheck(a, b SetCheck) bool {
	return a.Attempted == b.Attempted && a.Acked == b.Acked && a.Unknown == b.Unknown && a.Recovered == b.Recovered &&
		slices.Equal(a.Lost, b.Lost) && slices.Equal(a.Duplicated, b.Duplicated) &&
		slices.Equal(a.Phantom, b.Phantom) && slices.Equal(a.IndexMismatch, b.IndexMismatch)
}

// reg builds a register operation on key 1 over [call, ret] (in ms).
func reg(client int, kind Kind, call, ret int, o Outcome, args ...int64) Op {
	op := Op{Client: client, Kind: kind, Key: 1, Call: time.Duration(call) * time.Millisecond,
		Return: time.Duration(ret) * time.Millisecond, Outcome: o}
	switch kind {
	case Read:
		op.Found, op.Got = true, args[0]
	case Write:
		op.Value = args[0]
	case CAS:
		op.Old, op.Value, op.Swapped = args[0], args[1], args[2] == 1
	}
	return op
}

func TestCheckRegister(t *testing.T) {
	for _, tc := range []struct {
		name string
		ops  []Op
		want string
	}{
		{"sequential", []Op{
			reg(0, Write, 0, 10, OK, 5),
			reg(1, Read, 20, 30, OK, 5),
			reg(1, CAS, 40, 50, OK, 5, 6, 1),
			reg(0, Read, 60, 70, OK, 6),
		}, "yes"},
		{"stale read after an acknowledged write", []Op{
			reg(0, Write, 0, 10, OK, 5),
			reg(1, Read, 20, 30, OK, 0),
		}, "no"},
		{"concurrent read may see either", []Op{
			reg(0, Write, 0, 30, OK, 5),
			reg(1, Read, 10, 20, OK, 0),
			reg(2, Read, 10, 20, OK, 5),
		}, "yes"},
		{"reads go back in time", []Op{
			reg(0, Write, 0, 100, OK, 5),
			reg(1, Read, 10, 20, OK, 5),
			reg(1, Read, 30, 40, OK, 0),
		}, "no"},
		{"unknown write may land late", []Op{
			reg(0, Write, 0, 10, Unknown, 5),
			reg(1, Read, 20, 30, OK, 0),
			reg(1, Read, 40, 50, OK, 5),
		}, "yes"},
		{"failed CAS that should have swapped", []Op{
			reg(0, Write, 0, 10, OK, 5),
			reg(1, CAS, 20, 30, OK, 5, 6, 0),
		}, "no"},
		{"certain failure is ignored", []Op{
			reg(0, Write, 0, 10, Fail, 5),
			reg(1, Read, 20, 30, OK, 0),
		}, "yes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckRegister(tc.ops, 10*time.Second).Linearizable(); got != tc.want {
				t.Fatalf("linearizable = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestWriteUnavailability(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	const parts = 2
	// vid 2 is in part 1, vid 3 in part 2 (vid % parts + 1).
	ops := []Op{
		{Kind: Insert, Key: 2, Call: ms(90), Return: ms(95), Outcome: OK},   // before the fault
		{Kind: Insert, Key: 2, Call: ms(110), Return: ms(900), Outcome: OK}, // part 1 back at 900
		{Kind: Insert, Key: 2, Call: ms(120), Return: ms(800), Outcome: Unknown},
		{Kind: Insert, Key: 3, Call: ms(100), Return: ms(400), Outcome: OK, Host: 1}, // part 2 back at 400
	}
	for _, tc := range []struct {
		name  string
		parts []int
		hosts map[int]bool
		want  time.Duration
	}{
		{"one part", []int{1}, nil, ms(800)},
		{"worst of two", []int{1, 2}, nil, ms(800)},
		{"only host 1", []int{2}, map[int]bool{1: true}, ms(300)},
		{"nobody wrote", []int{1}, map[int]bool{7: true}, ms(5000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := WriteUnavailability(ops, ms(100), tc.parts, parts, tc.hosts, ms(5000)); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	if got := Percentile([]time.Duration{3, 1, 2}, 50); got != 2 {
		t.Fatalf("median = %v", got)
	}
	if got := PartOf(RegKey(1), 6); got != int(uint64(RegKey(1))%6)+1 {
		t.Fatalf("PartOf = %d", got)
	}
}

func TestAckedDuring(t *testing.T) {
	s := func(n int) time.Duration { return time.Duration(n) * time.Second }
	ops := []Op{
		{Kind: Insert, Host: 2, Call: s(11), Return: s(13), Outcome: OK},      // minority ack: violation
		{Kind: Insert, Host: 2, Call: s(19), Return: s(21), Outcome: OK},      // acknowledged after the heal
		{Kind: Insert, Host: 2, Call: s(9), Return: s(15), Outcome: OK},       // in flight at the cut
		{Kind: Insert, Host: 2, Call: s(12), Return: s(14), Outcome: Unknown}, // not acknowledged
		{Kind: Insert, Host: 0, Call: s(12), Return: s(14), Outcome: OK},      // majority side
	}
	got := AckedDuring(ops, map[int]bool{2: true}, s(10), s(12), s(20))
	if len(got) != 1 || got[0].Call != s(11) {
		t.Fatalf("got %+v", got)
	}
}
