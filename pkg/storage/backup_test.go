package storage

import (
	"errors"
	"testing"

	"github.com/novagraph/novagraph/pkg/kvstore"
)

func TestCheckDataKey(t *testing.T) {
	key := func(kt kvstore.KeyType, part uint32, rest string) []byte {
		return append(kvstore.PartPrefix(kt, part), rest...)
	}
	for _, tc := range []struct {
		name string
		key  []byte
		ok   bool
	}{
		{"tag", key(kvstore.KeyTag, 3, "vid-tag"), true},
		{"vertex", key(kvstore.KeyVertex, 3, "vid"), true},
		{"edge", key(kvstore.KeyEdge, 3, "src-type-rank-dst"), true},
		{"index", key(kvstore.KeyIndex, 3, "idx"), true},
		{"other part", key(kvstore.KeyTag, 4, "vid-tag"), false},
		{"system key", kvstore.SystemKey(3, kvstore.SysApplied), false},
		{"unknown type", []byte{0x7f, 0, 0, 3}, false},
		{"empty", nil, false},
	} {
		err := checkDataKey(tc.key, 3)
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("%s: %v is not ErrInvalidRequest", tc.name, err)
		}
	}
}

func TestValidCheckpointName(t *testing.T) {
	for name, want := range map[string]bool{
		"SNAPSHOT_2026_11_22_10_00_00": true, "": false, ".": false, "..": false, "a/b": false, "../x": false,
	} {
		if got := validCheckpointName(name); got != want {
			t.Errorf("validCheckpointName(%q) = %v", name, got)
		}
	}
}
