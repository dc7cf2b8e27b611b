package storage

import (
	"context"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// purgeExpired deletes a leader part's expired rows (and their index
// entries) through raft, so that every replica drops them. A row the
// snapshot shows expired is deleted only if it still is when read again
// under its write lock: a write may have replaced it meanwhile.
func (s *Store) purgeExpired(ctx context.Context, p *part, cat *catalog) error {
	for _, kt := range []kvstore.KeyType{kvstore.KeyTag, kvstore.KeyEdge} {
		err := inChunks(func(add func([]byte) error) error {
			return s.eachRow(ctx, p, cat, kt, func(key []byte, _ *SchemaDesc, _ kvstore.RowReader, live bool) error {
				if live {
					return nil
				}
				return add(key)
			})
		}, func(keys [][]byte) error {
			now := s.opts.Now().Unix()
			return s.lockedRows(ctx, p, keys, func(b *raftex.Batch, _ int, key, val []byte) error {
				if val == nil {
					return nil
				}
				known, live, entries, err := rowEntries(cat, uint32(p.id), key, val, now)
				if err != nil || !known || live {
					return err
				}
				for _, k := range entries {
					b.Delete(k)
				}
				b.Delete(key)
				return nil
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
