package value

import (
	"encoding/binary"
	"math"

	"github.com/apache/thrift/lib/go/thrift"
)

// TBinaryProtocol (strict) primitives: fixed-width big-endian integers and
// i32 length prefixes. A struct begins with nothing and ends with a STOP
// byte; a field header is the type byte and the big-endian i16 id.

func binFieldHeader(b []byte, t thrift.TType, id int16) []byte {
	return binary.BigEndian.AppendUint16(append(b, byte(t)), uint16(id))
}

// binListHeader serves sets too: both are the element type and an i32 size.
func binListHeader(b []byte, elem thrift.TType, n int) []byte {
	return binary.BigEndian.AppendUint32(append(b, byte(elem)), uint32(n))
}

func binMapHeader(b []byte, key, val thrift.TType, n int) []byte {
	return binary.BigEndian.AppendUint32(append(b, byte(key), byte(val)), uint32(n))
}

func binString(b []byte, s string) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
}

func binDouble(b []byte, x float64) []byte {
	return binary.BigEndian.AppendUint64(b, math.Float64bits(x))
}
