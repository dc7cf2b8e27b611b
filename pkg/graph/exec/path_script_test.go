package exec

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPathScripts runs testdata/path/*.txt (FIND PATH and GET SUBGRAPH)
// against one in-process cluster, in the format of TestGraphScripts, and
// then checks that a search that would run away stops at the query's
// deadline and at its memory limit.
func TestPathScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/path/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	c := startGraphCluster(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runGraphScript(t, c, f) })
	}
	t.Run("limits", func(t *testing.T) { testPathLimits(t, c) })
}

// testPathLimits loads a complete graph, where the walks between two
// vertices grow factorially with their length.
func testPathLimits(t *testing.T, c *graphCluster) {
	sess := c.session()
	if _, err := c.exec(sess, "CREATE SPACE dense(partition_num=4, replica_factor=3, vid_type=INT64); USE dense; CREATE EDGE link()"); err != nil {
		t.Fatal(err)
	}
	if err := c.sync(); err != nil {
		t.Fatal(err)
	}
	var edges []string
	for i := range 25 {
		for j := range 25 {
			if i != j {
				edges = append(edges, fmt.Sprintf("%d->%d:()", i, j))
			}
		}
	}
	if _, err := c.exec(sess, "INSERT EDGE link() VALUES "+strings.Join(edges, ", ")); err != nil {
		t.Fatal(err)
	}
	const query = "FIND ALL PATH FROM 0 TO 1 OVER link BIDIRECT UPTO 8 STEPS YIELD path AS p"

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.engine.Execute(ctx, &Query{Session: sess, Text: query})
	if err == nil || !strings.Contains(err.Error(), "Execution had been killed") {
		t.Errorf("past the deadline: got %v, want the killed error", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the search took %v to stop", d)
	}

	limited := New(Options{Meta: c.graphMC, Catalog: MetaCatalog{c.graphMC}, Storage: c.client, MaxQueryMemory: 4 << 20})
	_, err = limited.Execute(context.Background(), &Query{Session: sess, Text: query})
	if err == nil || !strings.Contains(err.Error(), "GRAPH_MEMORY_EXCEEDED") {
		t.Errorf("past the memory limit: got %v, want GRAPH_MEMORY_EXCEEDED", err)
	}
}
