// Package parser turns nGQL / openCypher text into an ast.Sequence, the way
// NebulaGraph 3.x's bison parser does: same tokens, same precedence, same
// reserved and non-reserved keywords, same checks during parsing and the
// same SyntaxError messages (`syntax error near `| GO FRO'`, `Out of range:
// near `9223372036854775809'`, ...).
//
// Entry points: Parse / ParseWith for a request (statements separated by
// ';', or one EXPLAIN/PROFILE), ParseExpr / ParseExprWith for a lone
// expression. Config supplies the request's query parameters (which change
// how $name parses), the function table for "Unknown function" checks, and
// the limits.
//
// Structure:
//
//	lexer.go      hand-written scanner modelled on NebulaGraph's flex rules:
//	              fuses NOT IN, STARTS WITH, IS NOT NULL, ... and the pattern
//	              punctuation -[ ]- <-[ ]-> -- --> <-- <--> into single tokens
//	              so that one token of look-ahead suffices; tracks bison's
//	              line/column locations for error messages
//	grammar.y     the goyacc grammar, rule for rule after NebulaGraph's
//	              parser.yy; parser.go is generated from it
//	actions.go    what the grammar's actions call: node construction with
//	              depth accounting and NebulaGraph's parse-time checks
//	errors.go     SyntaxError and the "near `...'" message builder
//	functions.go  NebulaGraph's function and aggregate names and arities
//
// Regenerating: `go generate ./pkg/ngql/parser` runs
// internal/yaccgen, which runs `go tool goyacc` on grammar.y, fails on any
// grammar conflict, and adds location tracking to the generated parser.
//
// Limits: a request longer than Config.MaxQueryBytes is refused before
// scanning; expressions in clauses deeper than Config.MaxDepth (default
// ast.MaxExprDepth, 512) fail as in NebulaGraph, and no expression anywhere
// may exceed four times that, so a parsed tree is always safe to walk
// recursively; statements, pipes and set operators together are bounded by
// Config.MaxStatements. The parser itself never recurses: goyacc's stack
// lives on the heap.
//
// Concurrency: every Parse call has its own state; all functions are safe
// for concurrent use. Returned trees belong to the caller.
package parser
