package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// Row iteration for tasks. A task reads a snapshot to find what to work
// on, then re-reads each row under its write lock before writing
// (lockedRows): writes go on while a task runs, and a decision taken from
// the snapshot alone could undo one of them.

// eachRow calls fn for every tag or edge row of a part (a snapshot taken
// after a read barrier), with the row's schema and liveness.
func (s *Store) eachRow(ctx context.Context, p *part, cat *catalog, kt kvstore.KeyType, fn func(key []byte, desc *SchemaDesc, r kvstore.RowReader, live bool) error) error {
	if err := p.raft.ReadBarrier(ctx); err != nil {
		return err
	}
	snap := p.engine.NewSnapshot()
	defer snap.Close()
	it, err := snap.NewIter(kvstore.IterOptions{Prefix: kvstore.PartPrefix(kt, uint32(p.id))})
	if err != nil {
		return err
	}
	now := s.opts.Now().Unix()
	for ok := it.First(); ok; ok = it.Next() {
		if err := ctx.Err(); err != nil {
			it.Close()
			return err
		}
		var desc *SchemaDesc
		if kt == kvstore.KeyTag {
			tk, err := cat.codec.ParseTagKey(it.Key())
			if err != nil {
				it.Close()
				return err
			}
			desc = cat.tagsByID[tk.Tag]
		} else {
			ek, err := cat.codec.ParseEdgeKey(it.Key())
			if err != nil {
				it.Close()
				return err
			}
			desc = cat.edgesByID[abs32(ek.Type)]
		}
		if desc == nil {
			continue
		}
		raw := append([]byte(nil), it.Value()...)
		r, err := desc.Versions.Reader(raw)
		if err != nil {
			it.Close()
			return fmt.Errorf("row of %s: %w", desc.Name, err)
		}
		if err := fn(append([]byte(nil), it.Key()...), desc, r, !desc.Versions.Expired(r, now)); err != nil {
			it.Close()
			return err
		}
	}
	return it.Close()
}

// eachKey calls fn with every key of a part with prefix, from a snapshot
// taken after a read barrier; fn may keep the key.
func (s *Store) eachKey(ctx context.Context, p *part, prefix []byte, fn func(key []byte) error) error {
	if err := p.raft.ReadBarrier(ctx); err != nil {
		return err
	}
	snap := p.engine.NewSnapshot()
	defer snap.Close()
	it, err := snap.NewIter(kvstore.IterOptions{Prefix: prefix})
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		if err := ctx.Err(); err != nil {
			it.Close()
			return err
		}
		if err := fn(append([]byte(nil), it.Key()...)); err != nil {
			it.Close()
			return err
		}
	}
	return it.Close()
}

// lockedRows reads the current values of keys of a leader part while
// holding their write locks (the locks writes that read rows take), lets
// fn add writes to one raft entry, and proposes it before releasing the
// locks, so that no write of those keys comes between what fn read and
// what it wrote. fn is called once per key, in order, with its position
// i; val is nil when the key is absent.
func (s *Store) lockedRows(ctx context.Context, p *part, keys [][]byte, fn func(b *raftex.Batch, i int, key, val []byte) error) error {
	if len(keys) == 0 {
		return nil
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = string(k)
	}
	release, err := p.locks.lock(ctx, names)
	if err != nil {
		return fmt.Errorf("lock rows of part %d/%d: %w", p.sp.desc.ID, p.id, err)
	}
	defer release()
	if err := p.raft.ReadBarrier(ctx); err != nil {
		return err
	}
	var b raftex.Batch
	for i, k := range keys {
		v, err := p.engine.Get(k)
		if errors.Is(err, kvstore.ErrNotFound) {
			v, err = nil, nil
		}
		if err != nil {
			return fmt.Errorf("read part %d/%d: %w", p.sp.desc.ID, p.id, err)
		}
		if err := fn(&b, i, k, v); err != nil {
			return err
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return p.raft.Propose(ctx, &b)
}

// inChunks calls fn with the keys collected by each, taskChunk at a time.
func inChunks(each func(add func(key []byte) error) error, fn func(keys [][]byte) error) error {
	var keys [][]byte
	err := each(func(key []byte) error {
		keys = append(keys, key)
		if len(keys) < taskChunk {
			return nil
		}
		err := fn(keys)
		keys = nil
		return err
	})
	if err != nil {
		return err
	}
	return fn(keys)
}

// rowEntries decodes a tag or edge row of part pid and returns whether
// its schema is known to cat, whether the row is live at now, and its
// entries in cat's indexes (none for in-edge keys, which no index
// covers).
func rowEntries(cat *catalog, pid uint32, key, val []byte, now int64) (known, live bool, entries [][]byte, err error) {
	kt, err := kvstore.KeyTypeOf(key)
	if err != nil {
		return false, false, nil, err
	}
	if kt == kvstore.KeyTag {
		tk, err := cat.codec.ParseTagKey(key)
		if err != nil {
			return false, false, nil, err
		}
		desc := cat.tagsByID[tk.Tag]
		if desc == nil {
			return false, false, nil, nil
		}
		r, err := desc.Versions.Reader(val)
		if err != nil {
			return false, false, nil, fmt.Errorf("row of %s: %w", desc.Name, err)
		}
		entries, err = tagIndexKeys(cat, pid, tk.VID, desc, r)
		return true, !desc.Versions.Expired(r, now), entries, err
	}
	ek, err := cat.codec.ParseEdgeKey(key)
	if err != nil {
		return false, false, nil, err
	}
	desc := cat.edgesByID[abs32(ek.Type)]
	if desc == nil {
		return false, false, nil, nil
	}
	r, err := desc.Versions.Reader(val)
	if err != nil {
		return false, false, nil, fmt.Errorf("row of %s: %w", desc.Name, err)
	}
	if ek.Type > 0 {
		entries, err = edgeIndexKeys(cat, pid, ek.Src, ek.Rank, ek.Dst, desc, r)
	}
	return true, !desc.Versions.Expired(r, now), entries, err
}
