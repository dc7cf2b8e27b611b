package storage

import (
	"context"
	"errors"
	"net"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/raftex"
	"github.com/novagraph/novagraph/pkg/value"
)

// Service is the GraphStorageService handler over a Store: each request's
// partitions are served concurrently (a write's each on its own goroutine,
// a read's on up to GOMAXPROCS), and every
// partition's failure is reported in the response rather than failing the
// call. It is safe for concurrent use.
type Service struct {
	store   *Store
	metrics *metrics
}

var _ storage.GraphStorageService = (*Service)(nil)

// partFailure is the outcome of one failed partition.
type partFailure struct {
	part   int32
	code   common.ErrorCode
	leader string
	msg    string
}

func itoa(i int32) string { return strconv.Itoa(int(i)) }

// failureOf classifies a partition's error.
func (s *Service) failureOf(pid int32, err error) partFailure {
	f := partFailure{part: pid, code: codeOf(err), msg: err.Error()}
	var nl *raftex.NotLeaderError
	if errors.As(err, &nl) && nl.Leader != "" {
		if addr, err := StorageAddr(nl.Leader); err == nil {
			f.leader = addr
		}
	}
	return f
}

// forParts runs fn for every part of a write concurrently and returns the
// failures: each part waits on its own raft round.
func (s *Service) forParts(ctx context.Context, parts []int32, fn func(ctx context.Context, pid int32, slot int) error) []partFailure {
	return s.runParts(ctx, parts, len(parts), fn)
}

// readParts runs fn for every part of a read on at most GOMAXPROCS
// goroutines, the caller's among them, and returns the failures. A read
// is CPU work on local data (under a leader lease), so more goroutines
// than cores only add start-up and stack growth: a GetProps of a few
// hundred vertices touches every part the host leads. keys is the number
// of vertices or keys the request reads in all (<0: not known); a small
// read, such as a GO 1 STEP's destinations, runs on the caller's
// goroutine alone, where a second one would cost its start and the
// wake-up of another thread for a few microseconds of reading.
func (s *Service) readParts(ctx context.Context, parts []int32, keys int, fn func(ctx context.Context, pid int32, slot int) error) []partFailure {
	workers := min(len(parts), runtime.GOMAXPROCS(0))
	if keys >= 0 && keys < smallRead {
		workers = 1
	}
	return s.runParts(ctx, parts, workers, fn)
}

// smallRead is the number of keys under which a read's parts run one
// after the other on the caller's goroutine.
const smallRead = 64

func (s *Service) runParts(ctx context.Context, parts []int32, workers int, fn func(ctx context.Context, pid int32, slot int) error) []partFailure {
	var mu sync.Mutex
	var failed []partFailure
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(parts) {
				return
			}
			if err := fn(ctx, parts[i], i); err != nil {
				f := s.failureOf(parts[i], err)
				mu.Lock()
				failed = append(failed, f)
				mu.Unlock()
			}
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
	return failed
}

// hostAddr converts "host:port" for the wire.
func hostAddr(addr string) *common.HostAddr {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return &common.HostAddr{Host: addr}
	}
	p, _ := strconv.Atoi(port)
	return &common.HostAddr{Host: host, Port: common.Port(p)}
}

// respCommon builds the ResponseCommon of a request.
func (s *Service) respCommon(method string, start time.Time, failed []partFailure) *storage.ResponseCommon {
	if s.metrics != nil {
		s.metrics.observe(method, start, failed)
	}
	rc := &storage.ResponseCommon{FailedParts: []*storage.PartitionResult_{}, LatencyInUs: time.Since(start).Microseconds()}
	for _, f := range failed {
		pr := &storage.PartitionResult_{Code: f.code, PartID: common.PartitionID(f.part), ErrorMsg: []byte(f.msg)}
		if f.leader != "" {
			pr.Leader = hostAddr(f.leader)
		}
		rc.FailedParts = append(rc.FailedParts, pr)
	}
	return rc
}

