package function

import (
	"errors"
	"slices"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestLookupErrors(t *testing.T) {
	cases := []struct {
		name  string
		arity int
		msg   string
		is    error
	}{
		{"NoSuchFn", 1, "Function `nosuchfn' not defined", ErrNotDefined},
		{"ABS", 2, "Arity not match for function `abs': provided 2 but 1 expected.", ErrArity},
		{"substr", 1, "Arity not match for function `substr': provided 1 but 2-3 expected.", ErrArity},
		{"concat", 0, "Arity not match for function `concat': provided 0 but 1-9223372036854775807 expected.", ErrArity},
		{"pi", 1, "Arity not match for function `pi': provided 1 but 0 expected.", ErrArity},
	}
	for _, c := range cases {
		_, err := Lookup(c.name, c.arity)
		if err == nil || err.Error() != c.msg || !errors.Is(err, c.is) {
			t.Errorf("Lookup(%s, %d) error = %v, want %q", c.name, c.arity, err, c.msg)
		}
	}
	for _, name := range []string{"toLower", "TOLOWER", "tolower", "Substring"} {
		if _, err := Lookup(name, 2-boolToInt(name != "Substring")); err != nil {
			t.Errorf("Lookup(%s): %v", name, err)
		}
	}
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestPurity(t *testing.T) {
	cases := []struct {
		name  string
		arity int
		pure  bool
	}{
		{"abs", 1, true},
		{"rand", 0, true}, // NebulaGraph declares rand() pure
		{"rand32", 0, false},
		{"rand64", 2, false},
		{"now", 0, false},
		{"date", 0, false},
		{"date", 1, true},
		{"datetime", 0, false},
		{"timestamp", 1, true},
		{"time", 0, false},
	}
	for _, c := range cases {
		fn, err := Lookup(c.name, c.arity)
		if err != nil {
			t.Fatal(err)
		}
		if fn.Pure(c.arity) != c.pure {
			t.Errorf("%s/%d pure = %v", c.name, c.arity, !c.pure)
		}
	}
}

// TestEveryFunctionHandlesOddArguments calls every function at every arity
// it accepts (up to four) with arguments of every kind, to catch panics.
func TestEveryFunctionHandlesOddArguments(t *testing.T) {
	samples := []value.Value{
		empty, null, nBadType, b(true), i(-1), i(0), i(3), f(-0.5), f(2.5), s(""), s("a,b"),
		value.NewDate(value.Date{Year: 2020, Month: 2, Day: 29}),
		value.NewTime(value.Time{Hour: 1}),
		value.NewDateTime(value.DateTime{Year: 2020, Month: 1, Day: 1}),
		vertex("v"), edge("a", "b", 1, 0), path("a", 1, "b"), l(), l(i(1)), m(), m("k", i(1)), set(i(1)),
		value.NewDataSet(&value.DataSet{}),
		value.NewDuration(value.Duration{Seconds: 1}),
	}
	names := Names()
	slices.Sort(names)
	for _, name := range names {
		fn, _ := Lookup(name, 0)
		if fn == nil {
			fn, _ = Lookup(name, 1)
		}
		if fn == nil {
			fn, _ = Lookup(name, 2)
		}
		if fn == nil {
			fn, _ = Lookup(name, 3)
		}
		if fn == nil {
			t.Fatalf("%s accepts none of arities 0-3", name)
		}
		for arity := fn.MinArity; arity <= min(fn.MaxArity, 4); arity++ {
			exercise(t, fn, make([]value.Value, arity), 0, samples)
		}
	}
}

func exercise(t *testing.T, fn *Function, a []value.Value, pos int, samples []value.Value) {
	if pos == len(a) {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("%s panicked on %d args: %v", fn.Name, len(a), r)
			}
		}()
		fn.Call(nil, a)
		return
	}
	// Keep the product small: vary the first two positions fully, later
	// ones over a handful of kinds.
	list := samples
	if pos >= 2 {
		list = samples[:9]
	}
	for _, v := range list {
		a[pos] = v
		exercise(t, fn, a, pos+1, samples)
	}
}

func TestReturnType(t *testing.T) {
	cases := []struct {
		name string
		args []value.Kind
		want value.Kind
		err  string
	}{
		{"abs", []value.Kind{value.KindInt}, value.KindInt, ""},
		{"ABS", []value.Kind{value.KindFloat}, value.KindFloat, ""},
		{"round", []value.Kind{value.KindFloat, value.KindInt, value.KindString}, value.KindFloat, ""},
		{"round", []value.Kind{value.KindFloat, value.KindFloat}, 0, "Parameter's type error"},
		{"round", []value.Kind{value.KindString, value.KindInt}, 0, "Parameter's type error"},
		{"JSON_EXTRACT", []value.Kind{value.KindFloat}, 0, "Parameter's type error"},
		{"toSet", []value.Kind{value.KindBool}, 0, "Parameter's type error"},
		{"toSet", []value.Kind{value.KindList}, value.KindSet, ""},
		{"abs", []value.Kind{value.KindNull}, value.KindNull, ""},
		{"substr", []value.Kind{value.KindString, value.KindEmpty}, value.KindEmpty, ""},
		{"concat", []value.Kind{value.KindInt, value.KindBool}, value.KindString, ""},
		{"coalesce", []value.Kind{value.KindInt}, value.KindEmpty, ""},
		{"NoSuch", nil, 0, "Function `NoSuch' not defined"},
		{"date", nil, value.KindDate, ""},
		{"timestamp", []value.Kind{value.KindDateTime}, value.KindInt, ""},
	}
	for _, c := range cases {
		got, err := ReturnType(c.name, c.args)
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("ReturnType(%s, %v) error = %v, want %q", c.name, c.args, err, c.err)
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ReturnType(%s, %v) = %v, %v; want %v", c.name, c.args, got, err, c.want)
		}
	}
	_, err := ReturnType("round", []value.Kind{value.KindString})
	if !errors.Is(err, ErrParamType) {
		t.Errorf("ReturnType error does not wrap ErrParamType: %v", err)
	}
}

// TestSignaturesNameRegisteredFunctions keeps the type table and the
// registry in step.
func TestSignaturesNameRegisteredFunctions(t *testing.T) {
	for name, sigs := range signatures {
		for _, sg := range sigs {
			if _, err := Lookup(name, len(sg.args)); err != nil {
				t.Errorf("signature %s/%d: %v", name, len(sg.args), err)
			}
		}
	}
	for name := range variadicReturn {
		if _, err := Lookup(name, 2); err != nil {
			t.Errorf("variadic %s: %v", name, err)
		}
	}
}
