package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// ErrDiskFull is a write refused because a data path's file system has
// less free space than the reserve (DiskSpaceOptions.MinReservedBytes).
// It maps to E_RAFT_WAL_FAIL, whose NebulaGraph message is "Write wal
// failed. Probably disk is almost full."
var ErrDiskFull = errors.New("storage: disk space is not enough")

// DiskSpaceOptions configure the Store's free-space guard, NebulaGraph's
// --minimum_reserved_bytes. Pebble cannot survive a failed write to its
// write-ahead log (it panics, and the process exits), so storaged must
// stop writing before the file system is full:
//
//   - every CheckInterval the guard reads the free space of each data path
//     (statfs); below MinReservedBytes the host refuses new writes with
//     ErrDiskFull, and takes them again once the free space is back above
//     the reserve (plus the ballast, to be re-created);
//   - a ballast file of BallastBytes in each data path is space the guard
//     can give back at once: when a write of an engine's or the raft log's
//     files finds the disk full anyway (another process filled it between
//     two checks, or entries already accepted still have to be logged and
//     applied), the file system wrapper (diskFS) deletes the ballasts,
//     marks the host full, and retries the write once.
type DiskSpaceOptions struct {
	// MinReservedBytes is the free space below which writes are refused.
	// Zero turns the guard off.
	MinReservedBytes uint64
	// BallastBytes is the size of the ballast file kept in each data path.
	// Zero: none.
	BallastBytes uint64
	// CheckInterval is how often the free space is read. Default 500 ms.
	CheckInterval time.Duration
	// Statfs returns the bytes available to this process on the file
	// system holding path. Default: statfs(2)'s Bavail × Bsize.
	Statfs func(path string) (uint64, error)
}

// ballastName is the ballast file in a data path.
const ballastName = "DISK_SPACE_BALLAST"

