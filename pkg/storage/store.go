package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/vfs"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// Options configure a Store. Zero values take the defaults given.
type Options struct {
	// Addr is this host's storage service address (host:port) as the
	// partition map names it. Required. Its raft traffic uses the next
	// port, as in NebulaGraph.
	Addr string
	// RaftListenAddr is where the raft service listens. Default: Addr's
	// host with port+1.
	RaftListenAddr string
	// DataPaths are the directories holding the data: every space gets an
	// engine in each, and its parts are spread over them. The first also
	// holds the shared raft log. At least one is required.
	DataPaths []string
	// Engine configures each space's engines; Prefix, Cache and
	// VertexCache are set by the Store (one block cache of
	// Engine.BlockCacheSize and one vertex cache of Engine.VertexCacheSize
	// are shared by all engines).
	Engine kvstore.Options
	// Raft configures the replication layer; Dir, ListenAddr,
	// AdvertiseAddr and OnLeaderChange are set by the Store.
	Raft raftex.Options
	// Meta is the meta service (its client). Required.
	Meta Meta
	// HeartbeatInterval is how often the Store reports to meta and
	// reconciles its parts with the partition map. Default 10 s
	// (NebulaGraph's heartbeat_interval_secs).
	HeartbeatInterval time.Duration
	// DiskSpace configures the free-space guard (diskspace.go); its zero
	// value turns it off.
	DiskSpace DiskSpaceOptions
	// Now is the clock TTL is judged by. Default time.Now.
	Now func() time.Time
	// Logger receives the Store's events. Default slog.Default().
	Logger *slog.Logger
}

