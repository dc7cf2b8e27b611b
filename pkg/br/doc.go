// Package br backs a NovaGraph cluster up to a directory and restores such
// a backup into another cluster: the library behind cmd/br, whose
// subcommands follow NebulaGraph's BR tool (backup full, restore full,
// show).
//
//	backup:  CREATE SNAPSHOT ──► metad backupMeta ──► meta.kv
//	                         └─► storaged backupPart (per part, the replica
//	                             with the highest applied index) ──► data/<space>/<part>.kv
//	                         ──► manifest.json, then DROP SNAPSHOT
//
//	restore: verify files ──► metad restoreMeta (ids kept, parts placed on
//	         the new hosts) ──► storaged restorePart on each part's leader
//	         (written through raft, so every replica has it)
//
// A backup is host-layout free: one file per part, not per replica, so it
// restores into a cluster of any number of storage hosts that can hold the
// spaces' replica factors. The directory layout and the .kv format are in
// docs/operations.md. The package owns no goroutine past a call: Backup
// and Restore run bounded workers that stop with the call.
package br