func statfsFree(path string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", path, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// diskGuard is the Store's free-space guard (see DiskSpaceOptions). Its
// refresh goroutine is owned by the Store: started by openDiskGuard,
// stopped by close.
type diskGuard struct {
	opts  DiskSpaceOptions
	paths []string
	log   *slog.Logger

	full atomic.Pointer[error] // nil while writes are allowed

	mu      sync.Mutex // serialises check and release
	ballast map[string]bool

	// whileFull, when set, runs on the guard's goroutine after each check
	// that finds the disk full (the Store hands its leaderships over);
	// ctx ends when the guard closes.
	whileFull func(ctx context.Context)
	ctx       context.Context
	cancel    context.CancelFunc
	started   bool // set by start, before its goroutine runs

	stop chan struct{}
	done chan struct{}
}

// openDiskGuard returns a guard over paths that has checked them once;
// start runs its periodic checks. With MinReservedBytes zero the guard
// never refuses and runs nothing.
func openDiskGuard(paths []string, opts DiskSpaceOptions, log *slog.Logger) *diskGuard {
	if opts.CheckInterval <= 0 {
		opts.CheckInterval = 500 * time.Millisecond
	}
	if opts.Statfs == nil {
		opts.Statfs = statfsFree
	}
	g := &diskGuard{opts: opts, paths: paths, log: log, ballast: map[string]bool{},
		stop: make(chan struct{}), done: make(chan struct{})}
	g.ctx, g.cancel = context.WithCancel(context.Background())
	if g.enabled() {
		for _, p := range paths {
			// The Store creates them too, later; statfs needs them now.
			if err := os.MkdirAll(p, 0o755); err != nil {
				log.Warn("disk space guard: create data path", "path", p, "err", err)
			}
		}
		g.check()
	}
	return g
}

// start runs the periodic checks until close, calling whileFull (if not
// nil) after each one that finds the disk full. Call it at most once.
func (g *diskGuard) start(whileFull func(ctx context.Context)) {
	if !g.enabled() {
		return
	}
	g.whileFull = whileFull
	g.started = true
	go g.run()
}

func (g *diskGuard) enabled() bool { return g.opts.MinReservedBytes > 0 }

func (g *diskGuard) run() {
	defer close(g.done)
	t := time.NewTicker(g.opts.CheckInterval)
	defer t.Stop()
	for {
		select {
		case <-g.stop:
			return
		case <-t.C:
			g.check()
			if g.err() != nil && g.whileFull != nil {
				g.whileFull(g.ctx)
			}
		}
	}
}

// close stops the refresh goroutine; the ballast files stay for the next
// start.
func (g *diskGuard) close() {
	if !g.started {
		g.cancel()
		return
	}
	select {
	case <-g.stop:
	default:
		g.cancel()
		close(g.stop)
	}
	<-g.done
}

// err returns ErrDiskFull (wrapped with the path and numbers) while writes
// are refused, else nil.
func (g *diskGuard) err() error {
	if p := g.full.Load(); p != nil {
		return *p
	}
	return nil
}

// check reads the free space of every path and updates the state: full
// when one is below the reserve. Once full, writes resume only when every
// path also has room for its ballast again (which is then re-created), so
// that the state does not flap around the threshold.
func (g *diskGuard) check() {
	g.mu.Lock()
	defer g.mu.Unlock()
	full := g.full.Load() != nil
	var low error
	for _, p := range g.paths {
		free, err := g.opts.Statfs(p)
		if err != nil {
			g.log.Warn("disk space check", "path", p, "err", err)
			continue
		}
		if free < g.opts.MinReservedBytes {
			low = fmt.Errorf("%w: %s has %d bytes free, below --minimum_reserved_bytes %d", ErrDiskFull, p, free, g.opts.MinReservedBytes)
			break
		}
		if g.ballast[p] || g.opts.BallastBytes == 0 {
			continue
		}
		if free >= g.opts.MinReservedBytes+g.opts.BallastBytes {
			g.makeBallast(p)
		} else if full {
			low = fmt.Errorf("%w: %s has %d bytes free, below --minimum_reserved_bytes %d plus the %d-byte ballast", ErrDiskFull, p, free, g.opts.MinReservedBytes, g.opts.BallastBytes)
			break
		}
	}
	g.set(low)
}

// set records the state and logs its changes.
func (g *diskGuard) set(low error) {
	was := g.full.Load()
	switch {
	case low != nil && was == nil:
		g.log.Error("disk space is not enough: refusing writes", "err", low)
		g.full.Store(&low)
	case low != nil:
		g.full.Store(&low)
	case was != nil:
		g.log.Info("disk space is enough again: taking writes")
		g.full.Store(nil)
	}
}

// makeBallast creates path's ballast file (its blocks allocated, so the
// space is really taken). Failing is logged: the guard works without it.
func (g *diskGuard) makeBallast(path string) {
	if g.opts.BallastBytes == 0 {
		return
	}
	name := filepath.Join(path, ballastName)
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		err = unix.Fallocate(int(f.Fd()), 0, 0, int64(g.opts.BallastBytes))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.Remove(name)
		g.log.Warn("disk space ballast not created", "path", name, "err", err)
		return
	}
	g.ballast[path] = true
}

// outOfSpace is the file system wrapper's report of a write that found
// the disk full: the host stops taking writes and the ballasts are given
// back so that the write (and the entries already accepted) can finish.
// It reports whether space was freed, i.e. whether a retry may succeed.
func (g *diskGuard) outOfSpace(path string, cause error) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	low := fmt.Errorf("%w: writing %s: %w", ErrDiskFull, path, cause)
	g.set(low)
	freed := false
	for p, ok := range g.ballast {
		if !ok {
			continue
		}
		if err := os.Remove(filepath.Join(p, ballastName)); err != nil && !errors.Is(err, os.ErrNotExist) {
			g.log.Warn("remove disk space ballast", "path", p, "err", err)
			continue
		}
		g.log.Warn("disk full: removed the ballast", "path", p, "bytes", g.opts.BallastBytes)
		g.ballast[p] = false
		freed = true
	}
	return freed
}
