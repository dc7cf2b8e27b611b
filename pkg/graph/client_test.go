package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	nebula "github.com/vesoft-inc/nebula-go/v3"

	"github.com/novagraph/novagraph/pkg/graph/exec"
	"github.com/novagraph/novagraph/pkg/graph/session"
)

// oneSpace is a catalog with a single space, standing in for metad so that
// SessionPool's USE succeeds.
type oneSpace string

func (s oneSpace) SpaceByName(_ context.Context, name string) (session.Space, error) {
	if name != string(s) {
		return session.Space{}, fmt.Errorf("%s: %w", name, exec.ErrSpaceNotFound)
	}
	return session.Space{ID: 1, Name: name}, nil
}

func (oneSpace) TagExists(context.Context, session.Space, string) (bool, error) { return false, nil }

func realEngine() *exec.Engine { return exec.New(exec.Options{Catalog: oneSpace("test")}) }

func TestClientYield(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	sess := rootSession(t, srv)

	rs, err := sess.Execute(`YIELD 1+1 AS a, "x" AS b, [1,2] AS c, {k: 1.5} AS d, date("2020-01-01") AS e`)
	if err != nil {
		t.Fatal(err)
	}
	if !rs.IsSucceed() {
		t.Fatalf("%d %s", rs.GetErrorCode(), rs.GetErrorMsg())
	}
	if got := rs.GetColNames(); fmt.Sprint(got) != "[a b c d e]" {
		t.Fatalf("columns %v", got)
	}
	rec, err := rs.GetRowValuesByIndex(0)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := rec.GetValueByColName("a")
	if n, err := a.AsInt(); err != nil || n != 2 {
		t.Errorf("a = %v, %v", n, err)
	}
	b, _ := rec.GetValueByColName("b")
	if s, err := b.AsString(); err != nil || s != "x" {
		t.Errorf("b = %q, %v", s, err)
	}
	c, _ := rec.GetValueByColName("c")
	if l, err := c.AsList(); err != nil || len(l) != 2 || l[1].String() != "2" {
		t.Errorf("c = %v, %v", l, err)
	}
	d, _ := rec.GetValueByColName("d")
	if m, err := d.AsMap(); err != nil {
		t.Errorf("d: %v", err)
	} else if f, err := m["k"].AsFloat(); err != nil || f != 1.5 {
		t.Errorf("d.k = %v, %v", f, err)
	}
	e, _ := rec.GetValueByColName("e")
	if dt, err := e.AsDate(); err != nil || dt.Year != 2020 || dt.Month != 1 || dt.Day != 1 {
		t.Errorf("e = %v, %v", dt, err)
	}
}

func TestClientParameters(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	sess := rootSession(t, srv)
	params := map[string]any{
		"i": 42, "f": 3.75, "s": "héllo", "b": true, "n": nil,
		"l": []any{1, "two", 3.5}, "m": map[string]any{"k": 2.25},
	}
	rs, err := sess.ExecuteWithParameter(
		`YIELD $i + 1 AS i, $f * 2 AS f, $s AS s, NOT $b AS b, $n IS NULL AS n, $l[2] AS l, $m.k AS m`, params)
	if err != nil {
		t.Fatal(err)
	}
	if !rs.IsSucceed() {
		t.Fatalf("%d %s", rs.GetErrorCode(), rs.GetErrorMsg())
	}
	got := rs.AsStringTable()
	want := `[[i f s b n l m] [43 7.5 "héllo" false true 3.5 2.25]]`
	if fmt.Sprint(got) != want {
		t.Fatalf("got %v\nwant %s", got, want)
	}
}

func TestClientSyntaxError(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	sess := rootSession(t, srv)
	rs, err := sess.Execute("YIELD 1 +")
	if err != nil {
		t.Fatal(err)
	}
	if rs.GetErrorCode() != -1004 || rs.GetErrorMsg() != "SyntaxError: syntax error near `+'" {
		t.Fatalf("code %d msg %q", rs.GetErrorCode(), rs.GetErrorMsg())
	}
	rs, err = sess.Execute("YIELD v")
	if err != nil {
		t.Fatal(err)
	}
	if rs.GetErrorCode() != -1009 || rs.GetErrorMsg() != "SemanticError: Invalid label identifiers: v" {
		t.Fatalf("code %d msg %q", rs.GetErrorCode(), rs.GetErrorMsg())
	}
}

