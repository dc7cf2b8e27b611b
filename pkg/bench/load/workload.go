package load

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
)

// Workload is what queries are drawn from.
type Workload struct {
	// Vertices is the graph's person count (ids 1..Vertices).
	Vertices int64
	// Starts are traversal starts (persons with out-edges); empty means
	// uniform over 1..Vertices.
	Starts []int64
	// Names are first names present in the graph, for index lookups.
	Names []string
	// Edges are known (src, dst) pairs, for FETCH on an edge.
	Edges [][2]int64
	// nextID numbers inserted vertices past the graph's ids, so writes
	// never touch what the read scenarios traverse.
	nextID atomic.Int64
}

// Start draws a traversal start.
func (w *Workload) Start(r *rand.Rand) int64 {
	if len(w.Starts) > 0 {
		return w.Starts[r.IntN(len(w.Starts))]
	}
	return 1 + r.Int64N(max(w.Vertices, 1))
}

// Name draws a first name.
func (w *Workload) Name(r *rand.Rand) string {
	if len(w.Names) == 0 {
		return "Alan"
	}
	return w.Names[r.IntN(len(w.Names))]
}

// Edge draws a known edge (or a start and a random vertex, if none is known).
func (w *Workload) Edge(r *rand.Rand) (int64, int64) {
	if len(w.Edges) > 0 {
		e := w.Edges[r.IntN(len(w.Edges))]
		return e[0], e[1]
	}
	return w.Start(r), 1 + r.Int64N(max(w.Vertices, 1))
}

// NewID returns an id no generated person has.
func (w *Workload) NewID() int64 {
	return w.Vertices + 1_000_000_000 + w.nextID.Add(1)
}

// Date draws a KNOWS creation date, "YYYY-MM-DDThh:mm:ss".
func Date(r *rand.Rand) string {
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d", 2010+r.IntN(3), 1+r.IntN(12), 1+r.IntN(28),
		r.IntN(24), r.IntN(60), r.IntN(60))
}

// ReadStarts reads cmd/gen's starts.txt: per line a start id and,
// optionally, one of its out-neighbours (a known edge).
func ReadStarts(path string) (starts []int64, edges [][2]int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read starts: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		var ids [2]int64
		for i := 0; i < min(len(fields), 2); i++ {
			if ids[i], err = strconv.ParseInt(fields[i], 10, 64); err != nil {
				return nil, nil, fmt.Errorf("starts %s: %w", path, err)
			}
		}
		starts = append(starts, ids[0])
		if len(fields) > 1 {
			edges = append(edges, ids)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read starts: %w", err)
	}
	return starts, edges, nil
}
