package exec

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/eval"
	"github.com/novagraph/novagraph/pkg/value"
)

// LOOKUP ON schema [WHERE cond] YIELD ..., validated as NebulaGraph's
// LookupValidator, planned as its index rules choose:
//
//	<Tag|Edge>IndexPrefixScan | ...RangeScan | ...FullScan | IndexScan
//	    [▶ Filter] ▶ Project [▶ Dedup]
//
// The condition is put in disjunctive normal form; each conjunction is
// one index query context. For each, the index of the schema whose
// leading fields the conjunction pins with equalities (then bounds with a
// range) the most is chosen; what the hints do not cover travels to
// storage as the context's filter. A single context with no hint is a
// full scan, and its condition is evaluated by a Filter node, as in
// NebulaGraph. IN with a constant list is a disjunction of equalities.
// Geography predicates are planned apart (graph_lookup_geo.go).

// lookupJob is an index scan node's payload.
type lookupJob struct {
	ast.Stmt
	space    int32
	schema   *meta.Schema
	edge     bool
	contexts []*gstorage.IndexQueryContext
	returns  []string
	refs     []*graphRef
	limit    scanLimit // pushed down by the optimizer
	// geo maps the normalised geo predicates of the condition (see
	// graph_lookup_geo.go) to what they test.
	geo map[*ast.FunctionCall]*geoCond
}

// lookupCond is one relational condition on a property, normalised to
// schema.prop <op> constant.
type lookupCond struct {
	prop string
	op   ast.BinaryOp
	val  value.Value
	expr ast.Expr // the normalised condition, as storage parses it
}

func (p *planner) lookup(ctx context.Context, s *ast.Lookup, in *shape) (*shape, error) {
	g, err := p.graphSpace(ctx, s)
	if err != nil {
		return nil, err
	}
	job := &lookupJob{Stmt: s, space: g.id}
	if job.schema, err = g.tag(s.On); err != nil {
		if job.schema, err = g.edge(s.On); err != nil {
			return nil, status.Execution("`%s' is nonexistent", s.On)
		}
		job.edge = true
	}
	var dnf [][]lookupCond
	var norm ast.Expr
	if s.Where != nil {
		if _, ok := s.Where.(*ast.TextSearch); ok {
			return nil, status.Semantic("text search index not found")
		}
		if err := p.undefinedParams(s.Where); err != nil {
			return nil, err
		}
		norm, err = p.checkLookupFilter(job, s.Where)
		if err != nil {
			return nil, err
		}
		if !job.hasGeoCond(norm) {
			dnf = lookupDNF(norm)
		}
	}
	if s.Yield == nil {
		return nil, status.Semantic("Missing yield clause.")
	}
	for _, c := range s.Yield.Columns {
		illegal := isEdgeRef
		if job.edge {
			illegal = isVertexRef
		}
		if ast.Any(c.Expr, illegal) {
			return nil, status.Semantic("illegal yield clauses `%s'", yieldColumnText(c))
		}
		if la, ok := c.Expr.(*ast.LabelAttribute); ok && la.Label != s.On {
			return nil, status.Semantic("Schema name error: %s", la.Label)
		}
	}
	sc := p.newRefScope(g, in)
	sc.edgeLabels = job.edge
	var where ast.Expr
	if s.Where != nil {
		if where, err = sc.resolve(s.Where); err != nil {
			return nil, err
		}
	}
	cols, err := sc.columns(s.Yield.Columns)
	if err != nil {
		return nil, err
	}
	if sc.refs.has(refInput, refVar) {
		return nil, status.Semantic("unsupported input/variable property expression in yield.")
	}
	if sc.refs.has(refSrcProp, refDstProp, refSrcVertex, refDstVertex) {
		return nil, status.Semantic("unsupported src/dst property expression in yield.")
	}
	indexes, err := g.meta.Indexes(g.id, job.edge)
	if err != nil {
		return nil, err
	}
	var mine []*meta.Index
	for _, ix := range indexes {
		if ix.SchemaID == job.schema.ID {
			mine = append(mine, ix)
		}
	}
	if len(mine) == 0 {
		return nil, status.Execution("There is no index to use at runtime")
	}
	var kind plan.Kind
	keepFilter, geoPlanned := false, false
	if g := job.geo[asCall(norm)]; g != nil {
		if kind, geoPlanned, err = job.planGeo(mine, g); err != nil {
			return nil, err
		}
	}
	switch {
	case geoPlanned:
	case job.hasGeoCond(norm):
		// A geo predicate among others, or without a geography index: a
		// full scan filtered in graphd.
		job.contexts = []*gstorage.IndexQueryContext{{IndexID: indexID(mine[0])}}
		kind, keepFilter = job.kind("FullScan"), true
	default:
		kind, keepFilter = job.plan(mine, dnf)
	}
	if !keepFilter {
		where = nil
	}
	// EXPLAIN prints the condition on the schema's properties, constants
	// folded, as NebulaGraph's Filter over an index scan holds it.
	sc.shownWhere = norm
	job.refs = sc.refs.list
	if job.edge {
		job.returns = append(slices.Clone(edgeBuiltins), schemaProps(job.schema)...)
	} else {
		job.returns = append([]string{"_vid"}, schemaProps(job.schema)...)
	}
	scan := p.b.New(kind, p.start())
	scan.Stmt = job
	scan.ColNames, _ = sc.refs.cols()
	return p.finishRead(sc, scan, cols, where, s.Yield.Distinct)
}

