package exec

import (
	"strconv"
	"sync/atomic"
	"unsafe"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/value"
)

// memTracker bounds what one query materialises (--query_memory_limit_mb).
// Tables are charged as operators produce them, by an estimate of their
// size in memory; a query over its limit fails with NebulaGraph's
// E_GRAPH_MEMORY_EXCEEDED instead of taking graphd down with it. The
// estimate counts every table a plan keeps, so operators that pass their
// input on (LIMIT, DISTINCT) count it again: the limit errs on the side of
// stopping early.
type memTracker struct {
	limit int64 // bytes; 0 is no limit
	used  atomic.Int64
}

// charge adds n bytes and fails once the total passes the limit.
func (m *memTracker) charge(n int64) error {
	if m == nil || m.limit <= 0 {
		return nil
	}
	if used := m.used.Add(n); used > m.limit {
		return &status.Error{Kind: status.KindMemory, Msg: "Graph Error: GRAPH_MEMORY_EXCEEDED(-2600): " +
			"the query needs more than --query_memory_limit_mb allows (" + mib(m.limit) + ")"}
	}
	return nil
}

func mib(n int64) string { return strconv.FormatInt(n>>20, 10) + " MiB" }

// chargeTable charges a table's estimated size.
func (m *memTracker) chargeTable(ds *value.DataSet) error {
	if m == nil || m.limit <= 0 || ds == nil {
		return nil
	}
	return m.charge(tableBytes(ds))
}

const (
	valueSize = int64(unsafe.Sizeof(value.Value{}))
	rowSize   = int64(unsafe.Sizeof(value.Row{}))
	// mapEntry approximates a map entry's overhead beyond key and value.
	mapEntry = 16
)

// tableBytes estimates the memory ds holds. A large table is estimated
// from an even sample of its rows: walking every value of every table a
// query makes was a tenth of graphd's CPU in GO 2 STEPS, and the limit it
// guards is itself approximate.
func tableBytes(ds *value.DataSet) int64 {
	rows := len(ds.Rows)
	n := int64(rows) * rowSize
	step := 1
	if rows > exactRows {
		step = rows / sampleRows
	}
	var sampled, seen int64
	for i := 0; i < rows; i += step {
		for _, v := range ds.Rows[i].Values {
			sampled += valueBytes(v)
		}
		seen++
	}
	if seen == 0 {
		return n
	}
	return n + sampled*int64(rows)/seen
}

// Tables of more than exactRows rows are estimated from about sampleRows.
const (
	exactRows  = 2048
	sampleRows = 512
)

// valueBytes estimates the memory v holds: the Value itself and what it
// points to.
func valueBytes(v value.Value) int64 {
	n := valueSize
	switch v.Kind() {
	case value.KindString:
		n += int64(len(v.Str()))
	case value.KindList:
		n += valuesBytes(v.List())
	case value.KindSet:
		n += valuesBytes(v.Set())
	case value.KindMap:
		n += propsBytes(v.Map())
	case value.KindVertex:
		n += vertexBytes(v.Vertex())
	case value.KindEdge:
		e := v.Edge()
		n += valueBytes(e.Src) + valueBytes(e.Dst) + int64(len(e.Name)) + 16 + propsBytes(e.Props)
	case value.KindPath:
		p := v.Path()
		n += vertexBytes(&p.Src)
		for i := range p.Steps {
			s := &p.Steps[i]
			n += vertexBytes(&s.Dst) + int64(len(s.Name)) + 16 + propsBytes(s.Props)
		}
	case value.KindDataSet:
		n += tableBytes(v.DataSet())
	}
	return n
}

func valuesBytes(vs []value.Value) int64 {
	var n int64
	for _, v := range vs {
		n += valueBytes(v)
	}
	return n
}

func propsBytes(props map[string]value.Value) int64 {
	var n int64
	for k, v := range props {
		n += int64(len(k)) + mapEntry + valueBytes(v)
	}
	return n
}

func vertexBytes(vx *value.Vertex) int64 {
	n := valueBytes(vx.VID)
	for _, t := range vx.Tags {
		n += int64(len(t.Name)) + 16 + propsBytes(t.Props)
	}
	return n
}
