package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/novagraph/novagraph/idl/gen/common"
	"github.com/novagraph/novagraph/idl/gen/storage"
	"github.com/novagraph/novagraph/pkg/kvstore"
	"github.com/novagraph/novagraph/pkg/raftex"
)

// Backup and restore of one part (cmd/br, pkg/br): backupPart reads a
// part's data out of a checkpoint that CREATE SNAPSHOT took, restorePart
// writes such data into a part of another cluster through raft. The data
// is the part's tag rows, vertices, edges and index entries; its system
// keys (the applied raft index, balance state) belong to the replica, not
// to the data, and are neither read nor accepted.

// dataKeyTypes are the key types a part's backup holds, in key order.
var dataKeyTypes = []kvstore.KeyType{kvstore.KeyTag, kvstore.KeyVertex, kvstore.KeyEdge, kvstore.KeyIndex}

// maxBackupPage bounds one backupPart answer whatever the caller asks.
const maxBackupPage = 16 << 20

// BackupPart answers a page of a part's data from the checkpoint named in
// the request, and the raft index that copy of the part is whole at.
func (a *Admin) BackupPart(ctx context.Context, req *storage.BackupPartReq) (*storage.BackupPartResp, error) {
	resp := &storage.BackupPartResp{Code: common.ErrorCode_SUCCEEDED, Data: []*common.KeyValue{}}
	err := a.backupPart(req, resp)
	if err != nil {
		resp.Code, resp.ErrorMsg = codeOf(err), []byte(err.Error())
		if errors.Is(err, errNoCheckpoint) {
			resp.Code = common.ErrorCode_E_SNAPSHOT_NOT_FOUND
		}
		resp.Data, resp.NextCursor = []*common.KeyValue{}, nil
	}
	return resp, nil
}

var errNoCheckpoint = errors.New("no checkpoint of the part")

func (a *Admin) backupPart(req *storage.BackupPartReq, resp *storage.BackupPartResp) error {
	name, pid := string(req.GetName()), int32(req.GetPartID())
	if !validCheckpointName(name) || pid <= 0 {
		return fmt.Errorf("backup part %d: bad checkpoint name %q: %w", pid, name, ErrInvalidRequest)
	}
	sp, err := a.store.space(int32(req.GetSpaceID()))
	if err != nil {
		return fmt.Errorf("backup part %d: %w", pid, err)
	}
	eo := a.store.opts.Engine
	eo.Prefix = sp.codec.PrefixExtractor()
	eo.FS = a.store.fs
	eo.Cache = a.store.cache
	if eo.Logger == nil {
		eo.Logger = a.store.opts.Logger
	}
	a.backupMu.Lock()
	defer a.backupMu.Unlock()
	// The part's data is in one engine (one per data path): the one whose
	// checkpoint has the part's applied index.
	applied := kvstore.SystemKey(uint32(pid), kvstore.SysApplied)
	for _, dir := range sp.dirs {
		cp := checkpointDir(dir, name)
		if _, err := a.store.fs.Stat(cp); err != nil {
			continue
		}
		e, err := kvstore.Open(cp, eo)
		if err != nil {
			return fmt.Errorf("backup part %d: %w", pid, err)
		}
		v, err := e.Get(applied)
		if errors.Is(err, kvstore.ErrNotFound) {
			if err := e.Close(); err != nil {
				return fmt.Errorf("backup part %d: %w", pid, err)
			}
			continue
		}
		if err == nil {
			err = readPartPage(e, pid, v, req, resp)
		}
		return errors.Join(err, e.Close())
	}
	return fmt.Errorf("backup part %d/%d from %s: %w", req.GetSpaceID(), pid, name, errNoCheckpoint)
}

// readPartPage fills resp with the page of part pid's data that starts at
// req's cursor.
func readPartPage(e kvstore.Engine, pid int32, applied []byte, req *storage.BackupPartReq, resp *storage.BackupPartResp) error {
	switch {
	case len(applied) == 8:
		resp.AppliedIndex = int64(binary.BigEndian.Uint64(applied))
	case len(applied) == 9: // a replica that was receiving a raft snapshot
		return fmt.Errorf("backup part %d: the replica was restoring a raft snapshot: %w", pid, ErrPartNotFound)
	default:
		return fmt.Errorf("backup part %d: bad applied index %x", pid, applied)
	}
	limit := int(req.GetLimitBytes())
	if limit <= 0 {
		return nil
	}
	limit = min(limit, maxBackupPage)
	cursor, size := req.GetCursor(), 0
	for _, kt := range dataKeyTypes {
		lo := kvstore.PartPrefix(kt, uint32(pid))
		hi := kvstore.PrefixEnd(lo)
		if len(cursor) > 0 && bytes.Compare(cursor, hi) >= 0 {
			continue
		}
		if bytes.Compare(cursor, lo) > 0 {
			lo = cursor
		}
		it, err := e.NewIter(kvstore.IterOptions{LowerBound: lo, UpperBound: hi})
		if err != nil {
			return fmt.Errorf("backup part %d: %w", pid, err)
		}
		for ok := it.First(); ok; ok = it.Next() {
			if size >= limit {
				resp.NextCursor = bytes.Clone(it.Key())
				return it.Close()
			}
			k, v := bytes.Clone(it.Key()), bytes.Clone(it.Value())
			resp.Data = append(resp.Data, &common.KeyValue{Key: k, Value: v})
			size += len(k) + len(v)
		}
		if err := it.Close(); err != nil {
			return fmt.Errorf("backup part %d: %w", pid, err)
		}
	}
	return nil
}

// RestorePart writes a page of backed-up data into a part this host
// leads, through raft. Every key must be a data key of that part.
func (a *Admin) RestorePart(ctx context.Context, req *storage.RestorePartReq) (*storage.AdminExecResp, error) {
	start, pid := time.Now(), int32(req.GetPartID())
	err := func() error {
		for _, kv := range req.GetData() {
			if err := checkDataKey(kv.GetKey(), pid); err != nil {
				return fmt.Errorf("restore part %d: %w", pid, err)
			}
		}
		p, err := a.leaderPart(int32(req.GetSpaceID()), pid)
		if err != nil {
			return err
		}
		cw := &chunkedWriter{ctx: ctx, p: p}
		for _, kv := range req.GetData() {
			if err := cw.add(func(b *raftex.Batch) { b.Put(kv.GetKey(), kv.GetValue()) }); err != nil {
				return fmt.Errorf("restore part %d: %w", pid, err)
			}
		}
		if err := cw.flush(); err != nil {
			return fmt.Errorf("restore part %d: %w", pid, err)
		}
		return nil
	}()
	return a.resp("restorePart", start, pid, err), nil
}

// checkDataKey fails unless key is a tag, vertex, edge or index key of
// part pid.
func checkDataKey(key []byte, pid int32) error {
	kt, err := kvstore.KeyTypeOf(key)
	if err != nil {
		return errors.Join(ErrInvalidRequest, err)
	}
	if kt == kvstore.KeySystem {
		return fmt.Errorf("system key %x: %w", key, ErrInvalidRequest)
	}
	part, err := kvstore.PartOfKey(key)
	if err != nil {
		return errors.Join(ErrInvalidRequest, err)
	}
	if int32(part) != pid {
		return fmt.Errorf("key %x is of part %d: %w", key, part, ErrInvalidRequest)
	}
	return nil
}

// validCheckpointName reports whether name is one directory name.
func validCheckpointName(name string) bool {
	return name != "" && filepath.Base(name) == name && name != "." && name != ".."
}
