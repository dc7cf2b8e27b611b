package console

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	nebulago "github.com/vesoft-inc/nebula-go/v3"
	"github.com/vesoft-inc/nebula-go/v3/nebula"
	"github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites the file with -rewrite.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *rewrite {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -rewrite to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -rewrite to update):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// Value builders for hand-made responses.

func vNull() *nebula.Value {
	n := nebula.NullType___NULL__
	return &nebula.Value{NVal: &n}
}
func vBool(b bool) *nebula.Value     { return &nebula.Value{BVal: &b} }
func vInt(i int64) *nebula.Value     { return &nebula.Value{IVal: &i} }
func vFloat(f float64) *nebula.Value { return &nebula.Value{FVal: &f} }
func vStr(s string) *nebula.Value    { return &nebula.Value{SVal: []byte(s)} }
func vList(vs ...*nebula.Value) *nebula.Value {
	return &nebula.Value{LVal: &nebula.NList{Values: vs}}
}
func vSet(vs ...*nebula.Value) *nebula.Value {
	return &nebula.Value{UVal: &nebula.NSet{Values: vs}}
}
func vMap(kv map[string]*nebula.Value) *nebula.Value {
	return &nebula.Value{MVal: &nebula.NMap{Kvs: kv}}
}
func vDate(y int16, m, d int8) *nebula.Value {
	return &nebula.Value{DVal: &nebula.Date{Year: y, Month: m, Day: d}}
}
func vTime(h, m, s int8, us int32) *nebula.Value {
	return &nebula.Value{TVal: &nebula.Time{Hour: h, Minute: m, Sec: s, Microsec: us}}
}
func vDateTime(y int16, mo, d, h, mi, s int8, us int32) *nebula.Value {
	return &nebula.Value{DtVal: &nebula.DateTime{Year: y, Month: mo, Day: d, Hour: h, Minute: mi, Sec: s, Microsec: us}}
}
func vPoint(x, y float64) *nebula.Value {
	return &nebula.Value{GgVal: &nebula.Geography{PtVal: &nebula.Point{Coord: &nebula.Coordinate{X: x, Y: y}}}}
}
func vDuration(sec int64, us, months int32) *nebula.Value {
	return &nebula.Value{DuVal: &nebula.Duration{Seconds: sec, Microseconds: us, Months: months}}
}

func vertex(vid string, tags ...*nebula.Tag) *nebula.Vertex {
	return &nebula.Vertex{Vid: vStr(vid), Tags: tags}
}
func tag(name string, props map[string]*nebula.Value) *nebula.Tag {
	return &nebula.Tag{Name: []byte(name), Props: props}
}
func vVertex(v *nebula.Vertex) *nebula.Value { return &nebula.Value{VVal: v} }
func vEdge(src, dst, name string, typ int32, rank int64, props map[string]*nebula.Value) *nebula.Value {
	return &nebula.Value{EVal: &nebula.Edge{Src: vStr(src), Dst: vStr(dst), Type: typ, Name: []byte(name), Ranking: rank, Props: props}}
}
func vPath(src *nebula.Vertex, steps ...*nebula.Step) *nebula.Value {
	return &nebula.Value{PVal: &nebula.Path{Src: src, Steps: steps}}
}
func step(dst *nebula.Vertex, name string, typ int32, rank int64, props map[string]*nebula.Value) *nebula.Step {
	return &nebula.Step{Dst: dst, Type: typ, Name: []byte(name), Ranking: rank, Props: props}
}

// resultSet builds a successful response with the given columns and rows.
func resultSet(t *testing.T, cols []string, rows ...[]*nebula.Value) *nebulago.ResultSet {
	t.Helper()
	ds := &nebula.DataSet{}
	for _, c := range cols {
		ds.ColumnNames = append(ds.ColumnNames, []byte(c))
	}
	for _, r := range rows {
		ds.Rows = append(ds.Rows, &nebula.Row{Values: r})
	}
	return genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, LatencyInUs: 1234, Data: ds, SpaceName: []byte("demo")})
}

func genResult(t *testing.T, resp *graph.ExecutionResponse) *nebulago.ResultSet {
	t.Helper()
	rs, err := nebulago.GenResultSet(resp)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func errorResult(t *testing.T, code nebula.ErrorCode, msg string) *nebulago.ResultSet {
	return genResult(t, &graph.ExecutionResponse{ErrorCode: code, ErrorMsg: []byte(msg)})
}
