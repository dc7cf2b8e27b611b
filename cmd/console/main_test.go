package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/graph"
	graphexec "github.com/novagraph/novagraph/pkg/graph/exec"
)

// startGraphd runs an in-process graphd on a loopback port for the test and
// returns its port.
func startGraphd(t *testing.T) int {
	t.Helper()
	cfg := graph.DefaultConfig()
	cfg.Port, cfg.WSHTTPPort = 0, 0
	srv, err := graph.NewServer(cfg, graph.Deps{
		Engine: graphexec.New(graphexec.Options{}),
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
			t.Errorf("graphd: %v", err)
		}
	})
	return srv.Addr().(*net.TCPAddr).Port
}

type result struct {
	code        int
	out, errOut string
}

// runConsole runs the console in-process with the given arguments after the
// connection flags, stdin from stdin.
func runConsole(t *testing.T, port int, stdin string, args ...string) result {
	t.Helper()
	var out, errOut strings.Builder
	all := append([]string{"-addr", "127.0.0.1", "-port", strconv.Itoa(port), "-u", "root", "-p", "nebula"}, args...)
	code := run(context.Background(), all, strings.NewReader(stdin), &out, &errOut)
	return result{code, normalize(out.String()), errOut.String()}
}

var (
	timing    = regexp.MustCompile(`\(time spent [^)]*\)`)
	timestamp = regexp.MustCompile(`(?m)^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \S+$`)
)

// normalize blanks the parts of the output that change from run to run:
// latencies and the timestamp lines.
func normalize(s string) string {
	return timestamp.ReplaceAllString(timing.ReplaceAllString(s, "(time spent T)"), "TIMESTAMP")
}

func TestYieldTable(t *testing.T) {
	port := startGraphd(t)
	r := runConsole(t, port, "", "-e",
		`YIELD 1 AS i, 2.5 AS f, "héllo" AS s, true AS b, NULL AS n, [1, "a", NULL] AS l, {k: 1.0} AS m, date("2020-01-02") AS d`)
	want := `(root@nebula) [(none)]> YIELD 1 AS i, 2.5 AS f, "héllo" AS s, true AS b, NULL AS n, [1, "a", NULL] AS l, {k: 1.0} AS m, date("2020-01-02") AS d
+---+-----+---------+------+----------+--------------------+----------+------------+
| i | f   | s       | b    | n        | l                  | m        | d          |
+---+-----+---------+------+----------+--------------------+----------+------------+
| 1 | 2.5 | "héllo" | true | __NULL__ | [1, "a", __NULL__] | {k: 1.0} | 2020-01-02 |
+---+-----+---------+------+----------+--------------------+----------+------------+
Got 1 rows (time spent T)

TIMESTAMP



Bye root!
TIMESTAMP

`
	if r.code != 0 || r.out != want || r.errOut != "" {
		t.Errorf("code %d stderr %q stdout:\n%s", r.code, r.errOut, r.out)
	}
}

