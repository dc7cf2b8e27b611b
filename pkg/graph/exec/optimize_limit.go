package exec

import (
	"github.com/novagraph/novagraph/pkg/graph/plan"
)

// Rules that move a LIMIT towards the storage reads, so that scans stop
// early, and fuse ORDER BY + LIMIT.

// scanLimit is a limit handed down to a scan: it may stop after n rows.
// The Limit above it stays, since a scan spread over several parts may
// still return more.
type scanLimit struct {
	set bool
	n   int64
}

// lower makes the limit at most n; it reports whether that changed it.
func (l *scanLimit) lower(n int64) bool {
	if l.set && l.n <= n {
		return false
	}
	l.set, l.n = true, n
	return true
}

// storage is the limit as a storage request carries it: -1 for none.
func (l scanLimit) storage() int64 {
	if !l.set {
		return -1
	}
	return l.n
}

// limitRows is how many rows of its input a Limit may need.
func limitRows(n *plan.Node) int64 {
	if n.Count > (1<<63-1)-n.Offset {
		return 1<<63 - 1
	}
	return n.Offset + n.Count
}

// topNRule: Limit ▶ Sort ==> TopN, which keeps only the rows of the window
// while sorting.
func topNRule(g *optGraph, n *plan.Node) bool {
	if n.Kind != plan.Limit {
		return false
	}
	s, ok := single(n)
	if !ok || s.Kind != plan.Sort || s.Stmt != nil || !g.private(n, s) {
		return false
	}
	n.Kind = plan.TopN
	n.Factors = s.Factors
	n.Deps, n.InputVar = s.Deps, s.InputVar
	return true
}

// pushLimitDownProjectRule: Limit ▶ Project ==> Project ▶ Limit: a Project
// makes one row per input row, so the Limit may as well come first and
// spare the projection of rows it drops.
func pushLimitDownProjectRule(g *optGraph, n *plan.Node) bool {
	if n.Kind != plan.Limit {
		return false
	}
	p, ok := single(n)
	if !ok || p.Kind != plan.Project || !g.private(n, p) {
		return false
	}
	x, ok := single(p)
	if !ok {
		return false
	}
	g.swapDown(n, p)
	n.ColNames = x.ColNames
	return true
}

// pushLimitDownIndexScanRule: Limit ▶ IndexScan ==> Limit ▶ IndexScan with
// the limit (LOOKUP's scans, every index scan kind).
func pushLimitDownIndexScanRule(g *optGraph, n *plan.Node) bool {
	if n.Kind != plan.Limit {
		return false
	}
	s, ok := single(n)
	if !ok || !g.private(n, s) {
		return false
	}
	job, ok := s.Stmt.(*lookupJob)
	if !ok {
		return false
	}
	return job.limit.lower(limitRows(n))
}

// pushLimitDownScanAppendVerticesRule: Limit ▶ AppendVertices ▶
// IndexScan|ScanVertices ==> the same with the limit on the scan, when
// AppendVertices keeps every scanned row: it filters nothing, or only the
// label the index scan reads (an index of a tag lists only vertices that
// have it).
func pushLimitDownScanAppendVerticesRule(g *optGraph, n *plan.Node) bool {
	if n.Kind != plan.Limit {
		return false
	}
	a, ok := single(n)
	if !ok || a.Kind != plan.AppendVertices || !g.private(n, a) {
		return false
	}
	av, ok := a.Stmt.(*appendJob)
	if !ok || av.argument {
		return false
	}
	s, ok := single(a)
	if !ok || !g.private(a, s) {
		return false
	}
	seek, ok := s.Stmt.(*seekJob)
	if !ok || seek.col != av.col || (seek.index == nil && seek.scanTags == nil) {
		return false
	}
	if f := av.filter; f != nil {
		if seek.index == nil || len(f.props) > 0 || len(f.labels) != 1 || f.labels[0] != seek.index.schema.Name {
			return false
		}
	}
	return seek.limit.lower(limitRows(n))
}
