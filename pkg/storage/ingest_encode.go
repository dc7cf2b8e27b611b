package storage

import (
	"fmt"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// KV is one key-value of a part, as storaged keeps it in its engine.
type KV struct {
	Part       int32
	Key, Value []byte
}

// Encoder turns vertices and edges into the key-values storaged would
// write for INSERT VERTEX / INSERT EDGE into an empty space: the tag and
// edge rows (an edge's out-key in its source's part, its in-key in its
// destination's) and their index entries. Bulk loads use it to build
// sstables outside the cluster that every replica then ingests (SUBMIT
// JOB DOWNLOAD / INGEST), so the encoding lives here, next to the write
// path it must equal, and nowhere else.
//
// Unlike INSERT it does not read before writing: a row that already
// exists is replaced, but the index entries of the replaced row stay, so
// an sstable load is meant for data the space does not hold yet.
//
// An Encoder holds a snapshot of the space's schemas; it is safe for
// concurrent use.
type Encoder struct {
	cat *catalog
}

// NewEncoder snapshots the schemas and indexes of space spaceID from m.
func NewEncoder(m Meta, spaceID int32) (*Encoder, error) {
	d, err := m.Space(spaceID)
	if err != nil {
		return nil, fmt.Errorf("space %d: %w", spaceID, err)
	}
	codec, err := kvstore.NewKeyCodec(d.VIDType, d.VIDLen)
	if err != nil {
		return nil, fmt.Errorf("space %d: %w", spaceID, err)
	}
	cat, err := newCatalog(m, &space{desc: d, codec: codec})
	if err != nil {
		return nil, err
	}
	return &Encoder{cat: cat}, nil
}

// Space describes the space the Encoder encodes for.
func (e *Encoder) Space() SpaceDesc { return e.cat.space }

// Vertex appends to dst the key-values of one tag row of vertex vid:
// names are the properties the values are for (nil: schema order);
// properties left out take their defaults, as in INSERT.
func (e *Encoder) Vertex(dst []KV, vid value.Value, tag string, names []string, props []value.Value) ([]KV, error) {
	desc := e.cat.tagsByName[tag]
	if desc == nil {
		return dst, fmt.Errorf("tag %s: %w", tag, ErrTagNotFound)
	}
	raw, err := e.cat.codec.VID(vid)
	if err != nil {
		return dst, fmt.Errorf("vertex id %v: %w: %w", vid, ErrInvalidVID, err)
	}
	pid := e.cat.codec.PartOf(raw, uint32(e.cat.space.PartNum))
	row, err := encodeProps(desc, names, props, ErrTagPropNotFound)
	if err != nil {
		return dst, err
	}
	dst = append(dst, KV{Part: int32(pid), Key: e.cat.codec.AppendTagKey(nil, pid, raw, desc.ID), Value: row})
	if len(e.cat.indexesOf(false, desc.ID)) == 0 {
		return dst, nil
	}
	r, err := desc.Versions.Reader(row)
	if err != nil {
		return dst, err
	}
	keys, err := tagIndexKeys(e.cat, pid, raw, desc, r)
	if err != nil {
		return dst, err
	}
	for _, k := range keys {
		dst = append(dst, KV{Part: int32(pid), Key: k})
	}
	return dst, nil
}

// Edge appends to dst the key-values of edge src -[edge@rank]-> dstVID:
// the out-key and its index entries in the source's part, the in-key in
// the destination's. names and props are as for Vertex.
func (e *Encoder) Edge(dst []KV, src, dstVID value.Value, edge string, rank int64, names []string, props []value.Value) ([]KV, error) {
	desc := e.cat.edgesByName[edge]
	if desc == nil {
		return dst, fmt.Errorf("edge type %s: %w", edge, ErrEdgeNotFound)
	}
	s, err := e.cat.codec.VID(src)
	if err != nil {
		return dst, fmt.Errorf("edge source %v: %w: %w", src, ErrInvalidVID, err)
	}
	d, err := e.cat.codec.VID(dstVID)
	if err != nil {
		return dst, fmt.Errorf("edge destination %v: %w: %w", dstVID, ErrInvalidVID, err)
	}
	row, err := encodeProps(desc, names, props, ErrEdgePropNotFound)
	if err != nil {
		return dst, err
	}
	parts := uint32(e.cat.space.PartNum)
	sp, dp := e.cat.codec.PartOf(s, parts), e.cat.codec.PartOf(d, parts)
	dst = append(dst,
		KV{Part: int32(sp), Key: e.cat.codec.AppendEdgeKey(nil, sp, s, desc.ID, rank, d), Value: row},
		KV{Part: int32(dp), Key: e.cat.codec.AppendEdgeKey(nil, dp, d, -desc.ID, rank, s), Value: row})
	if len(e.cat.indexesOf(true, desc.ID)) == 0 {
		return dst, nil
	}
	r, err := desc.Versions.Reader(row)
	if err != nil {
		return dst, err
	}
	keys, err := edgeIndexKeys(e.cat, sp, s, rank, d, desc, r)
	if err != nil {
		return dst, err
	}
	for _, k := range keys {
		dst = append(dst, KV{Part: int32(sp), Key: k})
	}
	return dst, nil
}
