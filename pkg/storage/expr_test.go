package storage

import (
	"errors"
	"testing"

	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

func testCatalog(t *testing.T) *catalog {
	codec, err := kvstore.NewKeyCodec(kvstore.VIDFixedString, 8)
	if err != nil {
		t.Fatal(err)
	}
	player := &SchemaDesc{ID: 1, Name: "player", Versions: mustSchema(t, []kvstore.Column{
		{Name: "name", Type: kvstore.TypeString}, {Name: "age", Type: kvstore.TypeInt64, Nullable: true},
	}, kvstore.TTL{})}
	like := &SchemaDesc{ID: 2, Name: "like", Versions: mustSchema(t, []kvstore.Column{{Name: "likeness", Type: kvstore.TypeInt64}}, kvstore.TTL{})}
	return &catalog{
		codec:       codec,
		tagsByID:    map[int32]*SchemaDesc{1: player},
		tagsByName:  map[string]*SchemaDesc{"player": player},
		edgesByID:   map[int32]*SchemaDesc{2: like},
		edgesByName: map[string]*SchemaDesc{"like": like},
	}
}

func TestCompileExprResolvesLabels(t *testing.T) {
	cat := testCatalog(t)
	for _, tc := range []struct{ in, want string }{
		{"like.likeness > 1", "EdgeProperty{like likeness}"},
		{"player.age + 1", "TagProperty{player age}"},
		{"like._dst", "EdgeMeta{like _dst}"},
		{"[x IN [1] | x.age]", "LabelAttribute{x age}"},
		{"[player IN [1] | player.age]", "LabelAttribute{player age}"},
		{"reduce(s = 0, like IN [1] | s + like.likeness)", "LabelAttribute{like likeness}"},
		{"other.x", "LabelAttribute{other x}"},
		{"CASE WHEN player.age > 1 THEN like.likeness END", "TagProperty{player age}"},
	} {
		e, err := compileExpr([]byte(tc.in), cat, ErrInvalidFilter)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		var found []string
		ast.Walk(e, func(n ast.Expr) bool {
			switch n := n.(type) {
			case *ast.EdgeProperty:
				found = append(found, "EdgeProperty{"+n.Edge+" "+n.Prop+"}")
			case *ast.TagProperty:
				found = append(found, "TagProperty{"+n.Tag+" "+n.Prop+"}")
			case *ast.EdgeMeta:
				found = append(found, "EdgeMeta{"+n.Edge+" "+n.Field.String()+"}")
			case *ast.LabelAttribute:
				found = append(found, "LabelAttribute{"+n.Label+" "+n.Attr+"}")
			}
			return true
		})
		if len(found) == 0 || found[0] != tc.want {
			t.Errorf("%s: resolved to %v, want %s first", tc.in, found, tc.want)
		}
	}
	if _, err := compileExpr([]byte("1 +"), cat, ErrInvalidFilter); !errors.Is(err, ErrInvalidFilter) {
		t.Fatalf("bad expression: %v", err)
	}
	if e, err := compileExpr(nil, cat, ErrInvalidFilter); e != nil || err != nil {
		t.Fatalf("empty expression: %v %v", e, err)
	}
}

func TestRowContextEvaluation(t *testing.T) {
	cat := testCatalog(t)
	player, like := cat.tagsByName["player"], cat.edgesByName["like"]
	prow, err := player.Versions.Latest().EncodeRow(nil, []value.Value{value.NewString("Tim"), value.NewInt(42)})
	if err != nil {
		t.Fatal(err)
	}
	pr, _ := player.Versions.Reader(prow)
	lrow, _ := like.Versions.Latest().EncodeRow(nil, []value.Value{value.NewInt(90)})
	lr, _ := like.Versions.Reader(lrow)
	c := &rowCtx{
		vid:  value.NewString("tim"),
		tags: []tagRow{{desc: player, r: pr}},
		edge: &edgeRow{desc: like, Type: -2, Src: value.NewString("tim"), Rank: 7, Dst: value.NewString("tony"), r: lr},
	}
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"like.likeness == 90 AND $^.player.age == 42", true},
		{"like._src == \"tim\" AND like._dst == \"tony\" AND like._rank == 7 AND like._type == -2", true},
		{"player.name STARTS WITH \"T\"", true},
		{"$^.player.nope IS NULL", true},
		{"like.likeness", false},
		{"$^.team.name IS NULL", true},
	} {
		e, err := compileExpr([]byte(tc.expr), cat, ErrInvalidFilter)
		if err != nil {
			t.Fatal(err)
		}
		got, err := evalFilter(e, c)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		if got != tc.want {
			t.Errorf("%s = %v, want %v", tc.expr, got, tc.want)
		}
	}
	e, _ := compileExpr([]byte("$$.player.age > 1"), cat, ErrInvalidFilter)
	if _, err := evalFilter(e, c); !errors.Is(err, ErrInvalidFilter) {
		t.Fatalf("$$ on storage: %v", err)
	}
}
