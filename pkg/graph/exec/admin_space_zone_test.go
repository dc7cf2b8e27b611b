package exec

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/session"
)

// TestCreateSpaceOnZones runs CREATE SPACE ... ON zones against one metad
// with four storage hosts in three zones, through an engine with
// --enable_space_on_zones off (NebulaGraph's refusal) and one with it on
// (placement in the listed zones only, one replica of a part per zone).
func TestCreateSpaceOnZones(t *testing.T) {
	tm := startMeta(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	zoneOf := map[string]string{
		"127.0.0.1:9801": "za", "127.0.0.1:9802": "za",
		"127.0.0.1:9803": "zb.1", "127.0.0.1:9804": "zc",
	}
	off := New(Options{Meta: tm.client, Catalog: MetaCatalog{tm.client}})
	on := New(Options{Meta: tm.client, Catalog: MetaCatalog{tm.client}, EnableSpaceOnZones: true})
	sess, err := session.NewManager(session.Options{}).Create(ctx, "root", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(eng *Engine, text string) error {
		_, err := eng.Execute(ctx, &Query{Session: sess, Text: text})
		return err
	}
	for _, stmt := range []string{
		"ADD HOSTS 127.0.0.1:9801 INTO NEW ZONE za",
		"ADD HOSTS 127.0.0.1:9802 INTO ZONE za",
		"ADD HOSTS 127.0.0.1:9803 INTO NEW ZONE `zb.1`",
		"ADD HOSTS 127.0.0.1:9804 INTO NEW ZONE zc",
	} {
		if err := exec(off, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	for h := range zoneOf {
		if err := tm.heartbeatStorage(t, h); err != nil {
			t.Fatalf("heartbeat %s: %v", h, err)
		}
	}

	for _, tc := range []struct {
		name    string
		eng     *Engine
		stmt    string
		wantErr string
		zones   []string // the zones every part's replicas must cover
	}{
		{"default refuses", off, "CREATE SPACE s0(partition_num=3, replica_factor=2, vid_type=INT64) ON za, zc",
			"Create space with zone is unsupported", nil},
		{"refused before vid_type", off, "CREATE SPACE s0 ON za", "Create space with zone is unsupported", nil},
		{"too few zones", on, "CREATE SPACE s1(partition_num=3, replica_factor=3, vid_type=INT64) ON za, zc",
			"Replica_factor 3 needs at least 3 zones, but the space is created on 2", nil},
		{"duplicate zone", on, "CREATE SPACE s1(partition_num=3, replica_factor=2, vid_type=INT64) ON za, za",
			"Duplicate zone name `za'", nil},
		{"unknown zone", on, "CREATE SPACE s1(partition_num=3, replica_factor=1, vid_type=INT64) ON nope",
			"Zone not existed!", nil},
		{"vid_type still required", on, "CREATE SPACE s1 ON za", "space vid_type must be specified explicitly", nil},
		{"two of three zones", on, "CREATE SPACE s2(partition_num=6, replica_factor=2, vid_type=INT64) ON za, `zb.1`",
			"", []string{"za", "zb.1"}},
		{"every zone", on, "CREATE SPACE s3(partition_num=6, replica_factor=3, vid_type=INT64) ON za, `zb.1`, zc",
			"", []string{"za", "zb.1", "zc"}},
		{"without ON", off, "CREATE SPACE s4(partition_num=6, replica_factor=1, vid_type=INT64)", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := exec(tc.eng, tc.stmt)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.zones == nil {
				return
			}
			name := strings.Fields(strings.SplitN(tc.stmt, "(", 2)[0])[2]
			parts := waitParts(t, tm, name)
			for part, hosts := range parts {
				got := map[string]bool{}
				for _, h := range hosts {
					z := zoneOf[h]
					if got[z] {
						t.Errorf("part %d: two replicas in zone %s: %v", part, z, hosts)
					}
					got[z] = true
				}
				if len(got) != len(tc.zones) {
					t.Errorf("part %d: replicas %v in zones %v, want one in each of %v", part, hosts, got, tc.zones)
				}
				for _, z := range tc.zones {
					if !got[z] {
						t.Errorf("part %d: no replica in zone %s: %v", part, z, hosts)
					}
				}
			}
		})
	}
}

// waitParts waits for the meta client's cache to know the space and
// returns its part layout.
func waitParts(t *testing.T, tm *testMeta, space string) map[int32][]string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		sp, err := tm.client.SpaceByName(space)
		if err == nil {
			parts, err := tm.client.Parts(sp.ID)
			if err == nil && len(parts) > 0 {
				return parts
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("space %s not in the meta cache: %v", space, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
