package function

import (
	"math"
	"strings"

	"github.com/novagraph/novagraph/pkg/value"
)

// Results NebulaGraph returns for failed calls.
var (
	badType  = value.NewNull(value.NullBadType)
	badData  = value.NewNull(value.NullBadData)
	outRange = value.NewNull(value.NullOutOfRange)
)

// epsilon is NebulaGraph's kEpsilon, the tolerance of float comparisons.
const epsilon = 1e-8

// asFloat returns an int or float value as float64.
func asFloat(v value.Value) float64 {
	if v.Kind() == value.KindInt {
		return float64(v.Int())
	}
	return v.Float()
}

// floatToInt converts like C++'s static_cast<int64_t>(double) does on
// x86-64: truncation toward zero, and the "integer indefinite" value
// math.MinInt64 for NaN and for anything out of range.
func floatToInt(f float64) int64 {
	if math.IsNaN(f) || f >= 0x1p63 || f < -0x1p63 {
		return math.MinInt64
	}
	return int64(f)
}

// unaryFloat registers a one-argument function that maps a number to a
// float: NULL gives NULL, anything else BAD_TYPE.
func unaryFloat(name string, fn func(float64) float64) {
	register(&Function{Name: name, MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindInt, value.KindFloat:
			return value.NewFloat(fn(asFloat(a[0])))
		}
		return badType
	}})
}

// logarithm registers a logarithm; NebulaGraph answers NULL, not -inf, for
// a zero argument (an int 0, or a float within epsilon of 0).
func logarithm(name string, fn func(float64) float64) {
	register(&Function{Name: name, MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindInt:
			if a[0].Int() == 0 {
				return value.Null
			}
			return value.NewFloat(fn(float64(a[0].Int())))
		case value.KindFloat:
			if f := a[0].Float(); f >= -epsilon && f <= epsilon {
				return value.Null
			}
			return value.NewFloat(fn(a[0].Float()))
		}
		return badType
	}})
}

// bitwise applies an integer operator with NebulaGraph's propagation: a
// NULL operand wins, then an EMPTY one; two ints combine; anything else is
// BAD_TYPE.
func bitwise(l, r value.Value, op func(a, b int64) int64) value.Value {
	if l.IsNull() || (l.IsEmpty() && !r.IsNull()) {
		return l
	}
	if r.IsNull() || r.IsEmpty() {
		return r
	}
	if l.Kind() != value.KindInt || r.Kind() != value.KindInt {
		return badType
	}
	return value.NewInt(op(l.Int(), r.Int()))
}

func bitAnd(a, b int64) int64 { return a & b }
func bitOr(a, b int64) int64  { return a | b }
func bitXor(a, b int64) int64 { return a ^ b }

