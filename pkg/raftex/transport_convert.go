package raftex

import (
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/raft"

	wire "github.com/novagraph/novagraph/idl/gen/raftex"
)

// Conversions between hashicorp/raft's messages and their Thrift form. Each
// is a field-by-field copy; byte slices are shared, not copied.

func headerToWire(h raft.RPCHeader) *wire.RPCHeader {
	return &wire.RPCHeader{ProtocolVersion: int64(h.ProtocolVersion), ID: h.ID, Addr: h.Addr}
}

func headerFromWire(h *wire.RPCHeader) raft.RPCHeader {
	if h == nil {
		return raft.RPCHeader{}
	}
	return raft.RPCHeader{ProtocolVersion: raft.ProtocolVersion(h.ProtocolVersion), ID: h.ID, Addr: h.Addr}
}

func appendReqToWire(id groupID, r *raft.AppendEntriesRequest) *wire.AppendEntriesRequest {
	w := &wire.AppendEntriesRequest{
		Space:             wire.GraphSpaceID(id.Space),
		Part:              wire.PartitionID(id.Part),
		Header:            headerToWire(r.RPCHeader),
		Term:              int64(r.Term),
		Leader:            r.Leader,
		PrevLogEntry:      int64(r.PrevLogEntry),
		PrevLogTerm:       int64(r.PrevLogTerm),
		LeaderCommitIndex: int64(r.LeaderCommitIndex),
	}
	if len(r.Entries) > 0 {
		w.Entries = make([]*wire.LogEntry, len(r.Entries))
		for i, e := range r.Entries {
			var at int64
			if !e.AppendedAt.IsZero() {
				at = e.AppendedAt.UnixNano()
			}
			w.Entries[i] = &wire.LogEntry{
				Index: int64(e.Index), Term: int64(e.Term), Type: int8(e.Type),
				Data: e.Data, Extensions: e.Extensions, AppendedAt: at,
			}
		}
	}
	return w
}

func appendReqFromWire(w *wire.AppendEntriesRequest) *raft.AppendEntriesRequest {
	r := &raft.AppendEntriesRequest{
		RPCHeader:         headerFromWire(w.Header),
		Term:              uint64(w.Term),
		Leader:            w.Leader,
		PrevLogEntry:      uint64(w.PrevLogEntry),
		PrevLogTerm:       uint64(w.PrevLogTerm),
		LeaderCommitIndex: uint64(w.LeaderCommitIndex),
	}
	if len(w.Entries) > 0 {
		r.Entries = make([]*raft.Log, len(w.Entries))
		for i, e := range w.Entries {
			l := &raft.Log{
				Index: uint64(e.Index), Term: uint64(e.Term), Type: raft.LogType(e.Type),
				Data: e.Data, Extensions: e.Extensions,
			}
			if e.AppendedAt != 0 {
				l.AppendedAt = time.Unix(0, e.AppendedAt)
			}
			r.Entries[i] = l
		}
	}
	return r
}

// isHeartbeat mirrors hashicorp/raft's NetworkTransport test: heartbeats
// take a fast path that skips the group's main loop.
func isHeartbeat(r *raft.AppendEntriesRequest) bool {
	return r.Term != 0 && (len(r.Addr) > 0 || len(r.Leader) > 0) &&
		r.PrevLogEntry == 0 && r.PrevLogTerm == 0 &&
		len(r.Entries) == 0 && r.LeaderCommitIndex == 0
}

func appendRespToWire(r *raft.AppendEntriesResponse) *wire.AppendEntriesResponse {
	return &wire.AppendEntriesResponse{
		Header:         headerToWire(r.RPCHeader),
		Term:           int64(r.Term),
		LastLog:        int64(r.LastLog),
		Success:        r.Success,
		NoRetryBackoff: r.NoRetryBackoff,
	}
}

func appendRespFromWire(w *wire.AppendEntriesResponse, r *raft.AppendEntriesResponse) {
	*r = raft.AppendEntriesResponse{
		RPCHeader:      headerFromWire(w.Header),
		Term:           uint64(w.Term),
		LastLog:        uint64(w.LastLog),
		Success:        w.Success,
		NoRetryBackoff: w.NoRetryBackoff,
	}
}

func voteReqToWire(id groupID, r *raft.RequestVoteRequest) *wire.RequestVoteRequest {
	return &wire.RequestVoteRequest{
		Space:              wire.GraphSpaceID(id.Space),
		Part:               wire.PartitionID(id.Part),
		Header:             headerToWire(r.RPCHeader),
		Term:               int64(r.Term),
		Candidate:          r.Candidate,
		LastLogIndex:       int64(r.LastLogIndex),
		LastLogTerm:        int64(r.LastLogTerm),
		LeadershipTransfer: r.LeadershipTransfer,
	}
}

