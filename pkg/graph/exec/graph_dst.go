package exec

import "github.com/novagraph/novagraph/pkg/value"

// A GO that reads $$ plans GetNeighbors (or ExpandAll) ▶ GetVertices of
// the destinations ▶ HashLeftJoin, as NebulaGraph does. Run as planned,
// every step pays a second round of storage calls, one GetProps to each
// host leading a destination's partition. The traversal asks storage for
// the destinations' properties with the edges instead (dst_props); each
// host answers those whose partition it leads, and the GetVertices asks
// GetProps only for the rest.

// putDstRows keeps the destination rows a traversal writing table got.
func (e *executor) putDstRows(table string, rows *value.DataSet) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rows == nil {
		delete(e.mu.dstRows, table)
		return
	}
	if e.mu.dstRows == nil {
		e.mu.dstRows = map[string]*value.DataSet{}
	}
	e.mu.dstRows[table] = rows
}

// takeDstRows removes the destination rows kept for table and returns,
// of vids, those without a row (still to read) and the rows of the
// others, in the order of vids.
func (e *executor) takeDstRows(table string, vids []value.Value) (missing []value.Value, rows []value.Row) {
	e.mu.Lock()
	got := e.mu.dstRows[table]
	delete(e.mu.dstRows, table)
	e.mu.Unlock()
	if got == nil || len(got.Rows) == 0 {
		return vids, nil
	}
	// A destination has more than one row only when its partition's
	// leader moved during the call; both were read by a leader.
	at := newVidMap[int](len(got.Rows))
	for i, r := range got.Rows {
		if len(r.Values) > 0 {
			at.put(r.Values[0], i)
		}
	}
	rows = make([]value.Row, 0, len(got.Rows))
	for _, v := range vids {
		if i, ok := at.get(v); ok {
			rows = append(rows, got.Rows[i])
		} else {
			missing = append(missing, v)
		}
	}
	return missing, rows
}
