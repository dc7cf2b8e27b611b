package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Statements that read or write graph data run through the storage
// service (the files graph_*.go):
//
//	INSERT VERTEX/EDGE     ──▶ InsertVertices | InsertEdges
//	DELETE VERTEX/EDGE/TAG ──▶ [GetNeighbors ▶] DeleteEdges ▶ DeleteVertices | DeleteTags
//	UPDATE/UPSERT          ──▶ UpdateVertex | UpdateEdge
//	FETCH PROP ON tags     ──▶ GetVertices ▶ [Filter] ▶ Project ▶ [Dedup]
//	FETCH PROP ON edges    ──▶ GetEdges ▶ Project ▶ [Dedup]
//	GO                     ──▶ GetNeighbors | Expand ▶ ExpandAll
//	                           [▶ GetVertices ▶ HashLeftJoin]   ($$ properties)
//	                           [▶ Filter] ▶ Project ▶ [Dedup]
//	LOOKUP                 ──▶ IndexScan variants ▶ [Filter] ▶ Project ▶ [Dedup]
//	FIND PATH, GET SUBGRAPH ──▶ see path.go and subgraph.go
//
// Validation (names, properties, types, vertex id types) happens while
// the request is planned, with the schema in the meta client's cache.
// The storage node of a read evaluates every graph reference of the
// statement's WHERE and YIELD ($^.tag.prop, $$.tag.prop, edge properties,
// tag properties, VERTEX, EDGE, $-.col and $var.col of the input it
// joins) into a column of its table; WHERE and YIELD are rewritten to read
// those columns, so the ordinary Filter, Project and Dedup nodes finish
// the statement. Filters that storage can evaluate are pushed into the
// storage request instead.

// graphStmt plans the statements that read or write graph data through the
// storage service; ok is false for statements it does not handle.
func (p *planner) graphStmt(ctx context.Context, st ast.Stmt, in *shape) (out *shape, ok bool, err error) {
	switch s := st.(type) {
	case *ast.InsertVertices:
		out, err = p.insertVertices(ctx, s)
	case *ast.InsertEdges:
		out, err = p.insertEdges(ctx, s)
	case *ast.FetchVertices:
		out, err = p.fetchVertices(ctx, s, in)
	case *ast.FetchEdges:
		out, err = p.fetchEdges(ctx, s, in)
	case *ast.Go:
		out, err = p.goStmt(ctx, s, in)
	case *ast.DeleteVertices:
		out, err = p.deleteVertices(ctx, s, in)
	case *ast.DeleteTags:
		out, err = p.deleteTags(ctx, s, in)
	case *ast.DeleteEdges:
		out, err = p.deleteEdges(ctx, s, in)
	case *ast.UpdateVertex:
		out, err = p.updateVertex(ctx, s)
	case *ast.UpdateEdge:
		out, err = p.updateEdge(ctx, s)
	case *ast.Lookup:
		out, err = p.lookup(ctx, s, in)
	case *ast.FindPath, *ast.GetSubgraph:
		return p.pathStmt(ctx, st, in)
	default:
		return nil, false, nil
	}
	return out, true, err
}

// execGraph runs the plan nodes graphStmt made; ok is false for other
// kinds.
func (e *executor) execGraph(ctx context.Context, n *plan.Node) (t *value.DataSet, ok bool, err error) {
	switch n.Kind {
	case plan.InsertVertices:
		t, err = e.insertVertices(ctx, n)
	case plan.InsertEdges:
		t, err = e.insertEdges(ctx, n)
	case plan.GetVertices:
		t, err = e.getVertices(ctx, n)
	case plan.GetEdges:
		t, err = e.getEdges(ctx, n)
	case plan.GetNeighbors, plan.Expand, plan.ExpandAll:
		t, err = e.traverse(ctx, n)
	case plan.HashLeftJoin, plan.HashInnerJoin:
		t, err = e.hashJoin(n)
	case plan.DeleteVertices, plan.DeleteTags:
		t, err = e.deleteVertices(ctx, n)
	case plan.DeleteEdges:
		t, err = e.deleteEdges(ctx, n)
	case plan.UpdateVertex, plan.UpdateEdge:
		t, err = e.update(ctx, n)
	case plan.IndexScan, plan.TagIndexPrefixScan, plan.TagIndexRangeScan, plan.TagIndexFullScan,
		plan.EdgeIndexPrefixScan, plan.EdgeIndexRangeScan, plan.EdgeIndexFullScan:
		t, err = e.lookup(ctx, n)
	case plan.BFSShortestPath, plan.MultiShortestPath, plan.ProduceAllPaths, plan.Subgraph, plan.DataCollect:
		return e.execPath(ctx, n)
	default:
		return nil, false, nil
	}
	return t, true, err
}
