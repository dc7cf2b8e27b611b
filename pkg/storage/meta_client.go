package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/geo"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
)

// MetaClient satisfies Meta with pkg/meta's client: lookups come from the
// client's cache, and the status storaged reports is handed to the client's
// heartbeats (the client must be created with Report: m.Report, and
// Client set before the client's Run starts, since Report reads it).
type MetaClient struct {
	Client *meta.Client

	mu     sync.Mutex
	status HostStatus
}

var _ Meta = (*MetaClient)(nil)

// notFound maps meta's not-found errors to storage's sentinels.
func notFound(err error) error {
	var me *meta.Error
	if !errors.As(err, &me) {
		return err
	}
	switch me.Code {
	case common.ErrorCode_E_SPACE_NOT_FOUND:
		return fmt.Errorf("%s: %w", me.Msg, ErrSpaceNotFound)
	case common.ErrorCode_E_TAG_NOT_FOUND:
		return fmt.Errorf("%s: %w", me.Msg, ErrTagNotFound)
	case common.ErrorCode_E_EDGE_NOT_FOUND:
		return fmt.Errorf("%s: %w", me.Msg, ErrEdgeNotFound)
	}
	return err
}

func spaceDesc(s *meta.Space) SpaceDesc {
	d := SpaceDesc{ID: s.ID, Name: s.Name, PartNum: s.PartitionNum, ReplicaFactor: s.ReplicaFactor,
		VIDType: kvstore.VIDFixedString, VIDLen: s.VIDLen}
	if s.VIDType == kvstore.TypeInt64 {
		d.VIDType, d.VIDLen = kvstore.VIDInt64, 8
	}
	return d
}

func schemaDesc(s *meta.Schema) *SchemaDesc {
	return &SchemaDesc{ID: s.ID, Name: s.Name, Versions: s.Codec}
}

// errMetaNotReady is Spaces' answer before the client's first catalog
// load.
var errMetaNotReady = errors.New("meta client has not loaded the catalog yet")

// Spaces implements Meta. Before the client's first catalog load it fails
// rather than answer "no spaces": Reconcile would take that for every
// space having been dropped.
func (m *MetaClient) Spaces(context.Context) ([]SpaceDesc, error) {
	if !m.Client.Ready() {
		return nil, errMetaNotReady
	}
	spaces := m.Client.Spaces()
	out := make([]SpaceDesc, len(spaces))
	for i, s := range spaces {
		out[i] = spaceDesc(s)
	}
	return out, nil
}

// Space implements Meta.
func (m *MetaClient) Space(space int32) (SpaceDesc, error) {
	s, err := m.Client.SpaceByID(space)
	if err != nil {
		return SpaceDesc{}, notFound(err)
	}
	return spaceDesc(s), nil
}

// PartsAlloc implements Meta.
func (m *MetaClient) PartsAlloc(_ context.Context, space int32) (map[int32][]string, error) {
	parts, err := m.Client.Parts(space)
	return parts, notFound(err)
}

// Tag implements Meta.
func (m *MetaClient) Tag(space, tag int32) (*SchemaDesc, error) {
	s, err := m.Client.TagByID(space, tag)
	if err != nil {
		return nil, notFound(err)
	}
	return schemaDesc(s), nil
}

// Edge implements Meta.
func (m *MetaClient) Edge(space, edgeType int32) (*SchemaDesc, error) {
	s, err := m.Client.EdgeByType(space, edgeType)
	if err != nil {
		return nil, notFound(err)
	}
	return schemaDesc(s), nil
}

func schemaDescs(ss []*meta.Schema, err error) ([]*SchemaDesc, error) {
	if err != nil {
		return nil, notFound(err)
	}
	out := make([]*SchemaDesc, len(ss))
	for i, s := range ss {
		out[i] = schemaDesc(s)
	}
	return out, nil
}

// Tags implements Meta.
func (m *MetaClient) Tags(space int32) ([]*SchemaDesc, error) {
	return schemaDescs(m.Client.Tags(space))
}

// Edges implements Meta.
func (m *MetaClient) Edges(space int32) ([]*SchemaDesc, error) {
	return schemaDescs(m.Client.Edges(space))
}

// Indexes implements Meta.
func (m *MetaClient) Indexes(space int32) ([]*IndexDesc, error) {
	var out []*IndexDesc
	for _, edge := range []bool{false, true} {
		idx, err := m.Client.Indexes(space, edge)
		if err != nil {
			return nil, notFound(err)
		}
		for _, ix := range idx {
			d := &IndexDesc{ID: ix.ID, Name: ix.Name, Edge: ix.Edge, SchemaID: ix.SchemaID,
				S2: geo.CoverOptions{MaxLevel: int(ix.S2MaxLevel), MaxCells: int(ix.S2MaxCells)}}
			for _, f := range ix.Fields {
				d.Fields = append(d.Fields, IndexFieldDesc{Name: f.Name,
					IndexField: kvstore.IndexField{Type: f.Type, Nullable: f.Nullable, Len: f.Len}})
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// CatalogVersion is the version of the client's cached catalog: the
// schemas change only with it (readCatalog's cache).
func (m *MetaClient) CatalogVersion() int64 { return m.Client.CatalogVersion() }

// Refresh reloads the client's catalog cache now rather than on its next
// tick (a job naming an index created a moment ago waits for it).
func (m *MetaClient) Refresh(ctx context.Context) error { return m.Client.Refresh(ctx) }

// Heartbeat implements Meta: it records st for the client's heartbeats and
// sends one now.
func (m *MetaClient) Heartbeat(ctx context.Context, st HostStatus) error {
	m.mu.Lock()
	m.status = st
	m.mu.Unlock()
	return m.Client.Heartbeat(ctx)
}

// Report is the meta client's ClientOptions.Report: the leaders storaged
// last reported.
func (m *MetaClient) Report() meta.HeartbeatReport {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := meta.HeartbeatReport{Leaders: map[int32][]meta.LeaderTerm{}, Parts: map[int32][]int32{}}
	for space, leaders := range m.status.Leaders {
		for _, l := range leaders {
			r.Leaders[space] = append(r.Leaders[space], meta.LeaderTerm{Part: l.Part, Term: l.Term})
		}
	}
	for space, parts := range m.Client.PartsOf(m.status.Addr) {
		r.Parts[space] = parts
	}
	return r
}
