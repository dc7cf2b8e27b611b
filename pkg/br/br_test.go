package br_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/br"
	"github.com/novagraph/novagraph/pkg/localcluster"
)

type quiet struct{}

func (quiet) Info(string)  {}
func (quiet) Warn(string)  {}
func (quiet) Error(string) {}
func (quiet) Fatal(string) {}

// TestBackupRestoreUnderLoad backs up a three-storaged cluster while a
// writer keeps inserting, restores the backup into an empty cluster of two
// storaged, and checks that every vertex and edge acknowledged before the
// backup started is there, that indexes and ids came along, and that the
// restored cluster takes new schema and writes.
func TestBackupRestoreUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two clusters")
	}
	ctx := context.Background()
	src := startCluster(t, 3)
	r := newRunner(t, src.GraphAddr)
	// s: one replica per part, spread over the three hosts; r: two
	// replicas, so the backup picks among copies.
	r.ok("CREATE SPACE s(partition_num=6, replica_factor=1, vid_type=INT64)")
	r.ok("CREATE SPACE r(partition_num=4, replica_factor=2, vid_type=FIXED_STRING(16))")
	r.ok("USE s")
	r.ok("CREATE TAG person(name string, age int)")
	r.ok("CREATE EDGE knows(w int)")
	r.ok("USE r")
	r.ok("CREATE TAG city(name string)")
	r.ok("CREATE TAG INDEX city_name ON city(name(16))")
	r.ok("CREATE EDGE road(km int)")
	waitInsert(t, r, `INSERT VERTEX city(name) VALUES "c0":("Paris")`)
	var cities []string
	for i := range 50 {
		cities = append(cities, fmt.Sprintf(`"c%d":("city%d")`, i, i))
	}
	r.ok("INSERT VERTEX city(name) VALUES " + strings.Join(cities, ", "))
	var roads []string
	for i := 1; i < 50; i++ {
		roads = append(roads, fmt.Sprintf(`"c%d"->"c%d":(%d)`, i-1, i, i))
	}
	r.ok("INSERT EDGE road(km) VALUES " + strings.Join(roads, ", "))
	r.ok("USE s")
	waitInsert(t, r, `INSERT VERTEX person(name, age) VALUES 0:("p0", 0)`)

	// The writer inserts vertex i and edge i -> i-1 in one request, and
	// counts i as acknowledged once that request succeeded.
	w := &writer{r: newRunner(t, src.GraphAddr)}
	w.r.ok("USE s")
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(wctx)
	}()
	defer func() { stop(); <-done }()
	waitFor(t, 90*time.Second, "100 acknowledged writes", func() bool { return w.acked() >= 100 })

	dir := t.TempDir()
	cfg := br.Config{MetaAddrs: []string{src.MetaAddr}, Dir: dir, Concurrency: 3, PageBytes: 4 << 10,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	before := w.acked()
	m, err := br.Backup(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	after := w.acked()
	stop()
	<-done
	t.Logf("backup %s: %d records; %d writes acknowledged before it, %d when it finished", m.Name, m.Records(), before, after)
	if after == before {
		// Not a failure: on a loaded machine the backup can be quicker
		// than one write. The check below is what matters.
		t.Logf("no write was acknowledged while the backup ran")
	}
	if len(m.Spaces) != 2 || m.Spaces[0].Name != "s" || len(m.Spaces[0].Parts) != 6 || len(m.Spaces[1].Parts) != 4 {
		t.Fatalf("manifest spaces: %+v", m.Spaces)
	}
	for _, sp := range m.Spaces {
		for _, p := range sp.Parts {
			if p.AppliedIndex <= 0 || p.From == "" || !slices.Contains(p.Hosts, p.From) {
				t.Errorf("space %s part %d: %+v", sp.Name, p.ID, p)
			}
		}
	}
	listed, err := br.List(dir)
	if err != nil || len(listed) != 1 || listed[0].Name != m.Name {
		t.Fatalf("List: %v, %v", listed, err)
	}
	if snaps := newRunner(t, src.GraphAddr).rows("SHOW SNAPSHOTS"); len(snaps) != 0 {
		t.Errorf("snapshot left behind: %v", snaps)
	}

	// One storage host cannot hold r's two replicas: refused, untouched.
	small := startCluster(t, 1)
	if _, err := br.Restore(ctx, br.Config{MetaAddrs: []string{small.MetaAddr}, Dir: dir, Logger: cfg.Logger}, m.Name); !errors.Is(err, br.ErrTooFewHosts) {
		t.Errorf("restore into one host: %v, want ErrTooFewHosts", err)
	}
	if got := newRunner(t, small.GraphAddr).rows("SHOW SPACES"); len(got) != 0 {
		t.Errorf("a refused restore left spaces: %v", got)
	}

	dst := startCluster(t, 2)
	if _, err := br.Restore(ctx, br.Config{MetaAddrs: []string{dst.MetaAddr}, Dir: dir, PageBytes: 8 << 10,
		Logger: cfg.Logger}, m.Name); err != nil {
		t.Fatal(err)
	}
	q := newRunner(t, dst.GraphAddr)
	q.ok("USE s")
	// Every vertex 0..before-1 and every edge i -> i-1 below it.
	for lo := 0; lo < before; lo += 100 {
		hi := min(lo+100, before)
		var ids []string
		for i := lo; i < hi; i++ {
			ids = append(ids, strconv.Itoa(i))
		}
		got := q.rows("FETCH PROP ON person " + strings.Join(ids, ",") + " YIELD id(vertex) AS id, person.name AS name")
		if len(got) != hi-lo {
			t.Fatalf("FETCH %d..%d: %d rows, want %d", lo, hi-1, len(got), hi-lo)
		}
		for _, row := range got {
			if want := `"p` + row[0] + `"`; row[1] != want {
				t.Fatalf("vertex %s: name %s, want %s", row[0], row[1], want)
			}
		}
		if lo == 0 {
			ids = ids[1:] // vertex 0 has no out-edge
		}
		edges := q.rows("GO FROM " + strings.Join(ids, ",") + " OVER knows YIELD src(edge) AS s, dst(edge) AS d, knows.w AS w")
		if len(edges) != len(ids) {
			t.Fatalf("GO from %d..%d: %d edges, want %d", lo, hi-1, len(edges), len(ids))
		}
		for _, e := range edges {
			s, _ := strconv.Atoi(e[0])
			if e[1] != strconv.Itoa(s-1) || e[2] != e[0] {
				t.Fatalf("edge %v", e)
			}
		}
	}
	q.ok("USE r")
	if got := q.rows(`GO 3 STEPS FROM "c0" OVER road YIELD dst(edge) AS d`); len(got) != 1 || got[0][0] != `"c3"` {
		t.Errorf("GO 3 STEPS on r: %v", got)
	}
	if got := q.rows(`LOOKUP ON city WHERE city.name == "city42" YIELD id(vertex) AS id`); len(got) != 1 || got[0][0] != `"c42"` {
		t.Errorf("LOOKUP on the restored index: %v", got)
	}
	// The restored catalog hands out new ids after the backup's: a new tag
	// and new writes work next to the old data.
	q.ok("CREATE TAG country(name string)")
	waitInsert(t, q, `INSERT VERTEX country(name) VALUES "fr":("France")`)
	if got := q.rows(`FETCH PROP ON city, country "c1", "fr" YIELD id(vertex) AS id`); len(got) != 2 {
		t.Errorf("FETCH after new writes: %v", got)
	}
	// Restoring again into a cluster with spaces is refused.
	if _, err := br.Restore(ctx, br.Config{MetaAddrs: []string{dst.MetaAddr}, Dir: dir, Logger: cfg.Logger}, m.Name); !errors.Is(err, br.ErrNotEmpty) {
		t.Errorf("second restore: %v, want ErrNotEmpty", err)
	}
}

// TestRestoreRefusesCorruptBackup flips a byte of a part file: restore
// fails before it touches the cluster.
func TestRestoreRefusesCorruptBackup(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster")
	}
	ctx := context.Background()
	c := startCluster(t, 1)
	r := newRunner(t, c.GraphAddr)
	r.ok("CREATE SPACE s(partition_num=2, replica_factor=1, vid_type=INT64)")
	r.ok("USE s")
	r.ok("CREATE TAG t(a int)")
	waitInsert(t, r, `INSERT VERTEX t(a) VALUES 1:(1), 2:(2), 3:(3)`)
	dir := t.TempDir()
	cfg := br.Config{MetaAddrs: []string{c.MetaAddr}, Dir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	m, err := br.Backup(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var path string
	for _, p := range m.Spaces[0].Parts {
		if p.File.Records > 0 {
			path = filepath.Join(dir, m.Name, p.File.Path)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r.ok("DROP SPACE s")
	if _, err := br.Restore(ctx, cfg, m.Name); !errors.Is(err, br.ErrCorrupt) {
		t.Fatalf("restore of a corrupt backup: %v, want ErrCorrupt", err)
	}
	if got := r.rows("SHOW SPACES"); len(got) != 0 {
		t.Errorf("restore touched the cluster: %v", got)
	}
}

func startCluster(t *testing.T, storaged int) *localcluster.Cluster {
	t.Helper()
	c, err := localcluster.Start(context.Background(), localcluster.Options{DataDir: t.TempDir(), Storaged: storaged})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

// runner is one graphd session.
type runner struct {
	t    *testing.T
	sess *nebula.Session
}

func newRunner(t *testing.T, addr string) *runner {
	t.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(p)
	conf := nebula.GetDefaultConf()
	conf.TimeOut = 30 * time.Second
	pool, err := nebula.NewConnectionPool([]nebula.HostAddress{{Host: host, Port: port}}, conf, quiet{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	sess, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sess.Release)
	return &runner{t: t, sess: sess}
}

// try runs q once.
func (r *runner) try(q string) (*nebula.ResultSet, error) {
	rs, err := r.sess.Execute(q)
	if err != nil {
		return nil, err
	}
	if !rs.IsSucceed() {
		return rs, fmt.Errorf("%s: %d %s", q, rs.GetErrorCode(), rs.GetErrorMsg())
	}
	return rs, nil
}

// ok runs q until it succeeds (catalog changes reach graphd and storaged
// within a heartbeat) or 30 s pass.
func (r *runner) ok(q string) *nebula.ResultSet {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		rs, err := r.try(q)
		if err == nil {
			return rs
		}
		if time.Now().After(deadline) {
			r.t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (r *runner) rows(q string) [][]string {
	r.t.Helper()
	tbl := r.ok(q).AsStringTable()
	if len(tbl) == 0 {
		return nil
	}
	return tbl[1:]
}

// waitInsert retries an insert until the new schema is usable.
func waitInsert(t *testing.T, r *runner, q string) { t.Helper(); r.ok(q) }

// writer inserts person i with the edge i -> i-1 until stopped.
type writer struct {
	r  *runner
	mu sync.Mutex
	n  int // vertices 0..n-1 (and their edges) are acknowledged
}

func (w *writer) acked() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

func (w *writer) run(ctx context.Context) {
	next := 1 // vertex 0 was inserted before
	w.mu.Lock()
	w.n = 1
	w.mu.Unlock()
	for ctx.Err() == nil {
		q := fmt.Sprintf(`INSERT VERTEX person(name, age) VALUES %d:("p%d", %d); INSERT EDGE knows(w) VALUES %d->%d:(%d)`,
			next, next, next, next, next-1, next)
		if _, err := w.r.try(q); err != nil {
			// Retried: only an acknowledgement counts.
			select {
			case <-ctx.Done():
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		next++
		w.mu.Lock()
		w.n = next
		w.mu.Unlock()
	}
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
