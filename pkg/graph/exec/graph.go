package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// graphStmt plans the statements that read or write graph data through the
// storage service (INSERT, DELETE, UPDATE, FETCH, GO, LOOKUP, ...); ok is
// false for statements it does not handle.
func (p *planner) graphStmt(_ context.Context, _ ast.Stmt, _ *shape) (out *shape, ok bool, err error) {
	return nil, false, nil
}

// execGraph runs the plan nodes graphStmt made; ok is false for other
// kinds.
func (e *executor) execGraph(_ context.Context, _ *plan.Node) (t *value.DataSet, ok bool, err error) {
	return nil, false, nil
}
