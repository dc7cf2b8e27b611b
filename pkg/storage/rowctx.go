package storage

import (
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// The built-in property names.
const (
	propVid  = "_vid"
	propTag  = "_tag"
	propSrc  = "_src"
	propDst  = "_dst"
	propRank = "_rank"
	propType = "_type"
)

// tagRow is one tag row of a vertex.
type tagRow struct {
	desc *SchemaDesc
	r    kvstore.RowReader
}

// prop reads a property of the row, or a built-in: _vid, _tag (the tag id).
func (t *tagRow) prop(name string, vid value.Value) (value.Value, error) {
	switch name {
	case propVid:
		return vid, nil
	case propTag:
		return value.NewInt(int64(t.desc.ID)), nil
	}
	v, err := t.desc.Versions.Read(t.r, name)
	if errors.Is(err, kvstore.ErrUnknownProp) {
		return value.Empty, fmt.Errorf("tag %s has no property %q: %w", t.desc.Name, name, ErrTagPropNotFound)
	}
	return v, err
}

// edgeRow is one edge row, as its key stores it: for an in-key (Type < 0)
// Src is the vertex holding the key, the edge's destination.
type edgeRow struct {
	desc *SchemaDesc
	Type int32
	Src  value.Value
	Rank int64
	Dst  value.Value
	r    kvstore.RowReader
	// noRow: the edge is being inserted; its properties read as NULL.
	noRow bool
}

// prop reads a property of the row, or a built-in: _src, _dst, _rank,
// _type (the signed type).
func (e *edgeRow) prop(name string) (value.Value, error) {
	switch name {
	case propSrc:
		return e.Src, nil
	case propDst:
		return e.Dst, nil
	case propRank:
		return value.NewInt(e.Rank), nil
	case propType:
		return value.NewInt(int64(e.Type)), nil
	}
	if e.noRow {
		if e.desc.Versions.Latest().Index(name) < 0 {
			return value.Empty, fmt.Errorf("edge %s has no property %q: %w", e.desc.Name, name, ErrEdgePropNotFound)
		}
		return value.Null, nil
	}
	v, err := e.desc.Versions.Read(e.r, name)
	if errors.Is(err, kvstore.ErrUnknownProp) {
		return value.Empty, fmt.Errorf("edge %s has no property %q: %w", e.desc.Name, name, ErrEdgePropNotFound)
	}
	return v, err
}

// allProps returns every schema property of the row's latest schema, by name.
func allProps(desc *SchemaDesc, read func(string) (value.Value, error)) (map[string]value.Value, error) {
	latest := desc.Versions.Latest()
	out := make(map[string]value.Value, latest.NumColumns())
	for i := range latest.NumColumns() {
		name := latest.Column(i).Name
		v, err := read(name)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

// rowCtx is the eval.Context of storage-side expressions: the current
// vertex (its id and the tag rows read), and, when walking edges, the
// current edge. In an update, props overrides the row being updated with
// the values already assigned, and bare names are its properties.
type rowCtx struct {
	eval.Base
	vid  value.Value
	tags []tagRow
	edge *edgeRow
	// update: the row being updated (one of tags, or edge) and the values
	// assigned so far.
	updTag   *tagRow
	updEdge  bool
	assigned map[string]value.Value
}

func (c *rowCtx) findTag(name string) *tagRow {
	for i := range c.tags {
		if c.tags[i].desc.Name == name {
			return &c.tags[i]
		}
	}
	return nil
}

func (c *rowCtx) tagProp(tag, prop string) (value.Value, error) {
	if c.updTag != nil && c.updTag.desc.Name == tag {
		if v, ok := c.assigned[prop]; ok {
			return v, nil
		}
	}
	t := c.findTag(tag)
	if t == nil {
		return value.Null, nil
	}
	v, err := t.prop(prop, c.vid)
	if errors.Is(err, ErrTagPropNotFound) {
		return value.NewNull(value.NullUnknownProp), nil
	}
	return v, err
}

// SrcProp is $^.tag.prop: a property of the start vertex.
func (c *rowCtx) SrcProp(tag, prop string) (value.Value, error) { return c.tagProp(tag, prop) }

// TagProp is tag.prop of the current vertex.
func (c *rowCtx) TagProp(tag, prop string) (value.Value, error) { return c.tagProp(tag, prop) }

// EdgeProp is edge.prop of the current edge; EMPTY when the current edge is
// of another type, as in NebulaGraph.
func (c *rowCtx) EdgeProp(edge, prop string) (value.Value, error) {
	if c.edge == nil || c.edge.desc.Name != edge {
		return value.Empty, nil
	}
	if c.updEdge {
		if v, ok := c.assigned[prop]; ok {
			return v, nil
		}
	}
	v, err := c.edge.prop(prop)
	if errors.Is(err, ErrEdgePropNotFound) {
		return value.NewNull(value.NullUnknownProp), nil
	}
	return v, err
}

// Label resolves a bare name in an update to the updated row's property.
func (c *rowCtx) Label(name string) (value.Value, error) {
	switch {
	case c.updTag != nil:
		return c.tagProp(c.updTag.desc.Name, name)
	case c.updEdge:
		return c.EdgeProp(c.edge.desc.Name, name)
	}
	return c.Base.Label(name)
}

// Vertex returns the start vertex ($^ or VERTEX) with the tags read.
func (c *rowCtx) Vertex(name string) (value.Value, error) {
	if name == "$$" {
		return c.Base.Vertex(name)
	}
	vx := &value.Vertex{VID: c.vid}
	for i := range c.tags {
		t := &c.tags[i]
		props, err := allProps(t.desc, func(p string) (value.Value, error) { return c.tagProp(t.desc.Name, p) })
		if err != nil {
			return value.Empty, err
		}
		vx.Tags = append(vx.Tags, value.Tag{Name: t.desc.Name, Props: props})
	}
	return value.NewVertex(vx), nil
}

// Edge returns the current edge.
func (c *rowCtx) Edge() (value.Value, error) {
	if c.edge == nil {
		return c.Base.Edge()
	}
	e := c.edge
	props, err := allProps(e.desc, func(p string) (value.Value, error) { return c.EdgeProp(e.desc.Name, p) })
	if err != nil {
		return value.Empty, err
	}
	return value.NewEdge(&value.Edge{Src: e.Src, Dst: e.Dst, Type: e.Type, Name: e.desc.Name, Ranking: e.Rank, Props: props}), nil
}
