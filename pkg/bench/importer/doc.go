// Package importer bulk-loads CSV files into a NovaGraph (or NebulaGraph)
// cluster through nebula-go, driven by a mapping (pkg/bench/mapping): it
// creates the space and schema when the mapping has them, turns rows into
// multi-row INSERT VERTEX / INSERT EDGE statements, and runs them on
// concurrent workers.
//
// Pipeline, per file (files run in mapping order, vertices usually first):
//
//	reader ── chunk (≈ batch × partitions rows) ──▶ per-partition batches
//	       ──▶ workers (session pool) ──▶ committer ──▶ checkpoint file
//
// Rows are grouped by the partition of their (source) vid — computed as
// the server does, MurmurHash2 or the int64 itself modulo partition_num —
// so one statement is one storage request instead of a fan-out to every
// partition. A chunk is committed when all of its batches are; the
// checkpoint records the byte offset after the last chunk of an unbroken
// committed prefix, so a restarted import seeks there and continues
// (re-inserting at most the chunks that were in flight, which INSERT's
// overwrite makes harmless). Rows that cannot be converted, and rows of a
// batch that keeps failing which still fail one by one, go to the bad-row
// report with their file, line and error.
//
// Run owns every goroutine it starts and returns after they have ended.
package importer
