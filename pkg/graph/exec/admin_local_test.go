package exec

import (
	"context"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/graph/session"
)

// TestAdminWithoutMeta: a graphd started without metad refuses DDL and
// administration with an error naming the flag, after NebulaGraph's own
// checks, and runs nothing of a request that has such a statement.
func TestAdminWithoutMeta(t *testing.T) {
	const noMeta = "Meta service is not available: graphd was started without --meta_server_addrs"
	tests := []struct {
		query string
		want  string
	}{
		{"CREATE SPACE s(vid_type=INT64)", noMeta},
		{"CREATE SPACE s", "SemanticError: space vid_type must be specified explicitly"},
		{"SHOW SPACES", noMeta},
		{"SHOW TAGS", "SemanticError: Space was not chosen."},
		{"CREATE TAG t(a int)", "SemanticError: Space was not chosen."},
		{"USE nba; SHOW TAGS", noMeta},
		{"USE nba; CREATE TAG t(a int, a string)", "SemanticError: Duplicate column name `a'"},
		{"SHOW ROLES IN nba", noMeta},
		{"GRANT ROLE USER ON nba TO u", noMeta},
		{"CREATE USER u123456789ABCDEFG", "SemanticError: Username exceed maximum length 16 characters."},
		{"SHOW HOSTS", noMeta},
		{"SHOW CHARSET", ""},
		{"SHOW COLLATION", ""},
	}
	eng := New(Options{Catalog: testCatalog{"nba": 1}})
	for _, tt := range tests {
		sess, err := session.NewManager(session.Options{}).Create(context.Background(), "root", "ip")
		if err != nil {
			t.Fatal(err)
		}
		_, err = eng.Execute(context.Background(), &Query{Session: sess, Text: tt.query})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.query, got, tt.want)
		}
		if sess.Space().Name != "" {
			t.Errorf("%s: USE ran although the request was refused", tt.query)
		}
	}
}

func TestAdminExplain(t *testing.T) {
	eng := New(Options{})
	res, err := eng.Execute(context.Background(), &Query{Text: "EXPLAIN SHOW CHARSET"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range res.Plan.PlanNodeDescs {
		names = append(names, string(n.Name))
	}
	if got := strings.Join(names, ","); got != "ShowCharset,Start" {
		t.Fatalf("nodes %s", got)
	}
	res, err = eng.Execute(context.Background(), &Query{Text: "SHOW CHARSET"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(res.Data.ColNames, ","); got != "Charset,Description,Default collation,Maxlen" {
		t.Fatalf("columns %s", got)
	}
}
