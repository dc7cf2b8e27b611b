package value

import (
	"encoding/binary"
	"math"

	"github.com/apache/thrift/lib/go/thrift"
)

// TCompactProtocol (Apache's, version 1) primitives: zigzag varints for
// integers, uvarint lengths, little-endian doubles, and field ids written
// as a delta from the previous field of the same struct when it fits a
// nibble.

// compactTypes maps a thrift.TType (the binary protocol's type ids) to its
// compact type nibble. BOOL maps to "true"; bool fields carry their value
// in the nibble instead (compactBoolField).
var compactTypes = [...]byte{
	thrift.STOP:   0,
	thrift.BOOL:   1,
	thrift.BYTE:   3,
	thrift.I16:    4,
	thrift.I32:    5,
	thrift.I64:    6,
	thrift.DOUBLE: 7,
	thrift.STRING: 8,
	thrift.LIST:   9,
	thrift.SET:    10,
	thrift.MAP:    11,
	thrift.STRUCT: 12,
}

// Compact bool nibbles: a bool field's header is its whole encoding.
const (
	compactTrue  = 1
	compactFalse = 2
)

// compactFieldHeader writes the short form (delta in the high nibble) when
// id follows prev by 1 to 15, else the type byte and the zigzag i16 id.
// prev is 0 for a struct's first field: nested structs restart the delta.
func compactFieldHeader(b []byte, ct byte, id, prev int16) []byte {
	if d := int(id) - int(prev); d > 0 && d <= 15 {
		return append(b, byte(d<<4)|ct)
	}
	return compactI32(append(b, ct), int32(id))
}

// compactListHeader serves sets too. Sizes below 15 share the type byte.
func compactListHeader(b []byte, elem thrift.TType, n int) []byte {
	if n <= 14 {
		return append(b, byte(n<<4)|compactTypes[elem])
	}
	return binary.AppendUvarint(append(b, 0xf0|compactTypes[elem]), uint64(uint32(n)))
}

// compactMapHeader writes a lone 0 for an empty map, which carries no
// key and value types.
func compactMapHeader(b []byte, key, val thrift.TType, n int) []byte {
	if n == 0 {
		return append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(uint32(n)))
	return append(b, compactTypes[key]<<4|compactTypes[val])
}

func compactI32(b []byte, x int32) []byte {
	return binary.AppendUvarint(b, uint64(uint32((x<<1)^(x>>31))))
}

func compactI64(b []byte, x int64) []byte {
	return binary.AppendUvarint(b, uint64((x<<1)^(x>>63)))
}

func compactString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(uint32(len(s)))), s...)
}

func compactDouble(b []byte, x float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
}
