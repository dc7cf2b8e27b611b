package exec

import (
	"github.com/novagraph/novagraph/idl/gen/graph"
	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/value"
)

// Query is one request: the statement text (possibly several statements
// separated by ';') run in a session with bound parameters.
type Query struct {
	Session *session.Session
	Text    string
	// Params are the request's parameters, by name without '$'.
	Params map[string]value.Value
	// Sessions is the graphd's session manager (SHOW SESSIONS, KILL
	// SESSION); nil outside a server.
	Sessions *session.Manager
}

// Result is what a query returns to the client.
type Result struct {
	// Data is the last statement's table, nil when it produced none (DDL,
	// DML, USE, EXPLAIN).
	Data *value.DataSet
	// Plan is set for EXPLAIN and PROFILE.
	Plan *graph.PlanDescription
	// Comment is a remark for the user, empty if none.
	Comment string
}
