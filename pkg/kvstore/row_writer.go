package kvstore

import (
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/novagraph/novagraph/pkg/value"
)

// rowFormatV1 is the high nibble of a row's first byte; the low nibble is
// the number of little-endian bytes of the schema version that follow.
const rowFormatV1 = 0x10

// EncodeRow appends to dst the row of s holding vals (vals[i] is the value of
// column i) and returns the extended slice.
//
// An EMPTY value, or a missing trailing one, means "omitted": the column's
// default is written, or NULL when the column is nullable, or the error is
// ErrNoDefault. NULL on a NOT NULL column is ErrNotNullable. Values are
// coerced as NebulaGraph does: ints are range-checked into INT8/16/32, floats
// are range-checked and rounded into INT8..INT64, ints are accepted by
// FLOAT/DOUBLE, FIXED_STRING(N) keeps the longest prefix of
// whole UTF-8 characters that fits N bytes. Other mismatches are
// ErrTypeMismatch; out-of-range numbers are ErrOutOfRange. Errors name the
// column. On error the returned slice is dst unchanged in length.
func (s *Schema) EncodeRow(dst []byte, vals []value.Value) ([]byte, error) {
	if len(vals) > len(s.cols) {
		return dst, fmt.Errorf("encode row: %d values for %d columns: %w", len(vals), len(s.cols), ErrUnknownProp)
	}
	start := len(dst)
	vb := versionBytes(s.version)
	head := 1 + vb + s.nullBytes
	buf := grow(dst, head+s.fixedSize)
	row := buf[start:]
	row[0] = rowFormatV1 | byte(vb)
	for i := 0; i < vb; i++ {
		row[1+i] = byte(uint64(s.version) >> (8 * i))
	}
	clear(row[1+vb:])
	fixed := start + head
	for i := range s.cols {
		c := &s.cols[i]
		v := value.Empty
		if i < len(vals) {
			v = vals[i]
		}
		if v.IsEmpty() {
			switch {
			case c.HasDefault:
				v = s.defaults[i]
			case c.Nullable:
				v = value.Null
			default:
				return dst[:start], fmt.Errorf("encode row: column %q: %w", c.Name, ErrNoDefault)
			}
		}
		if v.IsNull() {
			if !c.Nullable {
				return dst[:start], fmt.Errorf("encode row: column %q: %w", c.Name, ErrNotNullable)
			}
			k := s.nullBit[i]
			buf[start+1+vb+k>>3] |= 0x80 >> (k & 7)
			continue
		}
		cv, err := coerce(*c, v)
		if err != nil {
			return dst[:start], fmt.Errorf("encode row: column %q: %w", c.Name, err)
		}
		buf = putSlot(buf, start, fixed+s.offset[i], c, cv)
	}
	return buf, nil
}

// versionBytes is the number of bytes needed for a schema version.
func versionBytes(v int64) int {
	n := 0
	for u := uint64(v); u != 0; u >>= 8 {
		n++
	}
	return n
}

// grow extends b by n zero-capable bytes and returns it; the new bytes are
// not cleared.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), 2*cap(b)+n)
		copy(nb, b)
		b = nb
	}
	return b[:len(b)+n]
}

// putSlot writes the coerced non-null value v of column c into the slot at
// off of buf (the row starting at start), appending variable data to the
// tail. It returns the possibly reallocated buf.
func putSlot(buf []byte, start, off int, c *Column, v value.Value) []byte {
	le := binary.LittleEndian
	switch c.Type {
	case TypeBool:
		if v.Bool() {
			buf[off] = 1
		}
	case TypeInt8:
		buf[off] = byte(v.Int())
	case TypeInt16:
		le.PutUint16(buf[off:], uint16(v.Int()))
	case TypeInt32:
		le.PutUint32(buf[off:], uint32(v.Int()))
	case TypeInt64, TypeVID, TypeTimestamp:
		le.PutUint64(buf[off:], uint64(v.Int()))
	case TypeFloat:
		le.PutUint32(buf[off:], math.Float32bits(float32(v.Float())))
	case TypeDouble:
		le.PutUint64(buf[off:], math.Float64bits(v.Float()))
	case TypeDate:
		d := v.Date()
		le.PutUint16(buf[off:], uint16(d.Year))
		buf[off+2], buf[off+3] = byte(d.Month), byte(d.Day)
	case TypeTime:
		t := v.Time()
		buf[off], buf[off+1], buf[off+2] = byte(t.Hour), byte(t.Minute), byte(t.Sec)
		le.PutUint32(buf[off+3:], uint32(t.Microsec))
	case TypeDateTime:
		dt := v.DateTime()
		le.PutUint16(buf[off:], uint16(dt.Year))
		buf[off+2], buf[off+3], buf[off+4] = byte(dt.Month), byte(dt.Day), byte(dt.Hour)
		buf[off+5], buf[off+6] = byte(dt.Minute), byte(dt.Sec)
		le.PutUint32(buf[off+7:], uint32(dt.Microsec))
	case TypeDuration:
		d := v.Duration()
		le.PutUint64(buf[off:], uint64(d.Seconds))
		le.PutUint32(buf[off+8:], uint32(d.Microseconds))
		le.PutUint32(buf[off+12:], uint32(d.Months))
	case TypeFixedString:
		s := v.Str()
		le.PutUint16(buf[off:], uint16(len(s)))
		copy(buf[off+2:off+2+c.FixedLen], s)
	case TypeString:
		s := v.Str()
		le.PutUint32(buf[off:], uint32(len(buf)-start))
		le.PutUint32(buf[off+4:], uint32(len(s)))
		buf = append(buf, s...)
	case TypeGeography:
		tail := len(buf)
		buf = appendWKB(buf, v.Geography())
		le.PutUint32(buf[off:], uint32(tail-start))
		le.PutUint32(buf[off+4:], uint32(len(buf)-tail))
	default:
		if c.Type.IsContainer() {
			tail := len(buf)
			buf = appendContainer(buf, c.Type, v)
			le.PutUint32(buf[off:], uint32(tail-start))
			le.PutUint32(buf[off+4:], uint32(len(buf)-tail))
		}
	}
	return buf
}

