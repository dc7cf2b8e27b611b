package kvstore

import (
	"fmt"

	"github.com/novagraph/novagraph/pkg/value"
)

// PropertyType is the declared type of a property. The numbers are those of
// the PropertyType enum of idl/common.thrift, so that meta can store and ship
// them unchanged.
type PropertyType int32

// Property types.
const (
	TypeUnknown     PropertyType = 0
	TypeBool        PropertyType = 1
	TypeInt64       PropertyType = 2
	TypeVID         PropertyType = 3
	TypeFloat       PropertyType = 4
	TypeDouble      PropertyType = 5
	TypeString      PropertyType = 6
	TypeFixedString PropertyType = 7
	TypeInt8        PropertyType = 8
	TypeInt16       PropertyType = 9
	TypeInt32       PropertyType = 10
	TypeTimestamp   PropertyType = 21
	TypeDuration    PropertyType = 23
	TypeDate        PropertyType = 24
	TypeDateTime    PropertyType = 25
	TypeTime        PropertyType = 26
	TypeGeography   PropertyType = 31
	TypeListString  PropertyType = 36
	TypeListInt     PropertyType = 37
	TypeListFloat   PropertyType = 38
	TypeSetString   PropertyType = 39
	TypeSetInt      PropertyType = 40
	TypeSetFloat    PropertyType = 41
)

// MaxFixedLen is the largest N of FIXED_STRING(N); the row slot stores the
// used length in two bytes.
const MaxFixedLen = 0xFFFF

var typeNames = map[PropertyType]string{
	TypeUnknown: "UNKNOWN", TypeBool: "BOOL", TypeInt64: "INT64", TypeVID: "VID",
	TypeFloat: "FLOAT", TypeDouble: "DOUBLE", TypeString: "STRING",
	TypeFixedString: "FIXED_STRING", TypeInt8: "INT8", TypeInt16: "INT16",
	TypeInt32: "INT32", TypeTimestamp: "TIMESTAMP", TypeDuration: "DURATION",
	TypeDate: "DATE", TypeDateTime: "DATETIME", TypeTime: "TIME",
	TypeGeography:  "GEOGRAPHY",
	TypeListString: "LIST_STRING", TypeListInt: "LIST_INT", TypeListFloat: "LIST_FLOAT",
	TypeSetString: "SET_STRING", TypeSetInt: "SET_INT", TypeSetFloat: "SET_FLOAT",
}

// String returns the thrift name of the type ("INT64", "FIXED_STRING", ...).
func (t PropertyType) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("PropertyType(%d)", int32(t))
}

// Valid reports whether t is one of the declared property types other than
// TypeUnknown.
func (t PropertyType) Valid() bool {
	_, ok := typeNames[t]
	return ok && t != TypeUnknown
}

// Column is one property of a tag or edge type schema.
type Column struct {
	Name string
	Type PropertyType
	// FixedLen is N of FIXED_STRING(N); zero for other types.
	FixedLen int
	// Shape restricts a GEOGRAPHY column to one shape; zero takes any.
	Shape    value.GeoShape
	Nullable bool
	// HasDefault says Default is used when a row omits the column. Default
	// holds a constant; defaults that are expressions evaluated per write
	// (now(), ...) are evaluated by the caller, which passes the result as
	// an explicit value.
	HasDefault bool
	Default    value.Value
	Comment    string
}

// TTL names the column whose value (seconds since the epoch) plus Duration
// seconds is the expiry time of a row. Col == "" or Duration == 0 disables it,
// as in NebulaGraph.
type TTL struct {
	Col      string
	Duration int64
}

// Enabled reports whether rows of a schema with this TTL can expire.
func (t TTL) Enabled() bool { return t.Col != "" && t.Duration > 0 }

// Schema is one version of a tag's or edge type's properties, with the row
// layout derived from it. A Schema is immutable after NewSchema and safe for
// concurrent use.
type Schema struct {
	version int64
	cols    []Column
	ttl     TTL
	ttlIdx  int // column index of ttl.Col, -1 when none

	byName    map[string]int
	offset    []int // offset of each column's slot within the fixed area
	nullBit   []int // bit of each column in the null bitmap, -1 if NOT NULL
	nullBytes int
	fixedSize int
	defaults  []value.Value // coerced defaults, EMPTY when none
}

