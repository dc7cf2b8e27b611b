package ast

// Literals.

// NullLiteral is NULL.
type NullLiteral struct{}

// BoolLiteral is TRUE or FALSE.
type BoolLiteral struct{ Value bool }

// IntLiteral is an integer literal (decimal, 0x hex or 0 octal). Within
// expressions a literal is never negative, except math.MinInt64 which the
// parser folds from -9223372036854775808 because that magnitude has no int64
// of its own; vertex ids and ranks (GO FROM -1, @-2) are negative literals.
type IntLiteral struct{ Value int64 }

// FloatLiteral is a floating point literal.
type FloatLiteral struct{ Value float64 }

// StringLiteral is a quoted string, after escape processing.
type StringLiteral struct{ Value string }

// Names and references.

// Label is a bare name in an expression: a column alias, a MATCH variable,
// a name bound by a list comprehension, or a property name that the
// validator resolves from context.
type Label struct{ Name string }

// Variable is $name where name is not a query parameter: a reference to the
// result of an earlier `$name = ...` statement.
type Variable struct{ Name string }

// Parameter is $name where name is a query parameter supplied with the
// request (see parser.Config.IsParam).
type Parameter struct{ Name string }

// InputProperty is $-.prop, a column of the piped-in result; Prop "*" is
// $-.* (all columns).
type InputProperty struct{ Prop string }

// VariableProperty is $var.prop, a column of a variable's result; Prop "*"
// is $var.*.
type VariableProperty struct{ Var, Prop string }

// SourceProperty is $^.tag.prop, a property of a GO step's source vertex.
type SourceProperty struct{ Tag, Prop string }

// DestProperty is $$.tag.prop, a property of a GO step's destination vertex.
type DestProperty struct{ Tag, Prop string }

// EdgeField names a built-in property of an edge.
type EdgeField uint8

// Built-in edge properties.
const (
	EdgeType EdgeField = iota // _type
	EdgeSrc                   // _src
	EdgeDst                   // _dst
	EdgeRank                  // _rank
)

var edgeFieldNames = [...]string{"_type", "_src", "_dst", "_rank"}

// String returns the property name, e.g. "_src".
func (f EdgeField) String() string { return edgeFieldNames[f] }

// EdgeMeta is edge._type, edge._src, edge._dst or edge._rank.
type EdgeMeta struct {
	Edge  string
	Field EdgeField
}

// TagProperty is tag.prop once the validator has resolved a LabelAttribute
// to a vertex property (in LOOKUP, FETCH and index conditions). The parser
// never produces it.
type TagProperty struct{ Tag, Prop string }

// EdgeProperty is edge.prop once the validator has resolved a
// LabelAttribute to an edge property. The parser never produces it.
type EdgeProperty struct{ Edge, Prop string }

// LabelTagProperty is v.tag.prop on a MATCH vertex variable once the
// validator has resolved it. The parser never produces it (it yields
// Attribute{LabelAttribute{v, tag}, prop}).
type LabelTagProperty struct {
	Label     Expr
	Tag, Prop string
}

// LabelAttribute is label.attr where the left side is a bare name, e.g.
// like.likeness, v.player or tag.prop.
type LabelAttribute struct{ Label, Attr string }

// Attribute is expr.name on any other expression, e.g. v.player.name
// (Attribute{LabelAttribute{v, player}, name}) or properties(v).age.
type Attribute struct {
	Left Expr
	Name string
}

// Subscript is left[index].
type Subscript struct{ Left, Index Expr }

// SubscriptRange is left[lo..hi]; Lo or Hi is nil when omitted.
type SubscriptRange struct{ Left, Lo, Hi Expr }

// VertexRef is the vertex itself where a function argument or YIELD column
// may name it: VERTEX, $^ (source) or $$ (destination).
type VertexRef struct{ Name string }

// The names a VertexRef may carry.
const (
	VertexKeyword = "VERTEX"
	VertexSrc     = "$^"
	VertexDst     = "$$"
)

// EdgeRef is the keyword EDGE as a function argument or YIELD column.
type EdgeRef struct{}

// UUID is uuid().
type UUID struct{}

// Operators.

// UnaryOp is a prefix or postfix unary operator.
type UnaryOp uint8

// Unary operators.
const (
	OpPlus       UnaryOp = iota // +x
	OpNegate                    // -x
	OpNot                       // NOT x, !x
	OpIsNull                    // x IS NULL
	OpIsNotNull                 // x IS NOT NULL
	OpIsEmpty                   // x IS EMPTY
	OpIsNotEmpty                // x IS NOT EMPTY
)

// Unary applies a unary operator.
type Unary struct {
	Op      UnaryOp
	Operand Expr
}

// BinaryOp is an arithmetic or relational operator.
type BinaryOp uint8

// Binary operators. IsArithmetic and IsRelational tell the groups apart.
const (
	OpAdd BinaryOp = iota
	OpSub
	OpMul
	OpDiv
	OpMod
	OpEQ
	OpNE
	OpLT
	OpLE
	OpGT
	OpGE
	OpRegex // =~
	OpIn
	OpNotIn
	OpContains
	OpNotContains
	OpStartsWith
	OpNotStartsWith
	OpEndsWith
	OpNotEndsWith
)

// IsArithmetic reports whether op is + - * / %.
func (op BinaryOp) IsArithmetic() bool { return op <= OpMod }

