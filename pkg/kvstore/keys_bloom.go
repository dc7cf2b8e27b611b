package kvstore

import "fmt"

// PrefixExtractor names the leading bytes of a key that the engine's bloom
// filters hash, so that a point read or a scan of a prefix can skip every
// sstable that holds no key with that prefix. Implementations must be pure
// and safe for concurrent use.
//
// NB: Split must keep the ordering contract of pebble's Comparer.Split: the
// prefix is a byte prefix of the key, and bytewise order of keys implies the
// same order of their prefixes. Returning a fixed length per key type (or
// the whole key) satisfies it.
type PrefixExtractor interface {
	// Name is persisted by the engine; opening a store with another
	// extractor fails rather than misreading its filters.
	Name() string
	// Split returns the length of key's bloom prefix; len(key) when the
	// whole key is hashed.
	Split(key []byte) int
	// InDomain reports whether a scan prefix is at least one whole bloom
	// prefix long, so that the engine may seek with the filters.
	InDomain(prefix []byte) bool
}

// PrefixExtractor returns the bloom prefix extractor of the space's keys:
// tag keys are hashed on tag · part · vid (a vertex's tags, and a point read
// of one tag), edge keys on edge · part · src · edgeType (the scan behind a
// one-hop expansion), every other key as a whole.
func (c KeyCodec) PrefixExtractor() PrefixExtractor { return graphExtractor{c} }

type graphExtractor struct{ c KeyCodec }

func (g graphExtractor) Name() string {
	return fmt.Sprintf("novagraph.graph.v1.vid%d", g.c.vidLen)
}

// bloomLen returns the bloom prefix length of a key of type t, or 0 when
// keys of that type are hashed whole.
func (g graphExtractor) bloomLen(t byte) int {
	switch KeyType(t) {
	case KeyTag:
		return keyHeadLen + g.c.vidLen
	case KeyEdge:
		return keyHeadLen + g.c.vidLen + int32Len
	}
	return 0
}

func (g graphExtractor) Split(key []byte) int {
	if len(key) == 0 {
		return 0
	}
	if n := g.bloomLen(key[0]); n > 0 && n < len(key) {
		return n
	}
	return len(key)
}

func (g graphExtractor) InDomain(prefix []byte) bool {
	if len(prefix) == 0 {
		return false
	}
	n := g.bloomLen(prefix[0])
	return n > 0 && len(prefix) >= n
}
