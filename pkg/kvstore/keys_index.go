package kvstore

import (
	"fmt"

	"github.com/novagraph/novagraph/pkg/value"
)

// Index keys: index · part · indexID · values · vid for a tag index and
// index · part · indexID · values · src · rank · dst for an edge index, where
// values is the concatenation of AppendIndexValue for each indexed field.

// AppendIndexPrefix appends index · part · indexID, the prefix of one index's
// entries in a partition.
func AppendIndexPrefix(dst []byte, part uint32, index int32) []byte {
	return appendInt32(appendHead(dst, KeyIndex, part), index)
}

// AppendTagIndexKey appends the entry of a vertex in a tag index; values is
// the encoded field values.
func (c KeyCodec) AppendTagIndexKey(dst []byte, part uint32, index int32, values, vid []byte) []byte {
	c.checkVID(vid)
	return append(append(AppendIndexPrefix(dst, part, index), values...), vid...)
}

// AppendEdgeIndexKey appends the entry of an edge in an edge index; values
// is the encoded field values.
func (c KeyCodec) AppendEdgeIndexKey(dst []byte, part uint32, index int32, values, src []byte, rank int64, dstVID []byte) []byte {
	c.checkVID(src)
	c.checkVID(dstVID)
	dst = append(append(AppendIndexPrefix(dst, part, index), values...), src...)
	return append(appendInt64(dst, rank), dstVID...)
}

// IndexKey is a parsed index key; the slices alias the key. Values holds the
// encoded field values (decode with DecodeIndexValues). For a tag index VID
// is set; for an edge index Src, Rank and Dst are.
type IndexKey struct {
	Part   uint32
	Index  int32
	Values []byte
	VID    []byte
	Src    []byte
	Rank   int64
	Dst    []byte
}

const indexHeadLen = keyHeadLen + int32Len

// ParseTagIndexKey parses a key built by AppendTagIndexKey.
func (c KeyCodec) ParseTagIndexKey(key []byte) (IndexKey, error) {
	if len(key) < indexHeadLen+c.vidLen || KeyType(key[0]) != KeyIndex {
		return IndexKey{}, fmt.Errorf("parse tag index key %x: %w", key, ErrBadKey)
	}
	v := len(key) - c.vidLen
	return IndexKey{
		Part:   readPart(key),
		Index:  readInt32(key[keyHeadLen:]),
		Values: key[indexHeadLen:v:v],
		VID:    key[v:len(key):len(key)],
	}, nil
}

// ParseEdgeIndexKey parses a key built by AppendEdgeIndexKey.
func (c KeyCodec) ParseEdgeIndexKey(key []byte) (IndexKey, error) {
	tail := 2*c.vidLen + int64Len
	if len(key) < indexHeadLen+tail || KeyType(key[0]) != KeyIndex {
		return IndexKey{}, fmt.Errorf("parse edge index key %x: %w", key, ErrBadKey)
	}
	s := len(key) - tail
	r := s + c.vidLen
	d := r + int64Len
	return IndexKey{
		Part:   readPart(key),
		Index:  readInt32(key[keyHeadLen:]),
		Values: key[indexHeadLen:s:s],
		Src:    key[s:r:r],
		Rank:   readInt64(key[r:]),
		Dst:    key[d:len(key):len(key)],
	}, nil
}

// IndexBound is one end of a range on an indexed field.
type IndexBound struct {
	Value     value.Value
	Inclusive bool
}

// IndexRange selects index entries: the first len(Eq) fields equal Eq (a
// NULL matches NULL, for IS NULL lookups), and the next field lies between
// Lower and Upper, either of which may be nil for no bound. Ranges never
// include NULLs of the ranged field.
type IndexRange struct {
	Eq    []value.Value
	Lower *IndexBound
	Upper *IndexBound
}

// IndexScanRange returns the key range [start, end) of the entries of index
// in part that r selects, for fields (the index's fields in order). exact is
// false when a truncated string made the range a superset of r, so the
// caller must re-check candidates against their rows. Errors come from
// AppendIndexValue, or are ErrNotIndexable when r names more fields than the
// index has.
func IndexScanRange(part uint32, index int32, fields []IndexField, r IndexRange) (start, end []byte, exact bool, err error) {
	ranged := r.Lower != nil || r.Upper != nil
	need := len(r.Eq)
	if ranged {
		need++
	}
	if need > len(fields) {
		return nil, nil, false, fmt.Errorf("index range on %d fields of a %d-field index: %w", need, len(fields), ErrNotIndexable)
	}
	prefix := AppendIndexPrefix(nil, part, index)
	exact = true
	for i, v := range r.Eq {
		if prefix, err = AppendIndexValue(prefix, fields[i], v); err != nil {
			return nil, nil, false, fmt.Errorf("index range field %d: %w", i, err)
		}
		exact = exact && !truncatedString(fields[i], v)
	}
	if !ranged {
		return prefix, PrefixEnd(prefix), exact, nil
	}
	f := fields[len(r.Eq)]
	// Keep a ranged nullable field's NULL entries (marker 0x01) out.
	lo, hi := prefix, PrefixEnd(prefix)
	if f.Nullable {
		lo = append(append([]byte(nil), prefix...), indexNotNull)
		hi = append(append([]byte(nil), prefix...), indexNull)
	}
	if b := r.Lower; b != nil {
		enc, err := boundValue(prefix, f, b.Value)
		if err != nil {
			return nil, nil, false, fmt.Errorf("index range lower bound: %w", err)
		}
		trunc := truncatedString(f, b.Value)
		exact = exact && !trunc
		if b.Inclusive || trunc {
			lo = enc
		} else {
			lo = PrefixEnd(enc)
		}
	}
	if b := r.Upper; b != nil {
		enc, err := boundValue(prefix, f, b.Value)
		if err != nil {
			return nil, nil, false, fmt.Errorf("index range upper bound: %w", err)
		}
		trunc := truncatedString(f, b.Value)
		exact = exact && !trunc
		if b.Inclusive || trunc {
			hi = PrefixEnd(enc)
		} else {
			hi = enc
		}
	}
	return lo, hi, exact, nil
}

// boundValue returns prefix followed by the encoding of a non-NULL bound.
func boundValue(prefix []byte, f IndexField, v value.Value) ([]byte, error) {
	if v.IsNull() || v.IsEmpty() {
		return nil, fmt.Errorf("bound %v: %w", v.Kind(), ErrTypeMismatch)
	}
	return AppendIndexValue(append([]byte(nil), prefix...), f, v)
}

// truncatedString reports whether v is a string the index keeps only a
// prefix of.
func truncatedString(f IndexField, v value.Value) bool {
	return (f.Type == TypeString || f.Type == TypeFixedString) && v.Kind() == value.KindString && len(v.Str()) > f.Len
}