// IsRelational reports whether op is a comparison, IN, CONTAINS, STARTS
// WITH, ENDS WITH, =~ or their negations.
func (op BinaryOp) IsRelational() bool { return op > OpMod && op <= OpNotEndsWith }

// Binary applies an arithmetic or relational operator.
type Binary struct {
	Op          BinaryOp
	Left, Right Expr
}

// LogicalOp is AND, OR or XOR.
type LogicalOp uint8

// Logical operators.
const (
	OpAnd LogicalOp = iota
	OpOr
	OpXor
)

// Logical combines two or more operands with one logical operator. The
// parser always builds two operands (a AND b AND c is ((a AND b) AND c));
// rewriters may flatten.
type Logical struct {
	Op       LogicalOp
	Operands []Expr
}

// TypeCast is (TYPE)operand. Type is the NebulaGraph value type the cast
// produces: "BOOL", "INT", "FLOAT", "STRING", "DATE", "TIME", "DATETIME",
// "DURATION" or "GEOGRAPHY" — (int8)x, (timestamp)x and (int)x are all
// "INT", (fixed_string(8))x is "STRING".
type TypeCast struct {
	Type    string
	Operand Expr
}

// Calls.

// FunctionCall is name(args...). Name keeps the spelling of the query.
type FunctionCall struct {
	Name string
	Args []Expr
}

// Aggregate is an aggregate function call: count, sum, avg, max, min, std,
// bit_and, bit_or, bit_xor, collect or collect_set, with one argument.
// count(*) has the argument StringLiteral{"*"}, as in NebulaGraph.
type Aggregate struct {
	Name     string
	Arg      Expr
	Distinct bool
}

// IsCountStar reports whether a is count(*) (or count(DISTINCT *)).
func (a *Aggregate) IsCountStar() bool {
	s, ok := a.Arg.(*StringLiteral)
	return ok && s.Value == "*"
}

// Containers.

// List is [a, b, ...] or LIST[...].
type List struct{ Items []Expr }

// Set is {a, b, ...} or SET{...}.
type Set struct{ Items []Expr }

// MapItem is one key: value pair of a Map.
type MapItem struct {
	Key   string
	Value Expr
}

// Map is {k: v, ...} or MAP{...}. Items keep the order of the query.
type Map struct{ Items []MapItem }

// Conditionals and comprehensions.

// WhenThen is one WHEN ... THEN ... arm of a Case.
type WhenThen struct{ When, Then Expr }

// Case is CASE [Condition] WHEN ... THEN ... [ELSE Default] END when Generic,
// or the conditional when ? then : default otherwise (one arm, Condition
// nil). Condition and Default may be nil.
type Case struct {
	Generic   bool
	Condition Expr
	Arms      []WhenThen
	Default   Expr
}

// Predicate is all/any/single/none(Var IN Collection WHERE Filter), or
// exists(Collection) when Name is "exists" (Var and Filter then empty).
// Name is lower case.
type Predicate struct {
	Name       string
	Var        string
	Collection Expr
	Filter     Expr
}

// ListComprehension is [Var IN Collection WHERE Filter | Mapping]; at least
// one of Filter and Mapping is set.
type ListComprehension struct {
	Var        string
	Collection Expr
	Filter     Expr
	Mapping    Expr
}

// Reduce is reduce(Acc = Init, Var IN Collection | Mapping).
type Reduce struct {
	Acc        string
	Init       Expr
	Var        string
	Collection Expr
	Mapping    Expr
}

// PathPattern is a graph pattern used as an expression, e.g. the predicate
// in WHERE (v)-[:like]->(). It always has at least one edge.
type PathPattern struct{ Path *MatchPath }

// TextSearch is ES_QUERY(index, "query"), the full-text condition of a
// LOOKUP statement.
type TextSearch struct {
	Index string
	Query string
}

func (*NullLiteral) exprNode()       {}
func (*BoolLiteral) exprNode()       {}
func (*IntLiteral) exprNode()        {}
func (*FloatLiteral) exprNode()      {}
func (*StringLiteral) exprNode()     {}
func (*Label) exprNode()             {}
func (*Variable) exprNode()          {}
func (*Parameter) exprNode()         {}
func (*InputProperty) exprNode()     {}
func (*VariableProperty) exprNode()  {}
func (*SourceProperty) exprNode()    {}
func (*DestProperty) exprNode()      {}
func (*EdgeMeta) exprNode()          {}
func (*TagProperty) exprNode()       {}
func (*EdgeProperty) exprNode()      {}
func (*LabelTagProperty) exprNode()  {}
func (*LabelAttribute) exprNode()    {}
func (*Attribute) exprNode()         {}
func (*Subscript) exprNode()         {}
func (*SubscriptRange) exprNode()    {}
func (*VertexRef) exprNode()         {}
func (*EdgeRef) exprNode()           {}
func (*UUID) exprNode()              {}
func (*Unary) exprNode()             {}
func (*Binary) exprNode()            {}
func (*Logical) exprNode()           {}
func (*TypeCast) exprNode()          {}
func (*FunctionCall) exprNode()      {}
func (*Aggregate) exprNode()         {}
func (*List) exprNode()              {}
func (*Set) exprNode()               {}
func (*Map) exprNode()               {}
func (*Case) exprNode()              {}
func (*Predicate) exprNode()         {}
func (*ListComprehension) exprNode() {}
func (*Reduce) exprNode()            {}
func (*PathPattern) exprNode()       {}
func (*TextSearch) exprNode()        {}
