package ast

// ColumnType is the type of a property, of a space's vid or of a cast
// target. Name is upper case: BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE,
// STRING, FIXED_STRING, TIMESTAMP, DATE, TIME, DATETIME, DURATION,
// GEOGRAPHY, LIST or SET. INT is read as INT64.
type ColumnType struct {
	Name   string
	Length int64       // FIXED_STRING(Length)
	Shape  string      // GEOGRAPHY(Shape): POINT, LINESTRING or POLYGON; "" for any
	Elem   *ColumnType // element type of LIST<...> and SET<...>
}

// ColumnPropKind is the kind of a ColumnProp.
type ColumnPropKind uint8

// Column properties.
const (
	PropNull    ColumnPropKind = iota // NULL
	PropNotNull                       // NOT NULL
	PropDefault                       // DEFAULT expr
	PropComment                       // COMMENT "text"
)

// ColumnProp is one property of a column definition.
type ColumnProp struct {
	Kind    ColumnPropKind
	Default Expr
	Comment string
}

// ColumnSpec is one column of CREATE TAG/EDGE and ALTER ... ADD/CHANGE.
// Props keep the order of the query.
type ColumnSpec struct {
	Name  string
	Type  *ColumnType
	Props []*ColumnProp
}

// SchemaOptionKind is the kind of a SchemaOption.
type SchemaOptionKind uint8

// Schema options.
const (
	TTLDuration   SchemaOptionKind = iota // TTL_DURATION = n
	TTLCol                                // TTL_COL = "col"
	SchemaComment                         // COMMENT = "text"
)

// SchemaOption is an option of CREATE/ALTER TAG/EDGE.
type SchemaOption struct {
	Kind SchemaOptionKind
	Int  int64
	Str  string
}

// CreateSchema is CREATE TAG|EDGE [IF NOT EXISTS] name (cols) [options].
type CreateSchema struct {
	Edge        bool
	IfNotExists bool
	Name        string
	Columns     []*ColumnSpec
	Options     []*SchemaOption
}

// AlterOpKind is the kind of an AlterOp.
type AlterOpKind uint8

// Alter operations.
const (
	AlterAdd AlterOpKind = iota
	AlterChange
	AlterDrop
)

// AlterOp is ADD (cols), CHANGE (cols) or DROP (names) in ALTER TAG/EDGE.
type AlterOp struct {
	Kind    AlterOpKind
	Columns []*ColumnSpec // ADD, CHANGE
	Names   []string      // DROP
}

// AlterSchema is ALTER TAG|EDGE name op, ... [option, ...].
type AlterSchema struct {
	Edge    bool
	Name    string
	Ops     []*AlterOp
	Options []*SchemaOption
}

// DropSchema is DROP TAG|EDGE [IF EXISTS] name.
type DropSchema struct {
	Edge     bool
	IfExists bool
	Name     string
}

// DescribeSchema is DESCRIBE|DESC TAG|EDGE name.
type DescribeSchema struct {
	Edge bool
	Name string
}

// IndexField is a column of an index, with a prefix length for strings.
type IndexField struct {
	Name   string
	Length int64 // 0 when absent
}

// IndexParamKind is the kind of an IndexParam.
type IndexParamKind uint8

// Index parameters (geography indexes).
const (
	S2MaxLevel IndexParamKind = iota
	S2MaxCells
)

// IndexParam is s2_max_level = n or s2_max_cells = n.
type IndexParam struct {
	Kind  IndexParamKind
	Value int64
}

// CreateIndex is CREATE TAG|EDGE INDEX [IF NOT EXISTS] name ON schema
// (fields) [WITH (params)] [COMMENT "text"].
type CreateIndex struct {
	Edge        bool
	IfNotExists bool
	Name        string
	On          string
	Fields      []*IndexField
	Params      []*IndexParam
	Comment     *string
}

// DropIndex is DROP TAG|EDGE INDEX [IF EXISTS] name.
type DropIndex struct {
	Edge     bool
	IfExists bool
	Name     string
}

