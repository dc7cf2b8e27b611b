package value

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/apache/thrift/lib/go/thrift"
)

// errBinShort is returned when binary-protocol input ends inside a value,
// or claims more elements or bytes than remain.
var errBinShort = fmt.Errorf("thrift binary: %w", io.ErrUnexpectedEOF)

// errBinDepth mirrors thrift.Skip's depth limit, so that SkipBinary
// refuses what TProtocol.Skip refuses.
var errBinDepth = errors.New("thrift binary: depth limit exceeded")

// SkipBinary returns the length of one binary-protocol value of type t at
// the start of b (a struct: through its STOP byte), for readers that step
// over fields they don't decode. It accepts exactly what
// TBinaryProtocol.Skip accepts, nesting limit included.
func SkipBinary(b []byte, t thrift.TType) (int, error) {
	return skipBinary(b, 0, t, thrift.DEFAULT_RECURSION_DEPTH)
}

// binLen checks a claimed size as checkSizeForProtocol does, and against
// the bytes left when each unit takes at least unit bytes: input that
// claims more cannot be read whole, so it fails before anything is
// allocated for it.
func binLen(n int32, left, unit int) (int, error) {
	if n < 0 {
		return 0, fmt.Errorf("thrift binary: negative size %d", n)
	}
	if n > thrift.DEFAULT_MAX_MESSAGE_SIZE {
		return 0, fmt.Errorf("thrift binary: size %d exceeds the message limit", n)
	}
	if int(n) > left/unit {
		return 0, errBinShort
	}
	return int(n), nil
}

// skipBinary returns the position after the value of type t at b[p:].
func skipBinary(b []byte, p int, t thrift.TType, depth int) (int, error) {
	if depth <= 0 {
		return 0, errBinDepth
	}
	need := 0
	switch t {
	case thrift.BOOL, thrift.BYTE:
		need = 1
	case thrift.I16:
		need = 2
	case thrift.I32:
		need = 4
	case thrift.I64, thrift.DOUBLE:
		need = 8
	case thrift.STRING:
		if len(b)-p < 4 {
			return 0, errBinShort
		}
		n, err := binLen(int32(binary.BigEndian.Uint32(b[p:])), len(b)-p-4, 1)
		if err != nil {
			return 0, err
		}
		return p + 4 + n, nil
	case thrift.STRUCT:
		for {
			if p >= len(b) {
				return 0, errBinShort
			}
			ft := thrift.TType(b[p])
			if ft == thrift.STOP {
				return p + 1, nil
			}
			if len(b)-p < 3 {
				return 0, errBinShort
			}
			var err error
			if p, err = skipBinary(b, p+3, ft, depth-1); err != nil {
				return 0, err
			}
		}
	case thrift.MAP:
		if len(b)-p < 6 {
			return 0, errBinShort
		}
		kt, vt := thrift.TType(b[p]), thrift.TType(b[p+1])
		n, err := binLen(int32(binary.BigEndian.Uint32(b[p+2:])), len(b)-p-6, 2)
		if err != nil {
			return 0, err
		}
		p += 6
		for range n {
			if p, err = skipBinary(b, p, kt, depth-1); err != nil {
				return 0, err
			}
			if p, err = skipBinary(b, p, vt, depth-1); err != nil {
				return 0, err
			}
		}
		return p, nil
	case thrift.SET, thrift.LIST:
		if len(b)-p < 5 {
			return 0, errBinShort
		}
		et := thrift.TType(b[p])
		n, err := binLen(int32(binary.BigEndian.Uint32(b[p+1:])), len(b)-p-5, 1)
		if err != nil {
			return 0, err
		}
		p += 5
		for range n {
			if p, err = skipBinary(b, p, et, depth-1); err != nil {
				return 0, err
			}
		}
		return p, nil
	default:
		return 0, fmt.Errorf("thrift binary: unknown data type %d", t)
	}
	if len(b)-p < need {
		return 0, errBinShort
	}
	return p + need, nil
}
