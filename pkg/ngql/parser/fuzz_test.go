package parser

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes the parser panic or hang, that every
// failure is one of the documented errors, and that whatever parses prints
// back to an equal tree. `go test` runs the seeds (the golden inputs and a
// few hand-picked cases); `go test -fuzz FuzzParse ./pkg/ngql/parser`
// explores.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", ";", "YIELD 1", "RETURN 1--1", "YIELD `a.b`", "YIELD '\\777'", "YIELD 0x", "YIELD 1..2",
		"MATCH (a)-[e*1..]->(b) RETURN a", "YIELD 1 IS NOT NULL", "YIELD \xc2\xa0 1", "YIELD 中文",
		"YIELD -9223372036854775808", "YIELD 192.168.1.1", "GO FROM $-.id OVER * YIELD $$.a.b",
		"YIELD [x IN [1] WHERE x | x]", "EXPLAIN FORMAT=\"dot\" {YIELD 1;}", "YIELD /* x",
	} {
		f.Add(s)
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, path := range files {
		if filepath.Base(path) == filepath.Base(knownFailuresFile) {
			continue
		}
		cases, _ := readGolden(f, path)
		for _, c := range cases {
			f.Add(c.input)
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		seq, err := Parse(q)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) && !errors.Is(err, ErrEmptyQuery) && !errors.Is(err, ErrQueryTooLarge) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			if se != nil && !strings.Contains(se.Msg, "near `") && !strings.Contains(se.Msg, " at ") &&
				!strings.HasPrefix(se.Msg, "Invalid explain/profile format") {
				t.Fatalf("message without location: %q", se.Msg)
			}
			return
		}
		text := seq.String()
		again, err := Parse(text)
		if err != nil {
			t.Fatalf("%q printed as %q, which fails: %v", q, text, err)
		}
		if !reflect.DeepEqual(seq, again) {
			t.Fatalf("%q printed as %q, which parses as %q", q, text, again.String())
		}
	})
}
