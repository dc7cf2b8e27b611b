package console

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	nebulago "github.com/vesoft-inc/nebula-go/v3"
	"github.com/vesoft-inc/nebula-go/v3/nebula"
	"github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

// fakeSession answers statements from a script of canned responses and
// records what it was sent. Statements without an answer succeed with no
// data; "USE x" switches the space.
type fakeSession struct {
	t       *testing.T
	space   string
	answers map[string][]*nebulago.ResultSet // consumed in order; the last one repeats
	sent    []string
	params  []map[string]any
}

func (f *fakeSession) ExecuteWithParameter(stmt string, params map[string]any) (*nebulago.ResultSet, error) {
	f.sent = append(f.sent, stmt)
	cp := map[string]any{}
	for k, v := range params {
		cp[k] = v
	}
	f.params = append(f.params, cp)
	if stmt == "BOOM" {
		return nil, errors.New("connection reset")
	}
	if as := f.answers[stmt]; len(as) > 0 {
		rs := as[0]
		if len(as) > 1 {
			f.answers[stmt] = as[1:]
		}
		if sp := rs.GetSpaceName(); sp != "" {
			f.space = sp
		}
		return rs, nil
	}
	if name, ok := strings.CutPrefix(stmt, "USE "); ok {
		f.space = strings.Trim(name, "`")
	}
	return genResult(f.t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, LatencyInUs: 10, SpaceName: []byte(f.space)}), nil
}

var fixedNow = func() time.Time { return time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC) }

// wallTimes blanks the client-measured durations, which vary run to run.
var wallTimes = regexp.MustCompile(`(time spent [^/]+)/[^)]+\)`)

func normalize(s string) string {
	s = wallTimes.ReplaceAllString(s, "$1/WALL)")
	return strings.ReplaceAll(s, fixedNow().In(time.Local).Format(timestampLayout), "TIMESTAMP")
}

func runScript(t *testing.T, sess Session, opts Options, script string) (string, error) {
	t.Helper()
	var out strings.Builder
	if opts.Out == nil {
		opts.Out = &out
	}
	opts.Now = fixedNow
	c := New(sess, opts)
	err := c.Run(context.Background(), NewScriptReader(strings.NewReader(script), opts.Out))
	return normalize(out.String()), err
}

func TestConsoleTranscript(t *testing.T) {
	f := &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{
		"YIELD $p AS p, $n AS n": {resultSet(t, []string{"p", "n"}, []*nebula.Value{vMap(map[string]*nebula.Value{"a": vList(vInt(1))}), vFloat(2)})},
		"YIELD 1 +":              {errorResult(t, nebula.ErrorCode_E_SYNTAX_ERROR, "SyntaxError: syntax error near `+'")},
		"GO FROM \"a\" OVER e":   {resultSet(t, []string{"dst"})},
	}}
	script := strings.Join([]string{
		`:param p => {"a": [1]}`,
		`:param n => 2.0;`,
		`:param gone => 'x'`,
		`:param gone =>`,
		`:params`,
		`:params p`,
		`:params nope`,
		`YIELD $p AS p, $n AS n`,
		`# only a comment`,
		`GO FROM "a" \`,
		`OVER e`,
		`YIELD 1 +`,
		`:repeat 2`,
		`USE demo`,
		`:frobnicate`,
		`:param bad => [1,`,
		`:sleep 0`,
		`:exit`,
		`YIELD "never sent"`,
	}, "\n")
	out, err := runScript(t, f, Options{User: "root"}, script)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "transcript.golden", out)
	want := []string{`YIELD $p AS p, $n AS n`, `GO FROM "a" OVER e`, `YIELD 1 +`, `USE demo`, `USE demo`}
	if fmt.Sprintf("%q", f.sent) != fmt.Sprintf("%q", want) {
		t.Errorf("sent %q", f.sent)
	}
	if want := (map[string]any{"p": map[string]any{"a": []any{1}}, "n": fv(2)}); !reflect.DeepEqual(f.params[0], want) {
		t.Errorf("params %#v", f.params[0])
	}
}

func TestConsoleFailFast(t *testing.T) {
	f := &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{
		"YIELD 1 +": {errorResult(t, nebula.ErrorCode_E_SYNTAX_ERROR, "SyntaxError: syntax error near `+'")},
	}}
	out, err := runScript(t, f, Options{FailFast: true}, "YIELD 1\nYIELD 1 +\nYIELD 2\n")
	if !errors.Is(err, ErrStatementFailed) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(out, "[ERROR (-1004)]: SyntaxError: syntax error near `+'") || len(f.sent) != 2 {
		t.Errorf("sent %q out:\n%s", f.sent, out)
	}

	// A bad console command fails fast too.
	f = &fakeSession{t: t}
	_, err = runScript(t, f, Options{FailFast: true}, ":nope\nYIELD 2\n")
	if !errors.Is(err, ErrStatementFailed) || len(f.sent) != 0 {
		t.Fatalf("err = %v, sent %q", err, f.sent)
	}

	// Without FailFast everything runs and Failed reports the failure.
	f = &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{
		"YIELD 1 +": {errorResult(t, nebula.ErrorCode_E_SYNTAX_ERROR, "SyntaxError: x")},
	}}
	c := New(f, Options{})
	if err := c.Run(context.Background(), NewScriptReader(strings.NewReader("YIELD 1 +\nYIELD 2"), nil)); err != nil {
		t.Fatal(err)
	}
	if !c.Failed() || len(f.sent) != 2 {
		t.Errorf("failed %v sent %q", c.Failed(), f.sent)
	}
}

