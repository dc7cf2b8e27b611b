// Package gctune sets the daemons' garbage-collector target (Apply) and
// how the memory they free goes back to the kernel (LazyFree).
//
// A daemon's live heap is small (caches, connections, a few queries in
// flight) while every query allocates a lot that dies young (decoded rows,
// Thrift frames), so Go's default GOGC=100 collects very often: under a
// GO 1 STEP load, marking and returning pages to the kernel took about 15%
// of graphd's CPU. GOGC=200 lets the heap grow to three times the live
// data between collections; on the 100k benchmark graph that raised GO 1
// STEP throughput by about 7% (docs/benchmarks.md). An operator's own GOGC
// (or GOMEMLIMIT) in the environment always wins.
package gctune

import (
	"os"
	"runtime/debug"
)

// DefaultPercent is the GOGC a daemon runs with unless told otherwise.
const DefaultPercent = 200

// Apply sets GOGC to DefaultPercent when the environment sets neither GOGC
// nor GOMEMLIMIT, and returns the percentage in effect.
func Apply() int {
	if _, ok := os.LookupEnv("GOGC"); ok {
		return currentPercent()
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return currentPercent()
	}
	debug.SetGCPercent(DefaultPercent)
	return DefaultPercent
}

func currentPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
