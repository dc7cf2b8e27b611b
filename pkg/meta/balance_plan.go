package meta

import (
	"slices"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// move is one replica move of a data balance plan: part's replica on src
// goes to dst.
type move struct {
	part     int32
	src, dst string
}

// balanceInput is what planning a data balance of one space looks at.
type balanceInput struct {
	// parts maps every part to the hosts holding its replicas.
	parts map[int32][]string
	// hosts are the hosts that may receive replicas: registered, alive,
	// in one of the space's zones, not being removed.
	hosts []string
	// zoneOf names every host's zone.
	zoneOf map[string]string
	// remove are the hosts to empty (BALANCE DATA REMOVE).
	remove map[string]bool
	// spreadZones says replicas must stay in distinct zones (the space
	// has at least replica factor zones).
	spreadZones bool
}

// planBalance plans the moves that empty the removed hosts and then even
// out the replicas of the space over inp.hosts, so that hosts differ by
// at most one replica wherever the zones allow it. It never puts two
// replicas of a part on one host, nor (with spreadZones) in one zone, and
// never moves a replica it moved already; a part may see several of its
// replicas move, which run one after another. A removed replica goes to the least
// loaded host of its own zone if it can, else of another zone, as
// NebulaGraph's DataBalanceJobExecutor prefers; then the most loaded host
// gives a part to the least loaded one that may take it, until no such
// pair differs by two or more. Each such move lowers the sum of squared
// loads, so the loop ends.
//
// It fails with E_NO_VALID_HOST when a removed replica has nowhere to go.
// The plan is deterministic: ties go to the smaller address or part.
func planBalance(inp balanceInput) ([]move, error) {
	replicas := map[int32][]string{}
	load := map[string]int{}
	for _, h := range inp.hosts {
		load[h] = 0
	}
	partIDs := make([]int32, 0, len(inp.parts))
	for p, hs := range inp.parts {
		partIDs = append(partIDs, p)
		replicas[p] = slices.Clone(hs)
		for _, h := range hs {
			if _, ok := load[h]; ok {
				load[h]++
			}
		}
	}
	slices.Sort(partIDs)
	// placed marks the replicas this plan moved in: moving one again
	// would copy the part twice.
	type replica struct {
		part int32
		host string
	}
	placed := map[replica]bool{}
	var plan []move

	// fits reports whether part p may have a replica on dst once its
	// replica on src is gone.
	fits := func(p int32, src, dst string) bool {
		for _, h := range replicas[p] {
			if h == dst {
				return false
			}
			if inp.spreadZones && h != src && inp.zoneOf[h] == inp.zoneOf[dst] {
				return false
			}
		}
		return true
	}
	apply := func(m move) {
		rs := replicas[m.part]
		rs[slices.Index(rs, m.src)] = m.dst
		if _, ok := load[m.src]; ok {
			load[m.src]--
		}
		load[m.dst]++
		placed[replica{m.part, m.dst}] = true
		plan = append(plan, m)
	}
	byLoad := func() []string {
		hs := slices.Clone(inp.hosts)
		sort.SliceStable(hs, func(a, b int) bool {
			if load[hs[a]] != load[hs[b]] {
				return load[hs[a]] < load[hs[b]]
			}
			return hs[a] < hs[b]
		})
		return hs
	}

	// Empty the removed hosts.
	for _, p := range partIDs {
		for _, src := range slices.Clone(replicas[p]) {
			if !inp.remove[src] {
				continue
			}
			var best string
			for _, sameZone := range []bool{true, false} {
				for _, h := range byLoad() {
					if (inp.zoneOf[h] == inp.zoneOf[src]) == sameZone && fits(p, src, h) {
						best = h
						break
					}
				}
				if best != "" {
					break
				}
			}
			if best == "" {
				return nil, codeError(common.ErrorCode_E_NO_VALID_HOST)
			}
			apply(move{part: p, src: src, dst: best})
		}
	}

	// Even out the rest.
	for {
		hs := byLoad()
		found := false
		for i := len(hs) - 1; i > 0 && !found; i-- {
			src := hs[i]
			for _, dst := range hs[:i] {
				if load[src]-load[dst] < 2 {
					break
				}
				for _, p := range partIDs {
					if !placed[replica{p, src}] && slices.Contains(replicas[p], src) && fits(p, src, dst) {
						apply(move{part: p, src: src, dst: dst})
						found = true
						break
					}
				}
				if found {
					break
				}
			}
		}
		if !found {
			return plan, nil
		}
	}
}
