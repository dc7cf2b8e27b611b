package kvstore

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/novagraph/novagraph/pkg/value"
)

// IndexField is one indexed property as the index value encoding sees it.
type IndexField struct {
	Type     PropertyType
	Nullable bool
	// Len is the number of string bytes the index keeps: the prefix length
	// of an index on a STRING property (required) or N of a FIXED_STRING(N)
	// one. Longer strings are truncated, so their index entries are only a
	// superset filter. At most MaxFixedLen-1.
	Len int
}

// Index value markers of nullable fields: values sort before NULLs, as NULL
// sorts last in NebulaGraph's value order.
const (
	indexNotNull = 0x00
	indexNull    = 0x01
)

// IndexWidth returns the number of bytes AppendIndexValue writes for f, or
// ErrNotIndexable. Every field has a fixed width, so the values of a
// composite index can be split without markers.
func IndexWidth(f IndexField) (int, error) {
	n, err := indexPayloadWidth(f)
	if err != nil {
		return 0, err
	}
	if f.Nullable {
		n++
	}
	return n, nil
}

func indexPayloadWidth(f IndexField) (int, error) {
	switch f.Type {
	case TypeBool:
		return 1, nil
	case TypeInt8, TypeInt16, TypeInt32, TypeInt64, TypeVID, TypeTimestamp, TypeFloat, TypeDouble:
		return 8, nil
	case TypeString, TypeFixedString:
		if f.Len < 1 || f.Len >= MaxFixedLen {
			return 0, fmt.Errorf("index on %v with length %d: %w", f.Type, f.Len, ErrNotIndexable)
		}
		return f.Len + 2, nil
	case TypeDate:
		return 4, nil
	case TypeTime:
		return 7, nil
	case TypeDateTime:
		return 11, nil
	case TypeGeography:
		return 8, nil
	}
	return 0, fmt.Errorf("index on %v: %w", f.Type, ErrNotIndexable)
}

