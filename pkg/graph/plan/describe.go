package plan

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/novagraph/novagraph/idl/gen/graph"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
)

// Describe renders p for EXPLAIN/PROFILE in the client protocol's form.
// format is the requested format name, "row" when none was given.
func (p *Plan) Describe(format string, withProfiles bool) *graph.PlanDescription {
	if format == "" {
		format = "row"
	}
	d := &graph.PlanDescription{
		NodeIndexMap: make(map[int64]int64, len(p.Nodes)),
		Format:       []byte(strings.ToLower(format)),
	}
	for i, n := range p.Order() {
		d.NodeIndexMap[n.ID] = int64(i)
		nd := &graph.PlanNodeDescription{
			Name:        []byte(n.Kind),
			ID:          n.ID,
			OutputVar:   []byte(n.OutputVar),
			Description: n.describe(),
		}
		for _, dep := range n.Deps {
			nd.Dependencies = append(nd.Dependencies, dep.ID)
		}
		if withProfiles {
			for _, pr := range n.Profiles() {
				nd.Profiles = append(nd.Profiles, &graph.ProfilingStats{
					Rows:              pr.Rows,
					ExecDurationInUs:  pr.Exec.Microseconds(),
					TotalDurationInUs: pr.Total.Microseconds(),
				})
			}
		}
		d.PlanNodeDescs = append(d.PlanNodeDescs, nd)
	}
	return d
}

func pair(k, v string) *graph.Pair { return &graph.Pair{Key: []byte(k), Value: []byte(v)} }

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only strings and slices of strings are described.
		panic(err)
	}
	return string(b)
}

// describe lists the node's operator info, as NebulaGraph's explain() does.
func (n *Node) describe() []*graph.Pair {
	var out []*graph.Pair
	if n.InputVar != "" {
		out = append(out, pair("inputVar", n.InputVar))
	}
	if len(n.ColNames) > 0 {
		out = append(out, pair("colNames", jsonText(n.ColNames)))
	}
	switch n.Kind {
	case Project, Aggregate:
		cols := make([]string, len(n.Columns))
		for i, c := range n.Columns {
			cols[i] = ast.NebulaString(c.Expr) + " AS " + c.Name
		}
		if n.Kind == Aggregate {
			keys := make([]string, len(n.GroupKeys))
			for i, k := range n.GroupKeys {
				keys[i] = ast.NebulaString(k)
			}
			out = append(out, pair("groupKeys", jsonText(keys)), pair("groupItems", jsonText(cols)))
		} else {
			out = append(out, pair("columns", jsonText(cols)))
		}
	case Filter:
		cond := n.Condition
		if n.Shown != nil {
			cond = n.Shown
		}
		out = append(out, pair("condition", ast.NebulaString(cond)))
	case Sort, TopN:
		fs := make([]string, len(n.Factors))
		for i, f := range n.Factors {
			dir := "ASCENDING"
			if f.Desc {
				dir = "DESCENDING"
			}
			fs[i] = ast.NebulaString(f.Expr) + " " + dir
		}
		out = append(out, pair("factors", jsonText(fs)))
		if n.Kind == TopN {
			out = append(out, pair("offset", strconv.FormatInt(n.Offset, 10)), pair("count", strconv.FormatInt(n.Count, 10)))
		}
	case Limit:
		out = append(out, pair("offset", strconv.FormatInt(n.Offset, 10)), pair("count", strconv.FormatInt(n.Count, 10)))
	case SwitchSpace:
		out = append(out, pair("space", n.Space))
	}
	if ex, ok := n.Stmt.(Explainer); ok {
		for _, kv := range ex.Explain() {
			out = append(out, pair(kv.Key, kv.Value))
		}
	}
	return out
}

// Info is one key of a node's operator info.
type Info struct{ Key, Value string }

// Explainer is implemented by node payloads (Node.Stmt) that add their own
// operator info to EXPLAIN, as NebulaGraph's plan nodes describe what they
// were given (an index scan's contexts and limit, say).
type Explainer interface {
	Explain() []Info
}

// JSON renders v as operator info values are written: compact JSON. v
// must be made of strings, numbers, booleans, slices and maps.
func JSON(v any) string { return jsonText(v) }
