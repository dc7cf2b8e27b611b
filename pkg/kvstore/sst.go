package kvstore

import (
	"fmt"

	"github.com/cockroachdb/pebble/objstorage/objstorageprovider"
	"github.com/cockroachdb/pebble/sstable"
)

// SSTWriter builds an sstable for Engine.Ingest: snapshot streaming and bulk
// loads write one per key range and ingest it atomically. Keys must be added
// in strictly ascending order. It is not safe for concurrent use; Finish
// must be called exactly once.
type SSTWriter struct {
	w    *sstable.Writer
	path string
	n    int
}

// NewSSTWriter creates path on p's file system and returns a writer whose
// sstable has p's comparer, bloom filters and bottom-level compression.
func (p *Pebble) NewSSTWriter(path string) (*SSTWriter, error) {
	if p.closed.Load() {
		return nil, ErrClosed
	}
	f, err := p.popts.FS.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create sstable %s: %w", path, err)
	}
	// Pebblev2 is the newest table format without value blocks (see
	// formatVersion), the format the engine's own flushes write.
	wo := p.popts.MakeWriterOptions(NumLevels-1, sstable.TableFormatPebblev2)
	return &SSTWriter{w: sstable.NewWriter(objstorageprovider.NewFileWritable(f), wo), path: path}, nil
}

// Put adds key → value; keys must ascend.
func (s *SSTWriter) Put(key, value []byte) error {
	if err := s.w.Set(key, value); err != nil {
		return fmt.Errorf("sstable %s put: %w", s.path, err)
	}
	s.n++
	return nil
}

// Delete adds a deletion of key, which hides older values once ingested.
func (s *SSTWriter) Delete(key []byte) error {
	if err := s.w.Delete(key); err != nil {
		return fmt.Errorf("sstable %s delete: %w", s.path, err)
	}
	s.n++
	return nil
}

// DeleteRange adds a deletion of [start, end), which hides older keys in the
// range once ingested.
func (s *SSTWriter) DeleteRange(start, end []byte) error {
	if err := s.w.DeleteRange(start, end); err != nil {
		return fmt.Errorf("sstable %s delete range: %w", s.path, err)
	}
	s.n++
	return nil
}

// Count returns the number of entries added.
func (s *SSTWriter) Count() int { return s.n }

// Finish completes and syncs the file. An sstable with no entries cannot be
// ingested; callers skip ingesting when Count is zero.
func (s *SSTWriter) Finish() error {
	if err := s.w.Close(); err != nil {
		return fmt.Errorf("finish sstable %s: %w", s.path, err)
	}
	return nil
}
