package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
)

// Executor runs one statement in the import's space. A *StatementError
// means the server refused the statement (possibly because of one row in
// it); any other error means the statement could not be run at all (the
// connection, the cluster) and stops the import. Implementations must be
// safe for concurrent use.
type Executor interface {
	Exec(ctx context.Context, stmt string) error
}

// StatementError is a statement the server answered with an error.
type StatementError struct {
	Code int
	Msg  string
}

func (e *StatementError) Error() string { return fmt.Sprintf("error %d: %s", e.Code, e.Msg) }

// Options tune a load. Zero values take the defaults in brackets.
type Options struct {
	Batch   int // rows per INSERT [128]
	Workers int // concurrent statements [8]
	// Parts is the space's partition count, to group rows per partition;
	// 0 does not group.
	Parts int
	// ChunkRows is the commit unit: rows read before the partial batches
	// are flushed [Batch × max(Parts, 4)].
	ChunkRows int
	// Checkpoint and BadRows are file paths; empty disables them.
	Checkpoint string
	BadRows    string
	// Progress receives the status line every ProgressInterval [1s].
	Progress         io.Writer
	ProgressInterval time.Duration
	// Retries of a failing statement [8], with a backoff starting at
	// RetryBackoff [100ms] and doubling up to 2 s.
	Retries      int
	RetryBackoff time.Duration
}

func (o Options) withDefaults() Options {
	if o.Batch <= 0 {
		o.Batch = 128
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.ChunkRows <= 0 {
		o.ChunkRows = o.Batch * max(o.Parts, 4)
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = time.Second
	}
	if o.Retries <= 0 {
		o.Retries = 8
	}
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 100 * time.Millisecond
	}
	return o
}

// Stats is what a load did.
type Stats struct {
	// Rows and Bad count this run's committed and reported rows (a resumed
	// run does not count the earlier run's).
	Rows, Bad  int64
	Statements int64
	Elapsed    time.Duration
	// Files is the final checkpoint state, per mapping file.
	Files []FileCheckpoint
}

// chunk is a run of consecutive rows of one file; it is committed once
// all its batches have run.
type chunk struct {
	file      int
	endOffset int64
	endLine   int64
	rows      int64 // rows handed to batches
	bytes     int64 // bytes of the file the chunk covers
	bad       int64 // rows reported bad by the reader
	last      bool  // the file's final chunk
	failed    atomic.Int64
	aborted   atomic.Bool
	wg        sync.WaitGroup
}

// batch is one INSERT: the statement head and the value tuples.
type batch struct {
	ch     *chunk
	path   string
	head   string
	tuples [][]byte
	lines  []int64
}

// Load imports cfg's files through exec.
func Load(ctx context.Context, cfg *mapping.Config, exec Executor, opts Options) (*Stats, error) {
	opts = opts.withDefaults()
	id, err := mappingID(cfg)
	if err != nil {
		return nil, err
	}
	cp, err := loadCheckpoint(opts.Checkpoint, id, len(cfg.Files))
	if err != nil {
		return nil, err
	}
	var total int64
	for i, f := range cfg.Files {
		cp.Files[i].Path = f.Path
		if cp.Files[i].Done {
			continue
		}
		st, err := os.Stat(cfg.PathOf(f))
		if err != nil {
			return nil, fmt.Errorf("data file: %w", err)
		}
		total += st.Size() - cp.Files[i].Offset
	}
	bad, err := newBadRows(opts.BadRows)
	if err != nil {
		return nil, err
	}
	l := &loader{cfg: cfg, exec: exec, opts: opts, cp: cp, bad: bad, prog: newProgress(opts.Progress, total),
		batches: make(chan *batch, 2*opts.Workers), sealed: make(chan *chunk, 64)}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	l.cancel = cancel

	start := time.Now()
	progDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); l.prog.run(progDone, opts.ProgressInterval) }()
	var workers sync.WaitGroup
	for i := 0; i < opts.Workers; i++ {
		workers.Add(1)
		go func() { defer workers.Done(); l.work(ctx) }()
	}
	commitErr := make(chan error, 1)
	go func() { commitErr <- l.commit() }()

	readErr := l.read(ctx)
	close(l.batches)
	close(l.sealed)
	workers.Wait()
	cerr := <-commitErr
	close(progDone)
	wg.Wait()
	err = errors.Join(readErr, cerr, context.Cause(ctx), bad.close())
	st := &Stats{Rows: l.prog.rows.Load(), Bad: bad.count(), Statements: l.stmts.Load(),
		Elapsed: time.Since(start), Files: cp.Files}
	return st, err
}

type loader struct {
	cfg     *mapping.Config
	exec    Executor
	opts    Options
	cp      *Checkpoint
	bad     *badRows
	prog    *progress
	cancel  context.CancelCauseFunc
	batches chan *batch
	sealed  chan *chunk
	stmts   atomic.Int64
}

