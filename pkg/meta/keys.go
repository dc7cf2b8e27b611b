package meta

import (
	"encoding/binary"
	"fmt"
)

// The meta state is one ordered key space (drawn in doc.go). Every
// key starts with one of these bytes; integers inside keys are big-endian so
// that a prefix scan returns ids in ascending order. Values are Thrift
// compact encodings of the structs in idl/meta.thrift unless noted.
const (
	prefixSys        byte = 0x01 // sys · name → raw bytes (see sys* names)
	prefixSpace      byte = 0x02 // space · spaceID(4) → SpaceItem
	prefixSpaceName  byte = 0x03 // spaceName · name → spaceID(4)
	prefixPart       byte = 0x04 // part · spaceID(4) · partID(4) → PartHosts
	prefixTag        byte = 0x05 // tag · spaceID(4) · tagID(4) · version(8) → TagItem
	prefixTagName    byte = 0x06 // tagName · spaceID(4) · name → tagID(4)
	prefixEdge       byte = 0x07 // edge · spaceID(4) · edgeType(4) · version(8) → EdgeItem
	prefixEdgeName   byte = 0x08 // edgeName · spaceID(4) · name → edgeType(4)
	prefixIndex      byte = 0x09 // index · spaceID(4) · indexID(4) → IndexItem
	prefixIndexName  byte = 0x0A // indexName · spaceID(4) · name → indexID(4)
	prefixMachine    byte = 0x0B // machine · "host:port" → empty (storaged registered by ADD HOSTS)
	prefixHost       byte = 0x0C // host · "host:port" → HostInfo (last heartbeat)
	prefixLeader     byte = 0x0D // leader · spaceID(4) · partID(4) → PartLeader
	prefixZone       byte = 0x0E // zone · name → Zone
	prefixUser       byte = 0x0F // user · account → UserAuth
	prefixRole       byte = 0x10 // role · spaceID(4) · account → RoleType(4)
	prefixSession    byte = 0x11 // session · sessionID(8) → Session
	prefixConfig     byte = 0x12 // config · module(4) · name → ConfigItem
	prefixJob        byte = 0x13 // job · jobID(4) → JobDesc
	prefixSnapshot   byte = 0x14 // snapshot · name → Snapshot
	prefixSpaceIDGen byte = 0x15 // idgen · spaceID(4) → last id given to a tag, edge type or index of the space (4)
	prefixTask       byte = 0x16 // task · jobID(4) · taskID(4) → TaskDesc
	prefixStats      byte = 0x17 // stats · spaceID(4) → StatsItem; stats · spaceID(4) · jobID(4) · taskID(4) → one task's counts
	prefixBalance    byte = 0x18 // balance · jobID(4) · taskID(4) → BalanceTask (one replica move of a BALANCE DATA job)
)

// System keys (prefixSys).
const (
	sysApplied     = "applied"      // raft index of the last applied command (8)
	sysVersion     = "version"      // catalog version: index of the last command that touched cached state (8)
	sysInitialized = "initialized"  // set once the first leader wrote root and the cluster id
	sysClusterID   = "cluster_id"   // (8)
	sysLastSpaceID = "last_spaceid" // (4)
	sysLastJobID   = "last_jobid"   // (4)
)

func sysKey(name string) []byte { return append([]byte{prefixSys}, name...) }

func appendU32[T ~int32](b []byte, v T) []byte { return binary.BigEndian.AppendUint32(b, uint32(v)) }
func appendU64[T ~int64](b []byte, v T) []byte { return binary.BigEndian.AppendUint64(b, uint64(v)) }
func u32At(b []byte, off int) int32            { return int32(binary.BigEndian.Uint32(b[off:])) }
func u64At(b []byte, off int) int64            { return int64(binary.BigEndian.Uint64(b[off:])) }
func idKey[T ~int32](prefix byte, id T) []byte { return appendU32([]byte{prefix}, id) }
func nameKey(prefix byte, n string) []byte     { return append([]byte{prefix}, n...) }

