package plan

// Kinds of the nodes of the job statements and of what jobs leave behind,
// carried out through the meta service like the administration nodes
// (kinds_admin.go). The names are NebulaGraph's plan-node names.
const (
	// SubmitJob is every job statement: SUBMIT JOB, REBUILD TAG|EDGE
	// INDEX, SHOW JOBS, SHOW JOB, STOP JOB and RECOVER JOB.
	SubmitJob Kind = "SubmitJob"
	// ShowStats shows what the last STATS job counted.
	ShowStats Kind = "ShowStats"
	// ShowTagIndexStatus and ShowEdgeIndexStatus list the index rebuild
	// jobs.
	ShowTagIndexStatus  Kind = "ShowTagIndexStatus"
	ShowEdgeIndexStatus Kind = "ShowEdgeIndexStatus"
	// ClearSpace deletes a space's data and keeps its schema.
	ClearSpace Kind = "ClearSpace"
)
