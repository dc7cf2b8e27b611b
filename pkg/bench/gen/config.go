package gen

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// Model is how out-degrees and neighbours are drawn.
type Model int

const (
	// RMAT is the recursive-matrix model (Chakrabarti et al.): skewed,
	// power-law-like in- and out-degrees with community structure.
	RMAT Model = iota
	// Uniform gives every vertex a Poisson out-degree and uniformly random
	// neighbours (an Erdős–Rényi-like graph), the no-hubs control.
	Uniform
)

func (m Model) String() string {
	switch m {
	case RMAT:
		return "rmat"
	case Uniform:
		return "uniform"
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// ParseModel reads a model name ("rmat", "uniform").
func ParseModel(s string) (Model, error) {
	switch strings.ToLower(s) {
	case "rmat", "r-mat", "powerlaw", "power-law":
		return RMAT, nil
	case "uniform":
		return Uniform, nil
	}
	return 0, fmt.Errorf("unknown degree model %q (want rmat or uniform)", s)
}

// Config fixes a graph: the same Config always generates the same graph.
type Config struct {
	// Vertices is the number of persons, at least 2.
	Vertices int
	// AvgDegree is the mean out-degree; the graph has about
	// Vertices*AvgDegree KNOWS edges (a little fewer under RMAT, whose
	// hubs cannot have more distinct neighbours than there are vertices).
	AvgDegree float64
	Model     Model
	Seed      uint64
	// A, B, C are R-MAT's quadrant probabilities (D = 1-A-B-C); zero
	// values take Graph500's 0.57, 0.19, 0.19.
	A, B, C float64
}

// withDefaults fills in R-MAT's parameters.
func (c Config) withDefaults() Config {
	if c.A == 0 && c.B == 0 && c.C == 0 {
		c.A, c.B, c.C = 0.57, 0.19, 0.19
	}
	return c
}

// Validate reports a config that cannot generate a graph.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Vertices < 2:
		return errors.New("need at least 2 vertices")
	case c.Vertices > 1<<40:
		return errors.New("too many vertices")
	case c.AvgDegree < 0:
		return errors.New("negative degree")
	case c.A <= 0 || c.B <= 0 || c.C <= 0 || c.A+c.B+c.C >= 1:
		return fmt.Errorf("R-MAT probabilities a=%g b=%g c=%g must be positive with a+b+c < 1", c.A, c.B, c.C)
	}
	return nil
}

// permutation maps a vertex's generation index to its id so that R-MAT's
// hubs (low indexes) are scattered over the id space and over partitions:
// id = (i*mul + add) mod n, plus one, a bijection because gcd(mul, n) = 1.
type permutation struct{ n, mul, add uint64 }

func newPermutation(n int, seed uint64) permutation {
	p := permutation{n: uint64(n), add: seed % uint64(n)}
	// Near n/φ, odd, coprime with n.
	p.mul = uint64(float64(n)*0.6180339887)%p.n | 1
	for gcd(p.mul, p.n) != 1 {
		p.mul = (p.mul + 2) % p.n
	}
	return p
}

// id is the person id of generation index i (1..n).
func (p permutation) id(i uint64) int64 {
	hi, lo := bits.Mul64(i, p.mul)
	_, rem := bits.Div64(hi%p.n, lo, p.n)
	return int64((rem+p.add)%p.n) + 1
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
