package gen

import (
	"fmt"
	"hash"
	"hash/fnv"
	"strconv"
)

// Sink receives the generated records in generation order: each person,
// then that person's out-edges. Close is called once at the end with the
// summary (so a mapping or a README can carry the counts). A sink owns
// nothing it is handed: records are reused after the call returns.
type Sink interface {
	Person(p *Person) error
	Knows(k *Knows) error
	Close(s *Summary) error
}

// Summary is what a generation produced.
type Summary struct {
	Config   Config
	Vertices int64
	Edges    int64
	// Checksum is FNV-1a 64 over the canonical text of every record, in
	// generation order: the same for every output format.
	Checksum uint64
	// OutHist and InHist count vertices per degree bucket: bucket 0 holds
	// degree 0, bucket k>0 degrees [2^(k-1), 2^k).
	OutHist, InHist []int64
	MaxOut, MaxIn   int64
	// Starts is a uniform sample (up to StartSamples) of the persons with
	// at least one out-edge: where the benchmark's traversals start, so
	// that they traverse something. StartEdges[i] is Starts[i]'s first
	// out-neighbour, an edge known to exist.
	Starts     []int64
	StartEdges []int64
}

// StartSamples is the size of Summary.Starts.
const StartSamples = 10000

// Run generates the graph of cfg into every sink and returns its summary.
// On a sink's error it stops and returns it (the sinks are still closed).
func Run(cfg Config, sinks ...Sink) (*Summary, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	cfg = cfg.withDefaults()
	sum := &Summary{Config: cfg}
	err := generate(cfg, sum, sinks)
	for _, s := range sinks {
		if cerr := s.Close(sum); cerr != nil && err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, err
	}
	return sum, nil
}

func generate(cfg Config, sum *Summary, sinks []Sink) error {
	n := uint64(cfg.Vertices)
	perm := newPermutation(cfg.Vertices, cfg.Seed)
	model := newDegreeModel(cfg)
	inDeg := make([]uint32, n)
	h := fnv.New64a()
	var (
		buf []byte
		nbr []uint64
		k   Knows
		// seen counts the candidates the start sample has considered.
		seen int64
	)
	for i := uint64(0); i < n; i++ {
		r := streamFor(cfg.Seed, i)
		p := person(perm.id(i), &r)
		buf = appendPerson(buf[:0], &p)
		h.Write(buf)
		for _, s := range sinks {
			if err := s.Person(&p); err != nil {
				return err
			}
		}
		nbr = model.neighbours(nbr[:0], i, &r)
		for _, j := range nbr {
			k = Knows{Src: p.ID, Dst: perm.id(j), CreationDate: creationDate(&r)}
			inDeg[j]++
			buf = appendKnows(buf[:0], &k)
			h.Write(buf)
			for _, s := range sinks {
				if err := s.Knows(&k); err != nil {
					return err
				}
			}
		}
		if len(nbr) > 0 {
			sample(sum, p.ID, perm.id(nbr[0]), &r, &seen)
		}
		sum.Vertices++
		sum.Edges += int64(len(nbr))
		sum.OutHist = addToHist(sum.OutHist, int64(len(nbr)))
		sum.MaxOut = max(sum.MaxOut, int64(len(nbr)))
	}
	for _, d := range inDeg {
		sum.InHist = addToHist(sum.InHist, int64(d))
		sum.MaxIn = max(sum.MaxIn, int64(d))
	}
	sum.Checksum = checksum(h)
	return nil
}

func checksum(h hash.Hash64) uint64 { return h.Sum64() }

// appendPerson is a person's canonical text, the checksum's input.
func appendPerson(b []byte, p *Person) []byte {
	b = append(b, 'V', '|')
	b = strconv.AppendInt(b, p.ID, 10)
	for _, f := range []string{p.FirstName, p.LastName, p.Gender, p.Birthday, p.CreationDate, p.LocationIP, p.BrowserUsed} {
		b = append(b, '|')
		b = append(b, f...)
	}
	return append(b, '\n')
}

func appendKnows(b []byte, k *Knows) []byte {
	b = append(b, 'E', '|')
	b = strconv.AppendInt(b, k.Src, 10)
	b = append(b, '|')
	b = strconv.AppendInt(b, k.Dst, 10)
	b = append(b, '|')
	b = append(b, k.CreationDate...)
	return append(b, '\n')
}

// sample is reservoir sampling (algorithm R) of vertex ids into starts,
// drawing from the vertex's own stream so the sample is deterministic.
func sample(sum *Summary, id, dst int64, r *rng, seen *int64) {
	*seen++
	if len(sum.Starts) < StartSamples {
		sum.Starts = append(sum.Starts, id)
		sum.StartEdges = append(sum.StartEdges, dst)
		return
	}
	if j := r.intn(int(*seen)); j < StartSamples {
		sum.Starts[j], sum.StartEdges[j] = id, dst
	}
}

// FirstNames lists every first name the generator draws from.
func FirstNames() []string {
	out := make([]string, 0, len(firstPrefix)*len(firstSuffix))
	for _, p := range firstPrefix {
		for _, s := range firstSuffix {
			out = append(out, p+s)
		}
	}
	return out
}

// bucket is a degree's histogram bucket.
func bucket(d int64) int {
	k := 0
	for d > 0 {
		k++
		d >>= 1
	}
	return k
}

func addToHist(h []int64, d int64) []int64 {
	b := bucket(d)
	for len(h) <= b {
		h = append(h, 0)
	}
	h[b]++
	return h
}

// BucketRange is the degree range [lo, hi] of histogram bucket k.
func BucketRange(k int) (lo, hi int64) {
	if k == 0 {
		return 0, 0
	}
	return 1 << uint(k-1), 1<<uint(k) - 1
}
