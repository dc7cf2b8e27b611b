package kvstore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/cockroachdb/pebble"
)

var errIterOptions = errors.New("kvstore: iterator prefix given together with bounds")

// pebbleSource is what a pebble.DB and a pebble.Snapshot have in common.
type pebbleSource interface {
	Get(key []byte) ([]byte, io.Closer, error)
	NewIter(o *pebble.IterOptions) (*pebble.Iterator, error)
}

// reader implements Reader over a pebble DB or snapshot.
type reader struct {
	src    pebbleSource
	prefix PrefixExtractor
	closed *atomic.Bool // the owner's closed flag
	engine *atomic.Bool // for a snapshot, the engine's closed flag
}

func (r *reader) isClosed() bool {
	return r.closed.Load() || (r.engine != nil && r.engine.Load())
}

// Get returns a copy of key's value or ErrNotFound.
func (r *reader) Get(key []byte) ([]byte, error) {
	var out []byte
	err := r.View(key, func(v []byte) error {
		out = append(make([]byte, 0, len(v)), v...)
		return nil
	})
	return out, err
}

// View calls fn with key's value, valid only during the call.
func (r *reader) View(key []byte, fn func(value []byte) error) error {
	if r.isClosed() {
		return ErrClosed
	}
	v, closer, err := r.src.Get(key)
	if err != nil {
		if errors.Is(err, pebble.ErrNotFound) {
			return ErrNotFound
		}
		return fmt.Errorf("get: %w", err)
	}
	err = fn(v)
	if cerr := closer.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("get: release value: %w", cerr)
	}
	return err
}

// MultiGet returns copies of the values of keys, nil for missing ones.
func (r *reader) MultiGet(keys [][]byte) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		v, err := r.Get(k)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return nil, fmt.Errorf("multi-get key %d: %w", i, err)
		default:
			out[i] = v
		}
	}
	return out, nil
}

// NewIter returns an iterator over the keys o selects.
func (r *reader) NewIter(o IterOptions) (Iterator, error) {
	if r.isClosed() {
		return nil, ErrClosed
	}
	it := &pebbleIter{extractor: r.prefix}
	po := pebble.IterOptions{LowerBound: o.LowerBound, UpperBound: o.UpperBound}
	if o.Prefix != nil {
		if o.LowerBound != nil || o.UpperBound != nil {
			return nil, errIterOptions
		}
		it.prefix = o.Prefix
		it.end = PrefixEnd(o.Prefix)
		po.LowerBound, po.UpperBound = o.Prefix, it.end
		// With the whole bloom prefix in hand, seek in prefix mode: pebble
		// then consults each sstable's filter and skips those without it.
		it.seekPrefix = r.prefix != nil && r.prefix.InDomain(o.Prefix)
	}
	pit, err := r.src.NewIter(&po)
	if err != nil {
		return nil, fmt.Errorf("new iterator: %w", err)
	}
	it.it = pit
	return it, nil
}

// pebbleIter is an Iterator on a pebble iterator.
type pebbleIter struct {
	it         *pebble.Iterator
	prefix     []byte // non-nil in prefix mode
	end        []byte // PrefixEnd(prefix)
	seekPrefix bool   // position with SeekPrefixGE
	extractor  PrefixExtractor
}

// ResetPrefix makes the iterator select the keys with prefix, as one from
// NewIter(IterOptions{Prefix: prefix}) would, and moves it to the first
// of them. Reusing one iterator this way costs a seek where a new one
// per prefix costs an allocation and a merging iterator's set-up.
// prefix must not change while the iterator uses it.
func (i *pebbleIter) ResetPrefix(prefix []byte) bool {
	i.prefix, i.end = prefix, PrefixEnd(prefix)
	i.seekPrefix = i.extractor != nil && i.extractor.InDomain(prefix)
	i.it.SetBounds(i.prefix, i.end)
	return i.First()
}

func (i *pebbleIter) First() bool {
	if i.seekPrefix {
		return i.it.SeekPrefixGE(i.prefix)
	}
	return i.it.First()
}

func (i *pebbleIter) SeekGE(key []byte) bool {
	if i.prefix != nil {
		if bytes.Compare(key, i.prefix) < 0 {
			key = i.prefix
		} else if i.end != nil && bytes.Compare(key, i.end) >= 0 {
			// Past the prefix: exhaust the iterator (the upper bound is end).
			return i.it.SeekGE(i.end)
		}
		if i.seekPrefix {
			return i.it.SeekPrefixGE(key)
		}
	}
	return i.it.SeekGE(key)
}

func (i *pebbleIter) Next() bool    { return i.it.Next() }
func (i *pebbleIter) Valid() bool   { return i.it.Valid() }
func (i *pebbleIter) Key() []byte   { return i.it.Key() }
func (i *pebbleIter) Value() []byte { return i.it.Value() }
func (i *pebbleIter) Err() error    { return i.it.Error() }
func (i *pebbleIter) Close() error {
	if i.it == nil {
		return ErrClosed
	}
	err := i.it.Close()
	i.it = nil
	return err
}
