package value

import (
	"encoding/json"
	"math"
	"testing"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		v         Value
		row, meta string
	}{
		{Empty, `"__EMPTY__"`, `null`},
		{Null, `null`, `null`},
		{nullBadType, `null`, `null`},
		{True, `true`, `null`},
		{i(-2), `-2`, `null`},
		{f(2.33), `2.33`, `null`},
		{f(1), `1`, `null`},
		{f(1e21), `1E21`, `null`},
		{f(math.NaN()), `null`, `null`},
		{f(math.Inf(-1)), `null`, `null`},
		{s("str"), `"str"`, `null`},
		{s("a\"b\\c\n\t\x01é\xff"), `"a\"b\\c\n\t\u0001é\ufffd"`, `null`},
		{date(2017, 9, 10), `"2017-09-10"`, `{"type":"date"}`},
		{tm(23, 10, 0, 0), `"23:10:00.000000000Z"`, `{"type":"time"}`},
		{dtm(2010, 9, 10, 2, 8, 2, 0), `"2010-09-10T02:08:02.000000000Z"`, `{"type":"datetime"}`},
		{dur(1, 100, 20), `"P1MT100.000020000S"`, `{"type":"duration"}`},
		{l(i(2), f(2.33), True, s("str"), date(2021, 12, 21), tm(13, 30, 15, 0), dtm(2021, 12, 21, 13, 30, 15, 0)),
			`[2,2.33,true,"str","2021-12-21","13:30:15.000000000Z","2021-12-21T13:30:15.000000000Z"]`,
			`[null,null,null,null,{"type":"date"},{"type":"time"},{"type":"datetime"}]`},
		{set(i(1), date(2020, 1, 1)), `[1,"2020-01-01"]`, `[null,{"type":"date"}]`},
		{m("key2", f(2.33), "key1", i(2), "key5", date(2021, 12, 21)),
			`{"key1":2,"key2":2.33,"key5":"2021-12-21"}`, `[null,null,{"type":"date"}]`},
		{m(), `{}`, `[]`},
		{vtx(s("Vid"), tag("tagName", "prop", i(2)), tag("tagName1", "prop1", i(2), "prop2", Null, "prop3", s("123"))),
			`{"tagName.prop":2,"tagName1.prop1":2,"tagName1.prop2":null,"tagName1.prop3":"123"}`,
			`{"id":"Vid","type":"vertex"}`},
		{vtx(i(1), tag("empty"), tag("t", "p", i(1))), `{"t.p":1}`, `{"id":1,"type":"vertex"}`},
		{edge(s("Src"), s("Dst"), 1, "Edge", 233, "prop1", i(233), "prop2", f(2.3)),
			`{"prop1":233,"prop2":2.3}`,
			`{"id":{"name":"Edge","src":"Src","dst":"Dst","type":1,"ranking":233},"type":"edge"}`},
		{edge(i(101), i(102), -1, "Edge", 0), `{}`,
			`{"id":{"name":"Edge","src":101,"dst":102,"type":-1,"ranking":0},"type":"edge"}`},
		{NewPath(&Path{
			Src: *vx(s("v1"), tag("tagName", "prop1", i(1))),
			Steps: []Step{{Dst: *vx(s("v2"), tag("tagName2", "prop1", i(2), "prop2", Null, "prop3", s("123"))),
				Type: 1, Name: "edgeName", Ranking: 100, Props: props("edgeProp", s("edgePropVal"))}},
		}),
			`[{"tagName.prop1":1},{"edgeProp":"edgePropVal"},{"tagName2.prop1":2,"tagName2.prop2":null,"tagName2.prop3":"123"}]`,
			`[{"id":"v1","type":"vertex"},{"id":{"name":"edgeName","src":"v1","dst":"v2","type":1,"ranking":100},"type":"edge"},{"id":"v2","type":"vertex"}]`},
		{NewPath(&Path{Src: *vx(s("v"))}), `[{}]`, `[{"id":"v","type":"vertex"}]`},
		{point(3, 8), `"POINT(3 8)"`, `null`},
		{NewDataSet(&DataSet{ColNames: []string{"c1", "c2"}, Rows: []Row{{Values: []Value{i(2), date(2021, 12, 21)}}, {Values: []Value{Null, Empty}}}}),
			`[{"row":[2,"2021-12-21"],"meta":[null,{"type":"date"}]},{"row":[null,"__EMPTY__"],"meta":[null,null]}]`,
			`null`},
		{NewDataSet(&DataSet{}), `[]`, `null`},
	}
	for _, tt := range tests {
		row, meta := string(AppendJSONRow(nil, tt.v)), string(AppendJSONMeta(nil, tt.v))
		if row != tt.row {
			t.Errorf("row of %s = %s, want %s", tt.v.Literal(), row, tt.row)
		}
		if meta != tt.meta {
			t.Errorf("meta of %s = %s, want %s", tt.v.Literal(), meta, tt.meta)
		}
	}
}

// TestJSONIsValid checks every kind of the corpus produces well-formed JSON
// (each pair as one document, as graphd embeds them).
func TestJSONIsValid(t *testing.T) {
	for _, v := range sampleValues() {
		doc := []byte(`{"row":`)
		doc = AppendJSONRow(doc, v)
		doc = append(doc, `,"meta":`...)
		doc = AppendJSONMeta(doc, v)
		doc = append(doc, '}')
		if !json.Valid(doc) {
			t.Errorf("invalid JSON for %s: %s", v.Literal(), doc)
		}
	}
}
