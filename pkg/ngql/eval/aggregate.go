package eval

import (
	"errors"
	"fmt"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/function"
	"github.com/novagraph/novagraph/pkg/value"
)

// ErrNestedAggregate is wrapped by NewAggregation's error for an aggregate
// inside another aggregate's argument.
var ErrNestedAggregate = errors.New("nested aggregate")

// Aggregation computes the aggregate calls of some expressions over one
// group of rows: feed it each row with Add, then evaluate the expressions
// against Context(row) to get the group's values (count(*) + 1 adds one to
// the group's count). It is not safe for concurrent use; an executor makes
// one per group.
type Aggregation struct {
	nodes []*ast.Aggregate
	accs  []function.Aggregator
}

// NewAggregation prepares the aggregates of exprs. The error is the
// unknown function's, or NebulaGraph's "Aggregate function nesting is not
// allowed: `...'" (wrapping ErrNestedAggregate).
func NewAggregation(exprs ...ast.Expr) (*Aggregation, error) {
	a := &Aggregation{}
	var err error
	for _, e := range exprs {
		ast.Walk(e, func(x ast.Expr) bool {
			agg, ok := x.(*ast.Aggregate)
			if !ok || err != nil {
				return err == nil
			}
			if HasAggregate(agg.Arg) {
				err = &sentinelError{fmt.Sprintf("Aggregate function nesting is not allowed: `%s'",
					ast.NebulaString(agg)), ErrNestedAggregate}
				return false
			}
			acc, aggErr := function.NewAggregator(agg.Name, agg.Distinct)
			if aggErr != nil {
				err = aggErr
				return false
			}
			a.nodes = append(a.nodes, agg)
			a.accs = append(a.accs, acc)
			return false
		})
		if err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Add feeds one row: each aggregate's argument is evaluated against row
// and accumulated.
func (a *Aggregation) Add(row Context) error {
	for j, n := range a.nodes {
		v, err := Eval(n.Arg, row)
		if err != nil {
			return err
		}
		a.accs[j].Add(v)
	}
	return nil
}

// Context returns row with its Aggregate answered from the accumulated
// results, for evaluating the expressions of the group.
func (a *Aggregation) Context(row Context) Context {
	if row == nil {
		row = Base{}
	}
	return aggContext{Context: row, a: a}
}

type aggContext struct {
	Context
	a *Aggregation
}

func (c aggContext) Aggregate(e *ast.Aggregate) (value.Value, error) {
	for j, n := range c.a.nodes {
		if n == e {
			return c.a.accs[j].Result(), nil
		}
	}
	return c.Context.Aggregate(e)
}
