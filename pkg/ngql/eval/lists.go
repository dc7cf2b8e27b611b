package eval

import (
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

// caseExpr is CASE. With a condition, the first WHEN equal to it (under ==,
// where NULL equals NULL) picks its THEN. Without one, the first WHEN that
// is true does; a NULL or EMPTY WHEN counts as not true and any other
// non-bool is BAD_TYPE. No match gives the ELSE, or NULL.
func (ev *evaluator) caseExpr(e *ast.Case) (value.Value, error) {
	var cond value.Value
	if e.Condition != nil {
		var err error
		if cond, err = ev.eval(e.Condition); err != nil {
			return value.Value{}, err
		}
	}
	for _, arm := range e.Arms {
		when, err := ev.eval(arm.When)
		if err != nil {
			return value.Value{}, err
		}
		hit := false
		if e.Condition != nil {
			hit = sameValue(cond, when)
		} else {
			switch when.Kind() {
			case value.KindBool:
				hit = when.Bool()
			case value.KindNull, value.KindEmpty:
			default:
				return badType, nil
			}
		}
		if hit {
			return ev.eval(arm.Then)
		}
	}
	if e.Default != nil {
		return ev.eval(e.Default)
	}
	return value.Null, nil
}

// collection evaluates the list a comprehension, predicate or reduce
// iterates. done is set when the result is already known: NULL and EMPTY
// pass through, any other non-list is BAD_TYPE.
func (ev *evaluator) collection(x ast.Expr) (list []value.Value, result value.Value, done bool, err error) {
	v, err := ev.eval(x)
	if err != nil {
		return nil, value.Value{}, true, err
	}
	switch v.Kind() {
	case value.KindList:
		return v.List(), value.Value{}, false, nil
	case value.KindNull, value.KindEmpty:
		return nil, v, true, nil
	}
	return nil, badType, true, nil
}

// listComprehension is [x IN list WHERE filter | mapping]. The filter is
// read as NebulaGraph's implicit bool: a bool, or a list that is true when
// not empty — what a pattern predicate such as (v)-[:like]->() yields. A
// NULL or EMPTY filter result drops the element; a filter of another kind
// makes the result BAD_TYPE.
func (ev *evaluator) listComprehension(e *ast.ListComprehension) (value.Value, error) {
	list, res, done, err := ev.collection(e.Collection)
	if done {
		return res, err
	}
	if e.Filter == nil && e.Mapping == nil {
		return value.NewList(list), nil
	}
	out := make([]value.Value, 0, len(list))
	for _, item := range list {
		ev.bind(e.Var, item)
		keep := true
		if e.Filter != nil {
			f, err := ev.eval(e.Filter)
			if err != nil {
				ev.unbind()
				return value.Value{}, err
			}
			switch f.Kind() {
			case value.KindBool:
				keep = f.Bool()
			case value.KindList:
				keep = len(f.List()) > 0
			case value.KindNull, value.KindEmpty:
				keep = false
			default:
				ev.unbind()
				return badType, nil
			}
		}
		if keep {
			v := item
			if e.Mapping != nil {
				if v, err = ev.eval(e.Mapping); err != nil {
					ev.unbind()
					return value.Value{}, err
				}
			}
			out = append(out, v)
		}
		ev.unbind()
	}
	return value.NewList(out), nil
}

// predicate is all/any/single/none(x IN list WHERE filter) and
// exists(prop).
//
// The filter is read as a truth value: a bool, or a list (true when not
// empty) for all(). As in NebulaGraph 3.8, the first NULL or EMPTY filter
// result makes the whole predicate NULL unless the answer was already
// decided by an earlier element; a filter of another kind is BAD_TYPE.
func (ev *evaluator) predicate(e *ast.Predicate) (value.Value, error) {
	if e.Name == "exists" {
		return ev.exists(e.Collection)
	}
	list, res, done, err := ev.collection(e.Collection)
	if done {
		return res, err
	}
	trues := 0
	for _, item := range list {
		ev.bind(e.Var, item)
		f, err := ev.eval(e.Filter)
		ev.unbind()
		if err != nil {
			return value.Value{}, err
		}
		if f.IsNull() || f.IsEmpty() {
			return value.Null, nil
		}
		var truth bool
		switch {
		case f.Kind() == value.KindBool:
			truth = f.Bool()
		case f.Kind() == value.KindList && e.Name == "all":
			truth = len(f.List()) > 0
		case f.Kind() == value.KindList:
			// NebulaGraph accepts a list here but only a bool true counts.
		default:
			return badType, nil
		}
		switch e.Name {
		case "all":
			if !truth {
				return value.False, nil
			}
		case "any":
			if truth {
				return value.True, nil
			}
		case "none":
			if truth {
				return value.False, nil
			}
		case "single":
			if truth {
				trues++
				if trues > 1 {
					return value.False, nil
				}
			}
		default:
			return badType, nil
		}
	}
	switch e.Name {
	case "all", "none":
		return value.True, nil
	case "any":
		return value.False, nil
	case "single":
		return value.NewBool(trues == 1), nil
	}
	return badType, nil
}

// exists is exists(x.prop), exists(x["prop"]) or exists(v.tag.prop):
// whether the property is present and not NULL; on a vertex, x.name
// names a tag (as attribute access reads a vertex) and x["name"] a
// property of any of its tags. A NULL container gives
// NULL; a non-string key, or a container that is not a vertex, edge or
// map, BAD_TYPE.
func (ev *evaluator) exists(x ast.Expr) (value.Value, error) {
	var container ast.Expr
	var key value.Value
	attr := false // x.name rather than x["name"]
	switch x := x.(type) {
	case *ast.LabelTagProperty:
		v, err := ev.eval(x)
		if err != nil {
			return value.Value{}, err
		}
		return value.NewBool(!v.IsNull()), nil
	case *ast.Attribute:
		container, key, attr = x.Left, value.NewString(x.Name), true
	case *ast.LabelAttribute:
		container, key, attr = &ast.Label{Name: x.Label}, value.NewString(x.Attr), true
	case *ast.Subscript:
		container = x.Left
		k, err := ev.eval(x.Index)
		if err != nil {
			return value.Value{}, err
		}
		key = k
	default:
		return badType, nil
	}
	c, err := ev.eval(container)
	if err != nil {
		return value.Value{}, err
	}
	if key.Kind() != value.KindString {
		return badType, nil
	}
	name := key.Str()
	switch c.Kind() {
	case value.KindVertex:
		// A vertex's attributes are its tags (v.player is the tag's
		// properties), so v.age exists only for a tag named age; its
		// subscripts are properties of any tag (v["age"]).
		for _, t := range c.Vertex().Tags {
			if attr && t.Name == name {
				return value.True, nil
			}
			if v, ok := t.Props[name]; ok && !attr {
				return value.NewBool(!v.IsNull()), nil
			}
		}
		return value.False, nil
	case value.KindEdge:
		v, ok := c.Edge().Props[name]
		return value.NewBool(ok && !v.IsNull()), nil
	case value.KindMap:
		v, ok := c.Map()[name]
		return value.NewBool(ok && !v.IsNull()), nil
	case value.KindNull:
		return value.Null, nil
	}
	return badType, nil
}

// reduce is reduce(acc = init, x IN list | mapping): the accumulator
// starts at init and takes the mapping's value for each element in turn.
// The initial value is evaluated before the list.
func (ev *evaluator) reduce(e *ast.Reduce) (value.Value, error) {
	acc, err := ev.eval(e.Init)
	if err != nil {
		return value.Value{}, err
	}
	list, res, done, err := ev.collection(e.Collection)
	if done {
		return res, err
	}
	for _, item := range list {
		ev.bind(e.Acc, acc)
		ev.bind(e.Var, item)
		acc, err = ev.eval(e.Mapping)
		ev.unbind()
		ev.unbind()
		if err != nil {
			return value.Value{}, err
		}
	}
	return acc, nil
}
