package kvstore

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/novagraph/novagraph/pkg/value"
)

// Benchmarks of the engine + codecs against bare Pebble on the same store.
// The read benchmarks share one dataset (vertices × avg degree, INT64 vids)
// built on first use in the benchmark process and removed at exit; nothing
// here runs without -bench. Compare engine/bare pairs within one run:
//
//	go test ./pkg/kvstore -run '^$' -bench . -count 6 -timeout 2h | tee bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest bench.txt
var (
	benchVertices  = flag.Int("kvbench.vertices", 1_000_000, "vertices of the read benchmarks' dataset")
	benchDegree    = flag.Int("kvbench.degree", 10, "average out-degree of the dataset")
	benchLoadEdges = flag.Int("kvbench.loadedges", 10_000_000, "edges written by BenchmarkBulkLoad")
	benchDir       = flag.String("kvbench.dir", "", "directory for benchmark stores (default: the temp dir)")
	benchBatch     = flag.Int("kvbench.batch", 1000, "edges per batch of BenchmarkBulkLoad/batch=N")
	benchVerbose   = flag.Bool("kvbench.v", false, "print engine metrics after each bulk load")
)

const (
	benchParts = 100
	benchTag   = int32(1)
	benchEdge  = int32(1)
)

// benchSchemas are the tag and edge schemas of the dataset.
type benchSchemas struct {
	tag, edge *Schema
	codec     KeyCodec
}

func newBenchSchemas(tb testing.TB) benchSchemas {
	codec, err := NewKeyCodec(VIDInt64, 8)
	if err != nil {
		tb.Fatal(err)
	}
	return benchSchemas{
		codec: codec,
		tag: mustSchema(tb, 0, []Column{
			{Name: "name", Type: TypeString},
			{Name: "age", Type: TypeInt64},
			{Name: "score", Type: TypeDouble, Nullable: true},
			{Name: "active", Type: TypeBool},
		}, TTL{}),
		edge: mustSchema(tb, 0, []Column{
			{Name: "weight", Type: TypeDouble},
			{Name: "since", Type: TypeTimestamp},
		}, TTL{}),
	}
}

// loader writes vertices and edges through the codecs into a sink.
type loader struct {
	s     benchSchemas
	sink  loadSink
	edges int
	key   []byte
	row   []byte
	src   []byte
	dst   []byte
	vals  []value.Value
}

// loadSink is where a loader writes: put buffers a write, edgeDone is
// called after each edge and flush at the end.
type loadSink struct {
	put      func(key, value []byte) error
	edgeDone func() error
	flush    func() error
	close    func() error
}

// batchSink commits a plain Batch every maxEdges edges, or once it holds
// maxBytes when that is set.
func batchSink(e Engine, maxEdges, maxBytes int) loadSink {
	b := e.NewBatch()
	edges := 0
	commit := func() error {
		if b.Count() == 0 {
			return nil
		}
		err := b.Commit()
		b.Reset()
		return err
	}
	return loadSink{
		put: b.Put,
		edgeDone: func() error {
			edges++
			if maxBytes > 0 && b.Len() >= maxBytes || maxBytes == 0 && edges%maxEdges == 0 {
				return commit()
			}
			return nil
		},
		flush: commit,
		close: b.Close,
	}
}

// bulkSink writes through a BulkBatch.
func bulkSink(e Engine) loadSink {
	bb := NewBulkBatch(e, 0)
	return loadSink{put: bb.Put, edgeDone: func() error { return nil }, flush: bb.Flush, close: bb.Close}
}

func (l *loader) vertex(tb testing.TB, v int64) {
	l.src = appendInt64(l.src[:0], v)
	l.key = l.s.codec.AppendTagKey(l.key[:0], PartOfInt(v, benchParts), l.src, benchTag)
	l.vals = append(l.vals[:0], value.NewString(fmt.Sprintf("player%d", v)), value.NewInt(v%100),
		value.NewFloat(float64(v)/7), value.NewBool(v%2 == 0))
	var err error
	if l.row, err = l.s.tag.EncodeRow(l.row[:0], l.vals); err != nil {
		tb.Fatal(err)
	}
	if err := l.sink.put(l.key, l.row); err != nil {
		tb.Fatal(err)
	}
}

