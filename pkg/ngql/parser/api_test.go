package parser

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

func TestParseExpr(t *testing.T) {
	e, err := ParseExpr("a.b + 1")
	if err != nil {
		t.Fatal(err)
	}
	want := &ast.Binary{Op: ast.OpAdd, Left: &ast.LabelAttribute{Label: "a", Attr: "b"}, Right: &ast.IntLiteral{Value: 1}}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("got %#v", e)
	}
	for _, bad := range []string{"", "1 2", "YIELD 1", "1;"} {
		var se *SyntaxError
		if _, err := ParseExpr(bad); !errors.As(err, &se) {
			t.Errorf("ParseExpr(%q) = %v, want a SyntaxError", bad, err)
		}
	}
}

func TestConfigParams(t *testing.T) {
	cfg := Config{IsParam: func(n string) bool { return n == "p" }}
	e, err := ParseExprWith("$p + $v", cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := e.(*ast.Binary)
	if _, ok := b.Left.(*ast.Parameter); !ok {
		t.Errorf("$p parsed as %T", b.Left)
	}
	if _, ok := b.Right.(*ast.Variable); !ok {
		t.Errorf("$v parsed as %T", b.Right)
	}
	// Parameters may be output directly, variables may not.
	if _, err := ParseWith("RETURN $p AS x", cfg); err != nil {
		t.Errorf("RETURN $p: %v", err)
	}
	if _, err := ParseWith("RETURN $v AS x", cfg); err == nil {
		t.Error("RETURN $v accepted")
	}
}

func TestConfigFunction(t *testing.T) {
	cfg := Config{Function: func(name string, nargs int) bool { return name == "myudf" && nargs == 2 }}
	if _, err := ParseExprWith("myudf(1, 2)", cfg); err != nil {
		t.Errorf("myudf(1, 2): %v", err)
	}
	for _, q := range []string{"myudf(1)", "abs(1)"} {
		if _, err := ParseExprWith(q, cfg); err == nil || err.Error()[:17] != "Unknown function " {
			t.Errorf("%s: got %v, want Unknown function", q, err)
		}
	}
	// Aggregates do not depend on the function table.
	if _, err := ParseExprWith("count(1)", cfg); err != nil {
		t.Errorf("count(1): %v", err)
	}
}

// TestConcurrentParse runs parses in parallel; run with -race.
func TestConcurrentParse(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if _, err := Parse(benchMatch); err != nil {
					t.Error(err)
					return
				}
				if _, err := Parse("YIELD $v"); err == nil {
					t.Error("YIELD $v accepted")
					return
				}
			}
		}()
	}
	wg.Wait()
}
