package exec

import (
	"context"
	"slices"
	"strconv"
	"sync/atomic"
	"unsafe"

	"github.com/novagraph/novagraph/pkg/graph/status"
	"github.com/novagraph/novagraph/pkg/value"
)

// The searches of FIND PATH, independent of where edges come from. Every
// search is bidirectional, as NebulaGraph's: each round expands the
// sources by one step along the OVER direction and the destinations by one
// step against it, then joins the two halves where they meet. Round k
// finds the paths of length 2k-1 (the sources' k-th step meeting the
// destinations' (k-1)-th) and, if the UPTO bound allows, of length 2k;
// UPTO n takes (n+1)/2 rounds. A path is split at its middle vertex, so
// each is found exactly once.
//
//   - shortestPair (BFSShortestPath) searches one source and one
//     destination breadth-first, each side never revisiting a vertex, and
//     stops at the first round that joins a path.
//   - shortestPairs (MultiShortestPath) keeps one breadth-first search per
//     source and per destination and stops a pair at the first round that
//     joins a path for it; the search ends when every pair has its paths.
//   - allPaths (ProduceAllPaths) keeps every walk of each side: without
//     repeated edges (ALL PATH) or without repeated vertices (NOLOOP PATH).
//
// A path that walks one edge twice is never an answer: from a vertex back
// to itself, "shortest" means the shortest cycle.

// walkEdge is an edge as a search walked it: from the vertex expanded to
// its neighbour, typ negative when against the edge's direction.
type walkEdge struct {
	from, to value.Value
	typ      int32
	name     string
	rank     int64
	props    map[string]value.Value // what was read of it (a WHERE's properties)
}

// expandFunc returns the edges leaving vids: along the OVER direction for
// the sources (reverse false), against it for the destinations. It is
// called with distinct ids, and for the two sides at once.
type expandFunc func(ctx context.Context, vids []value.Value, reverse bool) ([]walkEdge, error)

// pathLimit bounds the partial and finished paths one search holds, so
// that a search over a dense graph fails instead of exhausting graphd's
// memory even without --query_memory_limit_mb. Within that bound the
// search charges what it holds to the query's memory tracker.
const pathLimit = 4 << 20

// errTooManyPaths is the memory error of a search past pathLimit, worded
// as the query memory limit's.
func errTooManyPaths() error {
	return &status.Error{Kind: status.KindMemory,
		Msg: "Graph Error: GRAPH_MEMORY_EXCEEDED(-2600): a path search may hold at most " + strconv.Itoa(pathLimit) + " paths"}
}

// searchCtxErr is the error of a search stopped by its query's deadline or
// a KILL QUERY.
func searchCtxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return status.Execution("Execution had been killed: %v", err)
	}
	return nil
}

// edgeIdentity identifies the stored edge a step walked, whatever the
// direction.
type edgeIdentity struct {
	src, dst string
	typ      int32
	rank     int64
}

func (e *walkEdge) id() edgeIdentity {
	if e.typ < 0 {
		return edgeIdentity{src: vidKey(e.to), dst: vidKey(e.from), typ: -e.typ, rank: e.rank}
	}
	return edgeIdentity{src: vidKey(e.from), dst: vidKey(e.to), typ: e.typ, rank: e.rank}
}

