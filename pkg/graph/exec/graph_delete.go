package exec

import (
	"context"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// DELETE VERTEX ids [WITH EDGE], DELETE TAG tags FROM ids and DELETE EDGE
// edge keys, validated as NebulaGraph's DeleteVerticesValidator,
// DeleteTagsValidator and DeleteEdgesValidator. Each is one node; the ids
// or keys are constants or read from the input when it runs. WITH EDGE
// has the storage client find and delete every edge of the vertices (both
// directions, both keys) before the vertices.

// deleteJob is the payload of DeleteVertices and DeleteTags.
type deleteJob struct {
	ast.Stmt
	space    int32
	src      *vidSource
	withEdge bool
	tags     []int32
}

// deleteEdgesJob is DeleteEdges' payload.
type deleteEdgesJob struct {
	ast.Stmt
	space   int32
	edge    int32
	keys    []storage.EdgeKey
	keyRef  *ast.EdgeKeyRef
	table   string
	vidKind value.Kind
}

// deleteIDs validates the ids of DELETE VERTEX and DELETE TAG.
func (p *planner) deleteIDs(g *graphSpace, ids *ast.VertexIDs, in *shape) (*vidSource, *plan.Node, error) {
	if ids.Ref != nil {
		return p.vidSourceWith(g, ids, in, func(ref ast.Expr, kind value.Kind) error {
			return status.Semantic("The vid `%s' should be type of `%s', but was `%s'", ast.NebulaString(ref), g.vidKind, kind)
		})
	}
	src := &vidSource{vidKind: g.vidKind}
	for _, e := range ids.IDs {
		if !evaluable(e) {
			return nil, nil, status.Semantic("`%s' is not an evaluable expression.", ast.NebulaString(e))
		}
		v, err := p.vertexID(g, e)
		if err != nil {
			return nil, nil, err
		}
		src.consts = append(src.consts, v)
	}
	return src, p.start(), nil
}

func (p *planner) deleteVertices(ctx context.Context, s *ast.DeleteVertices, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	src, dep, err := p.deleteIDs(g, s.IDs, in)
	if err != nil {
		return nil, err
	}
	n := p.b.New(plan.DeleteVertices, dep)
	n.Stmt = &deleteJob{Stmt: s, space: g.id, src: src, withEdge: s.WithEdge}
	return &shape{node: n}, nil
}

func (p *planner) deleteTags(ctx context.Context, s *ast.DeleteTags, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	src, dep, err := p.deleteIDs(g, s.IDs, in)
	if err != nil {
		return nil, err
	}
	job := &deleteJob{Stmt: s, space: g.id, src: src}
	if s.Tags == nil {
		all, err := g.meta.Tags(g.id)
		if err != nil {
			return nil, err
		}
		for _, t := range all {
			job.tags = append(job.tags, t.ID)
		}
	} else {
		for _, name := range s.Tags {
			t, err := g.tag(name)
			if err != nil {
				return nil, err
			}
			job.tags = append(job.tags, t.ID)
		}
	}
	n := p.b.New(plan.DeleteTags, dep)
	n.Stmt = job
	return &shape{node: n}, nil
}

func (p *planner) deleteEdges(ctx context.Context, s *ast.DeleteEdges, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	es, err := g.edge(s.Edge)
	if err != nil {
		return nil, err
	}
	job := &deleteEdgesJob{Stmt: s, space: g.id, edge: es.ID, vidKind: g.vidKind}
	dep := p.start()
	if s.KeyRef != nil {
		if dep, err = p.deleteKeyRef(s.KeyRef, in, job); err != nil {
			return nil, err
		}
	} else {
		for _, k := range s.Keys {
			for _, e := range []ast.Expr{k.Src, k.Dst} {
				if !evaluable(e) {
					return nil, status.Semantic("`%s' is not an evaluable expression.", ast.NebulaString(e))
				}
			}
			src, err := p.vertexID(g, k.Src)
			if err != nil {
				return nil, err
			}
			dst, err := p.vertexID(g, k.Dst)
			if err != nil {
				return nil, err
			}
			job.keys = append(job.keys, storage.EdgeKey{Src: src, Type: es.ID, Rank: k.Rank, Dst: dst})
		}
	}
	n := p.b.New(plan.DeleteEdges, dep)
	n.Stmt = job
	return &shape{node: n}, nil
}

// deleteKeyRef checks $-.src->$-.dst@$-.rank (or the $var form) as
// DeleteEdgesValidator::checkInput does.
func (p *planner) deleteKeyRef(ref *ast.EdgeKeyRef, in *shape, job *deleteEdgesJob) (*plan.Node, error) {
	parts := []ast.Expr{ref.Src, ref.Dst}
	if ref.Rank != nil {
		parts = append(parts, ref.Rank)
	}
	var fromInput, fromVar bool
	vars := map[string]bool{}
	for _, e := range parts {
		switch r := e.(type) {
		case *ast.InputProperty:
			fromInput = true
			if in == nil || !hasCol(in.cols, r.Prop) {
				return nil, status.Semantic("`$-.%s', not exist prop `%s'", r.Prop, r.Prop)
			}
		case *ast.VariableProperty:
			fromVar = true
			vars[r.Var] = true
			v, ok := p.vars[r.Var]
			if !ok {
				return nil, status.Semantic("`$%s.%s', not exist variable `%s'", r.Var, r.Prop, r.Var)
			}
			if !hasCol(v.cols, r.Prop) {
				return nil, status.Semantic("`$%s.%s', not exist prop `%s'", r.Var, r.Prop, r.Prop)
			}
		default:
			if !evaluable(e) || e == ref.Src || e == ref.Dst {
				return nil, status.Semantic("`%s' is not an evaluable expression.", ast.NebulaString(e))
			}
		}
	}
	if fromInput && fromVar {
		return nil, status.Semantic("Not support both input and variable.")
	}
	if len(vars) > 1 {
		return nil, status.Semantic("Only one variable allowed to use.")
	}
	job.keyRef = ref
	if fromInput {
		job.table = in.node.OutputVar
		return in.node, nil
	}
	for v := range vars {
		job.table = v
	}
	return p.start(), nil
}

// deleteVids returns a delete's ids: the constants, or the source column's
// non-null values, deduplicated; one of the wrong type fails as in
// NebulaGraph.
func (e *executor) deleteVids(src *vidSource) ([]value.Value, error) {
	if src.ref == nil {
		return e.vids(src, true), nil
	}
	t := newTable(e.table(src.table))
	i, ok := t.idx[src.col]
	if !ok {
		return nil, nil
	}
	set := newRowSet(len(t.ds.Rows))
	var out []value.Value
	for _, r := range t.ds.Rows {
		v := r.Values[i]
		if v.Kind() == value.KindNull || v.Kind() == value.KindEmpty {
			continue
		}
		if v.Kind() != src.vidKind {
			return nil, status.Execution("Wrong srcId type `%s`, value `%s'", v.Kind(), v.String())
		}
		if _, added := set.add([]value.Value{v}); added {
			out = append(out, v)
		}
	}
	return out, nil
}

func (e *executor) deleteVertices(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*deleteJob)
	vids, err := e.deleteVids(job.src)
	if err != nil || len(vids) == 0 {
		return nil, err
	}
	if n.Kind == plan.DeleteTags {
		return nil, storageError(e.x.engine.opts.Storage.DeleteTags(ctx, job.space, vids, job.tags))
	}
	return nil, storageError(e.x.engine.opts.Storage.DeleteVertices(ctx, job.space, vids, job.withEdge))
}

