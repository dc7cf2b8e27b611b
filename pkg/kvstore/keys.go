package kvstore

import (
	"encoding/binary"
	"fmt"
)

// KeyType is the first byte of every data key; it says what the key holds.
// The layouts are drawn in docs/format/keys.md.
type KeyType byte

// The key types. NB: these bytes are persisted; never renumber them. A test
// parses this block and checks that the values are distinct.
const (
	KeyTag    KeyType = 0x01 // tag · part · vid · tagID → row
	KeyVertex KeyType = 0x02 // vertex · part · vid → empty
	KeyEdge   KeyType = 0x03 // edge · part · src · edgeType · rank · dst · version → row
	KeyIndex  KeyType = 0x04 // index · part · indexID · values · vid (or src · rank · dst) → empty
	KeySystem KeyType = 0x05 // system · part · kind → per-part bookkeeping
)

// keyTypes lists every KeyType, in value order.
var keyTypes = []KeyType{KeyTag, KeyVertex, KeyEdge, KeyIndex, KeySystem}

// String names the key type.
func (t KeyType) String() string {
	switch t {
	case KeyTag:
		return "tag"
	case KeyVertex:
		return "vertex"
	case KeyEdge:
		return "edge"
	case KeyIndex:
		return "index"
	case KeySystem:
		return "system"
	}
	return fmt.Sprintf("KeyType(%#02x)", byte(t))
}

// SystemKind is the byte after type · part in a system key.
type SystemKind byte

// The system key kinds. NB: persisted; never renumber. A test checks that
// the values are distinct.
const (
	// SysApplied holds the part's last applied raft index, written in the
	// same batch as the entries it applies so that replay is idempotent.
	SysApplied SystemKind = 0x01
	// SysBalance holds the part's data-balance state.
	SysBalance SystemKind = 0x02
)

// String names the system key kind.
func (k SystemKind) String() string {
	switch k {
	case SysApplied:
		return "applied"
	case SysBalance:
		return "balance"
	}
	return fmt.Sprintf("SystemKind(%#02x)", byte(k))
}

// MaxPart is the largest partition id a key can hold (three bytes).
const MaxPart = 1<<24 - 1

// EdgeVersion is the version byte written at the end of every edge key.
// NebulaGraph writes 1 there too (0 marks its TOSS lock keys).
const EdgeVersion byte = 1

// Sizes of the fixed parts of keys.
const (
	keyHeadLen = 1 + 3 // type, part
	int32Len   = 4
	int64Len   = 8
)

// The integers inside keys are big-endian; signed ones have their sign bit
// flipped so that byte order is numeric order with negatives first.

func appendHead(dst []byte, t KeyType, part uint32) []byte {
	if part > MaxPart {
		panic(fmt.Sprintf("kvstore: part %d exceeds %d", part, MaxPart))
	}
	return append(dst, byte(t), byte(part>>16), byte(part>>8), byte(part))
}

func appendInt32(dst []byte, v int32) []byte {
	return binary.BigEndian.AppendUint32(dst, uint32(v)^(1<<31))
}

func appendInt64(dst []byte, v int64) []byte {
	return binary.BigEndian.AppendUint64(dst, uint64(v)^(1<<63))
}

func readInt32(b []byte) int32 { return int32(binary.BigEndian.Uint32(b) ^ (1 << 31)) }

func readInt64(b []byte) int64 { return int64(binary.BigEndian.Uint64(b) ^ (1 << 63)) }

func readPart(b []byte) uint32 { return uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]) }

// SystemKey returns the system key of kind for part. System keys do not
// depend on a space's vid type.
func SystemKey(part uint32, kind SystemKind) []byte {
	return append(appendHead(make([]byte, 0, keyHeadLen+1), KeySystem, part), byte(kind))
}

// PartPrefix returns type · part, the prefix of every key of type t in part.
func PartPrefix(t KeyType, part uint32) []byte {
	return appendHead(make([]byte, 0, keyHeadLen), t, part)
}

// PartPrefixes returns the prefixes that together cover all of part's data,
// one per key type in key order; a part snapshot is the union of their
// ranges.
func PartPrefixes(part uint32) [][]byte {
	out := make([][]byte, len(keyTypes))
	for i, t := range keyTypes {
		out[i] = PartPrefix(t, part)
	}
	return out
}

// PrefixEnd returns the smallest key greater than every key that starts with
// prefix, for use as an exclusive upper bound; nil (no bound) when prefix is
// empty or all 0xFF. The result never aliases prefix.
func PrefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

// KeyTypeOf returns the type of key, or ErrBadKey for an empty key or an
// unknown type byte.
func KeyTypeOf(key []byte) (KeyType, error) {
	if len(key) == 0 {
		return 0, fmt.Errorf("key type: empty key: %w", ErrBadKey)
	}
	t := KeyType(key[0])
	if t < KeyTag || t > KeySystem {
		return 0, fmt.Errorf("key type %#02x: %w", key[0], ErrBadKey)
	}
	return t, nil
}

// PartOfKey returns the partition a data key belongs to.
func PartOfKey(key []byte) (uint32, error) {
	if _, err := KeyTypeOf(key); err != nil {
		return 0, err
	}
	if len(key) < keyHeadLen {
		return 0, fmt.Errorf("key part: %d-byte key: %w", len(key), ErrBadKey)
	}
	return readPart(key), nil
}

// SystemKeyInfo is a parsed system key.
type SystemKeyInfo struct {
	Part uint32
	Kind SystemKind
}

// ParseSystemKey parses a key built by SystemKey.
func ParseSystemKey(key []byte) (SystemKeyInfo, error) {
	if len(key) != keyHeadLen+1 || KeyType(key[0]) != KeySystem {
		return SystemKeyInfo{}, fmt.Errorf("parse system key %x: %w", key, ErrBadKey)
	}
	return SystemKeyInfo{Part: readPart(key), Kind: SystemKind(key[keyHeadLen])}, nil
}
