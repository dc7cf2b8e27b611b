package exec

import (
	"context"
	"slices"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// setOp runs UNION [ALL|DISTINCT], INTERSECT and MINUS. Both sides see the
// same piped-in table and must have the same column names.
func (x *run) setOp(ctx context.Context, s *ast.SetOp, input *value.DataSet) (*value.DataSet, error) {
	left, err := x.stmt(ctx, s.Left, input)
	if err != nil {
		return nil, err
	}
	right, err := x.stmt(ctx, s.Right, input)
	if err != nil {
		return nil, err
	}
	left, right = orEmpty(left), orEmpty(right)
	if len(left.ColNames) != len(right.ColNames) {
		return nil, status.Semantic("number of columns to UNION/INTERSECT/MINUS must be same")
	}
	if !slices.Equal(left.ColNames, right.ColNames) {
		return nil, status.Semantic("different column names to UNION/INTERSECT/MINUS are not supported")
	}
	out := &value.DataSet{ColNames: left.ColNames}
	defer func() { x.colKinds[out] = x.colKinds[left] }()
	switch s.Op {
	case ast.Union:
		out.Rows = append(append(make([]value.Row, 0, len(left.Rows)+len(right.Rows)), left.Rows...), right.Rows...)
		if s.Distinct {
			out = distinct(out)
		}
	case ast.Intersect, ast.Minus:
		set := newRowSet(len(right.Rows))
		for _, r := range right.Rows {
			set.add(r.Values)
		}
		keep := s.Op == ast.Intersect
		for _, r := range left.Rows {
			if (set.find(r.Values) >= 0) == keep {
				out.Rows = append(out.Rows, r)
			}
		}
	}
	return out, nil
}
