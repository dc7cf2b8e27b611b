package exec

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// executor runs a plan: every node once, after its dependencies, with
// independent dependencies running concurrently. Each node's table is kept
// under its output variable for the nodes that read it.
type executor struct {
	x       *run
	profile bool

	mu struct {
		sync.Mutex
		tables map[string]*value.DataSet
		calls  map[*plan.Node]*call
		// dstRows are the destination rows a GO traversal got with its
		// edges (dst_props), by the traversal's output variable, for the
		// $$ GetVertices that reads it.
		dstRows map[string]*value.DataSet
	}
}

// call is one node's execution, shared by every node depending on it.
type call struct {
	done  chan struct{}
	table *value.DataSet
	err   error
}

func newExecutor(x *run, profile bool) *executor {
	e := &executor{x: x, profile: profile}
	e.mu.tables = map[string]*value.DataSet{}
	e.mu.calls = map[*plan.Node]*call{}
	return e
}

// run executes n (and, first, what it depends on) and returns its table.
func (e *executor) run(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	e.mu.Lock()
	if c, ok := e.mu.calls[n]; ok {
		e.mu.Unlock()
		<-c.done
		return c.table, c.err
	}
	c := &call{done: make(chan struct{})}
	e.mu.calls[n] = c
	e.mu.Unlock()
	defer close(c.done)

	start := time.Now()
	if c.err = e.deps(ctx, n); c.err != nil {
		return nil, c.err
	}
	if err := ctx.Err(); err != nil {
		c.err = status.Execution("Execution had been killed: %v", err)
		return nil, c.err
	}
	execStart := time.Now()
	c.table, c.err = e.exec(ctx, n)
	if c.err == nil {
		c.err = e.x.mem.chargeTable(c.table)
	}
	if c.err != nil {
		return nil, c.err
	}
	if e.profile {
		var rows int64
		if c.table != nil {
			rows = int64(len(c.table.Rows))
		}
		n.Record(plan.Profile{Rows: rows, Exec: time.Since(execStart), Total: time.Since(start)})
	}
	e.mu.Lock()
	e.mu.tables[n.OutputVar] = c.table
	e.mu.Unlock()
	return c.table, nil
}

// deps runs n's dependencies, concurrently when there are several; it
// returns once all have finished, with the first error.
func (e *executor) deps(ctx context.Context, n *plan.Node) error {
	switch len(n.Deps) {
	case 0:
		return nil
	case 1:
		_, err := e.run(ctx, n.Deps[0])
		return err
	}
	errs := make([]error, len(n.Deps))
	var wg sync.WaitGroup
	// The last runs on this goroutine, whose stack has already grown.
	last := len(n.Deps) - 1
	for i, d := range n.Deps[:last] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.run(ctx, d)
		}()
	}
	_, errs[last] = e.run(ctx, n.Deps[last])
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// table returns the table stored under a variable; a variable no node has
// written reads as an empty table.
func (e *executor) table(name string) *value.DataSet {
	e.mu.Lock()
	defer e.mu.Unlock()
	return orEmpty(e.mu.tables[name])
}

func (e *executor) exec(ctx context.Context, n *plan.Node) (*value.DataSet, error) {
	if t, ok, err := e.execMatch(ctx, n); ok {
		return t, err
	}
	switch n.Kind {
	case plan.Start:
		return &value.DataSet{Rows: []value.Row{{}}}, nil
	case plan.Project:
		return e.project(n)
	case plan.Filter:
		return e.filter(n)
	case plan.Aggregate:
		return e.aggregate(n)
	case plan.Sort:
		return e.sort(n)
	case plan.Limit:
		in := e.table(n.InputVar)
		off := min(max(n.Offset, 0), int64(len(in.Rows)))
		end := min(off+max(n.Count, 0), int64(len(in.Rows)))
		return &value.DataSet{ColNames: in.ColNames, Rows: in.Rows[off:end]}, nil
	case plan.Dedup:
		return distinct(e.table(n.InputVar)), nil
	case plan.Union, plan.Intersect, plan.Minus:
		return e.setOp(n)
	case plan.SwitchSpace:
		return nil, e.x.use(ctx, n.Space)
	}
	if t, ok, err := e.execSession(ctx, n); ok {
		return t, err
	}
	if t, ok, err := e.execGraph(ctx, n); ok {
		return t, err
	}
	return e.execAdmin(ctx, n)
}

// rowCtx returns the context of row i of a node's input table: as $- and
// as the $var the clause iterates; i < 0 is no row.
func (e *executor) rowCtx(in *table, i int) *rowCtx {
	c := &rowCtx{x: e.x}
	if i >= 0 {
		row := in.ds.Rows[i].Values
		c.input, c.inRow = in, row
		c.vars, c.varRow = in, row
	}
	return c
}

