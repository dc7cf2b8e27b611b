package exec

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// Tag and edge indexes: CREATE, DROP, DESCRIBE, SHOW, SHOW CREATE. metad
// checks the fields (they must exist, a STRING field needs a prefix
// length, an index on the same fields must not exist).

var (
	descIndexCols           = []adminCol{{"Field", value.KindString}, {"Type", value.KindString}}
	showCreateTagIndexCols  = []adminCol{{"Tag Index Name", value.KindString}, {"Create Tag Index", value.KindString}}
	showCreateEdgeIndexCols = []adminCol{{"Edge Index Name", value.KindString}, {"Create Edge Index", value.KindString}}
)

// showIndexesCols are the columns of SHOW TAG|EDGE INDEXES: the schema
// column only when the indexes of every schema are listed.
func showIndexesCols(edge bool, by string) []adminCol {
	cols := []adminCol{{"Index Name", value.KindString}}
	if by == "" {
		cols = append(cols, adminCol{pickStr(edge, "By Edge", "By Tag"), value.KindString})
	}
	return append(cols, adminCol{"Columns", value.KindList})
}

func pickStr(edge bool, ifEdge, ifTag string) string {
	if edge {
		return ifEdge
	}
	return ifTag
}

func (p *planner) createIndex(s *ast.CreateIndex) (*adminNode, error) {
	return p.inSpace(pick(s.Edge, plan.CreateEdgeIndex, plan.CreateTagIndex), s, nil)
}

// indexSpec turns CREATE TAG|EDGE INDEX into the meta request.
func indexSpec(space int32, s *ast.CreateIndex) meta.IndexSpec {
	spec := meta.IndexSpec{Space: space, Name: s.Name, Schema: s.On, Comment: s.Comment, IfNotExists: s.IfNotExists}
	for _, f := range s.Fields {
		// NB: metad refuses prefixes longer than 256; a length beyond the
		// wire's int16 is clamped so that it is refused the same way.
		spec.Fields = append(spec.Fields, meta.IndexFieldSpec{Name: f.Name, PrefixLen: int16(min(f.Length, math.MaxInt16))})
	}
	if len(s.Params) > 0 {
		spec.Params = &gmeta.IndexParams{}
		for _, pr := range s.Params {
			v := int32(pr.Value)
			if pr.Kind == ast.S2MaxLevel {
				spec.Params.S2MaxLevel = &v
			} else {
				spec.Params.S2MaxCells = &v
			}
		}
	}
	return spec
}

func execCreateIndex(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	s := n.Stmt.(*ast.CreateIndex)
	_, err = mc.CreateIndex(ctx, s.Edge, indexSpec(sp.ID, s))
	return nil, err
}

func execDropIndex(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	s := n.Stmt.(*ast.DropIndex)
	return nil, mc.DropIndex(ctx, s.Edge, sp.ID, s.Name, s.IfExists)
}

func getIndex(e *executor, ctx context.Context, mc *meta.Client, edge bool, name string) (*meta.Index, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	return mc.GetIndex(ctx, edge, sp.ID, name)
}

// execDescIndex lists an index's fields and their types; a STRING field
// shows as the fixed-length prefix the index keeps.
func execDescIndex(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.DescribeIndex)
	ix, err := getIndex(e, ctx, mc, s.Edge, s.Name)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, f := range ix.Fields {
		addRow(ds, value.NewString(f.Name), value.NewString(columnType(f.Type, f.Len, f.GeoShape)))
	}
	return ds, nil
}

// execShowCreateIndex prints an index's CREATE statement in NebulaGraph's
// layout.
func execShowCreateIndex(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.Show)
	edge := s.Kind == ast.ShowCreateEdgeIndex
	ix, err := getIndex(e, ctx, mc, edge, s.Name)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE %s INDEX `%s` ON `%s` (\n", pickStr(edge, "EDGE", "TAG"), s.Name, ix.SchemaName)
	for i, f := range ix.Fields {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, " `%s`", f.Name)
		if f.Type == kvstore.TypeFixedString {
			fmt.Fprintf(&b, "(%d)", f.Len)
		}
	}
	if len(ix.Fields) > 0 {
		b.WriteString("\n")
	}
	b.WriteString(")")
	var params []string
	if ix.S2MaxLevel != 0 {
		params = append(params, fmt.Sprintf("s2_max_level = %d", ix.S2MaxLevel))
	}
	if ix.S2MaxCells != 0 {
		params = append(params, fmt.Sprintf("s2_max_cells = %d", ix.S2MaxCells))
	}
	if len(params) > 0 {
		b.WriteString(" WITH (" + strings.Join(params, ", ") + ")")
	}
	if ix.Comment != "" {
		fmt.Fprintf(&b, " comment \"%s\"", ix.Comment)
	}
	ds := emptyTable(n)
	addRow(ds, value.NewString(s.Name), value.NewString(b.String()))
	return ds, nil
}

// execShowIndexes lists the indexes of the current space by name, or those
// of one tag or edge type (SHOW ... INDEXES BY name).
func execShowIndexes(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	s := n.Stmt.(*ast.Show)
	list, err := mc.ListIndexes(ctx, s.Kind == ast.ShowEdgeIndexes, sp.ID)
	if err != nil {
		return nil, err
	}
	list = append([]*meta.Index(nil), list...)
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	ds := emptyTable(n)
	for _, ix := range list {
		if s.Name != "" && ix.SchemaName != s.Name {
			continue
		}
		fields := make([]value.Value, 0, len(ix.Fields))
		for _, f := range ix.Fields {
			fields = append(fields, value.NewString(f.Name))
		}
		row := []value.Value{value.NewString(ix.Name)}
		if s.Name == "" {
			row = append(row, value.NewString(ix.SchemaName))
		}
		addRow(ds, append(row, value.NewList(fields))...)
	}
	return ds, nil
}
