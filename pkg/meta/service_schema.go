package meta

import (
	"context"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// Tags and edge types. Both are stored as TagItem records (an edge type in
// tag_id); edge answers convert them to EdgeItem.

func edgeItem(it *gmeta.TagItem) *gmeta.EdgeItem {
	return &gmeta.EdgeItem{EdgeType: common.EdgeType(it.TagID), EdgeName: it.TagName, Version: it.Version, Schema: it.Schema}
}

// listSchemas returns every version of every tag (edge type) of a space:
// ids ascending, each id's versions newest first, as NebulaGraph lists them.
func (s *service) listSchemas(edge bool, space common.GraphSpaceID) ([]*gmeta.TagItem, error) {
	var items []*gmeta.TagItem
	err := s.view(func(v view) error {
		if _, err := v.space(space); err != nil {
			return err
		}
		var err error
		items, err = v.schemas(edge, space)
		return err
	})
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].TagID != items[j].TagID {
			return items[i].TagID < items[j].TagID
		}
		return items[i].Version > items[j].Version
	})
	return items, err
}

// getSchema returns one version (the latest for a negative one).
func (s *service) getSchema(edge bool, space common.GraphSpaceID, name string, ver gmeta.SchemaVer) (*gmeta.Schema, error) {
	var out *gmeta.Schema
	err := s.view(func(v view) error {
		if _, err := v.space(space); err != nil {
			return err
		}
		latest, all, err := v.latestSchema(edge, space, name)
		if err != nil {
			return err
		}
		if ver < 0 {
			out = latest.Schema
			return nil
		}
		for _, it := range all {
			if it.Version == ver {
				out = it.Schema
				return nil
			}
		}
		return schemaNotFound(edge)
	})
	return out, err
}

