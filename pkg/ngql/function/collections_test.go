package function

import (
	"math"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestCollections(t *testing.T) {
	ds := value.NewDataSet(&value.DataSet{
		ColNames: []string{"a", "b"},
		Rows:     []value.Row{{Values: []value.Value{i(1), s("x")}}, {Values: []value.Value{i(2), s("y")}}},
	})
	runCalls(t, nil, []callCase{
		{"size", args(s("abc")), i(3)},
		{"size", args(l(i(1), null)), i(2)},
		{"size", args(m("a", i(1))), i(1)},
		{"size", args(set(i(1), i(1), i(2))), i(2)},
		{"size", args(ds), i(2)},
		{"size", args(null), null},
		{"size", args(empty), empty},
		{"size", args(i(1)), nBadType},

		{"range", args(i(1), i(5)), l(i(1), i(2), i(3), i(4), i(5))},
		{"range", args(i(0), i(10), i(3)), l(i(0), i(3), i(6), i(9))},
		{"range", args(i(5), i(1), i(-2)), l(i(5), i(3), i(1))},
		{"range", args(i(5), i(1)), l()},
		{"range", args(i(1), i(1)), l(i(1))},
		{"range", args(i(1), i(5), i(0)), nBadData},
		{"range", args(i(1), f(5)), nBadType},
		{"range", args(i(1), i(5), null), nBadType},
		{"range", args(i(0), i(math.MaxInt64)), nBadData},
		{"range", args(i(math.MaxInt64-1), i(math.MaxInt64)), l(i(math.MaxInt64-1), i(math.MaxInt64))},
		{"range", args(i(math.MinInt64), i(math.MinInt64+4), i(3)), l(i(math.MinInt64), i(math.MinInt64+3))},

		{"head", args(l(i(1), i(2))), i(1)},
		{"head", args(l()), null},
		{"head", args(null), null},
		{"head", args(s("ab")), nBadType},
		{"last", args(l(i(1), i(2))), i(2)},
		{"last", args(l()), null},
		{"tail", args(l(i(1), i(2), i(3))), l(i(2), i(3))},
		{"tail", args(l()), l()},
		{"tail", args(set()), nBadType},

		{"keys", args(m("b", i(1), "a", i(2))), l(s("a"), s("b"))},
		{"keys", args(null), null},
		{"keys", args(l()), nBadType},

		{"coalesce", args(null, i(1)), i(1)},
		{"coalesce", args(i(1), i(2), i(3)), i(1)},
		{"coalesce", args(null), null},
		{"coalesce", args(null, l(i(1), i(2), i(3))), l(i(1), i(2), i(3))},
		{"coalesce", args(null, f(1.234)), f(1.234)},
		{"coalesce", args(empty, i(1)), empty},
		{"_any", args(null, empty, i(3)), i(3)},
		{"_any", args(null, empty), null},

		{"replace", args(l(i(1), f(2), i(1)), i(1), s("x")), l(s("x"), f(2), s("x"))},
		{"replace", args(l(i(1), f(2)), i(2), i(0)), l(i(1), i(0))},
		{"replace", args(set(i(1), i(2)), i(2), i(3)), set(i(1), i(3))},
		{"replace", args(set(i(1), i(2)), i(5), i(3)), set(i(1), i(2))},
		{"replace", args(i(1), i(1), i(2)), nBadType},
		{"erase", args(l(i(1), s("a"), i(1)), i(1)), l(s("a"))},
		{"erase", args(set(i(1), s("a")), s("a")), set(i(1))},
		{"erase", args(m(), i(1)), nBadType},
		{"setadd", args(set(i(1)), i(2)), set(i(1), i(2))},
		{"setadd", args(set(i(1)), i(1)), set(i(1))},
		{"setadd", args(l(), i(1)), nBadType},
		{"udf_is_in", args(i(2), i(1), i(2)), b(true)},
		{"udf_is_in", args(i(2), f(2)), b(true)},
		{"udf_is_in", args(i(3), i(1), i(2)), b(false)},
		{"udf_is_in", args(null, null), b(true)},

		{"datasetrowcol", args(ds, i(1), i(1)), s("y")},
		{"datasetrowcol", args(ds, i(0), s("b")), s("x")},
		{"datasetrowcol", args(ds, i(0), s("zz")), nBadData},
		{"datasetrowcol", args(ds, i(2), i(0)), nBadData},
		{"datasetrowcol", args(ds, i(-1), i(0)), nBadData},
		{"datasetrowcol", args(l(), i(0), i(0)), nBadType},

		{"cos_similarity", args(i(1), i(0), i(1), i(0)), f(1)},
		{"cos_similarity", args(i(1), i(0), i(0), i(1)), f(0)},
		{"cos_similarity", args(i(1), i(2), i(3)), f(-2)},
		{"cos_similarity", args(i(0), i(0)), f(-2)},
		{"cos_similarity", args(s("a"), i(0)), nBadType},
	})
}

func TestJSONExtract(t *testing.T) {
	runCalls(t, nil, []callCase{
		{"json_extract", args(s(`{"a": "foo", "b": 0.2, "c": true}`)), m("a", s("foo"), "b", f(0.2), "c", b(true))},
		{"json_extract", args(s(`{"a": 1, "b": {}, "c": {"d": true}}`)), m("a", i(1), "b", m(), "c", m("d", b(true)))},
		{"json_extract", args(s(`{}`)), m()},
		{"json_extract", args(s(`fuzz`)), nBadData},
		{"json_extract", args(s(`[1]`)), nBadData},
		{"json_extract", args(s(`{"a": 1} x`)), nBadData},
		{"json_extract", args(s(`{"a": 99999999999999999999}`)), nBadData},
		{"json_extract", args(s(`{"a": "foo", "b": false, "c": {"d": {"e": 0.1}}}`)), m("a", s("foo"), "b", b(false), "c", m())},
		{"json_extract", args(s(`{"a": "foo", "b": false, "c": [1, 2, 3]}`)), m("a", s("foo"), "b", b(false))},
		{"json_extract", args(s(`{"a": null, "b": {"c": null, "d": 1e2}}`)), m("a", empty, "b", m("d", f(100)))},
		{"json_extract", args(f(3.1415926)), nBadType},
	})
}
