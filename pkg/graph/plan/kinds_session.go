package plan

// Kinds of the session statements.
const (
	ShowSessions Kind = "ShowSessions"
	KillSession  Kind = "KillSession"
)

// Kinds of the query statements.
const (
	ShowQueries Kind = "ShowQueries"
	KillQuery   Kind = "KillQuery"
)
