package kvstore

import (
	"fmt"
	"slices"

	"github.com/novagraph/novagraph/pkg/value"
)

// Versions is every version of one tag's or edge type's schema. ALTER
// creates a new version; rows keep the version they were written with and
// are read with it, while properties added later read as the latest
// schema's default (or NULL). Versions is immutable and safe for concurrent
// use.
type Versions struct {
	list  []*Schema // ascending by version
	dense bool      // list[i].Version() == i for every i
}

// NewVersions returns the set of the given schemas. It needs at least one
// schema and distinct versions, else an error wrapping ErrBadSchema.
func NewVersions(schemas ...*Schema) (*Versions, error) {
	if len(schemas) == 0 {
		return nil, fmt.Errorf("no schema versions: %w", ErrBadSchema)
	}
	list := append([]*Schema(nil), schemas...)
	slices.SortFunc(list, func(a, b *Schema) int {
		switch {
		case a.version < b.version:
			return -1
		case a.version > b.version:
			return 1
		}
		return 0
	})
	dense := true
	for i, s := range list {
		if i > 0 && list[i-1].version == s.version {
			return nil, fmt.Errorf("schema version %d given twice: %w", s.version, ErrBadSchema)
		}
		dense = dense && s.version == int64(i)
	}
	return &Versions{list: list, dense: dense}, nil
}

// Latest returns the newest schema, the one new rows are written with.
func (v *Versions) Latest() *Schema { return v.list[len(v.list)-1] }

// Version returns the schema of version ver, or nil.
func (v *Versions) Version(ver int64) *Schema {
	if v.dense {
		if ver >= 0 && ver < int64(len(v.list)) {
			return v.list[ver]
		}
		return nil
	}
	i, ok := slices.BinarySearchFunc(v.list, ver, func(s *Schema, ver int64) int {
		switch {
		case s.version < ver:
			return -1
		case s.version > ver:
			return 1
		}
		return 0
	})
	if !ok {
		return nil
	}
	return v.list[i]
}

// Reader returns a reader of row under the schema version it was written
// with: ErrSchemaVersion when that version is unknown, ErrBadRow when the row
// is malformed.
func (v *Versions) Reader(row []byte) (RowReader, error) {
	ver, err := RowVersion(row)
	if err != nil {
		return RowReader{}, err
	}
	s := v.Version(ver)
	if s == nil {
		return RowReader{}, fmt.Errorf("row of schema version %d: %w", ver, ErrSchemaVersion)
	}
	return NewRowReader(s, row)
}

// Read returns the named property of the row r reads, falling back as
// NebulaGraph does for a property the row's (older) schema lacks: the latest
// schema's default, else NULL when it is nullable, else ErrUnknownProp.
func (v *Versions) Read(r RowReader, name string) (value.Value, error) {
	if i, ok := r.s.byName[name]; ok {
		return r.Value(i)
	}
	latest := v.Latest()
	i, ok := latest.byName[name]
	if !ok {
		return value.Empty, fmt.Errorf("read %q: %w", name, ErrUnknownProp)
	}
	c := &latest.cols[i]
	switch {
	case c.HasDefault:
		return latest.defaults[i], nil
	case c.Nullable:
		return value.Null, nil
	}
	return value.Empty, fmt.Errorf("read %q absent from schema version %d: %w", name, r.s.version, ErrUnknownProp)
}

// Expired reports whether the row r reads has outlived the latest schema's
// TTL at nowSec (seconds since the epoch): the TTL column's value plus the
// duration is before nowSec. As in NebulaGraph a row whose TTL column is
// NULL or not an integer never expires, a row whose schema version lacks
// the column expires by the column's default, and a disabled TTL never
// expires anything.
func (v *Versions) Expired(r RowReader, nowSec int64) bool {
	ttl := v.Latest().ttl
	if !ttl.Enabled() {
		return false
	}
	// A row written before the TTL column was added reads the column's
	// default, as every other read of it does, and expires by it.
	val, err := v.Read(r, ttl.Col)
	if err != nil || val.Kind() != value.KindInt {
		return false
	}
	exp := val.Int() + ttl.Duration
	if exp < val.Int() { // the sum overflowed: never expires
		return false
	}
	return nowSec > exp
}
