package localcluster

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// TestBalanceDataUnderLoad is the scale-out/scale-in test of issue 13: a
// space of 30 parts, 3 replicas, on 3 storaged, written and read all
// along; 2 storaged join and BALANCE DATA spreads the replicas (the
// storaged receiving replicas is killed mid-move and restarted: the move
// resumes); then BALANCE DATA REMOVE empties one host, which is dropped;
// then a host dies and BALANCE DATA REMOVE rebuilds its replicas from the
// surviving ones. After each, every part has exactly 3 replicas in
// distinct zones and hosts hold within one replica of each other; reads
// go on all along, and every acknowledged write reads back. A snapshot is
// taken and dropped under the same load.
func TestBalanceDataUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 60 replicas under load (~30 s)")
	}
	ctx := context.Background()
	opts := Options{DataDir: t.TempDir(), DefaultPartsNum: 1}
	if f := os.Getenv("LOCALCLUSTER_TEST_LOG"); f != "" {
		w, err := os.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		opts.Logger = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	}()
	pool := graphPool(t, c.GraphAddr)
	admin := newRunner(t, pool)
	admin.ok("CREATE SPACE s(partition_num=30, replica_factor=3, vid_type=INT64)")
	admin.ok("USE s")
	admin.ok("CREATE TAG t(v int)")
	admin.ok("INSERT VERTEX t(v) VALUES 0:(0)")

	// Load: writers insert ascending ids and remember what was
	// acknowledged; a reader fetches acknowledged ids all along.
	var acked sync.Map
	var nextID atomic.Int64
	var writeErrs, reads, readErrs atomic.Int64
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		sess := newRunner(t, pool)
		sess.ok("USE s")
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				id := nextID.Add(1)
				rs, err := sess.sess.Execute(fmt.Sprintf("INSERT VERTEX t(v) VALUES %d:(%d)", id, id))
				if err == nil && rs.IsSucceed() {
					acked.Store(id, true)
				} else {
					writeErrs.Add(1)
				}
			}
		}()
	}
	reader := newRunner(t, pool)
	reader.ok("USE s")
	var readFailure atomic.Value
	wg.Add(1)
	go func() {
		defer wg.Done()
		for loadCtx.Err() == nil {
			n := nextID.Load()
			if n == 0 {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			id := rand.Int64N(n) + 1
			if _, ok := acked.Load(id); !ok {
				continue
			}
			reads.Add(1)
			rs, err := reader.sess.Execute(fmt.Sprintf("FETCH PROP ON t %d YIELD t.v AS v", id))
			switch {
			case err != nil || !rs.IsSucceed():
				readErrs.Add(1)
				if err == nil {
					readFailure.Store(rs.GetErrorMsg())
				}
			case rs.GetRowSize() != 1:
				readFailure.Store(fmt.Sprintf("acknowledged vertex %d not found", id))
				readErrs.Add(1)
			}
		}
	}()
	time.Sleep(500 * time.Millisecond)

	// Scale out: two storaged, each in a zone of its own the space uses.
	var added []string
	for i := 0; i < 2; i++ {
		addr, err := c.AddStoraged(ctx)
		if err != nil {
			t.Fatal(err)
		}
		added = append(added, addr)
	}
	for i, a := range added {
		admin.ok(fmt.Sprintf("ADD HOSTS %s INTO NEW ZONE zone_new%d", a, i))
		admin.ok(fmt.Sprintf("ALTER SPACE s ADD ZONE zone_new%d", i))
	}
	waitOnline(t, admin, 5)
	job := admin.jobID("SUBMIT JOB BALANCE DATA")
	// Kill the first new storaged while it receives replicas, and bring
	// it back: its moves resume.
	waitFor(t, 20*time.Second, "a move to "+added[0], func() bool {
		for _, row := range admin.rows(fmt.Sprintf("SHOW JOB %d", job)) {
			if strings.HasSuffix(row[1], "->"+added[0]+`"`) && (row[5] == `"ADD_PART"` || row[5] == `"ADD_LEARNER"`) {
				return true
			}
		}
		return false
	})
	if err := c.StopStoraged(added[0]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if err := c.StartStoraged(ctx, added[0]); err != nil {
		t.Fatal(err)
	}
	admin.waitJob(job)
	checkPlacement(t, c, append(append([]string{}, c.StorageAddrs...), added...), nil)

	// Scale in: empty the first original host.
	gone := c.StorageAddrs[0]
	job = admin.jobID("SUBMIT JOB BALANCE DATA REMOVE " + gone)
	admin.waitJob(job)
	checkPlacement(t, c, append(append([]string{}, c.StorageAddrs[1:]...), added...), []string{gone})
	admin.ok("DROP HOSTS " + gone)

	// A host dies for good: its replicas are rebuilt elsewhere from the
	// surviving ones.
	dead := added[1]
	if err := c.StopStoraged(dead); err != nil {
		t.Fatal(err)
	}
	waitOnline(t, admin, 3)
	job = admin.jobID("SUBMIT JOB BALANCE DATA REMOVE " + dead)
	admin.waitJob(job)
	live := append(append([]string{}, c.StorageAddrs[1:]...), added[0])
	checkPlacement(t, c, live, []string{gone, dead})
	admin.waitJob(admin.jobID("SUBMIT JOB BALANCE LEADER"))
	// Leaders as storaged report them in their next heartbeats.
	waitFor(t, 10*time.Second, "leaders spread", func() bool {
		lo, hi, total := 1<<30, 0, 0
		for _, row := range admin.rows("SHOW HOSTS") {
			n, _ := strconv.Atoi(row[3])
			if row[2] != `"ONLINE"` || (row[0] == `"`+strings.Split(gone, ":")[0]+`"` && row[1] == strings.Split(gone, ":")[1]) {
				continue
			}
			lo, hi, total = min(lo, n), max(hi, n), total+n
		}
		return total == 30 && hi-lo <= 1
	})

	// A snapshot under load: every live storaged checkpoints its engine.
	admin.ok("CREATE SNAPSHOT")
	snaps := admin.rows("SHOW SNAPSHOTS")
	if len(snaps) != 1 || snaps[0][1] != `"VALID"` {
		t.Fatalf("snapshots %v", snaps)
	}
	name := strings.Trim(snaps[0][0], `"`)
	cps, _ := filepath.Glob(filepath.Join(opts.DataDir, "*", "nebula", "*", "checkpoints", name, "data"))
	if len(cps) != 3 { // the live hosts holding replicas
		t.Fatalf("checkpoints of %s: %v", name, cps)
	}
	admin.ok("DROP SNAPSHOT " + name)
	if cps, _ := filepath.Glob(filepath.Join(opts.DataDir, "*", "nebula", "*", "checkpoints", name)); len(cps) != 0 || len(admin.rows("SHOW SNAPSHOTS")) != 0 {
		t.Fatalf("dropped snapshot left %v", cps)
	}

	stopLoad()
	wg.Wait()
	if f := readFailure.Load(); f != nil {
		t.Errorf("reads failed %d of %d times, e.g. %v", readErrs.Load(), reads.Load(), f)
	}
	var ids []string
	acked.Range(func(k, _ any) bool {
		ids = append(ids, fmt.Sprint(k))
		return true
	})
	t.Logf("%d writes acknowledged, %d failed; %d reads, %d failed", len(ids), writeErrs.Load(), reads.Load(), readErrs.Load())
	if len(ids) < 100 {
		t.Fatalf("only %d writes acknowledged", len(ids))
	}
	for i := 0; i < len(ids); i += 500 {
		batch := ids[i:min(i+500, len(ids))]
		rows := admin.rows("FETCH PROP ON t " + strings.Join(batch, ", ") + " YIELD id(vertex) AS id")
		if len(rows) != len(batch) {
			t.Fatalf("%d of %d acknowledged vertices read back", len(rows), len(batch))
		}
	}
}

// checkPlacement checks metad's part map of space s: 3 replicas a part,
// all on hosts, none on gone, and hosts within one replica of each other.
func checkPlacement(t *testing.T, c *Cluster, hosts, gone []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sp, err := c.Meta.GetSpace(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	parts, err := c.Meta.ListParts(ctx, sp.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	load := map[string]int{}
	for _, h := range hosts {
		load[h] = 0
	}
	for _, p := range parts {
		seen := map[string]bool{}
		for _, h := range p.Peers {
			if _, ok := load[h]; !ok || seen[h] {
				t.Fatalf("part %d on %v (hosts %v, removed %v)", p.Part, p.Peers, hosts, gone)
			}
			seen[h] = true
			load[h]++
		}
		if len(p.Peers) != 3 {
			t.Fatalf("part %d has replicas %v", p.Part, p.Peers)
		}
	}
	lo, hi := 1<<30, 0
	for _, n := range load {
		lo, hi = min(lo, n), max(hi, n)
	}
	if hi-lo > 1 {
		t.Fatalf("replicas per host %v", load)
	}
	t.Logf("replicas per host %v", load)
}

func graphPool(t *testing.T, addr string) *nebula.ConnectionPool {
	t.Helper()
	host, port := splitHostPort(t, addr)
	conf := nebula.GetDefaultConf()
	conf.TimeOut = 30 * time.Second
	conf.MaxConnPoolSize = 8
	pool, err := nebula.NewConnectionPool([]nebula.HostAddress{{Host: host, Port: port}}, conf, quiet{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// runner is one session of the test.
type runner struct {
	t    *testing.T
	sess *nebula.Session
}

func newRunner(t *testing.T, pool *nebula.ConnectionPool) *runner {
	t.Helper()
	sess, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sess.Release)
	return &runner{t: t, sess: sess}
}

// ok runs q until it succeeds (schema reaches storaged within a
// heartbeat) or 20 s pass.
func (r *runner) ok(q string) *nebula.ResultSet {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		rs, err := r.sess.Execute(q)
		if err != nil {
			r.t.Fatalf("%s: %v", q, err)
		}
		if rs.IsSucceed() {
			return rs
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%s: %d %s", q, rs.GetErrorCode(), rs.GetErrorMsg())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// rows runs q and returns its rows as strings, the header left out.
func (r *runner) rows(q string) [][]string {
	r.t.Helper()
	tbl := r.ok(q).AsStringTable()
	if len(tbl) == 0 {
		return nil
	}
	return tbl[1:]
}

func (r *runner) jobID(q string) int64 {
	r.t.Helper()
	rs := r.ok(q)
	rec, err := rs.GetRowValuesByIndex(0)
	if err != nil {
		r.t.Fatal(err)
	}
	v, err := rec.GetValueByIndex(0)
	if err != nil {
		r.t.Fatal(err)
	}
	id, err := v.AsInt()
	if err != nil {
		r.t.Fatal(err)
	}
	return id
}

// waitJob waits for a job to finish and fails the test if it did not
// succeed.
func (r *runner) waitJob(id int64) {
	r.t.Helper()
	var status string
	waitFor(r.t, 60*time.Second, fmt.Sprintf("job %d", id), func() bool {
		rows := r.rows(fmt.Sprintf("SHOW JOB %d", id))
		status = rows[0][2]
		return status != `"RUNNING"` && status != `"QUEUE"`
	})
	if status != `"FINISHED"` {
		r.t.Fatalf("job %d: %s: %v", id, status, r.rows(fmt.Sprintf("SHOW JOB %d", id)))
	}
}

// waitOnline waits until SHOW HOSTS lists n hosts online.
func waitOnline(t *testing.T, r *runner, n int) {
	t.Helper()
	waitFor(t, 20*time.Second, fmt.Sprintf("%d hosts online", n), func() bool {
		online := 0
		for _, row := range r.rows("SHOW HOSTS") {
			if row[2] == `"ONLINE"` {
				online++
			}
		}
		return online == n
	})
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
