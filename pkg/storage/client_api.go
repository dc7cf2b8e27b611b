package storage

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/value"
)

// NewVertex is a vertex to insert with the values of some of its tags.
type NewVertex struct {
	VID  value.Value
	Tags []NewTag
}

// NewTag is one tag's values, in the order of the property names given to
// AddVertices (or in schema order).
type NewTag struct {
	Tag   int32
	Props []value.Value
}

// EdgeKey names one edge: a positive Type, from Src to Dst at Rank.
type EdgeKey struct {
	Src  value.Value
	Type int32
	Rank int64
	Dst  value.Value
}

// NewEdge is an edge to insert; its Props follow the property names given
// to AddEdges (or schema order).
type NewEdge struct {
	EdgeKey
	Props []value.Value
}

// UpdatedProp assigns the value of an expression (text, over the old row)
// to a property.
type UpdatedProp struct {
	Name string
	Expr string
}

// UpdateOptions qualify an update: Insertable makes it an upsert;
// Condition (expression text) must hold on the old row; Return lists
// expressions evaluated on the new row.
type UpdateOptions struct {
	Insertable bool
	Condition  string
	Return     []string
}

func toThrift(vs []value.Value) []*common.Value {
	out := make([]*common.Value, len(vs))
	for i, v := range vs {
		out[i] = value.ToThrift(v)
	}
	return out
}

func namesToBytes(ns []string) [][]byte {
	out := make([][]byte, len(ns))
	for i, n := range ns {
		out[i] = []byte(n)
	}
	return out
}

// AddVertices inserts vertices. propNames gives, per tag, the properties
// the values are for. A returned *Error lists the parts that failed.
func (c *Client) AddVertices(ctx context.Context, space int32, vs []NewVertex, propNames map[int32][]string, ifNotExists, ignoreExistedIndex bool) error {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return err
	}
	byPart := map[int32][]*gstorage.NewVertex_{}
	for _, v := range vs {
		p, err := partOf(d, codec, v.VID)
		if err != nil {
			return err
		}
		nv := &gstorage.NewVertex_{ID: value.ToThrift(v.VID), Tags: []*gstorage.NewTag_{}}
		for _, t := range v.Tags {
			nv.Tags = append(nv.Tags, &gstorage.NewTag_{TagID: common.TagID(t.Tag), Props: toThrift(t.Props)})
		}
		byPart[p] = append(byPart[p], nv)
	}
	names := map[common.TagID][][]byte{}
	for t, ns := range propNames {
		names[common.TagID(t)] = namesToBytes(ns)
	}
	return c.fanOut(ctx, space, slices.Sorted(mapKeys(byPart)), true, func(ctx context.Context, cn *conn, parts []int32) (*gstorage.ResponseCommon, error) {
		req := &gstorage.AddVerticesRequest{SpaceID: common.GraphSpaceID(space), Parts: map[common.PartitionID][]*gstorage.NewVertex_{},
			PropNames: names, IfNotExists: ifNotExists, IgnoreExistedIndex: ignoreExistedIndex}
		for _, p := range parts {
			req.Parts[common.PartitionID(p)] = byPart[p]
		}
		resp, err := cn.graph.AddVertices(ctx, req)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), nil
	})
}

// edgeKeys returns both stored keys of an edge with their parts: the
// out-key in src's part and the in-key in dst's.
func edgeKeys(d SpaceDesc, c *Client, k EdgeKey) (outPart, inPart int32, out, in *gstorage.EdgeKey, err error) {
	if k.Type <= 0 {
		return 0, 0, nil, nil, fmt.Errorf("edge type %d: want the positive type: %w", k.Type, ErrInvalidRequest)
	}
	_, codec, err := c.spaceCodec(d.ID)
	if err != nil {
		return 0, 0, nil, nil, err
	}
	if outPart, err = partOf(d, codec, k.Src); err != nil {
		return 0, 0, nil, nil, err
	}
	if inPart, err = partOf(d, codec, k.Dst); err != nil {
		return 0, 0, nil, nil, err
	}
	src, dst := value.ToThrift(k.Src), value.ToThrift(k.Dst)
	out = &gstorage.EdgeKey{Src: src, EdgeType: common.EdgeType(k.Type), Ranking: common.EdgeRanking(k.Rank), Dst: dst}
	in = &gstorage.EdgeKey{Src: dst, EdgeType: common.EdgeType(-k.Type), Ranking: common.EdgeRanking(k.Rank), Dst: src}
	return outPart, inPart, out, in, nil
}