func voteReqFromWire(w *wire.RequestVoteRequest) *raft.RequestVoteRequest {
	return &raft.RequestVoteRequest{
		RPCHeader:          headerFromWire(w.Header),
		Term:               uint64(w.Term),
		Candidate:          w.Candidate,
		LastLogIndex:       uint64(w.LastLogIndex),
		LastLogTerm:        uint64(w.LastLogTerm),
		LeadershipTransfer: w.LeadershipTransfer,
	}
}

func voteRespToWire(r *raft.RequestVoteResponse) *wire.RequestVoteResponse {
	return &wire.RequestVoteResponse{
		Header: headerToWire(r.RPCHeader), Term: int64(r.Term), Peers: r.Peers, Granted: r.Granted,
	}
}

func voteRespFromWire(w *wire.RequestVoteResponse, r *raft.RequestVoteResponse) {
	*r = raft.RequestVoteResponse{
		RPCHeader: headerFromWire(w.Header), Term: uint64(w.Term), Peers: w.Peers, Granted: w.Granted,
	}
}

func preVoteReqToWire(id groupID, r *raft.RequestPreVoteRequest) *wire.RequestPreVoteRequest {
	return &wire.RequestPreVoteRequest{
		Space:        wire.GraphSpaceID(id.Space),
		Part:         wire.PartitionID(id.Part),
		Header:       headerToWire(r.RPCHeader),
		Term:         int64(r.Term),
		LastLogIndex: int64(r.LastLogIndex),
		LastLogTerm:  int64(r.LastLogTerm),
	}
}

func preVoteReqFromWire(w *wire.RequestPreVoteRequest) *raft.RequestPreVoteRequest {
	return &raft.RequestPreVoteRequest{
		RPCHeader:    headerFromWire(w.Header),
		Term:         uint64(w.Term),
		LastLogIndex: uint64(w.LastLogIndex),
		LastLogTerm:  uint64(w.LastLogTerm),
	}
}

func preVoteRespToWire(r *raft.RequestPreVoteResponse) *wire.RequestPreVoteResponse {
	return &wire.RequestPreVoteResponse{Header: headerToWire(r.RPCHeader), Term: int64(r.Term), Granted: r.Granted}
}

func preVoteRespFromWire(w *wire.RequestPreVoteResponse, r *raft.RequestPreVoteResponse) {
	*r = raft.RequestPreVoteResponse{RPCHeader: headerFromWire(w.Header), Term: uint64(w.Term), Granted: w.Granted}
}

func snapshotReqFromWire(w *wire.InstallSnapshotRequest) *raft.InstallSnapshotRequest {
	return &raft.InstallSnapshotRequest{
		RPCHeader:          headerFromWire(w.Header),
		SnapshotVersion:    raft.SnapshotVersion(w.SnapshotVersion),
		Term:               uint64(w.Term),
		Leader:             w.Leader,
		LastLogIndex:       uint64(w.LastLogIndex),
		LastLogTerm:        uint64(w.LastLogTerm),
		Peers:              w.Peers,
		Configuration:      w.Configuration,
		ConfigurationIndex: uint64(w.ConfigurationIndex),
		Size:               w.Size,
	}
}

// errorFromWire turns a response's code and message into the caller's
// error; nil for SUCCEEDED.
func errorFromWire(addr string, code wire.ErrorCode, msg []byte) error {
	switch code {
	case wire.ErrorCode_SUCCEEDED:
		return nil
	case wire.ErrorCode_E_UNKNOWN_PART:
		return fmt.Errorf("raft peer %s: %w", addr, ErrPartNotFound)
	case wire.ErrorCode_E_HOST_STOPPED:
		return fmt.Errorf("raft peer %s: %w", addr, ErrClosed)
	case wire.ErrorCode_E_RAFT:
		// raft's own error, as NetworkTransport forwards it: text only.
		return errors.New(string(msg))
	}
	return fmt.Errorf("raft peer %s: %s: %s", addr, code, msg)
}

// errorToWire is errorFromWire's inverse for the receiving side.
func errorToWire(err error) (wire.ErrorCode, []byte) {
	switch {
	case err == nil:
		return wire.ErrorCode_SUCCEEDED, nil
	case errors.Is(err, ErrPartNotFound):
		return wire.ErrorCode_E_UNKNOWN_PART, []byte(err.Error())
	case errors.Is(err, ErrClosed):
		return wire.ErrorCode_E_HOST_STOPPED, []byte(err.Error())
	case errors.Is(err, errBadSession):
		return wire.ErrorCode_E_SNAPSHOT, []byte(err.Error())
	}
	return wire.ErrorCode_E_RAFT, []byte(err.Error())
}
