package function

import (
	"maps"

	"github.com/novagraph/novagraph/pkg/value"
)

// The graph functions read vertices, edges and paths. Each gives NULL for a
// NULL argument and BAD_TYPE for an argument of another kind, unless said
// otherwise.

// graphFn registers a one-argument graph function whose body handles the
// accepted kinds and returns ok=false for the others.
func graphFn(name string, fn func(v value.Value) (value.Value, bool), aliases ...string) {
	register(&Function{Name: name, MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].IsNull() {
			return value.Null
		}
		if r, ok := fn(a[0]); ok {
			return r
		}
		return badType
	}}, aliases...)
}

func init() {
	graphFn("id", func(v value.Value) (value.Value, bool) {
		if v.Kind() != value.KindVertex {
			return value.Value{}, false
		}
		return v.Vertex().VID, true
	})
	graphFn("tags", func(v value.Value) (value.Value, bool) {
		if v.Kind() != value.KindVertex {
			return value.Value{}, false
		}
		tags := v.Vertex().Tags
		out := make([]value.Value, len(tags))
		for i, t := range tags {
			out[i] = value.NewString(t.Name)
		}
		return value.NewList(out), true
	}, "labels")
	graphFn("properties", func(v value.Value) (value.Value, bool) {
		switch v.Kind() {
		case value.KindVertex:
			// The first tag that has a property name wins.
			props := map[string]value.Value{}
			for _, t := range v.Vertex().Tags {
				for k, pv := range t.Props {
					if _, seen := props[k]; !seen {
						props[k] = pv
					}
				}
			}
			return value.NewMap(props), true
		case value.KindEdge:
			return value.NewMap(maps.Clone(v.Edge().Props)), true
		case value.KindMap:
			return v, true
		}
		return value.Value{}, false
	})
	edgeFn := func(name string, fn func(e *value.Edge) value.Value) {
		graphFn(name, func(v value.Value) (value.Value, bool) {
			if v.Kind() != value.KindEdge {
				return value.Value{}, false
			}
			return fn(v.Edge()), true
		})
	}
	edgeFn("type", func(e *value.Edge) value.Value { return value.NewString(e.Name) })
	edgeFn("typeid", func(e *value.Edge) value.Value { return value.NewInt(int64(e.Type)) })
	edgeFn("rank", func(e *value.Edge) value.Value { return value.NewInt(e.Ranking) })
	// src and dst follow the edge's direction: for an in-edge (negative
	// type) the stored Dst is the source.
	edgeFn("src", func(e *value.Edge) value.Value {
		if e.Type > 0 {
			return e.Src
		}
		return e.Dst
	})
	edgeFn("dst", func(e *value.Edge) value.Value {
		if e.Type > 0 {
			return e.Dst
		}
		return e.Src
	})
	graphFn("startnode", func(v value.Value) (value.Value, bool) {
		switch v.Kind() {
		case value.KindEdge:
			return value.NewVertex(&value.Vertex{VID: v.Edge().Src}), true
		case value.KindPath:
			src := v.Path().Src
			return value.NewVertex(&src), true
		}
		return value.Value{}, false
	})
	graphFn("endnode", func(v value.Value) (value.Value, bool) {
		switch v.Kind() {
		case value.KindEdge:
			return value.NewVertex(&value.Vertex{VID: v.Edge().Dst}), true
		case value.KindPath:
			p := v.Path()
			end := p.Src
			if len(p.Steps) > 0 {
				end = p.Steps[len(p.Steps)-1].Dst
			}
			return value.NewVertex(&end), true
		}
		return value.Value{}, false
	})
	pathFn := func(name string, fn func(p *value.Path) value.Value) {
		graphFn(name, func(v value.Value) (value.Value, bool) {
			if v.Kind() != value.KindPath {
				return value.Value{}, false
			}
			return fn(v.Path()), true
		})
	}
	pathFn("nodes", func(p *value.Path) value.Value {
		out := make([]value.Value, 0, len(p.Steps)+1)
		src := p.Src
		out = append(out, value.NewVertex(&src))
		for i := range p.Steps {
			dst := p.Steps[i].Dst
			out = append(out, value.NewVertex(&dst))
		}
		return value.NewList(out)
	})
	pathFn("relationships", func(p *value.Path) value.Value {
		out := make([]value.Value, len(p.Steps))
		src := p.Src.VID
		for i, s := range p.Steps {
			out[i] = value.NewEdge(&value.Edge{
				Src: src, Dst: s.Dst.VID, Type: s.Type, Name: s.Name, Ranking: s.Ranking, Props: s.Props,
			})
			src = s.Dst.VID
		}
		return value.NewList(out)
	})
	// The path predicates and reversePath answer BAD_TYPE even for NULL.
	register(&Function{Name: "hassameedgeinpath", MinArity: 1, MaxArity: 1, body: pathOnly(func(p *value.Path) value.Value {
		return value.NewBool(hasDuplicateEdges(p))
	})})
	register(&Function{Name: "hassamevertexinpath", MinArity: 1, MaxArity: 1, body: pathOnly(func(p *value.Path) value.Value {
		return value.NewBool(hasDuplicateVertices(p))
	})})
	register(&Function{Name: "reversepath", MinArity: 1, MaxArity: 1, body: pathOnly(func(p *value.Path) value.Value {
		return value.NewPath(ReversePath(p))
	})})
	register(&Function{Name: "is_edge", MinArity: 1, MaxArity: 1, body: func(_ *Env, a []value.Value) value.Value {
		return value.NewBool(a[0].Kind() == value.KindEdge)
	}})
	register(&Function{Name: "none_direct_dst", MinArity: 1, MaxArity: 2, body: noneDirectDst})
	register(&Function{Name: "none_direct_src", MinArity: 1, MaxArity: 1, body: noneDirectSrc})
	register(&Function{Name: "_nodeid", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindPath || a[1].Kind() != value.KindInt {
			return badType
		}
		p, i := a[0].Path(), a[1].Int()
		if i < 0 || i > int64(len(p.Steps)) {
			return outRange
		}
		if i == 0 {
			return p.Src.VID
		}
		return p.Steps[i-1].Dst.VID
	}})
	register(&Function{Name: "_edge", MinArity: 2, MaxArity: 2, body: func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindPath || a[1].Kind() != value.KindInt {
			return badType
		}
		p, i := a[0].Path(), a[1].Int()
		if i < 0 || i >= int64(len(p.Steps)) {
			return outRange
		}
		src := p.Src.VID
		if i > 0 {
			src = p.Steps[i-1].Dst.VID
		}
		s := p.Steps[i]
		return value.NewEdge(&value.Edge{Src: src, Dst: s.Dst.VID, Type: s.Type, Ranking: s.Ranking})
	}})
}

