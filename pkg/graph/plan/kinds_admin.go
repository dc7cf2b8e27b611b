package plan

// Kinds of the nodes that carry out one DDL or administration statement
// through the meta service. Such a node has no input table; it carries its
// validated statement in Node.Stmt and, when it returns a table, the
// table's columns in ColNames. The names are NebulaGraph's plan-node names.
const (
	// Spaces.
	CreateSpace     Kind = "CreateSpace"
	CreateSpaceAs   Kind = "CreateSpaceAs"
	DropSpace       Kind = "DropSpace"
	AlterSpace      Kind = "AlterSpace"
	DescSpace       Kind = "DescSpace"
	ShowSpaces      Kind = "ShowSpaces"
	ShowCreateSpace Kind = "ShowCreateSpace"

	// Tags and edge types.
	CreateTag      Kind = "CreateTag"
	AlterTag       Kind = "AlterTag"
	DropTag        Kind = "DropTag"
	DescTag        Kind = "DescTag"
	ShowTags       Kind = "ShowTags"
	ShowCreateTag  Kind = "ShowCreateTag"
	CreateEdge     Kind = "CreateEdge"
	AlterEdge      Kind = "AlterEdge"
	DropEdge       Kind = "DropEdge"
	DescEdge       Kind = "DescEdge"
	ShowEdges      Kind = "ShowEdges"
	ShowCreateEdge Kind = "ShowCreateEdge"

	// Indexes.
	CreateTagIndex      Kind = "CreateTagIndex"
	CreateEdgeIndex     Kind = "CreateEdgeIndex"
	DropTagIndex        Kind = "DropTagIndex"
	DropEdgeIndex       Kind = "DropEdgeIndex"
	DescTagIndex        Kind = "DescTagIndex"
	DescEdgeIndex       Kind = "DescEdgeIndex"
	ShowTagIndexes      Kind = "ShowTagIndexes"
	ShowEdgeIndexes     Kind = "ShowEdgeIndexes"
	ShowCreateTagIndex  Kind = "ShowCreateTagIndex"
	ShowCreateEdgeIndex Kind = "ShowCreateEdgeIndex"

	// Hosts, parts and zones.
	AddHosts         Kind = "AddHosts"
	DropHosts        Kind = "DropHosts"
	ShowHosts        Kind = "ShowHosts"
	ShowParts        Kind = "ShowParts"
	AddHostsIntoZone Kind = "AddHostsIntoZone"
	DropZone         Kind = "DropZone"
	RenameZone       Kind = "RenameZone"
	DescribeZone     Kind = "DescribeZone"
	ListZones        Kind = "ListZones"
	MergeZone        Kind = "MergeZone"
	DivideZone       Kind = "DivideZone"

	// Snapshots.
	CreateSnapshot Kind = "CreateSnapshot"
	DropSnapshot   Kind = "DropSnapshot"
	ShowSnapshots  Kind = "ShowSnapshots"

	// Character sets.
	ShowCharset   Kind = "ShowCharset"
	ShowCollation Kind = "ShowCollation"

	// Users and roles.
	CreateUser     Kind = "CreateUser"
	DropUser       Kind = "DropUser"
	UpdateUser     Kind = "UpdateUser"
	ChangePassword Kind = "ChangePassword"
	GrantRole      Kind = "GrantRole"
	RevokeRole     Kind = "RevokeRole"
	DescribeUser   Kind = "DescribeUser"
	ListUsers      Kind = "ListUsers"
	ListRoles      Kind = "ListRoles"
)
