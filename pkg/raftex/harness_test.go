package raftex

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/go-hclog"
)

// The test cluster: real Nodes talking over loopback TCP, each with its own
// strict in-memory file system so that a "kill" can drop every write that
// was not synced, as a crash would.

// Test key layout: a part's data lives under 'd' part(4); its applied index
// under 'a' part(4), outside the data span.
func dataPrefix(part int32) []byte { return binary.BigEndian.AppendUint32([]byte{'d'}, uint32(part)) }
func appliedKey(part int32) []byte { return binary.BigEndian.AppendUint32([]byte{'a'}, uint32(part)) }
func dataKey(part int32, k string) []byte {
	return append(dataPrefix(part), k...)
}

type testNode struct {
	fs   vfs.FS
	mem  *vfs.MemFS // fs, when the node lives in memory
	root string
	db   *pebble.DB
	eng  *checkingEngine
	node *Node
	addr string
	up   bool
}

type testCluster struct {
	t testing.TB
	// onDisk puts nodes in temporary directories instead of memory.
	onDisk bool
	// mu guards the nodes' node, up and eng fields against the test's
	// writer goroutines while a node is killed or restarted.
	mu     sync.RWMutex
	nodes  []*testNode
	parts  []int32
	tweak  func(*Options)
	checks *applyChecker
}

func testRaftLogger() hclog.Logger {
	level := hclog.Off
	if os.Getenv("RAFTEX_DEBUG") != "" {
		level = hclog.Debug
	}
	return hclog.New(&hclog.LoggerOptions{Name: "raft", Level: level, Output: os.Stderr})
}

// newTestCluster starts n nodes (no parts yet).
func newTestCluster(t testing.TB, n int, tweak func(*Options)) *testCluster {
	return newCluster(t, n, false, tweak)
}

func newCluster(t testing.TB, n int, onDisk bool, tweak func(*Options)) *testCluster {
	c := &testCluster{t: t, onDisk: onDisk, tweak: tweak, checks: &applyChecker{t: t}}
	for range n {
		c.addNode()
	}
	t.Cleanup(c.close)
	return c
}

func (c *testCluster) addNode() *testNode {
	tn := &testNode{root: "/"}
	if c.onDisk {
		tn.fs, tn.root = vfs.Default, c.t.TempDir()
	} else {
		tn.mem = vfs.NewStrictMem()
		tn.fs = tn.mem
	}
	c.nodes = append(c.nodes, tn)
	c.start(len(c.nodes) - 1)
	return tn
}

// start opens node i's engine and Node, on its old address if it had one.
func (c *testCluster) start(i int) {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	tn := c.nodes[i]
	dataDir := tn.fs.PathJoin(tn.root, "data")
	if err := mkdirAllSynced(tn.fs, dataDir); err != nil {
		c.t.Fatal(err)
	}
	db, err := pebble.Open(dataDir, &pebble.Options{FS: tn.fs, Logger: quietPebble{}})
	if err != nil {
		c.t.Fatalf("open engine of node %d: %v", i, err)
	}
	tn.db = db
	tn.eng = &checkingEngine{Engine: NewPebbleEngine(db), c: c.checks, node: i}
	opts := Options{
		Dir:        tn.fs.PathJoin(tn.root, "raft"),
		FS:         tn.fs,
		ListenAddr: "127.0.0.1:0",
		RaftLogger: testRaftLogger(),
	}
	if tn.addr != "" {
		opts.ListenAddr = tn.addr
	}
	if c.tweak != nil {
		c.tweak(&opts)
	}
	var n *Node
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, err = Open(opts)
		if err == nil || time.Now().After(deadline) {
			break
		}
		// The old port may linger in the kernel for a moment.
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		c.t.Fatalf("open node %d: %v", i, err)
	}
	tn.node, tn.addr, tn.up = n, n.Addr(), true
}

func (c *testCluster) addrs() []string {
	var out []string
	for _, tn := range c.nodes {
		out = append(out, tn.addr)
	}
	return out
}