func (e *executor) project(n *plan.Node) (*value.DataSet, error) {
	in := newTable(e.table(n.InputVar))
	out := &value.DataSet{ColNames: n.ColNames, Rows: make([]value.Row, 0, len(in.ds.Rows))}
	cols := columnsOf(n)
	if idx, ok := inputColumns(cols, in); ok {
		// Every column reads an input column ($-.x), as the last node of
		// most GO and FETCH plans does: copy them, without evaluating an
		// expression in a row context per value.
		var slab value.Slab
		for _, r := range in.ds.Rows {
			vals := slab.Take(len(idx))
			for _, i := range idx {
				if i < len(r.Values) {
					vals = append(vals, r.Values[i])
				} else {
					vals = append(vals, value.Empty)
				}
			}
			out.Rows = append(out.Rows, value.Row{Values: vals})
		}
		return out, nil
	}
	for i := range in.ds.Rows {
		row, err := evalColumns(cols, e.rowCtx(in, i))
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func (e *executor) filter(n *plan.Node) (*value.DataSet, error) {
	in := newTable(e.table(n.InputVar))
	out := &value.DataSet{ColNames: in.ds.ColNames}
	for i, r := range in.ds.Rows {
		ok, err := passes(n.Condition, e.rowCtx(in, i))
		if err != nil {
			return nil, err
		}
		if ok {
			out.Rows = append(out.Rows, r)
		}
	}
	return out, nil
}

// group is one group of an aggregation: the first row that fell into it
// (for the non-aggregate parts of the output) and one accumulator per
// aggregate call.
type group struct {
	first int
	accs  []function.Aggregator
}

// aggregate groups the input rows by the node's keys and evaluates its
// columns once per group, each aggregate call answered from the group's
// accumulator. With no keys an empty input still makes one group, so
// count(*) over nothing is 0.
func (e *executor) aggregate(n *plan.Node) (*value.DataSet, error) {
	var calls []*ast.Aggregate
	for _, c := range n.Columns {
		ast.Walk(c.Expr, func(x ast.Expr) bool {
			if a, ok := x.(*ast.Aggregate); ok {
				calls = append(calls, a)
				return false
			}
			return true
		})
	}
	newGroup := func(first int) *group {
		g := &group{first: first, accs: make([]function.Aggregator, len(calls))}
		for i, a := range calls {
			g.accs[i], _ = function.NewAggregator(a.Name, a.Distinct) // the planner checked the names
		}
		return g
	}
	in := newTable(e.table(n.InputVar))
	set := newRowSet(16)
	var groups []*group
	for i := range in.ds.Rows {
		c := e.rowCtx(in, i)
		key := make([]value.Value, len(n.GroupKeys))
		for j, k := range n.GroupKeys {
			v, err := evalIn(k, c)
			if err != nil {
				return nil, err
			}
			key[j] = v
		}
		idx, added := set.add(key)
		if added {
			groups = append(groups, newGroup(i))
		}
		g := groups[idx]
		for j, a := range calls {
			if a.IsCountStar() {
				g.accs[j].Add(value.NewInt(1))
				continue
			}
			v, err := evalIn(a.Arg, c)
			if err != nil {
				return nil, err
			}
			g.accs[j].Add(v)
		}
	}
	if len(groups) == 0 && len(n.GroupKeys) == 0 {
		groups = append(groups, newGroup(-1))
	}
	out := &value.DataSet{ColNames: n.ColNames, Rows: make([]value.Row, 0, len(groups))}
	cols := columnsOf(n)
	for _, g := range groups {
		c := e.rowCtx(in, g.first)
		c.aggs = make(map[*ast.Aggregate]value.Value, len(calls))
		for j, a := range calls {
			c.aggs[a] = g.accs[j].Result()
		}
		row, err := evalColumns(cols, c)
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// sort orders the input stably by the node's factors with NebulaGraph's
// total order of values.
func (e *executor) sort(n *plan.Node) (*value.DataSet, error) {
	in := newTable(e.table(n.InputVar))
	type keyed struct {
		row  value.Row
		keys []value.Value
	}
	rows := make([]keyed, len(in.ds.Rows))
	for i := range in.ds.Rows {
		c := e.rowCtx(in, i)
		keys := make([]value.Value, len(n.Factors))
		for j, f := range n.Factors {
			v, err := evalIn(f.Expr, c)
			if err != nil {
				return nil, err
			}
			keys[j] = v
		}
		rows[i] = keyed{in.ds.Rows[i], keys}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		for j, f := range n.Factors {
			c := value.Compare(rows[a].keys[j], rows[b].keys[j])
			if c == 0 {
				continue
			}
			if f.Desc {
				return c > 0
			}
			return c < 0
		}
		return false
	})
	out := &value.DataSet{ColNames: in.ds.ColNames, Rows: make([]value.Row, len(rows))}
	for i, k := range rows {
		out.Rows[i] = k.row
	}
	return out, nil
}

// setOp runs UNION ALL (DISTINCT is a Dedup on top), INTERSECT and MINUS
// over the tables of the node's two dependencies.
func (e *executor) setOp(n *plan.Node) (*value.DataSet, error) {
	left, right := e.table(n.Deps[0].OutputVar), e.table(n.Deps[1].OutputVar)
	out := &value.DataSet{ColNames: n.ColNames}
	if n.Kind == plan.Union {
		out.Rows = append(append(make([]value.Row, 0, len(left.Rows)+len(right.Rows)), left.Rows...), right.Rows...)
		return out, nil
	}
	set := newRowSet(len(right.Rows))
	for _, r := range right.Rows {
		set.add(r.Values)
	}
	keep := n.Kind == plan.Intersect
	for _, r := range left.Rows {
		if (set.find(r.Values) >= 0) == keep {
			out.Rows = append(out.Rows, r)
		}
	}
	return out, nil
}

// inputColumns returns the input positions cols read when each is a
// plain reference to an input column, and false when any is not.
func inputColumns(cols []column, in *table) ([]int, bool) {
	idx := make([]int, len(cols))
	for j, c := range cols {
		ref, ok := c.expr.(*ast.InputProperty)
		if !ok {
			return nil, false
		}
		i, ok := in.idx[ref.Prop]
		if !ok {
			return nil, false
		}
		idx[j] = i
	}
	return idx, true
}

func columnsOf(n *plan.Node) []column {
	cols := make([]column, len(n.Columns))
	for i, c := range n.Columns {
		cols[i] = column{expr: c.Expr, name: c.Name}
	}
	return cols
}
