package eval

import (
	"regexp"
	"strings"
	"sync"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/value"
)

func (ev *evaluator) unary(e *ast.Unary) (value.Value, error) {
	v, err := ev.eval(e.Operand)
	if err != nil {
		return value.Value{}, err
	}
	switch e.Op {
	case ast.OpPlus:
		return v, nil
	case ast.OpNegate:
		// An overflow (-MinInt64) is NULL(ERR_OVERFLOW) at run time; Fold
		// reports it.
		r, _ := value.Neg(v)
		return r, nil
	case ast.OpNot:
		return value.Not(v), nil
	case ast.OpIsNull:
		return value.NewBool(v.IsNull()), nil
	case ast.OpIsNotNull:
		return value.NewBool(!v.IsNull()), nil
	case ast.OpIsEmpty:
		return value.NewBool(v.IsEmpty()), nil
	case ast.OpIsNotEmpty:
		return value.NewBool(!v.IsEmpty()), nil
	}
	return badType, nil
}

func (ev *evaluator) binary(e *ast.Binary) (value.Value, error) {
	l, err := ev.eval(e.Left)
	if err != nil {
		return value.Value{}, err
	}
	r, err := ev.eval(e.Right)
	if err != nil {
		return value.Value{}, err
	}
	// The arithmetic errors (int overflow) come with their NULL result,
	// which is what evaluation yields; Fold reports them.
	switch e.Op {
	case ast.OpAdd:
		v, _ := value.Add(l, r)
		return v, nil
	case ast.OpSub:
		v, _ := value.Sub(l, r)
		return v, nil
	case ast.OpMul:
		v, _ := value.Mul(l, r)
		return v, nil
	case ast.OpDiv:
		v, _ := value.Div(l, r)
		return v, nil
	case ast.OpMod:
		v, _ := value.Mod(l, r)
		return v, nil
	case ast.OpEQ:
		return value.Equal(l, r), nil
	case ast.OpNE:
		return value.NotEqual(l, r), nil
	case ast.OpLT:
		return value.Less(l, r), nil
	case ast.OpLE:
		return value.LessEq(l, r), nil
	case ast.OpGT:
		return value.Greater(l, r), nil
	case ast.OpGE:
		return value.GreaterEq(l, r), nil
	case ast.OpRegex:
		return regexMatch(l, r), nil
	case ast.OpIn:
		return in(l, r), nil
	case ast.OpNotIn:
		return value.Not(in(l, r)), nil
	case ast.OpContains:
		return stringPredicate(l, r, strings.Contains), nil
	case ast.OpNotContains:
		return value.Not(stringPredicate(l, r, strings.Contains)), nil
	case ast.OpStartsWith:
		return stringPredicate(l, r, strings.HasPrefix), nil
	case ast.OpNotStartsWith:
		return value.Not(stringPredicate(l, r, strings.HasPrefix)), nil
	case ast.OpEndsWith:
		return stringPredicate(l, r, strings.HasSuffix), nil
	case ast.OpNotEndsWith:
		return value.Not(stringPredicate(l, r, strings.HasSuffix)), nil
	}
	return badType, nil
}

// stringPredicate applies CONTAINS, STARTS WITH or ENDS WITH: a bad NULL
// or a non-string operand (EMPTY included) is BAD_TYPE, a plain NULL
// operand gives NULL. The negated forms are the NOT of these, which keeps
// NULLs.
func stringPredicate(l, r value.Value, test func(s, sub string) bool) value.Value {
	if l.IsBadNull() || r.IsBadNull() {
		return badType
	}
	if (!l.IsNull() && l.Kind() != value.KindString) || (!r.IsNull() && r.Kind() != value.KindString) {
		return badType
	}
	if l.IsNull() || r.IsNull() {
		return value.Null
	}
	return value.NewBool(test(l.Str(), r.Str()))
}

// regexMatch is =~: the whole left string must match the pattern on the
// right. Operand kinds are checked as for CONTAINS; a pattern that does
// not compile is BAD_TYPE.
func regexMatch(l, r value.Value) value.Value {
	if l.IsBadNull() || r.IsBadNull() {
		return badType
	}
	if (!l.IsNull() && l.Kind() != value.KindString) || (!r.IsNull() && r.Kind() != value.KindString) {
		return badType
	}
	if l.IsNull() || r.IsNull() {
		return value.Null
	}
	re, err := compileAnchored(r.Str())
	if err != nil {
		return badType
	}
	return value.NewBool(re.MatchString(l.Str()))
}

