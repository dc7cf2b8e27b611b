// Package meta is NovaGraph's meta service (metad) and the client graphd and
// storaged use to reach it.
//
// metad is the cluster's source of truth: spaces and their partition maps,
// tags and edge types with every schema version, indexes, hosts and zones,
// users and per-space roles, sessions, configs, and the records of jobs and
// snapshots. It runs as one hashicorp/raft group over its replicas
// (usually three); each replica serves Thrift (MetaService, idl/meta.thrift)
// on --port and raft on --port+1.
//
//	graphd / storaged                       metad replica (leader)
//	  Client ── Thrift ──> service ── txn ──> node ── raft.Apply ──> fsm ──> Pebble (state)
//	  (cache, leader                              │                    ▲
//	   following)                                 └── raft log ───> followers' fsm
//
// Write path. Only the ready leader serves (others answer E_LEADER_CHANGED
// with the leader's address). A write is a txn: the processor reads the
// applied state, checks it as NebulaGraph's metad does, and collects
// key-value writes; the node serialises txns, proposes the writes as one
// Command, and answers once the command is applied here. Reads run on a
// snapshot of the applied state. A new leader first applies every earlier
// entry (a barrier), and the first leader of a cluster writes the root user
// and the cluster id.
//
// State. The FSM is a kvstore engine (Pebble) written without fsync: the
// raft log — a second engine written with fsync (raft_store.go) — is the
// durable record, every applied batch records its raft index, and entries
// replayed after a restart are skipped. Raft snapshots stream the whole key
// space. Keys (keys.go) start with one byte per kind:
//
//	0x01 sys · name                         applied index, catalog version, cluster id, id counters
//	0x02 space · spaceID                    SpaceItem
//	0x03 spaceName · name                   spaceID
//	0x04 part · spaceID · partID            PartHosts (replicas)
//	0x05/0x07 tag/edge · spaceID · id · ver TagItem (one schema version)
//	0x06/0x08 tagName/edgeName · spaceID · name → id
//	0x09 index · spaceID · indexID          IndexItem
//	0x0A indexName · spaceID · name         indexID
//	0x0B machine · host:port                storage host registered by ADD HOSTS
//	0x0C host · host:port                   HostInfo (last heartbeat)
//	0x0D leader · spaceID · partID          PartLeader (from storaged heartbeats)
//	0x0E zone · name                        Zone
//	0x0F user · account                     UserAuth (salted PBKDF2 hash)
//	0x10 role · spaceID · account           RoleType (space 0: GOD)
//	0x11 session · sessionID                Session
//	0x12 config · module · name             ConfigItem
//	0x13 job · jobID                        JobDesc
//	0x14 snapshot · name                    Snapshot
//	0x15 idgen · spaceID                    last tag/edge/index id of the space
//	0x16 task · jobID · taskID              TaskDesc (one storaged's share of a job)
//	0x17 stats · spaceID [· jobID · taskID] StatsItem (a space's, or one task's)
//	0x18 balance · jobID · taskID           BalanceTask (one replica move of BALANCE DATA)
//
// Integers in keys are big-endian; values are Thrift compact encodings of
// the idl/meta.thrift structs.
//
// Vocabulary. The catalog is what clients cache: spaces, schemas, indexes,
// part maps and leaders, users and roles, storage hosts. Its version is the
// raft index of the last command that changed any of it (a command's
// "touch"), the same on every replica; heartbeat answers carry it, and
// LoadCatalog sends the catalog only when the caller's version is older. A
// machine is a storage host ADD HOSTS registered; storaged heartbeats are
// refused until then. A host is ONLINE while its last heartbeat is younger
// than heartbeat_interval_secs × expired_time_factor.
//
// Compatibility. The MetaService methods and structs that NebulaGraph's
// JVM and Python tools call (verifyClientVersion, listSpaces, getSpace,
// listTags, getTag, listEdges, getEdge, getPartsAlloc, listHosts) are
// wire-compatible with NebulaGraph v3.8.0; the rest is NovaGraph's own.
// Errors carry NebulaGraph's codes, and Error messages are worded as
// NebulaGraph's graphd words them.
//
// Jobs. The leader runs the jobs of SUBMIT JOB and REBUILD INDEX
// (job*.go): it splits each into one task per storaged, sends the tasks
// (StorageAdminService.addAdminTask), and records job and task statuses
// through raft, so that a new leader resumes what the old one ran.
//
// Balance (balance*.go): BALANCE DATA and BALANCE LEADER are jobs the
// leader carries out itself, moving replicas and leadership with the
// storaged admin calls (add learner, promote, transfer leadership, remove)
// and recording every step of every move through raft, so a new leader or
// RECOVER JOB resumes them. Zones (zone.go, service_host.go) group hosts
// into failure domains; placement and balance keep one replica of a part
// per zone. Snapshots (snapshot.go) are storaged checkpoints plus one of
// the meta state, recorded as a Snapshot.
//
// Concurrency. Server and Client are safe for concurrent use. A Server runs
// once: Listen, then Run until its context ends. Client.Run owns the
// heartbeat and cache goroutines and returns when they stopped; the cache
// is an immutable snapshot swapped atomically, so lookups never block.
// Values a lookup returns (Space, Schema, Index) are shared and must not
// be modified; a Session is a copy the caller owns.
package meta
