package function

import (
	"strconv"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// FuzzTextArguments feeds arbitrary text to the builtins that parse or
// slice strings. They must never panic, and toFloat must agree with
// strconv on the plain decimal numbers both accept.
func FuzzTextArguments(f *testing.F) {
	for _, seed := range []string{"", "1.5", " -12", "0x1p-2", "1e400", "nan(abc)", "{\"a\": [1, {\"b\": null}]}",
		"2020-02-29T12:00:00.5+08:00", "P1D", "a,b,,c", "\x00", "ﬀ"} {
		f.Add(seed, int64(3))
	}
	names := []string{"toFloat", "toInteger", "toBoolean", "json_extract", "date", "time", "datetime", "timestamp",
		"upper", "trim", "reverse", "length", "md5", "hash"}
	f.Fuzz(func(t *testing.T, text string, n int64) {
		arg := value.NewString(text)
		for _, name := range names {
			fn, err := Lookup(name, 1)
			if err != nil {
				t.Fatal(err)
			}
			fn.Call(nil, []value.Value{arg})
		}
		for _, name := range []string{"split", "extract", "strcasecmp", "concat"} {
			fn, _ := Lookup(name, 2)
			fn.Call(nil, []value.Value{arg, arg})
		}
		for _, name := range []string{"left", "right", "substr"} {
			fn, _ := Lookup(name, 2)
			fn.Call(nil, []value.Value{arg, value.NewInt(n)})
		}
		for _, name := range []string{"lpad", "rpad"} {
			fn, _ := Lookup(name, 3)
			fn.Call(nil, []value.Value{arg, value.NewInt(n % 4096), arg})
		}
		if x, err := strconv.ParseFloat(text, 64); err == nil && strings.Trim(text, "0123456789.-+eE") == "" {
			if got := ToFloat(arg); got.Kind() != value.KindFloat || got.Float() != x {
				t.Errorf("toFloat(%q) = %v, strconv says %v", text, got.Float(), x)
			}
		}
	})
}