// AddEdges inserts edges, writing each one's out-key and in-key (in their
// own partitions, not atomically together, as NebulaGraph does).
func (c *Client) AddEdges(ctx context.Context, space int32, es []NewEdge, propNames []string, ifNotExists, ignoreExistedIndex bool) error {
	d, err := c.meta.Space(space)
	if err != nil {
		return err
	}
	byPart := map[int32][]*gstorage.NewEdge_{}
	for _, e := range es {
		op, ip, out, in, err := edgeKeys(d, c, e.EdgeKey)
		if err != nil {
			return err
		}
		props := toThrift(e.Props)
		byPart[op] = append(byPart[op], &gstorage.NewEdge_{Key: out, Props: props})
		byPart[ip] = append(byPart[ip], &gstorage.NewEdge_{Key: in, Props: props})
	}
	var names [][]byte
	if propNames != nil {
		names = namesToBytes(propNames)
	}
	return c.fanOut(ctx, space, slices.Sorted(mapKeys(byPart)), true, func(ctx context.Context, cn *conn, parts []int32) (*gstorage.ResponseCommon, error) {
		req := &gstorage.AddEdgesRequest{SpaceID: common.GraphSpaceID(space), Parts: map[common.PartitionID][]*gstorage.NewEdge_{},
			PropNames: names, IfNotExists: ifNotExists, IgnoreExistedIndex: ignoreExistedIndex}
		for _, p := range parts {
			req.Parts[common.PartitionID(p)] = byPart[p]
		}
		resp, err := cn.graph.AddEdges(ctx, req)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), nil
	})
}

// DeleteEdges deletes edges: both keys of each.
func (c *Client) DeleteEdges(ctx context.Context, space int32, keys []EdgeKey) error {
	d, err := c.meta.Space(space)
	if err != nil {
		return err
	}
	byPart := map[int32][]*gstorage.EdgeKey{}
	for _, k := range keys {
		op, ip, out, in, err := edgeKeys(d, c, k)
		if err != nil {
			return err
		}
		byPart[op] = append(byPart[op], out)
		byPart[ip] = append(byPart[ip], in)
	}
	return c.fanOut(ctx, space, slices.Sorted(mapKeys(byPart)), true, func(ctx context.Context, cn *conn, parts []int32) (*gstorage.ResponseCommon, error) {
		req := &gstorage.DeleteEdgesRequest{SpaceID: common.GraphSpaceID(space), Parts: map[common.PartitionID][]*gstorage.EdgeKey{}}
		for _, p := range parts {
			req.Parts[common.PartitionID(p)] = byPart[p]
		}
		resp, err := cn.graph.DeleteEdges(ctx, req)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), nil
	})
}

// DeleteVertices deletes vertices (their tags and tag index entries). With
// withEdges it first finds every edge of theirs in both directions and
// deletes both keys of each, as NebulaGraph's DELETE VERTEX ... WITH EDGE.
func (c *Client) DeleteVertices(ctx context.Context, space int32, vids []value.Value, withEdges bool) error {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return err
	}
	if withEdges {
		keys, err := c.edgesOf(ctx, space, vids)
		if err != nil {
			return err
		}
		if len(keys) > 0 {
			if err := c.DeleteEdges(ctx, space, keys); err != nil {
				return err
			}
		}
	}
	byPart, parts, err := groupVIDs(d, codec, vids)
	if err != nil {
		return err
	}
	return c.fanOut(ctx, space, parts, true, func(ctx context.Context, cn *conn, ps []int32) (*gstorage.ResponseCommon, error) {
		req := &gstorage.DeleteVerticesRequest{SpaceID: common.GraphSpaceID(space), Parts: map[common.PartitionID][]*common.Value{}}
		for _, p := range ps {
			req.Parts[common.PartitionID(p)] = toThrift(byPart[p])
		}
		resp, err := cn.graph.DeleteVertices(ctx, req)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), nil
	})
}