func init() {
	register(&Function{Name: "abs", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindInt:
			// NB: like C++'s std::abs, abs(INT64_MIN) stays INT64_MIN.
			if i := a[0].Int(); i < 0 {
				return value.NewInt(-i)
			}
			return a[0]
		case value.KindFloat:
			return value.NewFloat(math.Abs(a[0].Float()))
		}
		return badType
	}})
	for name, op := range map[string]func(a, b int64) int64{"bit_and": bitAnd, "bit_or": bitOr, "bit_xor": bitXor} {
		register(&Function{Name: name, MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
			return bitwise(a[0], a[1], op)
		}})
	}
	unaryFloat("floor", math.Floor)
	unaryFloat("ceil", math.Ceil)
	unaryFloat("sqrt", math.Sqrt)
	unaryFloat("cbrt", math.Cbrt)
	unaryFloat("exp", math.Exp)
	unaryFloat("exp2", math.Exp2)
	unaryFloat("sin", math.Sin)
	unaryFloat("asin", math.Asin)
	unaryFloat("cos", math.Cos)
	unaryFloat("acos", math.Acos)
	unaryFloat("tan", math.Tan)
	unaryFloat("atan", math.Atan)
	unaryFloat("radians", func(x float64) float64 { return x * math.Pi / 180 })
	logarithm("log", math.Log)
	logarithm("log2", math.Log2)
	logarithm("log10", math.Log10)
	register(&Function{Name: "round", MinArity: 1, MaxArity: 3, body: round})
	register(&Function{Name: "hypot", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].IsNumeric() && a[1].IsNumeric() {
			return value.NewFloat(math.Hypot(asFloat(a[0]), asFloat(a[1])))
		}
		return badType
	}})
	register(&Function{Name: "pow", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		if !a[0].IsNumeric() || !a[1].IsNumeric() {
			return badType
		}
		p := math.Pow(asFloat(a[0]), asFloat(a[1]))
		if a[0].Kind() == value.KindInt && a[1].Kind() == value.KindInt {
			return value.NewInt(floatToInt(p))
		}
		return value.NewFloat(p)
	}})
	register(&Function{Name: "e", MinArity: 0, MaxArity: 0, body: func(*Env, []value.Value) value.Value {
		return value.NewFloat(math.E)
	}})
	register(&Function{Name: "pi", MinArity: 0, MaxArity: 0, body: func(*Env, []value.Value) value.Value {
		return value.NewFloat(math.Pi)
	}})
	register(&Function{Name: "sign", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		switch a[0].Kind() {
		case value.KindNull:
			return value.Null
		case value.KindInt, value.KindFloat:
			switch f := asFloat(a[0]); {
			case f > 0:
				return value.NewInt(1)
			case f < 0:
				return value.NewInt(-1)
			}
			return value.NewInt(0)
		}
		return badType
	}})
}

// round implements round(x), round(x, digits) and round(x, digits, mode).
// The result is always a float; modes are matched case-insensitively and an
// unknown mode is BAD_TYPE. A third argument that is not a string is
// ignored and the default half_up applies, as in NebulaGraph.
func round(_ *Env, a []value.Value) value.Value {
	switch a[0].Kind() {
	case value.KindNull:
		return value.Null
	case value.KindInt, value.KindFloat:
	default:
		return badType
	}
	val := asFloat(a[0])
	if len(a) == 1 {
		return value.NewFloat(math.Round(val))
	}
	if a[1].Kind() != value.KindInt {
		return badType
	}
	factor := math.Pow(10, float64(a[1].Int()))
	mode := "half_up"
	if len(a) == 3 && a[2].Kind() == value.KindString {
		mode = strings.ToLower(a[2].Str())
	}
	scaled := val * factor
	switch mode {
	case "up":
		r := math.Round(scaled) / factor
		if val < 0 && r > val {
			r -= 1 / factor
		} else if val > 0 && r < val {
			r += 1 / factor
		}
		return value.NewFloat(r)
	case "down":
		r := math.Round(scaled) / factor
		if val < 0 && r < val {
			r += 1 / factor
		} else if val > 0 && r > val {
			r -= 1 / factor
		}
		return value.NewFloat(r)
	case "ceiling":
		return value.NewFloat(math.Ceil(scaled) / factor)
	case "floor":
		return value.NewFloat(math.Floor(scaled) / factor)
	case "half_up":
		return value.NewFloat(math.Round(scaled) / factor)
	case "half_down":
		_, frac := math.Modf(scaled)
		frac = math.Abs(frac)
		if (frac <= 0.5 && val < 0) || (frac > 0.5 && val > 0) {
			return value.NewFloat(math.Ceil(scaled) / factor)
		}
		return value.NewFloat(math.Floor(scaled) / factor)
	case "half_even":
		_, frac := math.Modf(scaled)
		frac = math.Abs(frac)
		if (frac == 0.5 && math.Mod(scaled-0.5, 2) == 1) || (frac > 0.5 && val > 0) || (frac < 0.5 && val < 0) {
			return value.NewFloat(math.Ceil(scaled) / factor)
		}
		return value.NewFloat(math.Floor(scaled) / factor)
	}
	return badType
}
