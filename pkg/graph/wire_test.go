package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/graph"
	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/value"
)

// quietLogger silences nebula-go's pool logging in tests.
type quietLogger struct{}

func (quietLogger) Info(string)  {}
func (quietLogger) Warn(string)  {}
func (quietLogger) Error(string) {}
func (quietLogger) Fatal(string) {}

// startServer runs a graphd with engine on loopback ports and stops it when
// the test ends.
func startServer(t *testing.T, engine graph.Engine, mod func(*graph.Config)) *graph.Server {
	t.Helper()
	cfg := graph.DefaultConfig()
	cfg.Port, cfg.WSHTTPPort = 0, 0
	if mod != nil {
		mod(&cfg)
	}
	srv, err := graph.NewServer(cfg, graph.Deps{
		Engine: engine,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	return srv
}

func hostAddr(t *testing.T, a net.Addr) nebula.HostAddress {
	t.Helper()
	ta := a.(*net.TCPAddr)
	return nebula.HostAddress{Host: ta.IP.String(), Port: ta.Port}
}

func newPool(t *testing.T, srv *graph.Server) *nebula.ConnectionPool {
	t.Helper()
	conf := nebula.GetDefaultConf()
	conf.TimeOut = 10 * time.Second
	conf.MaxConnPoolSize = 128
	pool, err := nebula.NewConnectionPool([]nebula.HostAddress{hostAddr(t, srv.Addr())}, conf, quietLogger{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// rootSession opens a session as root on srv, released when the test ends.
func rootSession(t *testing.T, srv *graph.Server) *nebula.Session {
	t.Helper()
	sess, err := newPool(t, srv).GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sess.Release)
	return sess
}

// fixedEngine answers every statement with one row holding every value kind,
// so the wire encoding of each can be checked through the real client.
type fixedEngine struct{}

func (fixedEngine) Execute(_ context.Context, q *exec.Query) (*exec.Result, error) {
	props := map[string]value.Value{"name": value.NewString("Tim"), "age": value.NewInt(42)}
	v1 := value.Vertex{VID: value.NewString("a"), Tags: []value.Tag{{Name: "player", Props: props}}}
	v2 := value.Vertex{VID: value.NewString("b"), Tags: []value.Tag{{Name: "team", Props: map[string]value.Value{}}}}
	edge := &value.Edge{Src: value.NewString("a"), Dst: value.NewString("b"), Type: 5, Name: "serve",
		Ranking: 3, Props: map[string]value.Value{"start": value.NewInt(1997)}}
	path := &value.Path{Src: v1, Steps: []value.Step{{Dst: v2, Type: 5, Name: "serve", Ranking: 3,
		Props: map[string]value.Value{"start": value.NewInt(1997)}}}}
	cols := []string{"null", "bool", "int", "float", "string", "date", "time", "datetime", "duration",
		"vertex", "edge", "path", "list", "map", "set", "geography", "empty", "nan"}
	row := []value.Value{
		value.Null, value.NewBool(true), value.NewInt(-7), value.NewFloat(3.75), value.NewString("héllo"),
		value.NewDate(value.Date{Year: 2020, Month: 1, Day: 2}),
		value.NewTime(value.Time{Hour: 1, Minute: 2, Sec: 3, Microsec: 4}),
		value.NewDateTime(value.DateTime{Year: 2021, Month: 12, Day: 31, Hour: 23, Minute: 59, Sec: 58, Microsec: 999999}),
		value.NewDuration(value.Duration{Seconds: 100, Microseconds: 20, Months: 1}),
		value.NewVertex(&v1), value.NewEdge(edge), value.NewPath(path),
		value.NewList([]value.Value{value.NewInt(1), value.NewString("x")}),
		value.NewMap(map[string]value.Value{"k": value.NewFloat(1.5)}),
		value.NewSet([]value.Value{value.NewInt(1), value.NewInt(2), value.NewInt(1)}),
		value.NewGeography(&value.Geography{Shape: value.GeoPoint, Point: value.Coordinate{X: 1, Y: 2}}),
		value.Empty, value.NewNull(value.NullNaN),
	}
	return &exec.Result{Data: &value.DataSet{ColNames: cols, Rows: []value.Row{{Values: row}}}}, nil
}

func TestWireEveryValueKind(t *testing.T) {
	srv := startServer(t, fixedEngine{}, nil)
	sess := rootSession(t, srv)
	rs, err := sess.Execute("anything")
	if err != nil {
		t.Fatal(err)
	}
	if !rs.IsSucceed() || rs.GetRowSize() != 1 {
		t.Fatalf("code %d msg %q rows %d", rs.GetErrorCode(), rs.GetErrorMsg(), rs.GetRowSize())
	}
	rec, err := rs.GetRowValuesByIndex(0)
	if err != nil {
		t.Fatal(err)
	}
	get := func(col string) *nebula.ValueWrapper {
		t.Helper()
		v, err := rec.GetValueByColName(col)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	checks := []struct {
		col  string
		typ  string
		text string
	}{
		{"null", "null", "__NULL__"},
		{"bool", "bool", "true"},
		{"int", "int", "-7"},
		{"float", "float", "3.75"},
		{"string", "string", `"héllo"`},
		{"date", "date", "2020-01-02"},
		{"time", "time", "01:02:03.000004"},
		{"datetime", "datetime", "2021-12-31T23:59:58.999999"},
		{"duration", "duration", "P1MT100.000020000S"},
		{"vertex", "vertex", `("a" :player{age: 42, name: "Tim"})`},
		{"edge", "edge", `[:serve "a"->"b" @3 {start: 1997}]`},
		{"path", "path", `<("a" :player{age: 42, name: "Tim"})-[:serve@3 {start: 1997}]->("b" :team{})>`},
		{"list", "list", `[1, "x"]`},
		{"map", "map", "{k: 1.5}"},
		{"set", "set", "{1, 2}"},
		{"geography", "geography", "POINT(1 2)"},
		{"empty", "empty", ""},
		{"nan", "null", "NaN"},
	}
	for _, c := range checks {
		v := get(c.col)
		if v.GetType() != c.typ {
			t.Errorf("%s: type %q, want %q", c.col, v.GetType(), c.typ)
		}
		if v.String() != c.text {
			t.Errorf("%s: %s, want %s", c.col, v.String(), c.text)
		}
	}
	if f, err := get("float").AsFloat(); err != nil || f != 3.75 {
		t.Errorf("float %v %v", f, err)
	}
	node, err := get("vertex").AsNode()
	if err != nil {
		t.Fatal(err)
	}
	if props, err := node.Properties("player"); err != nil || props["name"].String() != `"Tim"` {
		t.Errorf("vertex props %v %v", props, err)
	}
	rel, err := get("edge").AsRelationship()
	if err != nil {
		t.Fatal(err)
	}
	if rel.GetEdgeName() != "serve" || rel.GetRanking() != 3 || rel.GetSrcVertexID().String() != `"a"` {
		t.Errorf("edge %s", rel.String())
	}
	p, err := get("path").AsPath()
	if err != nil {
		t.Fatal(err)
	}
	if p.GetPathLength() != 1 {
		t.Errorf("path length %d", p.GetPathLength())
	}
	if set, err := get("set").AsDedupList(); err != nil || len(set) != 2 {
		t.Errorf("set %v %v", set, err)
	}
}

func TestAuthAndHandshake(t *testing.T) {
	srv := startServer(t, fixedEngine{}, nil)
	pool := newPool(t, srv)

	_, err := pool.GetSession("root", "wrong")
	if err == nil {
		t.Fatal("wrong password accepted")
	}
	if want := "error code: -1001"; !contains(err.Error(), want) || !contains(err.Error(), "Invalid password") {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := pool.GetSession("nobody", "nebula"); err == nil || !contains(err.Error(), "User not exist") {
		t.Fatalf("unknown user: %v", err)
	}

	conf := nebula.GetDefaultConf()
	conf.HandshakeKey = "0.0.1"
	_, err = nebula.NewConnectionPool([]nebula.HostAddress{hostAddr(t, srv.Addr())}, conf, quietLogger{})
	if err == nil || !contains(err.Error(), "handshakeKey(0.0.1) is not accepted") {
		t.Fatalf("bad handshake key: %v", err)
	}
}

func TestAuthorizeOffAcceptsAnyone(t *testing.T) {
	srv := startServer(t, fixedEngine{}, func(c *graph.Config) { c.EnableAuthorize = false })
	pool := newPool(t, srv)
	sess, err := pool.GetSession("someone", "anything")
	if err != nil {
		t.Fatal(err)
	}
	sess.Release()
}

// errEngine fails every statement with the error it holds.
type errEngine struct{ err error }

func (e errEngine) Execute(context.Context, *exec.Query) (*exec.Result, error) { return nil, e.err }

func TestSessionLifecycle(t *testing.T) {
	srv := startServer(t, fixedEngine{}, nil)
	pool := newPool(t, srv)
	sess, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	if srv.Sessions().Len() != 1 {
		t.Fatalf("sessions %d", srv.Sessions().Len())
	}
	if err := sess.Ping(); err != nil {
		t.Fatal(err)
	}
	sess.Release() // oneway signout: no reply must be read
	deadline := time.Now().Add(5 * time.Second)
	for srv.Sessions().Len() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("signout did not remove the session")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The connection stays usable after the oneway call.
	sess2, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	defer sess2.Release()
	if rs, err := sess2.Execute("x"); err != nil || !rs.IsSucceed() {
		t.Fatalf("after signout: %v", err)
	}
}

func TestExecuteJSONShape(t *testing.T) {
	srv := startServer(t, fixedEngine{}, nil)
	sess := rootSession(t, srv)
	raw, err := sess.ExecuteJson("x")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Errors []struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
		Results []struct {
			Columns []string `json:"columns"`
			Data    []struct {
				Row  []any `json:"row"`
				Meta []any `json:"meta"`
			} `json:"data"`
			LatencyInUs int64  `json:"latencyInUs"`
			SpaceName   string `json:"spaceName"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%v in %s", err, raw)
	}
	if len(doc.Errors) != 1 || doc.Errors[0].Code != 0 || len(doc.Results) != 1 {
		t.Fatalf("shape: %s", raw)
	}
	r := doc.Results[0]
	if len(r.Columns) != 18 || len(r.Data) != 1 || len(r.Data[0].Row) != 18 || len(r.Data[0].Meta) != 18 {
		t.Fatalf("columns/data: %s", raw)
	}
	if r.Data[0].Row[2] != float64(-7) || r.Data[0].Row[4] != "héllo" || r.Data[0].Row[16] != "__EMPTY__" {
		t.Fatalf("row: %v", r.Data[0].Row)
	}
	meta, _ := r.Data[0].Meta[9].(map[string]any)
	if meta["type"] != "vertex" || meta["id"] != "a" {
		t.Fatalf("vertex meta: %v", r.Data[0].Meta[9])
	}
}

func TestErrorResponses(t *testing.T) {
	srv := startServer(t, errEngine{errors.New("boom")}, nil)
	sess := rootSession(t, srv)
	rs, err := sess.Execute("x")
	if err != nil {
		t.Fatal(err)
	}
	if rs.GetErrorCode() != -1005 || rs.GetErrorMsg() != "boom" {
		t.Fatalf("code %d msg %q", rs.GetErrorCode(), rs.GetErrorMsg())
	}
	// The connection survives an error response.
	if rs, err := sess.Execute("y"); err != nil || rs.GetErrorCode() != -1005 {
		t.Fatalf("second: %v", err)
	}
	raw, err := sess.ExecuteJson("x")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Errors []struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Errors[0].Code != -1005 || doc.Errors[0].Message != "boom" {
		t.Fatalf("json error %v: %s", err, raw)
	}
}

func TestManyConcurrentSessions(t *testing.T) {
	srv := startServer(t, fixedEngine{}, nil)
	pool := newPool(t, srv)
	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess, err := pool.GetSession("root", "nebula")
			if err != nil {
				errs <- err
				return
			}
			defer sess.Release()
			for j := 0; j < 20; j++ {
				rs, err := sess.Execute("x")
				if err != nil {
					errs <- err
					return
				}
				if !rs.IsSucceed() || rs.GetRowSize() != 1 {
					errs <- fmt.Errorf("code %d", rs.GetErrorCode())
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// panicEngine panics on every statement.
type panicEngine struct{}

func (panicEngine) Execute(context.Context, *exec.Query) (*exec.Result, error) { panic("bug") }

func TestEnginePanicIsAnErrorNotACrash(t *testing.T) {
	srv := startServer(t, panicEngine{}, nil)
	sess := rootSession(t, srv)
	for i := 0; i < 2; i++ {
		rs, err := sess.Execute("x")
		if err != nil {
			t.Fatal(err)
		}
		if rs.GetErrorCode() != -1005 || rs.GetErrorMsg() != "Internal error: bug" {
			t.Fatalf("code %d msg %q", rs.GetErrorCode(), rs.GetErrorMsg())
		}
	}
}

// slowEngine blocks until the request's context ends.
type slowEngine struct{}

func (slowEngine) Execute(ctx context.Context, _ *exec.Query) (*exec.Result, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestQueryTimeout(t *testing.T) {
	srv := startServer(t, slowEngine{}, func(c *graph.Config) { c.QueryTimeout = 50 * time.Millisecond })
	sess := rootSession(t, srv)
	rs, err := sess.Execute("x")
	if err != nil {
		t.Fatal(err)
	}
	if rs.GetErrorCode() != -1005 || !strings.Contains(rs.GetErrorMsg(), "query_timeout_ms") {
		t.Fatalf("code %d msg %q", rs.GetErrorCode(), rs.GetErrorMsg())
	}
}
