package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// An sstable load (RunSST) skips INSERT: it reads metad's schema, encodes
// every row into the key-values storaged would write (storage.Encoder),
// sorts them per part into sstables under a work directory, serves that
// directory over HTTP, and has the cluster take them with SUBMIT JOB
// DOWNLOAD and SUBMIT JOB INGEST, as NebulaGraph's Exchange SST mode does.
// It is for initial loads: ingested data bypasses raft (every replica
// ingests the same files) and rows replacing existing ones leave the old
// rows' index entries behind. It is all or nothing, so it has no
// checkpoint: an interrupted load is simply run again.
//
// Rows are read in generations of SSTOptions.GenerationRows: each
// generation's key-values are sorted in memory and written as one
// sstable per part, so memory stays bounded at any scale; a key written
// twice keeps its last row, across generations too (later files are
// ingested later).

// SSTOptions tune an sstable load. Zero values take the defaults in
// brackets.
type SSTOptions struct {
	// MetaAddrs are metad's addresses, for the schema.
	MetaAddrs []string
	// Dir is the work directory for the sstables; empty uses a temporary
	// directory removed at the end.
	Dir string
	// Listen is the address the work directory is served at [127.0.0.1:0];
	// URL is what the storaged download from [http://<Listen's address>].
	Listen, URL string
	// Workers are the goroutines converting and encoding rows [GOMAXPROCS].
	Workers int
	// GenerationRows bounds the rows encoded in memory at once [2,000,000].
	GenerationRows int
	// BadRows is the bad-row report's path; empty discards it.
	BadRows string
	// Progress receives the status line every ProgressInterval [1s]; Log
	// the phases.
	Progress         io.Writer
	ProgressInterval time.Duration
	Log              io.Writer
	// JobTimeout bounds each of the DOWNLOAD and INGEST jobs [30m].
	JobTimeout time.Duration
}

