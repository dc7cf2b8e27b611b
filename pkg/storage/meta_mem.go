package storage

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// MemMeta is an in-memory Meta for tests: spaces, partition maps, schemas
// and indexes are set directly, and the heartbeats received are kept. It is
// safe for concurrent use; changes are visible to the next call.
type MemMeta struct {
	mu struct {
		sync.Mutex
		spaces  map[int32]*memSpace
		beats   map[string]HostStatus
		beatErr error
	}
}

type memSpace struct {
	desc    SpaceDesc
	alloc   map[int32][]string
	tags    map[int32]*SchemaDesc
	edges   map[int32]*SchemaDesc
	indexes []*IndexDesc
}

// NewMemMeta returns an empty MemMeta.
func NewMemMeta() *MemMeta {
	m := &MemMeta{}
	m.mu.spaces = make(map[int32]*memSpace)
	m.mu.beats = make(map[string]HostStatus)
	return m
}

// AddSpace adds (or replaces) a space with its partition map: alloc[part]
// lists the storage addresses of the part's replicas.
func (m *MemMeta) AddSpace(d SpaceDesc, alloc map[int32][]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := make(map[int32][]string, len(alloc))
	for p, hosts := range alloc {
		a[p] = slices.Clone(hosts)
	}
	m.mu.spaces[d.ID] = &memSpace{desc: d, alloc: a, tags: map[int32]*SchemaDesc{}, edges: map[int32]*SchemaDesc{}}
}

// DropSpace removes a space.
func (m *MemMeta) DropSpace(id int32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.mu.spaces, id)
}

// SetAlloc replaces the replica list of one part.
func (m *MemMeta) SetAlloc(space, part int32, hosts []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return err
	}
	s.alloc[part] = slices.Clone(hosts)
	return nil
}

// AddTag adds (or replaces) a tag of a space.
func (m *MemMeta) AddTag(space int32, d *SchemaDesc) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return err
	}
	s.tags[d.ID] = d
	return nil
}

// AddEdge adds (or replaces) an edge type of a space.
func (m *MemMeta) AddEdge(space int32, d *SchemaDesc) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return err
	}
	s.edges[d.ID] = d
	return nil
}

// AddIndex adds an index to a space.
func (m *MemMeta) AddIndex(space int32, d *IndexDesc) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return err
	}
	s.indexes = append(slices.Clone(s.indexes), d)
	return nil
}

// SetHeartbeatError makes Heartbeat fail with err (nil: succeed).
func (m *MemMeta) SetHeartbeatError(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mu.beatErr = err
}

// LastHeartbeat returns the last status addr reported.
func (m *MemMeta) LastHeartbeat(addr string) (HostStatus, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.mu.beats[addr]
	return st, ok
}

func (m *MemMeta) spaceLocked(id int32) (*memSpace, error) {
	s, ok := m.mu.spaces[id]
	if !ok {
		return nil, fmt.Errorf("space %d: %w", id, ErrSpaceNotFound)
	}
	return s, nil
}

// Spaces implements Meta.
func (m *MemMeta) Spaces(context.Context) ([]SpaceDesc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]SpaceDesc, 0, len(m.mu.spaces))
	for _, id := range slices.Sorted(maps.Keys(m.mu.spaces)) {
		out = append(out, m.mu.spaces[id].desc)
	}
	return out, nil
}

// Space implements Meta.
func (m *MemMeta) Space(id int32) (SpaceDesc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(id)
	if err != nil {
		return SpaceDesc{}, err
	}
	return s.desc, nil
}

// PartsAlloc implements Meta.
func (m *MemMeta) PartsAlloc(_ context.Context, space int32) (map[int32][]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return nil, err
	}
	out := make(map[int32][]string, len(s.alloc))
	for p, h := range s.alloc {
		out[p] = slices.Clone(h)
	}
	return out, nil
}

// Tag implements Meta.
func (m *MemMeta) Tag(space, tag int32) (*SchemaDesc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return nil, err
	}
	d, ok := s.tags[tag]
	if !ok {
		return nil, fmt.Errorf("tag %d in space %d: %w", tag, space, ErrTagNotFound)
	}
	return d, nil
}

// Edge implements Meta.
func (m *MemMeta) Edge(space, edgeType int32) (*SchemaDesc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return nil, err
	}
	d, ok := s.edges[edgeType]
	if !ok {
		return nil, fmt.Errorf("edge type %d in space %d: %w", edgeType, space, ErrEdgeNotFound)
	}
	return d, nil
}

// Tags implements Meta.
func (m *MemMeta) Tags(space int32) ([]*SchemaDesc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return nil, err
	}
	return sortedSchemas(s.tags), nil
}

// Edges implements Meta.
func (m *MemMeta) Edges(space int32) ([]*SchemaDesc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return nil, err
	}
	return sortedSchemas(s.edges), nil
}

func sortedSchemas(m map[int32]*SchemaDesc) []*SchemaDesc {
	out := make([]*SchemaDesc, 0, len(m))
	for _, id := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[id])
	}
	return out
}

// Indexes implements Meta.
func (m *MemMeta) Indexes(space int32) ([]*IndexDesc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.spaceLocked(space)
	if err != nil {
		return nil, err
	}
	return s.indexes, nil
}

// Heartbeat implements Meta.
func (m *MemMeta) Heartbeat(_ context.Context, st HostStatus) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.mu.beatErr != nil {
		return m.mu.beatErr
	}
	m.mu.beats[st.Addr] = st
	return nil
}
