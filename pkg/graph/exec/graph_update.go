package exec

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// UPDATE/UPSERT VERTEX and EDGE, validated as NebulaGraph's
// UpdateValidator: SET values, WHEN and YIELD are rewritten so that a bare
// property name reads the updated row ($^.tag.prop for a vertex,
// edge.prop for an edge) and sent to storage as text, which reads the
// row, checks the condition and writes the new row atomically. Each id or
// key is one storage call; the result is one row of YIELD values per
// entity updated (or, when WHEN was false, read as it is).

// updateJob is the payload of UpdateVertex and UpdateEdge.
type updateJob struct {
	ast.Stmt
	space      int32
	schema     *meta.Schema
	vids       []value.Value
	keys       []storage.EdgeKey
	props      []storage.UpdatedProp
	opts       storage.UpdateOptions
	yieldNames []string
	yieldExprs []ast.Expr
}

func (p *planner) updateVertex(ctx context.Context, s *ast.UpdateVertex) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	job := &updateJob{Stmt: s, space: g.id}
	for _, e := range s.VIDs {
		v, err := p.vertexID(g, e)
		if err != nil {
			return nil, err
		}
		job.vids = append(job.vids, v)
	}
	name, err := p.updateClauses(g, job, false, s.Tag, s.Upsert, s.Set, s.When, s.Yield)
	if err != nil {
		return nil, err
	}
	if job.schema, err = g.tag(name); err != nil {
		return nil, status.Semantic("No schema found for `%s'", name)
	}
	n := p.b.New(plan.UpdateVertex, p.start())
	n.Stmt, n.ColNames = job, job.yieldNames
	return &shape{node: n, cols: job.yieldNames, kinds: make([]value.Kind, len(job.yieldNames))}, nil
}

func (p *planner) updateEdge(ctx context.Context, s *ast.UpdateEdge) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	job := &updateJob{Stmt: s, space: g.id}
	name, err := p.updateClauses(g, job, true, s.Edge, s.Upsert, s.Set, s.When, s.Yield)
	if err != nil {
		return nil, err
	}
	if job.schema, err = g.edge(name); err != nil {
		return nil, status.Semantic("No schema found for `%s'", name)
	}
	for _, k := range s.Keys {
		src, err := p.vertexID(g, k.Src)
		if err != nil {
			return nil, err
		}
		dst, err := p.vertexID(g, k.Dst)
		if err != nil {
			return nil, err
		}
		job.keys = append(job.keys, storage.EdgeKey{Src: src, Type: job.schema.ID, Rank: k.Rank, Dst: dst})
	}
	n := p.b.New(plan.UpdateEdge, p.start())
	n.Stmt, n.ColNames = job, job.yieldNames
	return &shape{node: n, cols: job.yieldNames, kinds: make([]value.Kind, len(job.yieldNames))}, nil
}

// updateClauses validates SET, WHEN and YIELD and returns the name of the
// tag or edge type updated.
func (p *planner) updateClauses(g *graphSpace, job *updateJob, edge bool, name string, upsert bool,
	set []*ast.UpdateItem, when ast.Expr, yield *ast.YieldClause) (string, error) {
	job.opts.Insertable = upsert
	syms := map[string]bool{}
	for _, it := range set {
		sym := name
		if it.Schema != "" {
			sym = it.Schema
		}
		syms[sym] = true
		e, err := p.updateExpr(it.Value, sym, edge)
		if err != nil {
			return "", err
		}
		job.props = append(job.props, storage.UpdatedProp{Name: it.Prop, Expr: e.String()})
	}
	if len(syms) != 1 {
		names := make([]string, 0, len(syms))
		for n := range syms {
			names = append(names, n)
		}
		slices.Sort(names)
		return "", status.Semantic("Multi schema name: %s", strings.Join(names, ","))
	}
	for n := range syms {
		if n != "" {
			name = n
		}
	}
	if when != nil {
		cond, err := p.updateExpr(when, name, edge)
		if err != nil {
			return "", err
		}
		sc := p.newRefScope(g, nil)
		resolved, err := sc.resolve(cond)
		if err != nil {
			return "", err
		}
		cols, kinds := sc.refs.cols()
		k, err := p.typer(&shape{cols: cols, kinds: kinds}).deduce(resolved)
		if err != nil {
			return "", err
		}
		if k != value.KindBool && !unknown(k) {
			return "", status.Semantic("`%s', expected Boolean, but was `%s'", ast.NebulaString(cond), k)
		}
		job.opts.Condition = cond.String()
	}
	if yield != nil {
		for _, c := range yield.Columns {
			colName := c.Alias
			if colName == "" {
				colName = ast.NebulaString(c.Expr)
			}
			e, err := p.updateExpr(c.Expr, name, edge)
			if err != nil {
				return "", err
			}
			job.yieldNames = append(job.yieldNames, colName)
			job.yieldExprs = append(job.yieldExprs, e)
			job.opts.Return = append(job.opts.Return, e.String())
		}
	}
	return name, nil
}