func (o SSTOptions) withDefaults() SSTOptions {
	if o.Listen == "" {
		o.Listen = "127.0.0.1:0"
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.GenerationRows <= 0 {
		o.GenerationRows = 2_000_000
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = time.Second
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = 30 * time.Minute
	}
	return o
}

// RunSST is Setup followed by an sstable load of cfg's files.
func RunSST(ctx context.Context, t Target, cfg *mapping.Config, so SetupOptions, o SSTOptions) (*Stats, error) {
	o = o.withDefaults()
	start := time.Now()
	if _, err := Setup(ctx, t, cfg, so); err != nil {
		return nil, err
	}
	enc, err := schemaEncoder(ctx, o.MetaAddrs, cfg, so.Settle)
	if err != nil {
		return nil, err
	}
	dir := o.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "novagraph-sst-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	st, err := buildSSTs(ctx, cfg, enc, dir, o)
	if err != nil {
		return st, err
	}
	fmt.Fprintf(o.Log, "built sstables of %d rows in %s\n", st.Rows, time.Since(start).Round(time.Millisecond))
	err = ingestSSTs(ctx, t, cfg.Space.Name, dir, o)
	st.Elapsed = time.Since(start)
	if err != nil {
		st.Rows = 0 // encoded, but not in the cluster
	}
	return st, err
}

// schemaEncoder waits until metad's catalog holds the space and every tag
// and edge type the files write, and returns an encoder of its schemas.
func schemaEncoder(ctx context.Context, addrs []string, cfg *mapping.Config, settle time.Duration) (*storage.Encoder, error) {
	if len(addrs) == 0 {
		return nil, errors.New("an sstable load needs metad's address")
	}
	mc, err := meta.NewClient(meta.ClientOptions{Addrs: addrs})
	if err != nil {
		return nil, err
	}
	defer mc.Close()
	if settle <= 0 {
		settle = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, settle)
	defer cancel()
	for {
		err := mc.Refresh(ctx)
		if err == nil {
			err = schemaComplete(mc, cfg)
		}
		if err == nil {
			sp, _ := mc.SpaceByName(cfg.Space.Name)
			return storage.NewEncoder(&storage.MetaClient{Client: mc}, sp.ID)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("schema of space %s from metad: %w", cfg.Space.Name, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func schemaComplete(mc *meta.Client, cfg *mapping.Config) error {
	sp, err := mc.SpaceByName(cfg.Space.Name)
	if err != nil {
		return err
	}
	for _, f := range cfg.Files {
		if f.Vertex != nil {
			for _, tg := range f.Vertex.Tags {
				if _, err := mc.TagByName(sp.ID, tg.Name); err != nil {
					return fmt.Errorf("tag %s: %w", tg.Name, err)
				}
			}
		}
		if f.Edge != nil {
			if _, err := mc.EdgeByName(sp.ID, f.Edge.Name); err != nil {
				return fmt.Errorf("edge %s: %w", f.Edge.Name, err)
			}
		}
	}
	return nil
}

// sstRecord is one CSV row and where it came from.
type sstRecord struct {
	file int
	line int64
	rec  []string
}

// sstBuf holds encoded key-values of one part, back to back in data.
type sstBuf struct {
	data []byte
	ents []sstEnt
}

type sstEnt struct {
	seq        uint64 // row order, so that the last write of a key wins
	off        int
	klen, vlen int
}

func (b *sstBuf) add(seq uint64, key, val []byte) {
	b.ents = append(b.ents, sstEnt{seq: seq, off: len(b.data), klen: len(key), vlen: len(val)})
	b.data = append(b.data, key...)
	b.data = append(b.data, val...)
}

// sstLoad is the state of buildSSTs.
type sstLoad struct {
	cfg   *mapping.Config
	enc   *storage.Encoder
	codec kvstore.KeyCodec
	dir   string
	o     SSTOptions
	bad   *badRows
	prog  *progress
	// files lists the sstables written, "<part>/<name>", for the manifest.
	files []string
}

// buildSSTs encodes cfg's files into sstables under dir and writes the
// manifest.
func buildSSTs(ctx context.Context, cfg *mapping.Config, enc *storage.Encoder, dir string, o SSTOptions) (*Stats, error) {
	sp := enc.Space()
	codec, err := kvstore.NewKeyCodec(sp.VIDType, sp.VIDLen)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, f := range cfg.Files {
		fi, err := os.Stat(cfg.PathOf(f))
		if err != nil {
			return nil, fmt.Errorf("data file: %w", err)
		}
		total += fi.Size()
	}
	bad, err := newBadRows(o.BadRows)
	if err != nil {
		return nil, err
	}
	l := &sstLoad{cfg: cfg, enc: enc, codec: codec, dir: dir, o: o, bad: bad, prog: newProgress(o.Progress, total)}
	progDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); l.prog.run(progDone, o.ProgressInterval) }()
	err = l.run(ctx)
	close(progDone)
	wg.Wait()
	err = errors.Join(err, bad.close())
	st := &Stats{Rows: l.prog.rows.Load(), Bad: bad.count()}
	if err == nil {
		err = l.writeManifest()
	}
	return st, err
}

// run reads every file, one generation of rows after another.
func (l *sstLoad) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	records := make(chan []sstRecord, 2*l.o.Workers)
	readErr := make(chan error, 1)
	go func() {
		defer close(records)
		readErr <- l.read(ctx, records)
	}()
	gen := 0
	for more := true; more; gen++ {
		var err error
		more, err = l.generation(ctx, gen, records)
		if err != nil {
			// Stop the reader and wait for it.
			cancel()
			for range records {
			}
			<-readErr
			return err
		}
	}
	return <-readErr
}

// read sends the files' rows in chunks, with a nil chunk after every
// GenerationRows rows to end a generation.
func (l *sstLoad) read(ctx context.Context, out chan<- []sstRecord) error {
	const chunkRows = 1024
	n := 0
	send := func(c []sstRecord) error {
		select {
		case out <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for i, f := range l.cfg.Files {
		in, err := os.Open(l.cfg.PathOf(f))
		if err != nil {
			return fmt.Errorf("open data file: %w", err)
		}
		r := csv.NewReader(in)
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		if f.Delimiter != "" {
			r.Comma = []rune(f.Delimiter)[0]
		}
		l.prog.file.Store(f.Path)
		var chunk []sstRecord
		var line, done int64
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			line++
			if err != nil {
				var pe *csv.ParseError
				if !errors.As(err, &pe) {
					in.Close()
					return fmt.Errorf("read %s: %w", f.Path, err)
				}
				l.bad.add(f.Path, line, err, "")
				l.prog.bad.Add(1)
				continue
			}
			if line == 1 && f.WithHeader {
				continue
			}
			chunk = append(chunk, sstRecord{file: i, line: line, rec: rec})
			n++
			if len(chunk) == chunkRows || n == l.o.GenerationRows {
				if err := send(chunk); err != nil {
					in.Close()
					return err
				}
				chunk = nil
				off := r.InputOffset()
				l.prog.bytes.Add(off - done)
				done = off
			}
			if n == l.o.GenerationRows {
				n = 0
				if err := send(nil); err != nil {
					in.Close()
					return err
				}
			}
		}
		if len(chunk) > 0 {
			if err := send(chunk); err != nil {
				in.Close()
				return err
			}
		}
		l.prog.bytes.Add(r.InputOffset() - done)
		in.Close()
	}
	return nil
}

// generation encodes rows until a generation ends (more) or the input
// does, then writes one sstable per part.
func (l *sstLoad) generation(ctx context.Context, gen int, records <-chan []sstRecord) (more bool, err error) {
	bufs := make([]map[int32]*sstBuf, l.o.Workers)
	errs := make([]error, l.o.Workers)
	feed := make(chan []sstRecord)
	var wg sync.WaitGroup
	for w := range bufs {
		bufs[w] = map[int32]*sstBuf{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range feed {
				if errs[w] == nil {
					errs[w] = l.encode(c, bufs[w])
				}
			}
		}()
	}
	for c := range records {
		if c == nil {
			more = true
			break
		}
		feed <- c
	}
	close(feed)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	return more, l.writeGeneration(gen, bufs)
}

// encode converts and encodes a chunk into bufs; rows that do not convert
// go to the bad-row report.
func (l *sstLoad) encode(c []sstRecord, bufs map[int32]*sstBuf) error {
	var kvs []storage.KV
	good := 0
	for _, r := range c {
		f := l.cfg.Files[r.file]
		var err error
		kvs, err = l.row(kvs[:0], f, r.rec)
		if err != nil {
			comma := ','
			if f.Delimiter != "" {
				comma = []rune(f.Delimiter)[0]
			}
			l.bad.add(f.Path, r.line, err, joinRecord(r.rec, comma))
			l.prog.bad.Add(1)
			continue
		}
		seq := uint64(r.file)<<40 | uint64(r.line)
		for _, kv := range kvs {
			b := bufs[kv.Part]
			if b == nil {
				b = &sstBuf{}
				bufs[kv.Part] = b
			}
			b.add(seq, kv.Key, kv.Value)
		}
		good++
	}
	l.prog.rows.Add(int64(good))
	return nil
}

// row encodes one record of file f.
func (l *sstLoad) row(dst []storage.KV, f mapping.File, rec []string) ([]storage.KV, error) {
	props := func(ps []mapping.Prop) ([]string, []value.Value, error) {
		names := make([]string, len(ps))
		vals := make([]value.Value, len(ps))
		for i, p := range ps {
			cell, err := column(rec, p.Index)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p.Name, err)
			}
			if vals[i], err = cellValue(p.Type, cell); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p.Name, err)
			}
			names[i] = p.Name
		}
		return names, vals, nil
	}
	vid := func(v mapping.Vid) (value.Value, error) {
		cell, err := column(rec, v.Index)
		if err != nil {
			return value.Value{}, err
		}
		return vidValue(v, cell)
	}
	if f.Edge == nil {
		id, err := vid(f.Vertex.Vid)
		if err != nil {
			return dst, err
		}
		for _, tg := range f.Vertex.Tags {
			names, vals, err := props(tg.Props)
			if err != nil {
				return dst, err
			}
			if dst, err = l.enc.Vertex(dst, id, tg.Name, names, vals); err != nil {
				return dst, err
			}
		}
		return dst, nil
	}
	src, err := vid(f.Edge.SrcVID)
	if err != nil {
		return dst, fmt.Errorf("source: %w", err)
	}
	dv, err := vid(f.Edge.DstVID)
	if err != nil {
		return dst, fmt.Errorf("destination: %w", err)
	}
	var rank int64
	if f.Edge.Rank != nil {
		cell, err := column(rec, f.Edge.Rank.Index)
		if err != nil {
			return dst, fmt.Errorf("rank: %w", err)
		}
		if rank, err = strconv.ParseInt(strings.TrimSpace(cell), 10, 64); err != nil {
			return dst, fmt.Errorf("rank %q is not an integer", cell)
		}
	}
	names, vals, err := props(f.Edge.Props)
	if err != nil {
		return dst, err
	}
	return l.enc.Edge(dst, src, dv, f.Edge.Name, rank, names, vals)
}

