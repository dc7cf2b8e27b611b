package exec

import (
	"path/filepath"
	"testing"
)

// TestPathScripts runs testdata/path/*.txt (FIND PATH and GET SUBGRAPH)
// against one in-process cluster, in the format of TestGraphScripts.
func TestPathScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/path/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	c := startGraphCluster(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runGraphScript(t, c, f) })
	}
}
