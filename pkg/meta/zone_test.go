package meta

import (
	"slices"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/kvstore"
)

// TestZonesMergeDivideAndPlacement: a space over three zones gets one
// replica of every part per zone; MERGE ZONE refuses what would break
// that, and MERGE/DIVIDE rewrite the zones spaces use.
func TestZonesMergeDivideAndPlacement(t *testing.T) {
	tc := newCluster(t, 1, func(cfg *Config) { cfg.HeartbeatInterval = time.Second })
	c := tc.client()
	ctx := testCtx(t)
	hosts := []string{"127.0.0.1:9001", "127.0.0.1:9003", "127.0.0.1:9005", "127.0.0.1:9007", "127.0.0.1:9009", "127.0.0.1:9011"}
	zones := []string{"z1", "z1b", "z2", "z2b", "z3", "z3b"}
	registerStorage(t, c, hosts, zones)
	// z1 = {9001, 9003}, z2 = {9005, 9007}, z3 = {9009, 9011}.
	for _, m := range [][3]string{{"z1", "z1b", "z1"}, {"z2", "z2b", "z2"}, {"z3", "z3b", "z3"}} {
		wantErr(t, "merge "+m[2], c.MergeZone(ctx, []string{m[0], m[1]}, m[2]), "")
	}
	space, err := c.CreateSpace(ctx, SpaceSpec{Name: "s", PartitionNum: 12, ReplicaFactor: 3, VIDType: kvstore.TypeInt64, VIDLen: 8}, false)
	wantErr(t, "create space", err, "")
	zoneOf := map[string]string{}
	for _, z := range []string{"z1", "z2", "z3"} {
		hs, err := c.GetZone(ctx, z)
		if err != nil || len(hs) != 2 {
			t.Fatalf("zone %s: %v %v", z, hs, err)
		}
		for _, h := range hs {
			zoneOf[h] = z
		}
	}
	parts, err := c.ListParts(ctx, space, nil)
	if err != nil || len(parts) != 12 {
		t.Fatalf("parts: %v %v", parts, err)
	}
	perHost := map[string]int{}
	for _, p := range parts {
		seen := map[string]bool{}
		for _, h := range p.Peers {
			if seen[zoneOf[h]] {
				t.Fatalf("part %d has two replicas in zone %s: %v", p.Part, zoneOf[h], p.Peers)
			}
			seen[zoneOf[h]] = true
			perHost[h]++
		}
	}
	for _, h := range hosts {
		if perHost[h] != 6 {
			t.Fatalf("replicas per host %v", perHost)
		}
	}

	for _, tt := range []struct {
		what  string
		zones []string
		into  string
		err   string
	}{
		{"one zone", []string{"z1"}, "z", "Invalid param!"},
		{"repeated zone", []string{"z1", "z1"}, "z", "Invalid param!"},
		{"unknown zone", []string{"z1", "nope"}, "z", "Zone not existed!"},
		{"onto another zone", []string{"z1", "z2"}, "z3", "Existed!"},
		{"fewer zones than replicas", []string{"z1", "z2"}, "z12", "Invalid param!"},
	} {
		wantErr(t, "merge: "+tt.what, c.MergeZone(ctx, tt.zones, tt.into), tt.err)
	}

	for _, tt := range []struct {
		what string
		into []Zone
		err  string
	}{
		{"one new zone", []Zone{{"a", hosts[:2]}}, "Invalid param!"},
		{"a host twice", []Zone{{"a", hosts[:1]}, {"b", hosts[:1]}}, "Invalid param!"},
		{"a foreign host", []Zone{{"a", hosts[:1]}, {"b", hosts[2:3]}}, "Invalid param!"},
		{"a host left out", []Zone{{"a", hosts[:1]}, {"b", nil}}, "Invalid param!"},
		{"an existing name", []Zone{{"a", hosts[:1]}, {"z2", hosts[1:2]}}, "Existed!"},
	} {
		wantErr(t, "divide: "+tt.what, c.DivideZone(ctx, "z1", tt.into), tt.err)
	}
	wantErr(t, "divide z1", c.DivideZone(ctx, "z1", []Zone{{"z1a", hosts[:1]}, {"z1b", hosts[1:2]}}), "")
	sp, err := c.GetSpace(ctx, "s")
	if err != nil || !slices.Equal(sp.Zones, []string{"z2", "z3", "z1a", "z1b"}) {
		t.Fatalf("space zones after divide: %v %v", sp.Zones, err)
	}
	// Parts of z1 straddle z1a and z1b, so merging them back is fine, but
	// z2 with z1a would put two replicas of some part in one zone.
	wantErr(t, "merge conflicting zones", c.MergeZone(ctx, []string{"z2", "z1a"}, "zz"), "Conflict!")
	wantErr(t, "merge back", c.MergeZone(ctx, []string{"z1a", "z1b"}, "z1"), "")
	sp, _ = c.GetSpace(ctx, "s")
	if !slices.Equal(sp.Zones, []string{"z2", "z3", "z1"}) {
		t.Fatalf("space zones after merge: %v", sp.Zones)
	}
	if zs, err := c.ListZones(ctx); err != nil || len(zs) != 3 {
		t.Fatalf("zones: %v %v", zs, err)
	}
}
