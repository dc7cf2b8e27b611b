package meta

import (
	"testing"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

func col(name string, t common.PropertyType) *gmeta.ColumnDef {
	return &gmeta.ColumnDef{Name: []byte(name), Type: &gmeta.ColumnTypeDef{Type: t}, Nullable: true}
}

func withDefault(c *gmeta.ColumnDef, expr string, v value.Value) *gmeta.ColumnDef {
	c.DefaultValue, c.DefaultEval = []byte(expr), value.ToThrift(v)
	return c
}

func fixed(name string, n int16) *gmeta.ColumnDef {
	c := col(name, common.PropertyType_FIXED_STRING)
	c.Type.TypeLength = n
	return c
}

func TestCheckDefaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		col  *gmeta.ColumnDef
		ok   bool
	}{
		{"string", withDefault(col("a", common.PropertyType_STRING), `"x"`, value.NewString("x")), true},
		{"string from int", withDefault(col("a", common.PropertyType_STRING), `10`, value.NewInt(10)), false},
		{"float from int", withDefault(col("a", common.PropertyType_FLOAT), `10`, value.NewInt(10)), false},
		{"double", withDefault(col("a", common.PropertyType_DOUBLE), `1.5`, value.NewFloat(1.5)), true},
		{"bool from int", withDefault(col("a", common.PropertyType_BOOL), `10`, value.NewInt(10)), false},
		{"int8 in range", withDefault(col("a", common.PropertyType_INT8), `-128`, value.NewInt(-128)), true},
		{"int8 out of range", withDefault(col("a", common.PropertyType_INT8), `10000`, value.NewInt(10000)), false},
		{"timestamp negative", withDefault(col("a", common.PropertyType_TIMESTAMP), `-10`, value.NewInt(-10)), false},
		{"timestamp", withDefault(col("a", common.PropertyType_TIMESTAMP), `2020`, value.NewInt(2020)), true},
		{"time from int", withDefault(col("a", common.PropertyType_TIME), `10`, value.NewInt(10)), false},
		{"nullable NULL", withDefault(col("a", common.PropertyType_INT64), `NULL`, value.Null), true},
		{"not null NULL", withDefault(&gmeta.ColumnDef{Name: []byte("a"), Type: &gmeta.ColumnTypeDef{Type: common.PropertyType_INT64}}, `NULL`, value.Null), false},
		{"bad NULL", withDefault(col("a", common.PropertyType_INT64), `1/0`, value.NewNull(value.NullDivByZero)), false},
		{"expression text without value", &gmeta.ColumnDef{Name: []byte("a"), Type: &gmeta.ColumnTypeDef{Type: common.PropertyType_INT64}, DefaultValue: []byte("1")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkDefaults([]*gmeta.ColumnDef{tc.col})
			if (err == nil) != tc.ok {
				t.Fatalf("checkDefaults: %v, want ok=%v", err, tc.ok)
			}
			if err != nil && CodeOf(err) != common.ErrorCode_E_INVALID_PARM {
				t.Fatalf("code %v, want E_INVALID_PARM", CodeOf(err))
			}
		})
	}
	// A FIXED_STRING default too long for its column is cut, text and value.
	c := withDefault(fixed("a", 5), `"Hello world"`, value.NewString("Hello world"))
	if err := checkDefaults([]*gmeta.ColumnDef{c}); err != nil {
		t.Fatal(err)
	}
	if v, _ := value.FromThrift(c.DefaultEval); v.Str() != "Hello" || string(c.DefaultValue) != `"Hello"` {
		t.Fatalf("cut default: %v %s", v, c.DefaultValue)
	}
}

