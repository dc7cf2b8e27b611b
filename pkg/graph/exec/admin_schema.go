package exec

import (
	"context"
	"fmt"
	"strings"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// Tags and edge types: CREATE, ALTER, DROP, DESCRIBE, SHOW, SHOW CREATE.

var (
	descSchemaCols = []adminCol{
		{"Field", value.KindString}, {"Type", value.KindString}, {"Null", value.KindString},
		{"Default", value.KindEmpty}, {"Comment", value.KindString},
	}
	showCreateTagCols  = []adminCol{{"Tag", value.KindString}, {"Create Tag", value.KindString}}
	showCreateEdgeCols = []adminCol{{"Edge", value.KindString}, {"Create Edge", value.KindString}}
)

// propertyTypes maps the type names of column definitions to property
// types; LIST< > and SET< > are in containerTypes.
var propertyTypes = map[string]kvstore.PropertyType{
	"BOOL": kvstore.TypeBool, "INT8": kvstore.TypeInt8, "INT16": kvstore.TypeInt16,
	"INT32": kvstore.TypeInt32, "INT64": kvstore.TypeInt64, "FLOAT": kvstore.TypeFloat,
	"DOUBLE": kvstore.TypeDouble, "STRING": kvstore.TypeString, "FIXED_STRING": kvstore.TypeFixedString,
	"TIMESTAMP": kvstore.TypeTimestamp, "DATE": kvstore.TypeDate, "TIME": kvstore.TypeTime,
	"DATETIME": kvstore.TypeDateTime, "DURATION": kvstore.TypeDuration, "GEOGRAPHY": kvstore.TypeGeography,
}

// containerTypes maps LIST and SET with their element type to property
// types: NebulaGraph has lists and sets of strings, integers and floats.
var containerTypes = map[[2]string]kvstore.PropertyType{
	{"LIST", "STRING"}: kvstore.TypeListString, {"LIST", "INT64"}: kvstore.TypeListInt,
	{"LIST", "FLOAT"}: kvstore.TypeListFloat, {"SET", "STRING"}: kvstore.TypeSetString,
	{"SET", "INT64"}: kvstore.TypeSetInt, {"SET", "FLOAT"}: kvstore.TypeSetFloat,
}

// propertyType is the property type of a column definition's type.
func propertyType(t *ast.ColumnType) (kvstore.PropertyType, bool) {
	if t.Elem != nil {
		pt, ok := containerTypes[[2]string{t.Name, t.Elem.Name}]
		return pt, ok
	}
	pt, ok := propertyTypes[t.Name]
	return pt, ok
}

var geoShapes = map[string]gmeta.GeoShape{
	"": gmeta.GeoShape_ANY, "POINT": gmeta.GeoShape_POINT,
	"LINESTRING": gmeta.GeoShape_LINESTRING, "POLYGON": gmeta.GeoShape_POLYGON,
}

// createSchema validates CREATE TAG|EDGE as NebulaGraph's
// CreateTagValidator: a name created earlier in the same request,
// duplicate columns, bad defaults and TTL options are refused.
func (p *planner) createSchema(s *ast.CreateSchema) (*adminNode, error) {
	a, err := p.inSpace(pick(s.Edge, plan.CreateEdge, plan.CreateTag), s, nil)
	if err != nil {
		return nil, err
	}
	if p.earlier(func(n *plan.Node) bool {
		prior, ok := n.Stmt.(*ast.CreateSchema)
		return ok && prior.Name == s.Name
	}) {
		return nil, status.Semantic("Has the same name `%s' in the SequentialSentences", s.Name)
	}
	if _, _, err := p.x.createSchemaRequest(s); err != nil {
		return nil, err
	}
	return a, nil
}

// createSchemaRequest turns CREATE TAG|EDGE into the columns and
// properties of the meta request.
func (x *run) createSchemaRequest(s *ast.CreateSchema) ([]meta.Column, meta.SchemaProps, error) {
	seen := map[string]bool{}
	for _, c := range s.Columns {
		if seen[c.Name] {
			return nil, meta.SchemaProps{}, status.Semantic("Duplicate column name `%s'", c.Name)
		}
		seen[c.Name] = true
	}
	cols, err := x.columns(s.Columns, false)
	if err != nil {
		return nil, meta.SchemaProps{}, err
	}
	props, err := createProps(s.Options, cols)
	return cols, props, err
}

// columns converts column definitions, evaluating defaults as
// NebulaGraph's validateColumns does: a default must be a constant
// expression; it is folded (raising "Divide by 0" and the like) and kept
// in its folded text. Defaults that call the clock or the random source
// (now(), time(), rand()) are marked volatile: they are evaluated again
// on every write. A column is nullable unless NOT NULL; in ALTER a NOT
// NULL column needs a default.
func (x *run) columns(specs []*ast.ColumnSpec, alter bool) ([]meta.Column, error) {
	out := make([]meta.Column, 0, len(specs))
	for _, spec := range specs {
		typ, ok := propertyType(spec.Type)
		if !ok {
			return nil, status.Semantic("Column type `%s' of `%s' is not supported", spec.Type.String(), spec.Name)
		}
		c := meta.Column{Column: kvstore.Column{Name: spec.Name, Type: typ, Nullable: true}}
		switch typ {
		case kvstore.TypeFixedString:
			c.FixedLen = int(spec.Type.Length)
		case kvstore.TypeGeography:
			c.GeoShape = geoShapes[spec.Type.Shape]
		}
		for _, pr := range spec.Props {
			switch pr.Kind {
			case ast.PropNull:
				c.Nullable = true
			case ast.PropNotNull:
				c.Nullable = false
			case ast.PropComment:
				c.Comment = pr.Comment
			case ast.PropDefault:
				if err := x.setDefault(&c, pr.Default); err != nil {
					return nil, err
				}
			}
		}
		if alter && !c.Nullable && !c.HasDefault {
			return nil, status.Semantic("Column `%s' must have a default value if it's not nullable", spec.Name)
		}
		out = append(out, c)
	}
	return out, nil
}

// setDefault gives c the default e.
func (x *run) setDefault(c *meta.Column, e ast.Expr) error {
	if !eval.IsConstant(e) {
		return status.Semantic("Wrong default value expression `%s'", ast.NebulaString(e))
	}
	folded, err := x.fold(e)
	if err != nil {
		return err
	}
	v, err := evalIn(folded, &rowCtx{x: x})
	if err != nil {
		return err
	}
	c.HasDefault, c.Default = true, v
	c.DefaultExpr = ast.NebulaString(folded)
	c.DefaultVolatile = ast.Any(folded, isImpureCall)
	return nil
}

// isImpureCall reports whether e calls a function that reads the clock or
// the random source.
func isImpureCall(e ast.Expr) bool {
	fc, ok := e.(*ast.FunctionCall)
	if !ok {
		return false
	}
	fn, err := function.Lookup(fc.Name, len(fc.Args))
	return err == nil && !fn.Pure(len(fc.Args))
}

// createProps checks the options of CREATE TAG|EDGE as NebulaGraph's
// SchemaUtil::validateProps: the TTL column must be one of the columns,
// of type INT64 or TIMESTAMP, and a TTL duration needs a TTL column.
func createProps(opts []*ast.SchemaOption, cols []meta.Column) (meta.SchemaProps, error) {
	var props meta.SchemaProps
	if len(opts) == 0 {
		return props, nil
	}
	for _, o := range opts {
		switch o.Kind {
		case ast.TTLDuration:
			d := o.Int
			props.TTLDuration = &d
		case ast.TTLCol:
			col := o.Str
			if col != "" {
				found := false
				for _, c := range cols {
					if c.Name != col {
						continue
					}
					found = true
					if c.Type != kvstore.TypeInt64 && c.Type != kvstore.TypeTimestamp {
						return props, status.Execution("Ttl column type illegal")
					}
				}
				if !found {
					return props, status.Execution("Ttl column name not exist in columns")
				}
			}
			props.TTLCol = &col
		case ast.SchemaComment:
			comment := o.Str
			props.Comment = &comment
		}
	}
	if props.TTLDuration != nil && *props.TTLDuration != 0 && (props.TTLCol == nil || *props.TTLCol == "") {
		return props, status.Execution("Implicit ttl_col not support")
	}
	return props, nil
}

// alterProps takes the options of ALTER TAG|EDGE as they are; metad checks
// them against the altered columns.
func alterProps(opts []*ast.SchemaOption) meta.SchemaProps {
	var props meta.SchemaProps
	for _, o := range opts {
		switch o.Kind {
		case ast.TTLDuration:
			d := o.Int
			props.TTLDuration = &d
		case ast.TTLCol:
			col := o.Str
			props.TTLCol = &col
		case ast.SchemaComment:
			comment := o.Str
			props.Comment = &comment
		}
	}
	return props
}

// alterSchema validates ALTER TAG|EDGE as NebulaGraph's AlterTagValidator.
func (p *planner) alterSchema(s *ast.AlterSchema) (*adminNode, error) {
	a, err := p.inSpace(pick(s.Edge, plan.AlterEdge, plan.AlterTag), s, nil)
	if err != nil {
		return nil, err
	}
	if _, err := p.x.alterItems(s); err != nil {
		return nil, err
	}
	return a, nil
}

// alterItems converts the operations of ALTER TAG|EDGE; a column may
// appear once across all of them.
func (x *run) alterItems(s *ast.AlterSchema) ([]meta.AlterItem, error) {
	seen := map[string]bool{}
	unique := func(name string) error {
		if seen[name] {
			return status.Semantic("Duplicate column name `%s'", name)
		}
		seen[name] = true
		return nil
	}
	items := make([]meta.AlterItem, 0, len(s.Ops))
	for _, op := range s.Ops {
		var it meta.AlterItem
		switch op.Kind {
		case ast.AlterDrop:
			it.Op = gmeta.AlterSchemaOp_DROP
			for _, name := range op.Names {
				if err := unique(name); err != nil {
					return nil, err
				}
				it.Columns = append(it.Columns, meta.Column{Column: kvstore.Column{Name: name}})
			}
		case ast.AlterAdd, ast.AlterChange:
			it.Op = gmeta.AlterSchemaOp_ADD
			if op.Kind == ast.AlterChange {
				it.Op = gmeta.AlterSchemaOp_CHANGE
			}
			for _, c := range op.Columns {
				if err := unique(c.Name); err != nil {
					return nil, err
				}
			}
			cols, err := x.columns(op.Columns, true)
			if err != nil {
				return nil, err
			}
			it.Columns = cols
		}
		items = append(items, it)
	}
	return items, nil
}

func execCreateSchema(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	s := n.Stmt.(*ast.CreateSchema)
	cols, props, err := e.x.createSchemaRequest(s)
	if err != nil {
		return nil, err
	}
	_, err = mc.CreateSchema(ctx, s.Edge, sp.ID, s.Name, cols, props, s.IfNotExists)
	return nil, err
}

func execAlterSchema(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	s := n.Stmt.(*ast.AlterSchema)
	items, err := e.x.alterItems(s)
	if err != nil {
		return nil, err
	}
	return nil, mc.AlterSchema(ctx, s.Edge, sp.ID, s.Name, items, alterProps(s.Options))
}

func execDropSchema(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	s := n.Stmt.(*ast.DropSchema)
	return nil, mc.DropSchema(ctx, s.Edge, sp.ID, s.Name, s.IfExists)
}

// columnType is NebulaGraph's lower-case text of a column's type:
// "int64", "fixed_string(8)", "geography(point)".
func columnType(t kvstore.PropertyType, fixedLen int, shape gmeta.GeoShape) string {
	switch t {
	case kvstore.TypeFixedString:
		return fmt.Sprintf("fixed_string(%d)", fixedLen)
	case kvstore.TypeGeography:
		if shape != gmeta.GeoShape_ANY {
			return "geography(" + strings.ToLower(shape.String()) + ")"
		}
	}
	return strings.ToLower(t.String())
}

// latestSchema asks metad for the newest version of a tag or edge type of
// the current space: "TagNotFound: Tag not existed!" (or the edge
// wording) when there is none.
func latestSchema(e *executor, ctx context.Context, mc *meta.Client, edge bool, name string) (*meta.SchemaVersion, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	// NB: the listing carries every version, the latest last, which is
	// what a DESCRIBE needs; a per-name lookup would save little.
	all, err := mc.ListSchemas(ctx, edge, sp.ID)
	if err != nil {
		return nil, err
	}
	for _, s := range all {
		if s.Name == name {
			return s.Latest(), nil
		}
	}
	if edge {
		return nil, meta.ErrEdgeNotFound
	}
	return nil, meta.ErrTagNotFound
}

// execDescSchema lists the columns of a tag or edge type. A default shows
// as its value, or as its text when it is evaluated on every write.
func execDescSchema(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.DescribeSchema)
	sv, err := latestSchema(e, ctx, mc, s.Edge, s.Name)
	if err != nil {
		return nil, err
	}
	ds := emptyTable(n)
	for _, c := range sv.Columns {
		null := "NO"
		if c.Nullable {
			null = "YES"
		}
		def := value.Empty
		switch {
		case c.HasDefault && c.DefaultVolatile:
			def = value.NewString(c.DefaultExpr)
		case c.HasDefault:
			def = c.Default
		}
		addRow(ds, value.NewString(c.Name), value.NewString(columnType(c.Type, c.FixedLen, c.GeoShape)),
			value.NewString(null), def, strOrEmpty(c.Comment))
	}
	return ds, nil
}

