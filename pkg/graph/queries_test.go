package graph_test

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/localcluster"
)

// TestShowAndKillQuery runs an endless GO on a two-vertex cycle, finds it
// with SHOW QUERIES from another session and stops it with KILL QUERY.
func TestShowAndKillQuery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	lc, err := localcluster.Start(ctx, localcluster.Options{DataDir: t.TempDir(), Storaged: 1, HeartbeatInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := lc.Close(); err != nil {
			t.Error(err)
		}
	}()
	host, portStr, err := net.SplitHostPort(lc.GraphAddr)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portStr)
	conf := nebula.GetDefaultConf()
	conf.TimeOut = 30 * time.Second
	pool, err := nebula.NewConnectionPool([]nebula.HostAddress{{Host: host, Port: port}}, conf, nebula.DefaultLogger{})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	a, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Release()
	b, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()

	mustExec := func(s *nebula.Session, stmt string) *nebula.ResultSet {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			rs, err := s.Execute(stmt)
			if err != nil {
				t.Fatal(err)
			}
			if rs.IsSucceed() {
				return rs
			}
			// A new space's parts need a heartbeat or two to elect leaders.
			if time.Now().After(deadline) {
				t.Fatalf("%s: %s", stmt, rs.GetErrorMsg())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	mustExec(a, "CREATE SPACE q(partition_num=1, vid_type=FIXED_STRING(8))")
	mustExec(a, "USE q")
	mustExec(a, "CREATE EDGE e()")
	mustExec(a, `INSERT EDGE e() VALUES "a"->"b":(), "b"->"a":()`)

	const endless = `GO 100000000 STEPS FROM "a" OVER e YIELD dst(edge)`
	type outcome struct {
		rs  *nebula.ResultSet
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		rs, err := a.Execute(endless)
		done <- outcome{rs, err}
	}()

	var plan int64
	waitFor(t, func() bool {
		rs := mustExec(b, "SHOW LOCAL QUERIES")
		if got := fmt.Sprint(rs.GetColNames()); got != "[SessionID ExecutionPlanID User Host StartTime DurationInUSec Status Query]" {
			t.Fatalf("SHOW QUERIES columns %s", got)
		}
		for i := range rs.GetRowSize() {
			row, _ := rs.GetRowValuesByIndex(i)
			text, _ := row.GetValueByIndex(7)
			sid, _ := row.GetValueByIndex(0)
			if s, _ := text.AsString(); s == endless {
				if id, _ := sid.AsInt(); id != a.GetSessionID() {
					t.Errorf("session %d, want %d", id, a.GetSessionID())
				}
				p, _ := row.GetValueByIndex(1)
				plan, _ = p.AsInt()
				return true
			}
		}
		return false
	})

	// Another session's plan id that does not exist is an error.
	rs, err := b.Execute(fmt.Sprintf("KILL QUERY (session=%d, plan=%d)", a.GetSessionID(), plan+1000))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("ExecutionPlanId[%d] does not exist in Session[%d].", plan+1000, a.GetSessionID()); rs.GetErrorMsg() != want {
		t.Errorf("kill unknown plan: %q, want %q", rs.GetErrorMsg(), want)
	}

	start := time.Now()
	mustExec(b, fmt.Sprintf("KILL QUERY (session=%d, plan=%d)", a.GetSessionID(), plan))
	select {
	case o := <-done:
		if o.err != nil {
			t.Fatal(o.err)
		}
		if !strings.Contains(o.rs.GetErrorMsg(), "Execution had been killed") {
			t.Errorf("killed query answered %d %q", o.rs.GetErrorCode(), o.rs.GetErrorMsg())
		}
		t.Logf("the query stopped %v after KILL QUERY", time.Since(start))
	case <-time.After(10 * time.Second):
		t.Fatal("the killed query still runs")
	}
	// The session itself goes on.
	mustExec(a, "YIELD 1")
}
