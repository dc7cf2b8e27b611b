package meta

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// balanceLeaders spreads the leaders of a space's parts evenly over the
// live hosts holding its replicas (BALANCE LEADER): while a host leads
// two or more parts more than another host holding a replica of one of
// them, leadership of that part moves there by a raft leadership transfer
// (the leader stops taking writes, brings the target up to date and has
// it campaign at once). Clients that meet the old leader are answered
// E_LEADER_CHANGED with the new one and retry there.
//
// A transfer that fails is logged and its part left out; the job fails
// only when it could not learn the leaders.
func (m *jobManager) balanceLeaders(ctx context.Context, ba balanceAdmin, space common.GraphSpaceID) error {
	parts, hosts, err := m.spaceHosts(space)
	if err != nil {
		return err
	}
	if len(hosts) == 0 {
		return fmt.Errorf("space %d: %w", space, codeError(common.ErrorCode_E_NO_HOSTS))
	}
	leaders, err := m.leaders(ctx, space, parts, hosts)
	if err != nil {
		return err
	}
	replicas := map[int32][]string{}
	for p, hs := range parts {
		for _, h := range hs {
			if slices.Contains(hosts, addrString(h)) {
				replicas[int32(p)] = append(replicas[int32(p)], addrString(h))
			}
		}
	}
	led := map[int32]string{}
	for p, h := range leaders {
		led[int32(p)] = h
	}
	skip := map[int32]bool{}
	for _, t := range planLeaders(led, replicas, hosts, skip) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		cctx, cancel := context.WithTimeout(ctx, balanceCallTimeout)
		err := ba.TransLeader(cctx, t.src, int32(space), t.part, t.dst)
		cancel()
		if err != nil {
			m.log.Warn("meta: leader transfer failed", "space", space, "part", t.part, "from", t.src, "to", t.dst, "err", err)
			continue
		}
	}
	return nil
}

// planLeaders plans leadership transfers (src leads part, dst takes it)
// that leave hosts leading parts within one of each other where the
// replicas allow it: the host leading most gives a part to the replica
// host leading fewest, while they differ by two or more. led maps parts
// to their leaders and replicas to the live hosts holding them; ties go
// to the smaller address or part.
func planLeaders(led map[int32]string, replicas map[int32][]string, hosts []string, skip map[int32]bool) []move {
	count := map[string]int{}
	for _, h := range hosts {
		count[h] = 0
	}
	for _, h := range led {
		count[h]++
	}
	partIDs := make([]int32, 0, len(led))
	for p := range led {
		partIDs = append(partIDs, p)
	}
	slices.Sort(partIDs)
	var out []move
	for {
		hs := slices.Clone(hosts)
		sort.SliceStable(hs, func(a, b int) bool {
			if count[hs[a]] != count[hs[b]] {
				return count[hs[a]] > count[hs[b]]
			}
			return hs[a] < hs[b]
		})
		var best move
		bestGap := 1
		for _, src := range hs {
			for _, p := range partIDs {
				if led[p] != src || skip[p] {
					continue
				}
				for _, dst := range replicas[p] {
					if gap := count[src] - count[dst]; dst != src && gap > bestGap {
						best, bestGap = move{part: p, src: src, dst: dst}, gap
					}
				}
			}
			if best.src != "" {
				break
			}
		}
		if best.src == "" {
			return out
		}
		out = append(out, best)
		led[best.part] = best.dst
		count[best.src]--
		count[best.dst]++
	}
}
