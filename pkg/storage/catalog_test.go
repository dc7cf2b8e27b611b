package storage

import (
	"sync/atomic"
	"testing"

	"github.com/novagraph/novagraph/pkg/kvstore"
)

// versionedMem is a MemMeta with a catalog version the test moves.
type versionedMem struct {
	*MemMeta
	v atomic.Int64
}

func (m *versionedMem) CatalogVersion() int64 { return m.v.Load() }

// TestReadCatalogFollowsVersion: reads share a space's catalog while the
// meta's catalog version stays, see a schema added once it moves, and
// never share one before the first load (version 0) or with a meta that
// has no version.
func TestReadCatalogFollowsVersion(t *testing.T) {
	d := SpaceDesc{ID: 1, Name: "s", PartNum: 1, ReplicaFactor: 1, VIDType: kvstore.VIDInt64, VIDLen: 8}
	codec, err := kvstore.NewKeyCodec(d.VIDType, d.VIDLen)
	if err != nil {
		t.Fatal(err)
	}
	cols := []kvstore.Column{{Name: "name", Type: kvstore.TypeString}}
	addTag := func(m *MemMeta, id int32, name string) {
		if err := m.AddTag(1, &SchemaDesc{ID: id, Name: name, Versions: mustSchema(t, cols, kvstore.TTL{})}); err != nil {
			t.Fatal(err)
		}
	}
	store := func(m Meta) *Store {
		s := &Store{meta: m}
		s.mu.spaces = map[int32]*space{1: {desc: d, codec: codec}}
		return s
	}
	read := func(s *Store) *catalog {
		t.Helper()
		c, err := s.readCatalog(1)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	vm := &versionedMem{MemMeta: NewMemMeta()}
	vm.AddSpace(d, nil)
	addTag(vm.MemMeta, 1, "a")
	s := store(vm)
	if read(s) == read(s) {
		t.Fatal("catalog shared at version 0 (before meta's first load)")
	}
	vm.v.Store(7)
	first := read(s)
	if read(s) != first {
		t.Fatal("catalog rebuilt though the version did not move")
	}
	addTag(vm.MemMeta, 2, "b")
	if read(s) != first {
		t.Fatal("catalog rebuilt before the version moved")
	}
	vm.v.Store(8)
	next := read(s)
	if next == first || next.tagsByName["b"] == nil {
		t.Fatalf("after the version moved the catalog has tags %v", next.tagsByName)
	}

	plain := NewMemMeta()
	plain.AddSpace(d, nil)
	ps := store(plain)
	if read(ps) == read(ps) {
		t.Fatal("catalog shared with a meta that has no version")
	}
}
