package function

import (
	"math"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

func init() {
	register(&Function{Name: "tostring", MinArity: 1, MaxArity: 1, body: toStringBody})
	register(&Function{Name: "toboolean", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		return ToBool(a[0])
	}})
	register(&Function{Name: "tofloat", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		return ToFloat(a[0])
	}})
	register(&Function{Name: "tointeger", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		return ToInt(a[0])
	}})
	register(&Function{Name: "toset", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		return ToSet(a[0])
	}})
}

// ToBool converts as toBoolean() does: bools pass, the strings "true" and
// "false" (any case) convert, other strings and NULL/EMPTY give NULL, any
// other kind BAD_TYPE.
func ToBool(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindEmpty, value.KindNull:
		return value.Null
	case value.KindBool:
		return v
	case value.KindString:
		switch strings.ToLower(v.Str()) {
		case "true":
			return value.NewBool(true)
		case "false":
			return value.NewBool(false)
		}
		return value.Null
	}
	return badType
}

// ToFloat converts as toFloat() does: numbers convert, a string converts if
// C's strtod consumes all of it (so "" is 0.0, " 1.5" is 1.5, "0x10" is
// 16.0) and is NULL otherwise; NULL/EMPTY give NULL, other kinds BAD_TYPE.
func ToFloat(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindEmpty, value.KindNull:
		return value.Null
	case value.KindInt:
		return value.NewFloat(float64(v.Int()))
	case value.KindFloat:
		return v
	case value.KindString:
		f, rest, _ := strtod(cString(v.Str()))
		if rest != "" {
			return value.Null
		}
		return value.NewFloat(f)
	}
	return badType
}

// ToInt converts as toInteger() does: a float truncates toward zero and
// saturates at the int64 bounds; a string holding '.', 'e' or 'E' is read
// as a float and truncated, any other string as a base-10 integer (an out
// of range one is OVERFLOW); a string not wholly consumed is NULL.
func ToInt(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindEmpty, value.KindNull:
		return value.Null
	case value.KindInt:
		return v
	case value.KindFloat:
		f := v.Float()
		switch {
		case f <= math.MinInt64:
			return value.NewInt(math.MinInt64)
		case f >= math.MaxInt64:
			return value.NewInt(math.MaxInt64)
		}
		return value.NewInt(floatToInt(f))
	case value.KindString:
		s := cString(v.Str())
		if strings.ContainsAny(s, ".eE") {
			f, rest, rangeErr := strtod(s)
			if rest != "" {
				return value.Null
			}
			i := floatToInt(f)
			if rangeErr && (i == math.MinInt64 || i == math.MaxInt64) {
				return value.NewNull(value.NullOverflow)
			}
			return value.NewInt(i)
		}
		i, rest, rangeErr := strtoll(s)
		if rest != "" {
			return value.Null
		}
		if rangeErr {
			return value.NewNull(value.NullOverflow)
		}
		return value.NewInt(i)
	}
	return badType
}

// ToSet converts as toSet() does: a set passes, a list loses its
// duplicates, NULL/EMPTY give NULL, other kinds BAD_TYPE.
func ToSet(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindEmpty, value.KindNull:
		return value.Null
	case value.KindSet:
		return v
	case value.KindList:
		return value.NewSet(append([]value.Value(nil), v.List()...))
	}
	return badType
}

// cString cuts s at its first NUL, as a C string read of it would.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// strtod reads a number from the front of s as C's strtod does (leading
// space, sign, decimal or hex digits, inf/infinity/nan) and returns it with
// the unread rest of s; when nothing can be read, rest is all of s.
// rangeErr reports an overflow to ±Inf, as ERANGE would.
func strtod(s string) (f float64, rest string, rangeErr bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	lower := strings.ToLower(s[i:])
	switch {
	case strings.HasPrefix(lower, "infinity"):
		i += len("infinity")
		f = math.Inf(1)
	case strings.HasPrefix(lower, "inf"):
		i += len("inf")
		f = math.Inf(1)
	case strings.HasPrefix(lower, "nan"):
		i += len("nan")
		if j := strings.IndexByte(s[i:], ')'); strings.HasPrefix(s[i:], "(") && j > 0 &&
			strings.Trim(s[i+1:i+j], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == "" {
			i += j + 1
		}
		f = math.NaN()
	default:
		end, ok := scanFloat(s, i)
		if !ok {
			return 0, s, false
		}
		lit := s[start:end]
		if strings.ContainsAny(lit, "xX") && !strings.ContainsAny(lit, "pP") {
			lit += "p0" // ParseFloat wants a binary exponent on hex floats
		}
		v, err := strconv.ParseFloat(lit, 64)
		// A scanned literal can only fail with ErrRange (±Inf). Go does not
		// report underflow to 0, which no caller needs.
		return v, s[end:], err != nil
	}
	if s[start] == '-' {
		f = -f
	}
	return f, s[i:], false
}

// scanFloat returns the end of the longest decimal or hex floating-point
// literal (without sign) at s[i:], and whether there is one.
func scanFloat(s string, i int) (int, bool) {
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	isHex := func(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') }
	if i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') {
		j, digits := i+2, 0
		for j < len(s) && isHex(s[j]) {
			j, digits = j+1, digits+1
		}
		if j < len(s) && s[j] == '.' {
			j++
			for j < len(s) && isHex(s[j]) {
				j, digits = j+1, digits+1
			}
		}
		if digits == 0 {
			return i + 1, true // just the "0"
		}
		if j < len(s) && (s[j] == 'p' || s[j] == 'P') {
			k := j + 1
			if k < len(s) && (s[k] == '+' || s[k] == '-') {
				k++
			}
			if k < len(s) && isDigit(s[k]) {
				for k < len(s) && isDigit(s[k]) {
					k++
				}
				j = k
			}
		}
		return j, true
	}
	j, digits := i, 0
	for j < len(s) && isDigit(s[j]) {
		j, digits = j+1, digits+1
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && isDigit(s[j]) {
			j, digits = j+1, digits+1
		}
	}
	if digits == 0 {
		return i, false
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	return j, true
}

// strtoll reads a base-10 integer from the front of s as C's strtoll does,
// saturating out-of-range values and reporting them with rangeErr.
func strtoll(s string) (n int64, rest string, rangeErr bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	j := i
	for j < len(s) && '0' <= s[j] && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0, s, false
	}
	u, err := strconv.ParseUint(s[i:j], 10, 64)
	switch {
	case err != nil || (!neg && u > math.MaxInt64):
		rangeErr = true
		n = math.MaxInt64
		if neg {
			n = math.MinInt64
		}
	case neg && u > 1<<63:
		rangeErr, n = true, math.MinInt64
	case neg:
		n = -int64(u)
	default:
		n = int64(u)
	}
	return n, s[j:], rangeErr
}