// failAll reports err for every part.
func failAll[K ~int32](s *Service, parts []K, err error) []partFailure {
	out := make([]partFailure, len(parts))
	for i, p := range parts {
		out[i] = s.failureOf(int32(p), err)
	}
	return out
}

func partIDs[K ~int32, V any](m map[K]V) []int32 {
	out := make([]int32, 0, len(m))
	for p := range m {
		out = append(out, int32(p))
	}
	return out
}

// partKeys is the number of keys of a request's parts.
func partKeys[K ~int32, V any](m map[K][]V) int {
	n := 0
	for _, keys := range m {
		n += len(keys)
	}
	return n
}

// mergeSets concatenates per-part results in part order.
func mergeSets(cols []string, sets []*value.DataSet) *common.DataSet {
	return value.DataSetToThrift(mergeValues(cols, sets))
}

// mergeValues is mergeSets in value form.
func mergeValues(cols []string, sets []*value.DataSet) *value.DataSet {
	n := 0
	for _, s := range sets {
		if s != nil {
			n += len(s.Rows)
		}
	}
	ds := &value.DataSet{ColNames: cols, Rows: make([]value.Row, 0, n)}
	for _, s := range sets {
		if s != nil {
			ds.Rows = append(ds.Rows, s.Rows...)
		}
	}
	return ds
}

func vidsFromThrift(ts []*common.Value) ([]value.Value, error) {
	out := make([]value.Value, len(ts))
	for i, t := range ts {
		v, err := value.FromThrift(t)
		if err != nil {
			return nil, errors.Join(ErrInvalidVID, err)
		}
		out[i] = v
	}
	return out, nil
}

// GetNeighbors implements storage.GraphStorageService.
func (s *Service) GetNeighbors(ctx context.Context, req *storage.GetNeighborsRequest) (*storage.GetNeighborsResponse, error) {
	rc, ds, dst := s.getNeighbors(ctx, req)
	resp := &storage.GetNeighborsResponse{Result_: rc}
	if ds != nil {
		resp.Vertices = value.DataSetToThrift(ds)
	}
	if dst != nil {
		resp.DstProps = value.DataSetToThrift(dst)
	}
	return resp, nil
}

// getNeighbors is GetNeighbors with the answer's data sets as values (nil
// when the request failed as a whole; dst nil without dst_props).
func (s *Service) getNeighbors(ctx context.Context, req *storage.GetNeighborsRequest) (rc *storage.ResponseCommon, ds, dst *value.DataSet) {
	start := time.Now()
	space := int32(req.GetSpaceID())
	parts := partIDs(req.GetParts())
	cat, err := s.store.readCatalog(space)
	var pl *neighborsPlan
	if err == nil {
		pl, err = compileNeighbors(cat, req.GetTraverseSpec(), req.GetColumnNames())
	}
	if err != nil {
		return s.respCommon("getNeighbors", start, failAll(s, parts, err)), nil, nil
	}
	sets := make([]*value.DataSet, len(parts))
	dsts := make([][]value.Value, len(parts))
	failed := s.readParts(ctx, parts, partKeys(req.GetParts()), func(ctx context.Context, pid int32, slot int) error {
		vids, err := vidsFromThrift(req.GetParts()[common.PartitionID(pid)])
		if err != nil {
			return err
		}
		ds := &value.DataSet{}
		kept, err := s.store.getNeighborsPart(ctx, space, pid, pl, vids, ds)
		if err != nil {
			return err
		}
		sets[slot], dsts[slot] = ds, kept
		return nil
	})
	if pl.dst != nil {
		dst = s.dstProps(ctx, space, pl.dst, dsts)
	}
	return s.respCommon("getNeighbors", start, failed), mergeValues(pl.colNames, sets), dst
}

