package storage

import (
	"context"
	"math/rand/v2"
	"time"
)

// shedLeaders hands the leadership of every part this host leads to
// another voter of the part. The disk guard calls it while the disk is
// full: a leader that refuses every write leaves its parts unwritable,
// while the other replicas (a majority) have room and can take them. The
// host stays a follower (it campaigns only when a leader fails), and with
// the ballast it can still log and apply what the new leaders send it for
// a while; if it cannot, it falls behind and catches up once space is
// back.
func (s *Store) shedLeaders(ctx context.Context) {
	for _, p := range s.node.Parts() {
		if ctx.Err() != nil {
			return
		}
		if !p.IsLeader() {
			continue
		}
		ms, err := p.Members()
		if err != nil {
			continue
		}
		var others []string
		for _, m := range ms {
			if m.Voter && m.Addr != s.raftAddr {
				others = append(others, m.Addr)
			}
		}
		if len(others) == 0 {
			continue
		}
		// A random voter: one that cannot take over is not tried forever.
		to := others[rand.IntN(len(others))]
		tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err = p.TransferLeader(tctx, to)
		cancel()
		space, part := p.ID()
		if err != nil {
			s.opts.Logger.Warn("disk full: hand leadership over", "space", space, "part", part, "to", to, "err", err)
			continue
		}
		s.opts.Logger.Info("disk full: handed leadership over", "space", space, "part", part, "to", to)
	}
}