// NewSchema validates cols and ttl and returns the schema of the given
// version. It returns an error wrapping ErrBadSchema for a duplicate or empty
// name, an unknown type, a FIXED_STRING length outside 1..MaxFixedLen, a
// default the column cannot hold, or a TTL column that is missing or not
// INT64/TIMESTAMP. The schema keeps its own copy of cols.
func NewSchema(version int64, cols []Column, ttl TTL) (*Schema, error) {
	if version < 0 {
		return nil, fmt.Errorf("schema version %d: %w", version, ErrBadSchema)
	}
	s := &Schema{
		version:  version,
		cols:     append([]Column(nil), cols...),
		ttl:      ttl,
		ttlIdx:   -1,
		byName:   make(map[string]int, len(cols)),
		offset:   make([]int, len(cols)),
		nullBit:  make([]int, len(cols)),
		defaults: make([]value.Value, len(cols)),
	}
	nullables := 0
	for i, c := range s.cols {
		if c.Name == "" {
			return nil, fmt.Errorf("column %d has no name: %w", i, ErrBadSchema)
		}
		if _, dup := s.byName[c.Name]; dup {
			return nil, fmt.Errorf("column %q declared twice: %w", c.Name, ErrBadSchema)
		}
		if !c.Type.Valid() {
			return nil, fmt.Errorf("column %q has type %v: %w", c.Name, c.Type, ErrBadSchema)
		}
		if c.Type == TypeFixedString {
			if c.FixedLen < 1 || c.FixedLen > MaxFixedLen {
				return nil, fmt.Errorf("column %q: fixed_string length %d: %w", c.Name, c.FixedLen, ErrBadSchema)
			}
		} else if c.FixedLen != 0 {
			return nil, fmt.Errorf("column %q: length given for %v: %w", c.Name, c.Type, ErrBadSchema)
		}
		s.byName[c.Name] = i
		s.offset[i] = s.fixedSize
		s.fixedSize += slotWidth(c)
		s.nullBit[i] = -1
		if c.Nullable {
			s.nullBit[i] = nullables
			nullables++
		}
		if c.HasDefault {
			d, err := coerce(c, c.Default)
			if err != nil {
				return nil, fmt.Errorf("column %q default: %w: %w", c.Name, ErrBadSchema, err)
			}
			s.defaults[i] = d
		}
	}
	s.nullBytes = (nullables + 7) / 8
	if ttl.Col != "" {
		i, ok := s.byName[ttl.Col]
		if !ok {
			return nil, fmt.Errorf("ttl column %q not in schema: %w", ttl.Col, ErrBadSchema)
		}
		if t := s.cols[i].Type; t != TypeInt64 && t != TypeTimestamp {
			return nil, fmt.Errorf("ttl column %q has type %v, want INT64 or TIMESTAMP: %w", ttl.Col, t, ErrBadSchema)
		}
		s.ttlIdx = i
	}
	if ttl.Duration < 0 {
		return nil, fmt.Errorf("ttl duration %d: %w", ttl.Duration, ErrBadSchema)
	}
	return s, nil
}

// Version returns the schema version rows written with s record.
func (s *Schema) Version() int64 { return s.version }

// NumColumns returns the number of properties.
func (s *Schema) NumColumns() int { return len(s.cols) }

// Column returns the i-th property; it panics if i is out of range.
func (s *Schema) Column(i int) Column { return s.cols[i] }

// Columns returns a copy of the properties in declaration order.
func (s *Schema) Columns() []Column { return append([]Column(nil), s.cols...) }

// Index returns the position of the named property, or -1.
func (s *Schema) Index(name string) int {
	if i, ok := s.byName[name]; ok {
		return i
	}
	return -1
}

// TTL returns the schema's TTL definition.
func (s *Schema) TTL() TTL { return s.ttl }

// slotWidth is the number of bytes a column takes in the fixed area.
func slotWidth(c Column) int {
	switch c.Type {
	case TypeBool, TypeInt8:
		return 1
	case TypeInt16:
		return 2
	case TypeInt32, TypeFloat, TypeDate:
		return 4
	case TypeInt64, TypeVID, TypeTimestamp, TypeDouble:
		return 8
	case TypeTime:
		return 7 // hour, minute, sec, microsec(4)
	case TypeDateTime:
		return 11 // year(2), month, day, hour, minute, sec, microsec(4)
	case TypeDuration:
		return 16 // seconds(8), microseconds(4), months(4)
	case TypeString, TypeGeography, TypeListString, TypeListInt, TypeListFloat,
		TypeSetString, TypeSetInt, TypeSetFloat:
		return 8 // tail offset(4), length(4)
	case TypeFixedString:
		return 2 + c.FixedLen // used length(2), bytes padded with NUL
	}
	return 0
}