// checkLookupFilter validates the condition as LookupValidator::checkFilter
// does and returns it with every relational leaf normalised.
func (p *planner) checkLookupFilter(job *lookupJob, e ast.Expr) (ast.Expr, error) {
	if isGeoPredicate(e) {
		g, err := p.checkGeoPredicate(job, e)
		if err != nil {
			return nil, err
		}
		if job.geo == nil {
			job.geo = map[*ast.FunctionCall]*geoCond{}
		}
		job.geo[g.call] = g
		return g.call, nil
	}
	switch n := e.(type) {
	case *ast.Logical:
		if n.Op == ast.OpXor {
			break
		}
		ops := make([]ast.Expr, len(n.Operands))
		for i, o := range n.Operands {
			r, err := p.checkLookupFilter(job, o)
			if err != nil {
				return nil, err
			}
			ops[i] = r
		}
		return &ast.Logical{Op: n.Op, Operands: ops}, nil
	case *ast.Binary:
		if n.Op.IsRelational() {
			return p.checkLookupRel(job, n)
		}
	}
	return nil, status.Semantic("Expression %s not supported yet", ast.NebulaString(e))
}

// reversed is the operator that keeps a comparison's meaning when its
// operands swap.
var reversed = map[ast.BinaryOp]ast.BinaryOp{
	ast.OpEQ: ast.OpEQ, ast.OpNE: ast.OpNE, ast.OpLT: ast.OpGT, ast.OpLE: ast.OpGE, ast.OpGT: ast.OpLT, ast.OpGE: ast.OpLE,
}

