package function

import (
	"crypto/md5"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

// MaxStringLen bounds the strings that lpad and rpad build, so that a
// query cannot make the server allocate without limit; longer results are
// BAD_DATA. NebulaGraph has no such bound (it would exhaust memory).
const MaxStringLen = 64 << 20

// NB: NebulaGraph's string functions work on bytes, not characters:
// length("é") is 2, reverse() reverses bytes, lower()/upper() change ASCII
// letters only. They are reproduced as such.

func init() {
	register(&Function{Name: "lower", MinArity: 1, MaxArity: 1, body: stringMap(lowerASCII)}, "tolower")
	register(&Function{Name: "upper", MinArity: 1, MaxArity: 1, body: stringMap(upperASCII)}, "toupper")
	register(&Function{Name: "trim", MinArity: 1, MaxArity: 1, body: stringMap(func(s string) string {
		return strings.Trim(s, follyWhitespace)
	})})
	register(&Function{Name: "ltrim", MinArity: 1, MaxArity: 1, body: stringMap(func(s string) string {
		return strings.TrimLeft(s, follyWhitespace)
	})})
	register(&Function{Name: "rtrim", MinArity: 1, MaxArity: 1, body: stringMap(func(s string) string {
		return strings.TrimRight(s, follyWhitespace)
	})})
	register(&Function{Name: "md5", MinArity: 1, MaxArity: 1, body: stringMap(func(s string) string {
		sum := md5.Sum([]byte(s))
		return hex.EncodeToString(sum[:])
	})})
	register(&Function{Name: "length", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindString:
			return value.NewInt(int64(len(a[0].Str())))
		case value.KindPath:
			return value.NewInt(int64(len(a[0].Path().Steps)))
		}
		return badType
	}})
	register(&Function{Name: "strcasecmp", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindString || a[1].Kind() != value.KindString {
			return badType
		}
		return value.NewInt(strcasecmp(a[0].Str(), a[1].Str()))
	}})
	register(&Function{Name: "left", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindString:
			if a[1].Kind() != value.KindInt || a[1].Int() < 0 {
				return badType
			}
			s := a[0].Str()
			return value.NewString(s[:min(int64(len(s)), a[1].Int())])
		}
		return badType
	}})
	register(&Function{Name: "right", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindString:
			if a[1].Kind() != value.KindInt || a[1].Int() < 0 {
				return badType
			}
			s := a[0].Str()
			return value.NewString(s[int64(len(s))-min(int64(len(s)), a[1].Int()):])
		}
		return badType
	}})
	register(&Function{Name: "lpad", MinArity: 3, MaxArity: 3, body: func(_ *Env, a []value.Value) value.Value {
		return pad(a, true)
	}})
	register(&Function{Name: "rpad", MinArity: 3, MaxArity: 3, body: func(_ *Env, a []value.Value) value.Value {
		return pad(a, false)
	}})
	register(&Function{Name: "substr", MinArity: 2, MaxArity: 3, body: substr}, "substring")
	register(&Function{Name: "split", MinArity: 2, MaxArity: 2, body: split})
	register(&Function{Name: "concat", MinArity: 1, MaxArity: Variadic, body: concat})
	register(&Function{Name: "concat_ws", MinArity: 2, MaxArity: Variadic, body: concatWS})
	register(&Function{Name: "extract", MinArity: 2, MaxArity: 2, body: extract})
}

// follyWhitespace is what folly::trimWhitespace strips (not \v or \f).
const follyWhitespace = " \t\n\r"

// stringMap makes the body of a function from string to string: NULL gives
// NULL, any other non-string BAD_TYPE.
func stringMap(fn func(string) string) Body {
	return func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindString:
			return value.NewString(fn(a[0].Str()))
		}
		return badType
	}
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

// strcasecmp is C's strcasecmp: the difference of the first differing
// bytes after ASCII lower-casing, reading each string up to a NUL.
func strcasecmp(a, b string) int64 {
	lowerByte := func(s string, i int) int64 {
		if i >= len(s) {
			return 0
		}
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return int64(c)
	}
	for i := 0; ; i++ {
		ca, cb := lowerByte(a, i), lowerByte(b, i)
		if ca != cb || ca == 0 {
			return ca - cb
		}
	}
}

// pad implements lpad(s, size, fill) and rpad(s, size, fill): a negative
// size gives "", a size under len(s) truncates s, else fill is repeated (and
// cut) on the chosen side up to size bytes.
func pad(a []value.Value, left bool) value.Value {
	if a[0].Kind() != value.KindString || a[1].Kind() != value.KindInt || a[2].Kind() != value.KindString {
		return badType
	}
	s, size, fill := a[0].Str(), a[1].Int(), a[2].Str()
	switch {
	case size < 0:
		return value.NewString("")
	case size < int64(len(s)):
		return value.NewString(s[:size])
	case size > MaxStringLen:
		return badData
	case fill == "":
		// NB: NebulaGraph loops forever here; we return s unpadded.
		return a[0]
	}
	need := int(size) - len(s)
	padding := strings.Repeat(fill, need/len(fill)+1)[:need]
	if left {
		return value.NewString(padding + s)
	}
	return value.NewString(s + padding)
}