// GetDstBySrc implements storage.GraphStorageService.
func (s *Service) GetDstBySrc(ctx context.Context, req *storage.GetDstBySrcRequest) (*storage.GetDstBySrcResponse, error) {
	start := time.Now()
	space := int32(req.GetSpaceID())
	parts := partIDs(req.GetParts())
	cat, err := s.store.readCatalog(space)
	var types []int32
	if err == nil {
		for _, t := range req.GetEdgeTypes() {
			if _, err = cat.edge(int32(t)); err != nil {
				break
			}
			types = append(types, int32(t))
		}
	}
	if err != nil {
		return &storage.GetDstBySrcResponse{Result_: s.respCommon("getDstBySrc", start, failAll(s, parts, err))}, nil
	}
	sets := make([]*value.DataSet, len(parts))
	failed := s.readParts(ctx, parts, partKeys(req.GetParts()), func(ctx context.Context, pid int32, slot int) error {
		vids, err := vidsFromThrift(req.GetParts()[common.PartitionID(pid)])
		if err != nil {
			return err
		}
		ds := &value.DataSet{}
		if err := s.store.getDstBySrcPart(ctx, space, pid, cat, types, vids, map[uint64][]value.Value{}, ds); err != nil {
			return err
		}
		sets[slot] = ds
		return nil
	})
	return &storage.GetDstBySrcResponse{
		Result_: s.respCommon("getDstBySrc", start, failed),
		Dsts:    mergeSets([]string{propDst}, sets),
	}, nil
}

// GetProps implements storage.GraphStorageService.
func (s *Service) GetProps(ctx context.Context, req *storage.GetPropRequest) (*storage.GetPropResponse, error) {
	rc, ds := s.getProps(ctx, req)
	resp := &storage.GetPropResponse{Result_: rc}
	if ds != nil {
		resp.Props = value.DataSetToThrift(ds)
	}
	return resp, nil
}

// getProps is GetProps with the answer's data set as values (nil when the
// request failed as a whole).
func (s *Service) getProps(ctx context.Context, req *storage.GetPropRequest) (*storage.ResponseCommon, *value.DataSet) {
	start := time.Now()
	space := int32(req.GetSpaceID())
	parts := partIDs(req.GetParts())
	cat, err := s.store.readCatalog(space)
	var pl *propsPlan
	if err == nil {
		pl, err = compileProps(cat, req)
	}
	if err != nil {
		return s.respCommon("getProps", start, failAll(s, parts, err)), nil
	}
	sets := make([]*value.DataSet, len(parts))
	failed := s.readParts(ctx, parts, partKeys(req.GetParts()), func(ctx context.Context, pid int32, slot int) error {
		trows := req.GetParts()[common.PartitionID(pid)]
		rows := make([]*value.Row, len(trows))
		for i, tr := range trows {
			vals, err := vidsFromThrift(tr.GetValues())
			if err != nil {
				return err
			}
			rows[i] = &value.Row{Values: vals}
		}
		ds := &value.DataSet{}
		if err := s.store.getPropsPart(ctx, space, pid, pl, rows, ds); err != nil {
			return err
		}
		sets[slot] = ds
		return nil
	})
	return s.respCommon("getProps", start, failed), mergeValues(pl.colNames, sets)
}

// exec runs a write on every part of a request.
func (s *Service) exec(ctx context.Context, method string, parts []int32, fn func(ctx context.Context, pid int32) error) *storage.ExecResponse {
	start := time.Now()
	failed := s.forParts(ctx, parts, func(ctx context.Context, pid int32, _ int) error { return fn(ctx, pid) })
	return &storage.ExecResponse{Result_: s.respCommon(method, start, failed)}
}

// AddVertices implements storage.GraphStorageService.
func (s *Service) AddVertices(ctx context.Context, req *storage.AddVerticesRequest) (*storage.ExecResponse, error) {
	return s.exec(ctx, "addVertices", partIDs(req.GetParts()), func(ctx context.Context, pid int32) error {
		return s.store.AddVertices(ctx, int32(req.GetSpaceID()), pid, req.GetParts()[common.PartitionID(pid)],
			req.GetPropNames(), req.GetIfNotExists(), req.GetIgnoreExistedIndex())
	}), nil
}

