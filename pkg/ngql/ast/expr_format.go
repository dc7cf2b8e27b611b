package ast

import "strconv"

func (e *NullLiteral) String() string       { return render(e) }
func (e *BoolLiteral) String() string       { return render(e) }
func (e *IntLiteral) String() string        { return render(e) }
func (e *FloatLiteral) String() string      { return render(e) }
func (e *StringLiteral) String() string     { return render(e) }
func (e *Label) String() string             { return render(e) }
func (e *Variable) String() string          { return render(e) }
func (e *Parameter) String() string         { return render(e) }
func (e *InputProperty) String() string     { return render(e) }
func (e *VariableProperty) String() string  { return render(e) }
func (e *SourceProperty) String() string    { return render(e) }
func (e *DestProperty) String() string      { return render(e) }
func (e *EdgeMeta) String() string          { return render(e) }
func (e *TagProperty) String() string       { return render(e) }
func (e *EdgeProperty) String() string      { return render(e) }
func (e *LabelTagProperty) String() string  { return render(e) }
func (e *LabelAttribute) String() string    { return render(e) }
func (e *Attribute) String() string         { return render(e) }
func (e *Subscript) String() string         { return render(e) }
func (e *SubscriptRange) String() string    { return render(e) }
func (e *VertexRef) String() string         { return render(e) }
func (e *EdgeRef) String() string           { return render(e) }
func (e *UUID) String() string              { return render(e) }
func (e *Unary) String() string             { return render(e) }
func (e *Binary) String() string            { return render(e) }
func (e *Logical) String() string           { return render(e) }
func (e *TypeCast) String() string          { return render(e) }
func (e *FunctionCall) String() string      { return render(e) }
func (e *Aggregate) String() string         { return render(e) }
func (e *List) String() string              { return render(e) }
func (e *Set) String() string               { return render(e) }
func (e *Map) String() string               { return render(e) }
func (e *Case) String() string              { return render(e) }
func (e *Predicate) String() string         { return render(e) }
func (e *ListComprehension) String() string { return render(e) }
func (e *Reduce) String() string            { return render(e) }
func (e *PathPattern) String() string       { return render(e) }
func (e *TextSearch) String() string        { return render(e) }

func (e *NullLiteral) format(p *printer) { p.str("NULL") }

func (e *BoolLiteral) format(p *printer) {
	if e.Value {
		p.str("true")
	} else {
		p.str("false")
	}
}

func (e *IntLiteral) format(p *printer) { p.buf = strconv.AppendInt(p.buf, e.Value, 10) }

func (e *FloatLiteral) format(p *printer) {
	if p.nebula {
		p.str(formatFloatNebula(e.Value))
	} else {
		p.str(formatFloatCanonical(e.Value))
	}
}

func (e *StringLiteral) format(p *printer) {
	if p.nebula {
		p.byte('"')
		p.str(e.Value)
		p.byte('"')
		return
	}
	p.buf = appendQuotedString(p.buf, e.Value)
}

func (e *Label) format(p *printer) { p.name(e.Name) }

func (e *Variable) format(p *printer) {
	p.byte('$')
	p.str(e.Name)
}

func (e *Parameter) format(p *printer) {
	p.byte('$')
	p.str(e.Name)
}

// prop prints a property name, where "*" stands for all properties.
func (p *printer) prop(s string) {
	if s == "*" {
		p.byte('*')
		return
	}
	p.name(s)
}

func (e *InputProperty) format(p *printer) {
	p.str("$-.")
	p.prop(e.Prop)
}

func (e *VariableProperty) format(p *printer) {
	p.byte('$')
	p.str(e.Var)
	p.byte('.')
	p.prop(e.Prop)
}

func (e *SourceProperty) format(p *printer) {
	p.str("$^.")
	p.name(e.Tag)
	p.byte('.')
	p.prop(e.Prop)
}

func (e *DestProperty) format(p *printer) {
	p.str("$$.")
	p.name(e.Tag)
	p.byte('.')
	p.prop(e.Prop)
}

func (e *EdgeMeta) format(p *printer) {
	p.name(e.Edge)
	p.byte('.')
	p.str(e.Field.String())
}

func (e *TagProperty) format(p *printer) {
	p.name(e.Tag)
	p.byte('.')
	p.prop(e.Prop)
}

func (e *EdgeProperty) format(p *printer) {
	p.name(e.Edge)
	p.byte('.')
	p.prop(e.Prop)
}

func (e *LabelTagProperty) format(p *printer) {
	p.node(e.Label)
	p.byte('.')
	p.name(e.Tag)
	p.byte('.')
	p.prop(e.Prop)
}

