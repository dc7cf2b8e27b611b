package br

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
)

func TestKVFileRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []*common.KeyValue
	}{
		{"empty", nil},
		{"one", []*common.KeyValue{{Key: []byte("k"), Value: []byte("v")}}},
		{"empty value", []*common.KeyValue{{Key: []byte("k"), Value: []byte{}}}},
		{"many", func() []*common.KeyValue {
			var out []*common.KeyValue
			for i := range 1000 {
				out = append(out, &common.KeyValue{Key: fmt.Appendf(nil, "key%06d", i), Value: []byte(strings.Repeat("x", i%300))})
			}
			return out
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			f, err := writeKVFile(dir, "a.kv", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if f.Records != int64(len(tc.data)) || f.Path != "a.kv" {
				t.Fatalf("file %+v", f)
			}
			var got []*common.KeyValue
			err = readKV(filepath.Join(dir, f.Path), f, func(k, v []byte) error {
				got = append(got, &common.KeyValue{Key: append([]byte(nil), k...), Value: append([]byte(nil), v...)})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.data) {
				t.Fatalf("read %d pairs, wrote %d", len(got), len(tc.data))
			}
			for i := range got {
				if string(got[i].Key) != string(tc.data[i].Key) || string(got[i].Value) != string(tc.data[i].Value) {
					t.Fatalf("pair %d: %q=%q, want %q=%q", i, got[i].Key, got[i].Value, tc.data[i].Key, tc.data[i].Value)
				}
			}
		})
	}
}

func TestKVFileCorrupt(t *testing.T) {
	data := []*common.KeyValue{{Key: []byte("k1"), Value: []byte("v1")}, {Key: []byte("k2"), Value: []byte("v2")}}
	for _, tc := range []struct {
		name   string
		mangle func(b []byte, f *File) []byte
	}{
		{"flipped byte", func(b []byte, _ *File) []byte { b[len(b)-1] ^= 1; return b }},
		{"truncated", func(b []byte, _ *File) []byte { return b[:len(b)-1] }},
		{"bad magic", func(b []byte, _ *File) []byte { b[0] = 'X'; return b }},
		{"pair missing", func(b []byte, _ *File) []byte { return b[:len(kvMagic)+6] }},
		{"manifest count", func(b []byte, f *File) []byte { f.Records++; return b }},
		{"huge length", func(b []byte, _ *File) []byte {
			return append(b, 0xff, 0xff, 0xff, 0xff, 0x0f)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			f, err := writeKVFile(dir, "a.kv", data)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, f.Path)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tc.mangle(b, &f), 0o644); err != nil {
				t.Fatal(err)
			}
			err = readKV(path, f, func(_, _ []byte) error { return nil })
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestLocalDir(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "local:///data/backup", want: "/data/backup"},
		{in: "/data/backup/", want: "/data/backup"},
		{in: "rel/dir", want: "rel/dir"},
		{in: "s3://bucket/x", err: "only local://"},
		{in: "", err: "empty path"},
		{in: "local://", err: "empty path"},
	} {
		got, err := LocalDir(tc.in)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("LocalDir(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
		case err != nil || got != tc.want:
			t.Errorf("LocalDir(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestManifestListAndTable(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for i, name := range []string{"BACKUP_B", "BACKUP_A"} {
		d := filepath.Join(dir, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		m := &Manifest{Format: 1, Name: name, CreateTime: at.Add(time.Duration(i) * time.Hour), Spaces: []Space{
			{Name: "s", Parts: []Part{{ID: 1, File: File{Records: 3}}, {ID: 2, File: File{Records: 4}}}},
			{Name: "t"},
		}}
		if err := writeManifest(d, m); err != nil {
			t.Fatal(err)
		}
	}
	// An unfinished backup (no manifest) is not listed.
	if err := os.MkdirAll(filepath.Join(dir, "BACKUP_C", "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	ms, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := WriteTable(&sb, ms); err != nil {
		t.Fatal(err)
	}
	want := `+----------+---------------------+--------+-------------+------------+---------+
| NAME     | CREATE TIME         | SPACES | FULL BACKUP | ALL SPACES | RECORDS |
+----------+---------------------+--------+-------------+------------+---------+
| BACKUP_B | 2026-11-22 10:00:00 | s,t    | true        | true       | 7       |
| BACKUP_A | 2026-11-22 11:00:00 | s,t    | true        | true       | 7       |
+----------+---------------------+--------+-------------+------------+---------+
`
	if sb.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", sb.String(), want)
	}
	if _, err := ReadManifest(dir, "BACKUP_C"); !errors.Is(err, ErrNoBackup) {
		t.Errorf("ReadManifest of an unfinished backup: %v", err)
	}
	if _, err := ReadManifest(dir, "../x"); err == nil {
		t.Error("ReadManifest accepted a path")
	}
}
