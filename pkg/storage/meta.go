package storage

import (
	"context"

	"github.com/novagraph/novagraph/pkg/geo"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// SpaceDesc describes a graph space as storage needs it.
type SpaceDesc struct {
	ID            int32
	Name          string
	PartNum       int32
	ReplicaFactor int32
	VIDType       kvstore.VIDType
	// VIDLen is N of FIXED_STRING(N); 8 for INT64.
	VIDLen int
}

// SchemaDesc is a tag (ID is the tag id) or an edge type (ID is the
// positive edge type) with every version of its schema.
type SchemaDesc struct {
	ID       int32
	Name     string
	Versions *kvstore.Versions
}

// IndexDesc is a tag or edge index: the entries of SchemaID's rows, keyed
// by Fields in order.
type IndexDesc struct {
	ID       int32
	Name     string
	Edge     bool
	SchemaID int32
	Fields   []IndexFieldDesc
	// S2 are the covering options of a GEOGRAPHY field, whose rows have
	// one entry per cell of their value's covering.
	S2 geo.CoverOptions
}

// geography reports whether ix has a GEOGRAPHY field, and so may hold
// several entries per row.
func (ix *IndexDesc) geography() bool {
	for _, f := range ix.Fields {
		if f.Type == kvstore.TypeGeography {
			return true
		}
	}
	return false
}

// IndexFieldDesc is one indexed property.
type IndexFieldDesc struct {
	Name string
	kvstore.IndexField
}

// LeaderInfo is one part this host leads, with the raft term it leads in.
type LeaderInfo struct {
	Part int32
	Term int64
}

// HostStatus is what a storaged reports in each heartbeat.
type HostStatus struct {
	// Addr is the host's storage service address (host:port).
	Addr string
	// Leaders lists, per space, the parts this host leads.
	Leaders map[int32][]LeaderInfo
}

// Meta is what storaged and the storage client need from the meta service.
// pkg/meta's client is to satisfy it, through a thin adapter, from its local
// cache (refreshed on every heartbeat), so the lookups are cheap enough to
// make per request: Space ← SpaceByID, Spaces ← Spaces, PartsAlloc ← Parts,
// Tag/Edge ← TagByID/EdgeByType, Tags/Edges, Indexes ← Indexes(space, false)
// plus Indexes(space, true), Heartbeat ← the client's heartbeat with the
// leader distribution. MemMeta is the in-memory twin for tests.
//
// Errors: an unknown space is ErrSpaceNotFound, an unknown tag
// ErrTagNotFound, an unknown edge type ErrEdgeNotFound (wrapped or not).
// Returned descriptions are shared and must not be modified. Every method
// must be safe for concurrent use.
type Meta interface {
	// Spaces lists every space.
	Spaces(ctx context.Context) ([]SpaceDesc, error)
	// Space describes one space.
	Space(space int32) (SpaceDesc, error)
	// PartsAlloc returns the partition map of a space: for each part, the
	// storage addresses (host:port) of its replicas.
	PartsAlloc(ctx context.Context, space int32) (map[int32][]string, error)
	// Tag returns a tag of the space by id.
	Tag(space, tag int32) (*SchemaDesc, error)
	// Edge returns an edge type of the space by (positive) type.
	Edge(space, edgeType int32) (*SchemaDesc, error)
	// Tags and Edges list the space's tags and edge types.
	Tags(space int32) ([]*SchemaDesc, error)
	Edges(space int32) ([]*SchemaDesc, error)
	// Indexes lists the space's tag and edge indexes.
	Indexes(space int32) ([]*IndexDesc, error)
	// Heartbeat reports this storaged's status; metad records the leader
	// distribution for clients and balance.
	Heartbeat(ctx context.Context, st HostStatus) error
}
