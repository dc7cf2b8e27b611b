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
	// NebulaGraph lists the root first and its inputs after it.
	order := make([]*Node, 0, len(p.Nodes))
	for i := len(p.Nodes) - 1; i >= 0; i-- {
		order = append(order, p.Nodes[i])
	}
	for i, n := range order {
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
		out = append(out, pair("condition", ast.NebulaString(n.Condition)))
	case Sort:
		fs := make([]string, len(n.Factors))
		for i, f := range n.Factors {
			dir := "ASCENDING"
			if f.Desc {
				dir = "DESCENDING"
			}
			fs[i] = ast.NebulaString(f.Expr) + " " + dir
		}
		out = append(out, pair("factors", jsonText(fs)))
	case Limit:
		out = append(out, pair("offset", strconv.FormatInt(n.Offset, 10)), pair("count", strconv.FormatInt(n.Count, 10)))
	case SwitchSpace:
		out = append(out, pair("space", n.Space))
	}
	return out
}
