// Package console is NovaGraph's interactive client, compatible with
// nebula-console: it talks to graphd through nebula-go v3 like any other
// client and reproduces nebula-console's habits, so that people and
// scripts used to it need not change.
//
//	input lines ──Joiner──▶ logical line ──ParseCommand──▶ console command (:param, :csv, :play, ...)
//	                                          │
//	                                          └──▶ Session.ExecuteWithParameter(line, :params)
//	                                                   │
//	                   table / vertical / csv / json ◀─┘ (plus plan tree, timing, timestamp)
//
// Pieces, each usable alone:
//
//   - Joiner: nebula-console's line rules (a line is a request; a trailing
//     backslash or a triple-quote block continues it).
//   - ParseCommand and ParseValue: console-side commands and the literal
//     values of ":param name => value", turned into Go values nebula-go
//     sends as parameters.
//   - RenderTable, RenderVertical, RenderCSV, RenderJSON: result sets as
//     nebula-console draws them (values printed by nebula-go: "strings",
//     __NULL__, ("vid" :tag{...}), [:edge "a"->"b" @0 {...}], <path>) and in
//     NovaGraph's additional formats; RenderPlanTree, RenderPlanTable and
//     DotGraph for EXPLAIN and PROFILE plans.
//   - Complete: Tab completion of keywords, console commands and schema names.
//   - Dataset: data directories in NebulaGraph's test-suite form
//     (config.yaml plus CSV files), loaded by :play.
//   - LineReader: the line editor (peterh/liner, history in
//     ~/.nebula_history) on a terminal, plain line reading otherwise.
//   - Console runs logical lines against a Session; Run wires a whole
//     invocation (flags in Config) together and returns the exit status.
//
// It does not own a server or know graphd's internals: everything goes over
// the client protocol.
//
// Concurrency: a Console, its Session and its LineReader are used from one
// goroutine; the pure functions are safe for concurrent use.
package console