// DescribeIndex is DESCRIBE TAG|EDGE INDEX name.
type DescribeIndex struct {
	Edge bool
	Name string
}

// CreateFTIndex is CREATE FULLTEXT TAG|EDGE INDEX name ON schema (fields)
// [ANALYZER = "name"].
type CreateFTIndex struct {
	Edge     bool
	Name     string
	On       string
	Fields   []string
	Analyzer string
}

// DropFTIndex is DROP FULLTEXT INDEX name.
type DropFTIndex struct{ Name string }

// SpaceOptionKind is the kind of a SpaceOption.
type SpaceOptionKind uint8

// Space options.
const (
	PartitionNum SpaceOptionKind = iota
	ReplicaFactor
	Charset
	Collate
	VidType
	AtomicEdge
)

// SpaceOption is one option of CREATE SPACE (...).
type SpaceOption struct {
	Kind SpaceOptionKind
	Int  int64       // PARTITION_NUM, REPLICA_FACTOR
	Str  string      // CHARSET, COLLATE
	Type *ColumnType // VID_TYPE
	Bool bool        // ATOMIC_EDGE
}

// CreateSpace is CREATE SPACE [IF NOT EXISTS] name [(options)] [ON zones]
// [COMMENT = "text"].
type CreateSpace struct {
	IfNotExists bool
	Name        string
	Options     []*SpaceOption
	Zones       []string
	Comment     *string
}

// CreateSpaceAs is CREATE SPACE [IF NOT EXISTS] name AS other: a new space
// with other's schema.
type CreateSpaceAs struct {
	IfNotExists bool
	Name        string
	From        string
}

// DropSpace is DROP SPACE [IF EXISTS] name; with Clear it is CLEAR SPACE,
// which deletes the data but keeps the schema.
type DropSpace struct {
	Clear    bool
	IfExists bool
	Name     string
}

// DescribeSpace is DESCRIBE SPACE name.
type DescribeSpace struct{ Name string }

// AlterSpace is ALTER SPACE name ADD ZONE zone, ....
type AlterSpace struct {
	Name     string
	AddZones []string
}

// Use is USE space.
type Use struct{ Space string }

func (*CreateSchema) stmtNode()   {}
func (*AlterSchema) stmtNode()    {}
func (*DropSchema) stmtNode()     {}
func (*DescribeSchema) stmtNode() {}
func (*CreateIndex) stmtNode()    {}
func (*DropIndex) stmtNode()      {}
func (*DescribeIndex) stmtNode()  {}
func (*CreateFTIndex) stmtNode()  {}
func (*DropFTIndex) stmtNode()    {}
func (*CreateSpace) stmtNode()    {}
func (*CreateSpaceAs) stmtNode()  {}
func (*DropSpace) stmtNode()      {}
func (*DescribeSpace) stmtNode()  {}
func (*AlterSpace) stmtNode()     {}
func (*Use) stmtNode()            {}

func (t *ColumnType) String() string     { return render(t) }
func (c *ColumnSpec) String() string     { return render(c) }
func (s *CreateSchema) String() string   { return render(s) }
func (s *AlterSchema) String() string    { return render(s) }
func (s *DropSchema) String() string     { return render(s) }
func (s *DescribeSchema) String() string { return render(s) }
func (s *CreateIndex) String() string    { return render(s) }
func (s *DropIndex) String() string      { return render(s) }
func (s *DescribeIndex) String() string  { return render(s) }
func (s *CreateFTIndex) String() string  { return render(s) }
func (s *DropFTIndex) String() string    { return render(s) }
func (s *CreateSpace) String() string    { return render(s) }
func (s *CreateSpaceAs) String() string  { return render(s) }
func (s *DropSpace) String() string      { return render(s) }
func (s *DescribeSpace) String() string  { return render(s) }
func (s *AlterSpace) String() string     { return render(s) }
func (s *Use) String() string            { return render(s) }

