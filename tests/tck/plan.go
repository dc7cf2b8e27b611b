package tck

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

// expectedPlan is the table of `Then the execution plan should be:`.
type expectedPlan struct {
	cols []string
	rows [][]string
}

var loopBodyInfo = regexp.MustCompile(`^\{"loopBody": "(\d+)"\}`)

// diffPlan checks a PROFILE/EXPLAIN plan against the expected table with
// NebulaGraph's rules (tests/common/plan_differ.py): the walk starts at the
// response's first node and follows dependencies; expected row i describes
// the response's i-th node; a node matches when its name starts with the
// expected name (case-insensitively) and, for nodes other than Loop and
// Select, when the expected operator info (JSON) is a subset of the node's
// description, descending into JSON-valued descriptions for nested
// expectations. A Loop also checks its body.
func diffPlan(plan *graph.PlanDescription, exp expectedPlan) error {
	if plan == nil {
		return errors.New("the response has no plan")
	}
	col := map[string]int{}
	for i, c := range exp.cols {
		col[c] = i
	}
	for _, c := range []string{"id", "name", "dependencies", "operator info"} {
		if _, ok := col[c]; !ok {
			return fmt.Errorf("the expected plan has no %q column", c)
		}
	}
	ids := map[int]bool{}
	deps := make([][]int, len(exp.rows))
	for i, r := range exp.rows {
		id, err := strconv.Atoi(strings.TrimSpace(r[col["id"]]))
		if err != nil {
			return fmt.Errorf("expected plan row %d: bad id %q", i, r[col["id"]])
		}
		ids[id] = true
		for _, d := range strings.Split(r[col["dependencies"]], ",") {
			if d = strings.TrimSpace(d); d == "" {
				continue
			}
			n, err := strconv.Atoi(d)
			if err != nil {
				return fmt.Errorf("expected plan row %d: bad dependency %q", i, d)
			}
			deps[i] = append(deps[i], n)
		}
	}
	for i := range deps {
		for _, d := range deps[i] {
			if !ids[d] {
				return fmt.Errorf("expected plan row %d: no node %d", i, d)
			}
		}
	}
	d := &planDiffer{plan: plan, exp: exp, col: col, deps: deps}
	return d.node(0)
}

type planDiffer struct {
	plan *graph.PlanDescription
	exp  expectedPlan
	col  map[string]int
	deps [][]int
}

func (d *planDiffer) node(line int) error {
	if line >= len(d.plan.PlanNodeDescs) || line >= len(d.exp.rows) {
		return fmt.Errorf("plan node %d has no expected row (%d nodes, %d rows)", line, len(d.plan.PlanNodeDescs), len(d.exp.rows))
	}
	n := d.plan.PlanNodeDescs[line]
	row := d.exp.rows[line]
	name := string(n.Name)
	if !sameNode(name, row[d.col["name"]]) {
		return fmt.Errorf("%s is not expected %s", name, row[d.col["name"]])
	}
	info := strings.TrimSpace(row[d.col["operator info"]])
	switch {
	case sameNode(name, "Loop"):
		m := loopBodyInfo.FindStringSubmatch(info)
		if m == nil {
			return fmt.Errorf("Loop row %d: operator info %q does not name the loop body", line, info)
		}
		body, err := d.loopBody(n)
		if err != nil {
			return err
		}
		if err := d.node(body); err != nil {
			return err
		}
	case sameNode(name, "Select"):
		// The reference does not check Select nodes either.
	case info != "":
		var want map[string]any
		if err := json.Unmarshal([]byte(info), &want); err != nil {
			return fmt.Errorf("expected operator info %q: %w", info, err)
		}
		if err := checkOpInfo(want, n.Description); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if n.Dependencies == nil {
		return nil
	}
	if len(d.deps[line]) != len(n.Dependencies) {
		return fmt.Errorf("different plan node dependencies: %d vs. %d", len(n.Dependencies), len(d.deps[line]))
	}
	for _, dep := range n.Dependencies {
		idx, ok := d.plan.NodeIndexMap[dep]
		if !ok {
			return fmt.Errorf("plan node %d depends on unknown node %d", n.Id, dep)
		}
		if err := d.node(int(idx)); err != nil {
			return err
		}
	}
	return nil
}

func (d *planDiffer) loopBody(n *graph.PlanNodeDescription) (int, error) {
	for _, p := range n.Description {
		if sameNode(string(p.Key), "loopBody") {
			id, err := strconv.ParseInt(string(p.Value), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("loop body %q: %w", p.Value, err)
			}
			idx, ok := d.plan.NodeIndexMap[id]
			if !ok {
				return 0, fmt.Errorf("loop body %d is not in the plan", id)
			}
			return int(idx), nil
		}
	}
	return 0, errors.New("could not find loop body")
}

func sameNode(got, want string) bool {
	return strings.HasPrefix(strings.ToLower(got), strings.ToLower(strings.TrimSpace(want)))
}

// checkOpInfo implements the reference's nested-subset rule: an expectation
// {"a": {"b": {...}}} descends through single-key levels, reading the
// description value of "a" as JSON and "b" inside it, and then requires the
// innermost expected map to be a subset of what it found. Values of a flat
// expectation compare as strings against the description values.
func checkOpInfo(want map[string]any, desc []*graph.Pair) error {
	got := map[string]any{}
	for _, p := range desc {
		got[string(p.Key)] = string(p.Value)
	}
	if len(want) == 0 {
		return nil
	}
	var keys []string
	inner := want
	for len(inner) == 1 {
		var k string
		var v any
		for k, v = range inner {
		}
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		keys = append(keys, k)
		inner = m
	}
	if len(inner) == 0 {
		return errors.New("empty expected operator info")
	}
	target := got
	if len(keys) > 0 {
		raw, ok := got[keys[0]].(string)
		if !ok {
			return fmt.Errorf("no description %q in %v", keys[0], got)
		}
		var parsed any
		if err := json.Unmarshal([]byte(raw), &parsed); err != nil {
			return fmt.Errorf("description %q is not JSON: %w", keys[0], err)
		}
		target = mergeObjects(parsed)
		for _, k := range keys[1:] {
			next, ok := target[k]
			if !ok {
				return fmt.Errorf("no key %q in description %v", k, target)
			}
			target = mergeObjects(next)
		}
	}
	for k, v := range inner {
		g, ok := target[k]
		if !ok || !reflect.DeepEqual(g, v) {
			return fmt.Errorf("invalid descriptions, expect: %v vs. resp: %v", inner, target)
		}
	}
	return nil
}

// mergeObjects turns a JSON object, or a list of objects merged in order,
// into one map.
func mergeObjects(v any) map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return t
	case []any:
		out := map[string]any{}
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				for k, x := range m {
					out[k] = x
				}
			}
		}
		return out
	}
	return map[string]any{}
}
