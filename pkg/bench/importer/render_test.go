package importer

import (
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/kvstore"
)

func TestAppendValue(t *testing.T) {
	for _, tc := range []struct {
		typ, cell, want, err string
	}{
		{"string", `a"b\c`, `"a\"b\\c"`, ""},
		{"fixed_string(8)", "x", `"x"`, ""},
		{"int", " 42", "42", ""},
		{"int", "4x", "", "not an integer"},
		{"int", "abs(-1)", "abs(-1)", ""},
		{"double", "1", "1.0", ""},
		{"double", "1.5e3", "1.5e3", ""},
		{"double", "x", "", "not a number"},
		{"bool", "TRUE", "true", ""},
		{"bool", "yes", "", "not a boolean"},
		{"date", "2020-01-02", `date("2020-01-02")`, ""},
		{"date", "date()", "date()", ""},
		{"datetime", "2020-01-02T03:04:05", `datetime("2020-01-02T03:04:05")`, ""},
		{"timestamp", "1600000000", "1600000000", ""},
		{"timestamp", "2020-01-02T03:04:05", `timestamp("2020-01-02T03:04:05")`, ""},
		{"geography(point)", "POINT(1 2)", `ST_GeogFromText("POINT(1 2)")`, ""},
		{"geography", `ST_GeogFromText("POINT(1 2)")`, `ST_GeogFromText("POINT(1 2)")`, ""},
		{"int", "null", "NULL", ""},
		{"string", "__NULL__", "NULL", ""},
	} {
		got, err := appendValue(nil, tc.typ, tc.cell)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %q: err %v, want %q", tc.typ, tc.cell, err, tc.err)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%s %q: %q %v, want %q", tc.typ, tc.cell, got, err, tc.want)
		}
	}
}

func TestRenderRows(t *testing.T) {
	const parts = 10
	vertex := mapping.File{Path: "v.csv", Type: "vertex", Vertex: &mapping.Vertex{
		Vid: mapping.Vid{Index: 0, Type: "string"},
		Tags: []mapping.Tag{
			{Name: "player", Props: []mapping.Prop{{Name: "name", Type: "string", Index: 1}}},
			{Name: "p2", Props: []mapping.Prop{{Name: "age", Type: "int", Index: 2}}},
		},
	}}
	edge := mapping.File{Path: "e.csv", Type: "edge", Edge: &mapping.Edge{
		Name: "serve", SrcVID: mapping.Vid{Index: 0, Type: "int"}, DstVID: mapping.Vid{Index: 1, Type: "int"},
		Rank: &mapping.Rank{Index: 2}, Props: []mapping.Prop{{Name: "y", Type: "int", Index: 3}},
	}}
	hashed := mapping.File{Path: "h.csv", Type: "vertex", Vertex: &mapping.Vertex{
		Vid:  mapping.Vid{Index: 0, Type: "string", Function: "hash"},
		Tags: []mapping.Tag{{Name: "t"}},
	}}
	for _, tc := range []struct {
		file      mapping.File
		rec       []string
		head, row string
		part      uint32
		err       string
	}{
		{vertex, []string{"Tim Duncan", "Tim", "42"}, "INSERT VERTEX `player`(`name`), `p2`(`age`) VALUES ",
			`"Tim Duncan":("Tim",42)`, kvstore.PartOfString([]byte("Tim Duncan"), parts), ""},
		{edge, []string{"12", "34", "5", "2001"}, "INSERT EDGE `serve`(`y`) VALUES ",
			"12->34@5:(2001)", kvstore.PartOfInt(12, parts), ""},
		{hashed, []string{"Tony"}, "INSERT VERTEX `t`() VALUES ",
			`hash("Tony"):()`, kvstore.PartOfInt(int64(kvstore.MurmurHash64A([]byte("Tony"))), parts), ""},
		{edge, []string{"12", "x", "0", "1"}, "", "", 0, "destination: vid"},
		{edge, []string{"12", "3", "r", "1"}, "", "", 0, "rank"},
		{vertex, []string{"a", "b"}, "", "", 0, "no column 2"},
	} {
		rf, err := newRowFormat(tc.file, parts)
		if err != nil {
			t.Fatal(err)
		}
		got, part, err := rf.render([]byte("prefix"), tc.rec)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || string(got) != "prefix" {
				t.Errorf("%v: %q %v, want error %q", tc.rec, got, err, tc.err)
			}
			continue
		}
		if err != nil || rf.head != tc.head || string(got) != "prefix"+tc.row || part != tc.part {
			t.Errorf("%v: head %q row %q part %d err %v; want %q %q %d", tc.rec, rf.head, got, part, err, tc.head, tc.row, tc.part)
		}
	}
}
