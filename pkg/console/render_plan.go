package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	nebula "github.com/vesoft-inc/nebula-go/v3"
	"github.com/vesoft-inc/nebula-go/v3/nebula/graph"
)

// planIndex gives a plan description's nodes by id and the branch bodies
// hanging off Select and Loop nodes.
type planIndex struct {
	nodes    []*graph.PlanNodeDescription
	byID     map[int64]*graph.PlanNodeDescription
	branches map[int64][]*graph.PlanNodeDescription // condition node id -> branch ends
}

func indexPlan(p *graph.PlanDescription) *planIndex {
	ix := &planIndex{
		nodes:    p.GetPlanNodeDescs(),
		byID:     map[int64]*graph.PlanNodeDescription{},
		branches: map[int64][]*graph.PlanNodeDescription{},
	}
	for _, n := range ix.nodes {
		ix.byID[n.GetId()] = n
		if bi := n.GetBranchInfo(); bi != nil {
			c := bi.GetConditionNodeID()
			ix.branches[c] = append(ix.branches[c], n)
		}
	}
	// The "do"/"then" branch first, then "else".
	for _, bs := range ix.branches {
		sort.SliceStable(bs, func(i, j int) bool {
			return bs[i].GetBranchInfo().GetIsDoBranch() && !bs[j].GetBranchInfo().GetIsDoBranch()
		})
	}
	return ix
}

// roots are the nodes nothing depends on and that are no branch body: the
// plan's outputs, normally one.
func (ix *planIndex) roots() []*graph.PlanNodeDescription {
	used := map[int64]bool{}
	for _, n := range ix.nodes {
		for _, d := range n.GetDependencies() {
			used[d] = true
		}
	}
	var out []*graph.PlanNodeDescription
	for _, n := range ix.nodes {
		if !used[n.GetId()] && n.GetBranchInfo() == nil {
			out = append(out, n)
		}
	}
	if len(out) == 0 && len(ix.nodes) > 0 {
		out = append(out, ix.nodes[0]) // a malformed, cyclic plan
	}
	return out
}

// branchLabel names a branch body by its condition node's kind.
func (ix *planIndex) branchLabel(n *graph.PlanNodeDescription) string {
	bi := n.GetBranchInfo()
	cond := ""
	if cn, ok := ix.byID[bi.GetConditionNodeID()]; ok {
		cond = strings.ToLower(string(cn.GetName()))
	}
	switch {
	case strings.HasPrefix(cond, "loop"):
		return "do"
	case bi.GetIsDoBranch():
		return "then"
	}
	return "else"
}

