package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// CREATE SNAPSHOT, DROP SNAPSHOT and SHOW SNAPSHOTS: metad checkpoints the
// storage hosts and itself (pkg/meta/snapshot.go).

var showSnapshotsCols = []adminCol{{"Name", value.KindString}, {"Status", value.KindString}, {"Hosts", value.KindString}}

func snapshotStmt(st ast.Stmt) *adminNode {
	if _, ok := st.(*ast.CreateSnapshot); ok {
		return &adminNode{kind: plan.CreateSnapshot, stmt: st}
	}
	return &adminNode{kind: plan.DropSnapshot, stmt: st}
}

func execCreateSnapshot(_ *executor, ctx context.Context, mc *meta.Client, _ *plan.Node) (*value.DataSet, error) {
	return nil, mc.CreateSnapshot(ctx)
}

func execDropSnapshot(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	return nil, mc.DropSnapshots(ctx, n.Stmt.(*ast.DropSnapshot).Name)
}

func execShowSnapshots(_ *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	snaps, err := mc.ListSnapshots(ctx)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, sn := range snaps {
		addRow(ds, value.NewString(string(sn.Name)), value.NewString(sn.Status.String()), value.NewString(string(sn.Hosts)))
	}
	return ds, nil
}