// edgesOf returns the logical keys of every edge touching the vertices.
func (c *Client) edgesOf(ctx context.Context, space int32, vids []value.Value) ([]EdgeKey, error) {
	edges, err := c.meta.Edges(space)
	if err != nil {
		return nil, err
	}
	if len(edges) == 0 {
		return nil, nil
	}
	spec := &gstorage.TraverseSpec{EdgeDirection: gstorage.EdgeDirection_BOTH, VertexProps: []*gstorage.VertexProp{}}
	builtins := namesToBytes([]string{propSrc, propType, propRank, propDst})
	for _, e := range edges {
		for _, t := range []int32{e.ID, -e.ID} {
			spec.EdgeTypes = append(spec.EdgeTypes, common.EdgeType(t))
			spec.EdgeProps = append(spec.EdgeProps, &gstorage.EdgeProp{Type: common.EdgeType(t), Props: builtins})
		}
	}
	ds, err := c.GetNeighbors(ctx, space, vids, spec)
	if err != nil {
		return nil, err
	}
	var keys []EdgeKey
	seen := map[string]bool{}
	for _, row := range ds.Rows {
		for _, cell := range row.Values[2 : len(row.Values)-1] {
			if cell.Kind() != value.KindList {
				continue
			}
			for _, e := range cell.List() {
				f := e.List()
				k := EdgeKey{Src: f[0], Type: int32(f[1].Int()), Rank: f[2].Int(), Dst: f[3]}
				if k.Type < 0 {
					k.Src, k.Dst, k.Type = k.Dst, k.Src, -k.Type
				}
				id := fmt.Sprintf("%v\x00%d\x00%d\x00%v", k.Src, k.Type, k.Rank, k.Dst)
				if !seen[id] {
					seen[id] = true
					keys = append(keys, k)
				}
			}
		}
	}
	return keys, nil
}

// DeleteTags deletes the given tags of vertices.
func (c *Client) DeleteTags(ctx context.Context, space int32, vids []value.Value, tags []int32) error {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return err
	}
	byPart, parts, err := groupVIDs(d, codec, vids)
	if err != nil {
		return err
	}
	ts := make([]common.TagID, len(tags))
	for i, t := range tags {
		ts[i] = common.TagID(t)
	}
	return c.fanOut(ctx, space, parts, true, func(ctx context.Context, cn *conn, ps []int32) (*gstorage.ResponseCommon, error) {
		req := &gstorage.DeleteTagsRequest{SpaceID: common.GraphSpaceID(space), Parts: map[common.PartitionID][]*gstorage.DelTags{}}
		for _, p := range ps {
			for _, v := range byPart[p] {
				req.Parts[common.PartitionID(p)] = append(req.Parts[common.PartitionID(p)], &gstorage.DelTags{ID: value.ToThrift(v), Tags: ts})
			}
		}
		resp, err := cn.graph.DeleteTags(ctx, req)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), nil
	})
}

// GetNeighbors expands vertices as spec says (see storage.thrift for the
// result's columns). Rows of the parts that answered are returned even
// when others failed (then with an *Error).
func (c *Client) GetNeighbors(ctx context.Context, space int32, vids []value.Value, spec *gstorage.TraverseSpec) (*value.DataSet, error) {
	ds, _, err := c.GetNeighborsDst(ctx, space, vids, spec)
	return ds, err
}

// GetNeighborsDst is GetNeighbors that also returns the dst_props rows
// the host answered (spec.DstProps): one per destination whose partition
// it leads, _vid first. Only a call that one host answers whole asks for
// them: when several hosts answer, each one's destinations are spread over
// every host's partitions, so the GetProps that follows still goes to all
// of them and would save no round trip for the extra reads. A destination
// may have two rows when a leader moved during the call.
func (c *Client) GetNeighborsDst(ctx context.Context, space int32, vids []value.Value, spec *gstorage.TraverseSpec) (ds, dst *value.DataSet, err error) {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return nil, nil, err
	}
	byPart, parts, err := groupVIDs(d, codec, vids)
	if err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	ds, dst = &value.DataSet{}, &value.DataSet{}
	err = c.fanOut(ctx, space, parts, true, func(ctx context.Context, cn *conn, ps []int32) (*gstorage.ResponseCommon, error) {
		req := &gstorage.GetNeighborsRequest{SpaceID: common.GraphSpaceID(space), Parts: map[common.PartitionID][]*common.Value{}, TraverseSpec: spec}
		if spec.IsSetDstProps() && len(ps) < len(parts) {
			one := *spec
			one.DstProps = nil
			req.TraverseSpec = &one
		}
		for _, p := range ps {
			req.Parts[common.PartitionID(p)] = toThrift(byPart[p])
		}
		res, err := callDataSet(ctx, cn, "getNeighbors", true, &gstorage.GraphStorageServiceGetNeighborsArgs{Req: req})
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		mergeRows(ds, res.ds)
		mergeRows(dst, res.dst)
		return res.common, nil
	})
	return ds, dst, err
}

