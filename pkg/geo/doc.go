// Package geo is the S2 view of geography values: NebulaGraph indexes and
// compares geographies on the sphere through Google's S2 library, and this
// package turns a value.Geography into S2 terms (github.com/golang/geo/s2).
//
// It owns the cells a geography index entry holds (IndexCells, from a
// value's S2 covering under an index's CoverOptions), the cell ranges a
// lookup scans for a query shape (ScanRanges), and the spatial functions'
// semantics: the predicates (Intersects, Covers, CoveredBy, DWithin),
// Distance in metres, Centroid, and cell ids (CellIDFromPoint,
// CoveringCellIDs). It does not own the
// WKT text form or the validity rules (pkg/ngql/function), nor the index
// key encoding (kvstore.AppendIndexValue stores one cell per entry).
//
// Everything here is a pure function of its arguments and safe for
// concurrent use.
package geo