// AddEdges implements storage.GraphStorageService.
func (s *Service) AddEdges(ctx context.Context, req *storage.AddEdgesRequest) (*storage.ExecResponse, error) {
	return s.exec(ctx, "addEdges", partIDs(req.GetParts()), func(ctx context.Context, pid int32) error {
		return s.store.AddEdges(ctx, int32(req.GetSpaceID()), pid, req.GetParts()[common.PartitionID(pid)],
			req.GetPropNames(), req.GetIfNotExists(), req.GetIgnoreExistedIndex())
	}), nil
}

// DeleteEdges implements storage.GraphStorageService.
func (s *Service) DeleteEdges(ctx context.Context, req *storage.DeleteEdgesRequest) (*storage.ExecResponse, error) {
	return s.exec(ctx, "deleteEdges", partIDs(req.GetParts()), func(ctx context.Context, pid int32) error {
		return s.store.DeleteEdges(ctx, int32(req.GetSpaceID()), pid, req.GetParts()[common.PartitionID(pid)])
	}), nil
}

// DeleteVertices implements storage.GraphStorageService.
func (s *Service) DeleteVertices(ctx context.Context, req *storage.DeleteVerticesRequest) (*storage.ExecResponse, error) {
	return s.exec(ctx, "deleteVertices", partIDs(req.GetParts()), func(ctx context.Context, pid int32) error {
		return s.store.DeleteVertices(ctx, int32(req.GetSpaceID()), pid, req.GetParts()[common.PartitionID(pid)])
	}), nil
}

// DeleteTags implements storage.GraphStorageService.
func (s *Service) DeleteTags(ctx context.Context, req *storage.DeleteTagsRequest) (*storage.ExecResponse, error) {
	return s.exec(ctx, "deleteTags", partIDs(req.GetParts()), func(ctx context.Context, pid int32) error {
		return s.store.DeleteTags(ctx, int32(req.GetSpaceID()), pid, req.GetParts()[common.PartitionID(pid)])
	}), nil
}

// UpdateVertex implements storage.GraphStorageService.
func (s *Service) UpdateVertex(ctx context.Context, req *storage.UpdateVertexRequest) (*storage.UpdateResponse, error) {
	start := time.Now()
	ds, err := s.store.UpdateVertex(ctx, req)
	return s.updateResponse("updateVertex", start, int32(req.GetPartID()), ds, err), nil
}

// UpdateEdge implements storage.GraphStorageService.
func (s *Service) UpdateEdge(ctx context.Context, req *storage.UpdateEdgeRequest) (*storage.UpdateResponse, error) {
	start := time.Now()
	ds, err := s.store.UpdateEdge(ctx, req)
	return s.updateResponse("updateEdge", start, int32(req.GetPartID()), ds, err), nil
}

func (s *Service) updateResponse(method string, start time.Time, pid int32, ds *value.DataSet, err error) *storage.UpdateResponse {
	var failed []partFailure
	if err != nil {
		failed = []partFailure{s.failureOf(pid, err)}
	}
	resp := &storage.UpdateResponse{Result_: s.respCommon(method, start, failed)}
	if ds != nil {
		resp.Props = value.DataSetToThrift(ds)
	}
	return resp
}

