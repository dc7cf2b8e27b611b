package value

import "testing"

func TestLogic(t *testing.T) {
	tests := []struct {
		a, b          Value
		and, or, xor  Value
		andRev, orRev Value // b op a, when the order matters
		xorRev        Value
	}{
		{True, True, True, True, False, True, True, False},
		{True, False, False, True, True, False, True, True},
		{False, False, False, False, False, False, False, False},
		{True, Null, Null, True, Null, Null, True, Null},
		{False, Null, False, Null, Null, False, Null, Null},
		{Null, Null, Null, Null, Null, Null, Null, Null},
		{True, Empty, Empty, True, Empty, Empty, True, Empty},
		{False, Empty, False, Empty, Empty, False, Empty, Empty},
		{Null, Empty, Null, Null, Null, Null, Null, Null},
		{Empty, Empty, Empty, Empty, Empty, Empty, Empty, Empty},
		// a bad NULL decides AND and OR wherever it stands, unless a false
		// (AND) or true (OR) came first
		{nullBadType, True, nullBadType, nullBadType, nullBadType, nullBadType, True, nullBadType},
		{nullBadType, False, nullBadType, nullBadType, nullBadType, False, nullBadType, nullBadType},
		{nullBadType, Null, nullBadType, nullBadType, nullBadType, nullBadType, nullBadType, Null},
		// non-bools are BAD_TYPE, unless short-circuited before
		{True, i(1), nullBadType, True, nullBadType, nullBadType, nullBadType, nullBadType},
		{False, s("x"), False, nullBadType, nullBadType, nullBadType, nullBadType, nullBadType},
		{Null, l(), nullBadType, nullBadType, Null, nullBadType, nullBadType, nullBadType},
		{Empty, i(1), nullBadType, nullBadType, nullBadType, nullBadType, nullBadType, nullBadType},
		// a list is no bool here, whatever Value::implicitBool says: only
		// the type check (ImplicitAnd, ImplicitOr) takes it as one
		{l(i(1)), True, nullBadType, nullBadType, nullBadType, nullBadType, True, nullBadType},
		{l(), False, nullBadType, nullBadType, nullBadType, False, nullBadType, nullBadType},
		{l(i(1)), l(i(1)), nullBadType, nullBadType, nullBadType, nullBadType, nullBadType, nullBadType},
		{l(), Empty, nullBadType, nullBadType, nullBadType, nullBadType, nullBadType, nullBadType},
	}
	for _, tt := range tests {
		check := func(op string, got, want Value, a, b Value) {
			t.Helper()
			if !Identical(got, want) {
				t.Errorf("%s %s %s = %s, want %s", a.Literal(), op, b.Literal(), got.Literal(), want.Literal())
			}
		}
		check("AND", And(tt.a, tt.b), tt.and, tt.a, tt.b)
		check("OR", Or(tt.a, tt.b), tt.or, tt.a, tt.b)
		check("XOR", Xor(tt.a, tt.b), tt.xor, tt.a, tt.b)
		check("AND", And(tt.b, tt.a), tt.andRev, tt.b, tt.a)
		check("OR", Or(tt.b, tt.a), tt.orRev, tt.b, tt.a)
		check("XOR", Xor(tt.b, tt.a), tt.xorRev, tt.b, tt.a)
	}
}

func TestLogicTck(t *testing.T) {
	// tck yield.feature "Logic": NOT false OR false AND false XOR false and
	// (NOT false OR false) AND false XOR true; LogicalExpression.feature
	// NOT((NOT TRUE) XOR TRUE).
	if got := Xor(Or(Not(False), And(False, False)), False); !Identical(got, True) {
		t.Errorf("got %s, want true", got.Literal())
	}
	if got := Xor(And(Or(Not(False), False), False), True); !Identical(got, True) {
		t.Errorf("got %s, want true", got.Literal())
	}
	if got := Not(Xor(Not(True), True)); !Identical(got, False) {
		t.Errorf("got %s, want false", got.Literal())
	}
}

func TestNotAndImplicitBool(t *testing.T) {
	tests := []struct{ a, want Value }{
		{True, False},
		{False, True},
		{Null, Null},
		{nullBadData, nullBadData},
		{Empty, Empty},
		{l(), True},
		{l(i(1)), False},
		{i(0), nullBadType},
		{s(""), nullBadType},
	}
	for _, tt := range tests {
		if got := Not(tt.a); !Identical(got, tt.want) {
			t.Errorf("NOT %s = %s, want %s", tt.a.Literal(), got.Literal(), tt.want.Literal())
		}
	}
	if !IsTrue(True) || IsTrue(False) || IsTrue(l(i(1))) || IsTrue(Null) || IsTrue(i(1)) {
		t.Error("IsTrue accepts only the bool true")
	}
	if b, ok := ImplicitBool(l(i(1))); !b || !ok {
		t.Error("a non-empty list is implicitly true")
	}
	if _, ok := ImplicitBool(Null); ok {
		t.Error("NULL has no implicit bool")
	}
	if !AndStops(False) || !AndStops(nullBadType) || AndStops(Null) || AndStops(True) {
		t.Error("AndStops")
	}
	if !OrStops(True) || !OrStops(nullDivByZero) || OrStops(Null) || OrStops(False) {
		t.Error("OrStops")
	}
}

// TestImplicitAndOr pins Value::operator&& and operator|| (Value.cpp), which
// NebulaGraph's type check applies to its sample values: a NULL decides, the
// left one first, then EMPTY; bools and lists (non-empty = true) combine;
// anything else is BAD_TYPE, with no short-circuit.
func TestImplicitAndOr(t *testing.T) {
	tests := []struct {
		a, b    Value
		and, or Value
	}{
		{True, True, True, True},
		{True, False, False, True},
		{False, False, False, False},
		{l(i(1)), True, True, True},
		{l(), True, False, True},
		{l(), l(), False, False},
		{l(i(1)), l(s("x")), True, True},
		{False, l(i(1)), False, True},
		{Null, True, Null, Null},
		{True, Null, Null, Null},
		{Null, nullBadType, Null, Null},
		{nullBadType, Null, nullBadType, nullBadType},
		{nullDivByZero, True, nullDivByZero, nullDivByZero},
		{Null, i(1), Null, Null},
		{s("x"), Null, Null, Null},
		{Null, Empty, Null, Null},
		{Empty, Null, Null, Null},
		{Empty, True, Empty, Empty},
		{l(), Empty, Empty, Empty},
		{Empty, i(1), Empty, Empty},
		{Empty, Empty, Empty, Empty},
		{False, i(1), nullBadType, nullBadType},
		{True, s("x"), nullBadType, nullBadType},
		{l(), i(0), nullBadType, nullBadType},
		{i(1), i(1), nullBadType, nullBadType},
		{f(1), True, nullBadType, nullBadType},
		{m(), True, nullBadType, nullBadType},
		{set(i(1)), True, nullBadType, nullBadType},
	}
	for _, tt := range tests {
		if got := ImplicitAnd(tt.a, tt.b); !Identical(got, tt.and) {
			t.Errorf("%s && %s = %s, want %s", tt.a.Literal(), tt.b.Literal(), got.Literal(), tt.and.Literal())
		}
		if got := ImplicitOr(tt.a, tt.b); !Identical(got, tt.or) {
			t.Errorf("%s || %s = %s, want %s", tt.a.Literal(), tt.b.Literal(), got.Literal(), tt.or.Literal())
		}
	}
}
