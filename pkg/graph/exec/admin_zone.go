package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// MERGE ZONE and DIVIDE ZONE regroup hosts; metad checks them (see
// pkg/meta/zone.go), as NebulaGraph's validators leave them to its metad.
// The other zone statements are in admin_host.go.

// zoneStmt plans MERGE ZONE or DIVIDE ZONE.
func zoneStmt(st ast.Stmt) (*adminNode, error) {
	if _, ok := st.(*ast.MergeZone); ok {
		return &adminNode{kind: plan.MergeZone, stmt: st}, nil
	}
	return &adminNode{kind: plan.DivideZone, stmt: st}, nil
}

func execMergeZone(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.MergeZone)
	return nil, mc.MergeZone(ctx, s.Zones, s.Into)
}

func execDivideZone(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.DivideZone)
	into := make([]meta.Zone, 0, len(s.Into))
	for _, z := range s.Into {
		into = append(into, meta.Zone{Name: z.Name, Hosts: hostStrings(z.Hosts)})
	}
	return nil, mc.DivideZone(ctx, s.Name, into)
}