func (e *executor) deleteEdges(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*deleteEdgesJob)
	keys := job.keys
	if job.keyRef != nil {
		t := newTable(e.table(job.table))
		set := newRowSet(len(t.ds.Rows))
		for i := range t.ds.Rows {
			c := e.rowCtx(t, i)
			src, err := evalIn(job.keyRef.Src, c)
			if err != nil {
				return nil, err
			}
			dst, err := evalIn(job.keyRef.Dst, c)
			if err != nil {
				return nil, err
			}
			rank := value.NewInt(0)
			if job.keyRef.Rank != nil {
				if rank, err = evalIn(job.keyRef.Rank, c); err != nil {
					return nil, err
				}
			}
			if src.Kind() != job.vidKind {
				return nil, status.Execution("Wrong srcId type `%s`, value `%s'", src.Kind(), src.String())
			}
			if dst.Kind() != job.vidKind {
				return nil, status.Execution("Wrong dstId type `%s`, value `%s'", dst.Kind(), dst.String())
			}
			if rank.Kind() != value.KindInt {
				return nil, status.Execution("Wrong rank type `%s`, value `%s'", rank.Kind(), rank.String())
			}
			if _, added := set.add([]value.Value{src, rank, dst}); added {
				keys = append(keys, storage.EdgeKey{Src: src, Type: job.edge, Rank: rank.Int(), Dst: dst})
			}
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	return nil, storageError(e.x.engine.opts.Storage.DeleteEdges(ctx, job.space, keys))
}
