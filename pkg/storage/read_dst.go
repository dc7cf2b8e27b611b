package storage

import (
	"context"
	"slices"

	"github.com/novagraph/novagraph/pkg/value"
)

// dstProps answers a GetNeighbors' dst_props: the properties of the
// destinations its parts kept, for those whose partition this host leads.
// A GO reading $$ otherwise follows every step with a GetProps to each
// host leading a destination's partition; the destinations led here then
// cost no round trip, read as that GetProps would read them (a leader's
// read under its lease, one snapshot per part). A part that cannot be
// read here (no longer led, or failing) is left out: the caller asks
// GetProps for every destination without a row.
func (s *Service) dstProps(ctx context.Context, spaceID int32, pl *propsPlan, kept [][]value.Value) *value.DataSet {
	sp, err := s.store.space(spaceID)
	if err != nil {
		return mergeValues(pl.colNames, nil)
	}
	byPart := map[int32][]*value.Row{}
	led := map[int32]bool{}
	seen := map[string]bool{}
	n := 0
	for _, dsts := range kept {
		for _, v := range dsts {
			raw, err := pl.cat.codec.VID(v)
			if err != nil || seen[string(raw)] {
				continue
			}
			seen[string(raw)] = true
			pid := int32(pl.cat.codec.PartOf(raw, uint32(pl.cat.space.PartNum)))
			leads, known := led[pid]
			if !known {
				p, err := sp.part(pid)
				leads = err == nil && p.raft.IsLeader()
				led[pid] = leads
			}
			if leads {
				byPart[pid] = append(byPart[pid], &value.Row{Values: []value.Value{v}})
				n++
			}
		}
	}
	parts := slices.Sorted(mapKeys(byPart))
	sets := make([]*value.DataSet, len(parts))
	// Failed parts are not reported: their destinations simply have no
	// row, which is what tells the caller to read them with GetProps.
	s.readParts(ctx, parts, n, func(ctx context.Context, pid int32, slot int) error {
		ds := &value.DataSet{}
		if err := s.store.getPropsPart(ctx, spaceID, pid, pl, byPart[pid], ds); err != nil {
			return err
		}
		sets[slot] = ds
		return nil
	})
	return mergeValues(pl.colNames, sets)
}