func (e *LabelAttribute) format(p *printer) {
	p.name(e.Label)
	p.byte('.')
	p.name(e.Attr)
}

// primary prints the operand of a postfix ., [i] or [i..j]. The canonical
// text parenthesizes operands that would otherwise bind differently when
// read back: the grammar only takes compound expressions there, and turns
// `label.x`, `$var.x` into LabelAttribute, VariableProperty.
func (p *printer) primary(e Expr, subscript bool) {
	if p.nebula || isPrimary(e, subscript) {
		e.format(p)
		return
	}
	p.byte('(')
	e.format(p)
	p.byte(')')
}

func isPrimary(e Expr, subscript bool) bool {
	switch e := e.(type) {
	case *Label, *Variable:
		return subscript
	case *Parameter, *InputProperty, *VariableProperty, *SourceProperty,
		*DestProperty, *EdgeMeta, *LabelAttribute, *Attribute, *Subscript,
		*SubscriptRange, *FunctionCall, *Aggregate, *ListComprehension,
		*Binary, *Logical:
		return true
	case *List:
		return len(e.Items) > 0
	case *Set:
		return len(e.Items) > 0
	case *Map:
		return len(e.Items) > 0
	case *Unary:
		// The IS NULL family prints parenthesized; prefix operators don't.
		return e.Op >= OpIsNull
	case *Case:
		return !e.Generic
	}
	return false
}

func (e *Attribute) format(p *printer) {
	p.primary(e.Left, false)
	p.byte('.')
	p.name(e.Name)
}

func (e *Subscript) format(p *printer) {
	p.primary(e.Left, true)
	p.byte('[')
	p.node(e.Index)
	p.byte(']')
}

func (e *SubscriptRange) format(p *printer) {
	p.primary(e.Left, true)
	p.byte('[')
	if e.Lo != nil {
		p.node(e.Lo)
	}
	p.str("..")
	if e.Hi != nil {
		p.node(e.Hi)
	}
	p.byte(']')
}

func (e *VertexRef) format(p *printer) { p.str(e.Name) }

func (e *EdgeRef) format(p *printer) { p.str("EDGE") }

func (e *UUID) format(p *printer) { p.str("uuid()") }

var unaryPrefix = [...]string{OpPlus: "+", OpNegate: "-", OpNot: "!"}

var unarySuffix = [...]string{
	OpIsNull:     " IS NULL",
	OpIsNotNull:  " IS NOT NULL",
	OpIsEmpty:    " IS EMPTY",
	OpIsNotEmpty: " IS NOT EMPTY",
}

// String returns the operator's text, e.g. "-" or "IS NOT NULL".
func (op UnaryOp) String() string {
	if op < OpIsNull {
		return unaryPrefix[op]
	}
	return unarySuffix[op][1:]
}

func (e *Unary) format(p *printer) {
	if e.Op < OpIsNull {
		p.str(unaryPrefix[e.Op])
		p.byte('(')
		p.node(e.Operand)
		p.byte(')')
		return
	}
	// The postfix operators share the precedence of == and friends, so the
	// canonical text brackets them; NebulaGraph's does not.
	if !p.nebula {
		p.byte('(')
	}
	p.node(e.Operand)
	p.str(unarySuffix[e.Op])
	if !p.nebula {
		p.byte(')')
	}
}

var binaryText = [...]string{
	OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpMod: "%",
	OpEQ: "==", OpNE: "!=", OpLT: "<", OpLE: "<=", OpGT: ">", OpGE: ">=",
	OpRegex: "=~", OpIn: " IN ", OpNotIn: " NOT IN ", OpContains: " CONTAINS ",
	OpNotContains: " NOT CONTAINS ", OpStartsWith: " STARTS WITH ",
	OpNotStartsWith: " NOT STARTS WITH ", OpEndsWith: " ENDS WITH ",
	OpNotEndsWith: " NOT ENDS WITH ",
}

// String returns the operator's text without padding, e.g. "<=" or
// "NOT IN".
func (op BinaryOp) String() string {
	s := binaryText[op]
	if s[0] == ' ' {
		return s[1 : len(s)-1]
	}
	return s
}

func (e *Binary) format(p *printer) {
	p.byte('(')
	p.node(e.Left)
	if e.Op == OpSub && !p.nebula {
		// "a--b", "[1]-[2]" and "a-[1]" would scan as the pattern tokens
		// "--", "]-" and "-[".
		p.str(" - ")
	} else {
		p.str(binaryText[e.Op])
	}
	p.node(e.Right)
	p.byte(')')
}

