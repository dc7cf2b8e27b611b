package ast

// Children returns the direct sub-expressions of e in source order. The
// result is a new slice; the expressions are shared with e.
func Children(e Expr) []Expr {
	var out []Expr
	add := func(es ...Expr) {
		for _, x := range es {
			if x != nil {
				out = append(out, x)
			}
		}
	}
	switch e := e.(type) {
	case *LabelTagProperty:
		add(e.Label)
	case *Attribute:
		add(e.Left)
	case *Subscript:
		add(e.Left, e.Index)
	case *SubscriptRange:
		add(e.Left, e.Lo, e.Hi)
	case *Unary:
		add(e.Operand)
	case *Binary:
		add(e.Left, e.Right)
	case *Logical:
		add(e.Operands...)
	case *TypeCast:
		add(e.Operand)
	case *FunctionCall:
		add(e.Args...)
	case *Aggregate:
		add(e.Arg)
	case *List:
		add(e.Items...)
	case *Set:
		add(e.Items...)
	case *Map:
		for _, it := range e.Items {
			add(it.Value)
		}
	case *Case:
		add(e.Condition)
		for _, a := range e.Arms {
			add(a.When, a.Then)
		}
		add(e.Default)
	case *Predicate:
		add(e.Collection, e.Filter)
	case *ListComprehension:
		add(e.Collection, e.Filter, e.Mapping)
	case *Reduce:
		add(e.Init, e.Collection, e.Mapping)
	case *PathPattern:
		for _, n := range e.Path.Nodes {
			for _, l := range n.Labels {
				if l.Props != nil {
					add(l.Props)
				}
			}
			if n.Props != nil {
				add(n.Props)
			}
		}
		for _, ed := range e.Path.Edges {
			if ed.Props != nil {
				add(ed.Props)
			}
		}
	}
	return out
}

// Walk visits e and its sub-expressions depth first, parents before
// children, while visit returns true; a false return skips the node's
// children. Walk recurses as deep as the tree (at most MaxExprDepth for
// parsed trees).
func Walk(e Expr, visit func(Expr) bool) {
	if e == nil || !visit(e) {
		return
	}
	for _, c := range Children(e) {
		Walk(c, visit)
	}
}

// Any reports whether pred holds for e or any of its sub-expressions.
func Any(e Expr, pred func(Expr) bool) bool {
	found := false
	Walk(e, func(x Expr) bool {
		if found {
			return false
		}
		if pred(x) {
			found = true
			return false
		}
		return true
	})
	return found
}
