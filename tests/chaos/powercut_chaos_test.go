//go:build chaos

package chaos

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/hashicorp/go-hclog"

	"github.com/novagraph/novagraph/pkg/raftex"
)

// TestPowerCut is scenario 6, in process: three raftex nodes, each on its
// own strict in-memory file system (pebble's vfs.NewStrictMem, which
// forgets every write not synced), replicate three parts while writers
// propose. At a seeded random moment the power goes out on every node at
// once: from then on no sync reaches the "disk", the nodes are closed and
// their file systems rolled back to what was synced. The nodes restart
// from that; the cut happens twice per seed. Every write acknowledged
// before a cut must be on every replica in the end (the raft log is synced
// before an acknowledgement; the data engine is not, and is rebuilt from
// the log).
func TestPowerCut(t *testing.T) {
	var total, acked, lost atomic.Int64
	start := time.Now()
	seeds := max(1, *flagSeeds)
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			n, a, l := powerCut(t, uint64(seed))
			total.Add(n)
			acked.Add(a)
			lost.Add(l)
		})
	}
	results.Add(Result{
		Scenario: "6 power cut, all replicas (strict mem FS)", Duration: time.Since(start), Faults: 2 * seeds,
		Ops: int(total.Load()), Acked: int(acked.Load()), Lost: int(lost.Load()), Linearizable: "-",
		Pass: !t.Failed(), Notes: fmt.Sprintf("%d seeds, 2 cuts each, in process", seeds),
	})
}

const pcParts = 3

func pcPrefix(part int32) []byte     { return binary.BigEndian.AppendUint32([]byte{'d'}, uint32(part)) }
func pcAppliedKey(part int32) []byte { return binary.BigEndian.AppendUint32([]byte{'a'}, uint32(part)) }

// pcNode is one node of the power-cut cluster.
type pcNode struct {
	fs   *vfs.MemFS
	db   *pebble.DB
	node *raftex.Node
	addr string
}

type pcCluster struct {
	t     *testing.T
	nodes []*pcNode
}

func (c *pcCluster) open(i int) {
	n := c.nodes[i]
	if err := mkdirSynced(n.fs, "/data"); err != nil {
		c.t.Fatal(err)
	}
	db, err := pebble.Open("/data", &pebble.Options{FS: n.fs, Logger: quietPebble{}})
	if err != nil {
		c.t.Fatalf("open engine %d: %v", i, err)
	}
	listen := n.addr
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	opts := raftex.Options{
		Dir: "/raft", FS: n.fs, ListenAddr: listen,
		HeartbeatTimeout: 300 * time.Millisecond, ElectionTimeout: 300 * time.Millisecond,
		LeaderLeaseTimeout: 150 * time.Millisecond, CommitTimeout: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RaftLogger: hclog.NewNullLogger(),
	}
	var node *raftex.Node
	// The old port may linger in the kernel for a moment.
	err = retry(context.Background(), 5*time.Second, func() error { node, err = raftex.Open(opts); return err })
	if err != nil {
		c.t.Fatalf("open node %d: %v", i, err)
	}
	n.db, n.node, n.addr = db, node, node.Addr()
}

func (c *pcCluster) openParts() {
	var peers []string
	for _, n := range c.nodes {
		peers = append(peers, n.addr)
	}
	for _, n := range c.nodes {
		for p := int32(1); p <= pcParts; p++ {
			_, err := n.node.OpenPart(raftex.PartConfig{
				Space: 1, Part: p, Engine: raftex.NewPebbleEngine(n.db),
				Spans:      []raftex.Span{raftex.PrefixSpan(pcPrefix(p))},
				AppliedKey: pcAppliedKey(p), Peers: peers,
			})
			if err != nil {
				c.t.Fatalf("open part %d on %s: %v", p, n.addr, err)
			}
		}
	}
}

// powerOff turns the power off on every node at once: no sync reaches
// the disks from now on, though the processes run on until restart.
func (c *pcCluster) powerOff() {
	for _, n := range c.nodes {
		n.fs.SetIgnoreSyncs(true)
	}
}

// restart stops every node and brings it back with only what was synced.
func (c *pcCluster) restart() {
	for _, n := range c.nodes {
		_ = n.node.Close()
		_ = n.db.Close()
		n.fs.ResetToSyncedState()
		n.fs.SetIgnoreSyncs(false)
	}
	for i := range c.nodes {
		c.open(i)
	}
	c.openParts()
}