// GetDstBySrc returns the distinct destinations (column _dst) of the
// vertices' edges of the given signed types.
func (c *Client) GetDstBySrc(ctx context.Context, space int32, vids []value.Value, edgeTypes []int32) (*value.DataSet, error) {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return nil, err
	}
	byPart, parts, err := groupVIDs(d, codec, vids)
	if err != nil {
		return nil, err
	}
	types := make([]common.EdgeType, len(edgeTypes))
	for i, t := range edgeTypes {
		types[i] = common.EdgeType(t)
	}
	var mu sync.Mutex
	ds := &value.DataSet{}
	err = c.fanOut(ctx, space, parts, true, func(ctx context.Context, cn *conn, ps []int32) (*gstorage.ResponseCommon, error) {
		req := &gstorage.GetDstBySrcRequest{SpaceID: common.GraphSpaceID(space), Parts: map[common.PartitionID][]*common.Value{}, EdgeTypes: types}
		for _, p := range ps {
			req.Parts[common.PartitionID(p)] = toThrift(byPart[p])
		}
		resp, err := cn.graph.GetDstBySrc(ctx, req)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), mergeInto(&mu, ds, resp.GetDsts())
	})
	return ds, err
}

// getProps fans a GetPropRequest template out over keyed rows.
func (c *Client) getProps(ctx context.Context, space int32, rows map[int32][]*common.Row, tmpl *gstorage.GetPropRequest) (*value.DataSet, error) {
	var mu sync.Mutex
	ds := &value.DataSet{}
	err := c.fanOut(ctx, space, slices.Sorted(mapKeys(rows)), true, func(ctx context.Context, cn *conn, ps []int32) (*gstorage.ResponseCommon, error) {
		req := *tmpl
		req.SpaceID = common.GraphSpaceID(space)
		req.Parts = map[common.PartitionID][]*common.Row{}
		for _, p := range ps {
			req.Parts[common.PartitionID(p)] = rows[p]
		}
		res, err := callDataSet(ctx, cn, "getProps", false, &gstorage.GraphStorageServiceGetPropsArgs{Req: &req})
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		mergeRows(ds, res.ds)
		return res.common, nil
	})
	return ds, err
}

// GetVertexProps reads properties of vertices; tmpl says which (its
// VertexProps, Expressions, Filter, Dedup, Limit; Parts is filled here).
func (c *Client) GetVertexProps(ctx context.Context, space int32, vids []value.Value, tmpl *gstorage.GetPropRequest) (*value.DataSet, error) {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return nil, err
	}
	byPart, _, err := groupVIDs(d, codec, vids)
	if err != nil {
		return nil, err
	}
	// One allocation each for all the rows, cells and values: a $$ join
	// asks for thousands of vertices.
	rowBuf := make([]common.Row, len(vids))
	cellBuf := make([]*common.Value, len(vids))
	valBuf := make([]common.Value, len(vids))
	rows := make(map[int32][]*common.Row, len(byPart))
	i := 0
	for p, vs := range byPart {
		list := make([]*common.Row, len(vs))
		for j, v := range vs {
			value.FillThrift(&valBuf[i], v)
			cellBuf[i] = &valBuf[i]
			rowBuf[i].Values = cellBuf[i : i+1 : i+1]
			list[j] = &rowBuf[i]
			i++
		}
		rows[p] = list
	}
	return c.getProps(ctx, space, rows, tmpl)
}

