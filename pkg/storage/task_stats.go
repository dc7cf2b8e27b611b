package storage

import (
	"bytes"
	"context"

	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

// countPart adds a leader part's live data to st: vertices with at least one
// live tag, rows per tag, out-edges per type.
func (s *Store) countPart(ctx context.Context, p *part, cat *catalog, st *storage.StatsItem) error {
	var last []byte
	err := s.eachRow(ctx, p, cat, kvstore.KeyTag, func(key []byte, desc *SchemaDesc, _ kvstore.RowReader, live bool) error {
		if !live {
			return nil
		}
		tk, err := cat.codec.ParseTagKey(key)
		if err != nil {
			return err
		}
		st.TagVertices[desc.Name]++
		if !bytes.Equal(tk.VID, last) {
			st.SpaceVertices++
			last = append(last[:0], tk.VID...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.eachRow(ctx, p, cat, kvstore.KeyEdge, func(key []byte, desc *SchemaDesc, _ kvstore.RowReader, live bool) error {
		ek, err := cat.codec.ParseEdgeKey(key)
		if err != nil {
			return err
		}
		if live && ek.Type > 0 {
			st.Edges[desc.Name]++
			st.SpaceEdges++
		}
		return nil
	})
}