func (p *planner) checkLookupRel(job *lookupJob, n *ast.Binary) (ast.Expr, error) {
	switch n.Op {
	case ast.OpRegex, ast.OpContains, ast.OpNotContains, ast.OpEndsWith, ast.OpNotStartsWith, ast.OpNotEndsWith:
		return nil, status.Semantic("Expression %s is not supported, please use full-text index as an optimal solution",
			ast.NebulaString(n))
	}
	_, lAttr := n.Left.(*ast.LabelAttribute)
	_, rAttr := n.Right.(*ast.LabelAttribute)
	if lAttr == rAttr {
		return nil, status.Semantic("Expression %s not supported yet", ast.NebulaString(n))
	}
	op, left, right := n.Op, n.Left, n.Right
	if rAttr {
		r, ok := reversed[op]
		if !ok {
			return nil, status.Semantic("Expression %s not supported yet", ast.NebulaString(n))
		}
		op, left, right = r, n.Right, n.Left
	}
	la := left.(*ast.LabelAttribute)
	if la.Label != job.schema.Name {
		return nil, status.Semantic("Schema name error: %s", la.Label)
	}
	right, err := p.x.fold(right)
	if err != nil {
		return nil, err
	}
	if !evaluable(right) {
		return nil, status.Semantic("'%s' is not an evaluable expression.", ast.NebulaString(right))
	}
	col := columnOf(job.schema, la.Attr)
	if col == nil {
		return nil, status.Semantic("Invalid column: %s", la.Attr)
	}
	v, err := p.x.evalConst(right)
	if err != nil {
		return nil, err
	}
	want := propKind(col.Type)
	switch {
	case want == value.KindFloat && v.Kind() == value.KindInt:
		v = value.NewFloat(float64(v.Int()))
	case want == value.KindInt && v.Kind() == value.KindFloat:
		// col < 10.5 scans [min, 11); col >= 40.0 scans [40, max).
		f := v.Float()
		if op == ast.OpGE || op == ast.OpLT {
			if math.Abs(f-math.Ceil(f)) < 1e-8 {
				v = value.NewInt(int64(math.Floor(f)))
			} else {
				v = value.NewInt(int64(math.Ceil(f)))
			}
		} else {
			v = value.NewInt(int64(math.Floor(f)))
		}
	case v.Kind() != want:
		switch right.(type) {
		case *ast.List, *ast.Set, *ast.Map:
		default:
			return nil, status.Semantic("Column type error : %s", la.Attr)
		}
	}
	lit, ok := eval.Literal(v)
	if !ok {
		lit = right
	}
	return &ast.Binary{Op: op, Left: la, Right: lit}, nil
}

// lookupDNF returns the normalised condition as a disjunction of
// conjunctions of conditions; IN a constant list becomes equalities.
func lookupDNF(e ast.Expr) [][]lookupCond {
	switch n := e.(type) {
	case *ast.Logical:
		if n.Op == ast.OpOr {
			var out [][]lookupCond
			for _, o := range n.Operands {
				out = append(out, lookupDNF(o)...)
			}
			return out
		}
		out := [][]lookupCond{{}}
		for _, o := range n.Operands {
			var next [][]lookupCond
			for _, left := range out {
				for _, right := range lookupDNF(o) {
					next = append(next, append(slices.Clone(left), right...))
				}
			}
			out = next
		}
		return out
	case *ast.Binary:
		la := n.Left.(*ast.LabelAttribute)
		if n.Op == ast.OpIn {
			if l, ok := n.Right.(*ast.List); ok && len(l.Items) > 0 {
				var out [][]lookupCond
				for _, it := range l.Items {
					eq := &ast.Binary{Op: ast.OpEQ, Left: la, Right: it}
					v, _ := eval.Eval(it, nil)
					out = append(out, []lookupCond{{prop: la.Attr, op: ast.OpEQ, val: v, expr: eq}})
				}
				return out
			}
		}
		v, _ := eval.Eval(n.Right, nil)
		return [][]lookupCond{{{prop: la.Attr, op: n.Op, val: v, expr: n}}}
	}
	return [][]lookupCond{{}}
}

// plan picks an index per conjunction and returns the scan node's kind
// and whether a Filter node must evaluate the condition.
func (job *lookupJob) plan(indexes []*meta.Index, dnf [][]lookupCond) (plan.Kind, bool) {
	if len(dnf) == 0 {
		job.contexts = []*gstorage.IndexQueryContext{{IndexID: indexID(indexes[0])}}
		return job.kind("FullScan"), false
	}
	hinted := false
	ranged := false
	for _, conj := range dnf {
		qc, hasRange := bestIndex(indexes, conj)
		hinted = hinted || len(qc.ColumnHints) > 0
		ranged = ranged || hasRange
		job.contexts = append(job.contexts, qc)
	}
	switch {
	case !hinted:
		// No index helps any conjunction: one full scan, filtered in
		// graphd, as NebulaGraph plans it.
		job.contexts = []*gstorage.IndexQueryContext{{IndexID: indexID(indexes[0])}}
		return job.kind("FullScan"), true
	case len(job.contexts) > 1:
		return plan.IndexScan, false
	case ranged:
		return job.kind("RangeScan"), false
	}
	return job.kind("PrefixScan"), false
}

