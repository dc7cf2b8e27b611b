package exec

import (
	"context"
	"sort"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// orderBy sorts the piped-in table by its factors, stably, with
// NebulaGraph's total order of values.
func (x *run) orderBy(ctx context.Context, s *ast.OrderBy, input *value.DataSet) (*value.DataSet, error) {
	exprs := make([]ast.Expr, len(s.Factors))
	for i, f := range s.Factors {
		if _, ok := f.Expr.(*ast.InputProperty); !ok {
			return nil, status.Semantic("Order by with invalid expression `%s'", ast.NebulaString(f.Expr))
		}
		exprs[i] = f.Expr
	}
	r := collectRefs(exprs...)
	src, varName, err := x.source(ctx, r, input)
	if err != nil {
		return nil, err
	}
	type keyed struct {
		row  value.Row
		keys []value.Value
	}
	rows := make([]keyed, len(src.ds.Rows))
	for i := range src.ds.Rows {
		c := x.rowCtxAt(src, varName, i)
		keys := make([]value.Value, len(exprs))
		for j, e := range exprs {
			if keys[j], err = evalIn(e, c); err != nil {
				return nil, err
			}
		}
		rows[i] = keyed{src.ds.Rows[i], keys}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		for j, f := range s.Factors {
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
	out := &value.DataSet{ColNames: src.ds.ColNames, Rows: make([]value.Row, len(rows))}
	for i, k := range rows {
		out.Rows[i] = k.row
	}
	x.colKinds[out] = x.colKinds[input]
	return out, nil
}

// limit keeps Count rows after skipping Offset.
func limit(s *ast.Limit, input *value.DataSet) *value.DataSet {
	rows := input.Rows
	off := min(max(s.Offset, 0), int64(len(rows)))
	end := min(off+max(s.Count, 0), int64(len(rows)))
	return &value.DataSet{ColNames: input.ColNames, Rows: rows[off:end]}
}
