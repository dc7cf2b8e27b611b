package tck

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	messages "github.com/cucumber/messages/go/v21"
)

func TestFindStep(t *testing.T) {
	for _, c := range []struct {
		text string
		args []string // submatches after the whole text; nil: no def
	}{
		{"an empty graph", []string{}},
		{`a graph with space named "nba"`, []string{"nba"}},
		{`load "nba_int_vid" csv data to a new space`, []string{"nba_int_vid"}},
		{"the result should be, in any order:", []string{"any order", "", ""}},
		{"the result should be, in order, with relax comparison:", []string{"order", ", with relax comparison", ""}},
		{"the result should be, in any order, with relax comparison, and the columns 0,2 should be hashed:",
			[]string{"any order", ", with relax comparison", "0,2"}},
		{"the result should contain, and the columns 1 should be hashed:", []string{"1"}},
		{"a SyntaxError should be raised at runtime: syntax error near `)'",
			[]string{"a", "SyntaxError", "runtime", ":", " syntax error near `)'"}},
		{"an ExecutionError should be raised at runtime.", []string{"an", "ExecutionError", "runtime", ".", ""}},
		{"a SyntaxError should be raised at compile time: x", []string{"a", "SyntaxError", "compile time", ":", " x"}},
		{"wait 3 seconds", []string{"3"}},
		{"Any graph", []string{}},
		{`parameters: {"a": 1}`, []string{`{"a": 1}`}},
		{"executing query and retrying it on failure every 6 seconds for 3 times:", []string{"6", "3"}},
		{"a nebulacluster with 3 graphd and 1 metad and 1 storaged and 0 listener", []string{"3", "1", "1", "0"}},
		{"a nebulacluster with 1 graphd and 1 metad and 2 storaged and 1 listeners:", []string{"1", "1", "2", "1"}},
		{`login "graphd[1]" with "user1" and "nebula1"`, []string{"1", "user1", "nebula1"}},
		{`login "graphd[0]" with "user1" and "" should fail:`, []string{"0", "user1", ""}},
		{"something nobody wrote", nil},
	} {
		def, m := findStep(c.text)
		if c.args == nil {
			if def != nil {
				t.Errorf("%q matched", c.text)
			}
			continue
		}
		if def == nil {
			t.Errorf("%q: no step", c.text)
			continue
		}
		if !reflect.DeepEqual(m[1:], c.args) {
			t.Errorf("%q: args %q, want %q", c.text, m[1:], c.args)
		}
	}
}

// TestReferenceStepsKnown lists the step texts of the reference features
// that no definition matches; they make scenarios unsupported.
func TestReferenceStepsKnown(t *testing.T) {
	dir := filepath.Join(*flagDir, "features")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("reference features not found in %s", dir)
	}
	features, err := loadFeatures([]featureRoot{{prefix: "tck", dir: dir}, {prefix: "own", dir: "features"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	unknown := map[string]bool{}
	for _, f := range features {
		for _, s := range f.scenarios {
			for _, st := range s.steps {
				if def, _ := findStep(st.Text); def == nil {
					unknown[st.Text] = true
				}
			}
		}
	}
	for text := range unknown {
		t.Errorf("no step definition for %q", text)
	}
}

func TestCombineQuery(t *testing.T) {
	if got := combineQuery("  GO FROM 'a'\n    OVER e\n  YIELD 1"); got != "GO FROM 'a' OVER e YIELD 1" {
		t.Errorf("combineQuery = %q", got)
	}
	if got := splitStatements("CREATE TAG a(); CREATE TAG b();  ; "); !reflect.DeepEqual(got, []string{"CREATE TAG a()", "CREATE TAG b()"}) {
		t.Errorf("splitStatements = %q", got)
	}
}

// TestDedicatedClusterSpec: the Background's counts and per-daemon flags
// reach RunnerConfig.Dedicated, and a malformed flag line is refused.
func TestDedicatedClusterSpec(t *testing.T) {
	var got ClusterSpec
	r := NewRunner(RunnerConfig{Dedicated: func(spec ClusterSpec) (Cluster, error) {
		got = spec
		return nil, unsupportedf("not started in this test")
	}})
	doc := func(s string) *messages.PickleStepArgument {
		return &messages.PickleStepArgument{DocString: &messages.PickleDocString{Content: s}}
	}
	def, args := findStep("a nebulacluster with 2 graphd and 1 metad and 3 storaged and 0 listener:")
	s := &scenarioRun{r: r}
	err := def.run(s, args, doc("graphd:failed_login_attempts=5\n  GRAPHD:password_lock_time_in_secs=5\nstoraged:x=1\n"))
	if !errors.Is(err, errUnsupported) {
		t.Fatalf("run: %v", err)
	}
	want := ClusterSpec{Graphd: 2, Metad: 1, Storaged: 3, Flags: map[string][]string{
		"graphd":   {"failed_login_attempts=5", "password_lock_time_in_secs=5"},
		"storaged": {"x=1"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("spec %+v, want %+v", got, want)
	}
	if err := def.run(s, args, doc("listener:x=1")); err == nil || errors.Is(err, errUnsupported) {
		t.Fatalf("a listener flag: %v, want a plain error", err)
	}
}
