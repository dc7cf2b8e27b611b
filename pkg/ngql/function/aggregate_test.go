package function

import (
	"errors"
	"math"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestAggregates(t *testing.T) {
	cases := []struct {
		name     string
		distinct bool
		in       []value.Value
		want     value.Value
	}{
		{"count", false, nil, i(0)},
		{"count", false, args(null), i(0)},
		{"count", false, args(i(1), null, s("x"), empty, i(1)), i(3)},
		{"COUNT", true, args(i(1), i(1), f(1), s("x")), i(3)},
		{"count", false, args(s("*"), s("*")), i(2)},
		{"sum", false, nil, i(0)},
		{"sum", false, args(null), i(0)},
		{"sum", false, args(i(1), i(2), null), i(3)},
		{"sum", false, args(i(1), f(0.5)), f(1.5)},
		{"sum", true, args(i(2), i(2), i(3)), i(5)},
		{"sum", false, args(i(math.MaxInt64), i(1), i(-5)), nOverflow},
		{"sum", false, args(i(1), s("x"), i(2)), nBadType},
		{"avg", false, nil, null},
		{"avg", false, args(null), null},
		{"avg", false, args(i(1), i(2), null), f(1.5)},
		{"avg", false, args(i(1), b(true)), nBadType},
		{"max", false, nil, null},
		{"max", false, args(i(1), f(2.5), null, i(2)), f(2.5)},
		{"max", false, args(s("a"), i(3)), s("a")},
		{"min", false, args(s("b"), s("a"), null), s("a")},
		{"min", false, args(i(3), f(2.5)), f(2.5)},
		{"std", false, nil, null},
		{"std", false, args(i(2), i(4), i(4), i(4), i(5), i(5), i(7), i(9)), f(2)},
		{"std", false, args(i(1)), f(0)},
		{"std", false, args(s("x")), nBadType},
		{"bit_and", false, nil, null},
		{"bit_and", false, args(i(12), i(10), null), i(8)},
		{"bit_or", false, args(i(12), i(10)), i(14)},
		{"bit_xor", false, args(i(12), i(10)), i(6)},
		{"bit_xor", true, args(i(12), i(12)), i(12)},
		{"bit_or", false, args(i(1), f(1)), nBadType},
		{"collect", false, nil, l()},
		{"collect", false, args(null), l()},
		{"collect", false, args(i(1), null, i(1), s("a")), l(i(1), i(1), s("a"))},
		{"collect", true, args(i(1), i(1), s("a")), l(i(1), s("a"))},
		{"collect_set", false, nil, set()},
		{"collect_set", false, args(i(1), null, i(1), s("a")), set(i(1), s("a"))},
	}
	for _, c := range cases {
		agg, err := NewAggregator(c.name, c.distinct)
		if err != nil {
			t.Fatalf("NewAggregator(%s): %v", c.name, err)
		}
		for _, v := range c.in {
			agg.Add(v)
		}
		if got := agg.Result(); !same(got, c.want) {
			t.Errorf("%s(distinct=%v) over %d values = %s, want %s", c.name, c.distinct, len(c.in), show(got), show(c.want))
		}
	}
}

func TestAggregateResultIsSnapshot(t *testing.T) {
	agg, _ := NewAggregator("collect", false)
	agg.Add(i(1))
	first := agg.Result()
	agg.Add(i(2))
	if len(first.List()) != 1 || len(agg.Result().List()) != 2 {
		t.Errorf("Result shares state with later Adds: %s then %s", show(first), show(agg.Result()))
	}
}

func TestUnknownAggregate(t *testing.T) {
	_, err := NewAggregator("median", false)
	if err == nil || err.Error() != "Unknown aggregate function `MEDIAN'" || !errors.Is(err, ErrUnknownAggregate) {
		t.Errorf("NewAggregator(median) error = %v", err)
	}
	if !IsAggregate("Collect_Set") || IsAggregate("abs") {
		t.Error("IsAggregate is wrong")
	}
}
