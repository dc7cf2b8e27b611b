package storage

import (
	"errors"
	"io"
	"syscall"

	"github.com/cockroachdb/pebble/vfs"
)

// diskFS is the file system storaged's engines and raft log live on: the
// local disk, except that a write finding the disk full gives the guard's
// ballast back and is retried once, instead of failing. Pebble treats a
// failed write of its write-ahead log as fatal (it panics, and a batch
// already sequenced cannot be taken back), so between the moment the disk
// fills and the moment the guard refuses new writes, the writes already
// accepted — proposals in flight, entries being replicated and applied —
// must still find room; the ballast is that room.
type diskFS struct {
	vfs.FS
	guard *diskGuard
}

func newDiskFS(base vfs.FS, g *diskGuard) vfs.FS {
	if base == nil {
		base = vfs.Default
	}
	if !g.enabled() {
		return base
	}
	return diskFS{FS: base, guard: g}
}

// isNoSpace reports whether err is the file system being full (or the
// quota exhausted).
func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func (fs diskFS) wrap(f vfs.File, name string, err error) (vfs.File, error) {
	if err != nil {
		return f, err
	}
	return diskFile{File: f, name: name, guard: fs.guard}, nil
}

func (fs diskFS) Create(name string) (vfs.File, error) {
	f, err := fs.FS.Create(name)
	if isNoSpace(err) && fs.guard.outOfSpace(name, err) {
		f, err = fs.FS.Create(name)
	}
	return fs.wrap(f, name, err)
}

func (fs diskFS) ReuseForWrite(oldname, newname string) (vfs.File, error) {
	f, err := fs.FS.ReuseForWrite(oldname, newname)
	if isNoSpace(err) && fs.guard.outOfSpace(newname, err) {
		f, err = fs.FS.ReuseForWrite(oldname, newname)
	}
	return fs.wrap(f, newname, err)
}

func (fs diskFS) OpenReadWrite(name string, opts ...vfs.OpenOption) (vfs.File, error) {
	f, err := fs.FS.OpenReadWrite(name, opts...)
	return fs.wrap(f, name, err)
}

// diskFile retries a write that found the disk full once the guard has
// freed the ballast. Preallocation failing for lack of space is not an
// error: it only reserves blocks ahead (pebble asks for 110 % of a
// memtable at a time, more than a small disk may have while far from
// full), and the writes themselves are what the guard handles.
type diskFile struct {
	vfs.File
	name  string
	guard *diskGuard
}

func (f diskFile) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	if isNoSpace(err) && f.guard.outOfSpace(f.name, err) {
		var m int
		m, err = f.File.Write(p[n:])
		n += m
	}
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	return n, err
}

func (f diskFile) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.File.WriteAt(p, off)
	if isNoSpace(err) && f.guard.outOfSpace(f.name, err) {
		var m int
		m, err = f.File.WriteAt(p[n:], off+int64(n))
		n += m
	}
	return n, err
}

func (f diskFile) Preallocate(off, n int64) error {
	err := f.File.Preallocate(off, n)
	if isNoSpace(err) {
		return nil
	}
	return err
}
