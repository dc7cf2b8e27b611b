package exec

import (
	"context"
	"fmt"

	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// refs is what a clause's expressions read from outside themselves.
type refs struct {
	input  []string            // columns of $- (incl. "*")
	vars   map[string][]string // variable -> columns of $var
	labels []string            // bare names no comprehension binds
	graph  []string            // graph properties ($^, $$, edge fields), as text
	tags   []string            // tags named by $^.tag.prop and $$.tag.prop
	opaque []string            // expressions whose value cannot be deduced, as text
	aggs   bool
}

func (r *refs) usesInput() bool { return len(r.input) > 0 }

// collectRefs walks es. Names bound by list comprehensions, predicates and
// reduce are not labels.
func collectRefs(es ...ast.Expr) *refs {
	r := &refs{vars: map[string][]string{}}
	for _, e := range es {
		if e != nil {
			r.walk(e, nil)
		}
	}
	return r
}

func (r *refs) walk(e ast.Expr, bound []string) {
	switch n := e.(type) {
	case *ast.InputProperty:
		r.input = append(r.input, n.Prop)
		return
	case *ast.VariableProperty:
		r.vars[n.Var] = append(r.vars[n.Var], n.Prop)
		return
	case *ast.Label:
		for _, b := range bound {
			if b == n.Name {
				return
			}
		}
		r.labels = append(r.labels, n.Name)
		return
	case *ast.LabelAttribute:
		r.walk(&ast.Label{Name: n.Label}, bound)
		return
	case *ast.SourceProperty:
		r.tags = append(r.tags, n.Tag)
		r.graph = append(r.graph, ast.NebulaString(e))
		return
	case *ast.DestProperty:
		r.tags = append(r.tags, n.Tag)
		r.graph = append(r.graph, ast.NebulaString(e))
		return
	case *ast.EdgeMeta, *ast.EdgeProperty, *ast.TagProperty,
		*ast.VertexRef, *ast.EdgeRef:
		r.graph = append(r.graph, ast.NebulaString(e))
		return
	case *ast.UUID:
		r.opaque = append(r.opaque, ast.NebulaString(e))
		return
	case *ast.Aggregate:
		r.aggs = true
	case *ast.ListComprehension:
		bound = append(bound[:len(bound):len(bound)], n.Var)
	case *ast.Predicate:
		bound = append(bound[:len(bound):len(bound)], n.Var)
	case *ast.Reduce:
		bound = append(bound[:len(bound):len(bound)], n.Acc, n.Var)
	}
	for _, c := range ast.Children(e) {
		r.walk(c, bound)
	}
}

// source picks the table a clause iterates, NebulaGraph's rules for YIELD and
// GROUP BY: the piped-in table when $- is read, the variable's when $var is,
// never both; with neither, one row with no columns.
func (x *run) source(ctx context.Context, r *refs, input *value.DataSet) (src *table, varName string, err error) {
	if len(r.labels) > 0 {
		return nil, "", status.Semantic("Invalid label identifiers: %s", r.labels[0])
	}
	if len(r.opaque) > 0 {
		return nil, "", status.Semantic("Not supported expression `%s' for props deduction.", r.opaque[0])
	}
	// Tags are resolved before the clause is judged, as NebulaGraph's type
	// deduction does, so an unknown tag is reported as such.
	for _, tag := range r.tags {
		var sp session.Space
		if x.session != nil {
			sp = x.session.Space()
		}
		ok, err := x.engine.opts.Catalog.TagExists(ctx, sp, tag)
		if err != nil {
			return nil, "", fmt.Errorf("look up tag %s: %w", tag, err)
		}
		if !ok {
			return nil, "", status.Execution("TagNotFound: TagName `%s`", tag)
		}
	}
	if len(r.graph) > 0 {
		return nil, "", status.Semantic("Only support input and variable in yield sentence.")
	}
	if r.usesInput() && len(r.vars) > 0 {
		return nil, "", status.Semantic("Not support both input and variable.")
	}
	if len(r.vars) > 1 {
		return nil, "", status.Semantic("Only one variable allowed to use.")
	}
	switch {
	case r.usesInput():
		src = newTable(orEmpty(input))
		for _, c := range r.input {
			if c != "*" && !src.has(c) {
				return nil, "", status.Semantic("`$-.%s', not exist prop `%s'", c, c)
			}
		}
	case len(r.vars) == 1:
		for name, cols := range r.vars {
			ds, ok := x.vars[name]
			if !ok {
				return nil, "", status.Semantic("`$%s.%s', not exist variable `%s'", name, cols[0], name)
			}
			src, varName = newTable(ds), name
			for _, c := range cols {
				if c != "*" && !src.has(c) {
					return nil, "", status.Semantic("`$%s.%s', not exist prop `%s'", name, c, c)
				}
			}
		}
	default:
		src = newTable(&value.DataSet{Rows: []value.Row{{}}})
	}
	return src, varName, nil
}

// rowCtxAt returns the context of row i of src.
func (x *run) rowCtxAt(src *table, varName string, i int) *rowCtx {
	c := &rowCtx{x: x}
	row := src.ds.Rows[i].Values
	if varName != "" {
		c.varName, c.vars, c.varRow = varName, src, row
	} else {
		c.input, c.inRow = src, row
	}
	return c
}

// column is one output column after * expansion.
type column struct {
	expr ast.Expr
	name string
}

// expandColumns resolves names (alias, or NebulaGraph's text of the
// expression) and expands $-.* / $var.* into one column per source column.
func expandColumns(cols []*ast.YieldColumn, src *table) []column {
	out := make([]column, 0, len(cols))
	for _, c := range cols {
		switch e := c.Expr.(type) {
		case *ast.InputProperty:
			if e.Prop == "*" {
				for _, name := range src.ds.ColNames {
					in := &ast.InputProperty{Prop: name}
					out = append(out, column{in, ast.NebulaString(in)})
				}
				continue
			}
		case *ast.VariableProperty:
			if e.Prop == "*" {
				for _, name := range src.ds.ColNames {
					vp := &ast.VariableProperty{Var: e.Var, Prop: name}
					out = append(out, column{vp, ast.NebulaString(vp)})
				}
				continue
			}
		}
		name := c.Alias
		if name == "" {
			name = ast.NebulaString(c.Expr)
		}
		out = append(out, column{c.Expr, name})
	}
	return out
}

func columnNames(cols []column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return names
}
