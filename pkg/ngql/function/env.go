package function

import (
	"math/rand/v2"
	"time"
)

// Env is what impure builtins read: the clock (now(), date(), timestamp(),
// ...), the random source (rand(), rand32(), rand64()) and the time zone
// that NebulaGraph's timezone_name flag configures. A nil *Env, or a zero
// field, means the defaults: the wall clock, a shared concurrency-safe
// random source, and UTC.
//
// Tests inject a fixed clock and a seeded source to make results
// deterministic. An Env is read-only once built; it is safe for concurrent
// use if its Rand is (a *rand.Rand is not, so give each goroutine its own).
type Env struct {
	// Now returns the current instant.
	Now func() time.Time
	// Rand is the random source; nil uses math/rand/v2's global source.
	Rand *rand.Rand
	// UTCOffset is the configured zone's offset east of UTC in seconds.
	// Dates and times given without a zone are read as local to it and
	// stored in UTC, as NebulaGraph does.
	UTCOffset int
}

func (e *Env) now() time.Time {
	if e == nil || e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

func (e *Env) utcOffset() int {
	if e == nil {
		return 0
	}
	return e.UTCOffset
}

func (e *Env) float64() float64 {
	if e == nil || e.Rand == nil {
		return rand.Float64()
	}
	return e.Rand.Float64()
}

func (e *Env) uint32() uint32 {
	if e == nil || e.Rand == nil {
		return rand.Uint32()
	}
	return e.Rand.Uint32()
}

func (e *Env) uint64() uint64 {
	if e == nil || e.Rand == nil {
		return rand.Uint64()
	}
	return e.Rand.Uint64()
}

// uint64n returns a uniform number in [0, n); n == 0 gives 0, as folly's
// Random::rand64(0) does.
func (e *Env) uint64n(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	if e == nil || e.Rand == nil {
		return rand.Uint64N(n)
	}
	return e.Rand.Uint64N(n)
}