func (t *ColumnType) format(p *printer) {
	p.str(t.Name)
	switch {
	case t.Name == "FIXED_STRING":
		p.byte('(')
		p.int(t.Length)
		p.byte(')')
	case t.Name == "GEOGRAPHY" && t.Shape != "":
		p.byte('(')
		p.str(t.Shape)
		p.byte(')')
	case t.Elem != nil:
		p.byte('<')
		p.node(t.Elem)
		p.byte('>')
	}
}

func (c *ColumnSpec) format(p *printer) {
	p.name(c.Name)
	p.byte(' ')
	p.node(c.Type)
	for _, pr := range c.Props {
		switch pr.Kind {
		case PropNull:
			p.str(" NULL")
		case PropNotNull:
			p.str(" NOT NULL")
		case PropDefault:
			p.str(" DEFAULT ")
			p.node(pr.Default)
		case PropComment:
			p.str(" COMMENT ")
			p.buf = appendQuotedString(p.buf, pr.Comment)
		}
	}
}

func (p *printer) columnSpecs(cs []*ColumnSpec) {
	for i, c := range cs {
		if i > 0 {
			p.str(", ")
		}
		p.node(c)
	}
}

func (p *printer) schemaOptions(os []*SchemaOption) {
	for i, o := range os {
		if i > 0 {
			p.byte(',')
		}
		p.byte(' ')
		switch o.Kind {
		case TTLDuration:
			p.str("TTL_DURATION = ")
			p.int(o.Int)
		case TTLCol:
			p.str("TTL_COL = ")
			p.buf = appendQuotedString(p.buf, o.Str)
		case SchemaComment:
			p.str("COMMENT = ")
			p.buf = appendQuotedString(p.buf, o.Str)
		}
	}
}

func (p *printer) tagOrEdge(edge bool) {
	if edge {
		p.str("EDGE ")
	} else {
		p.str("TAG ")
	}
}

func (p *printer) ifNotExists(b bool) {
	if b {
		p.str("IF NOT EXISTS ")
	}
}

func (p *printer) ifExists(b bool) {
	if b {
		p.str("IF EXISTS ")
	}
}

func (s *CreateSchema) format(p *printer) {
	p.str("CREATE ")
	p.tagOrEdge(s.Edge)
	p.ifNotExists(s.IfNotExists)
	p.name(s.Name)
	p.byte('(')
	p.columnSpecs(s.Columns)
	p.byte(')')
	p.schemaOptions(s.Options)
}

func (s *AlterSchema) format(p *printer) {
	p.str("ALTER ")
	p.tagOrEdge(s.Edge)
	p.name(s.Name)
	for i, op := range s.Ops {
		if i > 0 {
			p.byte(',')
		}
		switch op.Kind {
		case AlterAdd:
			p.str(" ADD (")
		case AlterChange:
			p.str(" CHANGE (")
		case AlterDrop:
			p.str(" DROP (")
			p.names(op.Names)
		}
		p.columnSpecs(op.Columns)
		p.byte(')')
	}
	// Options follow the operations without a comma.
	p.schemaOptions(s.Options)
}

func (s *DropSchema) format(p *printer) {
	p.str("DROP ")
	p.tagOrEdge(s.Edge)
	p.ifExists(s.IfExists)
	p.name(s.Name)
}

func (s *DescribeSchema) format(p *printer) {
	p.str("DESCRIBE ")
	p.tagOrEdge(s.Edge)
	p.name(s.Name)
}

