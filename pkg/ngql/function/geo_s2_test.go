package function

import (
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

func TestGeographyS2Functions(t *testing.T) {
	call := func(name string, args ...value.Value) value.Value {
		f, err := Lookup(name, len(args))
		if err != nil {
			t.Fatal(err)
		}
		return f.Call(&Env{}, args)
	}
	wkt := func(s string) value.Value { return call("ST_GeogFromText", value.NewString(s)) }
	i, f, b := value.NewInt, value.NewFloat, value.NewBool
	p38 := call("ST_Point", i(3), i(8))
	far := call("ST_Point", f(72.3), f(84.6))
	line := wkt("LINESTRING(3 8, 4.7 73.23)")
	tri := wkt("POLYGON((0 1, 1 2, 2 3, 0 1))")
	quad := wkt("POLYGON((-0.7 3.8,3.6 3.2,1.8 -0.8,-3.4 2.4,-0.7 3.8))")
	tests := []struct {
		name string
		got  value.Value
		want string
	}{
		{"intersects", call("ST_Intersects", line, p38), "true"},
		{"intersects not", call("st_intersects", tri, p38), "false"},
		{"covers", call("ST_Covers", quad, tri), "true"},
		{"covered by", call("ST_CoveredBy", tri, quad), "true"},
		{"covers not", call("ST_Covers", tri, quad), "false"},
		{"intersects null", call("ST_Intersects", value.Null, p38), "NULL"},
		{"intersects string", call("ST_Intersects", p38, value.NewString("POINT(3 8)")), "BAD_TYPE"},
		{"distance", call("ST_Distance", p38, far), "8909524.383934561"},
		{"distance zero", call("ST_Distance", line, p38), "0.0"},
		{"dwithin inclusive", call("ST_DWithin", p38, far, f(8909524.383934561)), "true"},
		{"dwithin exclusive", call("ST_DWithin", p38, far, f(8909524.383934561), b(true)), "false"},
		{"dwithin int", call("ST_DWithin", line, p38, i(100)), "true"},
		{"dwithin bool distance", call("ST_DWithin", line, p38, b(true)), "BAD_TYPE"},
		{"dwithin int exclusive", call("ST_DWithin", line, p38, i(1), i(1)), "BAD_TYPE"},
		{"cell of a point", call("S2_CellIdFromPoint", p38), "1166542697063163289"},
		{"cell near the pole", call("S2_CellIdFromPoint", far), "4987215245349669805"},
		{"cell at level 0", call("S2_CellIdFromPoint", p38, i(0)), "1152921504606846976"},
		{"cell of a line", call("S2_CellIdFromPoint", line), "BAD_DATA"},
		{"cell level 31", call("S2_CellIdFromPoint", p38, i(31)), "BAD_DATA"},
		{"cell level float", call("S2_CellIdFromPoint", p38, f(3)), "BAD_TYPE"},
		{"covering of a point", call("S2_CoveringCellIds", p38), "[1166542697063163289]"},
		{"covering of a polygon", call("S2_CoveringCellIds", tri), "[1152391494368201343, 1153466862374223872, " +
			"1153554823304445952, 1153836298281156608, 1153959443583467520, 1154240918560178176, " +
			"1160503736791990272, 1160591697722212352]"},
		// The triangle touches longitude 0, where face 0 splits: one cell is the face.
		{"covering with one cell", call("S2_CoveringCellIds", tri, i(0), i(30), i(1)), "[1152921504606846976]"},
		{"covering max cells 0", call("S2_CoveringCellIds", tri, i(0), i(30), i(0)), "BAD_DATA"},
		{"covering negative buffer", call("S2_CoveringCellIds", p38, i(0), i(30), i(8), f(-1)), "BAD_DATA"},
		{"centroid of a point", call("ST_ASText", call("ST_Centroid", p38)), `"POINT(3 8)"`},
		{"centroid of a string", call("ST_Centroid", value.NewString("x")), "BAD_TYPE"},
	}
	for _, tt := range tests {
		if got := tt.got.Literal(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestGeographySignatures(t *testing.T) {
	g, fl, in, bo := value.KindGeography, value.KindFloat, value.KindInt, value.KindBool
	for _, tc := range []struct {
		name string
		args []value.Kind
		want value.Kind
		ok   bool
	}{
		{"ST_Intersects", []value.Kind{g, g}, bo, true},
		{"st_distance", []value.Kind{g, g}, fl, true},
		{"st_dwithin", []value.Kind{g, g, in, bo}, bo, true},
		{"st_dwithin", []value.Kind{g, g, bo, bo}, 0, false},
		{"s2_cellidfrompoint", []value.Kind{g, in}, in, true},
		{"s2_coveringcellids", []value.Kind{g, in, in, in, fl}, value.KindList, true},
		{"st_centroid", []value.Kind{g}, g, true},
	} {
		got, err := ReturnType(tc.name, tc.args)
		if (err == nil) != tc.ok || tc.ok && got != tc.want {
			t.Errorf("ReturnType(%s, %v) = %v, %v; want %v, ok %v", tc.name, tc.args, got, err, tc.want, tc.ok)
		}
	}
}
