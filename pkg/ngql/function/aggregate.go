package function

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

// Aggregator accumulates one aggregate function over the rows of a group.
// It is not safe for concurrent use.
type Aggregator interface {
	// Add feeds one row's argument value.
	Add(v value.Value)
	// Result returns the aggregate so far. Before any Add it is the value
	// NebulaGraph gives for an empty input: 0 for count and sum, [] for
	// collect, {} for collect_set, NULL otherwise.
	Result() value.Value
}

// ErrUnknownAggregate is wrapped by NewAggregator's error for a name that
// is not an aggregate function.
var ErrUnknownAggregate = errors.New("unknown aggregate function")

type aggKind uint8

const (
	aggCount aggKind = iota
	aggSum
	aggAvg
	aggMax
	aggMin
	aggStd
	aggBitAnd
	aggBitOr
	aggBitXor
	aggCollect
	aggCollectSet
)

var aggregates = map[string]aggKind{
	"COUNT":       aggCount,
	"SUM":         aggSum,
	"AVG":         aggAvg,
	"MAX":         aggMax,
	"MIN":         aggMin,
	"STD":         aggStd,
	"BIT_AND":     aggBitAnd,
	"BIT_OR":      aggBitOr,
	"BIT_XOR":     aggBitXor,
	"COLLECT":     aggCollect,
	"COLLECT_SET": aggCollectSet,
}

// IsAggregate reports whether name (any case) is an aggregate function.
func IsAggregate(name string) bool {
	_, ok := aggregates[strings.ToUpper(name)]
	return ok
}

// NewAggregator returns an empty accumulator for the aggregate function
// name (any case). With distinct, each distinct argument value (under
// value.Identical) is fed once. The error for an unknown name is
// NebulaGraph's "Unknown aggregate function `NAME'" (upper-cased), wrapping
// ErrUnknownAggregate.
func NewAggregator(name string, distinct bool) (Aggregator, error) {
	upper := strings.ToUpper(name)
	k, ok := aggregates[upper]
	if !ok {
		return nil, &lookupError{fmt.Sprintf("Unknown aggregate function `%s'", upper), ErrUnknownAggregate}
	}
	a := &aggregator{kind: k, res: value.Null}
	if distinct {
		a.seen = newValueSet()
	}
	return a, nil
}

// aggregator follows NebulaGraph's AggData: the result starts NULL, a bad
// NULL result (BAD_TYPE, OVERFLOW) sticks, and NULL or EMPTY arguments are
// skipped after the result has been initialized.
type aggregator struct {
	kind    aggKind
	seen    *valueSet // non-nil for DISTINCT
	touched bool

	res value.Value
	// avg and std keep running float state, as NebulaGraph's AggData does.
	sum, cnt, avg, dev float64
	list               []value.Value
	set                *valueSet
}

func (a *aggregator) Add(v value.Value) {
	if a.seen != nil && !a.seen.add(v) {
		return
	}
	a.touched = true
	a.apply(v)
}

func (a *aggregator) Result() value.Value {
	if !a.touched {
		fresh := aggregator{kind: a.kind, res: value.Null}
		fresh.apply(value.Null)
		return fresh.materialize()
	}
	return a.materialize()
}

// materialize builds the list or set results from their running state.
func (a *aggregator) materialize() value.Value {
	switch a.kind {
	case aggCollect:
		if a.res.Kind() == value.KindList {
			return value.NewList(append([]value.Value(nil), a.list...))
		}
	case aggCollectSet:
		if a.res.Kind() == value.KindSet {
			return value.NewSet(append([]value.Value(nil), a.set.values...))
		}
	}
	return a.res
}

func (a *aggregator) apply(v value.Value) {
	if a.res.IsBadNull() {
		return
	}
	skip := v.IsNull() || v.IsEmpty()
	switch a.kind {
	case aggCount:
		if a.res.IsNull() {
			a.res = value.NewInt(0)
		}
		if !skip {
			a.res = value.NewInt(a.res.Int() + 1)
		}
	case aggSum:
		if a.res.IsNull() {
			a.res = value.NewInt(0)
		}
		if skip {
			return
		}
		if !v.IsNumeric() {
			a.res = badType
			return
		}
		a.res = addNumbers(a.res, v)
	case aggAvg:
		if skip {
			return
		}
		if !v.IsNumeric() {
			a.res = badType
			return
		}
		a.sum += asFloat(v)
		a.cnt++
		a.res = value.NewFloat(a.sum / a.cnt)
	case aggMax, aggMin:
		if skip {
			return
		}
		if a.res.IsNull() {
			a.res = v
			return
		}
		c := value.Compare(v, a.res)
		if (a.kind == aggMax && c > 0) || (a.kind == aggMin && c < 0) {
			a.res = v
		}
	case aggStd:
		if skip {
			return
		}
		if !v.IsNumeric() {
			a.res = badType
			return
		}
		x := asFloat(v)
		a.cnt++
		a.dev = (a.cnt-1)/(a.cnt*a.cnt)*((x-a.avg)*(x-a.avg)) + (a.cnt-1)/a.cnt*a.dev
		a.avg += (x - a.avg) / a.cnt
		a.res = value.NewFloat(math.Sqrt(a.dev))
	case aggBitAnd, aggBitOr, aggBitXor:
		if skip {
			return
		}
		if v.Kind() != value.KindInt {
			a.res = badType
			return
		}
		if a.res.IsNull() {
			a.res = v
			return
		}
		x, y := a.res.Int(), v.Int()
		switch a.kind {
		case aggBitAnd:
			a.res = value.NewInt(x & y)
		case aggBitOr:
			a.res = value.NewInt(x | y)
		default:
			a.res = value.NewInt(x ^ y)
		}
	case aggCollect:
		if a.res.IsNull() {
			a.res = value.NewList(nil) // marks the list started; a.list holds it
		}
		if !skip {
			a.list = append(a.list, v)
		}
	case aggCollectSet:
		if a.res.IsNull() {
			a.res = value.NewSet(nil)
			a.set = newValueSet()
		}
		if !skip {
			a.set.add(v)
		}
	}
}

// addNumbers adds two numbers as NebulaGraph's + does: int + int is an int
// and OVERFLOW on overflow, anything with a float is a float.
func addNumbers(x, y value.Value) value.Value {
	if x.Kind() == value.KindInt && y.Kind() == value.KindInt {
		s := x.Int() + y.Int()
		if (s > x.Int()) != (y.Int() > 0) {
			return value.NewNull(value.NullOverflow)
		}
		return value.NewInt(s)
	}
	return value.NewFloat(asFloat(x) + asFloat(y))
}

// valueSet is an insertion-ordered set of values under value.Identical.
type valueSet struct {
	index  map[uint64][]int
	values []value.Value
}

func newValueSet() *valueSet { return &valueSet{index: map[uint64][]int{}} }

// add inserts v and reports whether it was new.
func (s *valueSet) add(v value.Value) bool {
	h := value.Hash(v)
	for _, i := range s.index[h] {
		if value.Identical(s.values[i], v) {
			return false
		}
	}
	s.index[h] = append(s.index[h], len(s.values))
	s.values = append(s.values, v)
	return true
}