var logicalText = [...]string{OpAnd: " AND ", OpOr: " OR ", OpXor: " XOR "}

// String returns "AND", "OR" or "XOR".
func (op LogicalOp) String() string {
	s := logicalText[op]
	return s[1 : len(s)-1]
}

func (e *Logical) format(p *printer) {
	p.byte('(')
	for i, o := range e.Operands {
		if i > 0 {
			p.str(logicalText[e.Op])
		}
		p.node(o)
	}
	p.byte(')')
}

func (e *TypeCast) format(p *printer) {
	p.byte('(')
	p.str(e.Type)
	p.byte(')')
	p.node(e.Operand)
}

func (e *FunctionCall) format(p *printer) {
	p.str(e.Name)
	p.byte('(')
	p.exprs(e.Args)
	p.byte(')')
}

func (e *Aggregate) format(p *printer) {
	p.str(e.Name)
	p.byte('(')
	if e.Distinct {
		if p.nebula {
			p.str("distinct ")
		} else {
			p.str("DISTINCT ")
		}
	}
	switch s, isStr := e.Arg.(*StringLiteral); {
	case isStr && p.nebula:
		// NebulaGraph prints a string argument bare, which is how count(*)
		// (a count of the constant "*") comes out right.
		p.str(s.Value)
	case isStr && s.Value == "*":
		p.byte('*')
	default:
		p.node(e.Arg)
	}
	p.byte(')')
}

func (e *List) format(p *printer) {
	if len(e.Items) == 0 && !p.nebula {
		p.str("LIST[]")
		return
	}
	p.byte('[')
	p.exprs(e.Items)
	p.byte(']')
}

func (e *Set) format(p *printer) {
	if len(e.Items) == 0 && !p.nebula {
		p.str("SET{}")
		return
	}
	p.byte('{')
	p.exprs(e.Items)
	p.byte('}')
}

func (e *Map) format(p *printer) {
	if len(e.Items) == 0 && !p.nebula {
		p.str("MAP{}")
		return
	}
	p.byte('{')
	for i, it := range e.Items {
		if i > 0 {
			p.byte(',')
		}
		p.name(it.Key)
		p.byte(':')
		p.node(it.Value)
	}
	p.byte('}')
}

func (e *Case) format(p *printer) {
	if !e.Generic {
		p.byte('(')
		if len(e.Arms) > 0 {
			p.node(e.Arms[0].When)
			p.str(" ? ")
			p.node(e.Arms[0].Then)
		}
		p.str(" : ")
		if e.Default != nil {
			p.node(e.Default)
		}
		p.byte(')')
		return
	}
	p.str("CASE")
	if e.Condition != nil {
		p.byte(' ')
		p.node(e.Condition)
	}
	for _, a := range e.Arms {
		p.str(" WHEN ")
		p.node(a.When)
		p.str(" THEN ")
		p.node(a.Then)
	}
	if e.Default != nil {
		p.str(" ELSE ")
		p.node(e.Default)
	}
	p.str(" END")
}

func (e *Predicate) format(p *printer) {
	p.str(e.Name)
	p.byte('(')
	if e.Name != "exists" {
		p.name(e.Var)
		p.str(" IN ")
		p.node(e.Collection)
		p.str(" WHERE ")
		if e.Filter != nil {
			p.node(e.Filter)
		}
	} else {
		p.node(e.Collection)
	}
	p.byte(')')
}

func (e *ListComprehension) format(p *printer) {
	p.byte('[')
	p.name(e.Var)
	p.str(" IN ")
	p.node(e.Collection)
	if e.Filter != nil {
		p.str(" WHERE ")
		p.node(e.Filter)
	}
	if e.Mapping != nil {
		p.str(" | ")
		p.node(e.Mapping)
	}
	p.byte(']')
}

func (e *Reduce) format(p *printer) {
	p.str("reduce(")
	p.name(e.Acc)
	p.str(" = ")
	p.node(e.Init)
	p.str(", ")
	p.name(e.Var)
	p.str(" IN ")
	p.node(e.Collection)
	p.str(" | ")
	p.node(e.Mapping)
	p.byte(')')
}

func (e *PathPattern) format(p *printer) { e.Path.format(p) }

func (e *TextSearch) format(p *printer) {
	p.str("ES_QUERY(")
	p.name(e.Index)
	p.str(", ")
	p.buf = appendQuotedString(p.buf, e.Query)
	p.byte(')')
}
