package parser

import (
	"os"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// lastColumns returns the output columns of the statement that produces a
// request's result, or nil when they are not all spelled out.
func lastColumns(s ast.Stmt) []*ast.YieldColumn {
	switch s := s.(type) {
	case *ast.Pipe:
		return lastColumns(s.Right)
	case *ast.SetOp:
		return lastColumns(s.Left)
	case *ast.Assignment:
		return nil
	case *ast.Yield:
		return s.Columns
	case *ast.Go:
		if s.Yield != nil {
			return s.Yield.Columns
		}
	case *ast.FetchVertices:
		if s.Yield != nil {
			return s.Yield.Columns
		}
	case *ast.FetchEdges:
		if s.Yield != nil {
			return s.Yield.Columns
		}
	case *ast.Lookup:
		if s.Yield != nil {
			return s.Yield.Columns
		}
	case *ast.GroupBy:
		return s.Yield.Columns
	case *ast.Match:
		if !s.Return.Items.Star {
			return s.Return.Items.Columns
		}
	}
	return nil
}

// TestColumnNamesTCK checks ast.NebulaString against NebulaGraph's names of
// unaliased result columns: for every reference query whose scenario shows
// the result table, the header must be the text of the last statement's
// YIELD/RETURN expressions.
func TestColumnNamesTCK(t *testing.T) {
	dir := tckDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("NebulaGraph tck features not found at %s: %v", dir, err)
	}
	var ok, bad int
	for _, c := range tckCasesWithHeaders(t, dir) {
		if c.header == nil {
			continue
		}
		params := c.params
		seq, err := ParseWith(c.query, Config{IsParam: func(n string) bool { return params[n] }})
		if err != nil || len(seq.Stmts) == 0 {
			continue
		}
		cols := lastColumns(seq.Stmts[len(seq.Stmts)-1])
		if len(cols) != len(c.header) {
			continue
		}
		for i, col := range cols {
			if col.Alias != "" {
				continue
			}
			got := ast.NebulaString(col.Expr)
			if got == c.header[i] {
				ok++
				continue
			}
			bad++
			t.Errorf("%s: column %d of %s: ast.NebulaString gives %q, NebulaGraph names it %q",
				c.id, i+1, c.query, got, c.header[i])
		}
	}
	t.Logf("column names: %d as NebulaGraph, %d differ", ok, bad)
}
