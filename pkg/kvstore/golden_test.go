package kvstore

import (
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/value"
)

// The golden files pin the persisted byte layouts documented in
// docs/format: any change to them shows up as a diff. Regenerate with
//
//	go test ./pkg/kvstore -run Golden -rewrite
//
// and read the diff before committing: a changed layout breaks stored data.
var rewrite = flag.Bool("rewrite", false, "rewrite the golden files under testdata/")

func checkGolden(t *testing.T, name, got string) {
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
	if got != string(want) {
		t.Errorf("%s differs from the encoding; got:\n%s", path, got)
	}
}

// spaced prints b in hex with a space at each field boundary in widths.
func spaced(b []byte, widths ...int) string {
	var parts []string
	for _, w := range widths {
		if w > len(b) {
			break
		}
		parts = append(parts, hex.EncodeToString(b[:w]))
		b = b[w:]
	}
	if len(b) > 0 {
		parts = append(parts, hex.EncodeToString(b))
	}
	return strings.Join(parts, " ")
}

func TestGoldenKeys(t *testing.T) {
	var sb strings.Builder
	for _, space := range []struct {
		name string
		t    VIDType
		n    int
		vids []value.Value
	}{
		{"INT64", VIDInt64, 8, []value.Value{value.NewInt(1), value.NewInt(-1)}},
		{"FIXED_STRING(8)", VIDFixedString, 8, []value.Value{value.NewString("Tim"), value.NewString("Tony")}},
	} {
		c, err := NewKeyCodec(space.t, space.n)
		if err != nil {
			t.Fatal(err)
		}
		L := c.VIDLen()
		a, b := mustVID(t, c, space.vids[0]), mustVID(t, c, space.vids[1])
		fmt.Fprintf(&sb, "# space vid_type=%s, vids %v and %v, part 3\n", space.name, space.vids[0], space.vids[1])
		fmt.Fprintf(&sb, "tag      tag=2              %s\n", spaced(c.AppendTagKey(nil, 3, a, 2), 1, 3, L, 4))
		fmt.Fprintf(&sb, "vertex                      %s\n", spaced(c.AppendVertexKey(nil, 3, a), 1, 3, L))
		fmt.Fprintf(&sb, "edge out type=5 rank=0      %s\n", spaced(c.AppendEdgeKey(nil, 3, a, 5, 0, b), 1, 3, L, 4, 8, L, 1))
		fmt.Fprintf(&sb, "edge in  type=-5 rank=-2    %s\n", spaced(c.AppendEdgeKey(nil, 3, b, -5, -2, a), 1, 3, L, 4, 8, L, 1))
		vals, _ := AppendIndexValue(nil, IndexField{Type: TypeInt64}, value.NewInt(42))
		fmt.Fprintf(&sb, "tag index id=7 int 42       %s\n", spaced(c.AppendTagIndexKey(nil, 3, 7, vals, a), 1, 3, 4, 8, L))
		fmt.Fprintf(&sb, "edge index id=8 int 42      %s\n", spaced(c.AppendEdgeIndexKey(nil, 3, 8, vals, a, 1, b), 1, 3, 4, 8, L, 8, L))
	}
	fmt.Fprintf(&sb, "# system keys, part 3\n")
	fmt.Fprintf(&sb, "system applied              %s\n", spaced(SystemKey(3, SysApplied), 1, 3, 1))
	fmt.Fprintf(&sb, "system balance              %s\n", spaced(SystemKey(3, SysBalance), 1, 3, 1))
	checkGolden(t, "keys.golden", sb.String())
}

func TestGoldenIndexValues(t *testing.T) {
	var sb strings.Builder
	cases := []struct {
		f IndexField
		v value.Value
	}{
		{IndexField{Type: TypeBool}, value.NewBool(true)},
		{IndexField{Type: TypeInt64}, value.NewInt(math.MinInt64)},
		{IndexField{Type: TypeInt64}, value.NewInt(-1)},
		{IndexField{Type: TypeInt32}, value.NewInt(1)},
		{IndexField{Type: TypeDouble}, value.NewFloat(-1.5)},
		{IndexField{Type: TypeDouble}, value.NewFloat(math.Copysign(0, -1))},
		{IndexField{Type: TypeDouble}, value.NewFloat(1.5)},
		{IndexField{Type: TypeDouble}, value.NewFloat(math.Inf(1))},
		{IndexField{Type: TypeDouble}, value.NewFloat(math.NaN())},
		{IndexField{Type: TypeString, Len: 4}, value.NewString("ab")},
		{IndexField{Type: TypeString, Len: 4}, value.NewString("abcdef")},
		{IndexField{Type: TypeDate}, value.NewDate(value.Date{Year: 2024, Month: 2, Day: 29})},
		{IndexField{Type: TypeTime}, value.NewTime(value.Time{Hour: 23, Minute: 59, Sec: 1, Microsec: 5})},
		{IndexField{Type: TypeDateTime}, value.NewDateTime(value.DateTime{Year: -1, Month: 12, Day: 31, Hour: 1, Minute: 2, Sec: 3, Microsec: 4})},
		{IndexField{Type: TypeInt64, Nullable: true}, value.NewInt(0)},
		{IndexField{Type: TypeInt64, Nullable: true}, value.Null},
	}
	for _, tc := range cases {
		enc, err := AppendIndexValue(nil, tc.f, tc.v)
		if err != nil {
			t.Fatal(err)
		}
		typ := tc.f.Type.String()
		if tc.f.Len > 0 {
			typ += fmt.Sprintf("(%d)", tc.f.Len)
		}
		if tc.f.Nullable {
			typ += " NULL"
		}
		fmt.Fprintf(&sb, "%-16s %-40v %x\n", typ, tc.v, enc)
	}
	checkGolden(t, "index_values.golden", sb.String())
}

func TestGoldenRows(t *testing.T) {
	var sb strings.Builder
	s := mustSchema(t, 2, []Column{
		{Name: "name", Type: TypeString},
		{Name: "age", Type: TypeInt8},
		{Name: "score", Type: TypeDouble, Nullable: true},
		{Name: "code", Type: TypeFixedString, FixedLen: 3},
		{Name: "born", Type: TypeDate, Nullable: true},
	}, TTL{})
	for _, vals := range [][]value.Value{
		{value.NewString("Tom"), value.NewInt(7), value.NewFloat(1.5), value.NewString("ab"), value.NewDate(value.Date{Year: 2000, Month: 1, Day: 2})},
		{value.NewString(""), value.NewInt(-1), value.Null, value.NewString("xyz"), value.Null},
	} {
		row, err := s.EncodeRow(nil, vals)
		if err != nil {
			t.Fatal(err)
		}
		// header(1) version(1) nulls(1) name(8) age(1) score(8) code(2+3) born(4) tail
		fmt.Fprintf(&sb, "%v\n  %s\n", vals, spaced(row, 1, 1, 1, 8, 1, 8, 5, 4))
	}
	checkGolden(t, "rows.golden", sb.String())
}