func (job *lookupJob) kind(scan string) plan.Kind {
	if job.edge {
		return plan.Kind("EdgeIndex" + scan)
	}
	return plan.Kind("TagIndex" + scan)
}

// bestIndex builds the query context of one conjunction on the index it
// pins the most: equalities on leading fields, then a range on the next.
func bestIndex(indexes []*meta.Index, conj []lookupCond) (*gstorage.IndexQueryContext, bool) {
	var best *gstorage.IndexQueryContext
	var bestUsed map[int]bool
	bestScore, bestRange := -1, false
	for _, ix := range indexes {
		qc := &gstorage.IndexQueryContext{IndexID: indexID(ix)}
		used := map[int]bool{}
		score, hasRange := 0, false
		for _, f := range ix.Fields {
			eq := slices.IndexFunc(conj, func(c lookupCond) bool {
				return c.prop == f.Name && c.op == ast.OpEQ && c.val.Kind() != value.KindNull
			})
			if eq >= 0 {
				// A value longer than the index keeps only its prefix
				// there: the condition stays in the filter too.
				used[eq] = !inexact(f, conj[eq].val)
				score += 2
				qc.ColumnHints = append(qc.ColumnHints, &gstorage.IndexColumnHint{ColumnName: []byte(f.Name),
					ScanType: gstorage.ScanType_PREFIX, BeginValue: value.ToThrift(conj[eq].val), EndValue: value.ToThrift(value.Empty)})
				continue
			}
			if h := rangeHint(f, conj, used); h != nil {
				qc.ColumnHints = append(qc.ColumnHints, h)
				score++
				hasRange = true
			}
			break
		}
		if score > bestScore || (score == bestScore && len(ix.Fields) < fieldCount(indexes, best)) {
			best, bestUsed, bestScore, bestRange = qc, used, score, hasRange
		}
	}
	var rest []ast.Expr
	for i, c := range conj {
		if !bestUsed[i] {
			rest = append(rest, c.expr)
		}
	}
	switch len(rest) {
	case 0:
	case 1:
		best.Filter = []byte(rest[0].String())
	default:
		best.Filter = []byte((&ast.Logical{Op: ast.OpAnd, Operands: rest}).String())
	}
	return best, bestRange
}

// rangeHint combines a conjunction's bounds on field into one RANGE hint,
// marking the conditions it consumes; nil if there are none.
func rangeHint(f meta.IndexField, conj []lookupCond, used map[int]bool) *gstorage.IndexColumnHint {
	field := f.Name
	var lo, hi *lookupCond
	loIncl, hiIncl := false, false
	var mine []int
	for i := range conj {
		c := &conj[i]
		if c.prop != field || c.val.Kind() == value.KindNull || c.val.Kind() == value.KindEmpty {
			continue
		}
		switch c.op {
		case ast.OpStartsWith:
			// prefix p scans [p, the first string after every p...).
			if c.val.Kind() != value.KindString {
				continue
			}
			p := c.val.Str()
			if lo == nil || strings.Compare(p, lo.val.Str()) > 0 {
				lo, loIncl = &lookupCond{prop: c.prop, op: ast.OpGE, val: c.val}, true
			}
			if end, ok := prefixEnd(p); ok && (hi == nil || value.Compare(value.NewString(end), hi.val) < 0) {
				hi, hiIncl = &lookupCond{prop: c.prop, op: ast.OpLT, val: value.NewString(end)}, false
			}
		case ast.OpGT, ast.OpGE:
			incl := c.op == ast.OpGE
			if lo == nil || value.Compare(c.val, lo.val) > 0 || (value.Compare(c.val, lo.val) == 0 && !incl) {
				lo, loIncl = c, incl
			}
		case ast.OpLT, ast.OpLE:
			incl := c.op == ast.OpLE
			if hi == nil || value.Compare(c.val, hi.val) < 0 || (value.Compare(c.val, hi.val) == 0 && !incl) {
				hi, hiIncl = c, incl
			}
		default:
			continue
		}
		mine = append(mine, i)
	}
	if lo == nil && hi == nil {
		return nil
	}
	for _, i := range mine {
		used[i] = !inexact(f, conj[i].val)
	}
	h := &gstorage.IndexColumnHint{ColumnName: []byte(field), ScanType: gstorage.ScanType_RANGE,
		BeginValue: value.ToThrift(value.Empty), EndValue: value.ToThrift(value.Empty)}
	if lo != nil {
		h.BeginValue, h.IncludeBegin = value.ToThrift(lo.val), loIncl
	}
	if hi != nil {
		h.EndValue, h.IncludeEnd = value.ToThrift(hi.val), hiIncl
	}
	return h
}

