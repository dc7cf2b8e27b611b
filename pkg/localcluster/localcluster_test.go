package localcluster

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

type quiet struct{}

func (quiet) Info(string)  {}
func (quiet) Warn(string)  {}
func (quiet) Error(string) {}
func (quiet) Fatal(string) {}

// TestEndToEnd creates a space, writes and reads through the real client.
func TestEndToEnd(t *testing.T) {
	c, err := Start(context.Background(), Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	}()
	host, port := splitHostPort(t, c.GraphAddr)
	conf := nebula.GetDefaultConf()
	conf.TimeOut = 20 * time.Second
	pool, err := nebula.NewConnectionPool([]nebula.HostAddress{{Host: host, Port: port}}, conf, quiet{})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	sess, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Release()
	run := func(q string) *nebula.ResultSet {
		t.Helper()
		// Schema changes reach the storage hosts within a heartbeat; retry
		// the way NebulaGraph users are told to wait.
		deadline := time.Now().Add(20 * time.Second)
		for {
			rs, err := sess.Execute(q)
			if err != nil {
				t.Fatal(err)
			}
			if rs.IsSucceed() {
				return rs
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d %s", q, rs.GetErrorCode(), rs.GetErrorMsg())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	run("CREATE SPACE s(partition_num=3, replica_factor=3, vid_type=FIXED_STRING(8))")
	run("USE s")
	run("CREATE TAG person(name string)")
	run("CREATE EDGE knows(since int)")
	run(`INSERT VERTEX person(name) VALUES "a":("Ann"), "b":("Bob")`)
	run(`INSERT EDGE knows(since) VALUES "a"->"b":(2020)`)
	rs := run(`GO FROM "a" OVER knows YIELD $$.person.name AS name, knows.since AS since`)
	if got := rs.AsStringTable(); len(got) != 2 || got[1][0] != `"Bob"` || got[1][1] != "2020" {
		t.Fatalf("GO: %v", got)
	}
}

func splitHostPort(t *testing.T, addr string) (string, int) {
	t.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return host, port
}

// TestGraphdsAndFlags: every graphd serves clients, takes GraphdFlags by
// NebulaGraph's names, and a bad setting fails Start.
func TestGraphdsAndFlags(t *testing.T) {
	c, err := Start(context.Background(), Options{DataDir: t.TempDir(), Storaged: 1, Graphd: 2,
		GraphdFlags: []string{"failed_login_attempts=2", "password_lock_time_in_secs = 60"}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	}()
	if len(c.GraphAddrs) != 2 || c.GraphAddrs[0] != c.GraphAddr || c.GraphAddrs[1] == c.GraphAddr {
		t.Fatalf("GraphAddr %s, GraphAddrs %v", c.GraphAddr, c.GraphAddrs)
	}
	login := func(addr, password string) error {
		host, port := splitHostPort(t, addr)
		conf := nebula.GetDefaultConf()
		conf.TimeOut = 20 * time.Second
		pool, err := nebula.NewConnectionPool([]nebula.HostAddress{{Host: host, Port: port}}, conf, quiet{})
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		sess, err := pool.GetSession("root", password)
		if err == nil {
			sess.Release()
		}
		return err
	}
	// Two wrong passwords lock root out of graphd 1 only: the count is per
	// graphd, as NebulaGraph's.
	for i, want := range []string{"remaining attempts: 1", "has been locked"} {
		if err := login(c.GraphAddrs[1], "wrong"); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("wrong password %d on graphd 1: %v, want %q", i+1, err, want)
		}
	}
	if err := login(c.GraphAddrs[1], "nebula"); err == nil || !strings.Contains(err.Error(), "has been locked") {
		t.Fatalf("right password on graphd 1 while locked: %v", err)
	}
	if err := login(c.GraphAddrs[0], "nebula"); err != nil {
		t.Fatalf("graphd 0: %v", err)
	}

	_, err = Start(context.Background(), Options{DataDir: t.TempDir(), Storaged: 1, GraphdFlags: []string{"failed_login_attempts=40000"}})
	if err == nil || !strings.Contains(err.Error(), "failed_login_attempts") {
		t.Fatalf("Start with a bad flag: %v", err)
	}
}
