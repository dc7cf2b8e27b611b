package raftex

import (
	"errors"
	"strings"
	"sync"

	"github.com/cockroachdb/pebble/vfs"
)

// lazyWALFS is the file system of the raft log store when
// Options.SkipLogSync is set (storaged's --wal_sync=false, NebulaGraph's
// default): the store's write-ahead log files ignore the per-commit syncs
// Pebble asks for, so an append is acknowledged once its bytes are written
// to the operating system. That survives the crash of the process, which
// is what NebulaGraph's and Dgraph's defaults promise too, but not a power
// cut of a majority of a group's replicas.
//
// Two kinds of writes stay durable: a WAL file is fsynced before it is
// closed (when Pebble rotates it), as NebulaGraph does with its WAL files,
// and the writes raft's safety rests on across a power cut of one replica
// (its term and vote, snapshot metadata) are followed by syncAll, a real
// fsync of every open WAL file.
type lazyWALFS struct {
	vfs.FS
	mu   sync.Mutex
	open map[*lazyWALFile]struct{}
}

func newLazyWALFS(fs vfs.FS) *lazyWALFS {
	return &lazyWALFS{FS: fs, open: make(map[*lazyWALFile]struct{})}
}

// isWAL tells Pebble's write-ahead log files ("000012.log") from its
// manifests, options files and sstables, which keep every sync.
func isWAL(name string) bool { return strings.HasSuffix(name, ".log") }

func (fs *lazyWALFS) track(f vfs.File, name string, err error) (vfs.File, error) {
	if err != nil || !isWAL(name) {
		return f, err
	}
	w := &lazyWALFile{File: f, fs: fs}
	fs.mu.Lock()
	fs.open[w] = struct{}{}
	fs.mu.Unlock()
	return w, nil
}

// Create implements vfs.FS.
func (fs *lazyWALFS) Create(name string) (vfs.File, error) {
	f, err := fs.FS.Create(name)
	return fs.track(f, name, err)
}

// ReuseForWrite implements vfs.FS: Pebble recycles old WAL files this way.
func (fs *lazyWALFS) ReuseForWrite(oldname, newname string) (vfs.File, error) {
	f, err := fs.FS.ReuseForWrite(oldname, newname)
	return fs.track(f, newname, err)
}

// syncAll makes everything written to the open WAL files durable. It
// holds mu so that no file closes under it.
func (fs *lazyWALFS) syncAll() error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var errs []error
	for f := range fs.open {
		errs = append(errs, f.File.SyncData())
	}
	return errors.Join(errs...)
}

// lazyWALFile is a WAL file whose per-commit syncs are no-ops. Pebble
// writes a commit's records with write(2) before it asks for the sync, so
// the bytes are in the operating system when the commit returns.
type lazyWALFile struct {
	vfs.File
	fs *lazyWALFS
}

func (f *lazyWALFile) Sync() error                                { return nil }
func (f *lazyWALFile) SyncData() error                            { return nil }
func (f *lazyWALFile) SyncTo(length int64) (full bool, err error) { return false, nil }

// Close fsyncs the file first: a rotated WAL is durable.
func (f *lazyWALFile) Close() error {
	f.fs.mu.Lock()
	delete(f.fs.open, f)
	f.fs.mu.Unlock()
	return errors.Join(f.File.SyncData(), f.File.Close())
}
