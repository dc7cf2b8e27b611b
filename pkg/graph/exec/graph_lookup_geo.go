package exec

import (
	"strings"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/geo"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// LOOKUP ... WHERE <geo predicate>, as NebulaGraph's LookupValidator and
// GeoPredicate{Tag,Edge}IndexScanRule handle it. The predicate is
// normalised to fn(schema.prop, <constant geography>[, ...]):
//
//   - ST_Intersects, ST_Covers, ST_CoveredBy and ST_DWithin with the
//     property second swap their arguments (ST_Covers and ST_CoveredBy
//     trading names);
//   - ST_Distance(a, b) < d becomes ST_DWithin(a, b, d, true), <= d
//     ST_DWithin(a, b, d, false); other comparisons are not supported.
//
// When the whole condition is one such predicate and a geography index
// covers the property, the scan is an IndexScan with one context per S2
// cell range of the constant's covering (geo.ScanRanges), each carrying
// the predicate as its storage filter. Inside AND/OR, or without such an
// index, it is a full scan under a Filter.

// geoIndexPredicates are the functions a geography index can answer.
var geoIndexPredicates = map[string]bool{"st_intersects": true, "st_covers": true, "st_coveredby": true, "st_dwithin": true}

// geoCond is a normalised geo predicate.
type geoCond struct {
	call   *ast.FunctionCall // fn(schema.prop, constant, ...), as storage parses it
	fn     string            // its lower-case name
	prop   string
	shape  *value.Geography // the constant
	meters float64          // ST_DWithin's distance
}

func isCallOf(e ast.Expr, name string) bool {
	c, ok := e.(*ast.FunctionCall)
	return ok && strings.EqualFold(c.Name, name)
}

// isGeoPredicate reports whether e is a predicate a geography index may
// accelerate (ExpressionUtils::isGeoIndexAcceleratedPredicate).
func isGeoPredicate(e ast.Expr) bool {
	switch n := e.(type) {
	case *ast.Binary:
		return n.Op.IsRelational() && (isCallOf(n.Left, "st_distance") || isCallOf(n.Right, "st_distance"))
	case *ast.FunctionCall:
		return geoIndexPredicates[strings.ToLower(n.Name)]
	}
	return false
}

// checkGeoArgs accepts a call with at least two arguments exactly one of
// which, among the first two, is a property.
func checkGeoArgs(c *ast.FunctionCall) error {
	if len(c.Args) < 2 {
		return status.Semantic("Expression %s has not enough arguments", ast.NebulaString(c))
	}
	_, first := c.Args[0].(*ast.LabelAttribute)
	_, second := c.Args[1].(*ast.LabelAttribute)
	if first == second {
		return status.Semantic("Expression %s not supported yet", ast.NebulaString(c))
	}
	return nil
}

// checkGeoPredicate validates and normalises a geo predicate (see above).
func (p *planner) checkGeoPredicate(job *lookupJob, e ast.Expr) (*geoCond, error) {
	if b, ok := e.(*ast.Binary); ok {
		for _, side := range []ast.Expr{b.Left, b.Right} {
			if c, ok := side.(*ast.FunctionCall); ok {
				if err := checkGeoArgs(c); err != nil {
					return nil, err
				}
			}
		}
		if _, ok := b.Right.(*ast.FunctionCall); ok {
			r, ok := reversed[b.Op]
			if !ok {
				return nil, status.Semantic("Expression %s not supported yet", ast.NebulaString(b))
			}
			b = &ast.Binary{Op: r, Left: b.Right, Right: b.Left}
		}
		dist, ok := b.Left.(*ast.FunctionCall)
		if !ok || (b.Op != ast.OpLT && b.Op != ast.OpLE) {
			return nil, status.Semantic("Expression %s not supported yet", ast.NebulaString(b))
		}
		if len(dist.Args) != 2 {
			return nil, status.Semantic("Expression %s has wrong number arguments", ast.NebulaString(dist))
		}
		e = &ast.FunctionCall{Name: "st_dwithin",
			Args: []ast.Expr{dist.Args[0], dist.Args[1], b.Right, &ast.BoolLiteral{Value: b.Op == ast.OpLT}}}
	}
	c := e.(*ast.FunctionCall)
	if err := checkGeoArgs(c); err != nil {
		return nil, err
	}
	name := strings.ToLower(c.Name)
	args := append([]ast.Expr(nil), c.Args...)
	if _, ok := args[1].(*ast.LabelAttribute); ok {
		args[0], args[1] = args[1], args[0]
		switch name {
		case "st_covers":
			name = "st_coveredby"
		case "st_coveredby":
			name = "st_covers"
		}
		c = &ast.FunctionCall{Name: name, Args: args}
	}
	la := args[0].(*ast.LabelAttribute)
	if la.Label != job.schema.Name {
		return nil, status.Semantic("Schema name error: %s", la.Label)
	}
	// Fold, then check the constant as LookupValidator::checkConstExpr does.
	vals := make([]value.Value, len(args))
	kinds := make([]value.Kind, len(args))
	for i := 1; i < len(args); i++ {
		folded, err := p.x.fold(args[i])
		if err != nil {
			return nil, err
		}
		if !evaluable(folded) {
			return nil, status.Semantic("'%s' is not an evaluable expression.", ast.NebulaString(folded))
		}
		if vals[i], err = p.x.evalConst(folded); err != nil {
			return nil, err
		}
		kinds[i] = vals[i].Kind()
	}
	col := columnOf(job.schema, la.Attr)
	if col == nil {
		return nil, status.Semantic("Invalid column: %s", la.Attr)
	}
	kinds[0] = propKind(col.Type)
	if vals[1].Kind() != kinds[0] {
		return nil, status.Semantic("Column type error : %s", la.Attr)
	}
	// The rewritten call must type-check (DeduceTypeVisitor on the filter):
	// ST_DWithin(g, p, true) and ST_Distance(g, p) < true fail here.
	if _, err := function.ReturnType(name, kinds); err != nil {
		return nil, status.Semantic("`%s' is not a valid expression : %s", ast.NebulaString(c), err.Error())
	}
	g := &geoCond{fn: name, prop: la.Attr, shape: vals[1].Geography()}
	out := &ast.FunctionCall{Name: c.Name, Args: []ast.Expr{la, geographyExpr(g.shape)}}
	for i := 2; i < len(args); i++ {
		lit, ok := eval.Literal(vals[i])
		if !ok {
			return nil, status.Semantic("'%s' is not an evaluable expression.", ast.NebulaString(args[i]))
		}
		out.Args = append(out.Args, lit)
	}
	if name == "st_dwithin" {
		g.meters = toMeters(vals[2])
	}
	g.call = out
	return g, nil
}

func toMeters(v value.Value) float64 {
	if v.Kind() == value.KindInt {
		return float64(v.Int())
	}
	return v.Float()
}

// geographyExpr is an expression storage evaluates to g: ST_Point for a
// point (valid or not), ST_GeogFromText of its WKT otherwise.
func geographyExpr(g *value.Geography) ast.Expr {
	if g.Shape == value.GeoPoint {
		return &ast.FunctionCall{Name: "ST_Point", Args: []ast.Expr{
			&ast.FloatLiteral{Value: g.Point.X}, &ast.FloatLiteral{Value: g.Point.Y}}}
	}
	return &ast.FunctionCall{Name: "ST_GeogFromText", Args: []ast.Expr{&ast.StringLiteral{Value: g.WKT()}}}
}

// hasGeoCond reports whether a normalised condition holds one of job's
// geo predicates.
func (job *lookupJob) hasGeoCond(e ast.Expr) bool {
	return ast.Any(e, func(x ast.Expr) bool {
		c, ok := x.(*ast.FunctionCall)
		return ok && job.geo[c] != nil
	})
}

// planGeo plans a lookup whose whole condition is g: the index scan of
// g's cell ranges on the last geography index of the property (the last,
// as NebulaGraph takes the last index of the schema). ok is false when no
// index covers the property.
func (job *lookupJob) planGeo(indexes []*meta.Index, g *geoCond) (plan.Kind, bool, error) {
	var ix *meta.Index
	for _, cand := range indexes {
		if len(cand.Fields) > 0 && cand.Fields[0].Name == g.prop && cand.Fields[0].Type == kvstore.TypeGeography {
			ix = cand
		}
	}
	if ix == nil {
		return "", false, nil
	}
	within := 0.0
	if g.fn == "st_dwithin" {
		within = g.meters
	}
	opts := geo.CoverOptions{MaxLevel: int(ix.S2MaxLevel), MaxCells: int(ix.S2MaxCells)}
	ranges, err := geo.ScanRanges(g.shape, opts, ix.Fields[0].GeoShape == gmeta.GeoShape_POINT, within)
	if err != nil {
		return "", false, status.Execution("%s", err.Error())
	}
	filter := []byte(g.call.String())
	field := []byte(g.prop)
	for _, r := range ranges {
		h := &gstorage.IndexColumnHint{ColumnName: field, ScanType: gstorage.ScanType_PREFIX,
			BeginValue: value.ToThrift(value.NewInt(int64(r.Min))), EndValue: value.ToThrift(value.Empty)}
		if !r.Exact() {
			h.ScanType = gstorage.ScanType_RANGE
			h.EndValue = value.ToThrift(value.NewInt(int64(r.Max)))
			h.IncludeBegin, h.IncludeEnd = true, true
		}
		job.contexts = append(job.contexts, &gstorage.IndexQueryContext{IndexID: indexID(ix),
			Filter: filter, ColumnHints: []*gstorage.IndexColumnHint{h}})
	}
	return plan.IndexScan, true, nil
}

// asCall returns e as a function call, or nil.
func asCall(e ast.Expr) *ast.FunctionCall {
	c, _ := e.(*ast.FunctionCall)
	return c
}