// RenderPlanTree writes an EXPLAIN or PROFILE plan as a tree: the plan's
// output at the top, each operator's inputs indented under it, the bodies
// of Loop and Select marked [do], [then] and [else]. Each operator shows
// its name and id, then its description pairs (JSON values compacted) and,
// for PROFILE, its rows and times per execution. An operator reached a
// second time (plans are DAGs) is printed once more as a reference only.
func RenderPlanTree(w io.Writer, p *graph.PlanDescription) error {
	ix := indexPlan(p)
	seen := map[int64]bool{}
	var b strings.Builder
	var walk func(n *graph.PlanNodeDescription, label, prefix, childPrefix string)
	walk = func(n *graph.PlanNodeDescription, label, prefix, childPrefix string) {
		b.WriteString(prefix)
		if label != "" {
			b.WriteString("[" + label + "] ")
		}
		fmt.Fprintf(&b, "%s #%d", n.GetName(), n.GetId())
		if seen[n.GetId()] {
			b.WriteString(" (see above)\n")
			return
		}
		seen[n.GetId()] = true
		b.WriteByte('\n')
		type child struct {
			n     *graph.PlanNodeDescription
			label string
		}
		var kids []child
		for _, bn := range ix.branches[n.GetId()] {
			kids = append(kids, child{bn, ix.branchLabel(bn)})
		}
		for _, d := range n.GetDependencies() {
			if dn, ok := ix.byID[d]; ok {
				kids = append(kids, child{dn, ""})
			} else {
				kids = append(kids, child{&graph.PlanNodeDescription{Name: []byte("?"), Id: d}, ""})
			}
		}
		detail := childPrefix + "  "
		if len(kids) > 0 {
			detail = childPrefix + "│ "
		}
		for _, line := range planDetails(n) {
			b.WriteString(strings.TrimRight(detail+line, " "))
			b.WriteByte('\n')
		}
		for i, k := range kids {
			if i == len(kids)-1 {
				walk(k.n, k.label, childPrefix+"└─ ", childPrefix+"   ")
			} else {
				walk(k.n, k.label, childPrefix+"├─ ", childPrefix+"│  ")
			}
		}
	}
	for _, r := range ix.roots() {
		walk(r, "", "", "")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// planDetails lists an operator's description pairs and profiles, one line
// each; a value spanning several lines keeps its own line breaks.
func planDetails(n *graph.PlanNodeDescription) []string {
	var out []string
	add := func(key, val string) {
		for i, l := range strings.Split(val, "\n") {
			if i == 0 {
				out = append(out, key+": "+l)
			} else {
				out = append(out, strings.Repeat(" ", len(key)+2)+l)
			}
		}
	}
	for _, pair := range n.GetDescription() {
		add(string(pair.GetKey()), compactJSON(pair.GetValue()))
	}
	profiles := n.GetProfiles()
	for i, pr := range profiles {
		key := "profile"
		if len(profiles) > 1 {
			key = fmt.Sprintf("profile %d", i)
		}
		s := fmt.Sprintf("rows: %d, execTime: %dus, totalTime: %dus",
			pr.GetRows(), pr.GetExecDurationInUs(), pr.GetTotalDurationInUs())
		keys := make([]string, 0, len(pr.GetOtherStats()))
		for k := range pr.GetOtherStats() {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s += fmt.Sprintf(", %s: %s", k, compactJSON(pr.GetOtherStats()[k]))
		}
		add(key, s)
	}
	return out
}

func compactJSON(b []byte) string {
	var buf bytes.Buffer
	if json.Valid(b) && json.Compact(&buf, b) == nil {
		return buf.String()
	}
	return string(b)
}

// RenderPlanTable writes the plan as nebula-console's "row" format table:
// columns id, name, dependencies, profiling data, operator info.
func RenderPlanTable(w io.Writer, rs *nebula.ResultSet) error {
	var rows [][]string
	for _, r := range rs.MakePlanByRow() {
		row := make([]string, len(r))
		for i, c := range r {
			row[i] = fmt.Sprint(c)
		}
		rows = append(rows, row)
	}
	return writeTable(w, []string{"id", "name", "dependencies", "profiling data", "operator info"}, rows)
}

// DotGraph returns the plan as a Graphviz digraph drawn bottom-up: one
// record node per operator labelled with its name, id and output variable,
// an edge from each input to its consumer, and dashed edges from a branch
// body to its Loop or Select, labelled Do, Y or N.
func DotGraph(p *graph.PlanDescription) string {
	ix := indexPlan(p)
	var b strings.Builder
	b.WriteString("digraph exec_plan {\n\trankdir=BT;\n")
	name := func(n *graph.PlanNodeDescription) string { return fmt.Sprintf("%s_%d", n.GetName(), n.GetId()) }
	for _, n := range ix.nodes {
		kind := strings.ToLower(string(n.GetName()))
		if kind == "select" || kind == "loop" {
			fmt.Fprintf(&b, "\t%q[shape=diamond];\n", name(n))
		} else {
			fmt.Fprintf(&b, "\t%q[label=\"{%s|outputVar: %s}\", shape=Mrecord];\n",
				name(n), dotEscape(name(n)), dotEscape(string(n.GetOutputVar())))
		}
		for _, d := range n.GetDependencies() {
			if dn, ok := ix.byID[d]; ok {
				fmt.Fprintf(&b, "\t%q->%q;\n", name(dn), name(n))
			}
		}
		if bi := n.GetBranchInfo(); bi != nil {
			if cn, ok := ix.byID[bi.GetConditionNodeID()]; ok {
				label := map[string]string{"do": "Do", "then": "Y", "else": "N"}[ix.branchLabel(n)]
				fmt.Fprintf(&b, "\t%q->%q[label=%q, style=dashed];\n", name(n), name(cn), label)
			}
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// dotEscape escapes the characters that are syntax inside a record label.
func dotEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`{}[]()<>|"\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// jsonPlan is the plan in --format json: its operators with their fields.
func jsonPlan(rs *nebula.ResultSet) any {
	p := rs.GetPlanDesc()
	type profile struct {
		Rows       int64             `json:"rows"`
		ExecTimeUs int64             `json:"execTimeUs"`
		TotalUs    int64             `json:"totalTimeUs"`
		Other      map[string]string `json:"other,omitempty"`
	}
	type node struct {
		ID           int64             `json:"id"`
		Name         string            `json:"name"`
		Dependencies []int64           `json:"dependencies"`
		OutputVar    string            `json:"outputVar"`
		Description  map[string]string `json:"description,omitempty"`
		Profiles     []profile         `json:"profiles,omitempty"`
		Branch       string            `json:"branch,omitempty"`
		Condition    *int64            `json:"conditionNode,omitempty"`
	}
	ix := indexPlan(p)
	nodes := []node{}
	for _, n := range ix.nodes {
		out := node{ID: n.GetId(), Name: string(n.GetName()), Dependencies: n.GetDependencies(), OutputVar: string(n.GetOutputVar())}
		if out.Dependencies == nil {
			out.Dependencies = []int64{}
		}
		for _, pair := range n.GetDescription() {
			if out.Description == nil {
				out.Description = map[string]string{}
			}
			out.Description[string(pair.GetKey())] = string(pair.GetValue())
		}
		for _, pr := range n.GetProfiles() {
			pp := profile{Rows: pr.GetRows(), ExecTimeUs: pr.GetExecDurationInUs(), TotalUs: pr.GetTotalDurationInUs()}
			for k, v := range pr.GetOtherStats() {
				if pp.Other == nil {
					pp.Other = map[string]string{}
				}
				pp.Other[k] = string(v)
			}
			out.Profiles = append(out.Profiles, pp)
		}
		if bi := n.GetBranchInfo(); bi != nil {
			c := bi.GetConditionNodeID()
			out.Branch, out.Condition = ix.branchLabel(n), &c
		}
		nodes = append(nodes, out)
	}
	return map[string]any{"format": string(p.GetFormat()), "optimizeTimeUs": p.GetOptimizeTimeInUs(), "nodes": nodes}
}
