package storage

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/value"
)

func str(s string) value.Value { return value.NewString(s) }
func num(i int64) value.Value  { return value.NewInt(i) }

// rowStrings renders rows for comparison, sorted.
func rowStrings(ds *value.DataSet) []string {
	var out []string
	for _, r := range ds.Rows {
		out = append(out, fmt.Sprint(value.NewList(r.Values)))
	}
	sort.Strings(out)
	return out
}

func TestClusterGraphOperations(t *testing.T) {
	c := newTestCluster(t, 3)
	space := c.createSpace(SpaceDesc{Name: "nba", PartNum: 4, ReplicaFactor: 3, VIDType: kvstore.VIDFixedString, VIDLen: 16})
	sc := c.addSchema(space)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cl := c.client

	players := []NewVertex{
		{VID: str("tim"), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("Tim Duncan"), num(42)}}}},
		{VID: str("tony"), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("Tony Parker"), num(36)}}}},
		{VID: str("manu"), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("Manu Ginobili"), num(41)}}}},
		{VID: str("spurs"), Tags: []NewTag{{Tag: sc.team, Props: []value.Value{str("Spurs")}}}},
	}
	names := map[int32][]string{sc.player: {"name", "age"}, sc.team: {"name"}}
	if err := cl.AddVertices(ctx, space, players, names, false, false); err != nil {
		t.Fatal(err)
	}
	like := func(a, b string, l int64) NewEdge {
		return NewEdge{EdgeKey: EdgeKey{Src: str(a), Type: sc.like, Dst: str(b)}, Props: []value.Value{num(l)}}
	}
	edges := []NewEdge{like("tim", "tony", 95), like("tim", "manu", 90), like("tony", "tim", 95), like("manu", "tim", 90), like("tony", "manu", 70)}
	if err := cl.AddEdges(ctx, space, edges, []string{"likeness"}, false, false); err != nil {
		t.Fatal(err)
	}
	serve := []NewEdge{
		{EdgeKey: EdgeKey{Src: str("tim"), Type: sc.serve, Dst: str("spurs")}, Props: []value.Value{num(1997), num(2016)}},
		{EdgeKey: EdgeKey{Src: str("tony"), Type: sc.serve, Dst: str("spurs")}, Props: []value.Value{num(1999)}},
	}
	if err := cl.AddEdges(ctx, space, serve, []string{"start_year", "end_year"}[:1], false, false); err == nil {
		t.Fatal("2 values for 1 property name accepted")
	}
	if err := cl.AddEdges(ctx, space, serve[:1], []string{"start_year", "end_year"}, false, false); err != nil {
		t.Fatal(err)
	}
	if err := cl.AddEdges(ctx, space, serve[1:], []string{"start_year"}, false, false); err != nil {
		t.Fatal(err)
	}

	t.Run("neighbors both directions", func(t *testing.T) {
		spec := &gstorage.TraverseSpec{
			EdgeTypes:   []common.EdgeType{common.EdgeType(sc.like), common.EdgeType(-sc.like)},
			VertexProps: []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: [][]byte{[]byte("name")}}},
			EdgeProps: []*gstorage.EdgeProp{
				{Type: common.EdgeType(sc.like), Props: [][]byte{[]byte("_dst"), []byte("likeness")}},
				{Type: common.EdgeType(-sc.like), Props: [][]byte{[]byte("_dst"), []byte("likeness")}},
			},
		}
		ds, err := cl.GetNeighbors(ctx, space, []value.Value{str("tim"), str("tony")}, spec)
		if err != nil {
			t.Fatal(err)
		}
		wantCols := []string{"_vid", "_stats", "_tag:player:name", "_edge:+like:_dst:likeness", "_edge:-like:_dst:likeness", "_expr"}
		if !slices.Equal(ds.ColNames, wantCols) {
			t.Fatalf("columns %v, want %v", ds.ColNames, wantCols)
		}
		got := rowStrings(ds)
		want := []string{
			`["tim",__EMPTY__,["Tim Duncan"],[["manu",90],["tony",95]],[["manu",90],["tony",95]],__EMPTY__]`,
			`["tony",__EMPTY__,["Tony Parker"],[["manu",70],["tim",95]],[["tim",95]],__EMPTY__]`,
		}
		if !slices.Equal(got, want) {
			t.Fatalf("neighbors:\n%v\nwant\n%v", got, want)
		}
	})

	nb := func(t *testing.T, vids []value.Value, spec *gstorage.TraverseSpec) []string {
		t.Helper()
		ds, err := cl.GetNeighbors(ctx, space, vids, spec)
		if err != nil {
			t.Fatal(err)
		}
		return rowStrings(ds)
	}
	likeOut := func() *gstorage.TraverseSpec {
		return &gstorage.TraverseSpec{
			EdgeTypes:   []common.EdgeType{common.EdgeType(sc.like)},
			VertexProps: []*gstorage.VertexProp{},
			EdgeProps:   []*gstorage.EdgeProp{{Type: common.EdgeType(sc.like), Props: [][]byte{[]byte("_dst"), []byte("likeness")}}},
		}
	}
	all := []value.Value{str("tim"), str("tony"), str("manu"), str("spurs")}
	expect := func(t *testing.T, got []string, want ...string) {
		t.Helper()
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Fatalf("got\n%v\nwant\n%v", got, want)
		}
	}

	t.Run("pushed-down filters", func(t *testing.T) {
		spec := likeOut()
		spec.Filter = []byte("like.likeness >= 90 AND $^.player.age > 40")
		expect(t, nb(t, all, spec),
			`["manu",__EMPTY__,[["tim",90]],__EMPTY__]`,
			`["spurs",__EMPTY__,__EMPTY__,__EMPTY__]`,
			`["tim",__EMPTY__,[["manu",90],["tony",95]],__EMPTY__]`,
			`["tony",__EMPTY__,__EMPTY__,__EMPTY__]`)
		spec = likeOut()
		spec.TagFilter = []byte("player.age < 40")
		expect(t, nb(t, all, spec), `["tony",__EMPTY__,[["manu",70],["tim",95]],__EMPTY__]`)
		spec.Filter = []byte("like._dst == \"tim\"")
		expect(t, nb(t, all, spec), `["tony",__EMPTY__,[["tim",95]],__EMPTY__]`)
	})

	t.Run("stats limit sample dedup expressions", func(t *testing.T) {
		spec := likeOut()
		spec.StatProps = []*gstorage.StatProp{
			{Name: []byte("n"), Stat: gstorage.StatType_COUNT},
			{Name: []byte("s"), Prop: []byte("like.likeness"), Stat: gstorage.StatType_SUM},
			{Name: []byte("a"), Prop: []byte("like.likeness"), Stat: gstorage.StatType_AVG},
			{Name: []byte("mx"), Prop: []byte("like.likeness"), Stat: gstorage.StatType_MAX},
			{Name: []byte("mn"), Prop: []byte("like.likeness"), Stat: gstorage.StatType_MIN},
		}
		spec.Expressions = []*gstorage.Expr{{Name: []byte("x"), Expr: []byte("$^.player.age + 1")}}
		expect(t, nb(t, []value.Value{str("tim"), str("spurs")}, spec),
			`["spurs",[0,0,NULL,NULL,NULL],__EMPTY__,[NULL]]`,
			`["tim",[2,185,92.5,95,90],[["manu",90],["tony",95]],[43]]`)

		spec = likeOut()
		one := int64(1)
		spec.Limit = &one
		expect(t, nb(t, []value.Value{str("tim")}, spec), `["tim",__EMPTY__,[["manu",90]],__EMPTY__]`)
		random := true
		spec.Random = &random
		seen := map[string]bool{}
		for range 40 {
			got := nb(t, []value.Value{str("tim")}, spec)
			seen[got[0]] = true
		}
		if len(seen) != 2 {
			t.Fatalf("sampling 1 of 2 edges 40 times gave %v", seen)
		}

		spec = likeOut()
		spec.EdgeProps[0].Props = [][]byte{[]byte("likeness")}
		spec.Dedup = true
		expect(t, nb(t, []value.Value{str("tony")}, spec), `["tony",__EMPTY__,[[70],[95]],__EMPTY__]`)
		total := int64(2)
		spec = likeOut()
		spec.TotalLimit = &total
		ds, err := cl.GetNeighbors(ctx, space, all, spec)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range ds.Rows {
			if r.Values[2].Kind() == value.KindList {
				n += len(r.Values[2].List())
			}
		}
		if n > 2*4 {
			t.Fatalf("total limit 2 per part gave %d edges", n)
		}
	})

	t.Run("props", func(t *testing.T) {
		ds, err := cl.GetVertexProps(ctx, space, []value.Value{str("tim"), str("spurs"), str("nobody")}, &gstorage.GetPropRequest{
			VertexProps: []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: [][]byte{[]byte("name"), []byte("age")}}, {Tag: common.TagID(sc.team), Props: [][]byte{[]byte("name")}}},
			Expressions: []*gstorage.Expr{{Name: []byte("old"), Expr: []byte("player.age > 40")}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"_vid", "player.name", "player.age", "team.name", "old"}; !slices.Equal(ds.ColNames, want) {
			t.Fatalf("columns %v", ds.ColNames)
		}
		expect(t, rowStrings(ds), `["spurs",__EMPTY__,__EMPTY__,"Spurs",NULL]`, `["tim","Tim Duncan",42,__EMPTY__,true]`)
		ds, err = cl.GetEdgeProps(ctx, space, []EdgeKey{{Src: str("tim"), Type: sc.serve, Dst: str("spurs")}, {Src: str("tony"), Type: sc.serve, Dst: str("spurs")}},
			&gstorage.GetPropRequest{EdgeProps: []*gstorage.EdgeProp{{Type: common.EdgeType(sc.serve), Props: [][]byte{[]byte("_src"), []byte("start_year"), []byte("end_year")}}}})
		if err != nil {
			t.Fatal(err)
		}
		expect(t, rowStrings(ds), `["tim",1997,2016]`, `["tony",1999,NULL]`)
	})

	lookup := func(t *testing.T, ix int32, hints []*gstorage.IndexColumnHint, filter string, cols ...string) []string {
		t.Helper()
		req := &gstorage.LookupIndexRequest{
			Indices:       &gstorage.IndexSpec{Contexts: []*gstorage.IndexQueryContext{{IndexID: common.IndexID(ix), Filter: []byte(filter), ColumnHints: hints}}},
			ReturnColumns: namesToBytes(cols),
		}
		ds, err := cl.LookupIndex(ctx, space, req)
		if err != nil {
			t.Fatal(err)
		}
		return rowStrings(ds)
	}
	rangeHint := func(col string, lo, hi value.Value) *gstorage.IndexColumnHint {
		return &gstorage.IndexColumnHint{ColumnName: []byte(col), ScanType: gstorage.ScanType_RANGE,
			BeginValue: value.ToThrift(lo), EndValue: value.ToThrift(hi), IncludeBegin: true}
	}
	eqHint := func(col string, v value.Value) *gstorage.IndexColumnHint {
		return &gstorage.IndexColumnHint{ColumnName: []byte(col), ScanType: gstorage.ScanType_PREFIX, BeginValue: value.ToThrift(v), EndValue: &common.Value{}}
	}

	t.Run("index lookup", func(t *testing.T) {
		expect(t, lookup(t, sc.ixAge, []*gstorage.IndexColumnHint{rangeHint("age", num(40), num(42))}, "", "_vid", "age"), `["manu",41]`)
		expect(t, lookup(t, sc.ixAge, []*gstorage.IndexColumnHint{rangeHint("age", num(36), value.Empty)}, "player.name != \"Tim Duncan\"", "_vid", "name"),
			`["manu","Manu Ginobili"]`, `["tony","Tony Parker"]`)
		// The name index keeps 8 bytes: "Tim Dunc" entries are re-checked.
		expect(t, lookup(t, sc.ixName, []*gstorage.IndexColumnHint{eqHint("name", str("Tim Duncan"))}, "", "_vid"), `["tim"]`)
		expect(t, lookup(t, sc.ixName, []*gstorage.IndexColumnHint{eqHint("name", str("Tim Dunc"))}, "", "_vid"))
		expect(t, lookup(t, sc.ixLike, []*gstorage.IndexColumnHint{rangeHint("likeness", num(90), num(100))}, "", "_src", "_dst", "likeness"),
			`["manu","tim",90]`, `["tim","manu",90]`, `["tim","tony",95]`, `["tony","tim",95]`)
	})

	t.Run("update", func(t *testing.T) {
		_, err := cl.UpdateVertex(ctx, space, str("tony"), sc.player, []UpdatedProp{{Name: "age", Expr: "player.age + 1"}},
			UpdateOptions{Condition: "player.age > 100"})
		if !isErr(err, common.ErrorCode_E_FILTER_OUT) {
			t.Fatalf("update under a false condition: %v", err)
		}
		ds, err := cl.UpdateVertex(ctx, space, str("tony"), sc.player, []UpdatedProp{{Name: "age", Expr: "age + 2"}, {Name: "name", Expr: "\"TP\" + (string)player.age"}},
			UpdateOptions{Condition: "player.age == 36", Return: []string{"player.age", "player.name"}})
		if err != nil {
			t.Fatal(err)
		}
		expect(t, rowStrings(ds), `[false,38,"TP38"]`)
		expect(t, lookup(t, sc.ixAge, []*gstorage.IndexColumnHint{eqHint("age", num(36))}, "", "_vid"))
		expect(t, lookup(t, sc.ixAge, []*gstorage.IndexColumnHint{eqHint("age", num(38))}, "", "_vid"), `["tony"]`)
		_, err = cl.UpdateVertex(ctx, space, str("kobe"), sc.player, []UpdatedProp{{Name: "age", Expr: "1"}}, UpdateOptions{})
		if !isErr(err, common.ErrorCode_E_KEY_NOT_FOUND) {
			t.Fatalf("update of a missing vertex: %v", err)
		}
		ds, err = cl.UpdateVertex(ctx, space, str("kobe"), sc.player, []UpdatedProp{{Name: "name", Expr: "\"Kobe\""}},
			UpdateOptions{Insertable: true, Return: []string{"player.name", "player.age"}})
		if err != nil {
			t.Fatal(err)
		}
		expect(t, rowStrings(ds), `[true,"Kobe",NULL]`)
		ds, err = cl.UpdateEdge(ctx, space, EdgeKey{Src: str("tony"), Type: sc.like, Dst: str("manu")},
			[]UpdatedProp{{Name: "likeness", Expr: "like.likeness + 10"}}, UpdateOptions{Return: []string{"like.likeness"}})
		if err != nil {
			t.Fatal(err)
		}
		expect(t, rowStrings(ds), `[false,80]`)
		spec := likeOut()
		spec.EdgeTypes = []common.EdgeType{common.EdgeType(-sc.like)}
		spec.EdgeProps[0].Type = common.EdgeType(-sc.like)
		expect(t, nb(t, []value.Value{str("manu")}, spec), `["manu",__EMPTY__,[["tim",90],["tony",80]],__EMPTY__]`)
		expect(t, lookup(t, sc.ixLike, []*gstorage.IndexColumnHint{eqHint("likeness", num(80))}, "", "_src", "_dst"), `["tony","manu"]`)
	})

	t.Run("if not exists", func(t *testing.T) {
		err := cl.AddVertices(ctx, space, []NewVertex{{VID: str("tim"), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{str("X"), num(1)}}}}}, names, true, false)
		if err != nil {
			t.Fatal(err)
		}
		expect(t, lookup(t, sc.ixAge, []*gstorage.IndexColumnHint{eqHint("age", num(42))}, "", "_vid", "name"), `["tim","Tim Duncan"]`)
	})

	t.Run("scan", func(t *testing.T) {
		var rows []string
		for p := int32(1); p <= 4; p++ {
			var cursor []byte
			for {
				ds, next, err := cl.ScanVertex(ctx, space, p, cursor, []*gstorage.VertexProp{{Tag: common.TagID(sc.player), Props: [][]byte{[]byte("name")}}}, 1, "")
				if err != nil {
					t.Fatal(err)
				}
				if len(ds.Rows) > 1 {
					t.Fatalf("limit 1 gave %d rows", len(ds.Rows))
				}
				rows = append(rows, rowStrings(ds)...)
				if next == nil {
					break
				}
				cursor = next
			}
		}
		expect(t, sorted(rows), `["kobe","Kobe"]`, `["manu","Manu Ginobili"]`, `["tim","Tim Duncan"]`, `["tony","TP38"]`)
		rows = nil
		for p := int32(1); p <= 4; p++ {
			ds, next, err := cl.ScanEdge(ctx, space, p, nil, []*gstorage.EdgeProp{{Type: common.EdgeType(sc.serve), Props: [][]byte{[]byte("_src"), []byte("_dst"), []byte("start_year")}}}, -1, "serve.start_year > 1998")
			if err != nil || next != nil {
				t.Fatal(err, next)
			}
			rows = append(rows, rowStrings(ds)...)
		}
		expect(t, sorted(rows), `["tony","spurs",1999]`)
	})

	t.Run("delete", func(t *testing.T) {
		if err := cl.DeleteEdges(ctx, space, []EdgeKey{{Src: str("tim"), Type: sc.like, Dst: str("tony")}}); err != nil {
			t.Fatal(err)
		}
		spec := likeOut()
		spec.EdgeTypes = []common.EdgeType{common.EdgeType(sc.like), common.EdgeType(-sc.like)}
		spec.EdgeProps = append(spec.EdgeProps, &gstorage.EdgeProp{Type: common.EdgeType(-sc.like), Props: [][]byte{[]byte("_dst")}})
		expect(t, nb(t, []value.Value{str("tim"), str("tony")}, spec),
			`["tim",__EMPTY__,[["manu",90]],[["manu"],["tony"]],__EMPTY__]`,
			`["tony",__EMPTY__,[["manu",80],["tim",95]],__EMPTY__,__EMPTY__]`)
		expect(t, lookup(t, sc.ixLike, []*gstorage.IndexColumnHint{eqHint("likeness", num(95))}, "", "_src", "_dst"), `["tony","tim"]`)

		if err := cl.DeleteVertices(ctx, space, []value.Value{str("tim")}, true); err != nil {
			t.Fatal(err)
		}
		expect(t, nb(t, []value.Value{str("tim"), str("tony"), str("manu")}, spec),
			`["manu",__EMPTY__,__EMPTY__,[["tony"]],__EMPTY__]`,
			`["tim",__EMPTY__,__EMPTY__,__EMPTY__,__EMPTY__]`,
			`["tony",__EMPTY__,[["manu",80]],__EMPTY__,__EMPTY__]`)
		expect(t, lookup(t, sc.ixAge, []*gstorage.IndexColumnHint{eqHint("age", num(42))}, "", "_vid"))
		expect(t, lookup(t, sc.ixLike, []*gstorage.IndexColumnHint{rangeHint("likeness", num(0), num(1000))}, "", "_src", "_dst"), `["tony","manu"]`)
		ds, err := cl.GetEdgeProps(ctx, space, []EdgeKey{{Src: str("tim"), Type: sc.serve, Dst: str("spurs")}},
			&gstorage.GetPropRequest{EdgeProps: []*gstorage.EdgeProp{{Type: common.EdgeType(sc.serve), Props: [][]byte{[]byte("_src")}}}})
		if err != nil || len(ds.Rows) != 0 {
			t.Fatalf("serve edge of a deleted vertex: %v %v", ds, err)
		}

		if err := cl.DeleteTags(ctx, space, []value.Value{str("tony")}, []int32{sc.player}); err != nil {
			t.Fatal(err)
		}
		expect(t, lookup(t, sc.ixAge, []*gstorage.IndexColumnHint{rangeHint("age", num(0), num(1000))}, "", "_vid"), `["manu"]`)
	})

	t.Run("errors", func(t *testing.T) {
		err := cl.AddVertices(ctx, space, []NewVertex{{VID: str("x"), Tags: []NewTag{{Tag: 99}}}}, nil, false, false)
		if !isErr(err, common.ErrorCode_E_TAG_NOT_FOUND) {
			t.Fatalf("unknown tag: %v", err)
		}
		spec := likeOut()
		spec.Filter = []byte("like.likeness >")
		if _, err := cl.GetNeighbors(ctx, space, all, spec); !isErr(err, common.ErrorCode_E_INVALID_FILTER) {
			t.Fatalf("bad filter: %v", err)
		}
		err = cl.AddVertices(ctx, space, []NewVertex{{VID: str("x"), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{num(1)}}}}}, map[int32][]string{sc.player: {"name"}}, false, false)
		if !isErr(err, common.ErrorCode_E_DATA_TYPE_MISMATCH) {
			t.Fatalf("int for a string: %v", err)
		}
		err = cl.AddVertices(ctx, space, []NewVertex{{VID: str("x"), Tags: []NewTag{{Tag: sc.player, Props: []value.Value{num(1)}}}}}, map[int32][]string{sc.player: {"age"}}, false, false)
		if !isErr(err, common.ErrorCode_E_FIELD_UNSET) {
			t.Fatalf("missing NOT NULL name: %v", err)
		}
		if _, err := cl.GetNeighbors(ctx, space, []value.Value{num(1)}, likeOut()); err == nil {
			t.Fatal("int vid in a string space accepted")
		}
	})
}

func sorted(s []string) []string { sort.Strings(s); return s }
