package meta

import (
	"sort"

	"github.com/novagraph/novagraph/idl/gen/common"
)

// placeParts chooses the replicas of parts 1..partNum of a new space.
//
// zones maps each zone the space may use to its hosts that can take
// replicas (registered, alive); load counts the replicas every host
// already holds, across spaces, and is updated in place.
//
// Every part gets its replicas in replicaFactor distinct zones, so losing
// a zone loses at most one replica of each part. For each part the zones
// chosen are the least loaded (replicas per host, ties by name) and in each
// zone the least loaded host (ties by address). With one host per zone this
// deals replicas round-robin, so hosts end within one replica of each other.
//
// It fails with E_ZONE_NOT_ENOUGH when fewer than replicaFactor zones have
// a usable host.
func placeParts(partNum, replicaFactor int, zones map[string][]string, load map[string]int) (map[int32][]string, error) {
	type zone struct {
		name  string
		hosts []string
		load  int // replicas on the zone's hosts
	}
	var usable []*zone
	for name, hosts := range zones {
		if len(hosts) == 0 {
			continue
		}
		z := &zone{name: name, hosts: append([]string(nil), hosts...)}
		sort.Strings(z.hosts)
		for _, h := range z.hosts {
			z.load += load[h]
		}
		usable = append(usable, z)
	}
	if replicaFactor <= 0 || len(usable) < replicaFactor {
		return nil, codeError(common.ErrorCode_E_ZONE_NOT_ENOUGH)
	}
	// lighter reports whether zone a is less loaded per host than b.
	lighter := func(a, b *zone) bool {
		l, r := a.load*len(b.hosts), b.load*len(a.hosts)
		if l != r {
			return l < r
		}
		return a.name < b.name
	}
	out := make(map[int32][]string, partNum)
	for part := 1; part <= partNum; part++ {
		sort.Slice(usable, func(i, j int) bool { return lighter(usable[i], usable[j]) })
		replicas := make([]string, 0, replicaFactor)
		for _, z := range usable[:replicaFactor] {
			best := z.hosts[0]
			for _, h := range z.hosts[1:] {
				if load[h] < load[best] {
					best = h
				}
			}
			load[best]++
			z.load++
			replicas = append(replicas, best)
		}
		out[int32(part)] = replicas
	}
	return out, nil
}
