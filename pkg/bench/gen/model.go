package gen

import (
	"math"
	"math/bits"
)

// Person is one generated vertex. Dates are rendered ISO 8601:
// Birthday "YYYY-MM-DD", CreationDate "YYYY-MM-DDThh:mm:ss" (UTC).
type Person struct {
	ID           int64
	FirstName    string
	LastName     string
	Gender       string
	Birthday     string
	CreationDate string
	LocationIP   string
	BrowserUsed  string
}

// Knows is one generated KNOWS edge (rank 0).
type Knows struct {
	Src, Dst     int64
	CreationDate string
}

// degreeModel draws a vertex's out-neighbours, as generation indexes.
type degreeModel struct {
	cfg    Config
	n      uint64
	levels int
	// norm scales a vertex's R-MAT source weight to its expected degree.
	norm float64
	seen map[uint64]struct{}
}

func newDegreeModel(cfg Config) *degreeModel {
	m := &degreeModel{cfg: cfg, n: uint64(cfg.Vertices), seen: map[uint64]struct{}{}}
	m.levels = bits.Len64(m.n - 1)
	if cfg.Model == RMAT {
		// R-MAT draws from a 2^levels square; indexes past n are not
		// vertices, so the weights of the real ones are renormalised.
		var sum float64
		for i := uint64(0); i < m.n; i++ {
			sum += m.weight(i)
		}
		m.norm = float64(cfg.Vertices) * cfg.AvgDegree / sum
	}
	return m
}

// weight is the R-MAT probability that an edge starts at index i: per
// level, a+b for a 0 bit, c+d for a 1 bit.
func (m *degreeModel) weight(i uint64) float64 {
	top, bottom := m.cfg.A+m.cfg.B, 1-m.cfg.A-m.cfg.B
	ones := bits.OnesCount64(i)
	return math.Pow(top, float64(m.levels-ones)) * math.Pow(bottom, float64(ones))
}

// rmatJitter is the log-normal sigma of a vertex's expected R-MAT degree.
const rmatJitter = 0.5

// neighbours appends vertex i's distinct out-neighbours (never i itself)
// to dst, drawing from r.
func (m *degreeModel) neighbours(dst []uint64, i uint64, r *rng) []uint64 {
	var lambda float64
	if m.cfg.Model == RMAT {
		// A log-normal jitter (mean 1) smooths R-MAT's staircase: without
		// it every index with the same number of one bits has the same
		// expected degree, and the histogram has gaps.
		lambda = m.norm * m.weight(i) * math.Exp(rmatJitter*r.normal()-rmatJitter*rmatJitter/2)
	} else {
		lambda = m.cfg.AvgDegree
	}
	deg := r.poisson(lambda)
	if uint64(deg) > m.n-1 {
		deg = int(m.n - 1)
	}
	if deg == 0 {
		return dst
	}
	clear(m.seen)
	// A hub's neighbours collide often under RMAT; give up on the last few
	// rather than loop for long.
	for tries := 4*deg + 16; len(m.seen) < deg && tries > 0; tries-- {
		var j uint64
		if m.cfg.Model == RMAT {
			j = m.rmatDst(i, r)
		} else {
			j = uint64(r.intn(int(m.n)))
		}
		if j >= m.n || j == i {
			continue
		}
		if _, dup := m.seen[j]; dup {
			continue
		}
		m.seen[j] = struct{}{}
		dst = append(dst, j)
	}
	return dst
}

// rmatDst draws an edge's destination given its source: at each level the
// source's bit picks the quadrant row, and the destination's bit is 1 with
// probability b/(a+b) in the top row and d/(c+d) in the bottom one.
func (m *degreeModel) rmatDst(src uint64, r *rng) uint64 {
	a, b, c := m.cfg.A, m.cfg.B, m.cfg.C
	d := 1 - a - b - c
	pTop, pBottom := b/(a+b), d/(c+d)
	var j uint64
	for l := m.levels - 1; l >= 0; l-- {
		p := pTop
		if src>>uint(l)&1 == 1 {
			p = pBottom
		}
		j <<= 1
		if r.float() < p {
			j |= 1
		}
	}
	return j
}