// AppendIndexValue appends the order-preserving encoding of v for field f:
// for two values a, b of f's type, a < b implies enc(a) <= enc(b) bytewise,
// with equality only when both are strings longer than f.Len sharing their
// first f.Len bytes. Specifically:
//
//   - integers (all widths, timestamps): 8 bytes big-endian, sign bit flipped;
//   - FLOAT/DOUBLE: IEEE bits big-endian, sign bit flipped for positives and
//     all bits flipped for negatives; -0 is stored as +0; every NaN is stored
//     as 0xFF…FF, after +Inf (NebulaGraph's rule);
//   - BOOL: one byte, false < true;
//   - strings: the first f.Len bytes padded with NUL, then the length capped
//     at f.Len+1 as uint16 big-endian (so "a" < "a\x00" and truncated values
//     sort after every shorter value with the same bytes);
//   - DATE, TIME, DATETIME: their fields in significance order, each
//     big-endian with the sign bit flipped;
//   - GEOGRAPHY: not the value but one S2 cell id of its covering, passed
//     as an INT holding the id's 64 bits and stored as 8 bytes big-endian
//     unsigned, so cells sort in S2 order (a cell's descendants lie between
//     its first and last leaf). NB: a geography value has one index entry
//     per cell; the caller expands it (geo.IndexCells) and a GEOGRAPHY
//     value itself is ErrTypeMismatch here;
//   - a nullable field starts with one byte, 0x00 before a value and 0x01
//     for NULL (then zeros), so NULLs sort last.
//
// NULL for a NOT NULL field is ErrNotNullable; a kind the type cannot hold
// is ErrTypeMismatch; DURATION is ErrNotIndexable.
func AppendIndexValue(dst []byte, f IndexField, v value.Value) ([]byte, error) {
	w, err := indexPayloadWidth(f)
	if err != nil {
		return dst, err
	}
	if v.IsNull() {
		if !f.Nullable {
			return dst, fmt.Errorf("index value: %w", ErrNotNullable)
		}
		dst = append(dst, indexNull)
		for range w {
			dst = append(dst, 0)
		}
		return dst, nil
	}
	start := len(dst)
	if f.Nullable {
		dst = append(dst, indexNotNull)
	}
	mismatch := func() ([]byte, error) {
		return dst[:start], fmt.Errorf("index value %v for %v: %w", v.Kind(), f.Type, ErrTypeMismatch)
	}
	be := binary.BigEndian
	switch f.Type {
	case TypeBool:
		if v.Kind() != value.KindBool {
			return mismatch()
		}
		b := byte(0)
		if v.Bool() {
			b = 1
		}
		return append(dst, b), nil
	case TypeInt8, TypeInt16, TypeInt32, TypeInt64, TypeVID, TypeTimestamp:
		if v.Kind() != value.KindInt {
			return mismatch()
		}
		return be.AppendUint64(dst, uint64(v.Int())^(1<<63)), nil
	case TypeFloat, TypeDouble:
		var x float64
		switch v.Kind() {
		case value.KindFloat:
			x = v.Float()
		case value.KindInt:
			x = float64(v.Int())
		default:
			return mismatch()
		}
		if f.Type == TypeFloat {
			// The row stores a float32; index what a read of the row gives.
			x = float64(float32(x))
		}
		return be.AppendUint64(dst, orderedFloat(x)), nil
	case TypeString, TypeFixedString:
		if v.Kind() != value.KindString {
			return mismatch()
		}
		s := v.Str()
		n := len(s)
		if n > f.Len {
			s, n = s[:f.Len], f.Len+1
		}
		dst = append(dst, s...)
		for i := len(s); i < f.Len; i++ {
			dst = append(dst, 0)
		}
		return be.AppendUint16(dst, uint16(n)), nil
	case TypeDate:
		if v.Kind() != value.KindDate {
			return mismatch()
		}
		d := v.Date()
		dst = be.AppendUint16(dst, uint16(d.Year)^0x8000)
		return append(dst, byte(d.Month)^0x80, byte(d.Day)^0x80), nil
	case TypeTime:
		if v.Kind() != value.KindTime {
			return mismatch()
		}
		t := v.Time()
		dst = append(dst, byte(t.Hour)^0x80, byte(t.Minute)^0x80, byte(t.Sec)^0x80)
		return be.AppendUint32(dst, uint32(t.Microsec)^(1<<31)), nil
	case TypeDateTime:
		if v.Kind() != value.KindDateTime {
			return mismatch()
		}
		t := v.DateTime()
		dst = be.AppendUint16(dst, uint16(t.Year)^0x8000)
		dst = append(dst, byte(t.Month)^0x80, byte(t.Day)^0x80, byte(t.Hour)^0x80, byte(t.Minute)^0x80, byte(t.Sec)^0x80)
		return be.AppendUint32(dst, uint32(t.Microsec)^(1<<31)), nil
	case TypeGeography:
		if v.Kind() != value.KindInt {
			return mismatch()
		}
		return be.AppendUint64(dst, uint64(v.Int())), nil
	}
	return dst[:start], fmt.Errorf("index on %v: %w", f.Type, ErrNotIndexable)
}

