package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// admin plans the statements that are neither clauses on tables nor graph
// reads: DDL, SHOW/DESCRIBE and administration, carried out through the
// meta service.
func (p *planner) admin(_ context.Context, st ast.Stmt, _ *shape) (*shape, error) {
	return nil, p.x.needsGraph(st)
}

// execAdmin runs the plan nodes admin made.
func (e *executor) execAdmin(_ context.Context, n *plan.Node) (*value.DataSet, error) {
	return nil, status.Execution("no executor for plan node %s", n.Kind)
}
