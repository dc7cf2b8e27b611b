package kvstore

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/novagraph/novagraph/pkg/value"
)

// RowReader decodes single properties of one row without decoding the rest.
// It aliases the row bytes, which must stay unchanged while it is used (an
// iterator's value is valid only until the iterator moves). The zero
// RowReader is unusable. A RowReader is a small value; copying it is cheap.
type RowReader struct {
	s    *Schema
	row  []byte
	null int // offset of the null bitmap
	base int // offset of the fixed area
}

// RowVersion returns the schema version a row was written with, or an error
// wrapping ErrBadRow when the header is malformed.
func RowVersion(row []byte) (int64, error) {
	v, _, err := parseRowHeader(row)
	return v, err
}

// parseRowHeader returns the schema version and the header length.
func parseRowHeader(row []byte) (int64, int, error) {
	if len(row) == 0 {
		return 0, 0, fmt.Errorf("row header: empty row: %w", ErrBadRow)
	}
	if row[0]&0xF0 != rowFormatV1 {
		return 0, 0, fmt.Errorf("row header: format byte %#x: %w", row[0], ErrBadRow)
	}
	n := int(row[0] & 0x0F)
	if n > 8 || len(row) < 1+n {
		return 0, 0, fmt.Errorf("row header: %d version bytes in %d-byte row: %w", n, len(row), ErrBadRow)
	}
	var v uint64
	for i := 0; i < n; i++ {
		v |= uint64(row[1+i]) << (8 * i)
	}
	if int64(v) < 0 {
		return 0, 0, fmt.Errorf("row header: version %d: %w", int64(v), ErrBadRow)
	}
	return int64(v), 1 + n, nil
}

// NewRowReader returns a reader of row under schema s. It checks the header
// and that the row holds the whole fixed area; it returns an error wrapping
// ErrSchemaVersion when the row was written with another version of the
// schema (use Versions to pick the right one) and ErrBadRow when the bytes
// are too short or malformed. Variable-length data is checked lazily by the
// accessors.
func NewRowReader(s *Schema, row []byte) (RowReader, error) {
	ver, head, err := parseRowHeader(row)
	if err != nil {
		return RowReader{}, err
	}
	if ver != s.version {
		return RowReader{}, fmt.Errorf("row of schema version %d read with version %d: %w", ver, s.version, ErrSchemaVersion)
	}
	r := RowReader{s: s, row: row, null: head, base: head + s.nullBytes}
	if len(row) < r.base+s.fixedSize {
		return RowReader{}, fmt.Errorf("row of %d bytes, schema version %d needs %d: %w", len(row), ver, r.base+s.fixedSize, ErrBadRow)
	}
	return r, nil
}

// Schema returns the schema the reader decodes with.
func (r RowReader) Schema() *Schema { return r.s }

// IsNull reports whether column i is NULL in the row; it is false for a
// position outside the schema.
func (r RowReader) IsNull(i int) bool {
	if i < 0 || i >= len(r.s.cols) {
		return false
	}
	k := r.s.nullBit[i]
	return k >= 0 && r.row[r.null+k>>3]&(0x80>>(k&7)) != 0
}

// ValueByName decodes the named property; an unknown name is ErrUnknownProp.
func (r RowReader) ValueByName(name string) (value.Value, error) {
	i, ok := r.s.byName[name]
	if !ok {
		return value.Empty, fmt.Errorf("read %q: %w", name, ErrUnknownProp)
	}
	return r.Value(i)
}

