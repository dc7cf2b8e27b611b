package kvstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// vcFixture is an in-memory engine with a vertex cache and INT64 vids.
type vcFixture struct {
	t     *testing.T
	e     *Pebble
	codec KeyCodec
}

func newVCFixture(t *testing.T, size int64) *vcFixture {
	t.Helper()
	e, err := OpenMem(Options{VertexCacheSize: size})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	codec, err := NewKeyCodec(VIDInt64, 8)
	if err != nil {
		t.Fatal(err)
	}
	return &vcFixture{t: t, e: e, codec: codec}
}

func vidBytes(v int64) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(v)) }

func (f *vcFixture) tagKey(vid int64, tag int32) []byte {
	return f.codec.AppendTagKey(nil, 1, vidBytes(vid), tag)
}

func (f *vcFixture) prefix(vid int64) []byte {
	return f.codec.AppendTagPrefix(nil, 1, vidBytes(vid))
}

// read is how a storage reader reads a vertex: from the cache, else from
// the snapshot, filling the cache. It returns the values in key order and
// whether they came from the cache.
func (f *vcFixture) read(snap Snapshot, vid int64) ([]string, bool) {
	f.t.Helper()
	vc, ok := snap.(VertexCacher)
	if !ok {
		f.t.Fatal("snapshot of an engine with a vertex cache is not a VertexCacher")
	}
	prefix := f.prefix(vid)
	kvs, hit := vc.CachedVertex(prefix)
	if !hit {
		kvs = f.scan(snap, prefix)
		vc.FillVertex(prefix, kvs)
	}
	var vals []string
	for _, kv := range kvs {
		vals = append(vals, string(kv.Value))
	}
	return vals, hit
}

func (f *vcFixture) scan(r Reader, prefix []byte) []KV {
	f.t.Helper()
	it, err := r.NewIter(IterOptions{Prefix: prefix})
	if err != nil {
		f.t.Fatal(err)
	}
	defer it.Close()
	kvs := []KV{}
	for ok := it.First(); ok; ok = it.Next() {
		kvs = append(kvs, KV{Key: bytes.Clone(it.Key()), Value: bytes.Clone(it.Value())})
	}
	return kvs
}

// readNow reads vid through a fresh snapshot.
func (f *vcFixture) readNow(vid int64) ([]string, bool) {
	f.t.Helper()
	snap := f.e.NewSnapshot()
	defer snap.Close()
	return f.read(snap, vid)
}

func (f *vcFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// TestVertexCacheInvalidation: every kind of write drops what it changed,
// so the read after it sees the engine's data, then the cache's again.
func TestVertexCacheInvalidation(t *testing.T) {
	f := newVCFixture(t, 1<<20)
	tests := []struct {
		name  string
		write func()
		want  []string
	}{
		{"put", func() { f.must(f.e.Put(f.tagKey(7, 1), []byte("a2"))) }, []string{"a2", "b"}},
		{"delete", func() { f.must(f.e.Delete(f.tagKey(7, 2))) }, []string{"a2"}},
		{"batch", func() {
			b := f.e.NewBatch()
			defer b.Close()
			f.must(b.Put(f.tagKey(7, 3), []byte("c")))
			f.must(b.Put(f.tagKey(8, 1), []byte("x")))
			f.must(b.Commit())
		}, []string{"a2", "c"}},
		{"batch reused after reset", func() {
			b := f.e.NewBatch()
			defer b.Close()
			f.must(b.Put(f.tagKey(9, 1), []byte("other")))
			b.Reset()
			f.must(b.Delete(f.tagKey(7, 3)))
			f.must(b.Commit())
		}, []string{"a2"}},
		{"batch of more tag keys than it remembers", func() {
			b := f.e.NewBatch()
			defer b.Close()
			f.must(b.Put(f.tagKey(7, 4), []byte("d")))
			for vid := range int64(maxBatchTagKeys) {
				f.must(b.Put(f.tagKey(1000+vid, 1), []byte("bulk")))
			}
			f.must(b.Commit())
		}, []string{"a2", "d"}},
		{"range deletion", func() {
			f.must(f.e.DeleteRange(f.tagKey(7, 0), f.tagKey(7, 5)))
		}, nil},
		{"ingest", func() {
			w, err := f.e.NewSSTWriter("/vc.sst")
			f.must(err)
			f.must(w.Put(f.tagKey(7, 5), []byte("e")))
			f.must(w.Finish())
			f.must(f.e.Ingest([]string{"/vc.sst"}))
		}, []string{"e"}},
	}
	f.must(f.e.Put(f.tagKey(7, 1), []byte("a")))
	f.must(f.e.Put(f.tagKey(7, 2), []byte("b")))
	if got, hit := f.readNow(7); hit || fmt.Sprint(got) != "[a b]" {
		t.Fatalf("first read: %v (hit %v), want [a b] from the engine", got, hit)
	}
	if got, hit := f.readNow(7); !hit || fmt.Sprint(got) != "[a b]" {
		t.Fatalf("second read: %v (hit %v), want [a b] from the cache", got, hit)
	}
	for _, tc := range tests {
		tc.write()
		if got, hit := f.readNow(7); hit || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: read %v (hit %v), want %v from the engine", tc.name, got, hit, tc.want)
		}
		if got, hit := f.readNow(7); !hit || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: read again %v (hit %v), want %v from the cache", tc.name, got, hit, tc.want)
		}
	}
	// An edge or index write leaves the vertex cached.
	f.must(f.e.Put(append(PartPrefix(KeyEdge, 1), vidBytes(7)...), []byte("edge")))
	if _, hit := f.readNow(7); !hit {
		t.Error("a write of a non-tag key dropped the vertex")
	}
}

