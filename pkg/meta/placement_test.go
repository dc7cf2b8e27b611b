package meta

import (
	"fmt"
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
)

func TestPlacementOneReplicaPerZone(t *testing.T) {
	zones := map[string][]string{
		"z1": {"10.0.0.1:9779"},
		"z2": {"10.0.0.2:9779"},
		"z3": {"10.0.0.3:9779"},
	}
	zoneOfHost := map[string]string{}
	for z, hosts := range zones {
		for _, h := range hosts {
			zoneOfHost[h] = z
		}
	}
	got, err := placeParts(30, 3, zones, map[string]int{})
	if err != nil {
		t.Fatal(err)
	}
	for part := int32(1); part <= 30; part++ {
		seen := map[string]bool{}
		for _, h := range got[part] {
			z := zoneOfHost[h]
			if seen[z] {
				t.Fatalf("part %d has two replicas in zone %s: %v", part, z, got[part])
			}
			seen[z] = true
		}
		if len(seen) != 3 {
			t.Fatalf("part %d: replicas %v, want one per zone", part, got[part])
		}
	}
}

func TestPlacementBalance(t *testing.T) {
	for _, tc := range []struct {
		hosts, parts, rf int
		zonesOf          func(i int) string // zone of host i
	}{
		{hosts: 5, parts: 100, rf: 3, zonesOf: func(i int) string { return fmt.Sprintf("default_zone_%d", i) }},
		{hosts: 5, parts: 100, rf: 1, zonesOf: func(i int) string { return fmt.Sprintf("default_zone_%d", i) }},
		{hosts: 7, parts: 99, rf: 3, zonesOf: func(i int) string { return fmt.Sprintf("default_zone_%d", i) }},
		// Three zones of two hosts: zones take a third of the replicas
		// each, hosts within a zone share them.
		{hosts: 6, parts: 100, rf: 3, zonesOf: func(i int) string { return fmt.Sprintf("z%d", i%3) }},
	} {
		t.Run(fmt.Sprintf("%dhosts_%dparts_rf%d", tc.hosts, tc.parts, tc.rf), func(t *testing.T) {
			zones := map[string][]string{}
			for i := range tc.hosts {
				z := tc.zonesOf(i)
				zones[z] = append(zones[z], fmt.Sprintf("10.0.0.%d:9779", i+1))
			}
			got, err := placeParts(tc.parts, tc.rf, zones, map[string]int{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.parts {
				t.Fatalf("%d parts placed, want %d", len(got), tc.parts)
			}
			count := map[string]int{}
			for part, hosts := range got {
				if len(hosts) != tc.rf {
					t.Fatalf("part %d has %d replicas, want %d", part, len(hosts), tc.rf)
				}
				dup := map[string]bool{}
				for _, h := range hosts {
					if dup[h] {
						t.Fatalf("part %d lists %s twice", part, h)
					}
					dup[h] = true
					count[h]++
				}
			}
			lo, hi := tc.parts*tc.rf, 0
			for _, hosts := range zones {
				for _, h := range hosts {
					lo, hi = min(lo, count[h]), max(hi, count[h])
				}
			}
			if hi-lo > 1 {
				t.Fatalf("replicas per host range %d..%d: %v", lo, hi, count)
			}
		})
	}
}

func TestPlacementNotEnoughZones(t *testing.T) {
	zones := map[string][]string{"z1": {"a:1", "b:1"}, "z2": {"c:1"}, "empty": nil}
	if _, err := placeParts(10, 3, zones, map[string]int{}); CodeOf(err) != common.ErrorCode_E_ZONE_NOT_ENOUGH {
		t.Fatalf("rf 3 over 2 usable zones: %v, want E_ZONE_NOT_ENOUGH", err)
	}
	if _, err := placeParts(10, 1, map[string][]string{}, map[string]int{}); err == nil {
		t.Fatal("no host at all: placed")
	}
}

func TestPlacementCountsExistingLoad(t *testing.T) {
	zones := map[string][]string{"a": {"a:1"}, "b": {"b:1"}}
	load := map[string]int{"a:1": 10}
	got, err := placeParts(4, 1, zones, load)
	if err != nil {
		t.Fatal(err)
	}
	for part, hosts := range got {
		if hosts[0] != "b:1" {
			t.Fatalf("part %d on %s, want the idle host b:1 (loads %v)", part, hosts[0], load)
		}
	}
}
