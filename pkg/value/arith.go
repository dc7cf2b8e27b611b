package value

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
)

// ErrOverflow is wrapped by the error Add, Sub, Mul, Div and Neg return when
// an int64 result cannot be represented. The full message is NebulaGraph's
// constant-folding error for the operands, e.g.
// "result of (9223372036854775807+1) cannot be represented as an integer";
// a caller that knows the expression's own text can rebuild it with
// fmt.Errorf("result of %s %w", text, ErrOverflow).
var ErrOverflow = errors.New("cannot be represented as an integer")

func overflow(a int64, op string, b int64) (Value, error) {
	return nullOverflow, fmt.Errorf("result of (%d%s%d) %w", a, op, b, ErrOverflow)
}

// Arithmetic follows NebulaGraph's Value operators:
//
//   - NULL and EMPTY propagate: a NULL left operand is returned as is; an
//     EMPTY left operand gives EMPTY unless the right one is NULL; otherwise a
//     NULL or EMPTY right operand is returned.
//   - int op int stays int; any float makes the result float (IEEE, so a
//     float division by zero gives ±Inf or NaN).
//   - int / 0 and int % 0 give NULL(DIV_BY_ZERO) with a nil error (the
//     validator turns a constant one into "Divide by 0").
//   - an int64 overflow gives NULL(ERR_OVERFLOW) together with an error
//     wrapping ErrOverflow. NebulaGraph's runtime keeps the NULL; its
//     constant folding reports the error. Callers choose.
//   - kinds without a meaning for the operator give NULL(BAD_TYPE).
//
// The scalar cases do not allocate (string concatenation and list building
// do, necessarily).

// propagate returns the NULL/EMPTY result of a binary operator, ok=false when
// both operands are proper values.
func propagate(a, b Value) (Value, bool) {
	if a.kind == KindNull || (a.kind == KindEmpty && b.kind != KindNull) {
		return a, true
	}
	if b.kind == KindNull || b.kind == KindEmpty {
		return b, true
	}
	return Value{}, false
}

// Add is NebulaGraph's +: numbers add; a string concatenates with a bool,
// number, string, date, time or datetime on either side (a date, time or
// datetime only on the left of a string or the right of one); lists
// concatenate, and any other value is prepended or appended to a list;
// date/time/datetime + duration, duration + duration; date + int days.
func Add(a, b Value) (Value, error) {
	if a.kind == KindInt && b.kind == KindInt { // the hot case first
		s := a.num + b.num
		if (s > a.num) != (b.num > 0) {
			return overflow(a.num, "+", b.num)
		}
		return Value{kind: KindInt, num: s}, nil
	}
	if r, ok := propagate(a, b); ok {
		return r, nil
	}
	switch a.kind {
	case KindInt:
		switch b.kind {
		case KindFloat:
			return NewFloat(float64(a.num) + b.Float()), nil
		case KindString:
			return NewString(strconv.FormatInt(a.num, 10) + b.str), nil
		case KindDate:
			return NewDate(b.Date().AddDays(a.num)), nil
		}
	case KindFloat:
		switch b.kind {
		case KindInt:
			return NewFloat(a.Float() + float64(b.num)), nil
		case KindFloat:
			return NewFloat(a.Float() + b.Float()), nil
		case KindString:
			return NewString(FormatFloat(a.Float()) + b.str), nil
		}
	case KindBool:
		if b.kind == KindString {
			return NewString(strconv.FormatBool(a.num != 0) + b.str), nil
		}
	case KindString:
		switch b.kind {
		case KindBool, KindInt, KindFloat, KindDate, KindTime, KindDateTime:
			buf := make([]byte, 0, len(a.str)+32)
			buf = append(buf, a.str...)
			return NewString(string(AppendString(buf, b))), nil
		case KindString:
			return NewString(a.str + b.str), nil
		}
	case KindDate:
		switch b.kind {
		case KindInt:
			return NewDate(a.Date().AddDays(b.num)), nil
		case KindString:
			return NewString(a.Date().String() + b.str), nil
		case KindDuration:
			return NewDate(a.Date().AddDuration(b.Duration())), nil
		}
	case KindTime:
		switch b.kind {
		case KindString:
			return NewString(a.Time().String() + b.str), nil
		case KindDuration:
			return NewTime(a.Time().AddDuration(b.Duration())), nil
		}
	case KindDateTime:
		switch b.kind {
		case KindString:
			return NewString(a.DateTime().String() + b.str), nil
		case KindDuration:
			return NewDateTime(a.DateTime().AddDuration(b.Duration())), nil
		}
	case KindDuration:
		if b.kind == KindDuration {
			return NewDuration(a.Duration().Add(b.Duration())), nil
		}
		return nullBadType, nil // not even duration + list
	case KindList:
		switch b.kind {
		case KindList:
			x, y := a.ptr.(*List).Values, b.ptr.(*List).Values
			out := make([]Value, 0, len(x)+len(y))
			return NewList(append(append(out, x...), y...)), nil
		case KindDataSet, KindGeography:
			return nullBadType, nil
		}
		x := a.ptr.(*List).Values
		out := make([]Value, 0, len(x)+1)
		return NewList(append(append(out, x...), b)), nil
	}
	if b.kind == KindList {
		switch a.kind {
		case KindBool, KindInt, KindFloat, KindString, KindDate, KindTime, KindDateTime,
			KindVertex, KindEdge, KindPath, KindMap, KindSet:
			y := b.ptr.(*List).Values
			out := make([]Value, 0, len(y)+1)
			return NewList(append(append(out, a), y...)), nil
		}
	}
	return nullBadType, nil
}

