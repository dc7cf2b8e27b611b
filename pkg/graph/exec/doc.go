// Package exec is graphd's query engine: it takes a request's text and runs
// it to a result table.
//
//	text ──parse──▶ ast.Sequence ──validate + plan──▶ plan.Plan ──optimize──▶ plan.Plan ──execute──▶ value.DataSet
//	     (pkg/ngql/parser)   (planner: names, types, schema,   (rewrite rules,  (executor: plan DAG,
//	                          permissions, folding)             same results)    independent inputs concurrently)
//
// Every statement of a request is validated and planned before anything
// runs, so a request with an invalid statement has no effect. Statements of
// a sequence run in order; a variable assignment ($v = ...) stores its
// table under the variable's name, a pipe (a | b) feeds a's table to b as
// $-. The result of a request is the table of its last statement.
//
// Files by concern: planner.go and plan_clauses.go (YIELD, ORDER BY, LIMIT,
// GROUP BY, set operations, USE), typecheck.go (NebulaGraph's type
// deduction), permission.go (role-based access control), sessions.go (SHOW
// SESSIONS, KILL SESSION), admin*.go (DDL, SHOW/DESCRIBE, users and roles
// through the meta service), graph*.go (INSERT, FETCH, GO, LOOKUP, DELETE,
// UPDATE through the storage service), executor.go (running plans),
// optimize*.go (the rule-based optimizer: rules named as NebulaGraph's —
// TopNRule, PushLimitDown*Rule, PushFilter*Rule — that move limits and
// filters towards the storage reads without changing any result),
// explain.go (the operator info EXPLAIN shows of read nodes' payloads).
//
// Concurrency: an Engine is safe for concurrent use; each Execute keeps its
// state (variables, parameters) to itself.
package exec