func (s *CreateIndex) format(p *printer) {
	p.str("CREATE ")
	p.tagOrEdge(s.Edge)
	p.str("INDEX ")
	p.ifNotExists(s.IfNotExists)
	p.name(s.Name)
	p.str(" ON ")
	p.name(s.On)
	p.byte('(')
	for i, f := range s.Fields {
		if i > 0 {
			p.str(", ")
		}
		p.name(f.Name)
		if f.Length != 0 {
			p.byte('(')
			p.int(f.Length)
			p.byte(')')
		}
	}
	p.byte(')')
	if len(s.Params) > 0 {
		p.str(" WITH (")
		for i, pr := range s.Params {
			if i > 0 {
				p.str(", ")
			}
			if pr.Kind == S2MaxLevel {
				p.str("S2_MAX_LEVEL = ")
			} else {
				p.str("S2_MAX_CELLS = ")
			}
			p.int(pr.Value)
		}
		p.byte(')')
	}
	if s.Comment != nil {
		p.str(" COMMENT ")
		p.buf = appendQuotedString(p.buf, *s.Comment)
	}
}

func (s *DropIndex) format(p *printer) {
	p.str("DROP ")
	p.tagOrEdge(s.Edge)
	p.str("INDEX ")
	p.ifExists(s.IfExists)
	p.name(s.Name)
}

func (s *DescribeIndex) format(p *printer) {
	p.str("DESCRIBE ")
	p.tagOrEdge(s.Edge)
	p.str("INDEX ")
	p.name(s.Name)
}

func (s *CreateFTIndex) format(p *printer) {
	p.str("CREATE FULLTEXT ")
	p.tagOrEdge(s.Edge)
	p.str("INDEX ")
	p.name(s.Name)
	p.str(" ON ")
	p.name(s.On)
	p.byte('(')
	p.names(s.Fields)
	p.byte(')')
	if s.Analyzer != "" {
		p.str(" ANALYZER = ")
		p.buf = appendQuotedString(p.buf, s.Analyzer)
	}
}

func (s *DropFTIndex) format(p *printer) {
	p.str("DROP FULLTEXT INDEX ")
	p.name(s.Name)
}

func (s *CreateSpace) format(p *printer) {
	p.str("CREATE SPACE ")
	p.ifNotExists(s.IfNotExists)
	p.name(s.Name)
	if len(s.Options) > 0 {
		p.byte('(')
		for i, o := range s.Options {
			if i > 0 {
				p.str(", ")
			}
			switch o.Kind {
			case PartitionNum:
				p.str("PARTITION_NUM = ")
				p.int(o.Int)
			case ReplicaFactor:
				p.str("REPLICA_FACTOR = ")
				p.int(o.Int)
			case Charset:
				p.str("CHARSET = ")
				p.name(o.Str)
			case Collate:
				p.str("COLLATE = ")
				p.name(o.Str)
			case VidType:
				p.str("VID_TYPE = ")
				p.node(o.Type)
			case AtomicEdge:
				if o.Bool {
					p.str("ATOMIC_EDGE = true")
				} else {
					p.str("ATOMIC_EDGE = false")
				}
			}
		}
		p.byte(')')
	}
	if len(s.Zones) > 0 {
		p.str(" ON ")
		p.names(s.Zones)
	}
	if s.Comment != nil {
		p.str(" COMMENT = ")
		p.buf = appendQuotedString(p.buf, *s.Comment)
	}
}

func (s *CreateSpaceAs) format(p *printer) {
	p.str("CREATE SPACE ")
	p.ifNotExists(s.IfNotExists)
	p.name(s.Name)
	p.str(" AS ")
	p.name(s.From)
}

func (s *DropSpace) format(p *printer) {
	if s.Clear {
		p.str("CLEAR SPACE ")
	} else {
		p.str("DROP SPACE ")
	}
	p.ifExists(s.IfExists)
	p.name(s.Name)
}

func (s *DescribeSpace) format(p *printer) {
	p.str("DESCRIBE SPACE ")
	p.name(s.Name)
}

func (s *AlterSpace) format(p *printer) {
	p.str("ALTER SPACE ")
	p.name(s.Name)
	p.str(" ADD ZONE ")
	p.names(s.AddZones)
}

func (s *Use) format(p *printer) {
	p.str("USE ")
	p.name(s.Space)
}
