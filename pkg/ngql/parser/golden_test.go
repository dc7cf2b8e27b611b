package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// The golden files in testdata/*.txt hold cases of the form
//
//	<directive> [param=name,...]
//	<input, one or more lines>
//	----
//	<expected output>
//
// separated by blank lines; '#' lines between cases are comments.
// Directives:
//
//	parse  the canonical text of the parsed request, or "error: <message>"
//	       for a rejected one; parsed requests must also round-trip.
//	expr   ParseExpr's canonical text, then "nebula: " and NebulaGraph's
//	       text (ast.NebulaString), or "error: <message>".
//
// `go test ./pkg/ngql/parser -run TestGolden -rewrite` rewrites the expected
// outputs; read the diff before committing.

type goldenCase struct {
	directive string
	params    []string
	input     string
	want      string
}

func readGolden(t testing.TB, path string) (cases []*goldenCase, comments map[int][]string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	comments = map[int][]string{}
	for i := 0; i < len(lines); {
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			i++
			continue
		}
		if strings.HasPrefix(l, "#") {
			comments[len(cases)] = append(comments[len(cases)], l)
			i++
			continue
		}
		fields := strings.Fields(l)
		c := &goldenCase{directive: fields[0]}
		for _, f := range fields[1:] {
			if v, ok := strings.CutPrefix(f, "param="); ok {
				c.params = strings.Split(v, ",")
			}
		}
		i++
		var in []string
		for ; i < len(lines) && lines[i] != "----"; i++ {
			in = append(in, lines[i])
		}
		if i == len(lines) {
			t.Fatalf("%s: case %q has no ----", path, strings.Join(in, "\n"))
		}
		i++
		var out []string
		for ; i < len(lines) && lines[i] != ""; i++ {
			out = append(out, lines[i])
		}
		c.input = strings.Join(in, "\n")
		c.want = strings.Join(out, "\n")
		cases = append(cases, c)
	}
	return cases, comments
}

func (c *goldenCase) run(t *testing.T) string {
	params := map[string]bool{}
	for _, p := range c.params {
		params[p] = true
	}
	cfg := Config{IsParam: func(n string) bool { return params[n] }}
	switch c.directive {
	case "parse":
		seq, err := ParseWith(c.input, cfg)
		if err != nil {
			return "error: " + err.Error()
		}
		if msg, ok := roundTrip(c.input, cfg); !ok {
			t.Errorf("%s: %s", c.input, msg)
		}
		return seq.String()
	case "expr":
		e, err := ParseExprWith(c.input, cfg)
		if err != nil {
			return "error: " + err.Error()
		}
		return e.String() + "\nnebula: " + ast.NebulaString(e)
	}
	t.Fatalf("unknown directive %q", c.directive)
	return ""
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if filepath.Base(path) == filepath.Base(knownFailuresFile) {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			cases, comments := readGolden(t, path)
			var b strings.Builder
			for i, c := range cases {
				got := c.run(t)
				if !*rewrite && got != c.want {
					t.Errorf("%s\n----\ngot:\n%s\nwant:\n%s", c.input, got, c.want)
				}
				for _, cm := range comments[i] {
					b.WriteString(cm + "\n")
				}
				b.WriteString(c.directive)
				if len(c.params) > 0 {
					fmt.Fprintf(&b, " param=%s", strings.Join(c.params, ","))
				}
				b.WriteString("\n" + c.input + "\n----\n" + got + "\n\n")
			}
			for _, cm := range comments[len(cases)] {
				b.WriteString(cm + "\n")
			}
			if *rewrite {
				if err := os.WriteFile(path, []byte(strings.TrimRight(b.String(), "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