func TestAlterColumn(t *testing.T) {
	base := func() []*gmeta.ColumnDef {
		return []*gmeta.ColumnDef{col("name", common.PropertyType_STRING), col("age", common.PropertyType_INT32), fixed("code", 4)}
	}
	history := [][]*gmeta.ColumnDef{{col("gone", common.PropertyType_INT64)}}
	for _, tc := range []struct {
		name string
		op   gmeta.AlterSchemaOp
		col  *gmeta.ColumnDef
		edge bool
		code common.ErrorCode
	}{
		{"add", gmeta.AlterSchemaOp_ADD, col("email", common.PropertyType_STRING), false, common.ErrorCode_SUCCEEDED},
		{"add existing", gmeta.AlterSchemaOp_ADD, col("age", common.PropertyType_INT64), false, common.ErrorCode_E_EXISTED},
		{"add dropped before", gmeta.AlterSchemaOp_ADD, col("gone", common.PropertyType_INT64), false, common.ErrorCode_E_HISTORY_CONFLICT},
		{"change wider int", gmeta.AlterSchemaOp_CHANGE, col("age", common.PropertyType_INT64), false, common.ErrorCode_SUCCEEDED},
		{"change narrower int", gmeta.AlterSchemaOp_CHANGE, col("age", common.PropertyType_INT16), false, common.ErrorCode_E_UNSUPPORTED},
		{"change same type", gmeta.AlterSchemaOp_CHANGE, col("age", common.PropertyType_INT32), false, common.ErrorCode_SUCCEEDED},
		{"change int to bool", gmeta.AlterSchemaOp_CHANGE, col("age", common.PropertyType_BOOL), false, common.ErrorCode_E_UNSUPPORTED},
		{"change fixed wider", gmeta.AlterSchemaOp_CHANGE, fixed("code", 8), false, common.ErrorCode_SUCCEEDED},
		{"change fixed narrower", gmeta.AlterSchemaOp_CHANGE, fixed("code", 2), false, common.ErrorCode_E_UNSUPPORTED},
		{"change fixed to string", gmeta.AlterSchemaOp_CHANGE, col("code", common.PropertyType_STRING), false, common.ErrorCode_SUCCEEDED},
		{"change missing tag prop", gmeta.AlterSchemaOp_CHANGE, col("nope", common.PropertyType_INT64), false, common.ErrorCode_E_TAG_PROP_NOT_FOUND},
		{"drop missing edge prop", gmeta.AlterSchemaOp_DROP, col("nope", common.PropertyType_INT64), true, common.ErrorCode_E_EDGE_PROP_NOT_FOUND},
		{"drop", gmeta.AlterSchemaOp_DROP, col("name", common.PropertyType_STRING), false, common.ErrorCode_SUCCEEDED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cols := base()
			out, err := alterColumn(cols, &gmeta.SchemaProp{}, tc.col, tc.op, history, tc.edge)
			if CodeOf(err) != tc.code {
				t.Fatalf("code %v, want %v", CodeOf(err), tc.code)
			}
			if err != nil {
				return
			}
			switch tc.op {
			case gmeta.AlterSchemaOp_ADD:
				if len(out) != 4 || string(out[3].Name) != string(tc.col.Name) {
					t.Fatalf("after ADD: %v", out)
				}
			case gmeta.AlterSchemaOp_DROP:
				if len(out) != 2 || findColumn(out, string(tc.col.Name)) != nil {
					t.Fatalf("after DROP: %v", out)
				}
			}
		})
	}
	// Changing the TTL column is refused; dropping it disables the TTL.
	d := int64(100)
	prop := &gmeta.SchemaProp{TTLDuration: &d, TTLCol: []byte("age")}
	if _, err := alterColumn(base(), prop, col("age", common.PropertyType_INT64), gmeta.AlterSchemaOp_CHANGE, nil, false); CodeOf(err) != common.ErrorCode_E_UNSUPPORTED {
		t.Fatalf("change ttl column: %v", err)
	}
	if _, err := alterColumn(base(), prop, col("age", 0), gmeta.AlterSchemaOp_DROP, nil, false); err != nil || prop.GetTTLDuration() != 0 || len(prop.TTLCol) != 0 {
		t.Fatalf("drop ttl column: %v, ttl %+v", err, prop)
	}
}

func TestAlterSchemaProp(t *testing.T) {
	cols := []*gmeta.ColumnDef{col("name", common.PropertyType_STRING), col("ts", common.PropertyType_TIMESTAMP)}
	i64 := func(v int64) *int64 { return &v }
	for _, tc := range []struct {
		name     string
		change   *gmeta.SchemaProp
		hasIndex bool
		code     common.ErrorCode
		wantCol  string
	}{
		{"set ttl", &gmeta.SchemaProp{TTLDuration: i64(100), TTLCol: []byte("ts")}, false, common.ErrorCode_SUCCEEDED, "ts"},
		{"ttl on string", &gmeta.SchemaProp{TTLDuration: i64(100), TTLCol: []byte("name")}, false, common.ErrorCode_E_UNSUPPORTED, ""},
		{"ttl on missing", &gmeta.SchemaProp{TTLCol: []byte("x")}, false, common.ErrorCode_E_TAG_PROP_NOT_FOUND, ""},
		{"implicit ttl column", &gmeta.SchemaProp{TTLDuration: i64(100)}, false, common.ErrorCode_E_UNSUPPORTED, ""},
		{"ttl with index", &gmeta.SchemaProp{TTLDuration: i64(100), TTLCol: []byte("ts")}, true, common.ErrorCode_E_UNSUPPORTED, ""},
		{"comment with index", &gmeta.SchemaProp{Comment: []byte("c")}, true, common.ErrorCode_SUCCEEDED, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prop := &gmeta.SchemaProp{}
			err := alterSchemaProp(cols, prop, tc.change, tc.hasIndex, false)
			if CodeOf(err) != tc.code {
				t.Fatalf("code %v, want %v", CodeOf(err), tc.code)
			}
			if err == nil && string(prop.TTLCol) != tc.wantCol {
				t.Fatalf("ttl col %q, want %q", prop.TTLCol, tc.wantCol)
			}
		})
	}
}