// inexact reports whether the index keeps only a prefix of v (a string
// longer than the field's length), so that a hint on it needs the
// condition checked again.
func inexact(f meta.IndexField, v value.Value) bool {
	return f.Len > 0 && v.Kind() == value.KindString && len(v.Str()) > f.Len
}

// prefixEnd returns the least string greater than every string starting
// with p; ok is false when there is none (p empty or all 0xff bytes).
func prefixEnd(p string) (string, bool) {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

func indexID(ix *meta.Index) common.IndexID { return common.IndexID(ix.ID) }

func fieldCount(indexes []*meta.Index, qc *gstorage.IndexQueryContext) int {
	if qc == nil {
		return math.MaxInt
	}
	for _, ix := range indexes {
		if indexID(ix) == qc.IndexID {
			return len(ix.Fields)
		}
	}
	return math.MaxInt
}

func (e *executor) lookup(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	job := n.Stmt.(*lookupJob)
	out := &value.DataSet{ColNames: n.ColNames}
	ds, err := job.scan(ctx, e, namesBytes(job.returns))
	if err != nil {
		return nil, err
	}
	props := job.returns[1:]
	if job.edge {
		props = job.returns[len(edgeBuiltins):]
	}
	for _, r := range ds.Rows {
		if len(r.Values) != len(job.returns) {
			continue
		}
		row := &graphRow{}
		if job.edge {
			row.edge = edgeLayout{typ: job.schema.ID, name: job.schema.Name, props: props}.edge(r.Values)
		} else {
			row.vertex = &value.Vertex{VID: r.Values[0], Tags: []value.Tag{
				tagOf(tagLayout{id: job.schema.ID, name: job.schema.Name, props: props}, r.Values[1:])}}
		}
		vals := make([]value.Value, len(job.refs))
		for i, ref := range job.refs {
			vals[i] = ref.eval(row)
		}
		out.Rows = append(out.Rows, value.Row{Values: vals})
	}
	return out, nil
}

// scan runs the job's index scan, returning the given columns, at most
// its limit of rows.
func (job *lookupJob) scan(ctx context.Context, e *executor, returns [][]byte) (*value.DataSet, error) {
	req := &gstorage.LookupIndexRequest{
		Indices:       &gstorage.IndexSpec{Contexts: job.contexts},
		ReturnColumns: returns,
	}
	if job.limit.set {
		n := job.limit.n
		req.Limit = &n
	}
	ds, err := e.x.engine.opts.Storage.LookupIndex(ctx, job.space, req)
	if err != nil {
		return nil, storageError(err)
	}
	if job.limit.set && int64(len(ds.Rows)) > job.limit.n {
		ds.Rows = ds.Rows[:job.limit.n]
	}
	return ds, nil
}

func namesBytes(ns []string) [][]byte {
	out := make([][]byte, len(ns))
	for i, n := range ns {
		out[i] = []byte(n)
	}
	return out
}