func (c *pcCluster) close() {
	for _, n := range c.nodes {
		if n.node != nil {
			_ = n.node.Close()
			_ = n.db.Close()
			n.node = nil
		}
	}
}

func (c *pcCluster) leader(part int32) *raftex.Part {
	for _, n := range c.nodes {
		if p := n.node.Part(1, part); p != nil && p.IsLeader() {
			return p
		}
	}
	return nil
}

// propose writes key → value through part's leader.
func (c *pcCluster) propose(ctx context.Context, part int32, key, value []byte) error {
	p := c.leader(part)
	if p == nil {
		return errors.New("no leader")
	}
	var b raftex.Batch
	b.Put(key, value)
	return p.Propose(ctx, &b)
}

// powerCut runs one seed and returns the writes attempted, acknowledged
// and lost.
func powerCut(t *testing.T, seed uint64) (attempted, ackedN, lostN int64) {
	rng := rand.New(rand.NewPCG(seed, seed*7919))
	c := &pcCluster{t: t}
	for range 3 {
		c.nodes = append(c.nodes, &pcNode{fs: vfs.NewStrictMem()})
	}
	defer c.close()
	for i := range c.nodes {
		c.open(i)
	}
	c.openParts()

	var mu sync.Mutex
	acked := map[string]int32{} // key → part
	var cutting atomic.Bool
	var seq atomic.Int64
	for round := range 2 {
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					n := seq.Add(1)
					part := int32(n%pcParts) + 1
					key := append(pcPrefix(part), fmt.Sprintf("r%d-w%d-%d", round, w, n)...)
					pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
					err := c.propose(pctx, part, key, []byte(fmt.Sprint(n)))
					cancel()
					// Acknowledged only if it returned before the cut began:
					// then every sync it waited for was real.
					if err == nil && !cutting.Load() {
						mu.Lock()
						acked[string(key)] = part
						mu.Unlock()
					} else if err != nil {
						time.Sleep(5 * time.Millisecond)
					}
				}
			}()
		}
		time.Sleep(time.Duration(300+rng.IntN(1200)) * time.Millisecond)
		cutting.Store(true)
		c.powerOff()
		stop()
		wg.Wait()
		c.restart()
		cutting.Store(false)
	}
	attempted = seq.Load()

	// One more write per part makes each leader commit everything before
	// it; then every replica must have applied as far as its leader.
	for p := int32(1); p <= pcParts; p++ {
		err := retry(context.Background(), 20*time.Second, func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			return c.propose(ctx, p, append(pcPrefix(p), "final"...), []byte("x"))
		})
		if err != nil {
			t.Fatalf("part %d never took a write after the cuts: %v", p, err)
		}
	}
	err := retry(context.Background(), 20*time.Second, func() error {
		for p := int32(1); p <= pcParts; p++ {
			l := c.leader(p)
			if l == nil {
				return fmt.Errorf("part %d: no leader", p)
			}
			for _, n := range c.nodes {
				if got := n.node.Part(1, p).AppliedIndex(); got < l.AppliedIndex() {
					return fmt.Errorf("part %d: %s applied %d of %d", p, n.addr, got, l.AppliedIndex())
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("replicas did not catch up: %v", err)
	}
	for i, n := range c.nodes {
		var missing []string
		for key := range acked {
			_, closer, err := n.db.Get([]byte(key))
			if errors.Is(err, pebble.ErrNotFound) {
				missing = append(missing, key)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			closer.Close()
		}
		if len(missing) > 0 {
			lostN = max(lostN, int64(len(missing)))
			t.Errorf("node %d lost %d of %d acknowledged writes, e.g. %q", i, len(missing), len(acked), missing[0])
		}
	}
	return attempted, int64(len(acked)), lostN
}

// mkdirSynced creates dir and syncs its parent, so that a strict MemFS
// keeps it through a crash.
func mkdirSynced(fs vfs.FS, dir string) error {
	if err := fs.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	parent, err := fs.OpenDir(fs.PathDir(dir))
	if err != nil {
		return err
	}
	defer parent.Close()
	return parent.Sync()
}

type quietPebble struct{}

func (quietPebble) Infof(string, ...any) {}
func (quietPebble) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
