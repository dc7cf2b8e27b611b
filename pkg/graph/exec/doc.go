// Package exec is graphd's query engine: it takes a request's text and runs
// it to a result table.
//
//	text ──parse──▶ ast.Sequence ──validate──▶ checked statements ──execute──▶ value.DataSet
//	         (pkg/ngql/parser)        (names, refs, aggregates)     (pkg/ngql/eval per row)
//
// Statements of a sequence run in order; a variable assignment ($v = ...)
// keeps its table for later statements, a pipe (a | b) feeds a's table to b
// as $-. The result of a request is the table of its last statement.
//
// This package executes statements that need no graph data directly on
// their syntax tree: YIELD/RETURN, ORDER BY, LIMIT, GROUP BY, UNION/
// INTERSECT/MINUS, USE. Statements that read or write the graph need the
// planner and the storage client and are refused with the error NebulaGraph
// gives when they cannot run (no space chosen, space not found).
//
// Concurrency: an Engine is safe for concurrent use; each Execute keeps its
// state (variables, parameters) to itself.
package exec