func spaceKey[S ~int32](id S) []byte                { return idKey(prefixSpace, id) }
func spaceNameKey(name string) []byte               { return nameKey(prefixSpaceName, name) }
func partPrefix[S ~int32](space S) []byte           { return idKey(prefixPart, space) }
func partKey[S, P ~int32](space S, part P) []byte   { return appendU32(partPrefix(space), part) }
func leaderPrefix[S ~int32](space S) []byte         { return idKey(prefixLeader, space) }
func leaderKey[S, P ~int32](space S, part P) []byte { return appendU32(leaderPrefix(space), part) }
func idGenKey[S ~int32](space S) []byte             { return idKey(prefixSpaceIDGen, space) }

// schemaPrefix selects the versions of every tag (or edge type) of space,
// or with id, of one of them.
func schemaPrefix[S ~int32](edge bool, space S) []byte {
	if edge {
		return idKey(prefixEdge, space)
	}
	return idKey(prefixTag, space)
}

func schemaIDPrefix[S, I ~int32](edge bool, space S, id I) []byte {
	return appendU32(schemaPrefix(edge, space), id)
}

func schemaKey[S, I ~int32, V ~int64](edge bool, space S, id I, ver V) []byte {
	return appendU64(schemaIDPrefix(edge, space, id), ver)
}

func schemaNamePrefix[S ~int32](edge bool, space S) []byte {
	if edge {
		return idKey(prefixEdgeName, space)
	}
	return idKey(prefixTagName, space)
}

func schemaNameKey[S ~int32](edge bool, space S, name string) []byte {
	return append(schemaNamePrefix(edge, space), name...)
}

func indexPrefix[S ~int32](space S) []byte       { return idKey(prefixIndex, space) }
func indexKey[S, I ~int32](space S, id I) []byte { return appendU32(indexPrefix(space), id) }
func indexNamePrefix[S ~int32](space S) []byte   { return idKey(prefixIndexName, space) }
func indexNameKey[S ~int32](space S, name string) []byte {
	return append(indexNamePrefix(space), name...)
}

func machineKey(addr string) []byte { return nameKey(prefixMachine, addr) }
func hostKey(addr string) []byte    { return nameKey(prefixHost, addr) }
func zoneKey(name string) []byte    { return nameKey(prefixZone, name) }
func userKey(account string) []byte { return nameKey(prefixUser, account) }

func rolePrefix[S ~int32](space S) []byte              { return idKey(prefixRole, space) }
func roleKey[S ~int32](space S, account string) []byte { return append(rolePrefix(space), account...) }

func sessionKey[T ~int64](id T) []byte { return appendU64([]byte{prefixSession}, id) }

func configPrefix[M ~int32 | ~int64](module M) []byte { return idKey(prefixConfig, int32(module)) }
func configKey[M ~int32 | ~int64](module M, name string) []byte {
	return append(configPrefix(module), name...)
}

func jobKey[T ~int32](id T) []byte   { return idKey(prefixJob, id) }
func snapshotKey(name string) []byte { return nameKey(prefixSnapshot, name) }

func taskPrefix[T ~int32](job T) []byte                  { return idKey(prefixTask, job) }
func taskKey[T ~int32](job T, task int32) []byte         { return appendU32(taskPrefix(job), task) }
func statsKey[S ~int32](space S) []byte                  { return idKey(prefixStats, space) }
func statsJobPrefix[S ~int32](space S, job int32) []byte { return appendU32(statsKey(space), job) }
func statsTaskKey[S ~int32](space S, job, task int32) []byte {
	return appendU32(statsJobPrefix(space, job), task)
}

// prefixEnd returns the smallest key greater than every key with prefix p,
// or nil when there is none (p is all 0xff).
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// decodeI32 reads a 4-byte id value.
func decodeI32(v []byte) (int32, error) {
	if len(v) != 4 {
		return 0, fmt.Errorf("id value of %d bytes: %w", len(v), errCorrupt)
	}
	return u32At(v, 0), nil
}

// decodeI64 reads an 8-byte value.
func decodeI64(v []byte) (int64, error) {
	if len(v) != 8 {
		return 0, fmt.Errorf("int64 value of %d bytes: %w", len(v), errCorrupt)
	}
	return u64At(v, 0), nil
}
