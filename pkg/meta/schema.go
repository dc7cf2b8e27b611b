package meta

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/common"
	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

// Column is one property of a tag or edge type schema version.
//
// The embedded kvstore.Column carries what rows need (name, type,
// FIXED_STRING length, nullability, comment) and, in HasDefault/Default,
// the default evaluated without a row. DefaultExpr is the default as
// declared, in nGQL. When DefaultVolatile is set the default must be
// evaluated again on every write (now(), rand(), ...): Default then only
// holds the value it had when the schema was written, and the row codec
// (Schema.Codec) treats the column as having no default.
type Column struct {
	kvstore.Column
	DefaultExpr     string
	DefaultVolatile bool
	// GeoShape restricts a GEOGRAPHY column to one shape; GeoShape_ANY
	// (the zero value) allows all.
	GeoShape gmeta.GeoShape
}

// SchemaVersion is one version of a tag's or edge type's properties.
type SchemaVersion struct {
	Version int64
	Columns []Column
	TTL     kvstore.TTL
	Comment string
}

// Schema is a tag or an edge type with every version of its properties.
// A Schema from the client's cache is shared and must not be modified.
type Schema struct {
	Space int32
	// ID is the tag id or the (positive) edge type.
	ID   int32
	Name string
	Edge bool
	// Versions are oldest first; the last one is what new rows are written
	// with.
	Versions []SchemaVersion
	// Codec reads rows of every version and writes rows of the latest.
	Codec *kvstore.Versions
}

// Latest returns the newest version.
func (s *Schema) Latest() *SchemaVersion { return &s.Versions[len(s.Versions)-1] }

// Version returns the given version, or nil.
func (s *Schema) Version(v int64) *SchemaVersion {
	for i := range s.Versions {
		if s.Versions[i].Version == v {
			return &s.Versions[i]
		}
	}
	return nil
}

// newSchema builds a Schema from the stored versions of one tag or edge
// type (oldest first).
func newSchema(space int32, edge bool, items []*gmeta.TagItem) (*Schema, error) {
	if len(items) == 0 {
		return nil, fmt.Errorf("schema with no version: %w", errCorrupt)
	}
	last := items[len(items)-1]
	s := &Schema{Space: space, ID: int32(last.TagID), Name: string(last.TagName), Edge: edge}
	codecs := make([]*kvstore.Schema, 0, len(items))
	for _, it := range items {
		sv, codec, err := schemaVersionOf(int64(it.Version), it.Schema)
		if err != nil {
			return nil, fmt.Errorf("schema %s version %d: %w", it.TagName, it.Version, err)
		}
		s.Versions = append(s.Versions, sv)
		codecs = append(codecs, codec)
	}
	var err error
	if s.Codec, err = kvstore.NewVersions(codecs...); err != nil {
		return nil, fmt.Errorf("schema %s: %w", s.Name, err)
	}
	return s, nil
}

// schemaVersionOf converts a wire schema, and builds its row codec.
func schemaVersionOf(ver int64, ws *gmeta.Schema) (SchemaVersion, *kvstore.Schema, error) {
	sv := SchemaVersion{Version: ver}
	if ws == nil {
		ws = &gmeta.Schema{}
	}
	kcols := make([]kvstore.Column, 0, len(ws.Columns))
	for _, wc := range ws.Columns {
		c, err := columnOf(wc)
		if err != nil {
			return sv, nil, err
		}
		sv.Columns = append(sv.Columns, c)
		kc := c.Column
		if c.DefaultVolatile {
			kc.HasDefault, kc.Default = false, value.Empty
		}
		kcols = append(kcols, kc)
	}
	if p := ws.SchemaProp; p != nil {
		if p.TTLDuration != nil {
			sv.TTL.Duration = *p.TTLDuration
		}
		if p.TTLCol != nil {
			sv.TTL.Col = string(p.TTLCol)
		}
		sv.Comment = string(p.Comment)
	}
	codec, err := kvstore.NewSchema(ver, kcols, sv.TTL)
	return sv, codec, err
}

