package function

import (
	"math"

	"github.com/novagraph/novagraph/pkg/value"
)

func init() {
	// NB: NebulaGraph marks rand() pure, so `YIELD rand()` may be folded to
	// one value for every row; rand32 and rand64 are impure at every arity.
	register(&Function{Name: "rand", MinArity: 0, MaxArity: 0, body: func(env *Env, _ []value.Value) value.Value {
		return value.NewFloat(env.float64())
	}})
	register(&Function{Name: "rand32", MinArity: 0, MaxArity: 2, impure: []int{0, 1, 2}, body: rand32})
	register(&Function{Name: "rand64", MinArity: 0, MaxArity: 2, impure: []int{0, 1, 2}, body: rand64})
	register(&Function{Name: "now", MinArity: 0, MaxArity: 0, impure: []int{0}, body: func(env *Env, _ []value.Value) value.Value {
		return value.NewInt(env.now().Unix())
	}})
}

// rand32 implements rand32(), rand32(max) in [0, max) and rand32(min, max)
// in [min, max). Bounds must lie in [0, 2^32) and min < max, else BAD_DATA.
func rand32(env *Env, a []value.Value) value.Value {
	switch len(a) {
	case 0:
		return value.NewInt(int64(int32(env.uint32())))
	case 1:
		if a[0].Kind() != value.KindInt {
			return badType
		}
		hi := a[0].Int()
		if hi < 0 || hi > math.MaxUint32 {
			return badData
		}
		// NB: NebulaGraph narrows the draw to int32, so a bound above 2^31
		// can give negative numbers; kept for compatibility.
		return value.NewInt(int64(int32(uint32(env.uint64n(uint64(hi))))))
	}
	if a[0].Kind() != value.KindInt || a[1].Kind() != value.KindInt {
		return badType
	}
	lo, hi := a[0].Int(), a[1].Int()
	if lo < 0 || hi < 0 || lo > math.MaxUint32 || hi > math.MaxUint32 || lo >= hi {
		return badData
	}
	return value.NewInt(lo + int64(env.uint64n(uint64(hi-lo))))
}

// rand64 implements rand64(), rand64(max) in [0, max) and rand64(min, max)
// in [min, max); negative bounds and min >= max are BAD_DATA.
func rand64(env *Env, a []value.Value) value.Value {
	switch len(a) {
	case 0:
		return value.NewInt(int64(env.uint64()))
	case 1:
		if a[0].Kind() != value.KindInt {
			return badType
		}
		hi := a[0].Int()
		if hi < 0 {
			return badData
		}
		return value.NewInt(int64(env.uint64n(uint64(hi))))
	}
	if a[0].Kind() != value.KindInt || a[1].Kind() != value.KindInt {
		return badType
	}
	lo, hi := a[0].Int(), a[1].Int()
	if lo < 0 || hi < 0 || lo >= hi {
		return badData
	}
	return value.NewInt(lo + int64(env.uint64n(uint64(hi-lo))))
}