// distinctVids returns vs without repeats, in order.
func distinctVids(vs []value.Value) []value.Value {
	seen := make(map[string]bool, len(vs))
	out := make([]value.Value, 0, len(vs))
	for _, v := range vs {
		if k := vidKey(v); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// walkRoute is a path under construction as the edges walked in order from
// its first vertex.
type walkRoute []walkEdge

// joinRoutes makes the path that walks left (from a source to the meeting
// vertex) and then right backwards (right is the destination side's walk
// from the destination to the meeting vertex).
func joinRoutes(src value.Value, left, right walkRoute) *value.Path {
	p := &value.Path{Src: value.Vertex{VID: src}, Steps: make([]value.Step, 0, len(left)+len(right))}
	for _, e := range left {
		p.Steps = append(p.Steps, value.Step{Dst: value.Vertex{VID: e.to}, Type: e.typ, Name: e.name, Ranking: e.rank, Props: e.props})
	}
	for i := len(right) - 1; i >= 0; i-- {
		e := right[i]
		p.Steps = append(p.Steps, value.Step{Dst: value.Vertex{VID: e.from}, Type: -e.typ, Name: e.name, Ranking: e.rank, Props: e.props})
	}
	return p
}

// repeatsEdge reports whether the two halves of a path walk one edge
// twice.
func repeatsEdge(left, right walkRoute) bool {
	n := len(left) + len(right)
	if n < 2 {
		return false
	}
	seen := make(map[edgeIdentity]bool, n)
	for _, half := range []walkRoute{left, right} {
		for i := range half {
			id := half[i].id()
			if seen[id] {
				return true
			}
			seen[id] = true
		}
	}
	return false
}

// bfsLayers is one side of a breadth-first search: the edges of each step,
// by the vertex they reached. layers[0] holds the start vertices (with no
// edges); a vertex is in the layer of the step that first reached it.
type bfsLayers []map[string][]walkEdge

// routes enumerates the walks from the side's start to v (reached at step
// k) through the layers: every shortest one. Each is in walking order.
// There may be exponentially many: past pathLimit it fails.
func (ls bfsLayers) routes(ctx context.Context, v value.Value, k int) ([]walkRoute, error) {
	type partial struct {
		at    value.Value
		edges walkRoute // backwards
	}
	cur := []partial{{at: v}}
	for i := k; i >= 1; i-- {
		if err := searchCtxErr(ctx); err != nil {
			return nil, err
		}
		var next []partial
		for _, p := range cur {
			for _, e := range ls[i][vidKey(p.at)] {
				edges := append(slices.Clip(p.edges), e)
				next = append(next, partial{at: e.from, edges: edges})
			}
			if len(next) > pathLimit {
				return nil, errTooManyPaths()
			}
		}
		cur = next
	}
	out := make([]walkRoute, len(cur))
	for i, p := range cur {
		slices.Reverse(p.edges)
		out[i] = p.edges
	}
	return out, nil
}

// pathSearch is what every search starts from.
type pathSearch struct {
	from, to []value.Value // distinct
	upto     int64
	expand   expandFunc
	// charge accounts bytes the search holds (the query's memory
	// tracker); nil accounts nothing.
	charge func(int64) error
}

// hold charges the memory of an edge the search keeps (plus extra bytes
// of bookkeeping).
func (s *pathSearch) hold(e *walkEdge, extra int64) error {
	if s.charge == nil {
		return nil
	}
	return s.charge(valueBytes(e.from) + valueBytes(e.to) + int64(len(e.name)) + 16 + extra)
}

// rounds is the number of expansion rounds UPTO allows.
func (s *pathSearch) rounds() int { return int((s.upto + 1) / 2) }

// evenAllowed reports whether round k may join paths of length 2k.
func (s *pathSearch) evenAllowed(k int) bool { return int64(2*k) <= s.upto }

// pathSink collects a search's paths, failing past pathLimit or the
// query's memory limit.
type pathSink struct {
	paths  []*value.Path
	charge func(int64) error
}

func (s *pathSink) add(p *value.Path) error {
	if len(s.paths) >= pathLimit {
		return errTooManyPaths()
	}
	if s.charge != nil {
		if err := s.charge(valueBytes(value.NewPath(p))); err != nil {
			return err
		}
	}
	s.paths = append(s.paths, p)
	return nil
}

// shortestPair is BFSShortestPath: the shortest paths from one source to
// one destination. Each side records, per step, every edge from its
// previous frontier to a vertex it has not seen; at the first step even a
// vertex's edges back to itself count. The search stops at the first
// round that joins paths without a repeated edge.
func shortestPair(ctx context.Context, s *pathSearch) ([]*value.Path, error) {
	if len(s.from) != 1 || len(s.to) != 1 {
		return nil, nil
	}
	src, dst := s.from[0], s.to[0]
	type side struct {
		layers   bfsLayers
		visited  map[string]bool
		frontier []value.Value
	}
	left := &side{layers: bfsLayers{{vidKey(src): nil}}, visited: map[string]bool{}, frontier: []value.Value{src}}
	right := &side{layers: bfsLayers{{vidKey(dst): nil}}, visited: map[string]bool{}, frontier: []value.Value{dst}}
	step := func(sd *side, k int, reverse bool) error {
		edges, err := s.expand(ctx, sd.frontier, reverse)
		if err != nil {
			return err
		}
		layer := map[string][]walkEdge{}
		var next []value.Value
		for _, e := range edges {
			if k == 1 {
				sd.visited[vidKey(e.from)] = true
			} else if sd.visited[vidKey(e.to)] {
				continue
			}
			key := vidKey(e.to)
			if _, ok := layer[key]; !ok {
				next = append(next, e.to)
			}
			if err := s.hold(&e, 0); err != nil {
				return err
			}
			layer[key] = append(layer[key], e)
		}
		for _, v := range next {
			sd.visited[vidKey(v)] = true
		}
		sd.layers = append(sd.layers, layer)
		sd.frontier = next
		return nil
	}
	out := &pathSink{charge: s.charge}
	for k := 1; k <= s.rounds(); k++ {
		if err := searchCtxErr(ctx); err != nil {
			return nil, err
		}
		// The destinations' k-th step serves even lengths now and odd
		// ones next round; the last round of an odd UPTO needs neither.
		var rightStep func() error
		if s.evenAllowed(k) {
			rightStep = func() error { return step(right, k, true) }
		}
		if err := bothSides(func() error { return step(left, k, false) }, rightStep); err != nil {
			return nil, err
		}
		// Odd lengths first; even ones only when no odd one meets.
		for _, rk := range []int{k - 1, k} {
			if rk == k && !s.evenAllowed(k) {
				break
			}
			var meets []value.Value
			for _, e := range left.layers[k] {
				v := e[0].to
				if _, ok := right.layers[rk][vidKey(v)]; ok {
					meets = append(meets, v)
				}
			}
			if len(meets) == 0 {
				continue
			}
			for _, v := range meets {
				if err := joinLayers(ctx, out, src, left.layers, right.layers, v, k, rk); err != nil {
					return nil, err
				}
			}
			break
		}
		if len(out.paths) > 0 || len(left.frontier) == 0 || len(right.frontier) == 0 {
			break
		}
	}
	return out.paths, nil
}

// bothSides runs a round's steps of the two sides at once, as they read
// storage independently; right is nil when the round needs only the
// sources' step. It returns once both are done, with the first error.
func bothSides(left, right func() error) error {
	if right == nil {
		return left()
	}
	done := make(chan error, 1)
	go func() { done <- right() }()
	lerr := left()
	rerr := <-done
	if lerr != nil {
		return lerr
	}
	return rerr
}

// joinLayers adds the paths from src through v: the left side's routes to
// v (its step k) joined with the right side's (its step rk).
func joinLayers(ctx context.Context, out *pathSink, src value.Value, left, right bfsLayers, v value.Value, k, rk int) error {
	lefts, err := left.routes(ctx, v, k)
	if err != nil {
		return err
	}
	rights, err := right.routes(ctx, v, rk)
	if err != nil {
		return err
	}
	return joinAt(ctx, out, src, lefts, rights)
}

// joinAt adds every path joining one of lefts with one of rights that
// walks no edge twice.
func joinAt(ctx context.Context, out *pathSink, src value.Value, lefts, rights []walkRoute) error {
	for _, l := range lefts {
		if err := searchCtxErr(ctx); err != nil {
			return err
		}
		for _, r := range rights {
			if repeatsEdge(l, r) {
				continue
			}
			if err := out.add(joinRoutes(src, l, r)); err != nil {
				return err
			}
		}
	}
	return nil
}

// bfsOrigin is one start vertex's breadth-first search within a side of
// shortestPairs.
type bfsOrigin struct {
	vid    value.Value
	dist   map[string]int // the step that first reached each vertex (0: the start)
	layers bfsLayers
}

// bfsSide is one side of shortestPairs: a search per start vertex, all
// expanded by one storage request per step.
type bfsSide struct {
	origins []*bfsOrigin
	reverse bool
	// size counts the edges held, for pathLimit.
	size int
}

func newBFSSide(vids []value.Value, reverse bool) *bfsSide {
	sd := &bfsSide{reverse: reverse}
	for _, v := range vids {
		k := vidKey(v)
		sd.origins = append(sd.origins, &bfsOrigin{vid: v, dist: map[string]int{k: 0}, layers: bfsLayers{{k: nil}}})
	}
	return sd
}

// step expands every origin's frontier (its vertices of step k-1) by one
// step. An edge to a vertex the origin reached before is not followed,
// nor, at the first step, an edge from a vertex to itself.
func (sd *bfsSide) step(ctx context.Context, s *pathSearch, k int) (bool, error) {
	at := map[string][]*bfsOrigin{}
	var frontier []value.Value
	for _, o := range sd.origins {
		o.layers = append(o.layers, map[string][]walkEdge{})
		for key, es := range o.layers[k-1] {
			if _, ok := at[key]; !ok {
				v := o.vid
				if len(es) > 0 {
					v = es[0].to
				}
				frontier = append(frontier, v)
			}
			at[key] = append(at[key], o)
		}
	}
	if len(frontier) == 0 {
		return false, nil
	}
	edges, err := s.expand(ctx, frontier, sd.reverse)
	if err != nil {
		return false, err
	}
	grew := false
	for _, e := range edges {
		from, to := vidKey(e.from), vidKey(e.to)
		if k == 1 && from == to {
			continue
		}
		for _, o := range at[from] {
			if d, ok := o.dist[to]; ok && d < k {
				continue
			}
			o.dist[to] = k
			o.layers[k][to] = append(o.layers[k][to], e)
			grew = true
			if sd.size++; sd.size > pathLimit {
				return false, errTooManyPaths()
			}
			if err := s.hold(&e, mapEntry); err != nil {
				return false, err
			}
		}
	}
	return grew, nil
}

// endPair names a (source, destination) pair.
type endPair struct{ src, dst string }

// shortestPairs is MultiShortestPath: the shortest paths of every pair of
// a source and a destination (a vertex paired with itself asks for its
// shortest cycles). single keeps one path per pair (FIND SINGLE SHORTEST
// PATH).
func shortestPairs(ctx context.Context, s *pathSearch, single bool) ([]*value.Path, error) {
	open := map[endPair]bool{}
	for _, f := range s.from {
		for _, t := range s.to {
			open[endPair{vidKey(f), vidKey(t)}] = true
		}
	}
	left, right := newBFSSide(s.from, false), newBFSSide(s.to, true)
	out := &pathSink{charge: s.charge}
	for k := 1; k <= s.rounds() && len(open) > 0; k++ {
		if err := searchCtxErr(ctx); err != nil {
			return nil, err
		}
		leftGrew, rightGrew := false, true
		var rightStep func() error
		if s.evenAllowed(k) {
			rightStep = func() (err error) {
				rightGrew, err = right.step(ctx, s, k)
				return err
			}
		}
		err := bothSides(func() (err error) {
			leftGrew, err = left.step(ctx, s, k)
			return err
		}, rightStep)
		if err != nil {
			return nil, err
		}
		for _, rk := range []int{k - 1, k} {
			if rk == k && !s.evenAllowed(k) {
				break
			}
			if err := joinPairs(ctx, out, open, left, right, k, rk, single); err != nil {
				return nil, err
			}
		}
		if !leftGrew || !rightGrew {
			break
		}
	}
	return out.paths, nil
}

// joinPairs joins, for every open pair, the source's walks of step k with
// the destination's walks of step rk that meet them, and closes the pairs
// that got a path.
func joinPairs(ctx context.Context, out *pathSink, open map[endPair]bool, left, right *bfsSide, k, rk int, single bool) error {
	// The destinations whose search reached each vertex at step rk.
	reached := map[string][]*bfsOrigin{}
	for _, o := range right.origins {
		if rk >= len(o.layers) {
			continue
		}
		for key := range o.layers[rk] {
			reached[key] = append(reached[key], o)
		}
	}
	found := map[endPair]bool{}
	for _, l := range left.origins {
		lk := vidKey(l.vid)
		for key, es := range l.layers[k] {
			for _, r := range reached[key] {
				pk := endPair{lk, vidKey(r.vid)}
				if !open[pk] || (single && found[pk]) {
					continue
				}
				v := es[0].to
				n := len(out.paths)
				if err := joinLayers(ctx, out, l.vid, l.layers, r.layers, v, k, rk); err != nil {
					return err
				}
				if len(out.paths) > n {
					found[pk] = true
					if single {
						out.paths = out.paths[:n+1]
					}
				}
			}
		}
	}
	for pk := range found {
		delete(open, pk)
	}
	return nil
}

// trailSize is a walkTrail's own size beyond its edge.
const trailSize = int64(unsafe.Sizeof(walkTrail{}))

// walkTrail is a walk of allPaths as a chain back to its start.
type walkTrail struct {
	prev *walkTrail
	edge walkEdge // the edge that reached at; zero at the start
	at   value.Value
	n    int // edges walked
}

// edges returns the trail's edges in walking order.
func (t *walkTrail) edges() walkRoute {
	out := make(walkRoute, t.n)
	for c := t; c.prev != nil; c = c.prev {
		out[c.n-1] = c.edge
	}
	return out
}

// walks reports whether the trail walks edge id, and visits reports
// whether it passes through vertex key.
func (t *walkTrail) walks(id edgeIdentity) bool {
	for c := t; c.prev != nil; c = c.prev {
		if c.edge.id() == id {
			return true
		}
	}
	return false
}

func (t *walkTrail) visits(key string) bool {
	for c := t; c != nil; c = c.prev {
		if vidKey(c.at) == key {
			return true
		}
	}
	return false
}

// allPaths is ProduceAllPaths: every path from a source to a destination
// of at most UPTO edges that repeats no edge or, with noLoop, no vertex.
func allPaths(ctx context.Context, s *pathSearch, noLoop bool) ([]*value.Path, error) {
	start := func(vids []value.Value) map[string][]*walkTrail {
		m := map[string][]*walkTrail{}
		for _, v := range vids {
			m[vidKey(v)] = append(m[vidKey(v)], &walkTrail{at: v})
		}
		return m
	}
	var held atomic.Int64 // trails made, by both sides at once
	step := func(cur map[string][]*walkTrail, reverse bool) (map[string][]*walkTrail, error) {
		frontier := make([]value.Value, 0, len(cur))
		for _, ts := range cur {
			frontier = append(frontier, ts[0].at)
		}
		next := map[string][]*walkTrail{}
		if len(frontier) == 0 {
			return next, nil
		}
		edges, err := s.expand(ctx, frontier, reverse)
		if err != nil {
			return nil, err
		}
		for i, e := range edges {
			if i%1024 == 0 {
				if err := searchCtxErr(ctx); err != nil {
					return nil, err
				}
			}
			to := vidKey(e.to)
			for _, t := range cur[vidKey(e.from)] {
				if noLoop && t.visits(to) || !noLoop && t.walks(e.id()) {
					continue
				}
				if held.Add(1) > pathLimit {
					return nil, errTooManyPaths()
				}
				if err := s.hold(&e, trailSize); err != nil {
					return nil, err
				}
				next[to] = append(next[to], &walkTrail{prev: t, edge: e, at: e.to, n: t.n + 1})
			}
		}
		return next, nil
	}
	out := &pathSink{charge: s.charge}
	meet := func(lefts map[string][]*walkTrail, rights map[string][]*walkTrail) error {
		for key, ls := range lefts {
			rs := rights[key]
			for _, l := range ls {
				if err := searchCtxErr(ctx); err != nil {
					return err
				}
				lr := l.edges()
				src := l.at
				if l.n > 0 {
					src = lr[0].from
				}
				for _, r := range rs {
					rr := r.edges()
					if noLoop {
						if visitsTwice(l, r) {
							continue
						}
					} else if repeatsEdge(lr, rr) {
						continue
					}
					if err := out.add(joinRoutes(src, lr, rr)); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	left, right := start(s.from), start(s.to)
	for k := 1; k <= s.rounds() && len(left) > 0 && len(right) > 0; k++ {
		if err := searchCtxErr(ctx); err != nil {
			return nil, err
		}
		prevRight := right
		var rightStep func() error
		if s.evenAllowed(k) {
			rightStep = func() (err error) {
				right, err = step(prevRight, true)
				return err
			}
		}
		err := bothSides(func() (err error) {
			left, err = step(left, false)
			return err
		}, rightStep)
		if err != nil {
			return nil, err
		}
		// Odd lengths meet the destinations' previous step.
		if err := meet(left, prevRight); err != nil {
			return nil, err
		}
		if !s.evenAllowed(k) {
			break
		}
		if err := meet(left, right); err != nil {
			return nil, err
		}
	}
	return out.paths, nil
}

// visitsTwice reports whether two trails that meet at their ends share
// another vertex, or start at the same one.
func visitsTwice(l, r *walkTrail) bool {
	seen := map[string]bool{}
	for c := l; c != nil; c = c.prev {
		seen[vidKey(c.at)] = true
	}
	for c := r.prev; c != nil; c = c.prev {
		if seen[vidKey(c.at)] {
			return true
		}
	}
	return false
}
