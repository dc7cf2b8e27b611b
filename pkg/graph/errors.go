package graph

import (
	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/pkg/graph/status"
)

// errorCode maps a query failure to the code clients see, as NebulaGraph's
// QueryInstance does: everything without a more specific class is an
// execution error.
func errorCode(err error) common.ErrorCode {
	switch status.KindOf(err) {
	case status.KindSyntax:
		return common.ErrorCode_E_SYNTAX_ERROR
	case status.KindSemantic:
		return common.ErrorCode_E_SEMANTIC_ERROR
	case status.KindPermission:
		return common.ErrorCode_E_BAD_PERMISSION
	case status.KindStatementEmpty:
		return common.ErrorCode_E_STATEMENT_EMPTY
	case status.KindSession:
		return common.ErrorCode_E_SESSION_INVALID
	case status.KindPartial:
		return common.ErrorCode_E_PARTIAL_SUCCEEDED
	case status.KindMemory:
		return common.ErrorCode_E_GRAPH_MEMORY_EXCEEDED
	default:
		return common.ErrorCode_E_EXECUTION_ERROR
	}
}