// updateExpr checks an expression of an update and rewrites it for
// storage (UpdateValidator::rewriteSymExpr): a bare name is a property of
// the updated row, parameters become their values, and references to
// anything but the updated row are refused.
func (p *planner) updateExpr(e ast.Expr, sym string, edge bool) (ast.Expr, error) {
	wrong := ast.Any(e, func(x ast.Expr) bool {
		switch x.(type) {
		case *ast.Variable, *ast.VariableProperty, *ast.InputProperty, *ast.UUID, *ast.TagProperty,
			*ast.LabelTagProperty, *ast.DestProperty, *ast.EdgeMeta:
			return true
		case *ast.SourceProperty:
			return edge
		case *ast.LabelAttribute, *ast.EdgeProperty:
			return !edge
		}
		return false
	})
	if wrong {
		return nil, status.Semantic("Has wrong expr in `%s'", ast.NebulaString(e))
	}
	var err error
	out := rewriteExpr(e, func(x ast.Expr) (ast.Expr, bool) {
		switch n := x.(type) {
		case *ast.Label:
			if edge {
				return &ast.EdgeProperty{Edge: sym, Prop: n.Name}, true
			}
			return &ast.SourceProperty{Tag: sym, Prop: n.Name}, true
		case *ast.LabelAttribute:
			return &ast.EdgeProperty{Edge: n.Label, Prop: n.Attr}, true
		case *ast.Parameter:
			v, perr := p.x.evalConst(n)
			if perr != nil {
				err = perr
				return x, true
			}
			// Storage sees no parameters: it gets their values.
			if lit, ok := eval.Expr(v); ok {
				return lit, true
			}
		}
		return nil, false
	})
	return out, err
}

func isFilteredOut(err error) bool {
	var se *storage.Error
	return errors.As(err, &se) && se.Code == common.ErrorCode_E_FILTER_OUT
}

func (e *executor) update(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*updateJob)
	client := e.x.engine.opts.Storage
	var out *value.DataSet
	if len(job.yieldNames) > 0 {
		out = &value.DataSet{ColNames: job.yieldNames}
	}
	count := len(job.vids) + len(job.keys)
	for i := range count {
		var ds *value.DataSet
		var err error
		if n.Kind == plan.UpdateVertex {
			ds, err = client.UpdateVertex(ctx, job.space, job.vids[i], job.schema.ID, job.props, job.opts)
		} else {
			ds, err = client.UpdateEdge(ctx, job.space, job.keys[i], job.props, job.opts)
		}
		if isFilteredOut(err) {
			if out != nil {
				row, err := e.currentRow(ctx, job, i)
				if err != nil {
					return nil, err
				}
				if row != nil {
					out.Rows = append(out.Rows, *row)
				}
			}
			continue
		}
		if err != nil {
			return nil, storageError(updateError(err))
		}
		if out != nil && ds != nil && len(ds.Rows) > 0 && len(ds.Rows[0].Values) > 0 {
			out.Rows = append(out.Rows, value.Row{Values: ds.Rows[0].Values[1:]})
		}
	}
	return out, nil
}

// updateError words a failed update's row as NebulaGraph's storage does
// for updates: a missing or NULL not-null value is an invalid field value,
// a value the column cannot hold is invalid data.
func updateError(err error) error {
	var se *storage.Error
	if !errors.As(err, &se) {
		return err
	}
	code := se.Code
	switch code {
	case common.ErrorCode_E_NOT_NULLABLE, common.ErrorCode_E_FIELD_UNSET:
		code = common.ErrorCode_E_INVALID_FIELD_VALUE
	case common.ErrorCode_E_DATA_TYPE_MISMATCH, common.ErrorCode_E_OUT_OF_RANGE:
		code = common.ErrorCode_E_INVALID_DATA
	default:
		return err
	}
	out := *se
	out.Code = code
	return &out
}

// currentRow evaluates YIELD on the row an update left alone because its
// condition was false, as NebulaGraph returns it.
func (e *executor) currentRow(ctx context.Context, job *updateJob, i int) (*value.Row, error) {
	c := &updateCtx{rowCtx: &rowCtx{x: e.x}}
	client := e.x.engine.opts.Storage
	if i < len(job.vids) {
		var l vertexLayout
		l.addTag(job.schema, true)
		ds, err := client.GetVertexProps(ctx, job.space, job.vids[i:i+1], &gstorage.GetPropRequest{VertexProps: l.request()})
		if err != nil {
			return nil, storageError(err)
		}
		if len(ds.Rows) == 0 {
			return nil, nil
		}
		if c.vertex = l.fromProps(ds.Rows[0].Values[0], ds.Rows[0].Values[1:]); c.vertex == nil {
			return nil, nil
		}
	} else {
		l := edgeLayout{typ: job.schema.ID, name: job.schema.Name, props: schemaProps(job.schema)}
		ds, err := client.GetEdgeProps(ctx, job.space, job.keys[i-len(job.vids):i-len(job.vids)+1],
			&gstorage.GetPropRequest{EdgeProps: []*gstorage.EdgeProp{l.request()}})
		if err != nil {
			return nil, storageError(err)
		}
		if len(ds.Rows) == 0 {
			return nil, nil
		}
		if c.edge = l.edge(ds.Rows[0].Values); c.edge == nil {
			return nil, nil
		}
	}
	vals := make([]value.Value, len(job.yieldExprs))
	for j, x := range job.yieldExprs {
		v, err := evalIn(x, c)
		if err != nil {
			return nil, err
		}
		vals[j] = v
	}
	return &value.Row{Values: vals}, nil
}

// updateCtx evaluates an update's YIELD in graphd over the row read.
type updateCtx struct {
	*rowCtx
	vertex *value.Vertex
	edge   *value.Edge
}

func (c *updateCtx) SrcProp(tag, prop string) (value.Value, error) {
	return tagPropOf(c.vertex, tag, prop), nil
}

func (c *updateCtx) EdgeProp(edge, prop string) (value.Value, error) {
	return edgePropOf(c.edge, edge, prop), nil
}