// TestSchemaVersionsReadOldRows is versioning at the codec + schema level:
// a schema is built from its stored versions as the cache builds it, rows
// written with the first version stay readable after ALTER adds and drops
// columns, and new rows use the latest version.
func TestSchemaVersionsReadOldRows(t *testing.T) {
	v0 := &gmeta.Schema{Columns: []*gmeta.ColumnDef{col("name", common.PropertyType_STRING), col("age", common.PropertyType_INT64)}, SchemaProp: &gmeta.SchemaProp{}}
	items := []*gmeta.TagItem{{TagID: 7, TagName: []byte("person"), Version: 0, Schema: v0}}
	s0, err := newSchema(1, false, items)
	if err != nil {
		t.Fatal(err)
	}
	row, err := s0.Codec.Latest().EncodeRow(nil, []value.Value{value.NewString("Tom"), value.NewInt(23)})
	if err != nil {
		t.Fatal(err)
	}

	// ALTER TAG person ADD (email string DEFAULT "none"), DROP (age)
	cols := append([]*gmeta.ColumnDef(nil), v0.Columns...)
	history := [][]*gmeta.ColumnDef{v0.Columns}
	prop := &gmeta.SchemaProp{}
	cols, err = alterColumn(cols, prop, withDefault(col("email", common.PropertyType_STRING), `"none"`, value.NewString("none")), gmeta.AlterSchemaOp_ADD, history, false)
	if err != nil {
		t.Fatal(err)
	}
	if cols, err = alterColumn(cols, prop, col("age", 0), gmeta.AlterSchemaOp_DROP, history, false); err != nil {
		t.Fatal(err)
	}
	v1 := &gmeta.Schema{Columns: cols, SchemaProp: prop}
	if err := checkDefaults(v1.Columns); err != nil {
		t.Fatal(err)
	}
	if err := checkCodec(false, v1); err != nil {
		t.Fatal(err)
	}
	items = append(items, &gmeta.TagItem{TagID: 7, TagName: []byte("person"), Version: 1, Schema: v1})
	s1, err := newSchema(1, false, items)
	if err != nil {
		t.Fatal(err)
	}
	if s1.Latest().Version != 1 || len(s1.Versions) != 2 || s1.Codec.Latest().Version() != 1 {
		t.Fatalf("versions %+v", s1.Versions)
	}
	if got := s1.Latest().Columns[1]; got.DefaultExpr != `"none"` || got.Default.Str() != "none" || !got.HasDefault {
		t.Fatalf("email column %+v", got)
	}

	r, err := s1.Codec.Reader(row)
	if err != nil {
		t.Fatalf("old row unreadable after ALTER: %v", err)
	}
	for _, tc := range []struct {
		prop string
		want value.Value
	}{
		{"name", value.NewString("Tom")},
		{"age", value.NewInt(23)},          // still in the row's own version
		{"email", value.NewString("none")}, // added later: the latest default
	} {
		got, err := s1.Codec.Read(r, tc.prop)
		if err != nil || !value.Identical(got, tc.want) {
			t.Errorf("old row %s = %v, %v; want %v", tc.prop, got, err, tc.want)
		}
	}
	newRow, err := s1.Codec.Latest().EncodeRow(nil, []value.Value{value.NewString("Ann")})
	if err != nil {
		t.Fatal(err)
	}
	if ver, _ := kvstore.RowVersion(newRow); ver != 1 {
		t.Fatalf("new row written with version %d, want 1", ver)
	}
	r, err = s1.Codec.Reader(newRow)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s1.Codec.Read(r, "email"); got.Str() != "none" {
		t.Fatalf("new row email %v, want the default", got)
	}
}

func TestWireColumnRoundTrip(t *testing.T) {
	cols := []Column{
		{Column: kvstore.Column{Name: "a", Type: kvstore.TypeFixedString, FixedLen: 12, Comment: "c"}},
		{Column: kvstore.Column{Name: "b", Type: kvstore.TypeTimestamp, Nullable: true, HasDefault: true, Default: value.NewInt(0)}, DefaultExpr: "now()", DefaultVolatile: true},
		{Column: kvstore.Column{Name: "g", Type: kvstore.TypeGeography, Nullable: true}, GeoShape: gmeta.GeoShape_POINT},
	}
	ttl := kvstore.TTL{Col: "b", Duration: 60}
	comment := "tag comment"
	ws := WireSchema(cols, &ttl, &comment)
	var back gmeta.Schema
	if err := decode(encode(ws), &back); err != nil {
		t.Fatal(err)
	}
	sv, codec, err := schemaVersionOf(3, &back)
	if err != nil {
		t.Fatal(err)
	}
	if sv.TTL != ttl || sv.Comment != comment || len(sv.Columns) != 3 {
		t.Fatalf("round trip: %+v", sv)
	}
	for i, c := range sv.Columns {
		want := cols[i]
		if c.Name != want.Name || c.Type != want.Type || c.FixedLen != want.FixedLen || c.Nullable != want.Nullable ||
			c.Comment != want.Comment || c.DefaultExpr != want.DefaultExpr || c.DefaultVolatile != want.DefaultVolatile ||
			c.GeoShape != want.GeoShape || c.HasDefault != want.HasDefault {
			t.Errorf("column %d: %+v, want %+v", i, c, want)
		}
	}
	// A volatile default is the caller's to evaluate: the codec has none.
	if codec.Column(1).HasDefault {
		t.Fatal("codec column with a volatile default claims a default")
	}
}
