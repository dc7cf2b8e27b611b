package exec

import (
	"context"
	"fmt"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/parser"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// INSERT VERTEX and INSERT EDGE are validated, their values evaluated, as
// NebulaGraph's InsertVerticesValidator and InsertEdgesValidator do; the
// plan is one node that sends the rows to storage. Type checks of the
// values against the schema are storage's, as in NebulaGraph.

// insertVerticesJob is an InsertVertices node's payload.
type insertVerticesJob struct {
	ast.Stmt
	space     int32
	vertices  []storage.NewVertex
	propNames map[int32][]string
	ifNotExists,
	ignoreIndex bool
}

// insertEdgesJob is an InsertEdges node's payload: every edge with the
// values of all the edge type's properties, in schema order.
type insertEdgesJob struct {
	ast.Stmt
	space     int32
	edges     []storage.NewEdge
	propNames []string
	ifNotExists,
	ignoreIndex bool
}

func (p *planner) insertVertices(ctx context.Context, s *ast.InsertVertices) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	if len(s.Rows) == 0 {
		return nil, status.Semantic("VALUES cannot be empty")
	}
	if len(s.Tags) == 0 {
		return nil, status.Semantic("Insert vertex is forbidden, please specify the tag")
	}
	type tagItem struct {
		schema *meta.Schema
		names  []string
		// volatile are the properties not given whose defaults must be
		// evaluated on every write (now(), rand(), ...).
		volatile []*meta.Column
	}
	items := make([]tagItem, 0, len(s.Tags))
	propSize := 0
	for _, t := range s.Tags {
		sc, err := g.tag(t.Name)
		if err != nil {
			return nil, status.Semantic("No schema found for `%s'", t.Name)
		}
		it := tagItem{schema: sc}
		if t.AllProps {
			for _, c := range sc.Latest().Columns {
				it.names = append(it.names, c.Name)
			}
		} else {
			for _, prop := range t.Props {
				if columnOf(sc, prop) == nil {
					return nil, status.Semantic("Unknown column `%s' in schema", prop)
				}
				it.names = append(it.names, prop)
			}
		}
		for i := range sc.Latest().Columns {
			c := &sc.Latest().Columns[i]
			if c.HasDefault && c.DefaultVolatile && !slices.Contains(it.names, c.Name) {
				it.volatile = append(it.volatile, c)
			}
		}
		propSize += len(it.names)
		items = append(items, it)
	}
	job := &insertVerticesJob{Stmt: s, space: g.id, propNames: map[int32][]string{},
		ifNotExists: s.IfNotExists, ignoreIndex: s.IgnoreExistedIndex}
	for _, it := range items {
		names := slices.Clone(it.names)
		for _, c := range it.volatile {
			names = append(names, c.Name)
		}
		job.propNames[it.schema.ID] = names
	}
	for _, row := range s.Rows {
		if len(row.Values) != propSize {
			return nil, status.Semantic("Column count doesn't match value count.")
		}
		if !evaluable(row.VID) {
			return nil, status.Semantic("Wrong vid expression `%s'", ast.NebulaString(row.VID))
		}
		vid, err := p.vertexID(g, row.VID)
		if err != nil {
			return nil, err
		}
		for _, v := range row.Values {
			if !evaluable(v) {
				return nil, status.Semantic("Insert wrong value: `%s'.", ast.NebulaString(v))
			}
		}
		vals, err := p.x.constValues(row.Values)
		if err != nil {
			return nil, err
		}
		nv := storage.NewVertex{VID: vid}
		used := 0
		for _, it := range items {
			props := slices.Clone(vals[used : used+len(it.names)])
			used += len(it.names)
			for _, c := range it.volatile {
				v, err := p.x.columnDefault(c)
				if err != nil {
					return nil, err
				}
				props = append(props, v)
			}
			nv.Tags = append(nv.Tags, storage.NewTag{Tag: it.schema.ID, Props: props})
		}
		job.vertices = append(job.vertices, nv)
	}
	n := p.b.New(plan.InsertVertices, p.start())
	n.Stmt = job
	return &shape{node: n}, nil
}