func (c *testCluster) partConfig(i int, part int32, peers []string) PartConfig {
	return PartConfig{
		Space:      1,
		Part:       part,
		Engine:     c.nodes[i].eng,
		Spans:      []Span{PrefixSpan(dataPrefix(part))},
		AppliedKey: appliedKey(part),
		Peers:      peers,
	}
}

// openParts opens parts 1..count on the given nodes, all voters.
func (c *testCluster) openParts(count int, nodes ...int) {
	c.t.Helper()
	var peers []string
	for _, i := range nodes {
		peers = append(peers, c.nodes[i].addr)
	}
	for p := int32(1); p <= int32(count); p++ {
		c.parts = append(c.parts, p)
		for _, i := range nodes {
			if _, err := c.nodes[i].node.OpenPart(c.partConfig(i, p, peers)); err != nil {
				c.t.Fatalf("open part %d on node %d: %v", p, i, err)
			}
		}
	}
}

// kill crashes node i: nothing it does from now on is synced, its
// transport and groups stop, and its disks go back to their synced state.
// With engineSynced the data engine is first synced, as the OS would have
// written most of a killed process's unsynced writes; the raft log then
// holds entries the engine has already applied, which a restart must skip,
// and entries it lost, which a restart must replay.
func (c *testCluster) kill(i int, engineSynced bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tn := c.nodes[i]
	if engineSynced {
		if err := tn.eng.Sync(); err != nil {
			c.t.Fatal(err)
		}
	}
	tn.mem.SetIgnoreSyncs(true)
	tn.node.Close()
	tn.db.Close()
	tn.mem.ResetToSyncedState()
	tn.mem.SetIgnoreSyncs(false)
	tn.up = false
	c.checks.forgetNode(i)
}

// restart brings a killed node back with the parts it had.
func (c *testCluster) restart(i int, peers []string) {
	c.t.Helper()
	c.start(i)
	for _, p := range c.parts {
		// The node must come back with its raft log, not rejoin empty.
		l, err := c.nodes[i].node.logs.group(groupID{Space: 1, Part: p})
		if err != nil {
			c.t.Fatal(err)
		}
		if last, _ := l.LastIndex(); last == 0 {
			c.t.Errorf("node %d part %d: raft log lost in the crash", i, p)
		}
		if _, err := c.nodes[i].node.OpenPart(c.partConfig(i, p, peers)); err != nil {
			c.t.Fatalf("reopen part %d on node %d: %v", p, i, err)
		}
	}
}

func (c *testCluster) close() {
	for _, tn := range c.nodes {
		if tn.up {
			if err := tn.node.Close(); err != nil {
				c.t.Errorf("close node %s: %v", tn.addr, err)
			}
			if err := tn.db.Close(); err != nil {
				c.t.Errorf("close engine of %s: %v", tn.addr, err)
			}
			tn.up = false
		}
	}
}

// eventually polls cond every few milliseconds until it holds or timeout
// passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %v: %v", what, timeout, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// leaderOf returns the index of the live node leading part, if the live
// nodes agree on one.
func (c *testCluster) leaderOf(part int32, among ...int) (int, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	leader := -1
	for i, tn := range c.nodes {
		if !tn.up || (len(among) > 0 && !slices.Contains(among, i)) {
			continue
		}
		p := tn.node.Part(1, part)
		if p == nil {
			continue
		}
		if p.IsLeader() {
			if leader >= 0 {
				return -1, fmt.Errorf("part %d: two leaders", part)
			}
			leader = i
		}
	}
	if leader < 0 {
		return -1, fmt.Errorf("part %d: no leader", part)
	}
	return leader, nil
}

func (c *testCluster) waitLeaders(timeout time.Duration) map[int32]int {
	c.t.Helper()
	out := make(map[int32]int)
	eventually(c.t, timeout, "every part has a leader", func() error {
		for _, p := range c.parts {
			if _, ok := out[p]; ok {
				continue
			}
			l, err := c.leaderOf(p)
			if err != nil {
				return err
			}
			out[p] = l
		}
		return nil
	})
	return out
}

