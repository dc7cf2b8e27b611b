package meta

import (
	"fmt"
	"slices"
	"testing"
)

// deal places parts 1..n round-robin with rf replicas over hosts.
func deal(n, rf int, hosts []string) map[int32][]string {
	out := map[int32][]string{}
	for p := 0; p < n; p++ {
		for r := 0; r < rf; r++ {
			out[int32(p+1)] = append(out[int32(p+1)], hosts[(p+r)%len(hosts)])
		}
	}
	return out
}

func hostNames(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, fmt.Sprintf("h%d:1", i))
	}
	return out
}

func TestPlanBalance(t *testing.T) {
	five := hostNames(5)
	ownZones := map[string]string{}
	for _, h := range five {
		ownZones[h] = "z_" + h
	}
	// Two zones of two hosts and one of one: a part's replicas are one
	// per zone, so the lone host keeps every part.
	pairs := map[string]string{five[0]: "a", five[1]: "a", five[2]: "b", five[3]: "b", five[4]: "c"}
	for _, tt := range []struct {
		name    string
		inp     balanceInput
		wantMin int // fewest replicas a host ends with
		wantMax int
		err     string
	}{
		{
			name:    "scale out 3 to 5",
			inp:     balanceInput{parts: deal(30, 3, five[:3]), hosts: five, zoneOf: ownZones, spreadZones: true},
			wantMin: 18, wantMax: 18,
		},
		{
			name: "remove one of 5",
			inp: balanceInput{parts: deal(30, 3, five), hosts: five[:4], zoneOf: ownZones, spreadZones: true,
				remove: map[string]bool{five[4]: true}},
			wantMin: 22, wantMax: 23,
		},
		{
			name:    "zones of unequal size",
			inp:     balanceInput{parts: deal(12, 3, []string{five[0], five[2], five[4]}), hosts: five, zoneOf: pairs, spreadZones: true},
			wantMin: 6, wantMax: 12,
		},
		{
			name: "remove with nowhere to go",
			inp: balanceInput{parts: deal(6, 3, five[:3]), hosts: five[:2], zoneOf: ownZones, spreadZones: true,
				remove: map[string]bool{five[2]: true}},
			err: "No valid host hold the partition!",
		},
		{
			name:    "balanced already",
			inp:     balanceInput{parts: deal(30, 3, five[:3]), hosts: five[:3], zoneOf: ownZones, spreadZones: true},
			wantMin: 30, wantMax: 30,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := map[int32][]string{}
			for p, hs := range tt.inp.parts {
				before[p] = slices.Clone(hs)
			}
			plan, err := planBalance(tt.inp)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// Replay the plan on the original placement.
			for _, m := range plan {
				rs := before[m.part]
				i := slices.Index(rs, m.src)
				if i < 0 || slices.Contains(rs, m.dst) {
					t.Fatalf("bad move %+v of %v", m, rs)
				}
				rs[i] = m.dst
			}
			load := map[string]int{}
			for p, rs := range before {
				zones := map[string]bool{}
				for _, h := range rs {
					if tt.inp.remove[h] {
						t.Fatalf("part %d still on removed %s", p, h)
					}
					if zones[tt.inp.zoneOf[h]] {
						t.Fatalf("part %d has two replicas in zone %s: %v", p, tt.inp.zoneOf[h], rs)
					}
					zones[tt.inp.zoneOf[h]] = true
					load[h]++
				}
			}
			lo, hi := 1<<30, 0
			for _, h := range tt.inp.hosts {
				lo, hi = min(lo, load[h]), max(hi, load[h])
			}
			if lo != tt.wantMin || hi != tt.wantMax {
				t.Fatalf("replicas per host %v (min %d max %d), want %d..%d; plan %v", load, lo, hi, tt.wantMin, tt.wantMax, plan)
			}
		})
	}
}