// edge writes the out-key in src's part and the in-key in dst's part.
func (l *loader) edge(tb testing.TB, src, dst, rank int64) {
	l.vals = append(l.vals[:0], value.NewFloat(float64(rank)/3), value.NewInt(1_600_000_000+rank))
	var err error
	if l.row, err = l.s.edge.EncodeRow(l.row[:0], l.vals); err != nil {
		tb.Fatal(err)
	}
	l.src, l.dst = appendInt64(l.src[:0], src), appendInt64(l.dst[:0], dst)
	l.key = l.s.codec.AppendEdgeKey(l.key[:0], PartOfInt(src, benchParts), l.src, benchEdge, rank, l.dst)
	if err := l.sink.put(l.key, l.row); err != nil {
		tb.Fatal(err)
	}
	l.key = l.s.codec.AppendEdgeKey(l.key[:0], PartOfInt(dst, benchParts), l.dst, -benchEdge, rank, l.src)
	if err := l.sink.put(l.key, l.row); err != nil {
		tb.Fatal(err)
	}
	l.edges++
	if err := l.sink.edgeDone(); err != nil {
		tb.Fatal(err)
	}
}

func (l *loader) commit(tb testing.TB) {
	if err := l.sink.flush(); err != nil {
		tb.Fatal(err)
	}
}

// benchData is the shared read dataset.
type benchData struct {
	dir    string
	e      *Pebble
	s      benchSchemas
	vids   []int64 // vertices to visit, in random order
	edges  int
	loaded time.Duration
}

var (
	benchOnce sync.Once
	benchDS   *benchData
	benchErr  error
)

