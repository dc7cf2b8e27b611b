package kvstore

import "fmt"

// Key builders and parsers for the vertex, tag and edge keys of a space.

// AppendTagKey appends tag · part · vid · tagID, the key of one tag's row.
func (c KeyCodec) AppendTagKey(dst []byte, part uint32, vid []byte, tag int32) []byte {
	c.checkVID(vid)
	dst = appendHead(dst, KeyTag, part)
	dst = append(dst, vid...)
	return appendInt32(dst, tag)
}

// AppendTagPrefix appends tag · part · vid, the prefix of all tags of a
// vertex.
func (c KeyCodec) AppendTagPrefix(dst []byte, part uint32, vid []byte) []byte {
	c.checkVID(vid)
	return append(appendHead(dst, KeyTag, part), vid...)
}

// AppendVertexKey appends vertex · part · vid, the marker that a vertex
// exists even without tags.
func (c KeyCodec) AppendVertexKey(dst []byte, part uint32, vid []byte) []byte {
	c.checkVID(vid)
	return append(appendHead(dst, KeyVertex, part), vid...)
}

// AppendEdgeKey appends edge · part · src · edgeType · rank · dst · version,
// the key of one edge row. A positive edgeType is the out-key stored in
// src's partition; the same edge's in-key swaps src and dst, negates
// edgeType and lives in dst's partition.
func (c KeyCodec) AppendEdgeKey(dst []byte, part uint32, src []byte, edgeType int32, rank int64, dstVID []byte) []byte {
	c.checkVID(src)
	c.checkVID(dstVID)
	dst = append(appendHead(dst, KeyEdge, part), src...)
	dst = appendInt64(appendInt32(dst, edgeType), rank)
	return append(append(dst, dstVID...), EdgeVersion)
}

// AppendEdgePrefix appends edge · part · src, the prefix of all edges of a
// vertex, both directions (in-keys, whose types are negative, sort first).
func (c KeyCodec) AppendEdgePrefix(dst []byte, part uint32, src []byte) []byte {
	c.checkVID(src)
	return append(appendHead(dst, KeyEdge, part), src...)
}

// AppendEdgeTypePrefix appends edge · part · src · edgeType, the prefix of a
// vertex's edges of one type and direction, ordered by rank then dst. This
// is the prefix a one-hop expansion scans; it is also the bloom filter prefix
// of edge keys.
func (c KeyCodec) AppendEdgeTypePrefix(dst []byte, part uint32, src []byte, edgeType int32) []byte {
	return appendInt32(c.AppendEdgePrefix(dst, part, src), edgeType)
}

// AppendEdgeRankPrefix appends edge · part · src · edgeType · rank, the
// prefix of a vertex's edges of one type at one rank. NB: the ranks of one
// src→dst pair are not contiguous in this layout (rank precedes dst); scan
// the edge type prefix and filter on dst, as NebulaGraph does.
func (c KeyCodec) AppendEdgeRankPrefix(dst []byte, part uint32, src []byte, edgeType int32, rank int64) []byte {
	return appendInt64(c.AppendEdgeTypePrefix(dst, part, src, edgeType), rank)
}

// AppendEdgeVersionPrefix appends the edge key without its version byte:
// the prefix of every stored version of one edge.
func (c KeyCodec) AppendEdgeVersionPrefix(dst []byte, part uint32, src []byte, edgeType int32, rank int64, dstVID []byte) []byte {
	c.checkVID(dstVID)
	return append(c.AppendEdgeRankPrefix(dst, part, src, edgeType, rank), dstVID...)
}

// TagKey is a parsed tag key; VID aliases the key.
type TagKey struct {
	Part uint32
	VID  []byte
	Tag  int32
}

// ParseTagKey parses a key built by AppendTagKey; other bytes are ErrBadKey.
func (c KeyCodec) ParseTagKey(key []byte) (TagKey, error) {
	if len(key) != keyHeadLen+c.vidLen+int32Len || KeyType(key[0]) != KeyTag {
		return TagKey{}, fmt.Errorf("parse tag key %x: %w", key, ErrBadKey)
	}
	v := keyHeadLen + c.vidLen
	return TagKey{Part: readPart(key), VID: key[keyHeadLen:v:v], Tag: readInt32(key[v:])}, nil
}

// VertexKey is a parsed vertex key; VID aliases the key.
type VertexKey struct {
	Part uint32
	VID  []byte
}

// ParseVertexKey parses a key built by AppendVertexKey.
func (c KeyCodec) ParseVertexKey(key []byte) (VertexKey, error) {
	if len(key) != keyHeadLen+c.vidLen || KeyType(key[0]) != KeyVertex {
		return VertexKey{}, fmt.Errorf("parse vertex key %x: %w", key, ErrBadKey)
	}
	return VertexKey{Part: readPart(key), VID: key[keyHeadLen:len(key):len(key)]}, nil
}

// EdgeKey is a parsed edge key; Src and Dst alias the key. For an in-key
// (Type < 0) Src is the vertex whose partition holds the key, i.e. the
// edge's destination.
type EdgeKey struct {
	Part    uint32
	Src     []byte
	Type    int32
	Rank    int64
	Dst     []byte
	Version byte
}

// edgeKeyLen is the length of an edge key of this space.
func (c KeyCodec) edgeKeyLen() int { return keyHeadLen + 2*c.vidLen + int32Len + int64Len + 1 }

// ParseEdgeKey parses a key built by AppendEdgeKey.
func (c KeyCodec) ParseEdgeKey(key []byte) (EdgeKey, error) {
	if len(key) != c.edgeKeyLen() || KeyType(key[0]) != KeyEdge {
		return EdgeKey{}, fmt.Errorf("parse edge key %x: %w", key, ErrBadKey)
	}
	s := keyHeadLen + c.vidLen
	d := s + int32Len + int64Len
	return EdgeKey{
		Part:    readPart(key),
		Src:     key[keyHeadLen:s:s],
		Type:    readInt32(key[s:]),
		Rank:    readInt64(key[s+int32Len:]),
		Dst:     key[d : d+c.vidLen : d+c.vidLen],
		Version: key[len(key)-1],
	}, nil
}
