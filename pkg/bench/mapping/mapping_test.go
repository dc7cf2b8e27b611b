package mapping

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"no space", "files: [{path: a.csv, type: vertex, vertex: {tags: [{name: t}]}}]", "names no space"},
		{"no section", "space: {name: s}\nfiles: [{path: a.csv, type: edge}]", `type "edge" without`},
		{"no tags", "space: {name: s}\nfiles: [{path: a.csv, type: vertex, vertex: {vid: {index: 0}}}]", "no tags"},
		{"delimiter", "space: {name: s}\nfiles: [{path: a.csv, delimiter: ab, type: edge, edge: {name: e}}]", "not one character"},
		{"yaml", "space: [", "parse mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestRoundTripAndDefaults(t *testing.T) {
	c := &Config{
		Space:  Space{Name: "s", VidType: "int"},
		Schema: "CREATE TAG t(a int);\n\n  CREATE EDGE e();\n",
		Files: []File{
			{Path: "v.csv", Type: "vertex", Vertex: &Vertex{Vid: Vid{Type: "int"}, Tags: []Tag{{Name: "t", Props: []Prop{{Name: "a", Type: "int", Index: 1}}}}}},
			{Path: "e.csv", Type: "edge", Edge: &Edge{Name: "e", SrcVID: Vid{Index: 0}, DstVID: Vid{Index: 1}, Rank: &Rank{Index: 2}}},
		},
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := Write(path, c); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Files[1].Edge.Rank == nil || got.Files[1].Edge.Rank.Index != 2 || got.PathOf(got.Files[0]) != filepath.Join(filepath.Dir(path), "v.csv") {
		t.Fatalf("round trip: %+v", got)
	}
	if s := got.SchemaStatements(); len(s) != 2 || s[1] != "CREATE EDGE e();" {
		t.Errorf("schema statements %q", s)
	}
	s := got.SpaceWithDefaults()
	if !s.IntVids() || s.PartitionNum != DefaultPartitionNum || s.ReplicaFactor != 1 {
		t.Errorf("defaults: %+v", s)
	}
	if want := "CREATE SPACE IF NOT EXISTS `s`(partition_num=7, replica_factor=1, vid_type=int, charset=utf8, collate=utf8_bin)"; s.CreateSpace() != want {
		t.Errorf("create space:\n%s\nwant\n%s", s.CreateSpace(), want)
	}
}

// TestConformanceDatasets loads every config.yaml of the shared conformance
// data, when it is there.
func TestConformanceDatasets(t *testing.T) {
	paths, _ := filepath.Glob("../../../../shared/tck/data/*/config.yaml")
	if len(paths) == 0 {
		t.Skip("no conformance datasets next to the repository")
	}
	for _, p := range paths {
		c, err := Load(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for _, f := range c.Files {
			if _, err := os.Stat(c.PathOf(f)); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	}
}
