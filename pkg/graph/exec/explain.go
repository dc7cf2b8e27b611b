package exec

import (
	"strconv"

	"github.com/novagraph/novagraph/idl/gen/common"
	gstorage "github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/graph/plan"
	"github.com/novagraph/novagraph/pkg/ngql/ast"
	"github.com/novagraph/novagraph/pkg/ngql/parser"
	"github.com/novagraph/novagraph/pkg/value"
)

// Operator info of the payloads of read nodes, with the keys NebulaGraph's
// plan nodes explain (IndexScan::explain, Explore::explain), so that
// EXPLAIN shows what the optimizer handed to each scan.

// Explain lists an index scan's limit and query contexts.
func (job *lookupJob) Explain() []plan.Info {
	return []plan.Info{
		{Key: "limit", Value: strconv.FormatInt(job.limit.storage(), 10)},
		{Key: "indexCtx", Value: plan.JSON(indexContextsJSON(job.contexts))},
	}
}

// Explain lists a seek's limit and, for a seek through an index, its
// query contexts.
func (job *seekJob) Explain() []plan.Info {
	out := []plan.Info{{Key: "limit", Value: strconv.FormatInt(job.limit.storage(), 10)}}
	if job.index != nil {
		out = append(out, plan.Info{Key: "indexCtx", Value: plan.JSON(indexContextsJSON(job.index.contexts))})
	}
	return out
}

// indexContextsJSON renders index query contexts as NebulaGraph's
// toJson(IndexQueryContext) does; the filter is decoded and printed back,
// as its explain prints the expression storage will evaluate.
func indexContextsJSON(qcs []*gstorage.IndexQueryContext) []any {
	out := make([]any, 0, len(qcs))
	for _, qc := range qcs {
		filter := ""
		if len(qc.Filter) > 0 {
			if e, err := parser.ParseExpr(string(qc.Filter)); err == nil {
				filter = ast.NebulaString(e)
			} else {
				filter = string(qc.Filter)
			}
		}
		hints := make([]any, 0, len(qc.ColumnHints))
		for _, h := range qc.ColumnHints {
			hints = append(hints, map[string]any{
				"column":       string(h.ColumnName),
				"scanType":     h.ScanType.String(),
				"beginValue":   thriftLiteral(h.BeginValue),
				"endValue":     thriftLiteral(h.EndValue),
				"includeBegin": h.IncludeBegin,
				"includeEnd":   h.IncludeEnd,
			})
		}
		out = append(out, map[string]any{"index_id": int64(qc.IndexID), "filter": filter, "columnHints": hints})
	}
	return out
}

func thriftLiteral(v *common.Value) string {
	if v == nil {
		return ""
	}
	x, err := value.FromThrift(v)
	if err != nil || x.Kind() == value.KindEmpty {
		return ""
	}
	return x.Literal()
}