// vertexID evaluates a constant vertex id and checks its type
// (SchemaUtil::toVertexID).
func (p *planner) vertexID(g *graphSpace, e ast.Expr) (value.Value, error) {
	v, err := p.x.evalConst(e)
	if err != nil {
		return value.Value{}, err
	}
	if !g.validVid(v) {
		return value.Value{}, status.Execution("Wrong vertex id type: %s", ast.NebulaString(e))
	}
	return v, nil
}

// columnDefault evaluates a column's default for a write: the stored value,
// or for a volatile default its expression, again.
func (x *run) columnDefault(c *meta.Column) (value.Value, error) {
	if !c.DefaultVolatile {
		return c.Default, nil
	}
	e, err := parser.ParseExpr(c.DefaultExpr)
	if err != nil {
		return value.Value{}, fmt.Errorf("default of %s: %w", c.Name, err)
	}
	return x.evalConst(e)
}

func (p *planner) insertEdges(ctx context.Context, s *ast.InsertEdges) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	sc, err := g.edge(s.Edge)
	if err != nil {
		return nil, err
	}
	cols := sc.Latest().Columns
	names := s.Props
	if s.AllProps {
		names = nil
		for _, c := range cols {
			names = append(names, c.Name)
		}
	} else {
		for _, prop := range names {
			if columnOf(sc, prop) == nil {
				return nil, status.Semantic("Unknown column `%s' in schema", prop)
			}
		}
	}
	job := &insertEdgesJob{Stmt: s, space: g.id, ifNotExists: s.IfNotExists, ignoreIndex: s.IgnoreExistedIndex}
	for _, c := range cols {
		job.propNames = append(job.propNames, c.Name)
	}
	for _, row := range s.Rows {
		if len(row.Values) != len(names) {
			return nil, status.Semantic("Column count doesn't match value count.")
		}
		if !evaluable(row.Src) {
			return nil, status.Semantic("Wrong src vid expression `%s'", ast.NebulaString(row.Src))
		}
		if !evaluable(row.Dst) {
			return nil, status.Semantic("Wrong dst vid expression `%s'", ast.NebulaString(row.Dst))
		}
		src, err := p.vertexID(g, row.Src)
		if err != nil {
			return nil, err
		}
		dst, err := p.vertexID(g, row.Dst)
		if err != nil {
			return nil, err
		}
		for _, v := range row.Values {
			if !evaluable(v) {
				return nil, status.Semantic("Insert wrong value: `%s'.", ast.NebulaString(v))
			}
		}
		vals, err := p.x.constValues(row.Values)
		if err != nil {
			return nil, err
		}
		// NebulaGraph fills every property here: given, default, or NULL.
		props := make([]value.Value, len(cols))
		for i := range cols {
			c := &cols[i]
			j := slices.Index(names, c.Name)
			switch {
			case j >= 0:
				if !c.Nullable && vals[j].Kind() == value.KindNull {
					return nil, status.Semantic("The non-nullable property `%s' could not be NULL.", c.Name)
				}
				props[i] = vals[j]
			case c.HasDefault:
				v, err := p.x.columnDefault(c)
				if err != nil {
					return nil, err
				}
				props[i] = v
			case c.Nullable:
				props[i] = value.Null
			default:
				return nil, status.Semantic("The property `%s' is not nullable and has no default value.", c.Name)
			}
		}
		job.edges = append(job.edges, storage.NewEdge{
			EdgeKey: storage.EdgeKey{Src: src, Type: sc.ID, Rank: row.Rank, Dst: dst},
			Props:   props,
		})
	}
	n := p.b.New(plan.InsertEdges, p.start())
	n.Stmt = job
	return &shape{node: n}, nil
}

func (e *executor) insertVertices(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*insertVerticesJob)
	err := e.x.engine.opts.Storage.AddVertices(ctx, job.space, job.vertices, job.propNames, job.ifNotExists, job.ignoreIndex)
	return nil, storageError(err)
}

func (e *executor) insertEdges(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*insertEdgesJob)
	err := e.x.engine.opts.Storage.AddEdges(ctx, job.space, job.edges, job.propNames, job.ifNotExists, job.ignoreIndex)
	return nil, storageError(err)
}