func TestConsoleClientError(t *testing.T) {
	f := &fakeSession{t: t}
	_, err := runScript(t, f, Options{}, "BOOM\nYIELD 1")
	if err == nil || !strings.Contains(err.Error(), "connection reset") || len(f.sent) != 1 {
		t.Fatalf("err = %v sent %q", err, f.sent)
	}
}

func TestConsoleExports(t *testing.T) {
	dir := t.TempDir()
	csvPath, dotPath := filepath.Join(dir, "out.csv"), filepath.Join(dir, "plan.dot")
	rows := resultSet(t, []string{"name", "age"}, []*nebula.Value{vStr("Tim, \"TD\""), vInt(42)}, []*nebula.Value{vNull(), vInt(1)})
	plan := genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, PlanDesc: samplePlan("row")})
	f := &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{"Q": {rows}, "EXPLAIN Q": {plan}}}
	script := fmt.Sprintf(":csv %s\nQ\nQ\n:dot %s\nQ\nEXPLAIN Q\n", csvPath, dotPath)
	if _, err := runScript(t, f, Options{}, script); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "name,age\n\"Tim, \"\"TD\"\"\",42\n__NULL__,1\n" {
		t.Errorf("csv file:\n%s", got)
	}
	dot, err := os.ReadFile(dotPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(dot) != DotGraph(samplePlan("row")) {
		t.Errorf("dot file:\n%s", dot)
	}
	// A file that cannot be created is reported.
	out, err := runScript(t, f, Options{}, ":csv "+filepath.Join(dir, "missing", "x.csv"))
	if err != nil || !strings.Contains(out, "Error: open or create file") {
		t.Errorf("err %v out %s", err, out)
	}
}

func TestConsoleMachineFormats(t *testing.T) {
	rows := resultSet(t, []string{"a"}, []*nebula.Value{vInt(1)})
	bad := errorResult(t, nebula.ErrorCode_E_SEMANTIC_ERROR, "SemanticError: no")
	for _, tc := range []struct {
		format   Format
		out, err string
	}{
		{FormatJSON, `{"columns":["a"],"rows":[[1]],"space":"demo"}` + "\n" + `{"error":{"code":-1009,"message":"SemanticError: no"}}` + "\n", "Unknown parameter: x\n"},
		{FormatCSV, "a\n1\n", "[ERROR (-1009)]: SemanticError: no\nUnknown parameter: x\n"},
	} {
		f := &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{"Q": {rows}, "BAD": {bad}}}
		var out, errs strings.Builder
		c := New(f, Options{Format: tc.format, Out: &out, Err: &errs})
		if err := c.Run(context.Background(), NewScriptReader(strings.NewReader("Q\nBAD\n:params x\n"), nil)); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.out || errs.String() != tc.err {
			t.Errorf("%v: out %q err %q", tc.format, out.String(), errs.String())
		}
	}
}

func TestConsoleCompleteNames(t *testing.T) {
	f := &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{
		"SHOW SPACES": {resultSet(t, []string{"Name"}, []*nebula.Value{vStr("airports")})},
		"SHOW TAGS":   {resultSet(t, []string{"Name"}, []*nebula.Value{vStr("airport")}, []*nebula.Value{vStr("hub")})},
		"SHOW EDGES":  {errorResult(t, nebula.ErrorCode_E_EXECUTION_ERROR, "no storage")},
	}}
	c := New(f, Options{})
	if _, got, _ := c.Complete("USE air", 7); fmt.Sprint(got) != "[airports]" {
		t.Errorf("no space: %v", got)
	}
	if _, err := c.Execute(context.Background(), "USE airports"); err != nil {
		t.Fatal(err)
	}
	if _, got, _ := c.Complete("MATCH (v:air", 12); fmt.Sprint(got) != "[airport airports]" {
		t.Errorf("in space: %v", got)
	}
	n := len(f.sent)
	c.Complete("MATCH (v:h", 10)
	if len(f.sent) != n {
		t.Errorf("names not cached: %q", f.sent[n:])
	}
	if _, err := c.Execute(context.Background(), "CREATE TAG t()"); err != nil {
		t.Fatal(err)
	}
	c.Complete("MATCH (v:h", 10)
	if len(f.sent) == n+1 {
		t.Error("names not refreshed after DDL")
	}
}

