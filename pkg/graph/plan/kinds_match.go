package plan

// Kinds of the nodes openCypher statements (MATCH, OPTIONAL MATCH, UNWIND,
// WITH, RETURN) are planned into, named as NebulaGraph's MatchPlanner
// names them. Such a node carries its payload in Node.Stmt; its table's
// columns are in ColNames.
const (
	// Argument reads the rows of the clauses before a pattern that starts
	// from a node they bound.
	Argument Kind = "Argument"
	// PassThrough hands constant start vertex ids to the pattern (a seek
	// by id).
	PassThrough Kind = "PassThrough"
	// ScanVertices reads every vertex of the space (a seek by scan).
	ScanVertices Kind = "ScanVertices"
	// Traverse walks one edge pattern (possibly variable length) from the
	// vertices of a column.
	Traverse Kind = "Traverse"
	// AppendVertices reads the vertices a walk ended at.
	AppendVertices Kind = "AppendVertices"
	// Unwind makes one row per element of a list.
	Unwind Kind = "Unwind"
	// CrossJoin pairs every row of one table with every row of another.
	CrossJoin Kind = "CrossJoin"
	// RollUpApply collects, for each row, the paths a pattern expression
	// matches from it.
	RollUpApply Kind = "RollUpApply"
	// PatternApply keeps the rows a pattern predicate matches from (or,
	// negated, does not).
	PatternApply Kind = "PatternApply"
	// TopN is a Sort followed by a Limit.
	TopN Kind = "TopN"
	// ShortestPath finds the shortest paths between the vertices of two
	// columns.
	ShortestPath Kind = "ShortestPath"
)