// GetEdgeProps reads properties of edges (by their out-keys); tmpl says
// which (EdgeProps, ...).
func (c *Client) GetEdgeProps(ctx context.Context, space int32, keys []EdgeKey, tmpl *gstorage.GetPropRequest) (*value.DataSet, error) {
	d, codec, err := c.spaceCodec(space)
	if err != nil {
		return nil, err
	}
	rows := map[int32][]*common.Row{}
	for _, k := range keys {
		p, err := partOf(d, codec, k.Src)
		if err != nil {
			return nil, err
		}
		rows[p] = append(rows[p], &common.Row{Values: []*common.Value{
			value.ToThrift(k.Src), value.ToThrift(value.NewInt(int64(k.Type))),
			value.ToThrift(value.NewInt(k.Rank)), value.ToThrift(k.Dst),
		}})
	}
	return c.getProps(ctx, space, rows, tmpl)
}

func updatedProps(props []UpdatedProp) []*gstorage.UpdatedProp {
	out := make([]*gstorage.UpdatedProp, len(props))
	for i, p := range props {
		out[i] = &gstorage.UpdatedProp{Name: []byte(p.Name), Value: []byte(p.Expr)}
	}
	return out
}

// single runs a one-part request with the client's routing and retries.
func (c *Client) single(ctx context.Context, space, part int32, send func(ctx context.Context, cn *conn) (*gstorage.ResponseCommon, error)) error {
	return c.fanOut(ctx, space, []int32{part}, false, func(ctx context.Context, cn *conn, _ []int32) (*gstorage.ResponseCommon, error) {
		return send(ctx, cn)
	})
}