// Sub is NebulaGraph's -: numbers; date - int days; date - date gives the
// days between them; date/time/datetime - duration; duration - duration.
func Sub(a, b Value) (Value, error) {
	if r, ok := propagate(a, b); ok {
		return r, nil
	}
	switch a.kind {
	case KindInt:
		switch b.kind {
		case KindInt:
			d := a.num - b.num
			if (d < a.num) != (b.num > 0) {
				return overflow(a.num, "-", b.num)
			}
			return NewInt(d), nil
		case KindFloat:
			return NewFloat(float64(a.num) - b.Float()), nil
		}
	case KindFloat:
		switch b.kind {
		case KindInt:
			return NewFloat(a.Float() - float64(b.num)), nil
		case KindFloat:
			return NewFloat(a.Float() - b.Float()), nil
		}
	case KindDate:
		switch b.kind {
		case KindInt:
			return NewDate(a.Date().AddDays(-b.num)), nil
		case KindDate:
			return NewInt(a.Date().Days() - b.Date().Days()), nil
		case KindDuration:
			return NewDate(a.Date().SubDuration(b.Duration())), nil
		}
	case KindTime:
		if b.kind == KindDuration {
			return NewTime(a.Time().SubDuration(b.Duration())), nil
		}
	case KindDateTime:
		if b.kind == KindDuration {
			return NewDateTime(a.DateTime().SubDuration(b.Duration())), nil
		}
	case KindDuration:
		if b.kind == KindDuration {
			return NewDuration(a.Duration().Sub(b.Duration())), nil
		}
	}
	return nullBadType, nil
}

// Mul is NebulaGraph's *, numbers only.
func Mul(a, b Value) (Value, error) {
	if r, ok := propagate(a, b); ok {
		return r, nil
	}
	switch {
	case a.kind == KindInt && b.kind == KindInt:
		hi, lo := bits.Mul64(uint64(absInt(a.num)), uint64(absInt(b.num)))
		neg := (a.num < 0) != (b.num < 0)
		limit := uint64(math.MaxInt64)
		if neg {
			limit++
		}
		if hi != 0 || lo > limit {
			return overflow(a.num, "*", b.num)
		}
		return NewInt(a.num * b.num), nil
	case isNumKind(a.kind) && isNumKind(b.kind):
		return NewFloat(a.AsFloat() * b.AsFloat()), nil
	}
	return nullBadType, nil
}

// absInt returns |x| as the bits of a uint64 (MinInt64 maps to 2^63).
func absInt(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// Div is NebulaGraph's /: int / int truncates toward zero; a zero int
// divisor gives NULL(DIV_BY_ZERO); MinInt64 / -1 overflows.
func Div(a, b Value) (Value, error) {
	if r, ok := propagate(a, b); ok {
		return r, nil
	}
	switch {
	case a.kind == KindInt && b.kind == KindInt:
		if b.num == 0 {
			return nullDivByZero, nil
		}
		if a.num == math.MinInt64 && b.num == -1 {
			return overflow(a.num, "/", b.num)
		}
		return NewInt(a.num / b.num), nil
	case isNumKind(a.kind) && isNumKind(b.kind):
		return NewFloat(a.AsFloat() / b.AsFloat()), nil
	}
	return nullBadType, nil
}

// Mod is NebulaGraph's %: int % int keeps the dividend's sign; a zero int
// divisor gives NULL(DIV_BY_ZERO); with a float it is fmod.
func Mod(a, b Value) (Value, error) {
	if r, ok := propagate(a, b); ok {
		return r, nil
	}
	switch {
	case a.kind == KindInt && b.kind == KindInt:
		if b.num == 0 {
			return nullDivByZero, nil
		}
		return NewInt(a.num % b.num), nil // Go defines MinInt64 % -1 as 0
	case isNumKind(a.kind) && isNumKind(b.kind):
		return NewFloat(math.Mod(a.AsFloat(), b.AsFloat())), nil
	}
	return nullBadType, nil
}

// Neg is NebulaGraph's unary minus for ints, floats and durations; NULL and
// EMPTY pass through; -MinInt64 overflows, with the message
// "result of -(-9223372036854775808) cannot be represented as an integer".
func Neg(a Value) (Value, error) {
	switch a.kind {
	case KindNull, KindEmpty:
		return a, nil
	case KindInt:
		if a.num == math.MinInt64 {
			return nullOverflow, fmt.Errorf("result of -(%d) %w", a.num, ErrOverflow)
		}
		return NewInt(-a.num), nil
	case KindFloat:
		return NewFloat(-a.Float()), nil
	case KindDuration:
		return NewDuration(a.Duration().Neg()), nil
	}
	return nullBadType, nil
}
