package plan

// Kinds of the session statements.
const (
	ShowSessions Kind = "ShowSessions"
	KillSession  Kind = "KillSession"
)
