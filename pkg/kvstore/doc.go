// Package kvstore is NovaGraph's storage floor: the local key-value engine
// and the codecs that lay a property graph out in it.
//
// It owns three things:
//
//   - Engine, a small interface over an ordered key-value store (point and
//     multi gets, puts, deletes, range deletes, bounded and prefix
//     iteration, atomic batches, point-in-time snapshots, checkpoints, SST
//     ingestion, flush/compaction triggers, sizes and stats). Pebble
//     implements it (Open for a directory, OpenMem for an in-memory twin
//     used by tests of the layers above); Options documents each tuning
//     choice, and BulkBatch is the write path for bulk loads.
//   - KeyCodec, the key layout of one graph space (docs/format/keys.md):
//     tag, vertex, out/in edge, index and system keys, their prefixes, the
//     partition of a vid (computed exactly as NebulaGraph does), and the
//     bloom-filter prefix extractor the engine uses so that the prefix scan
//     behind a one-hop expansion skips sstables without the vertex.
//   - The row codec (docs/format/rows.md): Schema and Versions describe a
//     tag's or edge type's properties per schema version; EncodeRow writes a
//     row with a null bitmap, fixed-width slots and a variable tail;
//     RowReader decodes one property without touching the others; the index
//     value encoding (AppendIndexValue) keeps byte order equal to value order.
//
// It does not know about raft, partitions' placement, the query language or
// the network: callers hand it part ids, schemas and values.
//
// Vocabulary: a "vid" in key form is the vertex id as it appears inside keys
// (FIXED_STRING(N): the bytes padded with NUL to N; INT64: 8 bytes,
// big-endian, sign bit flipped); KeyCodec.VID and KeyCodec.VIDValue convert
// between key form and value.Value.
//
// Concurrency: an Engine, its snapshots and the codecs are safe for
// concurrent use. A Batch, a BulkBatch, an Iterator, an SSTWriter and a
// RowReader belong to one goroutine at a time. Codecs are pure functions of their inputs; slices
// they return that alias an input say so in their doc comment.
package kvstore
