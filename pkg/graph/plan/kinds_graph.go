package plan

// Kinds of the nodes that read or write graph data through the storage
// service, and of the joins that combine what they read. The names are
// NebulaGraph's plan-node names. Such a node carries what it needs in
// Node.Stmt (the validated statement wrapped with what validation
// resolved: schema ids, evaluated values, pushed-down expressions) and,
// when it produces a table, that table's columns in ColNames.
const (
	// Writes.
	InsertVertices Kind = "InsertVertices"
	InsertEdges    Kind = "InsertEdges"
	DeleteVertices Kind = "DeleteVertices"
	DeleteEdges    Kind = "DeleteEdges"
	DeleteTags     Kind = "DeleteTags"
	UpdateVertex   Kind = "UpdateVertex"
	UpdateEdge     Kind = "UpdateEdge"

	// Reads.
	GetVertices  Kind = "GetVertices"
	GetEdges     Kind = "GetEdges"
	GetNeighbors Kind = "GetNeighbors"
	Expand       Kind = "Expand"
	ExpandAll    Kind = "ExpandAll"

	// Index scans of LOOKUP, named as NebulaGraph's optimizer names the
	// scan it picks.
	IndexScan           Kind = "IndexScan"
	TagIndexPrefixScan  Kind = "TagIndexPrefixScan"
	TagIndexRangeScan   Kind = "TagIndexRangeScan"
	TagIndexFullScan    Kind = "TagIndexFullScan"
	EdgeIndexPrefixScan Kind = "EdgeIndexPrefixScan"
	EdgeIndexRangeScan  Kind = "EdgeIndexRangeScan"
	EdgeIndexFullScan   Kind = "EdgeIndexFullScan"

	// Joins of a traversal's rows with the destination vertices' properties
	// and with the rows of the input the traversal started from.
	HashLeftJoin  Kind = "HashLeftJoin"
	HashInnerJoin Kind = "HashInnerJoin"
)
