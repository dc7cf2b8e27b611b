package console

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	nebula "github.com/vesoft-inc/nebula-go/v3"
)

// jsonResult is one line of --format json output.
type jsonResult struct {
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
	Space   string   `json:"space,omitempty"`
	Plan    any      `json:"plan,omitempty"`
	Comment string   `json:"comment,omitempty"`
}

type jsonError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// RenderJSON writes rs as one JSON object on one line: {"columns": [...],
// "rows": [[...], ...]} plus "space", "plan" and "comment" when set, or
// {"error": {"code": N, "message": "..."}} for a failed statement. Values
// keep their types: integers and floats are numbers, a float always with a
// fraction or an exponent (NaN and the infinities, which JSON lacks, are
// the strings "NaN", "Infinity", "-Infinity"); NULL is null; lists and sets
// are arrays, maps objects; dates, times and durations are strings as the
// table shows them; a vertex is {"vid", "tags": {tag: {prop: value}}}, an
// edge {"src", "dst", "type", "rank", "props"}, a path {"nodes": [...],
// "relationships": [...]}; geography is WKT.
func RenderJSON(w io.Writer, rs *nebula.ResultSet) error {
	var doc any
	if !rs.IsSucceed() && !rs.IsPartialSucceed() {
		var e jsonError
		e.Error.Code = int(rs.GetErrorCode())
		e.Error.Message = rs.GetErrorMsg()
		doc = e
	} else {
		r := jsonResult{Columns: rs.GetColNames(), Rows: [][]any{}, Space: rs.GetSpaceName(), Comment: rs.GetComment()}
		if r.Columns == nil {
			r.Columns = []string{}
		}
		for i := 0; i < rs.GetRowSize(); i++ {
			rec, err := rs.GetRowValuesByIndex(i)
			if err != nil {
				return fmt.Errorf("read row %d: %w", i, err)
			}
			row := make([]any, len(r.Columns))
			for j := range r.Columns {
				v, err := rec.GetValueByIndex(j)
				if err != nil {
					return fmt.Errorf("read row %d column %d: %w", i, j, err)
				}
				row[j] = jsonValue(*v)
			}
			r.Rows = append(r.Rows, row)
		}
		if rs.IsSetPlanDesc() {
			r.Plan = jsonPlan(rs)
		}
		doc = r
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

func jsonValue(v nebula.ValueWrapper) any {
	switch {
	case v.IsEmpty(), v.IsNull():
		return nil
	case v.IsBool():
		b, _ := v.AsBool()
		return b
	case v.IsInt():
		n, _ := v.AsInt()
		return n
	case v.IsFloat():
		f, _ := v.AsFloat()
		switch {
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 1):
			return "Infinity"
		case math.IsInf(f, -1):
			return "-Infinity"
		}
		// 3.0 stays 3.0, so that readers can tell floats from integers.
		return json.Number(formatFloat(f))
	case v.IsString():
		s, _ := v.AsString()
		return s
	case v.IsList(), v.IsSet():
		l, _ := v.AsList()
		if v.IsSet() {
			l, _ = v.AsDedupList()
		}
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = jsonValue(e)
		}
		return out
	case v.IsMap():
		m, _ := v.AsMap()
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = jsonValue(e)
		}
		return out
	case v.IsVertex():
		n, _ := v.AsNode()
		return jsonNode(n)
	case v.IsEdge():
		r, _ := v.AsRelationship()
		return jsonRelationship(r)
	case v.IsPath():
		p, _ := v.AsPath()
		nodes := []any{}
		for _, n := range p.GetNodes() {
			nodes = append(nodes, jsonNode(n))
		}
		rels := []any{}
		for _, r := range p.GetRelationships() {
			rels = append(rels, jsonRelationship(r))
		}
		return map[string]any{"nodes": nodes, "relationships": rels}
	}
	// Dates, times, datetimes, durations and geography: their text form.
	return v.String()
}

func jsonNode(n *nebula.Node) any {
	tags := map[string]any{}
	for _, t := range n.GetTags() {
		props, _ := n.Properties(t)
		tags[t] = jsonProps(props)
	}
	return map[string]any{"vid": jsonValue(n.GetID()), "tags": tags}
}

func jsonRelationship(r *nebula.Relationship) any {
	return map[string]any{
		"src":   jsonValue(r.GetSrcVertexID()),
		"dst":   jsonValue(r.GetDstVertexID()),
		"type":  r.GetEdgeName(),
		"rank":  r.GetRanking(),
		"props": jsonProps(r.Properties()),
	}
}

func jsonProps(props map[string]*nebula.ValueWrapper) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		out[k] = jsonValue(*v)
	}
	return out
}
