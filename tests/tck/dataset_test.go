package tck

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var flagRewrite = flag.Bool("tck.rewrite", false, "rewrite the golden files under testdata")

// golden compares got with testdata/<name>, or rewrites it with -tck.rewrite.
func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *flagRewrite {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -tck.rewrite and read the diff):\n%s", file, got)
	}
}

func TestReadDataset(t *testing.T) {
	d, err := readDataset("testdata/data/mini", "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range []string{d.space.dropStmt(), d.space.createStmt(), d.space.useStmt()} {
		b.WriteString(s + "\n")
	}
	for _, s := range d.schema {
		b.WriteString(s + "\n")
	}
	for _, f := range d.files {
		b.WriteString("# " + f.path + "\n")
		for _, s := range f.stmts {
			b.WriteString(s + "\n")
		}
	}
	golden(t, "mini_dataset.golden", b.String())

	d, err = readDataset("testdata/data/mini", "Irenamed")
	if err != nil || d.space.name != "Irenamed" {
		t.Fatalf("renamed space: %+v, %v", d, err)
	}
}

// TestReadReferenceDatasets reads every dataset of the reference suite.
func TestReadReferenceDatasets(t *testing.T) {
	dir := filepath.Join(*flagDir, "data")
	names := datasetNames(dir)
	if len(names) == 0 {
		t.Skipf("no datasets in %s", dir)
	}
	for _, n := range names {
		d, err := readDataset(filepath.Join(dir, n), "")
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		stmts := 0
		for _, f := range d.files {
			stmts += len(f.stmts)
		}
		t.Logf("%s: space %s vid %s, %d schema statements, %d files, %d data statements",
			n, d.space.name, d.space.vidType, len(d.schema), len(d.files), stmts)
	}
}

func TestSpaceFromOptions(t *testing.T) {
	s, err := spaceFromOptions(map[string]string{"partition_num": "9", "vid_type": "int"}, "EmptyGraph_X")
	if err != nil {
		t.Fatal(err)
	}
	want := "CREATE SPACE IF NOT EXISTS `EmptyGraph_X`(partition_num=9, replica_factor=1, vid_type=int, charset=utf8, collate=utf8_bin)"
	if s.createStmt() != want || !s.intVid() {
		t.Errorf("got %q intVid=%v", s.createStmt(), s.intVid())
	}
	if _, err := spaceFromOptions(map[string]string{"partition_num": "x"}, "n"); err == nil {
		t.Error("bad partition_num accepted")
	}
}
