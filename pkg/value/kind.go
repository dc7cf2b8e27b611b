package value

// kindNames are NebulaGraph's Value::toString(Type) names, the spelling its
// validator uses in type errors ("can not apply `-' to `__EMPTY__' and
// `STRING'").
var kindNames = [...]string{
	KindEmpty:     "__EMPTY__",
	KindBool:      "BOOL",
	KindInt:       "INT",
	KindFloat:     "FLOAT",
	KindString:    "STRING",
	KindDate:      "DATE",
	KindTime:      "TIME",
	KindDateTime:  "DATETIME",
	KindVertex:    "VERTEX",
	KindEdge:      "EDGE",
	KindPath:      "PATH",
	KindList:      "LIST",
	KindMap:       "MAP",
	KindSet:       "SET",
	KindDataSet:   "DATASET",
	KindGeography: "GEOGRAPHY",
	KindDuration:  "DURATION",
	KindNull:      "NULL",
}

// String returns the kind's upper-case NebulaGraph name, e.g. "INT".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "__UNKNOWN__"
}

// typeNames are what NebulaGraph's typeof() returns per kind.
var typeNames = [...]string{
	KindEmpty:     "__EMPTY__",
	KindBool:      "bool",
	KindInt:       "int",
	KindFloat:     "float",
	KindString:    "string",
	KindDate:      "date",
	KindTime:      "time",
	KindDateTime:  "datetime",
	KindVertex:    "vertex",
	KindEdge:      "edge",
	KindPath:      "path",
	KindList:      "list",
	KindMap:       "map",
	KindSet:       "set",
	KindDataSet:   "dataset",
	KindGeography: "geography",
	KindDuration:  "duration",
	KindNull:      "NULL",
}

// TypeName returns the name typeof() gives v's kind: "int", "string", "NULL",
// "__EMPTY__", ...
func (v Value) TypeName() string {
	if int(v.kind) < len(typeNames) {
		return typeNames[v.kind]
	}
	return "__UNKNOWN__"
}

// nullNames are NebulaGraph's NullType names (Value::typeName of a NULL).
var nullNames = [...]string{
	NullPlain:       "__NULL__",
	NullNaN:         "NaN",
	NullBadData:     "BAD_DATA",
	NullBadType:     "BAD_TYPE",
	NullOverflow:    "ERR_OVERFLOW",
	NullUnknownProp: "UNKNOWN_PROP",
	NullDivByZero:   "DIV_BY_ZERO",
	NullOutOfRange:  "OUT_OF_RANGE",
}

// String returns the null reason's NebulaGraph name, e.g. "BAD_TYPE".
func (k NullKind) String() string {
	if int(k) < len(nullNames) {
		return nullNames[k]
	}
	return "__UNKNOWN__"
}

// True and False are the two bool values.
var (
	True  = NewBool(true)
	False = NewBool(false)
)

// Frequently returned error-like NULLs.
var (
	nullBadType     = NewNull(NullBadType)
	nullOverflow    = NewNull(NullOverflow)
	nullDivByZero   = NewNull(NullDivByZero)
	nullUnknownProp = NewNull(NullUnknownProp)
)

func isNumKind(k Kind) bool { return k == KindInt || k == KindFloat }

// IsBool reports whether v is a bool.
func (v Value) IsBool() bool { return v.kind == KindBool }

// IsInt reports whether v is an int.
func (v Value) IsInt() bool { return v.kind == KindInt }

// IsFloat reports whether v is a float.
func (v Value) IsFloat() bool { return v.kind == KindFloat }

// IsString reports whether v is a string.
func (v Value) IsString() bool { return v.kind == KindString }

// AsFloat returns an int or float value as float64; other kinds give 0.
func (v Value) AsFloat() float64 {
	switch v.kind {
	case KindInt:
		return float64(v.num)
	case KindFloat:
		return v.Float()
	}
	return 0
}