// TestVertexCacheStaleFill: a reader whose snapshot predates a write must
// not put what it read into the cache after the write.
func TestVertexCacheStaleFill(t *testing.T) {
	f := newVCFixture(t, 1<<20)
	f.must(f.e.Put(f.tagKey(1, 1), []byte("old")))
	old := f.e.NewSnapshot()
	defer old.Close()
	f.must(f.e.Put(f.tagKey(1, 1), []byte("new")))
	if got, _ := f.read(old, 1); fmt.Sprint(got) != "[old]" {
		t.Fatalf("old snapshot read %v", got)
	}
	if got, hit := f.readNow(1); hit || fmt.Sprint(got) != "[new]" {
		t.Errorf("after the stale fill: %v (hit %v), want [new] from the engine", got, hit)
	}
	// Likewise across a clear (range deletion).
	old2 := f.e.NewSnapshot()
	defer old2.Close()
	f.must(f.e.DeleteRange(PartPrefix(KeyTag, 1), PrefixEnd(PartPrefix(KeyTag, 1))))
	f.read(old2, 1)
	if got, _ := f.readNow(1); len(got) != 0 {
		t.Errorf("after the range deletion: %v, want nothing", got)
	}
}

// TestVertexCacheBounded: the cache stays near its capacity and keeps
// answering right after evicting.
func TestVertexCacheBounded(t *testing.T) {
	const capacity = 64 << 10
	f := newVCFixture(t, capacity)
	val := bytes.Repeat([]byte("v"), 200)
	for vid := range int64(2000) {
		f.must(f.e.Put(f.tagKey(vid, 1), val))
		f.readNow(vid)
	}
	st := f.e.vc.c.Stats()
	if st.Bytes > capacity+capacity/4 {
		t.Errorf("cache holds %d bytes, capacity %d", st.Bytes, capacity)
	}
	if st.Entries == 0 || st.Entries >= 2000 {
		t.Errorf("cache holds %d entries of 2000 read", st.Entries)
	}
	for vid := range int64(2000) {
		if got, _ := f.readNow(vid); len(got) != 1 || got[0] != string(val) {
			t.Fatalf("vid %d: %v", vid, got)
		}
	}
}

// TestVertexCacheOff: a negative size turns the cache off.
func TestVertexCacheOff(t *testing.T) {
	e, err := OpenMem(Options{VertexCacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	snap := e.NewSnapshot()
	defer snap.Close()
	if _, ok := snap.(VertexCacher); ok {
		t.Error("snapshot offers a vertex cache that is off")
	}
}

// TestVertexCacheConcurrent: writers bump counters stored as tag rows
// while readers read through the cache; a read that starts after a write
// returned never sees an older value.
func TestVertexCacheConcurrent(t *testing.T) {
	f := newVCFixture(t, 16<<10) // small: eviction runs too
	const vids, writes = 16, 300
	var acked [vids]atomic.Int64
	for vid := range int64(vids) {
		f.must(f.e.Put(f.tagKey(vid, 1), []byte("0")))
	}
	var wg sync.WaitGroup
	var done atomic.Bool
	errs := make(chan error, 16)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= writes; i++ {
				vid := int64((i*2 + w) % vids) // one writer per vid
				n := acked[vid].Load() + 1
				b := f.e.NewBatch()
				b.Put(f.tagKey(vid, 1), []byte(fmt.Sprint(n)))
				err := b.Commit()
				b.Close()
				if err != nil {
					errs <- err
					return
				}
				acked[vid].Store(n)
			}
		}()
	}
	readers := sync.WaitGroup{}
	for r := range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := 0; !done.Load(); i++ {
				vid := int64((i + r) % vids)
				floor := acked[vid].Load()
				snap := f.e.NewSnapshot()
				vc := snap.(VertexCacher)
				prefix := f.prefix(vid)
				kvs, hit := vc.CachedVertex(prefix)
				if !hit {
					it, err := snap.NewIter(IterOptions{Prefix: prefix})
					if err != nil {
						errs <- err
						snap.Close()
						return
					}
					kvs = kvs[:0]
					for ok := it.First(); ok; ok = it.Next() {
						kvs = append(kvs, KV{Key: bytes.Clone(it.Key()), Value: bytes.Clone(it.Value())})
					}
					it.Close()
					vc.FillVertex(prefix, kvs)
				}
				snap.Close()
				var got int64
				if len(kvs) == 1 {
					fmt.Sscan(string(kvs[0].Value), &got)
				}
				if got < floor {
					errs <- fmt.Errorf("vid %d: read %d after %d was written (hit %v)", vid, got, floor, hit)
					return
				}
			}
		}()
	}
	wg.Wait()
	done.Store(true)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
