package meta

import (
	"context"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// Tag and edge indexes. Index names are unique within a space across both
// kinds.

// maxIndexStringLen is the longest prefix of a STRING column an index may
// keep (NebulaGraph's MAX_INDEX_TYPE_LENGTH).
const maxIndexStringLen = 256

// CreateTagIndex creates an index on a tag's properties.
func (s *service) CreateTagIndex(ctx context.Context, req *gmeta.CreateIndexReq) (*gmeta.ExecResp, error) {
	id, err := s.createIndex(ctx, false, req)
	return reply(s.exec(err, &gmeta.ID{IndexID: ptrAs[common.IndexID](id)}))
}

// CreateEdgeIndex creates an index on an edge type's properties.
func (s *service) CreateEdgeIndex(ctx context.Context, req *gmeta.CreateIndexReq) (*gmeta.ExecResp, error) {
	id, err := s.createIndex(ctx, true, req)
	return reply(s.exec(err, &gmeta.ID{IndexID: ptrAs[common.IndexID](id)}))
}

// createIndex follows NebulaGraph's CreateTagIndexProcessor: an existing
// name is E_EXISTED (success with IF NOT EXISTS), so is an index on the
// same schema with the same fields; a field the latest schema lacks is
// E_KEY_NOT_FOUND; a STRING field needs a prefix length of at most 256, and
// only STRING fields take one (E_INVALID_PARM).
func (s *service) createIndex(ctx context.Context, edge bool, req *gmeta.CreateIndexReq) (*int32, error) {
	var out *int32
	err := s.update(ctx, func(t *txn) error {
		space := req.SpaceID
		if _, err := t.space(space); err != nil {
			return err
		}
		name := string(req.IndexName)
		if existing, ok, err := t.optID(indexNameKey(space, name)); err != nil {
			return err
		} else if ok {
			out = &existing
			if req.IfNotExists {
				return nil
			}
			return codeError(common.ErrorCode_E_EXISTED)
		}
		if err := checkIndexFields(req.Fields); err != nil {
			return err
		}
		latest, _, err := t.latestSchema(edge, space, string(req.SchemaName))
		if err != nil {
			return err
		}
		all, err := s.schemaIndexes(t.view, edge, space, int32(latest.TagID))
		if err != nil {
			return err
		}
		for _, ix := range all {
			if sameFields(req.Fields, ix.Fields) {
				id := int32(ix.IndexID)
				out = &id
				if req.IfNotExists {
					return nil
				}
				return codeError(common.ErrorCode_E_EXISTED)
			}
		}
		fields := make([]*gmeta.ColumnDef, 0, len(req.Fields))
		for _, f := range req.Fields {
			col := findColumn(latest.Schema.GetColumns(), string(f.Name))
			if col == nil {
				return codeError(common.ErrorCode_E_KEY_NOT_FOUND)
			}
			field, err := indexField(col, f)
			if err != nil {
				return err
			}
			fields = append(fields, field)
		}
		id, err := t.nextID(idGenKey(space))
		if err != nil {
			return err
		}
		out = &id
		schemaID := &common.SchemaID{}
		if edge {
			et := common.EdgeType(latest.TagID)
			schemaID.EdgeType = &et
		} else {
			tid := latest.TagID
			schemaID.TagID = &tid
		}
		item := &gmeta.IndexItem{
			IndexID:     common.IndexID(id),
			IndexName:   []byte(name),
			SchemaID:    schemaID,
			SchemaName:  req.SchemaName,
			Fields:      fields,
			Comment:     req.Comment,
			IndexParams: req.IndexParams,
		}
		t.touch = true
		t.put(indexNameKey(space, name), appendU32(nil, id))
		t.putRecord(indexKey(space, id), item)
		return nil
	})
	return out, err
}

func findColumn(cols []*gmeta.ColumnDef, name string) *gmeta.ColumnDef {
	for _, c := range cols {
		if string(c.Name) == name {
			return c
		}
	}
	return nil
}

// sameFields reports whether an index on fields would duplicate one on
// have: the same field names in the same order.
func sameFields(fields []*gmeta.IndexFieldDef, have []*gmeta.ColumnDef) bool {
	if len(fields) != len(have) {
		return false
	}
	for i := range fields {
		if string(fields[i].Name) != string(have[i].Name) {
			return false
		}
	}
	return true
}

// maxIndexFields is how many columns one index may cover, as in
// NebulaGraph.
const maxIndexFields = 16

// checkIndexFields refuses a column named twice and more than
// maxIndexFields columns (E_CONFLICT, as NebulaGraph).
func checkIndexFields(fields []*gmeta.IndexFieldDef) error {
	seen := make(map[string]bool, len(fields))
	for _, f := range fields {
		if seen[string(f.Name)] {
			return codeError(common.ErrorCode_E_CONFLICT)
		}
		seen[string(f.Name)] = true
	}
	if len(fields) > maxIndexFields {
		return codeError(common.ErrorCode_E_CONFLICT)
	}
	return nil
}

// indexField is the stored form of one indexed column: a STRING column
// becomes FIXED_STRING(prefix length).
func indexField(col *gmeta.ColumnDef, f *gmeta.IndexFieldDef) (*gmeta.ColumnDef, error) {
	t := &gmeta.ColumnTypeDef{Type: col.Type.GetType(), TypeLength: col.Type.TypeLength, GeoShape: col.Type.GeoShape}
	switch t.Type {
	case common.PropertyType_STRING:
		if f.TypeLength == nil || *f.TypeLength <= 0 || *f.TypeLength > maxIndexStringLen {
			return nil, codeError(common.ErrorCode_E_INVALID_PARM)
		}
		t.Type, t.TypeLength = common.PropertyType_FIXED_STRING, *f.TypeLength
	case common.PropertyType_UNKNOWN, common.PropertyType_VID, common.PropertyType_DURATION:
		// Durations have no total order; lists and sets (below) no
		// fixed-width key form.
		return nil, codeError(common.ErrorCode_E_INVALID_PARM)
	default:
		if f.TypeLength != nil || kvstore.PropertyType(t.Type).IsContainer() {
			return nil, codeError(common.ErrorCode_E_INVALID_PARM)
		}
	}
	return &gmeta.ColumnDef{Name: col.Name, Type: t, Nullable: col.Nullable}, nil
}

// DropTagIndex removes a tag index.
func (s *service) DropTagIndex(ctx context.Context, req *gmeta.DropIndexReq) (*gmeta.ExecResp, error) {
	id, err := s.dropIndex(ctx, false, req)
	return reply(s.exec(err, &gmeta.ID{IndexID: ptrAs[common.IndexID](id)}))
}

// DropEdgeIndex removes an edge index.
func (s *service) DropEdgeIndex(ctx context.Context, req *gmeta.DropIndexReq) (*gmeta.ExecResp, error) {
	id, err := s.dropIndex(ctx, true, req)
	return reply(s.exec(err, &gmeta.ID{IndexID: ptrAs[common.IndexID](id)}))
}

func (s *service) dropIndex(ctx context.Context, edge bool, req *gmeta.DropIndexReq) (*int32, error) {
	var out *int32
	err := s.update(ctx, func(t *txn) error {
		if _, err := t.space(req.SpaceID); err != nil {
			return err
		}
		ix, err := t.indexByName(req.SpaceID, string(req.IndexName))
		if err == nil && !indexKind(ix, edge) {
			err = codeError(common.ErrorCode_E_INDEX_NOT_FOUND)
		}
		if err != nil {
			if req.IfExists && CodeOf(err) == common.ErrorCode_E_INDEX_NOT_FOUND {
				return nil
			}
			return err
		}
		id := int32(ix.IndexID)
		out = &id
		t.touch = true
		t.del(indexNameKey(req.SpaceID, string(req.IndexName)))
		t.del(indexKey(req.SpaceID, ix.IndexID))
		return nil
	})
	return out, err
}

// indexKind reports whether ix is an edge index (edge) or a tag index.
func indexKind(ix *gmeta.IndexItem, edge bool) bool {
	if ix.SchemaID == nil {
		return false
	}
	if edge {
		return ix.SchemaID.EdgeType != nil
	}
	return ix.SchemaID.TagID != nil
}

// GetTagIndex returns a tag index by name.
func (s *service) GetTagIndex(_ context.Context, req *gmeta.GetIndexReq) (*gmeta.GetIndexResp, error) {
	return reply(s.getIndex(false, req))
}

// GetEdgeIndex returns an edge index by name.
func (s *service) GetEdgeIndex(_ context.Context, req *gmeta.GetIndexReq) (*gmeta.GetIndexResp, error) {
	return reply(s.getIndex(true, req))
}

func (s *service) getIndex(edge bool, req *gmeta.GetIndexReq) *gmeta.GetIndexResp {
	resp := &gmeta.GetIndexResp{}
	err := s.view(func(v view) error {
		if _, err := v.space(req.SpaceID); err != nil {
			return err
		}
		ix, err := v.indexByName(req.SpaceID, string(req.IndexName))
		if err != nil {
			return err
		}
		if !indexKind(ix, edge) {
			return codeError(common.ErrorCode_E_INDEX_NOT_FOUND)
		}
		resp.Item = ix
		return nil
	})
	resp.Code, resp.Leader = s.status(err)
	return resp
}

// ListTagIndexes lists a space's tag indexes.
func (s *service) ListTagIndexes(_ context.Context, req *gmeta.ListIndexesReq) (*gmeta.ListIndexesResp, error) {
	return reply(s.listIndexes(false, req.SpaceID))
}

// ListEdgeIndexes lists a space's edge indexes.
func (s *service) ListEdgeIndexes(_ context.Context, req *gmeta.ListIndexesReq) (*gmeta.ListIndexesResp, error) {
	return reply(s.listIndexes(true, req.SpaceID))
}

func (s *service) listIndexes(edge bool, space common.GraphSpaceID) *gmeta.ListIndexesResp {
	resp := &gmeta.ListIndexesResp{Items: []*gmeta.IndexItem{}}
	err := s.view(func(v view) error {
		if _, err := v.space(space); err != nil {
			return err
		}
		all, err := v.indexes(space)
		for _, ix := range all {
			if indexKind(ix, edge) {
				resp.Items = append(resp.Items, ix)
			}
		}
		return err
	})
	resp.Code, resp.Leader = s.status(err)
	return resp
}
