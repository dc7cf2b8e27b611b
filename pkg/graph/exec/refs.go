package exec

import (
	"slices"
	"strings"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
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

// column is one output column after * expansion.
type column struct {
	expr ast.Expr
	name string
}

// expandColumns resolves names (alias, or NebulaGraph's text of the
// expression) and expands $-.* / $var.* into one column per source column.
func expandColumns(cols []*ast.YieldColumn, srcCols []string) []column {
	out := make([]column, 0, len(cols))
	for _, c := range cols {
		switch e := c.Expr.(type) {
		case *ast.InputProperty:
			if e.Prop == "*" {
				for _, name := range srcCols {
					in := &ast.InputProperty{Prop: name}
					out = append(out, column{in, ast.NebulaString(in)})
				}
				continue
			}
		case *ast.VariableProperty:
			if e.Prop == "*" {
				for _, name := range srcCols {
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

// undefinedParams refuses the $names in e that are neither query
// parameters nor variables defined before, listing them in order: the
// WHEREs of LOOKUP, MATCH, GET SUBGRAPH and FIND PATH check this before
// anything else, as NebulaGraph does.
func (p *planner) undefinedParams(e ast.Expr) error {
	var names []string
	ast.Walk(e, func(x ast.Expr) bool {
		v, ok := x.(*ast.Variable)
		if !ok {
			return true
		}
		_, param := p.x.params[v.Name]
		_, defined := p.vars[v.Name]
		if !param && !defined && !slices.Contains(names, v.Name) {
			names = append(names, v.Name)
		}
		return true
	})
	if len(names) > 0 {
		return status.Semantic("Undefined parameters: %s", strings.Join(names, ", "))
	}
	return nil
}
