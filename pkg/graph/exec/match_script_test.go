package exec

import (
	"path/filepath"
	"testing"
)

// TestMatchScripts runs testdata/match/*.txt, the openCypher scripts, with
// TestGraphScripts' format against one in-process cluster.
func TestMatchScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/match/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	c := startGraphCluster(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runGraphScript(t, c, f) })
	}
}
