package function

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestGeographyFunctions(t *testing.T) {
	call := func(name string, args ...value.Value) value.Value {
		f, err := Lookup(name, len(args))
		if err != nil {
			t.Fatal(err)
		}
		return f.Call(&Env{}, args)
	}
	str := value.NewString
	tests := []struct {
		name string
		got  value.Value
		want string
	}{
		{"point", call("ST_ASText", call("ST_Point", value.NewInt(3), value.NewFloat(8.5))), `"POINT(3 8.5)"`},
		{"line", call("st_astext", call("ST_GeogFromText", str("linestring( 3 8 , 4.7 73.23)"))), `"LINESTRING(3 8, 4.7 73.23)"`},
		{"polygon with hole", call("st_astext", call("ST_GeogFromText",
			str("POLYGON((0 1, 1 2, 2 3, 0 1), (4 5, 4 6, 5 5, 4 5))"))), `"POLYGON((0 1, 1 2, 2 3, 0 1), (4 5, 4 6, 5 5, 4 5))"`},
		{"not closed", call("ST_GeogFromText", str("POLYGON((0 1, 1 2, 2 3, 0 2))")), "BAD_DATA"},
		{"latitude out of range", call("ST_GeogFromText", str("POINT(3 91)")), "BAD_DATA"},
		{"junk after", call("ST_GeogFromText", str("POINT(3 8) x")), "BAD_DATA"},
		{"unknown shape", call("ST_GeogFromText", str("MULTIPOINT((3 8))")), "BAD_DATA"},
		{"one-point line", call("ST_GeogFromText", str("LINESTRING(3 8)")), "BAD_DATA"},
		{"not a string", call("ST_GeogFromText", value.NewInt(1)), "BAD_TYPE"},
		{"null", call("ST_GeogFromText", value.Null), "NULL"},
		{"valid", call("ST_IsValid", call("ST_Point", value.NewInt(200), value.NewInt(0))), "false"},
		{"point from strings", call("ST_Point", str("1"), value.NewInt(2)), "BAD_TYPE"},
	}
	for _, tt := range tests {
		if got := tt.got.Literal(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
