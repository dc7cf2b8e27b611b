package value

// NebulaGraph has two layers of boolean logic and both are needed:
//
//   - the logical expressions (AND, OR, XOR; LogicalExpression::evalAnd,
//     evalOr, evalXor) short-circuit and rank their operands: for AND a bad
//     NULL or false wins, then NULL, then EMPTY, then true; OR is the mirror
//     image; XOR lets any NULL win, then EMPTY. Only bools, NULL and EMPTY
//     are accepted: anything else, a list included, is BAD_TYPE. And, Or and
//     Xor implement these; they are what a query computes.
//   - the value operators (Value::operator!, operator&&, operator||): the
//     left NULL wins, then the right NULL, then EMPTY, and a list counts as
//     a bool (non-empty = true, Value::implicitBool). Not is operator!, which
//     is also how NebulaGraph evaluates the unary NOT. ImplicitAnd and
//     ImplicitOr are operator&& and operator||: the relational operators <=,
//     > and >= are built from them, and NebulaGraph's type check
//     (DeduceTypeVisitor's DETECT_NARYEXPR_TYPE) tries AND on sample values
//     with operator&&, and OR and XOR both with operator||.
//
// NB: so the type check and the evaluation disagree on lists: [1] AND true
// passes the check (LIST && BOOL is a BOOL) and then evaluates to BAD_TYPE.
// NebulaGraph's MATCH copes by taking a pattern predicate out of a WHERE's
// top-level AND before the rest is evaluated, and its Filter takes a list
// result as its implicit bool.
//
// Folding And/Or/Xor pairwise from the left gives the same result as
// NebulaGraph's n-ary evaluation; a caller that short-circuits stops at the
// first operand for which AndStops / OrStops holds.

// And is NebulaGraph's AND of two operands.
func And(a, b Value) Value {
	r := True
	for _, v := range [2]Value{a, b} {
		if AndStops(v) {
			return v
		}
		switch v.kind {
		case KindBool:
		case KindNull:
			r = v
		case KindEmpty:
			if r.kind != KindNull {
				r = v
			}
		default:
			return nullBadType
		}
	}
	return r
}

// AndStops reports whether v decides an AND on its own (false or a bad NULL),
// so that the remaining operands need not be evaluated.
func AndStops(v Value) bool {
	return v.IsBadNull() || (v.kind == KindBool && v.num == 0)
}

// Or is NebulaGraph's OR of two operands.
func Or(a, b Value) Value {
	r := False
	for _, v := range [2]Value{a, b} {
		if OrStops(v) {
			return v
		}
		switch v.kind {
		case KindBool:
		case KindNull:
			r = v
		case KindEmpty:
			if r.kind != KindNull {
				r = v
			}
		default:
			return nullBadType
		}
	}
	return r
}

// OrStops reports whether v decides an OR on its own (true or a bad NULL).
func OrStops(v Value) bool {
	return v.IsBadNull() || (v.kind == KindBool && v.num != 0)
}

// Xor is NebulaGraph's XOR of two operands: the first NULL wins, then EMPTY,
// non-bools are BAD_TYPE.
func Xor(a, b Value) Value {
	var r Value
	first, empty := true, false
	for _, v := range [2]Value{a, b} {
		switch v.kind {
		case KindNull:
			return v
		case KindEmpty:
			r, empty = v, true
			continue
		case KindBool:
		default:
			return nullBadType
		}
		if empty {
			continue
		}
		if first {
			r, first = v, false
		} else {
			r = NewBool((r.num != 0) != (v.num != 0))
		}
	}
	return r
}

// Not is NebulaGraph's unary NOT: NULL and EMPTY pass through, a bool is
// negated, a list is true when empty, anything else is BAD_TYPE.
func Not(a Value) Value { return valueNot(a) }

// IsTrue reports whether v is the bool true.
func IsTrue(v Value) bool { return v.kind == KindBool && v.num != 0 }

// ImplicitBool returns the truth of a value usable as a condition in
// NebulaGraph: a bool, or a list (true when non-empty). ok is false for other
// kinds, including NULL and EMPTY.
func ImplicitBool(v Value) (b, ok bool) {
	switch v.kind {
	case KindBool:
		return v.num != 0, true
	case KindList:
		return len(v.ptr.(*List).Values) != 0, true
	}
	return false, false
}

func valueNot(a Value) Value {
	if a.kind == KindNull || a.kind == KindEmpty {
		return a
	}
	b, ok := ImplicitBool(a)
	if !ok {
		return nullBadType
	}
	return NewBool(!b)
}

// ImplicitOr is NebulaGraph's Value::operator||: a NULL decides (the left
// one first), then EMPTY; otherwise both must be implicit bools (a bool or
// a list) and the result is their OR, else BAD_TYPE. It does not
// short-circuit: true || 1 is BAD_TYPE.
func ImplicitOr(a, b Value) Value {
	if a.kind == KindNull {
		return a
	}
	if b.kind == KindNull {
		return b
	}
	if a.kind == KindEmpty || b.kind == KindEmpty {
		return Empty
	}
	x, ok1 := ImplicitBool(a)
	y, ok2 := ImplicitBool(b)
	if !ok1 || !ok2 {
		return nullBadType
	}
	return NewBool(x || y)
}

// ImplicitAnd is NebulaGraph's Value::operator&&, ImplicitOr's twin: false
// && 1 is BAD_TYPE, [1] && true is true.
func ImplicitAnd(a, b Value) Value {
	if a.kind == KindNull {
		return a
	}
	if b.kind == KindNull {
		return b
	}
	if a.kind == KindEmpty || b.kind == KindEmpty {
		return Empty
	}
	x, ok1 := ImplicitBool(a)
	y, ok2 := ImplicitBool(b)
	if !ok1 || !ok2 {
		return nullBadType
	}
	return NewBool(x && y)
}
