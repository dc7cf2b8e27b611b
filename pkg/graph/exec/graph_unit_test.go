package exec

import (
	"strings"
	"testing"

	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/meta"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/parser"
	"github.com/novagraph/novagraph/pkg/value"
)

func mustExpr(t *testing.T, text string) ast.Expr {
	t.Helper()
	e, err := parser.ParseExpr(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return e
}

func TestPushable(t *testing.T) {
	tests := []struct {
		where string
		want  bool
	}{
		{`like.likeness > 90`, true},
		{`like._dst IN ["a", "b"] AND like.likeness > 1`, true},
		{`$^.player.age > 40 AND like.likeness >= 95`, true},
		{`$^.player.age IS NOT EMPTY`, false},
		{`$^.player.name + "x" == "ax"`, false},
		{`$$.player.age > 40`, false},
		{`$-.id == like._dst`, false},
		{`$v.id == like._dst`, false},
		{`like.likeness > rand()`, false},
		{`size(properties(EDGE)) > 0`, true},
		{`id($$) == "a"`, false},
	}
	for _, tt := range tests {
		if got := pushable(mustExpr(t, tt.where)); got != tt.want {
			t.Errorf("pushable(%s) = %v, want %v", tt.where, got, tt.want)
		}
	}
}

func TestRewriteExprSharesUnchanged(t *testing.T) {
	e := mustExpr(t, `(a.b + 1) * [x IN range(1, 3) | x] + $-.c`)
	same := rewriteExpr(e, func(ast.Expr) (ast.Expr, bool) { return nil, false })
	if same != e {
		t.Fatal("a rewrite that replaces nothing must return the tree itself")
	}
	out := rewriteExpr(e, func(x ast.Expr) (ast.Expr, bool) {
		if ip, ok := x.(*ast.InputProperty); ok {
			return &ast.InputProperty{Prop: ip.Prop + "2"}, true
		}
		return nil, false
	})
	if got, want := out.String(), strings.Replace(e.String(), "$-.c", "$-.c2", 1); got != want {
		t.Fatalf("rewritten %s, want %s", got, want)
	}
	if e.String() == out.String() {
		t.Fatal("the original tree was modified")
	}
	left := out.(*ast.Binary).Left
	if left != e.(*ast.Binary).Left {
		t.Fatal("an unchanged sub-tree was copied")
	}
}

func TestBestIndex(t *testing.T) {
	idx := func(id int32, fields ...string) *meta.Index {
		ix := &meta.Index{ID: id, Name: "i", SchemaID: 1}
		for _, f := range fields {
			ix.Fields = append(ix.Fields, meta.IndexField{Name: f, Type: kvstore.TypeInt64})
		}
		return ix
	}
	indexes := []*meta.Index{idx(1, "a", "b", "c"), idx(2, "b", "c"), idx(3, "c")}
	cond := func(prop string, op ast.BinaryOp, v int64) lookupCond {
		e := &ast.Binary{Op: op, Left: &ast.LabelAttribute{Label: "t", Attr: prop}, Right: &ast.IntLiteral{Value: v}}
		return lookupCond{prop: prop, op: op, val: value.NewInt(v), expr: e}
	}
	render := func(qc *gstorage.IndexQueryContext) string {
		var b strings.Builder
		b.WriteString("index " + string(rune('0'+qc.IndexID)))
		for _, h := range qc.ColumnHints {
			b.WriteString(" " + string(h.ColumnName) + ":" + h.ScanType.String())
		}
		if len(qc.Filter) > 0 {
			b.WriteString(" filter " + string(qc.Filter))
		}
		return b.String()
	}
	tests := []struct {
		conj []lookupCond
		want string
	}{
		{[]lookupCond{cond("a", ast.OpEQ, 1)}, "index 1 a:PREFIX"},
		{[]lookupCond{cond("b", ast.OpEQ, 1), cond("c", ast.OpGT, 2)}, "index 2 b:PREFIX c:RANGE"},
		{[]lookupCond{cond("c", ast.OpEQ, 1)}, "index 3 c:PREFIX"},
		// Equal scores: the index with fewer fields.
		{[]lookupCond{cond("a", ast.OpEQ, 1), cond("c", ast.OpEQ, 2)}, "index 3 c:PREFIX filter (t.a==1)"},
		{[]lookupCond{cond("c", ast.OpNE, 1)}, "index 3 filter (t.c!=1)"},
		// An equality pins more than a range.
		{[]lookupCond{cond("a", ast.OpGE, 1), cond("a", ast.OpLT, 5), cond("b", ast.OpEQ, 3)}, "index 2 b:PREFIX filter ((t.a>=1) AND (t.a<5))"},
		{[]lookupCond{cond("a", ast.OpGE, 1), cond("a", ast.OpLT, 5)}, "index 1 a:RANGE"},
	}
	for _, tt := range tests {
		qc, _ := bestIndex(indexes, tt.conj)
		if got := render(qc); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.conj, got, tt.want)
		}
	}
}

func TestLookupDNF(t *testing.T) {
	tests := []struct {
		where string
		want  string
	}{
		{`t.a == 1`, `[(t.a==1)]`},
		{`t.a == 1 OR t.b == 2 AND t.c == 3`, `[(t.a==1)] [(t.b==2) (t.c==3)]`},
		{`t.a IN [1, 2] AND t.b == 3`, `[(t.a==1) (t.b==3)] [(t.a==2) (t.b==3)]`},
		{`(t.a == 1 OR t.a == 2) AND (t.b == 3 OR t.b == 4)`, `[(t.a==1) (t.b==3)] [(t.a==1) (t.b==4)] [(t.a==2) (t.b==3)] [(t.a==2) (t.b==4)]`},
	}
	for _, tt := range tests {
		var terms []string
		for _, conj := range lookupDNF(mustExpr(t, tt.where)) {
			var cs []string
			for _, c := range conj {
				cs = append(cs, ast.NebulaString(c.expr))
			}
			terms = append(terms, "["+strings.Join(cs, " ")+"]")
		}
		if got := strings.Join(terms, " "); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.where, got, tt.want)
		}
	}
}