// The compiled patterns of =~, shared by all evaluations. A query usually
// matches many rows against one pattern, so caching saves a compilation
// per row; the cache is dropped when full to bound its memory.
var regexCache struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}

const regexCacheSize = 512

func compileAnchored(pattern string) (*regexp.Regexp, error) {
	regexCache.Lock()
	re, ok := regexCache.m[pattern]
	regexCache.Unlock()
	if ok {
		return re, nil
	}
	re, err := regexp.Compile(`^(?:` + pattern + `)$`)
	if err != nil {
		return nil, err
	}
	regexCache.Lock()
	if regexCache.m == nil || len(regexCache.m) >= regexCacheSize {
		regexCache.m = make(map[string]*regexp.Regexp)
	}
	regexCache.m[pattern] = re
	regexCache.Unlock()
	return re, nil
}

// in is x IN collection. A plain NULL collection gives NULL; a list is
// searched with == (NULL finds NULL, 1 finds 1.0), a set by membership, a
// map by key. Not found in a collection that holds a NULL is NULL, as is
// any non-error answer for a NULL x. Other collections are BAD_TYPE.
func in(x, coll value.Value) value.Value {
	var r value.Value
	switch coll.Kind() {
	case value.KindNull:
		if coll.IsBadNull() {
			r = badType
			break
		}
		return value.Null
	case value.KindList:
		r = value.NewBool(containsEqual(coll.List(), x))
		if !r.Bool() && containsNull(coll.List()) {
			r = value.Null
		}
	case value.KindSet:
		r = value.NewBool(containsIdentical(coll.Set(), x))
		if !r.Bool() && containsNull(coll.Set()) {
			r = value.Null
		}
	case value.KindMap:
		found := false
		if x.Kind() == value.KindString {
			_, found = coll.Map()[x.Str()]
		}
		r = value.NewBool(found)
	default:
		r = badType
	}
	if !r.IsBadNull() && x.IsNull() {
		return value.Null
	}
	return r
}

// sameValue is NebulaGraph's bool operator== between values, which list
// searches and CASE use: NULL equals NULL, EMPTY equals EMPTY, ints and
// floats compare numerically.
func sameValue(a, b value.Value) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	if a.IsEmpty() || b.IsEmpty() {
		return a.IsEmpty() && b.IsEmpty()
	}
	return value.IsTrue(value.Equal(a, b))
}

func containsEqual(vs []value.Value, x value.Value) bool {
	for _, v := range vs {
		if sameValue(v, x) {
			return true
		}
	}
	return false
}

// containsIdentical searches a set. NebulaGraph's set is a hash set, so
// membership needs the same kind (1 is not in {1.0}) but NULL finds any
// NULL, as its == says.
func containsIdentical(vs []value.Value, x value.Value) bool {
	for _, v := range vs {
		if value.Identical(v, x) || (v.IsNull() && x.IsNull()) {
			return true
		}
	}
	return false
}

func containsNull(vs []value.Value) bool {
	for _, v := range vs {
		if v.IsNull() {
			return true
		}
	}
	return false
}

// logical evaluates AND, OR and XOR over two or more operands with
// NebulaGraph's rules (see value.And, value.Or, value.Xor), stopping at the
// first operand that decides the result.
func (ev *evaluator) logical(e *ast.Logical) (value.Value, error) {
	switch e.Op {
	case ast.OpAnd, ast.OpOr:
		stops, r := value.AndStops, value.True
		if e.Op == ast.OpOr {
			stops, r = value.OrStops, value.False
		}
		for _, x := range e.Operands {
			v, err := ev.eval(x)
			if err != nil {
				return value.Value{}, err
			}
			if stops(v) {
				return v, nil
			}
			switch v.Kind() {
			case value.KindBool:
			case value.KindNull:
				r = v
			case value.KindEmpty:
				if !r.IsNull() {
					r = v
				}
			default:
				return badType, nil
			}
		}
		return r, nil
	case ast.OpXor:
		var r value.Value
		first, sawEmpty := true, false
		for _, x := range e.Operands {
			v, err := ev.eval(x)
			if err != nil {
				return value.Value{}, err
			}
			switch v.Kind() {
			case value.KindNull:
				return v, nil
			case value.KindEmpty:
				r, sawEmpty = v, true
				continue
			case value.KindBool:
			default:
				return badType, nil
			}
			if sawEmpty {
				continue
			}
			if first {
				r, first = v, false
			} else {
				r = value.NewBool(r.Bool() != v.Bool())
			}
		}
		return r, nil
	}
	return badType, nil
}
