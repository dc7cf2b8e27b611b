package function

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// Short constructors keep the tables readable.
func i(n int64) value.Value   { return value.NewInt(n) }
func f(x float64) value.Value { return value.NewFloat(x) }
func s(x string) value.Value  { return value.NewString(x) }
func b(x bool) value.Value    { return value.NewBool(x) }
func l(vs ...value.Value) value.Value {
	if vs == nil {
		vs = []value.Value{}
	}
	return value.NewList(vs)
}
func set(vs ...value.Value) value.Value { return value.NewSet(vs) }
func m(kv ...any) value.Value {
	out := map[string]value.Value{}
	for j := 0; j < len(kv); j += 2 {
		out[kv[j].(string)] = kv[j+1].(value.Value)
	}
	return value.NewMap(out)
}

var (
	null      = value.Null
	empty     = value.Empty
	nBadType  = value.NewNull(value.NullBadType)
	nBadData  = value.NewNull(value.NullBadData)
	nOverflow = value.NewNull(value.NullOverflow)
	nOutRange = value.NewNull(value.NullOutOfRange)
)

// same compares results: kinds must match, floats within a relative 1e-12
// (NaN equal to NaN), composites element-wise, sets ignoring order.
func same(a, b value.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case value.KindFloat:
		x, y := a.Float(), b.Float()
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.IsNaN(x) && math.IsNaN(y)
		}
		return x == y || math.Abs(x-y) <= 1e-12*math.Max(math.Abs(x), math.Abs(y))
	case value.KindList:
		return slices.EqualFunc(a.List(), b.List(), same)
	case value.KindMap:
		if len(a.Map()) != len(b.Map()) {
			return false
		}
		for k, v := range a.Map() {
			w, ok := b.Map()[k]
			if !ok || !same(v, w) {
				return false
			}
		}
		return true
	}
	return value.Identical(a, b)
}

// show prints a value for failure messages.
func show(v value.Value) string {
	switch v.Kind() {
	case value.KindNull:
		return v.NullKind().String()
	case value.KindFloat:
		return fmt.Sprintf("%v(float)", v.Float())
	case value.KindList, value.KindSet:
		vs := v.List
		if v.Kind() == value.KindSet {
			vs = v.Set
		}
		parts := []string{}
		for _, e := range vs() {
			parts = append(parts, show(e))
		}
		return v.Kind().String() + "[" + strings.Join(parts, ", ") + "]"
	case value.KindMap:
		keys := []string{}
		for k := range v.Map() {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := []string{}
		for _, k := range keys {
			parts = append(parts, k+": "+show(v.Map()[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case value.KindVertex:
		return "(" + show(v.Vertex().VID) + ")"
	case value.KindEdge:
		e := v.Edge()
		return fmt.Sprintf("(%s)-[%s(%d)@%d]->(%s)", show(e.Src), e.Name, e.Type, e.Ranking, show(e.Dst))
	}
	return v.String()
}

type callCase struct {
	fn   string
	args []value.Value
	want value.Value
}

func args(vs ...value.Value) []value.Value { return vs }

func runCalls(t *testing.T, env *Env, cases []callCase) {
	t.Helper()
	for _, c := range cases {
		fn, err := Lookup(c.fn, len(c.args))
		if err != nil {
			t.Errorf("Lookup(%s, %d): %v", c.fn, len(c.args), err)
			continue
		}
		got := fn.Call(env, c.args)
		if !same(got, c.want) {
			parts := make([]string, len(c.args))
			for j, a := range c.args {
				parts[j] = show(a)
			}
			t.Errorf("%s(%s) = %s, want %s", c.fn, strings.Join(parts, ", "), show(got), show(c.want))
		}
	}
}