// coerce checks that the non-EMPTY value v fits column c and returns it in
// the canonical kind the row stores. NULL is returned unchanged.
func coerce(c Column, v value.Value) (value.Value, error) {
	if v.IsNull() {
		return v, nil
	}
	want := func(k value.Kind) (value.Value, error) {
		if v.Kind() != k {
			return v, fmt.Errorf("%v value for %v: %w", v.Kind(), c.Type, ErrTypeMismatch)
		}
		return v, nil
	}
	intIn := func(lo, hi int64) (value.Value, error) {
		switch v.Kind() {
		case value.KindInt:
			if i := v.Int(); i < lo || i > hi {
				return v, fmt.Errorf("%d for %v: %w", i, c.Type, ErrOutOfRange)
			}
			return v, nil
		case value.KindFloat:
			return roundToInt(v.Float(), lo, hi, c.Type)
		}
		return v, fmt.Errorf("%v value for %v: %w", v.Kind(), c.Type, ErrTypeMismatch)
	}
	switch c.Type {
	case TypeBool:
		return want(value.KindBool)
	case TypeInt8:
		return intIn(math.MinInt8, math.MaxInt8)
	case TypeInt16:
		return intIn(math.MinInt16, math.MaxInt16)
	case TypeInt32:
		return intIn(math.MinInt32, math.MaxInt32)
	case TypeInt64:
		return intIn(math.MinInt64, math.MaxInt64)
	case TypeVID, TypeTimestamp:
		return want(value.KindInt)
	case TypeFloat, TypeDouble:
		var f float64
		switch v.Kind() {
		case value.KindFloat:
			f = v.Float()
		case value.KindInt:
			f = float64(v.Int())
		default:
			return v, fmt.Errorf("%v value for %v: %w", v.Kind(), c.Type, ErrTypeMismatch)
		}
		if c.Type == TypeFloat && !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) > math.MaxFloat32 {
			return v, fmt.Errorf("%g for FLOAT: %w", f, ErrOutOfRange)
		}
		if v.Kind() == value.KindInt {
			return value.NewFloat(f), nil
		}
		return v, nil
	case TypeString:
		return want(value.KindString)
	case TypeFixedString:
		if v.Kind() != value.KindString {
			return v, fmt.Errorf("%v value for %v: %w", v.Kind(), c.Type, ErrTypeMismatch)
		}
		if s := v.Str(); len(s) > c.FixedLen {
			return value.NewString(TruncateUTF8(s, c.FixedLen)), nil
		}
		return v, nil
	case TypeDate:
		return want(value.KindDate)
	case TypeTime:
		return want(value.KindTime)
	case TypeDateTime:
		return want(value.KindDateTime)
	case TypeDuration:
		return want(value.KindDuration)
	case TypeGeography:
		if v.Kind() == value.KindGeography && c.Shape != 0 && v.Geography().Shape != c.Shape {
			return v, fmt.Errorf("%v for GEOGRAPHY(%v): %w", v.Geography().Shape, c.Shape, ErrTypeMismatch)
		}
		return want(value.KindGeography)
	case TypeListString, TypeListInt, TypeListFloat, TypeSetString, TypeSetInt, TypeSetFloat:
		return coerceContainer(c.Type, v)
	}
	return v, fmt.Errorf("column type %v: %w", c.Type, ErrTypeMismatch)
}

// roundToInt is how NebulaGraph's row writer stores a float in an INT8..INT64
// column: the value is range-checked as it is (so 127.4 is out of range for
// INT8 although it would round to 127) and then rounded half away from zero
// (3.5 → 4, -3.5 → -4). NaN fits no integer column.
func roundToInt(f float64, lo, hi int64, t PropertyType) (value.Value, error) {
	// NB: float64(math.MaxInt64) is 2^63, itself out of range, hence >=.
	if math.IsNaN(f) || f < float64(lo) || f > float64(hi) || f >= 0x1p63 {
		return value.NewFloat(f), fmt.Errorf("%g for %v: %w", f, t, ErrOutOfRange)
	}
	return value.NewInt(int64(math.Round(f))), nil
}

// TruncateUTF8 returns the longest prefix of s that is at most n bytes and
// does not split a UTF-8 encoded character, which is how NebulaGraph cuts a
// value for FIXED_STRING(n). Bytes that are not valid UTF-8 count as
// one-byte characters.
func TruncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	// Step back over continuation bytes to the start of the character that
	// straddles the cut; it is dropped unless the bytes are not UTF-8 at
	// all, in which case the cut is bytewise.
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	if r, size := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && size <= 1 {
		return s[:n]
	}
	return s[:i]
}
