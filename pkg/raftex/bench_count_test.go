package raftex

import (
	"sync/atomic"

	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/raft"
)

// syncCounter counts the fsyncs of a node's raft log files and the log
// entries appended, so the benchmark can report how many entries share
// an fsync.
type syncCounter struct {
	syncs, entries atomic.Int64
}

func (c *syncCounter) fs(fs vfs.FS) vfs.FS { return countingFS{FS: fs, c: c} }

func (c *syncCounter) log(s raft.LogStore) raft.LogStore { return countingLog{LogStore: s, c: c} }

type countingFS struct {
	vfs.FS
	c *syncCounter
}

func (f countingFS) Create(name string) (vfs.File, error) {
	file, err := f.FS.Create(name)
	if err != nil {
		return nil, err
	}
	return countingFile{File: file, c: f.c}, nil
}

func (f countingFS) ReuseForWrite(oldname, newname string) (vfs.File, error) {
	file, err := f.FS.ReuseForWrite(oldname, newname)
	if err != nil {
		return nil, err
	}
	return countingFile{File: file, c: f.c}, nil
}

type countingFile struct {
	vfs.File
	c *syncCounter
}

func (f countingFile) Sync() error {
	f.c.syncs.Add(1)
	return f.File.Sync()
}

func (f countingFile) SyncData() error {
	f.c.syncs.Add(1)
	return f.File.SyncData()
}

type countingLog struct {
	raft.LogStore
	c *syncCounter
}

func (l countingLog) StoreLog(e *raft.Log) error { return l.StoreLogs([]*raft.Log{e}) }

func (l countingLog) StoreLogs(es []*raft.Log) error {
	l.c.entries.Add(int64(len(es)))
	return l.LogStore.StoreLogs(es)
}