// read turns every file into chunks of batches, in order.
func (l *loader) read(ctx context.Context) error {
	for i, f := range l.cfg.Files {
		if l.cp.Files[i].Done {
			continue
		}
		if err := l.readFile(ctx, i, f); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) readFile(ctx context.Context, idx int, f mapping.File) error {
	rf, err := newRowFormat(f, l.opts.Parts)
	if err != nil {
		return err
	}
	in, err := os.Open(l.cfg.PathOf(f))
	if err != nil {
		return fmt.Errorf("open data file: %w", err)
	}
	defer in.Close()
	base, line := l.cp.Files[idx].Offset, l.cp.Files[idx].Line
	if base > 0 {
		if _, err := in.Seek(base, io.SeekStart); err != nil {
			return fmt.Errorf("resume %s: %w", f.Path, err)
		}
	}
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.LazyQuotes = true
	if f.Delimiter != "" {
		r.Comma = []rune(f.Delimiter)[0]
	}
	l.prog.file.Store(f.Path)

	nb := max(l.opts.Parts, 1)
	buckets := make([]*batch, nb+1)
	ch := &chunk{file: idx}
	chunkStart := base
	emit := func(p int) error {
		b := buckets[p]
		if b == nil || len(b.tuples) == 0 {
			return nil
		}
		buckets[p] = nil
		ch.wg.Add(1)
		select {
		case l.batches <- b:
			return nil
		case <-ctx.Done():
			ch.wg.Done()
			return context.Cause(ctx)
		}
	}
	seal := func(end int64, last bool) error {
		for p := range buckets {
			if err := emit(p); err != nil {
				return err
			}
		}
		ch.endOffset, ch.endLine, ch.bytes, ch.last = end, line, end-chunkStart, last
		chunkStart = end
		l.sealed <- ch
		ch = &chunk{file: idx}
		return nil
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				ch.bad++
				l.bad.add(f.Path, line, err, "")
				l.prog.bad.Add(1)
				continue
			}
			return fmt.Errorf("read %s: %w", f.Path, err)
		}
		if line == 1 && f.WithHeader {
			continue
		}
		tuple, part, err := rf.render(nil, rec)
		if err != nil {
			ch.bad++
			l.bad.add(f.Path, line, err, joinRecord(rec, r.Comma))
			l.prog.bad.Add(1)
		} else {
			b := buckets[part]
			if b == nil {
				b = &batch{ch: ch, path: f.Path, head: rf.head}
				buckets[part] = b
			}
			b.tuples = append(b.tuples, tuple)
			b.lines = append(b.lines, line)
			ch.rows++
			if len(b.tuples) >= l.opts.Batch {
				if err := emit(int(part)); err != nil {
					return err
				}
			}
		}
		if ch.rows+ch.bad >= int64(l.opts.ChunkRows) {
			if err := seal(base+r.InputOffset(), false); err != nil {
				return err
			}
		}
	}
	return seal(base+r.InputOffset(), true)
}

// work runs batches until the channel closes.
func (l *loader) work(ctx context.Context) {
	for b := range l.batches {
		l.runBatch(ctx, b)
		b.ch.wg.Done()
	}
}

func (l *loader) runBatch(ctx context.Context, b *batch) {
	if ctx.Err() != nil {
		b.ch.aborted.Store(true)
		return
	}
	err := l.execRetry(ctx, statement(b.head, b.tuples))
	if err == nil {
		l.prog.rows.Add(int64(len(b.tuples)))
		return
	}
	var se *StatementError
	if !errors.As(err, &se) {
		b.ch.aborted.Store(true)
		l.cancel(fmt.Errorf("%s line %d: %w", b.path, b.lines[0], err))
		return
	}
	// The server refused the batch: find the rows it refuses one by one.
	for i, t := range b.tuples {
		err := l.execRetry(ctx, statement(b.head, b.tuples[i:i+1]))
		switch {
		case err == nil:
			l.prog.rows.Add(1)
		case errors.As(err, &se):
			l.bad.add(b.path, b.lines[i], err, string(t))
			l.prog.bad.Add(1)
			b.ch.failed.Add(1)
		default:
			b.ch.aborted.Store(true)
			l.cancel(fmt.Errorf("%s line %d: %w", b.path, b.lines[i], err))
			return
		}
	}
}

func statement(head string, tuples [][]byte) string {
	n := len(head)
	for _, t := range tuples {
		n += len(t) + 2
	}
	s := make([]byte, 0, n)
	s = append(s, head...)
	for i, t := range tuples {
		if i > 0 {
			s = append(s, ", "...)
		}
		s = append(s, t...)
	}
	return string(s)
}

// execRetry runs stmt, retrying with backoff; it returns the last error.
func (l *loader) execRetry(ctx context.Context, stmt string) error {
	wait := l.opts.RetryBackoff
	var err error
	for attempt := 0; attempt < l.opts.Retries; attempt++ {
		if attempt > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return errors.Join(err, context.Cause(ctx))
			}
			wait = min(2*wait, 2*time.Second)
		}
		l.stmts.Add(1)
		if err = l.exec.Exec(ctx, stmt); err == nil || permanent(err) {
			return err
		}
	}
	return err
}

// Error codes of statements that no retry will fix (NebulaGraph's
// E_SYNTAX_ERROR and E_SEMANTIC_ERROR); execution errors, which include a
// storage leader moving or a new schema not yet on every host, are retried.
const (
	codeSyntaxError   = -1004
	codeSemanticError = -1009
)

func permanent(err error) bool {
	var se *StatementError
	return errors.As(err, &se) && (se.Code == codeSyntaxError || se.Code == codeSemanticError)
}

// commit advances the checkpoint over the chunks in order, saving it at
// most once a second and at the end of each file.
func (l *loader) commit() error {
	var (
		last    time.Time
		stopped bool
		errs    []error
	)
	for ch := range l.sealed {
		ch.wg.Wait()
		if stopped || ch.aborted.Load() {
			stopped = true
			continue
		}
		fc := &l.cp.Files[ch.file]
		fc.Offset, fc.Line = ch.endOffset, ch.endLine
		fc.Rows += ch.rows - ch.failed.Load()
		fc.Bad += ch.bad + ch.failed.Load()
		l.prog.bytes.Add(ch.bytes)
		fc.Done = ch.last
		if ch.last || time.Since(last) >= time.Second {
			last = time.Now()
			if err := l.bad.flush(); err != nil {
				errs = append(errs, err)
			}
			if err := l.cp.save(l.opts.Checkpoint); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := l.cp.save(l.opts.Checkpoint); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