// UpdateVertex updates (or, with Insertable, upserts) one tag of a vertex;
// the result has _inserted then the Return expressions.
func (c *Client) UpdateVertex(ctx context.Context, space int32, vid value.Value, tag int32, props []UpdatedProp, o UpdateOptions) (*value.DataSet, error) {
	part, err := c.PartOf(space, vid)
	if err != nil {
		return nil, err
	}
	req := &gstorage.UpdateVertexRequest{
		SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(part), VertexID: value.ToThrift(vid),
		TagID: common.TagID(tag), UpdatedProps: updatedProps(props), Insertable: o.Insertable,
		ReturnProps: namesToBytes(o.Return),
	}
	if o.Condition != "" {
		req.Condition = []byte(o.Condition)
	}
	var out *value.DataSet
	err = c.single(ctx, space, part, func(ctx context.Context, cn *conn) (*gstorage.ResponseCommon, error) {
		resp, err := cn.graph.UpdateVertex(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.IsSetProps() {
			if out, err = value.DataSetFromThrift(resp.GetProps()); err != nil {
				return nil, err
			}
		}
		return resp.GetResult_(), nil
	})
	return out, err
}

// UpdateEdge updates (or upserts) an edge: its out-key under the condition,
// then its in-key with the same assignments.
func (c *Client) UpdateEdge(ctx context.Context, space int32, key EdgeKey, props []UpdatedProp, o UpdateOptions) (*value.DataSet, error) {
	d, err := c.meta.Space(space)
	if err != nil {
		return nil, err
	}
	op, ip, out, in, err := edgeKeys(d, c, key)
	if err != nil {
		return nil, err
	}
	req := &gstorage.UpdateEdgeRequest{
		SpaceID: common.GraphSpaceID(space), PartID: common.PartitionID(op), EdgeKey: out,
		UpdatedProps: updatedProps(props), Insertable: o.Insertable, ReturnProps: namesToBytes(o.Return),
	}
	if o.Condition != "" {
		req.Condition = []byte(o.Condition)
	}
	var res *value.DataSet
	err = c.single(ctx, space, op, func(ctx context.Context, cn *conn) (*gstorage.ResponseCommon, error) {
		resp, err := cn.graph.UpdateEdge(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.IsSetProps() {
			if res, err = value.DataSetFromThrift(resp.GetProps()); err != nil {
				return nil, err
			}
		}
		return resp.GetResult_(), nil
	})
	if err != nil {
		return res, err
	}
	inReq := *req
	inReq.PartID, inReq.EdgeKey, inReq.Condition, inReq.ReturnProps = common.PartitionID(ip), in, nil, nil
	err = c.single(ctx, space, ip, func(ctx context.Context, cn *conn) (*gstorage.ResponseCommon, error) {
		resp, err := cn.graph.UpdateEdge(ctx, &inReq)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), nil
	})
	return res, err
}

// LookupIndex scans an index over every part of the space (req's Parts is
// filled here, and an unset Indices.SchemaID too: storage takes the schema
// from the index).
func (c *Client) LookupIndex(ctx context.Context, space int32, req *gstorage.LookupIndexRequest) (*value.DataSet, error) {
	d, err := c.meta.Space(space)
	if err != nil {
		return nil, err
	}
	parts := make([]int32, d.PartNum)
	for i := range parts {
		parts[i] = int32(i + 1)
	}
	if spec := req.GetIndices(); spec != nil && spec.SchemaID == nil {
		// The union must be set on the wire; storage reads the schema from
		// the index.
		s := *spec
		zero := common.TagID(0)
		s.SchemaID = &common.SchemaID{TagID: &zero}
		r := *req
		r.Indices = &s
		req = &r
	}
	var mu sync.Mutex
	ds := &value.DataSet{}
	err = c.fanOut(ctx, space, parts, true, func(ctx context.Context, cn *conn, ps []int32) (*gstorage.ResponseCommon, error) {
		r := *req
		r.SpaceID = common.GraphSpaceID(space)
		r.Parts = make([]common.PartitionID, len(ps))
		for i, p := range ps {
			r.Parts[i] = common.PartitionID(p)
		}
		resp, err := cn.graph.LookupIndex(ctx, &r)
		if err != nil {
			return nil, err
		}
		return resp.GetResult_(), mergeInto(&mu, ds, resp.GetData())
	})
	return ds, err
}

// ScanVertex reads up to limit vertices of one part from cursor (nil: the
// start); it returns the rows and the next cursor (nil when the part is
// done).
func (c *Client) ScanVertex(ctx context.Context, space, part int32, cursor []byte, cols []*gstorage.VertexProp, limit int64, filter string) (*value.DataSet, []byte, error) {
	req := &gstorage.ScanVertexRequest{SpaceID: common.GraphSpaceID(space), ReturnColumns: cols, Limit: limit,
		Parts: map[common.PartitionID]*gstorage.ScanCursor{common.PartitionID(part): {NextCursor: cursor}}}
	if filter != "" {
		req.Filter = []byte(filter)
	}
	var ds *value.DataSet
	var next []byte
	err := c.single(ctx, space, part, func(ctx context.Context, cn *conn) (*gstorage.ResponseCommon, error) {
		resp, err := cn.graph.ScanVertex(ctx, req)
		if err != nil {
			return nil, err
		}
		if ds, err = value.DataSetFromThrift(resp.GetProps()); err != nil {
			return nil, err
		}
		if cur := resp.GetCursors()[common.PartitionID(part)]; cur != nil {
			// A part scanned to its end may answer no cursor at all.
			next = cur.GetNextCursor()
		}
		return resp.GetResult_(), nil
	})
	return ds, next, err
}

// ScanEdge is ScanVertex for out-edges.
func (c *Client) ScanEdge(ctx context.Context, space, part int32, cursor []byte, cols []*gstorage.EdgeProp, limit int64, filter string) (*value.DataSet, []byte, error) {
	req := &gstorage.ScanEdgeRequest{SpaceID: common.GraphSpaceID(space), ReturnColumns: cols, Limit: limit,
		Parts: map[common.PartitionID]*gstorage.ScanCursor{common.PartitionID(part): {NextCursor: cursor}}}
	if filter != "" {
		req.Filter = []byte(filter)
	}
	var ds *value.DataSet
	var next []byte
	err := c.single(ctx, space, part, func(ctx context.Context, cn *conn) (*gstorage.ResponseCommon, error) {
		resp, err := cn.graph.ScanEdge(ctx, req)
		if err != nil {
			return nil, err
		}
		if ds, err = value.DataSetFromThrift(resp.GetProps()); err != nil {
			return nil, err
		}
		if cur := resp.GetCursors()[common.PartitionID(part)]; cur != nil {
			// A part scanned to its end may answer no cursor at all.
			next = cur.GetNextCursor()
		}
		return resp.GetResult_(), nil
	})
	return ds, next, err
}
