package kvstore

import (
	"fmt"

	"github.com/cockroachdb/pebble/objstorage/objstorageprovider"
	"github.com/cockroachdb/pebble/sstable"
	"github.com/cockroachdb/pebble/vfs"
)

// NewFileSSTWriter creates an sstable at path on the local disk for the
// engines of a space keyed by codec to ingest: a bulk loader builds these
// outside the cluster. The table has what NewSSTWriter gives an engine's
// own (comparer with the space's bloom prefix, filters, bottom-level
// compression, table format), taken from o as an engine opened with o and
// codec's prefix extractor would: pebble refuses to ingest a table whose
// comparer is not the engine's.
func NewFileSSTWriter(path string, codec KeyCodec, o Options) (*SSTWriter, error) {
	o.Prefix = codec.PrefixExtractor()
	po := o.withDefaults().pebbleOptions()
	po.EnsureDefaults()
	f, err := vfs.Default.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create sstable %s: %w", path, err)
	}
	wo := po.MakeWriterOptions(NumLevels-1, sstable.TableFormatPebblev2)
	return &SSTWriter{w: sstable.NewWriter(objstorageprovider.NewFileWritable(f), wo), path: path}, nil
}