func TestClientExecuteJSON(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	sess := rootSession(t, srv)
	raw, err := sess.ExecuteJsonWithParameter(`YIELD $p AS p, date("2017-09-10") AS d`, map[string]any{"p": "x"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Errors  []struct{ Code int } `json:"errors"`
		Results []struct {
			Columns []string `json:"columns"`
			Data    []struct {
				Row  []any `json:"row"`
				Meta []any `json:"meta"`
			} `json:"data"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	r := doc.Results[0]
	if doc.Errors[0].Code != 0 || fmt.Sprint(r.Columns) != "[p d]" || fmt.Sprint(r.Data[0].Row) != "[x 2017-09-10]" ||
		fmt.Sprint(r.Data[0].Meta) != "[<nil> map[type:date]]" {
		t.Fatalf("json: %s", raw)
	}

	raw, err = sess.ExecuteJson("YIELD $-.nope")
	if err != nil {
		t.Fatal(err)
	}
	var bad struct {
		Errors []struct {
			Code    int
			Message string
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &bad); err != nil || bad.Errors[0].Code != -1009 {
		t.Fatalf("json error: %v %s", err, raw)
	}
}

func TestClientSessionPool(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	conf, err := nebula.NewSessionPoolConf("root", "nebula", []nebula.HostAddress{hostAddr(t, srv.Addr())}, "test",
		nebula.WithMaxSize(8), nebula.WithMinSize(2), nebula.WithTimeOut(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	pool, err := nebula.NewSessionPool(*conf, quietLogger{})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rs, err := pool.Execute(`YIELD 1 AS one`)
	if err != nil {
		t.Fatal(err)
	}
	if !rs.IsSucceed() || rs.GetSpaceName() != "test" {
		t.Fatalf("code %d space %q", rs.GetErrorCode(), rs.GetSpaceName())
	}
	rs, err = pool.ExecuteWithParameter(`RETURN $x * 2 AS y`, map[string]any{"x": 21})
	if err != nil {
		t.Fatal(err)
	}
	if got := rs.AsStringTable(); fmt.Sprint(got) != "[[y] [42]]" {
		t.Fatalf("got %v", got)
	}
}

// TestClientSessionExpiry: an expired session gets -1002 and a SessionPool
// recovers by creating a new one and rerunning the query.
func TestClientSessionExpiry(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	conf, err := nebula.NewSessionPoolConf("root", "nebula", []nebula.HostAddress{hostAddr(t, srv.Addr())}, "test",
		nebula.WithMaxSize(1), nebula.WithMinSize(1))
	if err != nil {
		t.Fatal(err)
	}
	pool, err := nebula.NewSessionPool(*conf, quietLogger{})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	for _, s := range srv.Sessions().List() {
		srv.Sessions().Remove(context.Background(), s.ID())
	}
	rs, err := pool.Execute("YIELD 2 AS two")
	if err != nil {
		t.Fatal(err)
	}
	if !rs.IsSucceed() {
		t.Fatalf("after expiry: %d %s", rs.GetErrorCode(), rs.GetErrorMsg())
	}
}

func TestClientExplain(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	sess := rootSession(t, srv)
	rs, err := sess.Execute(`EXPLAIN YIELD 1 AS a | YIELD $-.a AS b WHERE $-.a > 0`)
	if err != nil {
		t.Fatal(err)
	}
	if !rs.IsSucceed() || !rs.IsSetPlanDesc() || rs.IsSetData() {
		t.Fatalf("code %d msg %q plan %v data %v", rs.GetErrorCode(), rs.GetErrorMsg(), rs.IsSetPlanDesc(), rs.IsSetData())
	}
	rows := rs.MakePlanByRow()
	if len(rows) != 4 || fmt.Sprint(rows[0][1]) != "Project" {
		t.Fatalf("plan rows %v", rows)
	}
	if dot := rs.MakeDotGraph(); !strings.Contains(dot, "Filter") {
		t.Fatalf("dot: %s", dot)
	}
	rs, err = sess.Execute(`PROFILE YIELD 1 AS a`)
	if err != nil {
		t.Fatal(err)
	}
	if !rs.IsSetPlanDesc() || rs.GetRowSize() != 1 {
		t.Fatalf("profile: plan %v rows %d", rs.IsSetPlanDesc(), rs.GetRowSize())
	}
}

func TestClientShowAndKillSessions(t *testing.T) {
	srv := startServer(t, realEngine(), nil)
	pool := newPool(t, srv)
	a := rootSession(t, srv)
	b, err := pool.GetSession("root", "nebula")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	rs, err := a.Execute("SHOW SESSIONS")
	if err != nil || !rs.IsSucceed() {
		t.Fatalf("%v %s", err, rs.GetErrorMsg())
	}
	if got := fmt.Sprint(rs.GetColNames()); got != "[SessionId UserName SpaceName CreateTime UpdateTime GraphAddr Timezone ClientIp]" {
		t.Fatalf("columns %s", got)
	}
	if rs.GetRowSize() != 2 {
		t.Fatalf("rows %d", rs.GetRowSize())
	}
	rs, err = a.Execute(fmt.Sprintf("KILL SESSION %d", b.GetSessionID()))
	if err != nil || !rs.IsSucceed() {
		t.Fatalf("kill: %v %s", err, rs.GetErrorMsg())
	}
	rs, err = b.Execute("YIELD 1")
	if err != nil {
		t.Fatal(err)
	}
	if rs.GetErrorCode() != -1002 {
		t.Fatalf("killed session still works: %d", rs.GetErrorCode())
	}
}