// scan runs a scan over the request's parts, each from its cursor.
func (s *Service) scan(ctx context.Context, method string, space int32, cursors map[common.PartitionID]*storage.ScanCursor,
	pl *scanPlan, err error, fn func(ctx context.Context, pid int32, cursor []byte, ds *value.DataSet) ([]byte, error)) *storage.ScanResponse {
	start := time.Now()
	parts := partIDs(cursors)
	if err != nil {
		return &storage.ScanResponse{Result_: s.respCommon(method, start, failAll(s, parts, err)), Cursors: map[common.PartitionID]*storage.ScanCursor{}}
	}
	sets := make([]*value.DataSet, len(parts))
	next := make([][]byte, len(parts))
	failed := s.readParts(ctx, parts, -1, func(ctx context.Context, pid int32, slot int) error {
		ds := &value.DataSet{}
		c, err := fn(ctx, pid, cursors[common.PartitionID(pid)].GetNextCursor(), ds)
		if err != nil {
			return err
		}
		sets[slot], next[slot] = ds, c
		return nil
	})
	resp := &storage.ScanResponse{
		Result_: s.respCommon(method, start, failed),
		Props:   mergeSets(pl.colNames, sets),
		Cursors: map[common.PartitionID]*storage.ScanCursor{},
	}
	for i, pid := range parts {
		if sets[i] != nil {
			resp.Cursors[common.PartitionID(pid)] = &storage.ScanCursor{NextCursor: next[i]}
		}
	}
	return resp
}

// ScanVertex implements storage.GraphStorageService.
func (s *Service) ScanVertex(ctx context.Context, req *storage.ScanVertexRequest) (*storage.ScanResponse, error) {
	space := int32(req.GetSpaceID())
	cat, err := s.store.readCatalog(space)
	var pl *scanPlan
	if err == nil {
		pl, err = compileScanVertex(cat, req)
	}
	return s.scan(ctx, "scanVertex", space, req.GetParts(), pl, err, func(ctx context.Context, pid int32, cursor []byte, ds *value.DataSet) ([]byte, error) {
		return s.store.scanVertexPart(ctx, space, pid, pl, cursor, ds)
	}), nil
}

// ScanEdge implements storage.GraphStorageService.
func (s *Service) ScanEdge(ctx context.Context, req *storage.ScanEdgeRequest) (*storage.ScanResponse, error) {
	space := int32(req.GetSpaceID())
	cat, err := s.store.readCatalog(space)
	var pl *scanPlan
	if err == nil {
		pl, err = compileScanEdge(cat, req)
	}
	return s.scan(ctx, "scanEdge", space, req.GetParts(), pl, err, func(ctx context.Context, pid int32, cursor []byte, ds *value.DataSet) ([]byte, error) {
		return s.store.scanEdgePart(ctx, space, pid, pl, cursor, ds)
	}), nil
}

// errUnsupported answers the methods NovaGraph does not implement.
var errUnsupported = errors.New("storage: not supported")

func unsupported(s *Service, method string, parts []int32) *storage.ResponseCommon {
	start := time.Now()
	failed := make([]partFailure, len(parts))
	for i, p := range parts {
		failed[i] = partFailure{part: p, code: common.ErrorCode_E_UNSUPPORTED, msg: errUnsupported.Error()}
	}
	return s.respCommon(method, start, failed)
}

// GetUUID implements storage.GraphStorageService; NovaGraph has no uuid()
// vertex ids, so it is refused with E_UNSUPPORTED.
func (s *Service) GetUUID(ctx context.Context, req *storage.GetUUIDReq) (*storage.GetUUIDResp, error) {
	return &storage.GetUUIDResp{Result_: unsupported(s, "getUUID", []int32{int32(req.GetPartID())}), ID: &common.Value{}}, nil
}