func (o *Options) fill() error {
	if o.Addr == "" {
		return errors.New("storage: Options.Addr is required")
	}
	if len(o.DataPaths) == 0 {
		return errors.New("storage: Options.DataPaths is required")
	}
	if o.Meta == nil {
		return errors.New("storage: Options.Meta is required")
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = 10 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.RaftListenAddr == "" {
		ra, err := RaftAddr(o.Addr)
		if err != nil {
			return err
		}
		o.RaftListenAddr = ra
	}
	return nil
}

// RaftAddr returns the raft address of the storaged serving at addr: the
// same host, the next port.
func RaftAddr(addr string) (string, error) {
	return shiftPort(addr, 1)
}

// StorageAddr is the inverse of RaftAddr.
func StorageAddr(raftAddr string) (string, error) {
	return shiftPort(raftAddr, -1)
}

func shiftPort(addr string, by int) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("address %q: %w", addr, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p+by <= 0 || p+by > 65535 {
		return "", fmt.Errorf("address %q: bad port", addr)
	}
	return net.JoinHostPort(host, strconv.Itoa(p+by)), nil
}

// Store is one storaged's data: an engine per space and data path, the
// replicas (raft parts) it hosts, and the key locks that order their
// read-modify-writes. It serves the graph operations of Service.
//
// The Store follows the partition map: Reconcile (run on every heartbeat
// by Run) opens the replicas meta assigns to this host, and drops spaces
// meta no longer has; the admin operations add and remove single replicas
// for balance. All methods are safe for concurrent use.
type Store struct {
	opts  Options
	meta  Meta
	node  *raftex.Node
	cache *kvstore.Cache
	// vcache is nil when Engine.VertexCacheSize turns it off.
	vcache *kvstore.VertexCache
	// NB: the raft address of a peer is always derived from its storage
	// address (RaftAddr), as NebulaGraph does.
	raftAddr string

	writesBlocked atomic.Bool
	// disk refuses writes when a data path is nearly full; fs is what the
	// engines and the raft log are stored on (diskspace_fs.go).
	disk  *diskGuard
	fs    vfs.FS
	tasks *taskManager
	// reconcileMu serialises Reconcile, so that the last call's view of
	// meta is the one that holds; it also guards dropped.
	reconcileMu sync.Mutex
	// dropped are the replicas balance removed from this host (see
	// balance.go) that a stale partition map may still assign here.
	dropped map[partKey]bool

	mu struct {
		sync.Mutex
		spaces map[int32]*space
		terms  map[partKey]int64 // the terms of the parts this host leads
		closed bool
	}
}

type partKey struct{ space, part int32 }

// space is one graph space on this host.
type space struct {
	desc    SpaceDesc
	codec   kvstore.KeyCodec
	dirs    []string
	engines []*kvstore.Pebble
	// cat is the catalog reads share (readCatalog).
	cat atomic.Pointer[versionedCatalog]

	mu struct {
		sync.Mutex
		parts map[int32]*part
	}
}

// part is this host's replica of one partition.
type part struct {
	sp     *space
	id     int32
	engine kvstore.Engine
	raft   *raftex.Part
	locks  keyLocks
}

// Open opens the Store: its raft node (listening at once) and the engines of
// the spaces found on disk are opened lazily by Reconcile. Call Run to keep
// it in step with meta, and Close to release it.
func Open(opts Options) (*Store, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	advertise, err := RaftAddr(opts.Addr)
	if err != nil {
		return nil, err
	}
	s := &Store{opts: opts, meta: opts.Meta, raftAddr: advertise, tasks: newTaskManager()}
	s.mu.spaces = make(map[int32]*space)
	s.mu.terms = make(map[partKey]int64)
	s.disk = openDiskGuard(opts.DataPaths, opts.DiskSpace, opts.Logger)
	s.fs = newDiskFS(opts.Engine.FS, s.disk)
	rop := opts.Raft
	rop.FS = newDiskFS(rop.FS, s.disk)
	rop.Dir = filepath.Join(opts.DataPaths[0], "raft")
	rop.ListenAddr = opts.RaftListenAddr
	rop.AdvertiseAddr = advertise
	rop.OnLeaderChange = s.onLeaderChange
	if rop.Logger == nil {
		rop.Logger = opts.Logger
	}
	if err := os.MkdirAll(rop.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	node, err := raftex.Open(rop)
	if err != nil {
		s.disk.close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.node = node
	s.disk.start(s.shedLeaders)
	cacheSize := opts.Engine.BlockCacheSize
	if cacheSize <= 0 {
		cacheSize = 256 << 20
	}
	s.cache = kvstore.NewCache(cacheSize)
	switch vc := opts.Engine.VertexCacheSize; {
	case vc == 0:
		s.vcache = kvstore.NewVertexCache(kvstore.DefaultVertexCacheSize)
	case vc > 0:
		s.vcache = kvstore.NewVertexCache(vc)
	}
	return s, nil
}

// Addr returns the storage address the Store serves as.
func (s *Store) Addr() string { return s.opts.Addr }

// onLeaderChange records the terms of the parts this host leads. raftex
// calls it from one goroutine; it must not block.
func (s *Store) onLeaderChange(lc raftex.LeaderChange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := partKey{lc.Space, lc.Part}
	if lc.Local {
		s.mu.terms[k] = int64(lc.Term)
	} else {
		delete(s.mu.terms, k)
	}
}

// Run reports to meta and reconciles the hosted parts every
// HeartbeatInterval, starting at once, until ctx ends. Errors are logged
// and retried on the next beat.
func (s *Store) Run(ctx context.Context) {
	t := time.NewTicker(s.opts.HeartbeatInterval)
	defer t.Stop()
	for {
		if err := s.Reconcile(ctx); err != nil && ctx.Err() == nil {
			s.opts.Logger.Warn("reconcile parts with meta", "err", err)
		}
		if err := s.meta.Heartbeat(ctx, s.Status()); err != nil && ctx.Err() == nil {
			s.opts.Logger.Warn("heartbeat to meta", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Status returns what the next heartbeat reports.
func (s *Store) Status() HostStatus {
	st := HostStatus{Addr: s.opts.Addr, Leaders: map[int32][]LeaderInfo{}}
	for _, p := range s.node.Parts() {
		if !p.IsLeader() {
			continue
		}
		sp, pt := p.ID()
		s.mu.Lock()
		term := s.mu.terms[partKey{sp, pt}]
		s.mu.Unlock()
		st.Leaders[sp] = append(st.Leaders[sp], LeaderInfo{Part: pt, Term: term})
	}
	return st
}

// Reconcile brings the hosted replicas in line with meta: it opens every
// part meta assigns to this host, and drops the spaces meta no longer has.
// A part removed from this host by balance is dropped by the removePart
// admin command, not here, so that a stale partition map never deletes data.
func (s *Store) Reconcile(ctx context.Context) error {
	s.reconcileMu.Lock()
	defer s.reconcileMu.Unlock()
	descs, err := s.meta.Spaces(ctx)
	if err != nil {
		return fmt.Errorf("list spaces: %w", err)
	}
	live := make(map[int32]bool, len(descs))
	var errs []error
	for _, d := range descs {
		live[d.ID] = true
		alloc, err := s.meta.PartsAlloc(ctx, d.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("parts of space %d: %w", d.ID, err))
			continue
		}
		for _, pid := range slices.Sorted(mapKeys(alloc)) {
			hosts := alloc[pid]
			if s.staleAssignmentLocked(d.ID, pid, hosts) {
				continue
			}
			if _, err := s.openPart(d, pid, hosts, false); err != nil && !errors.Is(err, raftex.ErrPartExists) {
				errs = append(errs, err)
			}
		}
	}
	s.mu.Lock()
	var gone []int32
	for id := range s.mu.spaces {
		if !live[id] {
			gone = append(gone, id)
		}
	}
	s.mu.Unlock()
	for _, id := range gone {
		if err := s.dropSpace(id); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// ensureSpace returns the open space d, opening its engines if needed.
func (s *Store) ensureSpace(d SpaceDesc) (*space, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.closed {
		return nil, ErrClosed
	}
	if sp := s.mu.spaces[d.ID]; sp != nil {
		return sp, nil
	}
	codec, err := kvstore.NewKeyCodec(d.VIDType, d.VIDLen)
	if err != nil {
		return nil, fmt.Errorf("space %d: %w", d.ID, err)
	}
	sp := &space{desc: d, codec: codec}
	sp.mu.parts = make(map[int32]*part)
	eo := s.opts.Engine
	eo.Prefix = codec.PrefixExtractor()
	eo.Cache = s.cache
	eo.VertexCache = s.vcache
	eo.FS = s.fs
	if eo.Logger == nil {
		eo.Logger = s.opts.Logger
	}
	for _, root := range s.opts.DataPaths {
		dir := filepath.Join(root, "nebula", strconv.Itoa(int(d.ID)), "data")
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			sp.closeEngines()
			return nil, fmt.Errorf("open space %d: %w", d.ID, err)
		}
		e, err := kvstore.Open(dir, eo)
		if err != nil {
			sp.closeEngines()
			return nil, fmt.Errorf("open space %d: %w", d.ID, err)
		}
		sp.dirs = append(sp.dirs, dir)
		sp.engines = append(sp.engines, e)
	}
	s.mu.spaces[d.ID] = sp
	return sp, nil
}

func (sp *space) closeEngines() error {
	var errs []error
	for _, e := range sp.engines {
		errs = append(errs, e.Close())
	}
	sp.engines = nil
	return errors.Join(errs...)
}

// engineFor picks the engine of a part: the one already holding its data,
// else the one with the fewest parts.
func (sp *space) engineForLocked(pid int32) (kvstore.Engine, error) {
	applied := kvstore.SystemKey(uint32(pid), kvstore.SysApplied)
	for _, e := range sp.engines {
		_, err := e.Get(applied)
		if err == nil {
			return e, nil
		}
		if !errors.Is(err, kvstore.ErrNotFound) {
			return nil, fmt.Errorf("locate part %d: %w", pid, err)
		}
	}
	count := make(map[kvstore.Engine]int)
	for _, p := range sp.mu.parts {
		count[p.engine]++
	}
	best := sp.engines[0]
	for _, e := range sp.engines[1:] {
		if count[e] < count[best] {
			best = e
		}
	}
	return best, nil
}

// partSpans returns the key ranges of a part's data.
func partSpans(pid int32) []raftex.Span {
	prefixes := kvstore.PartPrefixes(uint32(pid))
	spans := make([]raftex.Span, len(prefixes))
	for i, p := range prefixes {
		spans[i] = raftex.PrefixSpan(p)
	}
	return spans
}

// openPart opens this host's replica of (d, pid). hosts are the storage
// addresses of the part's initial voters (used only when the part has no
// raft state yet); learner opens it empty, to be added by the leader.
func (s *Store) openPart(d SpaceDesc, pid int32, hosts []string, learner bool) (*part, error) {
	sp, err := s.ensureSpace(d)
	if err != nil {
		return nil, err
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if p := sp.mu.parts[pid]; p != nil {
		return p, fmt.Errorf("part %d/%d: %w", d.ID, pid, raftex.ErrPartExists)
	}
	eng, err := sp.engineForLocked(pid)
	if err != nil {
		return nil, err
	}
	var peers []string
	if !learner {
		for _, h := range hosts {
			ra, err := RaftAddr(h)
			if err != nil {
				return nil, err
			}
			peers = append(peers, ra)
		}
	}
	rp, err := s.node.OpenPart(raftex.PartConfig{
		Space:      d.ID,
		Part:       pid,
		Engine:     raftEngine{eng},
		Spans:      partSpans(pid),
		AppliedKey: kvstore.SystemKey(uint32(pid), kvstore.SysApplied),
		Peers:      peers,
	})
	if err != nil {
		return nil, fmt.Errorf("open part %d/%d: %w", d.ID, pid, err)
	}
	p := &part{sp: sp, id: pid, engine: eng, raft: rp}
	sp.mu.parts[pid] = p
	return p, nil
}

// removePart drops this host's replica of a part: its raft state and data.
func (s *Store) removePart(spaceID, pid int32) error {
	s.mu.Lock()
	sp := s.mu.spaces[spaceID]
	s.mu.Unlock()
	if sp == nil {
		return fmt.Errorf("space %d: %w", spaceID, ErrSpaceNotFound)
	}
	sp.mu.Lock()
	p := sp.mu.parts[pid]
	delete(sp.mu.parts, pid)
	sp.mu.Unlock()
	if p == nil {
		return fmt.Errorf("part %d/%d: %w", spaceID, pid, ErrPartNotFound)
	}
	if err := p.raft.Drop(); err != nil {
		return fmt.Errorf("remove part %d/%d: %w", spaceID, pid, err)
	}
	return nil
}

// dropSpace drops every replica of a space and deletes its engines.
func (s *Store) dropSpace(id int32) error {
	s.mu.Lock()
	sp := s.mu.spaces[id]
	delete(s.mu.spaces, id)
	s.mu.Unlock()
	if sp == nil {
		return nil
	}
	sp.mu.Lock()
	parts := sp.mu.parts
	sp.mu.parts = map[int32]*part{}
	sp.mu.Unlock()
	var errs []error
	for _, p := range parts {
		errs = append(errs, p.raft.Drop())
	}
	errs = append(errs, sp.closeEngines())
	for _, dir := range sp.dirs {
		errs = append(errs, os.RemoveAll(filepath.Dir(dir)))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("drop space %d: %w", id, err)
	}
	s.opts.Logger.Info("dropped space", "space", id)
	return nil
}

// space returns an open space.
func (s *Store) space(id int32) (*space, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mu.closed {
		return nil, ErrClosed
	}
	sp := s.mu.spaces[id]
	if sp == nil {
		return nil, fmt.Errorf("space %d: %w", id, ErrSpaceNotFound)
	}
	return sp, nil
}

// part returns this host's replica of (space, pid).
func (sp *space) part(pid int32) (*part, error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	p := sp.mu.parts[pid]
	if p == nil {
		return nil, fmt.Errorf("part %d/%d: %w", sp.desc.ID, pid, ErrPartNotFound)
	}
	return p, nil
}

// parts returns the open replicas of the space, by part id.
func (sp *space) parts() []*part {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	out := make([]*part, 0, len(sp.mu.parts))
	for _, id := range slices.Sorted(mapKeys(sp.mu.parts)) {
		out = append(out, sp.mu.parts[id])
	}
	return out
}

// Spaces returns the ids of the open spaces.
func (s *Store) Spaces() []int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(mapKeys(s.mu.spaces))
}

// Node returns the Store's raft node (for tests and the admin service).
func (s *Store) Node() *raftex.Node { return s.node }

// Engines returns the engines of a space, one per data path.
func (s *Store) Engines(spaceID int32) []*kvstore.Pebble {
	sp, err := s.space(spaceID)
	if err != nil {
		return nil
	}
	return slices.Clone(sp.engines)
}

// Close stops every replica and closes the engines. It keeps the data.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.mu.closed {
		s.mu.Unlock()
		return nil
	}
	s.mu.closed = true
	spaces := s.mu.spaces
	s.mu.spaces = map[int32]*space{}
	s.mu.Unlock()
	s.tasks.close()
	s.disk.close()
	errs := []error{s.node.Close()}
	for _, sp := range spaces {
		errs = append(errs, sp.closeEngines())
	}
	s.cache.Release()
	return errors.Join(errs...)
}
