package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// pathStmt plans FIND PATH and GET SUBGRAPH; ok is false for other
// statements.
func (p *planner) pathStmt(ctx context.Context, st ast.Stmt, in *shape) (out *shape, ok bool, err error) {
	switch s := st.(type) {
	case *ast.FindPath:
		out, err = p.findPath(ctx, s, in)
	case *ast.GetSubgraph:
		out, err = p.getSubgraph(ctx, s, in)
	default:
		return nil, false, nil
	}
	return out, true, err
}

// execPath runs the nodes pathStmt made; ok is false for other nodes.
func (e *executor) execPath(ctx context.Context, n *plan.Node) (t *value.DataSet, ok bool, err error) {
	switch n.Kind {
	case plan.BFSShortestPath, plan.MultiShortestPath, plan.ProduceAllPaths:
		t, err = e.searchPaths(ctx, n)
	case plan.Subgraph:
		t, err = e.subgraph(ctx, n)
	case plan.DataCollect:
		switch job := n.Stmt.(type) {
		case *pathCollectJob:
			t, err = e.collectPaths(ctx, n, job)
		case *subgraphCollectJob:
			t, err = e.collectSubgraph(n, job)
		default:
			return nil, false, nil
		}
	default:
		return nil, false, nil
	}
	return t, true, err
}

// searchPaths runs a search node: every distinct source paired with every
// distinct destination.
func (e *executor) searchPaths(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*findPathJob)
	s := &pathSearch{
		from:   e.vids(job.from, true),
		to:     e.vids(job.to, true),
		upto:   job.upto,
		expand: e.pathExpander(job),
		charge: e.x.mem.charge,
	}
	var paths []*value.Path
	var err error
	if len(s.from) > 0 && len(s.to) > 0 {
		switch {
		case n.Kind == plan.BFSShortestPath:
			paths, err = shortestPair(ctx, s)
		case n.Kind == plan.MultiShortestPath:
			paths, err = shortestPairs(ctx, s, job.kind == ast.FindSingleShortestPath)
		default:
			paths, err = allPaths(ctx, s, job.kind == ast.FindNoLoopPath)
		}
		if err != nil {
			return nil, err
		}
	}
	out := &value.DataSet{ColNames: n.ColNames, Rows: make([]value.Row, len(paths))}
	for i, p := range paths {
		out.Rows[i] = value.Row{Values: []value.Value{value.NewPath(p)}}
	}
	return out, nil
}

// collectPaths is FIND PATH's DataCollect: the search's paths under the
// statement's column name, WITH PROP with their properties.
func (e *executor) collectPaths(ctx context.Context, n *plan.Node, job *pathCollectJob) (*value.DataSet, error) {
	in := e.table(n.InputVar)
	out := &value.DataSet{ColNames: n.ColNames, Rows: in.Rows}
	if !job.withProp || len(in.Rows) == 0 {
		return out, nil
	}
	paths := make([]*value.Path, 0, len(in.Rows))
	for _, r := range in.Rows {
		if len(r.Values) > 0 && r.Values[0].Kind() == value.KindPath {
			paths = append(paths, r.Values[0].Path())
		}
	}
	if err := e.fillPathProps(ctx, job, paths); err != nil {
		return nil, err
	}
	return out, nil
}
