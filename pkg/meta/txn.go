package meta

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/apache/thrift/lib/go/thrift"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// store is what the typed readers of view need: point reads and prefix
// scans. A kvstore.Reader (the engine or one of its snapshots) and a txn
// both provide it.
type store interface {
	// get returns the value of key (the caller may keep it) or
	// kvstore.ErrNotFound.
	get(key []byte) ([]byte, error)
	// scan calls fn for every key with prefix in order; k and v are valid
	// only during the call.
	scan(prefix []byte, fn func(k, v []byte) error) error
}

// readerStore adapts a kvstore.Reader.
type readerStore struct{ r kvstore.Reader }

func (s readerStore) get(key []byte) ([]byte, error) { return s.r.Get(key) }

func (s readerStore) scan(prefix []byte, fn func(k, v []byte) error) error {
	it, err := s.r.NewIter(kvstore.IterOptions{Prefix: prefix})
	if err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			return err
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	return nil
}

// txn is one leader-side read-modify-write: it reads the applied state,
// collects writes, and is proposed to raft as one Command. Point reads see
// the txn's own earlier writes; NB: scans do not (they read the applied
// state only), so a processor scans before it writes.
//
// A txn belongs to one goroutine; the node serialises txns so that what a
// txn read is still true when its command applies.
type txn struct {
	view
	base    store
	ops     []*gmeta.KVOp
	overlay map[string][]byte // key → value; nil value: deleted
	ranges  [][2][]byte       // deleted [start, end) ranges
	touch   bool
}

func newTxn(base store) *txn {
	t := &txn{base: base, overlay: map[string][]byte{}}
	t.view = view{st: t}
	return t
}

func (t *txn) get(key []byte) ([]byte, error) {
	if v, ok := t.overlay[string(key)]; ok {
		if v == nil {
			return nil, kvstore.ErrNotFound
		}
		return v, nil
	}
	for _, r := range t.ranges {
		if bytes.Compare(key, r[0]) >= 0 && (r[1] == nil || bytes.Compare(key, r[1]) < 0) {
			return nil, kvstore.ErrNotFound
		}
	}
	return t.base.get(key)
}

func (t *txn) scan(prefix []byte, fn func(k, v []byte) error) error { return t.base.scan(prefix, fn) }

// put writes key → value; the txn keeps both slices.
func (t *txn) put(key, value []byte) {
	if value == nil {
		value = []byte{}
	}
	t.ops = append(t.ops, &gmeta.KVOp{Kind: gmeta.KVOpKind_PUT, Key: key, Value: value})
	t.overlay[string(key)] = value
}

func (t *txn) del(key []byte) {
	t.ops = append(t.ops, &gmeta.KVOp{Kind: gmeta.KVOpKind_DELETE, Key: key})
	t.overlay[string(key)] = nil
}

// delPrefix deletes every key starting with prefix.
func (t *txn) delPrefix(prefix []byte) {
	end := prefixEnd(prefix)
	t.ops = append(t.ops, &gmeta.KVOp{Kind: gmeta.KVOpKind_DELETE_RANGE, Key: prefix, Value: end})
	for k := range t.overlay {
		if bytes.HasPrefix([]byte(k), prefix) {
			t.overlay[k] = nil
		}
	}
	t.ranges = append(t.ranges, [2][]byte{prefix, end})
}

// putRecord writes the compact encoding of a record.
func (t *txn) putRecord(key []byte, rec thrift.TStruct) { t.put(key, encode(rec)) }

// nextID increments the 4-byte counter at key and returns the new value.
func (t *txn) nextID(key []byte) (int32, error) {
	v, err := t.get(key)
	var id int32
	switch {
	case errors.Is(err, kvstore.ErrNotFound):
	case err != nil:
		return 0, err
	default:
		if id, err = decodeI32(v); err != nil {
			return 0, err
		}
	}
	id++
	t.put(key, appendU32(nil, id))
	return id, nil
}
