package ast

import (
	"reflect"
	"testing"
)

func TestWalk(t *testing.T) {
	// (a + f(b, [c])) AND exists(d.e)
	e := &Logical{Op: OpAnd, Operands: []Expr{
		&Binary{Op: OpAdd, Left: &Label{Name: "a"}, Right: &FunctionCall{Name: "f", Args: []Expr{
			&Label{Name: "b"}, &List{Items: []Expr{&Label{Name: "c"}}},
		}}},
		&Predicate{Name: "exists", Collection: &LabelAttribute{Label: "d", Attr: "e"}},
	}}
	var seen []string
	Walk(e, func(x Expr) bool {
		if l, ok := x.(*Label); ok {
			seen = append(seen, l.Name)
		}
		_, isCall := x.(*FunctionCall)
		return !isCall // skip the call's arguments
	})
	if want := []string{"a"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("labels seen %v, want %v", seen, want)
	}
	if !Any(e, func(x Expr) bool { _, ok := x.(*LabelAttribute); return ok }) {
		t.Error("Any missed the LabelAttribute")
	}
	if Any(e, func(x Expr) bool { _, ok := x.(*Aggregate); return ok }) {
		t.Error("Any found an Aggregate")
	}
	if n := len(Children(e)); n != 2 {
		t.Errorf("Children = %d, want 2", n)
	}
	c := &Case{Generic: true, Arms: []WhenThen{{When: &Label{Name: "w"}, Then: &Label{Name: "t"}}}}
	if got := Children(c); len(got) != 2 {
		t.Errorf("Children of CASE without condition and default = %v", got)
	}
}