// substr implements substr(s, start[, length]) on bytes: a negative start
// or length is BAD_DATA, a start past the end or a zero length gives "".
func substr(_ *Env, a []value.Value) value.Value {
	if a[0].IsNull() {
		return value.Null
	}
	if a[0].Kind() != value.KindString || a[1].Kind() != value.KindInt ||
		(len(a) == 3 && a[2].Kind() != value.KindInt) {
		return badType
	}
	s, start := a[0].Str(), a[1].Int()
	var length int64
	if len(a) == 3 {
		// NB: NebulaGraph keeps the length in a 32-bit int, so lengths at
		// or above 2^31 wrap; reproduced for compatibility.
		length = int64(int32(a[2].Int()))
	} else if start >= 0 && start < int64(len(s)) {
		length = int64(len(s)) - start
	}
	if start < 0 || length < 0 {
		return badData
	}
	if start >= int64(len(s)) || length == 0 {
		return value.NewString("")
	}
	end := min(int64(len(s)), start+length)
	return value.NewString(s[start:end])
}

// split implements split(s, delimiter) as folly::split does: empty fields
// are kept, and an empty delimiter (or one longer than s) gives [s].
func split(_ *Env, a []value.Value) value.Value {
	switch a[0].Kind() {
	case value.KindNull:
		return value.Null
	case value.KindString:
	default:
		return badType
	}
	switch a[1].Kind() {
	case value.KindNull:
		return value.Null
	case value.KindString:
	default:
		return badType
	}
	s, delim := a[0].Str(), a[1].Str()
	var parts []string
	if delim == "" || len(delim) > len(s) {
		parts = []string{s}
	} else {
		parts = strings.Split(s, delim)
	}
	out := make([]value.Value, len(parts))
	for i, p := range parts {
		out[i] = value.NewString(p)
	}
	return value.NewList(out)
}

// concat joins its arguments' text. A NULL argument makes the result NULL;
// an argument that is not a bool, number, string, date, time or datetime
// makes it BAD_DATA, whichever comes first.
func concat(_ *Env, a []value.Value) value.Value {
	var b strings.Builder
	for _, v := range a {
		switch v.Kind() {
		case value.KindNull:
			return value.Null
		case value.KindFloat:
			b.WriteString(formatStream(v.Float()))
		case value.KindString:
			b.WriteString(v.Str())
		case value.KindBool, value.KindInt, value.KindDate, value.KindTime, value.KindDateTime:
			b.WriteString(v.String())
		default:
			return badData
		}
	}
	return value.NewString(b.String())
}

// concatWS joins its arguments after the first with the first as the
// separator. NULL arguments are skipped; a separator that is not a string
// gives NULL; an argument of another kind than concat accepts is BAD_DATA.
func concatWS(_ *Env, a []value.Value) value.Value {
	if a[0].Kind() != value.KindString {
		return value.Null
	}
	parts := make([]string, 0, len(a)-1)
	for _, v := range a[1:] {
		switch v.Kind() {
		case value.KindNull:
			continue
		case value.KindString:
			parts = append(parts, v.Str())
		case value.KindBool, value.KindInt, value.KindFloat, value.KindDate, value.KindTime, value.KindDateTime:
			parts = append(parts, v.String())
		default:
			return badData
		}
	}
	return value.NewString(strings.Join(parts, a[0].Str()))
}

// extract returns every match of the regular expression a[1] in a[0].
// NB: NebulaGraph uses std::regex (ECMAScript); we use RE2 (package
// regexp), which lacks look-around and back-references, and skips an empty
// match right after a non-empty one. An invalid pattern gives BAD_DATA.
func extract(_ *Env, a []value.Value) value.Value {
	if a[0].Kind() != value.KindString || a[1].Kind() != value.KindString {
		return badType
	}
	re, err := regexp.Compile(a[1].Str())
	if err != nil {
		return badData
	}
	matches := re.FindAllString(a[0].Str(), -1)
	out := make([]value.Value, len(matches))
	for i, m := range matches {
		out[i] = value.NewString(m)
	}
	return value.NewList(out)
}

// toStringBody is toString(): numbers, bools, strings, dates and times
// print as NebulaGraph prints them, a float always with a decimal point.
func toStringBody(_ *Env, a []value.Value) value.Value {
	v := a[0]
	switch v.Kind() {
	case value.KindNull:
		return value.Null
	case value.KindInt:
		return value.NewString(strconv.FormatInt(v.Int(), 10))
	case value.KindFloat:
		s := value.FormatFloat(v.Float())
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return value.NewString(s)
	case value.KindString:
		return v
	case value.KindBool, value.KindDate, value.KindTime, value.KindDateTime:
		return value.NewString(v.String())
	}
	return badType
}