func getBenchData(b *testing.B) *benchData {
	b.Helper()
	benchOnce.Do(func() {
		benchDS, benchErr = buildBenchData(b)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDS
}

func closeBenchData() {
	if benchDS != nil {
		benchDS.e.Close()
		os.RemoveAll(benchDS.dir)
	}
}

func buildBenchData(b *testing.B) (*benchData, error) {
	dir, err := os.MkdirTemp(*benchDir, "kvbench-read-*")
	if err != nil {
		return nil, err
	}
	s := newBenchSchemas(b)
	e, err := Open(dir, Options{Prefix: s.codec.PrefixExtractor()})
	if err != nil {
		return nil, err
	}
	d := &benchData{dir: dir, e: e, s: s}
	start := time.Now()
	rng := rand.New(rand.NewPCG(1, 1))
	l := &loader{s: s, sink: bulkSink(e)}
	defer l.sink.close()
	n := int64(*benchVertices)
	for v := range n {
		l.vertex(b, v)
		for j := range rng.IntN(2**benchDegree + 1) {
			l.edge(b, v, rng.Int64N(n), int64(j))
		}
	}
	l.commit(b)
	if err := e.Flush(); err != nil {
		return nil, err
	}
	d.edges, d.loaded = l.edges, time.Since(start)
	// Settle the LSM so that background compactions do not skew the
	// measurements that follow.
	if err := e.Compact(nil, nil); err != nil {
		return nil, err
	}
	d.vids = make([]int64, 1<<16)
	for i := range d.vids {
		d.vids[i] = rng.Int64N(n)
	}
	st := e.Stats()
	fmt.Fprintf(os.Stderr, "kvbench: dataset of %d vertices, %d edges loaded in %v (%.0f edges/s), settled in %v; %d MiB on disk, levels %v\n",
		n, d.edges, d.loaded.Round(time.Millisecond), float64(d.edges)/d.loaded.Seconds(),
		(time.Since(start) - d.loaded).Round(time.Millisecond), st.DiskUsage>>20, st.LevelFiles)
	return d, nil
}

// bareEdgePrefix builds edge · part · src · type by hand, as a user of bare
// Pebble would.
func bareEdgePrefix(dst []byte, src int64, typ int32) []byte {
	part := uint32(uint64(src)%benchParts) + 1
	dst = append(dst, byte(KeyEdge), byte(part>>16), byte(part>>8), byte(part))
	dst = binary.BigEndian.AppendUint64(dst, uint64(src)^1<<63)
	return binary.BigEndian.AppendUint32(dst, uint32(typ)^1<<31)
}

func bareTagKey(dst []byte, vid int64, tag int32) []byte {
	part := uint32(uint64(vid)%benchParts) + 1
	dst = append(dst, byte(KeyTag), byte(part>>16), byte(part>>8), byte(part))
	dst = binary.BigEndian.AppendUint64(dst, uint64(vid)^1<<63)
	return binary.BigEndian.AppendUint32(dst, uint32(tag)^1<<31)
}

var sink int64

// BenchmarkExpand expands one random vertex's out-edges of one type: the
// engine + codec path (prefix iterator, every key decoded to dst vid and
// rank) against a bare Pebble bounded scan touching the same keys.
//
// The "paired" sub-benchmarks run both on the same vertex in each
// iteration, alternating which goes first, and report their ratio: other
// processes on the machine then slow both sides alike. "paired-seekprefix"
// positions the bare scan with SeekPrefixGE as the engine does;
// "paired-prop" also decodes one property of every edge on the engine side.
func BenchmarkExpand(b *testing.B) {
	d := getBenchData(b)
	var prefix, src []byte
	engine := func(b *testing.B, v int64) int {
		src = appendInt64(src[:0], v)
		prefix = d.s.codec.AppendEdgeTypePrefix(prefix[:0], d.s.codec.PartOf(src, benchParts), src, benchEdge)
		it, err := d.e.NewIter(IterOptions{Prefix: prefix})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for ok := it.First(); ok; ok = it.Next() {
			k, err := d.s.codec.ParseEdgeKey(it.Key())
			if err != nil {
				b.Fatal(err)
			}
			dst, err := d.s.codec.VIDValue(k.Dst)
			if err != nil {
				b.Fatal(err)
			}
			sink += dst.Int() + k.Rank
			n++
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
		return n
	}
	// The engine path again, also decoding one property of every edge.
	weight := d.s.edge.Index("weight")
	engineProp := func(b *testing.B, v int64) int {
		src = appendInt64(src[:0], v)
		prefix = d.s.codec.AppendEdgeTypePrefix(prefix[:0], d.s.codec.PartOf(src, benchParts), src, benchEdge)
		it, err := d.e.NewIter(IterOptions{Prefix: prefix})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for ok := it.First(); ok; ok = it.Next() {
			k, err := d.s.codec.ParseEdgeKey(it.Key())
			if err != nil {
				b.Fatal(err)
			}
			dst, err := d.s.codec.VIDValue(k.Dst)
			if err != nil {
				b.Fatal(err)
			}
			r, err := NewRowReader(d.s.edge, it.Value())
			if err != nil {
				b.Fatal(err)
			}
			w, err := r.Value(weight)
			if err != nil {
				b.Fatal(err)
			}
			sink += dst.Int() + k.Rank + int64(w.Float())
			n++
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
		return n
	}
	bare := func(b *testing.B, v int64) int {
		prefix = bareEdgePrefix(prefix[:0], v, benchEdge)
		it, err := d.e.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: PrefixEnd(prefix)})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for it.First(); it.Valid(); it.Next() {
			sink += int64(len(it.Key()) + len(it.Value()))
			n++
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
		return n
	}
	// The same bare scan positioned with SeekPrefixGE, which the engine's
	// comparer (with the graph prefix extractor) makes available: it
	// separates the engine's overhead from the gain of prefix seeking.
	barePrefix := func(b *testing.B, v int64) int {
		prefix = bareEdgePrefix(prefix[:0], v, benchEdge)
		it, err := d.e.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: PrefixEnd(prefix)})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for it.SeekPrefixGE(prefix); it.Valid(); it.Next() {
			sink += int64(len(it.Key()) + len(it.Value()))
			n++
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
		return n
	}
	b.Run("engine+codec", func(b *testing.B) { single(b, d.vids, engine, "edges/op") })
	b.Run("bare-pebble", func(b *testing.B) { single(b, d.vids, bare, "edges/op") })
	b.Run("paired", func(b *testing.B) { paired(b, d.vids, engine, bare) })
	b.Run("paired-seekprefix", func(b *testing.B) { paired(b, d.vids, engine, barePrefix) })
	b.Run("paired-prop", func(b *testing.B) { paired(b, d.vids, engineProp, bare) })
}

// BenchmarkPointRead reads one property of one random vertex's tag: the
// engine + codec path (key builder, View, RowReader of one int column)
// against a bare Pebble Get of the same key; "paired" as in BenchmarkExpand.
func BenchmarkPointRead(b *testing.B) {
	d := getBenchData(b)
	age := d.s.tag.Index("age")
	var key, vid []byte
	read := func(row []byte) error {
		r, err := NewRowReader(d.s.tag, row)
		if err != nil {
			return err
		}
		v, err := r.Value(age)
		sink += v.Int()
		return err
	}
	engine := func(b *testing.B, v int64) int {
		vid = appendInt64(vid[:0], v)
		key = d.s.codec.AppendTagKey(key[:0], d.s.codec.PartOf(vid, benchParts), vid, benchTag)
		if err := d.e.View(key, read); err != nil {
			b.Fatal(err)
		}
		return 1
	}
	bare := func(b *testing.B, v int64) int {
		key = bareTagKey(key[:0], v, benchTag)
		val, closer, err := d.e.db.Get(key)
		if err != nil {
			b.Fatal(err)
		}
		sink += int64(len(val))
		closer.Close()
		return 1
	}
	b.Run("engine+codec", func(b *testing.B) { single(b, d.vids, engine, "") })
	b.Run("bare-pebble", func(b *testing.B) { single(b, d.vids, bare, "") })
	b.Run("paired", func(b *testing.B) { paired(b, d.vids, engine, bare) })
}

// single times op over the random vertices; unit, when set, names the
// reported average of op's results.
func single(b *testing.B, vids []int64, op func(*testing.B, int64) int, unit string) {
	total := 0
	b.ResetTimer()
	for i := range b.N {
		total += op(b, vids[i%len(vids)])
	}
	if unit != "" {
		b.ReportMetric(float64(total)/float64(b.N), unit)
	}
}

// paired times engine and bare on the same vertex in every iteration,
// alternating their order, and reports each one's ns/op and their ratio.
func paired(b *testing.B, vids []int64, engine, bare func(*testing.B, int64) int) {
	var te, tb time.Duration
	b.ResetTimer()
	for i := range b.N {
		v := vids[i%len(vids)]
		if i%2 == 0 {
			t0 := time.Now()
			ne := engine(b, v)
			t1 := time.Now()
			nb := bare(b, v)
			te, tb = te+t1.Sub(t0), tb+time.Since(t1)
			if ne != nb {
				b.Fatalf("vertex %d: engine saw %d keys, bare pebble %d", v, ne, nb)
			}
		} else {
			t0 := time.Now()
			bare(b, v)
			t1 := time.Now()
			engine(b, v)
			tb, te = tb+t1.Sub(t0), te+time.Since(t1)
		}
	}
	b.ReportMetric(float64(te.Nanoseconds())/float64(b.N), "engine-ns/op")
	b.ReportMetric(float64(tb.Nanoseconds())/float64(b.N), "bare-ns/op")
	b.ReportMetric(float64(te)/float64(tb), "engine/bare")
}

// BenchmarkBulkLoad writes -kvbench.loadedges edges (each as its out-key and
// in-key with an encoded row) into a fresh on-disk engine with default
// options and reports the sustained rate, measured until the last batch is
// committed and the memtable flushed: in wall-clock time (edges/s), per
// second of the process's CPU time (edges/cpu-s, which other processes on
// the machine disturb less), and the compaction debt left behind (MB-debt).
//
// "bulk-batch" writes through a BulkBatch, the way a bulk loader should;
// "batch-bytes" commits plain Batches of Options.BulkBatchBytes (pebble
// sorts them itself); "batch=N" commits every N edges (-kvbench.batch), the
// shape of small transactional writes.
func BenchmarkBulkLoad(b *testing.B) {
	b.Run("bulk-batch", func(b *testing.B) { bulkLoad(b, bulkSink) })
	b.Run("batch-bytes", func(b *testing.B) {
		bulkLoad(b, func(e Engine) loadSink { return batchSink(e, 0, Options{}.BulkBatchBytes()) })
	})
	b.Run(fmt.Sprintf("batch=%d", *benchBatch), func(b *testing.B) {
		bulkLoad(b, func(e Engine) loadSink { return batchSink(e, *benchBatch, 0) })
	})
}

func bulkLoad(b *testing.B, newSink func(Engine) loadSink) {
	s := newBenchSchemas(b)
	n := int64(*benchLoadEdges)
	vertices := max(n/int64(*benchDegree), 1)
	var wall, cpu time.Duration
	var debt uint64
	for range b.N {
		b.StopTimer()
		dir, err := os.MkdirTemp(*benchDir, "kvbench-load-*")
		if err != nil {
			b.Fatal(err)
		}
		e, err := Open(dir, Options{Prefix: s.codec.PrefixExtractor()})
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(2, 2))
		l := &loader{s: s, sink: newSink(e)}
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		for i := range n {
			l.edge(b, rng.Int64N(vertices), rng.Int64N(vertices), i)
		}
		l.commit(b)
		if err := e.Flush(); err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		debt += e.Stats().CompactionDebt
		if *benchVerbose {
			fmt.Fprintf(os.Stderr, "%s\n", e.Metrics())
		}
		l.sink.close()
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/wall.Seconds(), "edges/s")
	b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "edges/cpu-s")
	b.ReportMetric(float64(debt>>20)/float64(b.N), "MB-debt")
}

// cpuTime returns the user plus system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
