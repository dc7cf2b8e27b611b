package meta

import (
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

func TestCatalogRecord(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  []byte
		want bool
	}{
		{"space", spaceKey(int32(1)), true},
		{"space name", spaceNameKey("s"), true},
		{"part", partKey(int32(1), int32(2)), true},
		{"tag", schemaKey(false, int32(1), int32(2), int64(0)), true},
		{"edge name", schemaNameKey(true, int32(1), "e"), true},
		{"index", indexKey(int32(1), int32(3)), true},
		{"id counter", idGenKey(int32(1)), true},
		{"user", userKey("root"), true},
		{"role", roleKey(int32(1), "u"), true},
		{"last space id", sysKey(sysLastSpaceID), true},
		{"applied index", sysKey(sysApplied), false},
		{"cluster id", sysKey(sysClusterID), false},
		{"host", hostKey("h:1"), false},
		{"machine", machineKey("h:1"), false},
		{"zone", zoneKey("z"), false},
		{"leader", leaderKey(int32(1), int32(2)), false},
		{"session", sessionKey(int64(7)), false},
		{"job", jobKey(int32(1)), false},
		{"snapshot", snapshotKey("s"), false},
		{"empty", nil, false},
	} {
		if got := catalogRecord(tc.key); got != tc.want {
			t.Errorf("%s: catalogRecord = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBackupSchemas(t *testing.T) {
	data := []*common.KeyValue{
		{Key: spaceKey(int32(1)), Value: encode(&gmeta.SpaceItem{SpaceID: 1, Properties: &gmeta.SpaceDesc{SpaceName: []byte("s")}})},
		{Key: schemaKey(false, int32(1), int32(2), int64(0)), Value: encode(&gmeta.TagItem{TagID: 2, TagName: []byte("person"), Version: 0})},
		{Key: schemaKey(false, int32(1), int32(2), int64(1)), Value: encode(&gmeta.TagItem{TagID: 2, TagName: []byte("person"), Version: 1})},
		{Key: schemaKey(false, int32(1), int32(5), int64(0)), Value: encode(&gmeta.TagItem{TagID: 5, TagName: []byte("city")})},
		{Key: schemaKey(true, int32(1), int32(3), int64(0)), Value: encode(&gmeta.EdgeItem{EdgeType: 3, EdgeName: []byte("knows")})},
		{Key: schemaNameKey(true, int32(1), "knows"), Value: appendU32(nil, int32(3))},
		{Key: schemaKey(false, int32(2), int32(2), int64(0)), Value: encode(&gmeta.TagItem{TagID: 2, TagName: []byte("other")})},
	}
	got, err := BackupSchemas(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []BackupSchema{
		{Space: 1, ID: 2, Name: "person", Version: 1},
		{Space: 1, ID: 5, Name: "city"},
		{Space: 1, Edge: true, ID: 3, Name: "knows"},
		{Space: 2, ID: 2, Name: "other"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("schema %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
