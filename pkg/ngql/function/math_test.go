package function

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestMath(t *testing.T) {
	runCalls(t, nil, []callCase{
		{"abs", args(i(-3)), i(3)},
		{"abs", args(i(math.MinInt64)), i(math.MinInt64)},
		{"abs", args(f(-1.5)), f(1.5)},
		{"abs", args(null), null},
		{"abs", args(empty), nBadType},
		{"abs", args(s("1")), nBadType},

		{"bit_and", args(i(12), i(10)), i(8)},
		{"bit_or", args(i(12), i(10)), i(14)},
		{"bit_xor", args(i(12), i(10)), i(6)},
		{"bit_and", args(null, i(1)), null},
		{"bit_and", args(empty, i(1)), empty},
		{"bit_and", args(empty, null), null},
		{"bit_and", args(i(1), f(1)), nBadType},

		{"floor", args(f(2.7)), f(2)},
		{"floor", args(i(3)), f(3)},
		{"floor", args(f(-2.1)), f(-3)},
		{"ceil", args(f(2.1)), f(3)},
		{"ceil", args(null), null},
		{"ceil", args(b(true)), nBadType},

		{"round", args(f(2.5)), f(3)},
		{"round", args(f(-2.5)), f(-3)},
		{"round", args(i(7)), f(7)},
		{"round", args(f(3.1415926), i(9)), f(3.1415926)},
		{"round", args(f(3.1415926), i(2)), f(3.14)},
		{"round", args(f(3.1415926), i(3)), f(3.142)},
		{"round", args(f(3.14159265359), i(0)), f(3)},
		{"round", args(f(35543.14159265359), i(-3)), f(36000)},
		{"round", args(f(35543.14159265359), i(-5)), f(0)},
		{"round", args(i(12345), i(2)), f(12345)},
		{"round", args(i(12345), i(-2)), f(12300)},
		{"round", args(i(12345), i(-5)), f(0)},
		{"round", args(f(3.125), f(3.2)), nBadType},
		{"round", args(s("3.124"), i(3)), nBadType},
		{"round", args(f(1.4), i(1), s("nonsense")), nBadType},
		{"round", args(f(1.25), i(1), i(42)), f(1.3)}, // a non-string mode means half_up
		{"round", args(null, i(1)), null},

		{"sqrt", args(i(16)), f(4)},
		{"sqrt", args(f(-1)), f(math.NaN())},
		{"cbrt", args(i(27)), f(3)},
		{"hypot", args(i(3), f(4)), f(5)},
		{"hypot", args(null, i(4)), nBadType},
		{"pow", args(i(2), i(10)), i(1024)},
		{"pow", args(i(2), i(-1)), i(0)},
		{"pow", args(i(2), i(64)), i(math.MinInt64)},
		{"pow", args(i(2), f(0.5)), f(math.Sqrt2)},
		{"pow", args(s("2"), i(1)), nBadType},
		{"e", nil, f(math.E)},
		{"pi", nil, f(math.Pi)},
		{"exp", args(i(0)), f(1)},
		{"exp2", args(i(10)), f(1024)},
		{"log", args(f(math.E)), f(1)},
		{"log", args(i(0)), null},
		{"log", args(f(1e-9)), null},
		{"log2", args(i(8)), f(3)},
		{"log10", args(i(1000)), f(3)},
		{"log10", args(f(0)), null},
		{"log10", args(s("x")), nBadType},
		{"sin", args(i(0)), f(0)},
		{"cos", args(i(0)), f(1)},
		{"tan", args(i(0)), f(0)},
		{"asin", args(i(1)), f(math.Pi / 2)},
		{"acos", args(i(1)), f(0)},
		{"atan", args(i(1)), f(math.Pi / 4)},
		{"radians", args(i(180)), f(math.Pi)},
		{"radians", args(null), null},

		{"sign", args(i(38)), i(1)},
		{"sign", args(i(-2)), i(-1)},
		{"sign", args(f(0.421)), i(1)},
		{"sign", args(f(-1.0)), i(-1)},
		{"sign", args(i(0)), i(0)},
		{"sign", args(null), null},
	})
}