// orderedFloat maps a float64 to a uint64 whose unsigned order is the
// float's order, with -0 == +0 and NaN above +Inf.
func orderedFloat(x float64) uint64 {
	if math.IsNaN(x) {
		return math.MaxUint64
	}
	if x == 0 {
		x = 0 // -0 becomes +0
	}
	b := math.Float64bits(x)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

// DecodeIndexValue decodes the value of field f at the start of b and
// returns it with the remaining bytes. exact is false when the stored value
// is a truncated string (the value returned is then its first f.Len bytes)
// or a geography's cell (returned as the INT AppendIndexValue took).
// Bytes that AppendIndexValue cannot have written are ErrBadIndexValue.
func DecodeIndexValue(f IndexField, b []byte) (v value.Value, exact bool, rest []byte, err error) {
	w, err := IndexWidth(f)
	if err != nil {
		return value.Empty, false, b, err
	}
	if len(b) < w {
		return value.Empty, false, b, fmt.Errorf("index value of %v: %d bytes, want %d: %w", f.Type, len(b), w, ErrBadIndexValue)
	}
	p, rest := b[:w], b[w:]
	if f.Nullable {
		switch p[0] {
		case indexNull:
			for _, x := range p[1:] {
				if x != 0 {
					return value.Empty, false, b, fmt.Errorf("index null of %v with payload: %w", f.Type, ErrBadIndexValue)
				}
			}
			return value.Null, true, rest, nil
		case indexNotNull:
			p = p[1:]
		default:
			return value.Empty, false, b, fmt.Errorf("index null marker %#02x: %w", p[0], ErrBadIndexValue)
		}
	}
	be := binary.BigEndian
	switch f.Type {
	case TypeBool:
		if p[0] > 1 {
			return value.Empty, false, b, fmt.Errorf("index bool %#02x: %w", p[0], ErrBadIndexValue)
		}
		return value.NewBool(p[0] == 1), true, rest, nil
	case TypeInt8, TypeInt16, TypeInt32, TypeInt64, TypeVID, TypeTimestamp:
		return value.NewInt(int64(be.Uint64(p) ^ 1<<63)), true, rest, nil
	case TypeFloat, TypeDouble:
		u := be.Uint64(p)
		switch {
		case u == math.MaxUint64:
			return value.NewFloat(math.NaN()), true, rest, nil
		case u&(1<<63) != 0:
			u &^= 1 << 63
		default:
			u = ^u
		}
		return value.NewFloat(math.Float64frombits(u)), true, rest, nil
	case TypeString, TypeFixedString:
		n := int(be.Uint16(p[f.Len:]))
		if n > f.Len+1 {
			return value.Empty, false, b, fmt.Errorf("index string length %d > %d: %w", n, f.Len+1, ErrBadIndexValue)
		}
		used := min(n, f.Len)
		for _, x := range p[used:f.Len] {
			if x != 0 {
				return value.Empty, false, b, fmt.Errorf("index string padding: %w", ErrBadIndexValue)
			}
		}
		return value.NewString(string(p[:used])), n <= f.Len, rest, nil
	case TypeDate:
		return value.NewDate(value.Date{Year: int16(be.Uint16(p) ^ 0x8000), Month: int8(p[2] ^ 0x80), Day: int8(p[3] ^ 0x80)}), true, rest, nil
	case TypeTime:
		return value.NewTime(value.Time{Hour: int8(p[0] ^ 0x80), Minute: int8(p[1] ^ 0x80), Sec: int8(p[2] ^ 0x80),
			Microsec: int32(be.Uint32(p[3:]) ^ 1<<31)}), true, rest, nil
	case TypeDateTime:
		return value.NewDateTime(value.DateTime{Year: int16(be.Uint16(p) ^ 0x8000), Month: int8(p[2] ^ 0x80),
			Day: int8(p[3] ^ 0x80), Hour: int8(p[4] ^ 0x80), Minute: int8(p[5] ^ 0x80), Sec: int8(p[6] ^ 0x80),
			Microsec: int32(be.Uint32(p[7:]) ^ 1<<31)}), true, rest, nil
	case TypeGeography:
		return value.NewInt(int64(be.Uint64(p))), false, rest, nil
	}
	return value.Empty, false, b, fmt.Errorf("index on %v: %w", f.Type, ErrNotIndexable)
}

// DecodeIndexValues decodes one value per field from the values part of an
// index key and appends them to dst. exact is false when any of them is a
// truncated string. Leftover bytes are ErrBadIndexValue.
func DecodeIndexValues(dst []value.Value, fields []IndexField, b []byte) (vals []value.Value, exact bool, err error) {
	exact = true
	for i, f := range fields {
		v, ex, rest, err := DecodeIndexValue(f, b)
		if err != nil {
			return dst, false, fmt.Errorf("index field %d: %w", i, err)
		}
		dst, exact, b = append(dst, v), exact && ex, rest
	}
	if len(b) != 0 {
		return dst, false, fmt.Errorf("index values: %d trailing bytes: %w", len(b), ErrBadIndexValue)
	}
	return dst, exact, nil
}
