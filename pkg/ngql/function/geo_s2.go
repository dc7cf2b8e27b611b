package function

import (
	"github.com/novagraph/novagraph/pkg/geo"
	"github.com/novagraph/novagraph/pkg/value"
)

// NebulaGraph's geography functions that work on the sphere through S2
// (pkg/geo): the predicates, distances in metres, centroids and cell ids.
// As with the constructors, a NULL or EMPTY geography gives NULL and any
// other non-geography BAD_TYPE; S2 parameters out of range give BAD_DATA.

func init() {
	register(&Function{Name: "st_intersects", MinArity: 2, MaxArity: 2, body: geoPredicate(geo.Intersects)})
	register(&Function{Name: "st_covers", MinArity: 2, MaxArity: 2, body: geoPredicate(geo.Covers)})
	register(&Function{Name: "st_coveredby", MinArity: 2, MaxArity: 2, body: geoPredicate(geo.CoveredBy)})
	register(&Function{Name: "st_dwithin", MinArity: 3, MaxArity: 4, body: stDWithin})
	register(&Function{Name: "st_distance", MinArity: 2, MaxArity: 2, body: stDistance})
	register(&Function{Name: "st_centroid", MinArity: 1, MaxArity: 1, body: stCentroid})
	register(&Function{Name: "s2_cellidfrompoint", MinArity: 1, MaxArity: 2, body: s2CellIDFromPoint})
	register(&Function{Name: "s2_coveringcellids", MinArity: 1, MaxArity: 5, body: s2CoveringCellIDs})
}

// geographies returns the geographies of args, or the value to answer
// with when one is not a geography.
func geographies(args []value.Value) ([]*value.Geography, value.Value, bool) {
	out := make([]*value.Geography, len(args))
	for i, a := range args {
		if a.Kind() != value.KindGeography {
			return nil, nullOr(a, badType), false
		}
		out[i] = a.Geography()
	}
	return out, value.Value{}, true
}

func geoPredicate(pred func(a, b *value.Geography) bool) Body {
	return func(_ *Env, a []value.Value) value.Value {
		g, bad, ok := geographies(a)
		if !ok {
			return bad
		}
		return value.NewBool(pred(g[0], g[1]))
	}
}

// number reads an INT or FLOAT argument as a float.
func number(v value.Value) (float64, bool) {
	switch v.Kind() {
	case value.KindInt:
		return float64(v.Int()), true
	case value.KindFloat:
		return v.Float(), true
	}
	return 0, false
}

// stDWithin is ST_DWithin(a, b, metres[, exclusive]); exclusive defaults
// to false (the distance may equal the bound).
func stDWithin(_ *Env, a []value.Value) value.Value {
	g, bad, ok := geographies(a[:2])
	if !ok {
		return bad
	}
	d, ok := number(a[2])
	if !ok {
		return nullOr(a[2], badType)
	}
	exclusive := false
	if len(a) == 4 {
		if a[3].Kind() != value.KindBool {
			return nullOr(a[3], badType)
		}
		exclusive = a[3].Bool()
	}
	return value.NewBool(geo.DWithin(g[0], g[1], d, exclusive))
}

func stDistance(_ *Env, a []value.Value) value.Value {
	g, bad, ok := geographies(a)
	if !ok {
		return bad
	}
	d, err := geo.Distance(g[0], g[1])
	if err != nil {
		return badData
	}
	return value.NewFloat(d)
}

func stCentroid(_ *Env, a []value.Value) value.Value {
	g, bad, ok := geographies(a)
	if !ok {
		return bad
	}
	c, err := geo.Centroid(g[0])
	if err != nil {
		return badData
	}
	return value.NewGeography(c)
}

// s2CellIDFromPoint is S2_CellIdFromPoint(point[, level]): the id of the
// point's cell at level (default 30), as an INT holding the id's 64 bits.
// Another shape, or a level outside [0, 30], is BAD_DATA.
func s2CellIDFromPoint(_ *Env, a []value.Value) value.Value {
	g, bad, ok := geographies(a[:1])
	if !ok {
		return bad
	}
	level := int64(30)
	if len(a) == 2 {
		if a[1].Kind() != value.KindInt {
			return nullOr(a[1], badType)
		}
		level = a[1].Int()
	}
	if level < 0 || level > 30 {
		return badData
	}
	id, err := geo.CellIDFromPoint(g[0], int(level))
	if err != nil {
		return badData
	}
	return value.NewInt(int64(id))
}

// s2CoveringCellIDs is S2_CoveringCellIds(geo[, min_level[, max_level[,
// max_cells[, buffer_metres]]]]): the ids of an S2 covering of geo, as
// INTs. Parameters out of range are BAD_DATA.
func s2CoveringCellIDs(_ *Env, a []value.Value) value.Value {
	g, bad, ok := geographies(a[:1])
	if !ok {
		return bad
	}
	c := geo.DefaultCovering
	ints := []*int{&c.MinLevel, &c.MaxLevel, &c.MaxCells}
	for i, v := range a[1:] {
		if i == 3 {
			f, ok := number(v)
			if !ok {
				return nullOr(v, badType)
			}
			c.BufferMeters = f
			break
		}
		if v.Kind() != value.KindInt {
			return nullOr(v, badType)
		}
		// Out of int range is out of every parameter's range.
		n := v.Int()
		if n < -1<<31 || n > 1<<31-1 {
			return badData
		}
		*ints[i] = int(n)
	}
	ids, err := geo.CoveringCellIDs(g[0], c)
	if err != nil {
		return badData
	}
	out := make([]value.Value, len(ids))
	for i, id := range ids {
		out[i] = value.NewInt(int64(id))
	}
	return value.NewList(out)
}