// TestRoundModes checks every rounding mode on the values NebulaGraph's
// reference tests use.
func TestRoundModes(t *testing.T) {
	inputs := []float64{1.249, -1.251, 1.25, -1.35}
	want := map[string][]float64{
		"up":        {1.3, -1.3, 1.3, -1.4},
		"down":      {1.2, -1.2, 1.2, -1.3},
		"ceiling":   {1.3, -1.2, 1.3, -1.3},
		"floor":     {1.2, -1.3, 1.2, -1.4},
		"half_up":   {1.2, -1.3, 1.3, -1.4},
		"half_down": {1.2, -1.3, 1.2, -1.3},
		"half_even": {1.2, -1.3, 1.2, -1.4},
		"HALF_EVEN": {1.2, -1.3, 1.2, -1.4},
	}
	var cases []callCase
	for mode, outs := range want {
		for j, in := range inputs {
			cases = append(cases, callCase{"round", args(f(in), i(1), s(mode)), f(outs[j])})
		}
	}
	runCalls(t, nil, cases)
}

func TestRandom(t *testing.T) {
	env := &Env{Rand: rand.New(rand.NewPCG(1, 2))}
	call := func(name string, a ...value.Value) value.Value {
		fn, err := Lookup(name, len(a))
		if err != nil {
			t.Fatal(err)
		}
		return fn.Call(env, a)
	}
	for range 200 {
		if r := call("rand"); r.Kind() != value.KindFloat || r.Float() < 0 || r.Float() >= 1 {
			t.Fatalf("rand() = %s", show(r))
		}
		if r := call("rand32", i(10)); r.Kind() != value.KindInt || r.Int() < 0 || r.Int() >= 10 {
			t.Fatalf("rand32(10) = %s", show(r))
		}
		if r := call("rand32", i(5), i(7)); r.Int() < 5 || r.Int() >= 7 {
			t.Fatalf("rand32(5, 7) = %s", show(r))
		}
		if r := call("rand32"); r.Int() < math.MinInt32 || r.Int() > math.MaxInt32 {
			t.Fatalf("rand32() = %s", show(r))
		}
		if r := call("rand64", i(3), i(4)); r.Int() != 3 {
			t.Fatalf("rand64(3, 4) = %s", show(r))
		}
		if r := call("rand64", i(1000)); r.Int() < 0 || r.Int() >= 1000 {
			t.Fatalf("rand64(1000) = %s", show(r))
		}
	}
	runCalls(t, env, []callCase{
		{"rand32", args(i(0)), i(0)},
		{"rand32", args(i(-1)), nBadData},
		{"rand32", args(i(1 << 32)), nBadData},
		{"rand32", args(i(5), i(5)), nBadData},
		{"rand32", args(f(5)), nBadType},
		{"rand32", args(i(1), s("2")), nBadType},
		{"rand64", args(i(-1)), nBadData},
		{"rand64", args(i(7), i(2)), nBadData},
		{"rand64", args(null), nBadType},
	})

	// Two sources with the same seed draw the same numbers.
	a := &Env{Rand: rand.New(rand.NewPCG(9, 9))}
	b := &Env{Rand: rand.New(rand.NewPCG(9, 9))}
	fn, _ := Lookup("rand64", 0)
	if x, y := fn.Call(a, nil), fn.Call(b, nil); x.Int() != y.Int() {
		t.Errorf("seeded rand64 differs: %d vs %d", x.Int(), y.Int())
	}
}

func TestNow(t *testing.T) {
	at := time.Date(2021, 7, 19, 2, 59, 40, 0, time.UTC)
	env := &Env{Now: func() time.Time { return at }}
	runCalls(t, env, []callCase{{"now", nil, i(at.Unix())}})
}
