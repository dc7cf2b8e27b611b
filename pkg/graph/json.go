package graph

import (
	"encoding/json"
	"strconv"

	ggraph "github.com/novagraph/novagraph/idl/gen/graph"
	"github.com/novagraph/novagraph/pkg/value"
)

// appendResponseJSON renders a response in graphd's executeJson shape
// (wire-protocol.md §10): top-level "errors" and one entry in "results".
func appendResponseJSON(b []byte, resp *ggraph.ExecutionResponse, data *value.DataSet) []byte {
	b = append(b, `{"errors":[`...)
	b = appendErrorJSON(b, resp)
	b = append(b, `],"results":[{"latencyInUs":`...)
	b = strconv.AppendInt(b, resp.LatencyInUs, 10)
	b = append(b, `,"errors":`...)
	b = appendErrorJSON(b, resp)
	if resp.SpaceName != nil {
		b = append(b, `,"spaceName":`...)
		b = appendJSONString(b, string(resp.SpaceName))
	}
	if data != nil {
		b = append(b, `,"columns":[`...)
		for i, c := range data.ColNames {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, c)
		}
		b = append(b, `],"data":[`...)
		for i, r := range data.Rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"row":[`...)
			for j, v := range r.Values {
				if j > 0 {
					b = append(b, ',')
				}
				b = value.AppendJSONRow(b, v)
			}
			b = append(b, `],"meta":[`...)
			for j, v := range r.Values {
				if j > 0 {
					b = append(b, ',')
				}
				b = value.AppendJSONMeta(b, v)
			}
			b = append(b, "]}"...)
		}
		b = append(b, ']')
	}
	if resp.PlanDesc != nil {
		b = append(b, `,"planDesc":`...)
		b = appendPlanJSON(b, resp.PlanDesc)
	}
	if resp.Comment != nil {
		b = append(b, `,"comment":`...)
		b = appendJSONString(b, string(resp.Comment))
	}
	return append(b, "}]}"...)
}

func appendErrorJSON(b []byte, resp *ggraph.ExecutionResponse) []byte {
	b = append(b, `{"code":`...)
	b = strconv.AppendInt(b, int64(resp.ErrorCode), 10)
	if resp.ErrorMsg != nil {
		b = append(b, `,"message":`...)
		b = appendJSONString(b, string(resp.ErrorMsg))
	}
	return append(b, '}')
}

// planJSON mirrors NebulaGraph's PlanDescription::toJson field names.
type planJSON struct {
	PlanNodeDescs    []planNodeJSON   `json:"planNodeDescs"`
	NodeIndexMap     map[string]int64 `json:"nodeIndexMap"`
	Format           string           `json:"format"`
	OptimizeTimeInUs int32            `json:"optimize_time_in_us"`
}

type planNodeJSON struct {
	Name         string            `json:"name"`
	ID           int64             `json:"id"`
	OutputVar    string            `json:"outputVar"`
	Description  map[string]string `json:"description,omitempty"`
	Profiles     []profileJSON     `json:"profiles,omitempty"`
	BranchInfo   *branchJSON       `json:"branchInfo,omitempty"`
	Dependencies []int64           `json:"dependencies"`
}

type profileJSON struct {
	Rows              int64             `json:"rows"`
	ExecDurationInUs  int64             `json:"execDurationInUs"`
	TotalDurationInUs int64             `json:"totalDurationInUs"`
	OtherStats        map[string]string `json:"otherStats"`
}

type branchJSON struct {
	IsDoBranch      bool  `json:"isDoBranch"`
	ConditionNodeID int64 `json:"conditionNodeId"`
}

func appendPlanJSON(b []byte, p *ggraph.PlanDescription) []byte {
	out := planJSON{
		NodeIndexMap:     make(map[string]int64, len(p.NodeIndexMap)),
		Format:           string(p.Format),
		OptimizeTimeInUs: p.OptimizeTimeInUs,
	}
	for k, v := range p.NodeIndexMap {
		out.NodeIndexMap[strconv.FormatInt(k, 10)] = v
	}
	for _, n := range p.PlanNodeDescs {
		nj := planNodeJSON{Name: string(n.Name), ID: n.ID, OutputVar: string(n.OutputVar), Dependencies: n.Dependencies}
		if nj.Dependencies == nil {
			nj.Dependencies = []int64{}
		}
		if len(n.Description) > 0 {
			nj.Description = make(map[string]string, len(n.Description))
			for _, kv := range n.Description {
				nj.Description[string(kv.Key)] = string(kv.Value)
			}
		}
		for _, pr := range n.Profiles {
			pj := profileJSON{Rows: pr.Rows, ExecDurationInUs: pr.ExecDurationInUs,
				TotalDurationInUs: pr.TotalDurationInUs, OtherStats: map[string]string{}}
			for k, v := range pr.OtherStats {
				pj.OtherStats[k] = string(v)
			}
			nj.Profiles = append(nj.Profiles, pj)
		}
		if bi := n.BranchInfo; bi != nil {
			nj.BranchInfo = &branchJSON{IsDoBranch: bi.IsDoBranch, ConditionNodeID: bi.ConditionNodeID}
		}
		out.PlanNodeDescs = append(out.PlanNodeDescs, nj)
	}
	enc, err := json.Marshal(out)
	if err != nil {
		// Only strings and numbers are marshalled; this cannot fail.
		panic(err)
	}
	return append(b, enc...)
}

func appendJSONString(b []byte, s string) []byte {
	enc, _ := json.Marshal(s) // a string always marshals
	return append(b, enc...)
}
