package storage

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// rebuildIndex makes a leader part's entries of ix match its live rows
// while writes go on, in two passes:
//
//  1. add: every row of the indexed schema found in a snapshot is read
//     again under its write lock and, when live, its entry is written (a
//     later write of the row maintains the entry itself, as writes do for
//     every index they know);
//  2. sweep: every entry of ix found in a snapshot taken after pass 1 is
//     checked against its row, read again under the row's lock, and
//     deleted when the row is gone, expired, or no longer has that entry
//     (it may have several: one per cell of an indexed geography).
//
// The index stays readable throughout: entries are added and removed,
// never dropped wholesale. NB: a write that takes no row lock (one with
// IGNORE_EXISTED_INDEX, or from a graphd whose request reached a storaged
// whose schema cache does not know the index yet) can still race with the
// rebuild and leave an entry missing or stale.
func (s *Store) rebuildIndex(ctx context.Context, p *part, cat *catalog, ix *IndexDesc) error {
	single := *cat
	single.indexes = []*IndexDesc{ix}
	pid := uint32(p.id)
	kt := kvstore.KeyTag
	if ix.Edge {
		kt = kvstore.KeyEdge
	}
	err := inChunks(func(add func([]byte) error) error {
		return s.eachKey(ctx, p, kvstore.PartPrefix(kt, pid), func(key []byte) error {
			if indexes(cat, ix, key) {
				return add(key)
			}
			return nil
		})
	}, func(keys [][]byte) error {
		now := s.opts.Now().Unix()
		return s.lockedRows(ctx, p, keys, func(b *raftex.Batch, _ int, key, val []byte) error {
			if val == nil {
				return nil
			}
			known, live, entries, err := rowEntries(&single, pid, key, val, now)
			if err != nil || !known || !live {
				return err
			}
			for _, k := range entries {
				b.Put(k, nil)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("rebuild index %s, part %d: %w", ix.Name, p.id, err)
	}
	err = inChunks(func(add func([]byte) error) error {
		return s.eachKey(ctx, p, kvstore.AppendIndexPrefix(nil, pid, ix.ID), add)
	}, func(entries [][]byte) error {
		rows := make([][]byte, len(entries))
		for i, e := range entries {
			var err error
			if rows[i], err = indexedRow(cat, pid, ix, e); err != nil {
				return err
			}
		}
		now := s.opts.Now().Unix()
		return s.lockedRows(ctx, p, rows, func(b *raftex.Batch, i int, key, val []byte) error {
			keep := false
			if val != nil {
				known, live, want, err := rowEntries(&single, pid, key, val, now)
				if err != nil {
					return err
				}
				// A row can have several entries in ix (one per cell of a
				// geography); keep each one it still has.
				keep = known && live && slices.ContainsFunc(want, func(w []byte) bool { return bytes.Equal(w, entries[i]) })
			}
			if !keep {
				b.Delete(entries[i])
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("rebuild index %s, part %d: sweep: %w", ix.Name, p.id, err)
	}
	return nil
}

// indexes reports whether a tag or edge key is a row ix covers: a tag row
// of its tag, an out-edge of its edge type.
func indexes(cat *catalog, ix *IndexDesc, key []byte) bool {
	if ix.Edge {
		ek, err := cat.codec.ParseEdgeKey(key)
		return err == nil && ek.Type == ix.SchemaID
	}
	tk, err := cat.codec.ParseTagKey(key)
	return err == nil && tk.Tag == ix.SchemaID
}

// indexedRow returns the key of the row an entry of ix points at.
func indexedRow(cat *catalog, pid uint32, ix *IndexDesc, entry []byte) ([]byte, error) {
	if ix.Edge {
		ik, err := cat.codec.ParseEdgeIndexKey(entry)
		if err != nil {
			return nil, err
		}
		return cat.codec.AppendEdgeKey(nil, pid, ik.Src, ix.SchemaID, ik.Rank, ik.Dst), nil
	}
	ik, err := cat.codec.ParseTagIndexKey(entry)
	if err != nil {
		return nil, err
	}
	return cat.codec.AppendTagKey(nil, pid, ik.VID, ix.SchemaID), nil
}
