package kvstore

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/novagraph/novagraph/pkg/value"
)

// VIDType is a space's vertex id type.
type VIDType uint8

// The vid types of a space.
const (
	VIDFixedString VIDType = 1 // FIXED_STRING(N)
	VIDInt64       VIDType = 2 // INT64
)

// String returns the nGQL spelling of the vid type (without N).
func (t VIDType) String() string {
	switch t {
	case VIDFixedString:
		return "FIXED_STRING"
	case VIDInt64:
		return "INT64"
	}
	return fmt.Sprintf("VIDType(%d)", uint8(t))
}

// MaxVIDLen bounds N of a FIXED_STRING(N) vid space.
const MaxVIDLen = 1024

// KeyCodec builds and parses the keys of one graph space. It is a small
// immutable value, safe for concurrent use.
//
// Builders (Append...) append to dst and return the extended slice; pass nil
// to allocate. They take vids in key form (see VID) and panic when a vid's
// length is not the space's — a broken caller invariant, since every vid
// should come from VID or from a parsed key. Parsers return views that alias
// the key.
type KeyCodec struct {
	vidType VIDType
	vidLen  int
}

// NewKeyCodec returns the codec of a space whose vids are t; n is N of
// FIXED_STRING(N) and must be 8 (or 0) for INT64.
func NewKeyCodec(t VIDType, n int) (KeyCodec, error) {
	switch t {
	case VIDInt64:
		if n != 0 && n != 8 {
			return KeyCodec{}, fmt.Errorf("int64 vid of length %d: %w", n, ErrBadVID)
		}
		return KeyCodec{vidType: t, vidLen: 8}, nil
	case VIDFixedString:
		if n < 1 || n > MaxVIDLen {
			return KeyCodec{}, fmt.Errorf("fixed_string(%d) vid: %w", n, ErrBadVID)
		}
		return KeyCodec{vidType: t, vidLen: n}, nil
	}
	return KeyCodec{}, fmt.Errorf("vid type %v: %w", t, ErrBadVID)
}

// VIDType returns the space's vid type.
func (c KeyCodec) VIDType() VIDType { return c.vidType }

// VIDLen returns the length of a vid in key form.
func (c KeyCodec) VIDLen() int { return c.vidLen }

// AppendVID appends the key form of v: an int for an INT64 space (8 bytes,
// big-endian, sign bit flipped), a string of at most N bytes padded with NUL
// for FIXED_STRING(N). Any other kind or a longer string is ErrBadVID.
func (c KeyCodec) AppendVID(dst []byte, v value.Value) ([]byte, error) {
	switch c.vidType {
	case VIDInt64:
		if v.Kind() != value.KindInt {
			return dst, fmt.Errorf("vid %v in an INT64 space: %w", v.Kind(), ErrBadVID)
		}
		return appendInt64(dst, v.Int()), nil
	case VIDFixedString:
		if v.Kind() != value.KindString {
			return dst, fmt.Errorf("vid %v in a FIXED_STRING space: %w", v.Kind(), ErrBadVID)
		}
		s := v.Str()
		if len(s) > c.vidLen {
			return dst, fmt.Errorf("vid of %d bytes in a FIXED_STRING(%d) space: %w", len(s), c.vidLen, ErrBadVID)
		}
		dst = append(dst, s...)
		for i := len(s); i < c.vidLen; i++ {
			dst = append(dst, 0)
		}
		return dst, nil
	}
	return dst, fmt.Errorf("zero KeyCodec: %w", ErrBadVID)
}

// VID returns the key form of v in a new slice; see AppendVID.
func (c KeyCodec) VID(v value.Value) ([]byte, error) {
	return c.AppendVID(make([]byte, 0, c.vidLen), v)
}

// VIDValue converts a vid in key form back to a value: an int, or the string
// without its NUL padding. NB: trailing NUL bytes of a string vid are not
// recoverable (NebulaGraph pads the same way). A wrong length is ErrBadVID.
func (c KeyCodec) VIDValue(raw []byte) (value.Value, error) {
	if len(raw) != c.vidLen {
		return value.Empty, fmt.Errorf("vid of %d bytes, space wants %d: %w", len(raw), c.vidLen, ErrBadVID)
	}
	if c.vidType == VIDInt64 {
		return value.NewInt(readInt64(raw)), nil
	}
	return value.NewString(string(bytes.TrimRight(raw, "\x00"))), nil
}

// PartOf returns the partition (1..numParts) of a vid in key form; see
// PartOfInt and PartOfString.
func (c KeyCodec) PartOf(raw []byte, numParts uint32) uint32 {
	c.checkVID(raw)
	if c.vidType == VIDInt64 {
		return PartOfInt(readInt64(raw), numParts)
	}
	return PartOfString(bytes.TrimRight(raw, "\x00"), numParts)
}

// checkVID panics when raw is not a vid in key form of this space.
func (c KeyCodec) checkVID(raw []byte) {
	if len(raw) != c.vidLen || c.vidLen == 0 {
		panic(fmt.Sprintf("kvstore: vid of %d bytes, space wants %d", len(raw), c.vidLen))
	}
}

// PartOfInt returns the partition (1..numParts) of an INT64 vid, as
// NebulaGraph computes it: the id's eight little-endian bytes read as an
// unsigned integer, modulo numParts, plus one. numParts must be positive.
func PartOfInt(vid int64, numParts uint32) uint32 {
	return uint32(uint64(vid)%uint64(numParts)) + 1
}

// PartOfString returns the partition (1..numParts) of a string vid (without
// padding), as NebulaGraph computes it: an id of exactly 8 bytes is read as a
// little-endian uint64; any other is hashed with MurmurHash64A. NB:
// NebulaGraph hashes the id as a C string, so bytes from the first NUL on do
// not count; this does the same. numParts must be positive.
func PartOfString(vid []byte, numParts uint32) uint32 {
	var h uint64
	if len(vid) == 8 {
		h = binary.LittleEndian.Uint64(vid)
	} else {
		if i := bytes.IndexByte(vid, 0); i >= 0 {
			vid = vid[:i]
		}
		h = MurmurHash64A(vid)
	}
	return uint32(h%uint64(numParts)) + 1
}

// MurmurHash64A is the 64-bit MurmurHash2 variant NebulaGraph (and
// libstdc++'s std::hash<std::string>) uses, with seed 0xc70f6907: 8-byte
// little-endian blocks, then the tail bytes, then the final mix.
func MurmurHash64A(b []byte) uint64 {
	const (
		seed = 0xc70f6907
		m    = 0xc6a4a7935bd1e995
		r    = 47
	)
	h := uint64(seed) ^ uint64(len(b))*m
	for len(b) >= 8 {
		k := binary.LittleEndian.Uint64(b)
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
		b = b[8:]
	}
	if len(b) > 0 {
		var t uint64
		for i := len(b) - 1; i >= 0; i-- {
			t = t<<8 | uint64(b[i])
		}
		h ^= t
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}