func columnOf(wc *gmeta.ColumnDef) (Column, error) {
	c := Column{Column: kvstore.Column{Name: string(wc.Name), Comment: string(wc.Comment)}}
	if wc.Type != nil {
		c.Type = kvstore.PropertyType(wc.Type.Type)
		if c.Type == kvstore.TypeFixedString {
			c.FixedLen = int(wc.Type.GetTypeLength())
		}
		c.GeoShape = wc.Type.GetGeoShape()
		// gmeta's shapes number as value's: ANY 0, POINT 1, ...
		c.Shape = value.GeoShape(c.GeoShape)
	}
	c.Nullable = wc.GetNullable()
	if wc.DefaultValue != nil {
		c.HasDefault = true
		c.DefaultExpr = string(wc.DefaultValue)
		c.DefaultVolatile = wc.GetDefaultVolatile()
		if wc.DefaultEval != nil {
			v, err := value.FromThrift(wc.DefaultEval)
			if err != nil {
				return c, fmt.Errorf("column %s default: %w", c.Name, err)
			}
			c.Default = v
		}
	}
	return c, nil
}

// ColumnDef converts c for the wire (a request of graphd's, say).
func (c Column) ColumnDef() *gmeta.ColumnDef {
	t := &gmeta.ColumnTypeDef{Type: common.PropertyType(c.Type)}
	if c.Type == kvstore.TypeFixedString {
		t.TypeLength = int16(c.FixedLen)
	}
	if c.Type == kvstore.TypeGeography {
		shape := c.GeoShape
		t.GeoShape = &shape
	}
	wc := &gmeta.ColumnDef{Name: []byte(c.Name), Type: t, Nullable: c.Nullable}
	if c.Comment != "" {
		wc.Comment = []byte(c.Comment)
	}
	if c.HasDefault {
		wc.DefaultValue = []byte(c.DefaultExpr)
		wc.DefaultEval = value.ToThrift(c.Default)
		wc.DefaultVolatile = c.DefaultVolatile
	}
	return wc
}

// WireSchema converts columns and properties for the wire.
func WireSchema(cols []Column, ttl *kvstore.TTL, comment *string) *gmeta.Schema {
	ws := &gmeta.Schema{Columns: make([]*gmeta.ColumnDef, 0, len(cols)), SchemaProp: &gmeta.SchemaProp{}}
	for _, c := range cols {
		ws.Columns = append(ws.Columns, c.ColumnDef())
	}
	if ttl != nil {
		d, col := ttl.Duration, ttl.Col
		ws.SchemaProp.TTLDuration = &d
		ws.SchemaProp.TTLCol = []byte(col)
	}
	if comment != nil {
		ws.SchemaProp.Comment = []byte(*comment)
	}
	return ws
}

// Validation, as NebulaGraph's metad does it.

// maxTimestamp is the largest TIMESTAMP NebulaGraph accepts.
const maxTimestamp = math.MaxInt64 / 1000000000