// ListTags lists every version of every tag of a space.
func (s *service) ListTags(_ context.Context, req *gmeta.ListTagsReq) (*gmeta.ListTagsResp, error) {
	items, err := s.listSchemas(false, req.SpaceID)
	resp := &gmeta.ListTagsResp{Tags: items}
	if resp.Tags == nil {
		resp.Tags = []*gmeta.TagItem{}
	}
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// ListEdges lists every version of every edge type of a space.
func (s *service) ListEdges(_ context.Context, req *gmeta.ListEdgesReq) (*gmeta.ListEdgesResp, error) {
	items, err := s.listSchemas(true, req.SpaceID)
	resp := &gmeta.ListEdgesResp{Edges: make([]*gmeta.EdgeItem, 0, len(items))}
	for _, it := range items {
		resp.Edges = append(resp.Edges, edgeItem(it))
	}
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// GetTag returns one version of a tag's schema.
func (s *service) GetTag(_ context.Context, req *gmeta.GetTagReq) (*gmeta.GetTagResp, error) {
	sc, err := s.getSchema(false, req.SpaceID, string(req.TagName), req.Version)
	resp := &gmeta.GetTagResp{Schema: sc}
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// GetEdge returns one version of an edge type's schema.
func (s *service) GetEdge(_ context.Context, req *gmeta.GetEdgeReq) (*gmeta.GetEdgeResp, error) {
	sc, err := s.getSchema(true, req.SpaceID, string(req.EdgeName), req.Version)
	resp := &gmeta.GetEdgeResp{Schema: sc}
	resp.Code, resp.Leader = s.status(err)
	return reply(resp)
}

// CreateTag creates a tag (version 0 of its schema).
func (s *service) CreateTag(ctx context.Context, req *gmeta.CreateTagReq) (*gmeta.ExecResp, error) {
	id, err := s.createSchema(ctx, false, req.SpaceID, string(req.TagName), req.Schema, req.IfNotExists)
	return reply(s.exec(err, &gmeta.ID{TagID: ptrAs[common.TagID](id)}))
}

// CreateEdge creates an edge type.
func (s *service) CreateEdge(ctx context.Context, req *gmeta.CreateEdgeReq) (*gmeta.ExecResp, error) {
	id, err := s.createSchema(ctx, true, req.SpaceID, string(req.EdgeName), req.Schema, req.IfNotExists)
	return reply(s.exec(err, &gmeta.ID{EdgeType: ptrAs[common.EdgeType](id)}))
}

func (s *service) createSchema(ctx context.Context, edge bool, space common.GraphSpaceID, name string, sc *gmeta.Schema, ifNotExists bool) (*int32, error) {
	var out *int32
	err := s.update(ctx, func(t *txn) error {
		if _, err := t.space(space); err != nil {
			return err
		}
		// A tag and an edge type may not share a name.
		if other, err := t.schemaID(!edge, space, name); err == nil {
			out = &other
			return codeError(common.ErrorCode_E_CONFLICT)
		} else if CodeOf(err) != CodeOf(schemaNotFound(!edge)) {
			return err
		}
		if sc == nil {
			sc = &gmeta.Schema{}
		}
		if sc.SchemaProp == nil {
			sc.SchemaProp = &gmeta.SchemaProp{}
		}
		if err := checkDefaults(sc.Columns); err != nil {
			return err
		}
		if existing, err := t.schemaID(edge, space, name); err == nil {
			out = &existing
			if ifNotExists {
				return nil
			}
			return codeError(common.ErrorCode_E_EXISTED)
		} else if CodeOf(err) != CodeOf(schemaNotFound(edge)) {
			return err
		}
		if err := checkCodec(edge, sc); err != nil {
			return err
		}
		id, err := t.nextID(idGenKey(space))
		if err != nil {
			return err
		}
		out = &id
		t.touch = true
		t.put(schemaNameKey(edge, space, name), appendU32(nil, id))
		t.putRecord(schemaKey(edge, space, id, gmeta.SchemaVer(0)), &gmeta.TagItem{TagID: common.TagID(id), TagName: []byte(name), Version: 0, Schema: sc})
		return nil
	})
	return out, err
}

// AlterTag writes a new version of a tag's schema.
func (s *service) AlterTag(ctx context.Context, req *gmeta.AlterTagReq) (*gmeta.ExecResp, error) {
	id, err := s.alterSchema(ctx, false, req.SpaceID, string(req.TagName), req.TagItems, req.SchemaProp)
	return reply(s.exec(err, &gmeta.ID{TagID: ptrAs[common.TagID](id)}))
}

// AlterEdge writes a new version of an edge type's schema.
func (s *service) AlterEdge(ctx context.Context, req *gmeta.AlterEdgeReq) (*gmeta.ExecResp, error) {
	id, err := s.alterSchema(ctx, true, req.SpaceID, string(req.EdgeName), req.EdgeItems, req.SchemaProp)
	return reply(s.exec(err, &gmeta.ID{EdgeType: ptrAs[common.EdgeType](id)}))
}

// alterSchema follows NebulaGraph's AlterTagProcessor: columns used by an
// index may not change or go, a schema with an index may not get a TTL, and
// the result is stored as the next version.
func (s *service) alterSchema(ctx context.Context, edge bool, space common.GraphSpaceID, name string,
	items []*gmeta.AlterSchemaItem, change *gmeta.SchemaProp) (*int32, error) {
	var out *int32
	err := s.update(ctx, func(t *txn) error {
		if _, err := t.space(space); err != nil {
			return err
		}
		latest, all, err := t.latestSchema(edge, space, name)
		if err != nil {
			return err
		}
		id := int32(latest.TagID)
		out = &id
		// Work on a copy: latest is reused below only for its version.
		var cur gmeta.Schema
		if err := decode(encode(latest.Schema), &cur); err != nil {
			return err
		}
		if cur.SchemaProp == nil {
			cur.SchemaProp = &gmeta.SchemaProp{}
		}
		history := make([][]*gmeta.ColumnDef, 0, len(all))
		for _, it := range all {
			history = append(history, it.Schema.GetColumns())
		}
		indexes, err := s.schemaIndexes(t.view, edge, space, id)
		if err != nil {
			return err
		}
		for _, ix := range indexes {
			for _, it := range items {
				if it.Op != gmeta.AlterSchemaOp_CHANGE && it.Op != gmeta.AlterSchemaOp_DROP {
					continue
				}
				for _, c := range it.Schema.GetColumns() {
					for _, f := range ix.Fields {
						if string(f.Name) == string(c.Name) {
							return codeError(common.ErrorCode_E_CONFLICT)
						}
					}
				}
			}
		}
		hasIndex := len(indexes) > 0
		if hasIndex && change != nil && len(change.TTLCol) > 0 && change.GetTTLDuration() > 0 {
			return codeError(common.ErrorCode_E_UNSUPPORTED)
		}
		cols := cur.Columns
		for _, it := range items {
			for _, c := range it.Schema.GetColumns() {
				if cols, err = alterColumn(cols, cur.SchemaProp, c, it.Op, history, edge); err != nil {
					return err
				}
			}
		}
		if err := checkDefaults(cols); err != nil {
			return err
		}
		if err := alterSchemaProp(cols, cur.SchemaProp, change, hasIndex, edge); err != nil {
			return err
		}
		cur.Columns = cols
		if err := checkCodec(edge, &cur); err != nil {
			return err
		}
		ver := latest.Version + 1
		t.touch = true
		t.putRecord(schemaKey(edge, space, id, ver), &gmeta.TagItem{TagID: common.TagID(id), TagName: []byte(name), Version: ver, Schema: &cur})
		return nil
	})
	return out, err
}

// DropTag removes a tag with every version of its schema.
func (s *service) DropTag(ctx context.Context, req *gmeta.DropTagReq) (*gmeta.ExecResp, error) {
	id, err := s.dropSchema(ctx, false, req.SpaceID, string(req.TagName), req.IfExists)
	return reply(s.exec(err, &gmeta.ID{TagID: ptrAs[common.TagID](id)}))
}

// DropEdge removes an edge type.
func (s *service) DropEdge(ctx context.Context, req *gmeta.DropEdgeReq) (*gmeta.ExecResp, error) {
	id, err := s.dropSchema(ctx, true, req.SpaceID, string(req.EdgeName), req.IfExists)
	return reply(s.exec(err, &gmeta.ID{EdgeType: ptrAs[common.EdgeType](id)}))
}

func (s *service) dropSchema(ctx context.Context, edge bool, space common.GraphSpaceID, name string, ifExists bool) (*int32, error) {
	var out *int32
	err := s.update(ctx, func(t *txn) error {
		if _, err := t.space(space); err != nil {
			return err
		}
		id, err := t.schemaID(edge, space, name)
		if err != nil {
			if ifExists && CodeOf(err) == CodeOf(schemaNotFound(edge)) {
				return nil
			}
			return err
		}
		out = &id
		indexes, err := s.schemaIndexes(t.view, edge, space, id)
		if err != nil {
			return err
		}
		if len(indexes) > 0 {
			return codeError(common.ErrorCode_E_RELATED_INDEX_EXISTS)
		}
		t.touch = true
		t.del(schemaNameKey(edge, space, name))
		t.delPrefix(schemaIDPrefix(edge, space, id))
		return nil
	})
	return out, err
}

// schemaIndexes returns the indexes on one tag or edge type.
func (s *service) schemaIndexes(v view, edge bool, space common.GraphSpaceID, id int32) ([]*gmeta.IndexItem, error) {
	all, err := v.indexes(space)
	if err != nil {
		return nil, err
	}
	var out []*gmeta.IndexItem
	for _, ix := range all {
		if indexOn(ix, edge, id) {
			out = append(out, ix)
		}
	}
	return out, nil
}

// indexOn reports whether ix indexes the tag (edge type) id.
func indexOn(ix *gmeta.IndexItem, edge bool, id int32) bool {
	if ix.SchemaID == nil {
		return false
	}
	if edge {
		return ix.SchemaID.EdgeType != nil && int32(*ix.SchemaID.EdgeType) == id
	}
	return ix.SchemaID.TagID != nil && int32(*ix.SchemaID.TagID) == id
}