// writeGeneration sorts each part's key-values and writes them as
// <dir>/<part>/<gen>.sst, parts in parallel.
func (l *sstLoad) writeGeneration(gen int, bufs []map[int32]*sstBuf) error {
	byPart := map[int32][]*sstBuf{}
	for _, m := range bufs {
		for p, b := range m {
			byPart[p] = append(byPart[p], b)
		}
	}
	parts := slices.Sorted(maps.Keys(byPart))
	names := make([]string, len(parts))
	errs := make([]error, len(parts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range l.o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				names[i], errs[i] = l.writePart(parts[i], gen, byPart[parts[i]])
			}
		}()
	}
	for i := range parts {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, n := range names {
		if n != "" {
			l.files = append(l.files, n)
		}
	}
	return nil
}

// writePart writes one part's sstable of a generation and returns its
// manifest name ("" when the part has nothing).
func (l *sstLoad) writePart(pid int32, gen int, bufs []*sstBuf) (string, error) {
	type ref struct {
		b *sstBuf
		e sstEnt
	}
	var all []ref
	for _, b := range bufs {
		for _, e := range b.ents {
			all = append(all, ref{b, e})
		}
	}
	if len(all) == 0 {
		return "", nil
	}
	key := func(r ref) []byte { return r.b.data[r.e.off : r.e.off+r.e.klen] }
	slices.SortFunc(all, func(a, b ref) int {
		if c := bytes.Compare(key(a), key(b)); c != 0 {
			return c
		}
		switch {
		case a.e.seq < b.e.seq:
			return -1
		case a.e.seq > b.e.seq:
			return 1
		}
		return 0
	})
	rel := filepath.Join(strconv.Itoa(int(pid)), fmt.Sprintf("%06d.sst", gen))
	path := filepath.Join(l.dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	w, err := kvstore.NewFileSSTWriter(path, l.codec, kvstore.Options{})
	if err != nil {
		return "", err
	}
	for i, r := range all {
		// The last write of a key wins: skip a key the next entry repeats.
		if i+1 < len(all) && bytes.Equal(key(r), key(all[i+1])) {
			continue
		}
		v := r.b.data[r.e.off+r.e.klen : r.e.off+r.e.klen+r.e.vlen]
		if err := w.Put(key(r), v); err != nil {
			w.Finish()
			return "", err
		}
	}
	if err := w.Finish(); err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}

// writeManifest lists the sstables for DOWNLOAD over http.
func (l *sstLoad) writeManifest() error {
	var b strings.Builder
	for _, f := range l.files {
		b.WriteString(f)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(l.dir, storage.ManifestName), []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}