func TestScriptFileWithParams(t *testing.T) {
	port := startGraphd(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "out.csv")
	script := strings.Join([]string{
		`:param p => {"a": [1, 2.5, "x"]}`,
		`:param name => 'Tim'`,
		`:params`,
		`:params name`,
		`YIELD $p.a[1] AS f, $name AS name, \`,
		`      size($p.a) AS n`,
		`:csv ` + csvPath,
		`YIELD $p AS p, $name AS name, 3 AS three, NULL AS nothing`,
		`YIELD 1 AS not_exported`,
		`"""`,
		`YIELD "multi"`,
		`  AS line`,
		`"""`,
	}, "\n")
	file := filepath.Join(dir, "script.ngql")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runConsole(t, port, "", "-f", file)
	if r.code != 0 || r.errOut != "" {
		t.Fatalf("code %d stderr %q\n%s", r.code, r.errOut, r.out)
	}
	for _, want := range []string{
		"(root@nebula) [(none)]> :params\nname => \"Tim\"\np => {a: [1, 2.5, \"x\"]}\n",
		"(root@nebula) [(none)]> :params name\nname => \"Tim\"\n",
		`(root@nebula) [(none)]> YIELD $p.a[1] AS f, $name AS name, \` + "\n" +
			`                     ->       size($p.a) AS n` + "\n" +
			"+-----+-------+---+\n| f   | name  | n |\n+-----+-------+---+\n| 2.5 | \"Tim\" | 3 |\n+-----+-------+---+\nGot 1 rows",
		"| line    |\n+---------+\n| \"multi\" |\n",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks\n%s\n--- output ---\n%s", want, r.out)
		}
	}
	got, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := "p,name,three,nothing\n\"{a: [1, 2.5, \"\"x\"\"]}\",Tim,3,__NULL__\n"; string(got) != want {
		t.Errorf("csv file:\n%s\nwant\n%s", got, want)
	}
}

func TestFormats(t *testing.T) {
	port := startGraphd(t)
	q := `YIELD 1 AS a, "x,y" AS b, 1.0 AS c, [date("2020-01-02")] AS d`
	r := runConsole(t, port, "", "--format", "json", "-e", q+"\nYIELD $-.nope")
	want := `{"columns":["a","b","c","d"],"rows":[[1,"x,y",1.0,["2020-01-02"]]]}` + "\n" +
		`{"error":{"code":-1009,"message":"SemanticError: ` + "`$-.nope', not exist prop `nope'" + `"}}` + "\n"
	if r.code != 0 || r.out != want {
		t.Errorf("json: code %d stderr %q\n%s\nwant\n%s", r.code, r.errOut, r.out, want)
	}
	r = runConsole(t, port, "", "-format=csv", "-e", q+"\nYIELD 1 +")
	if r.code != 0 || r.out != "a,b,c,d\n1,\"x,y\",1.0,[2020-01-02]\n" || r.errOut != "[ERROR (-1004)]: SyntaxError: syntax error near `+'\n" {
		t.Errorf("csv: code %d stderr %q stdout %q", r.code, r.errOut, r.out)
	}
	r = runConsole(t, port, "", "-format", "vertical", "-e", `YIELD 1 AS a, "x" AS bb`)
	if !strings.Contains(r.out, "*************************** 1. row ***************************\n a: 1\nbb: \"x\"\nGot 1 rows") {
		t.Errorf("vertical:\n%s", r.out)
	}
	r = runConsole(t, port, "", "-format", "xml", "-e", "YIELD 1")
	if r.code != 1 || !strings.Contains(r.errOut, `unknown format "xml"`) {
		t.Errorf("bad format: %d %q", r.code, r.errOut)
	}
}

func TestFailFast(t *testing.T) {
	port := startGraphd(t)
	script := "YIELD 1 AS a\nYIELD 1 +\nYIELD 2 AS after"
	r := runConsole(t, port, "", "--fail-fast", "-e", script)
	if r.code != 1 {
		t.Errorf("exit status %d", r.code)
	}
	if !strings.Contains(r.out, "(root@nebula) [(none)]> YIELD 1 +\n[ERROR (-1004)]: SyntaxError: syntax error near `+'\n\nTIMESTAMP\n") ||
		strings.Contains(r.out, "after") {
		t.Errorf("stdout:\n%s", r.out)
	}
	if !strings.Contains(r.errOut, "--fail-fast") {
		t.Errorf("stderr %q", r.errOut)
	}
	// Without --fail-fast the script runs on and exits 0, as nebula-console.
	r = runConsole(t, port, "", "-e", script)
	if r.code != 0 || !strings.Contains(r.out, "| after |") || !strings.Contains(r.out, "[ERROR (-1004)]") {
		t.Errorf("code %d\n%s", r.code, r.out)
	}
	// A script on stdin counts as a script too.
	r = runConsole(t, port, "YIELD 1 +\nYIELD 3 AS x\n", "-fail-fast")
	if r.code != 1 || strings.Contains(r.out, "| x |") {
		t.Errorf("stdin: code %d\n%s", r.code, r.out)
	}
}

func TestExplainTree(t *testing.T) {
	port := startGraphd(t)
	r := runConsole(t, port, "", "-e", "EXPLAIN YIELD 1 AS a UNION YIELD 2 AS a")
	if r.code != 0 || !strings.Contains(r.out, "Execution Plan (optimize time") {
		t.Fatalf("code %d\n%s", r.code, r.out)
	}
	if !regexp.MustCompile(`(?m)^\S+ #\d+\n(│ .*\n)*[├└]─ `).MatchString(r.out) {
		t.Errorf("no plan tree:\n%s", r.out)
	}
	dot := filepath.Join(t.TempDir(), "plan.dot")
	r = runConsole(t, port, "", "-e", ":dot "+dot+"\nEXPLAIN YIELD 1 AS a")
	b, err := os.ReadFile(dot)
	if err != nil || !strings.HasPrefix(string(b), "digraph exec_plan {\n") {
		t.Errorf("dot file %q %v\n%s", b, err, r.out)
	}
}

func TestPlayDemoReportsServerError(t *testing.T) {
	port := startGraphd(t)
	r := runConsole(t, port, "", "-e", ":play airports\nYIELD 1 AS still_here")
	if r.code != 0 {
		t.Errorf("exit status %d", r.code)
	}
	// graphd has no storage yet, so the demo stops at CREATE SPACE; the
	// console says so in one line and carries on.
	re := regexp.MustCompile(`Start loading dataset airports\.\.\.\nError: load dataset failed, an error occurred when executing: ` +
		`CREATE SPACE IF NOT EXISTS airports\(.*\);, \[ERROR \(-\d+\)\]: .+\n\nTIMESTAMP\n`)
	if !re.MatchString(r.out) || !strings.Contains(r.out, "| still_here |") {
		t.Errorf("stdout:\n%s", r.out)
	}
	// A dataset directory in the test suite's form goes the same way.
	dir := t.TempDir()
	config := "space: {name: shelf, vidType: INT64}\nschema: |\n  CREATE TAG t(x int);\n" +
		"files:\n  - {path: t.csv, type: vertex, vertex: {vid: {index: 0, type: int}, tags: [{name: t, props: [{name: x, type: int, index: 1}]}]}}\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte("1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runConsole(t, port, "", "-e", ":play "+dir)
	if !strings.Contains(r.out, "Error: load dataset failed, an error occurred when executing: CREATE SPACE IF NOT EXISTS `shelf`(partition_num=7, replica_factor=1, vid_type=INT64") {
		t.Errorf("dataset:\n%s", r.out)
	}
	r = runConsole(t, port, "", "--fail-fast", "-e", ":play nosuchdemo")
	if r.code != 1 || !strings.Contains(r.out, "dataset nosuchdemo not existed") || !strings.Contains(r.out, "(demos: airports)") {
		t.Errorf("code %d\n%s", r.code, r.out)
	}
}

func TestConnectErrors(t *testing.T) {
	port := startGraphd(t)
	r := runConsole(t, port, "", "-p", "wrong", "-e", "YIELD 1")
	if r.code != 1 || !strings.Contains(r.errOut, "Fail to create a new session from connection pool") {
		t.Errorf("bad password: %d %q", r.code, r.errOut)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	r = runConsole(t, closed, "", "-t", "2000", "-e", "YIELD 1")
	if r.code != 1 || !strings.Contains(r.errOut, fmt.Sprintf("Fail to initialize the connection pool, host: 127.0.0.1, port: %d", closed)) {
		t.Errorf("closed port: %d %q", r.code, r.errOut)
	}
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"-e", "YIELD 1", "-p", ""}, strings.NewReader(""), &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "argument password is empty") {
		t.Errorf("no password: %d %q", code, errOut.String())
	}
}

func TestFlags(t *testing.T) {
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"-v"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), "console") {
		t.Errorf("-v: %d %q %q", code, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := run(context.Background(), []string{"-h"}, strings.NewReader(""), &out, &errOut); code != 0 ||
		!strings.Contains(errOut.String(), "-ssl_root_ca_path") || !strings.Contains(errOut.String(), "-fail-fast") {
		t.Errorf("-h: %d %q", code, errOut.String())
	}
	for _, args := range [][]string{{"-nosuch"}, {"-t", "-5"}, {"-plan", "sideways"}, {"extra"}, {"-e", "x", "-f", "y", "-p", "x"}} {
		errOut.Reset()
		if code := run(context.Background(), args, strings.NewReader(""), &out, &errOut); code != 1 || errOut.Len() == 0 {
			t.Errorf("%q: code %d stderr %q", args, code, errOut.String())
		}
	}
}

// TestBinary runs the built console as a user would.
func TestBinary(t *testing.T) {
	bin := consoleBinary(t)
	port := startGraphd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1", "-port", strconv.Itoa(port), "-u", "root", "-p", "nebula",
		"--fail-fast", "-e", "YIELD 40 + 2 AS answer\nYIELD 1 +\nYIELD 3")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	out := normalize(stdout.String())
	for _, want := range []string{
		"+--------+\n| answer |\n+--------+\n| 42     |\n+--------+\nGot 1 rows (time spent T)\n\nTIMESTAMP\n",
		"[ERROR (-1004)]: SyntaxError: syntax error near `+'\n",
		"Bye root!\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "YIELD 3\n") {
		t.Errorf("ran past the failure:\n%s", out)
	}
}
