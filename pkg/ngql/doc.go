// Package ngql is the query language of NovaGraph: nGQL and the openCypher
// subset NebulaGraph 3.x accepts, defined once and shared by graphd (which
// parses and validates requests) and storaged (which evaluates pushed-down
// filters).
//
// The pipeline through its sub-packages:
//
//		query text ──parser.Parse──▶ ast.Sequence ──(pkg/graph: validate, plan)──▶ ...
//		                               │
//		                               └─ ast.Expr ──(expression evaluator)──▶ value.Value
//
//	  - ast: the typed syntax tree of statements, clauses, patterns and
//	    expressions, printable back to canonical text and to NebulaGraph's
//	    expression text (column names).
//	  - parser: the goyacc grammar and hand-written scanner, NebulaGraph's
//	    syntax error messages, and the limits on depth and size.
//
// This package itself only documents the layout.
package ngql
