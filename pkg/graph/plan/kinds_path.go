package plan

// Kinds of the nodes FIND PATH and GET SUBGRAPH are planned into, named as
// NebulaGraph's PathPlanner and SubgraphPlanner name them. A search node
// carries its whole loop: it expands both ends step by step through the
// storage service until its paths are found or its steps run out, so the
// plan has no separate Loop. Its payload is in Node.Stmt; its table's
// columns are in ColNames.
const (
	// BFSShortestPath is FIND SHORTEST PATH between one source and one
	// destination: a bidirectional breadth-first search.
	BFSShortestPath Kind = "BFSShortestPath"
	// MultiShortestPath is FIND SHORTEST PATH between several sources or
	// destinations: the shortest paths of every pair.
	MultiShortestPath Kind = "MultiShortestPath"
	// ProduceAllPaths is FIND ALL PATH and FIND NOLOOP PATH.
	ProduceAllPaths Kind = "ProduceAllPaths"
	// Subgraph is GET SUBGRAPH's step-by-step expansion.
	Subgraph Kind = "Subgraph"
	// DataCollect shapes a search's rows into the statement's columns
	// (for FIND PATH WITH PROP, filling in the properties of the paths'
	// vertices and edges).
	DataCollect Kind = "DataCollect"
)
