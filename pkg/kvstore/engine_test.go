package kvstore

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
)

func openMem(t testing.TB, o Options) *Pebble {
	t.Helper()
	e, err := OpenMem(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func mustGet(t testing.TB, r Reader, key string) string {
	t.Helper()
	v, err := r.Get([]byte(key))
	if err != nil {
		t.Fatalf("get %q: %v", key, err)
	}
	return string(v)
}

func wantMissing(t testing.TB, r Reader, key string) {
	t.Helper()
	if _, err := r.Get([]byte(key)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get %q: err = %v, want ErrNotFound", key, err)
	}
}

func TestEngineReadWrite(t *testing.T) {
	e := openMem(t, Options{})
	for _, kv := range [][2]string{{"a", "1"}, {"b", "2"}, {"c", ""}, {"d", "4"}, {"e", "5"}} {
		if err := e.Put([]byte(kv[0]), []byte(kv[1])); err != nil {
			t.Fatal(err)
		}
	}
	if got := mustGet(t, e, "a"); got != "1" {
		t.Errorf("a = %q", got)
	}
	wantMissing(t, e, "zz")
	if err := e.Delete([]byte("a")); err != nil {
		t.Fatal(err)
	}
	wantMissing(t, e, "a")
	if err := e.Delete([]byte("never")); err != nil {
		t.Errorf("delete of a missing key: %v", err)
	}
	if err := e.DeleteRange([]byte("d"), []byte("e")); err != nil {
		t.Fatal(err)
	}
	wantMissing(t, e, "d")
	if got := mustGet(t, e, "e"); got != "5" {
		t.Errorf("e = %q after deleting [d, e)", got)
	}

	vals, err := e.MultiGet([][]byte{[]byte("b"), []byte("a"), []byte("c")})
	if err != nil {
		t.Fatal(err)
	}
	if string(vals[0]) != "2" || vals[1] != nil || vals[2] == nil || len(vals[2]) != 0 {
		t.Errorf("MultiGet = %q (nil missing, empty non-nil)", vals)
	}

	var seen string
	if err := e.View([]byte("b"), func(v []byte) error { seen = string(v); return nil }); err != nil || seen != "2" {
		t.Errorf("View = %q, %v", seen, err)
	}
	boom := errors.New("boom")
	if err := e.View([]byte("b"), func([]byte) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("View error = %v", err)
	}
	if err := e.View([]byte("zz"), func([]byte) error { t.Error("fn called"); return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("View missing: %v", err)
	}
	// Get returns a copy the caller owns.
	v, _ := e.Get([]byte("b"))
	v[0] = 'X'
	if got := mustGet(t, e, "b"); got != "2" {
		t.Errorf("Get result aliases the store: %q", got)
	}
}

// collect returns the keys an iterator visits, positioned by first.
func collect(t testing.TB, it Iterator, first func() bool) []string {
	t.Helper()
	var keys []string
	for ok := first(); ok; ok = it.Next() {
		keys = append(keys, string(it.Key()))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestIteratorsMatchNaiveFilter writes random graph keys, flushes part of
// them to sstables, and checks prefix and bounded iteration (First and
// SeekGE) against filtering a sorted list — with and without the graph
// prefix extractor, since prefix mode takes another path through pebble.
func TestIteratorsMatchNaiveFilter(t *testing.T) {
	c, _ := NewKeyCodec(VIDFixedString, 2)
	for _, withExtractor := range []bool{false, true} {
		o := Options{}
		if withExtractor {
			o.Prefix = c.PrefixExtractor()
		}
		e := openMem(t, o)
		rng := rand.New(rand.NewPCG(5, 6))
		vids := [][]byte{[]byte("a\x00"), []byte("ab"), []byte("b\x00"), []byte("bb")}
		var all []string
		for i := range 600 {
			src, dst := vids[rng.IntN(len(vids))], vids[rng.IntN(len(vids))]
			var k []byte
			switch rng.IntN(3) {
			case 0:
				k = c.AppendTagKey(nil, 1+uint32(rng.IntN(2)), src, int32(rng.IntN(3)))
			default:
				k = c.AppendEdgeKey(nil, 1+uint32(rng.IntN(2)), src, int32(rng.IntN(5)-2), int64(rng.IntN(3)), dst)
			}
			if err := e.Put(k, []byte("v")); err != nil {
				t.Fatal(err)
			}
			if i == 300 {
				if err := e.Flush(); err != nil {
					t.Fatal(err)
				}
			}
			all = append(all, string(k))
		}
		slices.Sort(all)
		all = slices.Compact(all)

		var prefixes [][]byte
		for _, part := range []uint32{1, 2, 3} {
			prefixes = append(prefixes, PartPrefix(KeyEdge, part))
			for _, v := range vids {
				prefixes = append(prefixes, c.AppendTagPrefix(nil, part, v), c.AppendEdgePrefix(nil, part, v))
				for et := int32(-2); et <= 2; et++ {
					prefixes = append(prefixes, c.AppendEdgeTypePrefix(nil, part, v, et), c.AppendEdgeRankPrefix(nil, part, v, et, 1))
				}
			}
		}
		for _, p := range prefixes {
			var want []string
			for _, k := range all {
				if bytes.HasPrefix([]byte(k), p) {
					want = append(want, k)
				}
			}
			it, err := e.NewIter(IterOptions{Prefix: p})
			if err != nil {
				t.Fatal(err)
			}
			if got := collect(t, it, it.First); !slices.Equal(got, want) {
				t.Fatalf("extractor=%v prefix %x: got %d keys, want %d", withExtractor, p, len(got), len(want))
			}
			// SeekGE before, inside and after the prefix.
			if got := collect(t, it, func() bool { return it.SeekGE(nil) }); !slices.Equal(got, want) {
				t.Fatalf("prefix %x: SeekGE(nil) got %d keys, want %d", p, len(got), len(want))
			}
			if len(want) > 1 {
				mid := want[len(want)/2]
				if got := collect(t, it, func() bool { return it.SeekGE([]byte(mid)) }); !slices.Equal(got, want[len(want)/2:]) {
					t.Fatalf("prefix %x: SeekGE(mid) got %d keys", p, len(got))
				}
			}
			if it.SeekGE(PrefixEnd(p)) || it.Valid() {
				t.Fatalf("prefix %x: SeekGE past the prefix is valid", p)
			}
			if err := it.Close(); err != nil {
				t.Fatal(err)
			}
		}
		for range 50 {
			lo, hi := all[rng.IntN(len(all))], all[rng.IntN(len(all))]
			if lo > hi {
				lo, hi = hi, lo
			}
			var want []string
			for _, k := range all {
				if k >= lo && k < hi {
					want = append(want, k)
				}
			}
			it, err := e.NewIter(IterOptions{LowerBound: []byte(lo), UpperBound: []byte(hi)})
			if err != nil {
				t.Fatal(err)
			}
			if got := collect(t, it, it.First); !slices.Equal(got, want) {
				t.Fatalf("bounds [%x, %x): got %d keys, want %d", lo, hi, len(got), len(want))
			}
			it.Close()
		}
		if _, err := e.NewIter(IterOptions{Prefix: []byte("a"), UpperBound: []byte("b")}); err == nil {
			t.Error("prefix with bounds accepted")
		}
	}
}

func TestBatchAtomicity(t *testing.T) {
	e := openMem(t, Options{})
	e.Put([]byte("k0"), []byte("old"))
	e.Put([]byte("k5"), []byte("old"))
	b := e.NewBatch()
	for i := range 5 {
		if err := b.Put(fmt.Appendf(nil, "k%d", i), []byte("new")); err != nil {
			t.Fatal(err)
		}
	}
	b.Delete([]byte("k5"))
	b.DeleteRange([]byte("k3"), []byte("k4"))
	if b.Count() != 7 || b.Len() == 0 {
		t.Errorf("Count = %d, Len = %d", b.Count(), b.Len())
	}
	if got := mustGet(t, e, "k0"); got != "old" {
		t.Errorf("uncommitted write visible: %q", got)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, e, "k0"); got != "new" {
		t.Errorf("k0 = %q", got)
	}
	wantMissing(t, e, "k3")
	wantMissing(t, e, "k5")
	if got := mustGet(t, e, "k4"); got != "new" {
		t.Errorf("k4 = %q", got)
	}
	b.Reset()
	if b.Count() != 0 {
		t.Errorf("Count after Reset = %d", b.Count())
	}
	b.Put([]byte("k9"), []byte("again"))
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, e, "k9"); got != "again" {
		t.Errorf("reused batch: k9 = %q", got)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Put([]byte("x"), nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close: %v", err)
	}
	if err := b.Commit(); !errors.Is(err, ErrClosed) {
		t.Errorf("Commit after Close: %v", err)
	}
}

func TestSnapshotIsolation(t *testing.T) {
	e := openMem(t, Options{})
	e.Put([]byte("a"), []byte("1"))
	s := e.NewSnapshot()
	e.Put([]byte("a"), []byte("2"))
	e.Put([]byte("b"), []byte("2"))
	e.Flush()
	if got := mustGet(t, s, "a"); got != "1" {
		t.Errorf("snapshot sees a = %q", got)
	}
	wantMissing(t, s, "b")
	it, err := s.NewIter(IterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, it, it.First); !slices.Equal(got, []string{"a"}) {
		t.Errorf("snapshot iterates %q", got)
	}
	it.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get([]byte("a")); !errors.Is(err, ErrClosed) {
		t.Errorf("Get on a closed snapshot: %v", err)
	}
	if err := s.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
}

func TestCheckpointReopen(t *testing.T) {
	run := func(t *testing.T, e *Pebble, dir string) {
		for i := range 100 {
			e.Put(fmt.Appendf(nil, "a%03d", i), []byte("x"))
			e.Put(fmt.Appendf(nil, "b%03d", i), []byte("y"))
		}
		full, part := filepath.Join(dir, "full"), filepath.Join(dir, "part")
		if err := e.Checkpoint(full); err != nil {
			t.Fatal(err)
		}
		if err := e.Checkpoint(part, Span{Start: []byte("b"), End: []byte("c")}); err != nil {
			t.Fatal(err)
		}
		if err := e.Checkpoint(full); err == nil {
			t.Error("checkpoint over an existing directory accepted")
		}
		e.Put([]byte("a000"), []byte("changed"))

		c, err := e.OpenCheckpoint(full, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustGet(t, c, "a000"); got != "x" {
			t.Errorf("checkpoint a000 = %q", got)
		}
		if got := mustGet(t, c, "b099"); got != "y" {
			t.Errorf("checkpoint b099 = %q", got)
		}
		c.Close()
		p, err := e.OpenCheckpoint(part, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustGet(t, p, "b050"); got != "y" {
			t.Errorf("span checkpoint b050 = %q", got)
		}
		p.Close()
	}
	t.Run("mem", func(t *testing.T) { run(t, openMem(t, Options{}), "/ckpt") })
	t.Run("disk", func(t *testing.T) {
		dir := t.TempDir()
		e, err := Open(filepath.Join(dir, "db"), Options{Sync: true})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		run(t, e, dir)
	})
}

func TestReopenKeepsDataAndChecksExtractor(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	c, _ := NewKeyCodec(VIDInt64, 8)
	e, err := Open(dir, Options{Prefix: c.PrefixExtractor()})
	if err != nil {
		t.Fatal(err)
	}
	e.Put([]byte("k"), []byte("v"))
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
	other, _ := NewKeyCodec(VIDFixedString, 16)
	if e, err := Open(dir, Options{Prefix: other.PrefixExtractor()}); err == nil {
		e.Close()
		t.Fatal("reopened with another prefix extractor")
	}
	e, err = Open(dir, Options{Prefix: c.PrefixExtractor()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if got := mustGet(t, e, "k"); got != "v" {
		t.Errorf("after reopen k = %q", got)
	}
}

func TestIngest(t *testing.T) {
	e := openMem(t, Options{})
	e.Put([]byte("k1"), []byte("old"))
	e.Put([]byte("k2"), []byte("old"))
	w, err := e.NewSSTWriter("/ingest-1.sst")
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"k1", "sst"}, {"k3", "sst"}, {"k4", "sst"}} {
		if err := w.Put([]byte(kv[0]), []byte(kv[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Delete([]byte("k5")); err != nil {
		t.Fatal(err)
	}
	if err := w.Put([]byte("k0"), nil); err == nil {
		t.Error("out-of-order key accepted")
	}
	if w.Count() != 4 {
		t.Errorf("Count = %d", w.Count())
	}
	if err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := e.Ingest([]string{"/ingest-1.sst"}); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"k1": "sst", "k2": "old", "k3": "sst", "k4": "sst"} {
		if got := mustGet(t, e, k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if err := e.Ingest([]string{"/missing.sst"}); err == nil {
		t.Error("ingest of a missing file succeeded")
	}
}

func TestFlushCompactSizeStats(t *testing.T) {
	e := openMem(t, Options{})
	if n, err := e.ApproximateSize(nil, nil); err != nil || n != 0 {
		t.Errorf("empty size = %d, %v", n, err)
	}
	if err := e.Compact(nil, nil); err != nil {
		t.Errorf("compact of an empty store: %v", err)
	}
	val := bytes.Repeat([]byte("v"), 100)
	for round := range 3 {
		b := e.NewBatch()
		for i := range 2000 {
			b.Put(fmt.Appendf(nil, "key%06d", i*3+round), val)
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		b.Close()
		if err := e.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	st := e.Stats()
	if st.FlushCount < 3 || st.DiskUsage == 0 || st.LiveSSTSize == 0 {
		t.Errorf("after 3 flushes: %+v", st)
	}
	if err := e.Compact(nil, nil); err != nil {
		t.Fatal(err)
	}
	st = e.Stats()
	if st.L0Files != 0 || st.CompactionCount == 0 || st.LiveSSTSize == 0 {
		t.Errorf("after compaction: %+v", st)
	}
	n, err := e.ApproximateSize([]byte("key"), []byte("kez"))
	if err != nil || n == 0 {
		t.Errorf("size = %d, %v", n, err)
	}
	if e.Metrics() == "" {
		t.Error("empty metrics report")
	}
	if err := e.Compact([]byte("b"), []byte("a")); err != nil {
		t.Errorf("compact of an empty range: %v", err)
	}
}

func TestClosedEngine(t *testing.T) {
	e, err := OpenMem(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := e.NewSnapshot()
	s.Close()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	k := []byte("k")
	checks := map[string]error{
		"get":      func() error { _, err := e.Get(k); return err }(),
		"view":     e.View(k, func([]byte) error { return nil }),
		"multiget": func() error { _, err := e.MultiGet([][]byte{k}); return err }(),
		"iter":     func() error { _, err := e.NewIter(IterOptions{}); return err }(),
		"put":      e.Put(k, k),
		"delete":   e.Delete(k),
		"range":    e.DeleteRange(k, k),
		"ckpt":     e.Checkpoint("/x"),
		"sst":      func() error { _, err := e.NewSSTWriter("/x.sst"); return err }(),
		"ingest":   e.Ingest(nil),
		"flush":    e.Flush(),
		"compact":  e.Compact(nil, nil),
		"size":     func() error { _, err := e.ApproximateSize(nil, nil); return err }(),
	}
	for name, err := range checks {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
	if st := e.Stats(); st != (Stats{}) {
		t.Errorf("Stats after Close = %+v", st)
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := Options{Compression: [NumLevels]Compression{CompressionSnappy}}.withDefaults()
	if o.Compression[0] != CompressionSnappy || o.Compression[1] != CompressionNone || o.Compression[6] != CompressionSnappy ||
		o.Compression[3] != CompressionSnappy {
		t.Errorf("compression = %v", o.Compression)
	}
	if o.MemTableSize != 64<<20 || o.BloomBitsPerKey != 10 || o.BlockCacheSize != 256<<20 {
		t.Errorf("defaults = %+v", o)
	}
	for _, s := range []string{"none", "snappy"} {
		c, err := ParseCompression(s)
		if err != nil || c.String() != s {
			t.Errorf("ParseCompression(%q) = %v, %v", s, c, err)
		}
	}
	for _, s := range []string{"lz4", "zstd"} {
		if _, err := ParseCompression(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
	// A shared cache and disabled filters still open.
	cache := NewCache(1 << 20)
	defer cache.Release()
	e := openMem(t, Options{Cache: cache, BloomBitsPerKey: -1, DisableWAL: true})
	if err := e.Put([]byte("a"), []byte("b")); err != nil {
		t.Fatal(err)
	}
}

// TestRowsStayInLine guards formatVersion: the tags of a vertex and its
// edges of one type share a bloom prefix, and newer pebble formats would
// move all but the first of their rows to out-of-line value blocks.
func TestRowsStayInLine(t *testing.T) {
	c, _ := NewKeyCodec(VIDInt64, 8)
	e := openMem(t, Options{Prefix: c.PrefixExtractor()})
	b := e.NewBatch()
	row := bytes.Repeat([]byte("r"), 40)
	for v := range int64(2000) {
		vid := appendInt64(nil, v)
		for tag := range int32(3) {
			b.Put(c.AppendTagKey(nil, 1, vid, tag), row)
		}
		for rank := range int64(5) {
			b.Put(c.AppendEdgeKey(nil, 1, vid, 1, rank, vid), row)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := e.Compact(nil, nil); err != nil {
		t.Fatal(err)
	}
	w, err := e.NewSSTWriter("/inline.sst")
	if err != nil {
		t.Fatal(err)
	}
	for rank := range int64(50) {
		w.Put(c.AppendEdgeKey(nil, 2, appendInt64(nil, 1), 1, rank, appendInt64(nil, 2)), row)
	}
	if err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := e.Ingest([]string{"/inline.sst"}); err != nil {
		t.Fatal(err)
	}
	m := e.db.Metrics()
	for i, l := range m.Levels {
		if l.Additional.ValueBlocksSize != 0 {
			t.Errorf("L%d holds %d bytes of value blocks", i, l.Additional.ValueBlocksSize)
		}
	}
}

// TestBulkBatch checks a BulkBatch against writing the same operations one
// by one: same final contents, later writes win, commits happen at the
// limit and on Flush, and Close drops what is buffered.
func TestBulkBatch(t *testing.T) {
	bulk := openMem(t, Options{})
	naive := openMem(t, Options{})
	bb := NewBulkBatch(bulk, 4<<10)
	rng := rand.New(rand.NewPCG(9, 10))
	for i := range 3000 {
		// Short and long keys sharing 16-byte heads exercise every tie-break.
		k := fmt.Appendf(nil, "key-%03d", rng.IntN(300))
		if rng.IntN(3) == 0 {
			k = append(bytes.Repeat([]byte{'p'}, 16), k...)
		}
		if rng.IntN(5) == 0 {
			bb.Delete(k)
			naive.Delete(k)
			continue
		}
		v := fmt.Appendf(nil, "v%d", i)
		if err := bb.Put(k, v); err != nil {
			t.Fatal(err)
		}
		naive.Put(k, v)
	}
	if bb.Count() == 0 {
		t.Fatal("nothing left to flush: the test does not cover Flush")
	}
	if err := bb.Flush(); err != nil {
		t.Fatal(err)
	}
	if bb.Count() != 0 {
		t.Errorf("Count after Flush = %d", bb.Count())
	}
	dump := func(e Engine) []string {
		it, err := e.NewIter(IterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer it.Close()
		var out []string
		for ok := it.First(); ok; ok = it.Next() {
			out = append(out, string(it.Key())+"="+string(it.Value()))
		}
		return out
	}
	if got, want := dump(bulk), dump(naive); !slices.Equal(got, want) {
		t.Fatalf("bulk batch store has %d keys, one-by-one store %d (or values differ)", len(got), len(want))
	}
	bb.Put([]byte("unflushed"), []byte("x"))
	if err := bb.Close(); err != nil {
		t.Fatal(err)
	}
	wantMissing(t, bulk, "unflushed")
	if NewBulkBatch(bulk, 0).limit != (Options{}).BulkBatchBytes() {
		t.Error("default limit is not BulkBatchBytes")
	}
}
