package exec

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/graph/session"
	"github.com/novagraph/novagraph/pkg/meta"
)

// TestAdminScripts runs testdata/admin/*.txt, each against a fresh metad,
// through an engine with the meta client. A case is
//
//	query [user=<name>]
//	<statement text, possibly several lines>
//	----
//	<expected output, as in testdata/*.txt>
//
// run in a session of root (or of the user named, created on first use;
// a session keeps its space from case to case), or
//
//	heartbeat <host:port>
//	----
//	ok | error: <text>
//
// which sends one storage heartbeat from a host ADD HOSTS registered. The
// metad port and the build's git sha print as $META_PORT and $GIT_SHA.
// Run with -rewrite to regenerate the expectations.
func TestAdminScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/admin/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runAdminScript(t, f) })
	}
}

func runAdminScript(t *testing.T, path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tm := startMeta(t)
	eng := New(Options{
		Meta:      tm.client,
		Catalog:   MetaCatalog{tm.client},
		Authorize: true,
		Now:       func() time.Time { return time.Date(2022, 3, 4, 5, 6, 7, 0, time.UTC) },
	})
	mgr := session.NewManager(session.Options{})
	sessions := map[string]*session.Session{}
	sessionOf := func(user string) *session.Session {
		if s, ok := sessions[user]; ok {
			return s
		}
		s, err := mgr.Create(context.Background(), user, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		sessions[user] = s
		return s
	}
	dynamic := strings.NewReplacer(strconv.Itoa(tm.port), "$META_PORT", meta.GitInfoSHA(), "$GIT_SHA")

	var out strings.Builder
	for i, block := range strings.Split(strings.TrimSpace(string(raw)), "\n\n") {
		head, want, ok := strings.Cut(block, "\n----\n")
		if !ok {
			head, want = strings.TrimSuffix(block, "\n----"), ""
		}
		directive, body, _ := strings.Cut(head, "\n")
		fields := strings.Fields(directive)
		var got string
		switch fields[0] {
		case "query":
			user := meta.RootUser
			for _, f := range fields[1:] {
				if name, ok := strings.CutPrefix(f, "user="); ok {
					user = name
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			res, err := eng.Execute(ctx, &Query{Session: sessionOf(user), Text: body})
			cancel()
			got = dynamic.Replace(render(res, err))
		case "heartbeat":
			got = "ok"
			if err := tm.heartbeatStorage(t, fields[1]); err != nil {
				got = "error: " + err.Error()
			}
		default:
			t.Fatalf("case %d: unknown directive %q", i+1, directive)
		}
		if *rewrite {
			if body != "" {
				fmt.Fprintf(&out, "%s\n%s\n----\n%s\n\n", directive, body, got)
			} else {
				fmt.Fprintf(&out, "%s\n----\n%s\n\n", directive, got)
			}
			continue
		}
		if got != want {
			t.Errorf("case %d:\n%s\n%s\ngot:\n%s\nwant:\n%s", i+1, directive, body, got, want)
		}
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(strings.TrimSpace(out.String())+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
