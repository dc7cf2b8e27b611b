package importer

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/bench/mapping"
	"github.com/novagraph/novagraph/pkg/value"
)

// TestCellValue: the direct conversions give what evaluating the statement
// loads' literal gives, and bad cells are errors.
func TestCellValue(t *testing.T) {
	for _, tc := range []struct {
		typ, cell string
		want      string // the value's nGQL rendering; "" for an error
	}{
		{"int", " 42", "42"},
		{"int64", "x", ""},
		{"double", "1", "1"},
		{"float", "2.5e1", "25"},
		{"double", "abc", ""},
		{"bool", "TRUE", "true"},
		{"bool", "yes", ""},
		{"string", `say "hi"`, `"say "hi""`},
		{"fixed_string(8)", "abc", `"abc"`},
		{"date", "2020-01-02", "2020-01-02"},
		{"datetime", "2010-05-17T06:06:56", "2010-05-17T06:06:56.000000"},
		{"datetime", "not a date", ""},
		{"timestamp", "1600000000", "1600000000"},
		{"int", "NULL", "NULL"},
		{"string", "__NULL__", "NULL"},
		{"int", "abs(-3)", "3"},
		{"geography(point)", "POINT(3 8)", "POINT(3 8)"},
	} {
		got, err := cellValue(tc.typ, tc.cell)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%s %q: %v, want an error", tc.typ, tc.cell, got)
		case tc.want != "" && err != nil:
			t.Errorf("%s %q: %v", tc.typ, tc.cell, err)
		case tc.want != "" && got.String() != tc.want:
			t.Errorf("%s %q: %s, want %s", tc.typ, tc.cell, got, tc.want)
		case (tc.typ == "double" || tc.typ == "float") && err == nil && got.Kind() != value.KindFloat:
			t.Errorf("%s %q: kind %v, want a float", tc.typ, tc.cell, got.Kind())
		}
	}
}

func TestVidValue(t *testing.T) {
	for _, tc := range []struct {
		vid  mapping.Vid
		cell string
		want string
	}{
		{mapping.Vid{Type: "int"}, " 7", "7"},
		{mapping.Vid{Type: "int"}, "x", ""},
		{mapping.Vid{Type: "string"}, "Tim Duncan", `"Tim Duncan"`},
		{mapping.Vid{Type: "int", Function: "hash"}, "Tim Duncan", ""},
		{mapping.Vid{Type: "int", Function: "md5"}, "a", ""},
	} {
		got, err := vidValue(tc.vid, tc.cell)
		if tc.vid.Function == "hash" {
			want, cerr := constValue(`hash("Tim Duncan")`)
			if err != nil || cerr != nil || got.String() != want.String() {
				t.Errorf("hash vid: %v %v, want %v (%v)", got, err, want, cerr)
			}
			continue
		}
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%+v %q: %v, want an error", tc.vid, tc.cell, got)
		case tc.want != "" && (err != nil || got.String() != tc.want):
			t.Errorf("%+v %q: %v %v, want %s", tc.vid, tc.cell, got, err, tc.want)
		}
	}
}
