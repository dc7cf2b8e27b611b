// Package gen generates deterministic, seeded social graphs in the shape of
// LDBC SNB's person–KNOWS subgraph: Person vertices (firstName, lastName,
// gender, birthday, creationDate, locationIP, browserUsed) and directed
// KNOWS edges carrying a creationDate, with power-law (R-MAT) or uniform
// degrees, at any scale from thousands to tens of millions of vertices.
//
// Generation is a stream: every vertex draws its properties, its out-degree
// and its out-neighbours from its own random stream, seeded by (seed,
// vertex), so a graph is a pure function of its Config and never held in
// memory — only two degree counters per vertex are kept, for the histogram.
// The same records go to every Sink (CSV + mapping for the importer,
// N-Quads for Dgraph and Cayley, COPY files for PostgreSQL), so every system
// loads the identical graph, and a checksum over the canonical records
// proves it.
//
// A Generator is not safe for concurrent use; Run drives it to the end.
package gen