// propose writes b to part through whichever node leads it, retrying
// until ctx ends. It reports success only for an acknowledged write.
func (c *testCluster) propose(ctx context.Context, part int32, b *Batch, among ...int) error {
	for {
		l, err := c.leaderOf(part, among...)
		if err == nil {
			if p := c.part(l, part); p != nil {
				pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
				err = p.Propose(pctx, b)
				cancel()
				if err == nil {
					return nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("propose to part %d: %w (last: %v)", part, ctx.Err(), err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// part returns node i's replica of part, nil if the node is down.
func (c *testCluster) part(i int, part int32) *Part {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if !c.nodes[i].up {
		return nil
	}
	return c.nodes[i].node.Part(1, part)
}

// contents reads part's data on node i.
func (c *testCluster) contents(i int, part int32) map[string]string {
	c.mu.RLock()
	eng := c.nodes[i].eng
	c.mu.RUnlock()
	s := eng.NewSnapshot()
	defer s.Close()
	sp := PrefixSpan(dataPrefix(part))
	out := make(map[string]string)
	err := s.Scan(sp.Start, sp.End, func(k, v []byte) error {
		out[string(k[len(sp.Start):])] = string(v)
		return nil
	})
	if err != nil {
		c.t.Fatalf("scan part %d on node %d: %v", part, i, err)
	}
	return out
}

// converged reports nil once every live replica of every part has the
// same data as the part's leader.
func (c *testCluster) converged(nodes []int) error {
	for _, p := range c.parts {
		want := c.contents(nodes[0], p)
		for _, i := range nodes[1:] {
			if got := c.contents(i, p); !maps.Equal(got, want) {
				return fmt.Errorf("part %d: node %d has %d keys, node %d has %d", p, nodes[0], len(want), i, len(got))
			}
		}
	}
	return nil
}

// checkingEngine fails the test if a part's applied index ever fails to
// grow between two commits within one life of the engine, which is what
// applying an entry twice would look like. A restore resets it.
type checkingEngine struct {
	Engine
	c    *applyChecker
	node int
}

func (e *checkingEngine) NewBatch() EngineBatch {
	return &checkingBatch{EngineBatch: e.Engine.NewBatch(), e: e}
}

type checkingBatch struct {
	EngineBatch
	e       *checkingEngine
	applied map[string][]byte
}

func (b *checkingBatch) Set(key, value []byte) error {
	if !b.e.c.off && len(key) == 5 && key[0] == 'a' {
		if b.applied == nil {
			b.applied = make(map[string][]byte)
		}
		b.applied[string(key)] = bytes.Clone(value)
	}
	return b.EngineBatch.Set(key, value)
}

func (b *checkingBatch) Commit() error {
	for k, v := range b.applied {
		b.e.c.check(b.e, k, v)
	}
	return b.EngineBatch.Commit()
}

type applyChecker struct {
	t   testing.TB
	off bool // the benchmark measures raftex, not the checker
	mu  sync.Mutex
	// last committed applied index per node and applied key; absent: not
	// yet seen in this life of the node.
	last map[int]map[string]uint64
}

func (a *applyChecker) check(e *checkingEngine, key string, v []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.last == nil {
		a.last = make(map[int]map[string]uint64)
	}
	m := a.last[e.node]
	if m == nil {
		m = make(map[string]uint64)
		a.last[e.node] = m
	}
	idx, restoring, err := decodeApplied(v)
	if err != nil {
		a.t.Errorf("node %d: bad applied index %x", e.node, v)
		return
	}
	if restoring {
		delete(m, key)
		return
	}
	prev, ok := m[key]
	if !ok {
		s := e.Engine.NewSnapshot()
		old, found, err := s.Get([]byte(key))
		s.Close()
		if err == nil && found {
			if oi, r, err := decodeApplied(old); err == nil && !r {
				prev, ok = oi, true
			}
		}
	}
	if ok && idx <= prev {
		a.t.Errorf("node %d part %x: applied index went from %d to %d: entries applied twice", e.node, key[1:], prev, idx)
	}
	m[key] = idx
}

func (a *applyChecker) forgetNode(i int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.last, i)
}

type quietPebble struct{}

func (quietPebble) Infof(string, ...any) {}
func (quietPebble) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