func TestPlayDemo(t *testing.T) {
	demos := fstest.MapFS{
		"tiny.ngql": {Data: []byte("# a comment\nCREATE SPACE IF NOT EXISTS tiny(vid_type=INT64);\nUSE tiny;\n:sleep 0\n" +
			"CREATE TAG t(x int);\nINSERT VERTEX t(x) VALUES \\\n 1:(1);\n:csv ignored.csv\nINSERT VERTEX t(x) VALUES 2:($v)")},
		"broken.ngql": {Data: []byte("CREATE SPACE IF NOT EXISTS s(vid_type=INT64)\n")},
	}
	notYet := errorResult(t, nebula.ErrorCode_E_SEMANTIC_ERROR, "SpaceNotFound: SpaceName `tiny`")
	f := &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{
		"USE tiny;": {notYet, notYet, genResult(t, &graph.ExecutionResponse{ErrorCode: nebula.ErrorCode_SUCCEEDED, SpaceName: []byte("tiny")})},
		"CREATE SPACE IF NOT EXISTS s(vid_type=INT64)": {errorResult(t, nebula.ErrorCode_E_EXECUTION_ERROR, "no hosts to place partitions on")},
	}}
	out, err := runScript(t, f, Options{Demos: demos, SettleInterval: time.Millisecond},
		":param v => 7\n:play tiny\n:play broken\n:play nothere\n")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "play_demo.golden", out)
	want := []string{
		"CREATE SPACE IF NOT EXISTS tiny(vid_type=INT64);", "USE tiny;", "USE tiny;", "USE tiny;",
		"CREATE TAG t(x int);", "INSERT VERTEX t(x) VALUES  1:(1);", "INSERT VERTEX t(x) VALUES 2:($v)",
		"CREATE SPACE IF NOT EXISTS s(vid_type=INT64)",
	}
	if fmt.Sprintf("%q", f.sent) != fmt.Sprintf("%q", want) {
		t.Errorf("sent %q", f.sent)
	}
	if _, err := os.Stat("ignored.csv"); err == nil {
		os.Remove("ignored.csv")
		t.Error(":csv in a played script created a file")
	}
}

func TestPlaySettleGivesUp(t *testing.T) {
	demos := fstest.MapFS{"d.ngql": {Data: []byte("CREATE SPACE s\nUSE s\n")}}
	notYet := errorResult(t, nebula.ErrorCode_E_SEMANTIC_ERROR, "SpaceNotFound: s")
	f := &fakeSession{t: t, answers: map[string][]*nebulago.ResultSet{"USE s": {notYet}}}
	out, err := runScript(t, f, Options{Demos: demos, SettleAttempts: 3, SettleInterval: time.Millisecond}, ":play d")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.sent) != 4 || !strings.Contains(out, "Error: load dataset failed, an error occurred when executing: USE s, [ERROR (-1009)]: SpaceNotFound: s") {
		t.Errorf("sent %q\n%s", f.sent, out)
	}
}

func TestPlayDataset(t *testing.T) {
	f := &fakeSession{t: t}
	out, err := runScript(t, f, Options{}, ":play testdata/dataset")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "play_dataset.golden", out+"-- sent --\n"+strings.Join(f.sent, "\n")+"\n")
	if got := New(f, Options{}).Prompt(false); got != "(root@nebula) [(none)]> " {
		t.Error(got)
	}
}

func TestLoadDatasetErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadDataset(dir); !errors.Is(err, ErrNotDataset) {
		t.Errorf("empty dir: %v", err)
	}
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("space: {}\n")
	if _, err := LoadDataset(dir); err == nil || !strings.Contains(err.Error(), "names no space") {
		t.Errorf("no name: %v", err)
	}
	write("space: {name: x}\nfiles:\n  - {path: a.csv, type: edge}\n")
	if _, err := LoadDataset(dir); err == nil || !strings.Contains(err.Error(), `type "edge" without a matching "edge" section`) {
		t.Errorf("bad file: %v", err)
	}
	write("space: {name: x}\nfiles:\n  - {path: a.csv, type: vertex, vertex: {vid: {index: 0, type: int}, tags: [{name: t, props: [{name: p, type: int, index: 5}]}]}}\n")
	d, err := LoadDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.CreateSpace(); got != "CREATE SPACE IF NOT EXISTS `x`(partition_num=7, replica_factor=1, vid_type=FIXED_STRING(32), charset=utf8, collate=utf8_bin)" {
		t.Error(got)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = d.Inserts(func(string, bool) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "line 1: no column 5 (the record has 2)") {
		t.Errorf("short record: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("x,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.Inserts(func(string, bool) error { return nil }); err == nil || !strings.Contains(err.Error(), `vertex id "x" is not an integer`) {
		t.Errorf("bad vid: %v", err)
	}
}

func TestConsoleCancelled(t *testing.T) {
	f := &fakeSession{t: t}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := New(f, Options{})
	if err := c.Run(ctx, NewScriptReader(strings.NewReader("YIELD 1\n"), nil)); !errors.Is(err, context.Canceled) || len(f.sent) != 0 {
		t.Errorf("err %v sent %q", err, f.sent)
	}
	// :sleep wakes up when the context ends.
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.Execute(ctx, ":sleep 60"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("sleep: %v", err)
	}
}