// checkDefaults type-checks every column's default (SchemaUtil::checkType):
// E_INVALID_PARM when one does not fit its column. A FIXED_STRING default
// longer than the column is cut to fit, in place.
func checkDefaults(cols []*gmeta.ColumnDef) error {
	for _, wc := range cols {
		if wc.DefaultValue == nil {
			continue
		}
		if wc.DefaultEval == nil || wc.Type == nil {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		v, err := value.FromThrift(wc.DefaultEval)
		if err != nil {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		if wc.GetNullable() && v.IsNull() {
			if v.IsBadNull() {
				return codeError(common.ErrorCode_E_INVALID_PARM)
			}
			continue
		}
		fixed, ok := defaultFits(wc.Type, v)
		if !ok {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		if fixed != nil {
			wc.DefaultEval = value.ToThrift(*fixed)
			wc.DefaultValue = []byte(quoteString(fixed.Str()))
		}
	}
	return nil
}

// defaultFits reports whether v may be the default of a column of type t;
// fixed is the value to store instead, when it had to be cut.
func defaultFits(t *gmeta.ColumnTypeDef, v value.Value) (fixed *value.Value, ok bool) {
	intIn := func(lo, hi int64) bool { return v.Kind() == value.KindInt && v.Int() >= lo && v.Int() <= hi }
	switch kvstore.PropertyType(t.Type) {
	case kvstore.TypeBool:
		return nil, v.Kind() == value.KindBool
	case kvstore.TypeInt8:
		return nil, intIn(math.MinInt8, math.MaxInt8)
	case kvstore.TypeInt16:
		return nil, intIn(math.MinInt16, math.MaxInt16)
	case kvstore.TypeInt32:
		return nil, intIn(math.MinInt32, math.MaxInt32)
	case kvstore.TypeInt64:
		return nil, v.Kind() == value.KindInt
	case kvstore.TypeFloat, kvstore.TypeDouble:
		return nil, v.Kind() == value.KindFloat
	case kvstore.TypeString:
		return nil, v.Kind() == value.KindString
	case kvstore.TypeFixedString:
		if v.Kind() != value.KindString {
			return nil, false
		}
		if n := int(t.GetTypeLength()); len(v.Str()) > n {
			cut := value.NewString(kvstore.TruncateUTF8(v.Str(), n))
			return &cut, true
		}
		return nil, true
	case kvstore.TypeTimestamp:
		return nil, intIn(0, maxTimestamp)
	case kvstore.TypeDate:
		return nil, v.Kind() == value.KindDate
	case kvstore.TypeTime:
		return nil, v.Kind() == value.KindTime
	case kvstore.TypeDateTime:
		return nil, v.Kind() == value.KindDateTime
	case kvstore.TypeDuration:
		return nil, v.Kind() == value.KindDuration
	case kvstore.TypeGeography:
		if v.Kind() != value.KindGeography {
			return nil, false
		}
		shape := t.GetGeoShape()
		return nil, shape == gmeta.GeoShape_ANY || int(shape) == int(v.Geography().Shape)
	}
	if pt := kvstore.PropertyType(t.Type); pt.IsContainer() {
		_, err := kvstore.Column{Type: pt}.Fit(v)
		return nil, err == nil
	}
	return nil, false
}

// quoteString writes s as an nGQL string literal.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// checkCodec builds the row codec of a schema about to be stored: a schema
// the row format cannot hold is refused. A TTL on a missing column answers
// the prop-not-found code, one on a column of another type than INT64 or
// TIMESTAMP, or a duration without a column, E_UNSUPPORTED; anything else
// E_INVALID_PARM.
func checkCodec(edge bool, ws *gmeta.Schema) error {
	if p := ws.SchemaProp; p != nil && p.TTLCol != nil && len(p.TTLCol) > 0 {
		found := false
		for _, c := range ws.Columns {
			if string(c.Name) == string(p.TTLCol) {
				found = true
				if t := c.Type.GetType(); t != common.PropertyType_INT64 && t != common.PropertyType_TIMESTAMP {
					return codeError(common.ErrorCode_E_UNSUPPORTED)
				}
			}
		}
		if !found {
			return propNotFound(edge)
		}
	}
	if p := ws.SchemaProp; p != nil && p.GetTTLDuration() != 0 && len(p.TTLCol) == 0 {
		return codeError(common.ErrorCode_E_UNSUPPORTED)
	}
	if _, _, err := schemaVersionOf(0, ws); err != nil {
		if errors.Is(err, kvstore.ErrBadSchema) || errors.Is(err, value.ErrBadThrift) {
			return codeError(common.ErrorCode_E_INVALID_PARM)
		}
		return err
	}
	return nil
}

func propNotFound(edge bool) error {
	if edge {
		return codeError(common.ErrorCode_E_EDGE_PROP_NOT_FOUND)
	}
	return codeError(common.ErrorCode_E_TAG_PROP_NOT_FOUND)
}

// alterColumn applies one ALTER item column to cols
// (MetaServiceUtils::alterColumnDefs). history holds the columns of every
// earlier version: adding a name any of them had is E_HISTORY_CONFLICT.
func alterColumn(cols []*gmeta.ColumnDef, prop *gmeta.SchemaProp, col *gmeta.ColumnDef,
	op gmeta.AlterSchemaOp, history [][]*gmeta.ColumnDef, edge bool) ([]*gmeta.ColumnDef, error) {
	name := string(col.Name)
	switch op {
	case gmeta.AlterSchemaOp_ADD:
		for _, c := range cols {
			if string(c.Name) == name {
				return cols, codeError(common.ErrorCode_E_EXISTED)
			}
		}
		for _, old := range history {
			for _, c := range old {
				if string(c.Name) == name {
					return cols, codeError(common.ErrorCode_E_HISTORY_CONFLICT)
				}
			}
		}
		return append(cols, col), nil
	case gmeta.AlterSchemaOp_CHANGE:
		for i, c := range cols {
			if string(c.Name) != name {
				continue
			}
			if prop != nil && string(prop.TTLCol) == name {
				return cols, codeError(common.ErrorCode_E_UNSUPPORTED)
			}
			if !legalTypeChange(c.Type, col.Type) {
				return cols, codeError(common.ErrorCode_E_UNSUPPORTED)
			}
			cols[i] = col
			return cols, nil
		}
		return cols, propNotFound(edge)
	case gmeta.AlterSchemaOp_DROP:
		for i, c := range cols {
			if string(c.Name) != name {
				continue
			}
			if prop != nil && string(prop.TTLCol) == name {
				zero := int64(0)
				prop.TTLDuration, prop.TTLCol = &zero, []byte{}
			}
			return append(cols[:i:i], cols[i+1:]...), nil
		}
		return cols, propNotFound(edge)
	}
	return cols, codeError(common.ErrorCode_E_UNSUPPORTED)
}

// legalTypeChange says whether ALTER ... CHANGE may turn a column of type
// from into one of type to: the same type, FIXED_STRING to STRING or a
// wider FIXED_STRING, an integer to a wider integer, FLOAT to DOUBLE.
func legalTypeChange(from, to *gmeta.ColumnTypeDef) bool {
	if from == nil || to == nil {
		return false
	}
	f, t := from.Type, to.Type
	if f == t && f != common.PropertyType_FIXED_STRING {
		return true
	}
	switch f {
	case common.PropertyType_UNKNOWN:
		return true
	case common.PropertyType_FIXED_STRING:
		switch t {
		case common.PropertyType_STRING:
			return true
		case common.PropertyType_FIXED_STRING:
			return from.TypeLength > 0 && to.TypeLength > 0 && from.TypeLength <= to.TypeLength
		}
		return false
	case common.PropertyType_INT32:
		return t == common.PropertyType_INT64
	case common.PropertyType_INT16:
		return t == common.PropertyType_INT64 || t == common.PropertyType_INT32
	case common.PropertyType_INT8:
		return t == common.PropertyType_INT64 || t == common.PropertyType_INT32 || t == common.PropertyType_INT16
	case common.PropertyType_FLOAT:
		return t == common.PropertyType_DOUBLE
	}
	return false
}

// alterSchemaProp applies the TTL and comment changes of an ALTER
// (MetaServiceUtils::alterSchemaProp).
func alterSchemaProp(cols []*gmeta.ColumnDef, prop, change *gmeta.SchemaProp, hasIndex, edge bool) error {
	if change == nil {
		return nil
	}
	if hasIndex && (change.TTLDuration != nil || change.TTLCol != nil) {
		return codeError(common.ErrorCode_E_UNSUPPORTED)
	}
	if change.TTLDuration != nil {
		d := *change.TTLDuration
		prop.TTLDuration = &d
	}
	if change.TTLCol != nil {
		col := string(change.TTLCol)
		if col == "" {
			zero := int64(0)
			prop.TTLDuration, prop.TTLCol = &zero, []byte{}
			return nil
		}
		found := false
		for _, c := range cols {
			if string(c.Name) != col {
				continue
			}
			if t := c.Type.GetType(); t != common.PropertyType_INT64 && t != common.PropertyType_TIMESTAMP {
				return codeError(common.ErrorCode_E_UNSUPPORTED)
			}
			found = true
			prop.TTLCol = []byte(col)
			break
		}
		if !found {
			return propNotFound(edge)
		}
	}
	if prop.GetTTLDuration() != 0 && len(prop.TTLCol) == 0 {
		return codeError(common.ErrorCode_E_UNSUPPORTED)
	}
	if change.Comment != nil {
		prop.Comment = append([]byte(nil), change.Comment...)
	}
	return nil
}