// LookupIndex implements storage.GraphStorageService.
func (s *Service) LookupIndex(ctx context.Context, req *storage.LookupIndexRequest) (*storage.LookupIndexResp, error) {
	start := time.Now()
	space := int32(req.GetSpaceID())
	parts := make([]int32, len(req.GetParts()))
	for i, p := range req.GetParts() {
		parts[i] = int32(p)
	}
	cat, err := s.store.readCatalog(space)
	var pl *lookupPlan
	if err == nil {
		pl, err = compileLookup(cat, req)
	}
	if err != nil {
		return &storage.LookupIndexResp{Result_: s.respCommon("lookupIndex", start, failAll(s, parts, err))}, nil
	}
	sets := make([]*value.DataSet, len(parts))
	failed := s.readParts(ctx, parts, -1, func(ctx context.Context, pid int32, slot int) error {
		ds := &value.DataSet{}
		if err := s.store.lookupPart(ctx, space, pid, pl, ds); err != nil {
			return err
		}
		sets[slot] = ds
		return nil
	})
	return &storage.LookupIndexResp{
		Result_: s.respCommon("lookupIndex", start, failed),
		Data:    mergeSets(pl.colNames, sets),
	}, nil
}

// LookupAndTraverse implements storage.GraphStorageService: a tag index
// lookup whose vertices are then expanded, each in its own part.
func (s *Service) LookupAndTraverse(ctx context.Context, req *storage.LookupAndTraverseRequest) (*storage.GetNeighborsResponse, error) {
	start := time.Now()
	space := int32(req.GetSpaceID())
	parts := make([]int32, len(req.GetParts()))
	for i, p := range req.GetParts() {
		parts[i] = int32(p)
	}
	cat, err := s.store.readCatalog(space)
	var lp *lookupPlan
	var np *neighborsPlan
	if err == nil {
		lp, err = compileLookup(cat, &storage.LookupIndexRequest{SpaceID: req.GetSpaceID(), Indices: req.GetIndices(), ReturnColumns: [][]byte{[]byte(propVid)}})
	}
	if err == nil && lp.edge {
		err = errors.Join(ErrInvalidRequest, errors.New("lookupAndTraverse needs a tag index"))
	}
	if err == nil {
		np, err = compileNeighbors(cat, req.GetTraverseSpec(), nil)
	}
	if err != nil {
		return &storage.GetNeighborsResponse{Result_: s.respCommon("lookupAndTraverse", start, failAll(s, parts, err))}, nil
	}
	sets := make([]*value.DataSet, len(parts))
	failed := s.readParts(ctx, parts, -1, func(ctx context.Context, pid int32, slot int) error {
		found := &value.DataSet{}
		if err := s.store.lookupPart(ctx, space, pid, lp, found); err != nil {
			return err
		}
		vids := make([]value.Value, len(found.Rows))
		for i, r := range found.Rows {
			vids[i] = r.Values[0]
		}
		ds := &value.DataSet{}
		if _, err := s.store.getNeighborsPart(ctx, space, pid, np, vids, ds); err != nil {
			return err
		}
		sets[slot] = ds
		return nil
	})
	return &storage.GetNeighborsResponse{
		Result_:  s.respCommon("lookupAndTraverse", start, failed),
		Vertices: mergeSets(np.colNames, sets),
	}, nil
}

// Get implements storage.GraphStorageService. NovaGraph has no raw
// key-value space type, so the kv methods answer E_UNSUPPORTED.
func (s *Service) Get(ctx context.Context, req *storage.KVGetRequest) (*storage.KVGetResponse, error) {
	return &storage.KVGetResponse{Result_: unsupported(s, "get", partIDs(req.GetParts())), KeyValues: map[string][]byte{}}, nil
}

// Put implements storage.GraphStorageService (E_UNSUPPORTED, see Get).
func (s *Service) Put(ctx context.Context, req *storage.KVPutRequest) (*storage.ExecResponse, error) {
	return &storage.ExecResponse{Result_: unsupported(s, "put", partIDs(req.GetParts()))}, nil
}

// Remove implements storage.GraphStorageService (E_UNSUPPORTED, see Get).
func (s *Service) Remove(ctx context.Context, req *storage.KVRemoveRequest) (*storage.ExecResponse, error) {
	return &storage.ExecResponse{Result_: unsupported(s, "remove", partIDs(req.GetParts()))}, nil
}
