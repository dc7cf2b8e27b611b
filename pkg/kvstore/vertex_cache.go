package kvstore

import (
	"encoding/binary"
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// VertexCache keeps, for vertices read recently, every key and value under
// the vertex's tag prefix (KeyTag · part · vid), an empty list included.
// Reading a vertex's tags is a seek per vertex: a bloom filter, an index
// block and a data block from the block cache for each level that may hold
// it. A GO's destinations and a FETCH read many vertices that many other
// queries read too (the hubs of a power-law graph), and a hit here replaces
// the seek with a map lookup. It is NebulaGraph's vertex cache (storaged's
// --enable_vertex_cache, sized by --vertex_pool_capacity).
//
// One cache may serve several engines (the spaces of a storaged); each
// engine reaches it through its own vcHandle. The cache is never stale:
//   - every write of the engine through which a tag key goes (Put, Delete,
//     a committed Batch) drops that vertex's entry once the write is in
//     the engine, and a DeleteRange or an Ingest drops all of the engine's
//     entries at once (see vcHandle.clear);
//   - each of those bumps the engine's generation first, and a reader
//     fills the cache only while the generation is still the one it saw
//     before taking its snapshot. A fill from a snapshot older than a
//     write therefore never lands after that write's invalidation.
//
// Entries are evicted at random (Go's map iteration order) once a shard is
// over its share of the capacity.
type VertexCache struct {
	perShard int64
	seed     maphash.Seed
	shards   [vcShards]vcShard
	nextID   atomic.Uint32
	hits     atomic.Int64
	misses   atomic.Int64
}

const vcShards = 64

type vcShard struct {
	mu    sync.Mutex
	m     map[string]vcEntry
	bytes int64
}

type vcEntry struct {
	kvs  []KV
	size int64
}

// KV is a key and its value.
type KV struct{ Key, Value []byte }

// vcEntryOverhead approximates the bytes an entry costs beyond its keys
// and values: the map slot, the key string header and the KV headers.
const vcEntryOverhead = 96

// NewVertexCache returns an empty cache of about capacity bytes.
func NewVertexCache(capacity int64) *VertexCache {
	c := &VertexCache{perShard: max(capacity/vcShards, 1), seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string]vcEntry)
	}
	return c
}

// VertexCacheStats are a cache's counters.
type VertexCacheStats struct {
	Hits, Misses, Bytes, Entries int64
}

// Stats returns the cache's counters.
func (c *VertexCache) Stats() VertexCacheStats {
	st := VertexCacheStats{Hits: c.hits.Load(), Misses: c.misses.Load()}
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		st.Bytes += sh.bytes
		st.Entries += int64(len(sh.m))
		sh.mu.Unlock()
	}
	return st
}

// handle registers an engine with the cache.
func (c *VertexCache) handle() *vcHandle {
	return &vcHandle{c: c, id: c.nextID.Add(1)}
}

// vcHandle is one engine's part of a VertexCache. Its entries are keyed by
// id · epoch · tag prefix; clear moves to a new epoch, so the old entries
// are unreachable at once and age out by eviction.
type vcHandle struct {
	c     *VertexCache
	id    uint32
	epoch atomic.Uint32
	// gen moves before every invalidation (see VertexCache).
	gen atomic.Uint64
}

// key appends the cache key of prefix to dst.
func (h *vcHandle) key(dst, prefix []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, h.id)
	dst = binary.BigEndian.AppendUint32(dst, h.epoch.Load())
	return append(dst, prefix...)
}

func (h *vcHandle) shard(prefix []byte) *vcShard {
	return &h.c.shards[maphash.Bytes(h.c.seed, prefix)%vcShards]
}

// get returns the entry of prefix; its slices must not be changed.
func (h *vcHandle) get(prefix []byte) ([]KV, bool) {
	var buf [64]byte
	k := h.key(buf[:0], prefix)
	sh := h.shard(prefix)
	sh.mu.Lock()
	e, ok := sh.m[string(k)]
	sh.mu.Unlock()
	if ok {
		h.c.hits.Add(1)
	} else {
		h.c.misses.Add(1)
	}
	return e.kvs, ok
}

// fill stores kvs as prefix's entry, taking ownership of them, unless the
// generation has moved from gen (something was invalidated since the
// caller's snapshot was taken).
func (h *vcHandle) fill(gen uint64, prefix []byte, kvs []KV) {
	size := int64(vcEntryOverhead + 8 + len(prefix))
	for _, kv := range kvs {
		size += int64(len(kv.Key) + len(kv.Value) + 48)
	}
	if size > h.c.perShard {
		return
	}
	k := string(h.key(make([]byte, 0, 8+len(prefix)), prefix))
	sh := h.shard(prefix)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	// Checked under the shard's lock: an invalidation moves gen before it
	// takes this lock to delete, so either it sees this entry or this fill
	// sees the moved gen.
	if h.gen.Load() != gen {
		return
	}
	if old, ok := sh.m[k]; ok {
		sh.bytes -= old.size
	}
	sh.m[k] = vcEntry{kvs: kvs, size: size}
	sh.bytes += size
	for victim, e := range sh.m {
		if sh.bytes <= h.c.perShard {
			break
		}
		if victim == k {
			continue
		}
		delete(sh.m, victim)
		sh.bytes -= e.size
	}
}

// invalidate drops the entries of the tag prefixes of keys (keys that are
// not tag keys are skipped). It runs after the write is in the engine.
func (h *vcHandle) invalidate(keys ...[]byte) {
	var buf [64]byte
	bumped := false
	for _, key := range keys {
		prefix, ok := tagPrefixOf(key)
		if !ok {
			continue
		}
		if !bumped {
			h.gen.Add(1)
			bumped = true
		}
		k := h.key(buf[:0], prefix)
		sh := h.shard(prefix)
		sh.mu.Lock()
		if e, ok := sh.m[string(k)]; ok {
			delete(sh.m, string(k))
			sh.bytes -= e.size
		}
		sh.mu.Unlock()
	}
}

// clear drops every entry of the engine: after a write whose keys are not
// listed (a range deletion, an ingested sstable).
func (h *vcHandle) clear() {
	h.gen.Add(1)
	h.epoch.Add(1)
}

// tagPrefixOf returns the tag prefix of a tag key (the key without its tag
// id), or false for any other key.
func tagPrefixOf(key []byte) ([]byte, bool) {
	if len(key) <= keyHeadLen+4 || KeyType(key[0]) != KeyTag {
		return nil, false
	}
	return key[:len(key)-4], true
}

// VertexCacher is implemented by the snapshots of an engine with a vertex
// cache. A reader of a vertex's tags asks CachedVertex first and, on a
// miss, reads the tag prefix from the snapshot and offers what it read to
// FillVertex.
type VertexCacher interface {
	// CachedVertex returns every key and value under prefix, a tag prefix
	// (KeyTag · part · vid), in key order, or false when the cache does
	// not hold it. The slices are shared: they must not be changed.
	CachedVertex(prefix []byte) ([]KV, bool)
	// FillVertex offers the keys and values under prefix as this snapshot
	// holds them, in key order; the cache takes ownership of kvs.
	FillVertex(prefix []byte, kvs []KV)
}
