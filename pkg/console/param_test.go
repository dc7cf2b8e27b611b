package console

import (
	"math"
	"reflect"
	"testing"

	"github.com/vesoft-inc/nebula-go/v3/nebula"
)

func fv(f float64) nebula.Value { return nebula.Value{FVal: &f} }

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want any
		err  string
	}{
		{in: `1`, want: 1},
		{in: ` -42 `, want: -42},
		{in: `2.5`, want: 2.5},
		{in: `-0.125e1`, want: -1.25},
		{in: `2.0`, want: fv(2)},
		{in: `1e3`, want: fv(1000)},
		{in: `92233720368547758070`, want: fv(92233720368547758070)},
		{in: `"Tim Duncan"`, want: "Tim Duncan"},
		{in: `'single'`, want: "single"},
		{in: `"a\"b\\c\n\u00e9\/"`, want: "a\"b\\c\né/"},
		{in: `'it\'s'`, want: "it's"},
		{in: `"héllo"`, want: "héllo"},
		{in: `true`, want: true},
		{in: `FALSE`, want: false},
		{in: `null`, want: nil},
		{in: `NULL`, want: nil},
		{in: `[]`, want: []any{}},
		{in: `{}`, want: map[string]any{}},
		{in: `[1, 2.5, "x", null, [true]]`, want: []any{1, 2.5, "x", nil, []any{true}}},
		{in: `{"a": [1, 2.5, "x"]}`, want: map[string]any{"a": []any{1, 2.5, "x"}}},
		{in: `{"a":3,"b":false,"c":"Tim Duncan"}`, want: map[string]any{"a": 3, "b": false, "c": "Tim Duncan"}},
		{in: `{name: 'Tim', age: 42, tags: {x: 1,},}`, want: map[string]any{"name": "Tim", "age": 42, "tags": map[string]any{"x": 1}}},
		{in: "{`weird key`: 1}", want: map[string]any{"weird key": 1}},
		{in: ``, err: "at offset 0: missing value"},
		{in: `Tim`, err: `at offset 3: unknown word "Tim" (strings need quotes)`},
		{in: `"open`, err: "at offset 5: unterminated string"},
		{in: `[1 2]`, err: `at offset 3: expected ',' or ']', got "2]"`},
		{in: `[1,`, err: `at offset 3: missing value`},
		{in: `{"a" 1}`, err: `at offset 5: expected ':' after map key "a"`},
		{in: `{1: 2}`, err: `at offset 1: expected a map key, got "1: 2}"`},
		{in: `1 2`, err: `at offset 2: unexpected "2" after the value`},
		{in: `1.2.3`, err: `at offset 5: invalid number "1.2.3"`},
		{in: `-`, err: `at offset 1: invalid number "-"`},
		{in: `"\u12"`, err: `at offset 2: short \u escape`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseValue(tc.in)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestParseValueDepth(t *testing.T) {
	deep := ""
	for i := 0; i < 100; i++ {
		deep += "["
	}
	if _, err := ParseValue(deep); err == nil {
		t.Fatal("no error for deep nesting")
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`1`, `1`},
		{`2.0`, `2.0`},
		{`2.5`, `2.5`},
		{`"x\"y"`, `"x\"y"`},
		{`null`, `__NULL__`},
		{`{"b": [1, 2.5, "x"], "a": {c: true}}`, `{a: {c: true}, b: [1, 2.5, "x"]}`},
	}
	for _, tc := range tests {
		v, err := ParseValue(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatValue(v); got != tc.want {
			t.Errorf("FormatValue(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if got := formatFloat(math.Inf(1)); got != "+Inf" {
		t.Errorf("inf: %s", got)
	}
}

// FuzzParseValue: the parser never panics, and what it accepts prints to
// text it accepts again with the same printed form.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{`1`, `-2.5e3`, `"a\"b"`, `'x'`, `[1, [2, {a: null}]]`, `{"k": true,}`, "{`q`: 1}", `[`, `"\u00`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValue(s)
		if err != nil {
			return
		}
		printed := FormatValue(v)
		v2, err := ParseValue(printed)
		if err != nil {
			// FormatValue's __NULL__ is display syntax, not input syntax.
			if containsNull(v) {
				return
			}
			t.Fatalf("reparse %q (from %q): %v", printed, s, err)
		}
		if p2 := FormatValue(v2); p2 != printed {
			t.Fatalf("%q -> %q -> %q", s, printed, p2)
		}
	})
}

func containsNull(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		for _, e := range x {
			if containsNull(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if containsNull(e) {
				return true
			}
		}
	case float64:
		return math.IsNaN(x) || math.IsInf(x, 0)
	case nebula.Value:
		return x.FVal != nil && (math.IsInf(*x.FVal, 0) || math.IsNaN(*x.FVal))
	}
	return false
}