// defaultText is a default as SHOW CREATE prints it: NebulaGraph prints a
// constant default as the constant, any other as its expression.
func defaultText(c meta.Column) string {
	if c.DefaultVolatile {
		return c.DefaultExpr
	}
	if lit, ok := eval.Literal(c.Default); ok {
		return ast.NebulaString(lit)
	}
	return c.Default.String()
}

// execShowCreateSchema prints the CREATE statement of a tag or edge type
// in NebulaGraph's layout.
func execShowCreateSchema(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	s := n.Stmt.(*ast.Show)
	edge := s.Kind == ast.ShowCreateEdge
	sv, err := latestSchema(e, ctx, mc, edge, s.Name)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if edge {
		fmt.Fprintf(&b, "CREATE EDGE `%s` (\n", s.Name)
	} else {
		fmt.Fprintf(&b, "CREATE TAG `%s` (\n", s.Name)
	}
	for i, c := range sv.Columns {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, " `%s` %s", c.Name, columnType(c.Type, c.FixedLen, c.GeoShape))
		if c.Nullable {
			b.WriteString(" NULL")
		} else {
			b.WriteString(" NOT NULL")
		}
		if c.HasDefault {
			b.WriteString(" DEFAULT " + defaultText(c))
		}
		if c.Comment != "" {
			fmt.Fprintf(&b, " COMMENT \"%s\"", c.Comment)
		}
	}
	if len(sv.Columns) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, ") ttl_duration = %d, ttl_col = \"%s\"", sv.TTL.Duration, sv.TTL.Col)
	if sv.Comment != "" {
		fmt.Fprintf(&b, ", comment = \"%s\"", sv.Comment)
	}
	ds := emptyTable(n)
	addRow(ds, value.NewString(s.Name), value.NewString(b.String()))
	return ds, nil
}

// execShowSchemas lists the tags (or edge types) of the current space.
func execShowSchemas(e *executor, ctx context.Context, mc *meta.Client, n *plan.Node) (*value.DataSet, error) {
	sp, err := e.space()
	if err != nil {
		return nil, err
	}
	schemas, err := mc.ListSchemas(ctx, n.Kind == plan.ShowEdges, sp.ID)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(schemas))
	for _, s := range schemas {
		names = append(names, s.Name)
	}
	return nameTable(n, names), nil
}
