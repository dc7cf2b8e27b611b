// Package ast is the typed syntax tree of nGQL and openCypher as NovaGraph
// parses them: statements (Stmt), clauses, graph patterns and expressions
// (Expr). pkg/ngql/parser builds it; the validator, planner and expression
// evaluator consume it.
//
// Vocabulary follows NebulaGraph's parser (src/parser/*Sentences.h and
// src/common/expression): a query is a Sequence of statements separated by
// ';'; a statement may be a Pipe ('|'), a SetOp (UNION, INTERSECT, MINUS) or
// an Assignment ($var = ...); an EXPLAIN/PROFILE wraps a whole Sequence.
// Expressions keep the shape the parser saw: a bare identifier is a Label,
// `a.b` on a label is a LabelAttribute and `x.b` on anything else an
// Attribute. Rewriting them into tag, edge or variable properties is the
// validator's job; TagProperty, EdgeProperty and LabelTagProperty exist here
// so that the rewritten tree uses the same types.
//
// Printing. Every node has String(), which returns the canonical text: it
// parses back to an equal tree (parse(print(x)) == x for every tree the parser
// produces) and is what golden tests show. NebulaString(e) renders an
// expression exactly as NebulaGraph's Expression::toString() does — the text
// clients see as the name of an unaliased column and inside error messages.
// The two differ only where NebulaGraph's text is not parseable: string
// escapes, integral floats ("123" for 123.0), quoting of unusual names,
// parentheses around IS NULL and friends, and spacing around binary minus.
//
// Bounds. The parser rejects clause expressions deeper than MaxExprDepth, as
// NebulaGraph does, and any expression (property maps of patterns included)
// deeper than four times that, so code walking a parsed tree may recurse
// over it. Trees built by hand are the builder's responsibility.
//
// Concurrency: nodes are plain values with no hidden state. A tree may be
// read by any number of goroutines; whoever mutates one (a rewriter) must own
// it exclusively.
package ast
