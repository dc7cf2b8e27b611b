package storage

import (
	"fmt"

	"github.com/novagraph/novagraph/pkg/kvstore"
)

// catalog is a snapshot of one space's schemas taken for one request: the
// space, its key codec, and its tags, edge types and indexes by id and name.
type catalog struct {
	space       SpaceDesc
	codec       kvstore.KeyCodec
	tagsByID    map[int32]*SchemaDesc
	tagsByName  map[string]*SchemaDesc
	edgesByID   map[int32]*SchemaDesc
	edgesByName map[string]*SchemaDesc
	indexes     []*IndexDesc
}

// newCatalog reads the schemas of space sp from meta.
func newCatalog(m Meta, sp *space) (*catalog, error) {
	id := sp.desc.ID
	tags, err := m.Tags(id)
	if err != nil {
		return nil, fmt.Errorf("tags of space %d: %w", id, err)
	}
	edges, err := m.Edges(id)
	if err != nil {
		return nil, fmt.Errorf("edge types of space %d: %w", id, err)
	}
	idx, err := m.Indexes(id)
	if err != nil {
		return nil, fmt.Errorf("indexes of space %d: %w", id, err)
	}
	c := &catalog{
		space:       sp.desc,
		codec:       sp.codec,
		tagsByID:    make(map[int32]*SchemaDesc, len(tags)),
		tagsByName:  make(map[string]*SchemaDesc, len(tags)),
		edgesByID:   make(map[int32]*SchemaDesc, len(edges)),
		edgesByName: make(map[string]*SchemaDesc, len(edges)),
		indexes:     idx,
	}
	for _, t := range tags {
		c.tagsByID[t.ID] = t
		c.tagsByName[t.Name] = t
	}
	for _, e := range edges {
		c.edgesByID[e.ID] = e
		c.edgesByName[e.Name] = e
	}
	return c, nil
}

// tag returns a tag by id, or ErrTagNotFound.
func (c *catalog) tag(id int32) (*SchemaDesc, error) {
	if t := c.tagsByID[id]; t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("tag %d: %w", id, ErrTagNotFound)
}

// edge returns an edge type by signed type, or ErrEdgeNotFound.
func (c *catalog) edge(t int32) (*SchemaDesc, error) {
	if e := c.edgesByID[abs32(t)]; e != nil {
		return e, nil
	}
	return nil, fmt.Errorf("edge type %d: %w", t, ErrEdgeNotFound)
}

// indexesOf returns the indexes on a tag (edge false) or edge type.
func (c *catalog) indexesOf(edge bool, schemaID int32) []*IndexDesc {
	var out []*IndexDesc
	for _, ix := range c.indexes {
		if ix.Edge == edge && ix.SchemaID == schemaID {
			out = append(out, ix)
		}
	}
	return out
}

// index returns an index by id.
func (c *catalog) index(id int32) (*IndexDesc, error) {
	for _, ix := range c.indexes {
		if ix.ID == id {
			return ix, nil
		}
	}
	return nil, fmt.Errorf("index %d: %w", id, ErrIndexNotFound)
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}