func pathOnly(fn func(p *value.Path) value.Value) Body {
	return func(_ *Env, a []value.Value) value.Value {
		if a[0].Kind() != value.KindPath {
			return badType
		}
		return fn(a[0].Path())
	}
}

// vidKey distinguishes vertex ids by kind and content (the string "1" and
// the int 1 differ).
func vidKey(v value.Value) string {
	return v.String()
}

func hasDuplicateVertices(p *value.Path) bool {
	if len(p.Steps) == 0 {
		return false
	}
	seen := map[string]bool{vidKey(p.Src.VID): true}
	for _, s := range p.Steps {
		k := vidKey(s.Dst.VID)
		if seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}

// hasDuplicateEdges reports whether a path walks one edge twice, in either
// direction.
func hasDuplicateEdges(p *value.Path) bool {
	if len(p.Steps) < 2 {
		return false
	}
	type key struct {
		src, dst string
		typ      int32
		rank     int64
	}
	seen := make(map[key]bool, len(p.Steps))
	src := vidKey(p.Src.VID)
	for _, s := range p.Steps {
		dst := vidKey(s.Dst.VID)
		k := key{src, dst, s.Type, s.Ranking}
		if s.Type < 0 {
			k = key{dst, src, -s.Type, s.Ranking}
		}
		if seen[k] {
			return true
		}
		seen[k] = true
		src = dst
	}
	return false
}

// ReversePath returns p walked backwards: it starts at p's last vertex and
// each step walks its edge against the recorded direction. p is not
// modified.
func ReversePath(p *value.Path) *value.Path {
	n := len(p.Steps)
	if n == 0 {
		return &value.Path{Src: p.Src}
	}
	r := &value.Path{Src: p.Steps[n-1].Dst, Steps: make([]value.Step, n)}
	for i := range n {
		s := p.Steps[n-1-i] // the edge walked i-th in reverse
		dst := p.Src
		if n-2-i >= 0 {
			dst = p.Steps[n-2-i].Dst
		}
		r.Steps[i] = value.Step{Dst: dst, Type: -s.Type, Name: s.Name, Ranking: s.Ranking, Props: s.Props}
	}
	return r
}

func noneDirectDst(_ *Env, a []value.Value) value.Value {
	switch v := a[0]; v.Kind() {
	case value.KindNull:
		return value.Null
	case value.KindEdge:
		return v.Edge().Dst
	case value.KindVertex:
		return v.Vertex().VID
	case value.KindList:
		l := v.List()
		if len(l) == 0 {
			if len(a) == 2 && a[1].Kind() == value.KindVertex {
				return a[1].Vertex().VID
			}
			return badType
		}
		switch last := l[len(l)-1]; last.Kind() {
		case value.KindEdge:
			return last.Edge().Dst
		case value.KindVertex:
			return last.Vertex().VID
		}
	}
	return badType
}

func noneDirectSrc(_ *Env, a []value.Value) value.Value {
	switch v := a[0]; v.Kind() {
	case value.KindNull:
		return value.Null
	case value.KindEdge:
		return v.Edge().Src
	case value.KindVertex:
		return v.Vertex().VID
	case value.KindList:
		l := v.List()
		if len(l) == 0 {
			// NB: NebulaGraph reads past the end of an empty list here.
			return badType
		}
		switch first := l[0]; first.Kind() {
		case value.KindEdge:
			return first.Edge().Src
		case value.KindVertex:
			return first.Vertex().VID
		}
	}
	return badType
}
