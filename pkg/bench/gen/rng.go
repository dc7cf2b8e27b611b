package gen

import (
	"math"
	"math/bits"
)

// rng is SplitMix64: tiny, fast, and — unlike math/rand's derived methods —
// fixed forever, which a reproducible benchmark needs.
type rng struct{ s uint64 }

const golden = 0x9e3779b97f4a7c15

func (r *rng) next() uint64 {
	r.s += golden
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// streamFor is the random stream of one vertex: independent of every other
// vertex's, so the order in which vertices are generated does not matter.
func streamFor(seed, vertex uint64) rng {
	r := rng{s: seed ^ (vertex+1)*0xd1b54a32d192ed03}
	r.next()
	return r
}

// float returns a uniform number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a uniform number in [0, n); n must be positive.
func (r *rng) intn(n int) int {
	// Lemire's multiply-shift: the high word of next*n. The bias (< n/2^64)
	// is irrelevant here, and the result is deterministic.
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// poisson draws from a Poisson distribution of mean lambda: Knuth's method
// for small means, a rounded normal approximation for large ones.
func (r *rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 30 {
		l, k, p := math.Exp(-lambda), 0, 1.0
		for {
			p *= r.float()
			if p <= l {
				return k
			}
			k++
		}
	}
	n := math.Round(lambda + math.Sqrt(lambda)*r.normal())
	if n < 0 {
		return 0
	}
	return int(n)
}

// normal draws a standard normal number (Box–Muller).
func (r *rng) normal() float64 {
	u1 := r.float()
	for u1 == 0 {
		u1 = r.float()
	}
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*r.float())
}
