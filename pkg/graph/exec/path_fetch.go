package exec

import (
	"context"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// Storage reads of FIND PATH: the searches' expansions and, WITH PROP, the
// properties of the paths found.

// neighborEdges reads the edges of vids of the given signed types, with
// the layouts' properties, keeping those that pass filter (storage side)
// and, when keep is set, keep (graphd side). Edges come back as storage
// walked them: Src the vertex expanded.
func (e *executor) neighborEdges(ctx context.Context, space int32, vids []value.Value, types []int32,
	layouts map[int32]edgeLayout, filter string, keep func(*value.Edge) (bool, error)) ([]*value.Edge, error) {
	if len(vids) == 0 || len(types) == 0 {
		return nil, nil
	}
	spec := &gstorage.TraverseSpec{EdgeDirection: gstorage.EdgeDirection_BOTH, VertexProps: []*gstorage.VertexProp{}}
	ls := make([]edgeLayout, len(types))
	for i, t := range types {
		ls[i] = layouts[t]
		spec.EdgeTypes = append(spec.EdgeTypes, common.EdgeType(t))
		spec.EdgeProps = append(spec.EdgeProps, ls[i].request())
	}
	if filter != "" {
		spec.Filter = []byte(filter)
	}
	ds, err := e.x.engine.opts.Storage.GetNeighbors(ctx, space, vids, spec)
	if err != nil {
		return nil, storageError(err)
	}
	var out []*value.Edge
	for _, r := range ds.Rows {
		vals := r.Values
		for i, l := range ls {
			if 2+i >= len(vals) || vals[2+i].Kind() != value.KindList {
				continue
			}
			for _, ev := range vals[2+i].List() {
				if ev.Kind() != value.KindList {
					continue
				}
				ed := l.edge(ev.List())
				if ed == nil {
					continue
				}
				if keep != nil {
					ok, err := keep(ed)
					if err != nil {
						return nil, err
					}
					if !ok {
						continue
					}
				}
				out = append(out, ed)
			}
		}
	}
	return out, nil
}

// pathExpander is the expandFunc of a search node: its sides' edge types
// through storage, filtered by the WHERE.
func (e *executor) pathExpander(job *findPathJob) expandFunc {
	var keep func(*value.Edge) (bool, error)
	if job.where != nil {
		names := make([]string, len(job.refs))
		for i, r := range job.refs {
			names[i] = r.col
		}
		refTable := newTable(&value.DataSet{ColNames: names})
		keep = func(ed *value.Edge) (bool, error) {
			row := &graphRow{edge: ed}
			vals := make([]value.Value, len(job.refs))
			for i, r := range job.refs {
				vals[i] = r.eval(row)
			}
			return passes(job.where, &rowCtx{x: e.x, input: refTable, inRow: vals})
		}
	}
	return func(ctx context.Context, vids []value.Value, reverse bool) ([]walkEdge, error) {
		types := job.leftTypes
		if reverse {
			types = job.rightTypes
		}
		edges, err := e.neighborEdges(ctx, job.space, vids, types, job.layouts, job.filter, keep)
		if err != nil {
			return nil, err
		}
		out := make([]walkEdge, len(edges))
		for i, ed := range edges {
			out[i] = walkEdge{from: ed.Src, to: ed.Dst, typ: ed.Type, name: ed.Name, rank: ed.Ranking, props: ed.Props}
		}
		return out, nil
	}
}

// fillPathProps replaces the bare vertices of paths with the vertices
// storage has (every tag, every property; a vertex that does not exist
// stays bare) and gives every step its edge's properties, as NebulaGraph's
// DataCollect of kind PathProp does.
func (e *executor) fillPathProps(ctx context.Context, job *pathCollectJob, paths []*value.Path) error {
	var vids []value.Value
	type key struct {
		src, dst string
		typ      int32
		rank     int64
	}
	edgeKeys := map[int32][]storage.EdgeKey{}
	seenEdge := map[key]bool{}
	for _, p := range paths {
		vids = append(vids, p.Src.VID)
		src := p.Src.VID
		for _, s := range p.Steps {
			vids = append(vids, s.Dst.VID)
			k := storage.EdgeKey{Src: src, Type: s.Type, Rank: s.Ranking, Dst: s.Dst.VID}
			if s.Type < 0 {
				k = storage.EdgeKey{Src: s.Dst.VID, Type: -s.Type, Rank: s.Ranking, Dst: src}
			}
			if kk := (key{vidKey(k.Src), vidKey(k.Dst), k.Type, k.Rank}); !seenEdge[kk] {
				seenEdge[kk] = true
				edgeKeys[k.Type] = append(edgeKeys[k.Type], k)
			}
			src = s.Dst.VID
		}
	}
	vertices, err := e.pathVertices(ctx, job.space, distinctVids(vids))
	if err != nil {
		return err
	}
	edgeProps := map[key]map[string]value.Value{}
	for _, sc := range job.edges {
		keys := edgeKeys[sc.ID]
		if len(keys) == 0 {
			continue
		}
		l := edgeLayout{typ: sc.ID, name: sc.Name, props: schemaProps(sc)}
		ds, err := e.x.engine.opts.Storage.GetEdgeProps(ctx, job.space, keys,
			&gstorage.GetPropRequest{EdgeProps: []*gstorage.EdgeProp{l.request()}})
		if err != nil {
			return storageError(err)
		}
		for _, r := range ds.Rows {
			if ed := l.edge(r.Values); ed != nil {
				edgeProps[key{vidKey(ed.Src), vidKey(ed.Dst), sc.ID, ed.Ranking}] = ed.Props
			}
		}
	}
	for _, p := range paths {
		src := p.Src.VID
		if v, ok := vertices[vidKey(src)]; ok {
			p.Src = *v
		}
		for i := range p.Steps {
			s := &p.Steps[i]
			dst := s.Dst.VID
			if v, ok := vertices[vidKey(dst)]; ok {
				s.Dst = *v
			}
			k := key{vidKey(src), vidKey(dst), s.Type, s.Ranking}
			if s.Type < 0 {
				k = key{vidKey(dst), vidKey(src), -s.Type, s.Ranking}
			}
			s.Props = edgeProps[k]
			src = dst
		}
	}
	return nil
}

// pathVertices reads vids with every tag and property; ids that are not
// vertices are left out.
func (e *executor) pathVertices(ctx context.Context, space int32, vids []value.Value) (map[string]*value.Vertex, error) {
	out := map[string]*value.Vertex{}
	if len(vids) == 0 {
		return out, nil
	}
	tags, err := e.x.engine.opts.Meta.Tags(space)
	if err != nil {
		return nil, err
	}
	layout := allTagsLayout(tags, true)
	if len(layout) == 0 {
		return out, nil
	}
	ds, err := e.x.engine.opts.Storage.GetVertexProps(ctx, space, vids, &gstorage.GetPropRequest{VertexProps: layout.request()})
	if err != nil {
		return nil, storageError(err)
	}
	for _, r := range ds.Rows {
		if len(r.Values) < 1+layout.width() {
			continue
		}
		if vx := layout.fromProps(r.Values[0], r.Values[1:]); vx != nil {
			out[vidKey(vx.VID)] = vx
		}
	}
	return out, nil
}

// allTagsLayout asks for every tag, with all its properties when props
// is set and with none otherwise.
func allTagsLayout(tags []*meta.Schema, props bool) vertexLayout {
	var l vertexLayout
	for _, t := range tags {
		l.addTag(t, props)
	}
	return l
}