// Value decodes column i. A NULL column gives value.Null. A position outside
// the schema is ErrUnknownProp; variable-length data pointing outside the row
// or an undecodable geography is ErrBadRow.
func (r RowReader) Value(i int) (value.Value, error) {
	if i < 0 || i >= len(r.s.cols) {
		return value.Empty, fmt.Errorf("read column %d of %d: %w", i, len(r.s.cols), ErrUnknownProp)
	}
	if r.IsNull(i) {
		return value.Null, nil
	}
	c := &r.s.cols[i]
	b := r.row[r.base+r.s.offset[i]:]
	le := binary.LittleEndian
	switch c.Type {
	case TypeBool:
		return value.NewBool(b[0] != 0), nil
	case TypeInt8:
		return value.NewInt(int64(int8(b[0]))), nil
	case TypeInt16:
		return value.NewInt(int64(int16(le.Uint16(b)))), nil
	case TypeInt32:
		return value.NewInt(int64(int32(le.Uint32(b)))), nil
	case TypeInt64, TypeVID, TypeTimestamp:
		return value.NewInt(int64(le.Uint64(b))), nil
	case TypeFloat:
		return value.NewFloat(float64(math.Float32frombits(le.Uint32(b)))), nil
	case TypeDouble:
		return value.NewFloat(math.Float64frombits(le.Uint64(b))), nil
	case TypeDate:
		return value.NewDate(value.Date{Year: int16(le.Uint16(b)), Month: int8(b[2]), Day: int8(b[3])}), nil
	case TypeTime:
		return value.NewTime(value.Time{Hour: int8(b[0]), Minute: int8(b[1]), Sec: int8(b[2]),
			Microsec: int32(le.Uint32(b[3:]))}), nil
	case TypeDateTime:
		return value.NewDateTime(value.DateTime{Year: int16(le.Uint16(b)), Month: int8(b[2]), Day: int8(b[3]),
			Hour: int8(b[4]), Minute: int8(b[5]), Sec: int8(b[6]), Microsec: int32(le.Uint32(b[7:]))}), nil
	case TypeDuration:
		return value.NewDuration(value.Duration{Seconds: int64(le.Uint64(b)),
			Microseconds: int32(le.Uint32(b[8:])), Months: int32(le.Uint32(b[12:]))}), nil
	case TypeFixedString:
		n := int(le.Uint16(b))
		if n > c.FixedLen {
			return value.Empty, fmt.Errorf("read %q: fixed_string length %d > %d: %w", c.Name, n, c.FixedLen, ErrBadRow)
		}
		return value.NewString(string(b[2 : 2+n])), nil
	case TypeString:
		s, err := r.tail(c, b)
		if err != nil {
			return value.Empty, err
		}
		return value.NewString(string(s)), nil
	case TypeGeography:
		s, err := r.tail(c, b)
		if err != nil {
			return value.Empty, err
		}
		g, err := parseWKB(s)
		if err != nil {
			return value.Empty, fmt.Errorf("read %q: %w: %w", c.Name, ErrBadRow, err)
		}
		return value.NewGeography(g), nil
	case TypeListString, TypeListInt, TypeListFloat, TypeSetString, TypeSetInt, TypeSetFloat:
		s, err := r.tail(c, b)
		if err != nil {
			return value.Empty, err
		}
		v, err := parseContainer(c.Type, s)
		if err != nil {
			return value.Empty, fmt.Errorf("read %q: %w: %w", c.Name, ErrBadRow, err)
		}
		return v, nil
	}
	return value.Empty, fmt.Errorf("read %q: type %v: %w", c.Name, c.Type, ErrBadRow)
}

// tail returns the variable-length bytes a slot points at, aliasing the row.
func (r RowReader) tail(c *Column, slot []byte) ([]byte, error) {
	off := uint64(binary.LittleEndian.Uint32(slot))
	n := uint64(binary.LittleEndian.Uint32(slot[4:]))
	end := uint64(r.base + r.s.fixedSize)
	if off < end || off+n > uint64(len(r.row)) {
		return nil, fmt.Errorf("read %q: [%d,+%d) outside tail [%d,%d): %w", c.Name, off, n, end, len(r.row), ErrBadRow)
	}
	return r.row[off : off+n], nil
}

// Values appends every column's value to dst in column order.
func (r RowReader) Values(dst []value.Value) ([]value.Value, error) {
	for i := range r.s.cols {
		v, err := r.Value(i)
		if err != nil {
			return dst, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}
