package parser

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// TestHostileInput feeds deeply nested and very long input: each must
// produce a result or an error quickly, and never overflow the stack.
func TestHostileInput(t *testing.T) {
	const n = 10000
	tests := []struct {
		name    string
		query   string
		wantErr string // prefix; "" means it must parse
	}{
		{"parentheses", "YIELD " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n), ""},
		{"sum", "YIELD " + strings.Repeat("1+", n) + "1", depthMessage},
		{"lists", "YIELD " + strings.Repeat("[", n) + strings.Repeat("]", n), depthMessage},
		{"maps", "YIELD " + strings.Repeat("{a:", n) + "1" + strings.Repeat("}", n), depthMessage},
		{"negations", "YIELD " + strings.Repeat("- ", n) + "1", depthMessage},
		{"nots", "YIELD " + strings.Repeat("NOT ", n) + "true", depthMessage},
		{"calls", "YIELD " + strings.Repeat("abs(", n) + "1" + strings.Repeat(")", n), depthMessage},
		{"attributes", "YIELD a" + strings.Repeat(".b", n), depthMessage},
		{"subscripts", "YIELD a" + strings.Repeat("[0]", n), depthMessage},
		{"is null", "YIELD 1" + strings.Repeat(" IS NULL", n), depthMessage},
		{"cases", "YIELD " + strings.Repeat("CASE WHEN true THEN ", n) + "1" + strings.Repeat(" END", n), depthMessage},
		{"comprehensions", "YIELD " + strings.Repeat("[x IN ", n) + "[1]" + strings.Repeat(" | x]", n), depthMessage},
		{"pattern properties", "MATCH (v{a:" + strings.Repeat("[", n) + strings.Repeat("]", n) + "}) RETURN v", depthMessage},
		{"parenthesized statements", strings.Repeat("(", n) + "YIELD 1" + strings.Repeat(")", n), ""},
		{"pipes", "YIELD 1 AS a" + strings.Repeat(" | YIELD $-.a AS a", n), "Too many statements"},
		{"unions", "YIELD 1" + strings.Repeat(" UNION YIELD 1", n), "Too many statements"},
		{"statements", strings.Repeat("YIELD 1;", n), "Too many statements"},
		{"long label", "YIELD " + strings.Repeat("a", 5000), "Out of range of the LABEL length"},
		{"long quoted label", "YIELD `" + strings.Repeat("a", 5000) + "`", "Out of range of the LABEL length"},
		{"long string", "YIELD '" + strings.Repeat("a", 1<<20) + "'", ""},
		{"many columns", "YIELD 1" + strings.Repeat(", 1", n), ""},
		{"long list", "YIELD [1" + strings.Repeat(", 1", n) + "]", ""},
		{"long path", "MATCH (a)" + strings.Repeat("-->()", n) + " RETURN a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			seq, err := Parse(tt.query)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", truncate(err.Error(), 200))
			case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
				t.Fatalf("got %v, want an error starting %q", err, tt.wantErr)
			}
			if seq != nil {
				_ = seq.String() // printing must cope too
			}
		})
	}
}

func TestQueryTooLarge(t *testing.T) {
	_, err := ParseWith("YIELD 1 "+strings.Repeat(" ", 100), Config{MaxQueryBytes: 100})
	if !errors.Is(err, ErrQueryTooLarge) {
		t.Fatalf("got %v, want ErrQueryTooLarge", err)
	}
}

func TestEmptyQuery(t *testing.T) {
	for _, q := range []string{"", " ", ";", ";;", "# just a comment", "/* x */ ;"} {
		if _, err := Parse(q); err != ErrEmptyQuery {
			t.Errorf("Parse(%q) = %v, want ErrEmptyQuery", q, err)
		}
	}
}

func TestConfiguredDepth(t *testing.T) {
	q := "YIELD " + strings.Repeat("1+", 20) + "1"
	if _, err := ParseWith(q, Config{MaxDepth: 30}); err != nil {
		t.Fatalf("depth 21 with limit 30: %v", err)
	}
	_, err := ParseWith(q, Config{MaxDepth: 10})
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.HasPrefix(se.Msg, depthMessage+"10 near `1+1+") {
		t.Fatalf("got %v", err)
	}
}

// TestParsedDepthBound checks the promise of ast.MaxExprDepth: a parsed
// tree is never deeper than the hard bound, wherever the expression is.
func TestParsedDepthBound(t *testing.T) {
	q := "MATCH (v{a:" + strings.Repeat("[", hardDepthFactor*ast.MaxExprDepth-3) + strings.Repeat("]", hardDepthFactor*ast.MaxExprDepth-3) + "}) RETURN v"
	seq, err := Parse(q)
	if err != nil {
		t.Fatalf("a pattern map just under the bound must parse: %v", truncate(err.Error(), 100))
	}
	m := seq.Stmts[0].(*ast.Match).Clauses[0].(*ast.MatchClause).Paths[0].Nodes[0].Props
	if d := depth(m); d > hardDepthFactor*ast.MaxExprDepth {
		t.Fatalf("depth %d", d)
	}
}

func depth(e ast.Expr) int {
	max := 0
	for _, c := range ast.Children(e) {
		if d := depth(c); d > max {
			max = d
		}
	}
	return max + 1
}
