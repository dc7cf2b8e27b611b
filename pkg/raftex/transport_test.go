package raftex

import (
	"bufio"
	"errors"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/hashicorp/raft"

	wire "github.com/novagraph/novagraph/idl/gen/raftex"
)

func newTestTransport(t *testing.T) *transport {
	t.Helper()
	opts := Options{Dir: "/unused", RPCTimeout: 200 * time.Millisecond}
	if err := opts.fill(); err != nil {
		t.Fatal(err)
	}
	tr, err := newTransport(&opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	return tr
}

// silentPeer accepts connections and reads them, never answering.
func silentPeer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := bufio.NewReader(c)
				for {
					if _, err := r.ReadByte(); err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

func TestTransportDeadlines(t *testing.T) {
	tr := newTestTransport(t)
	g := groupID{Space: 1, Part: 1}
	gt, err := tr.register(g)
	if err != nil {
		t.Fatal(err)
	}
	defer gt.Close()

	t.Run("silent peer", func(t *testing.T) {
		addr := silentPeer(t)
		start := time.Now()
		var resp raft.RequestVoteResponse
		err := gt.RequestVote("x", raft.ServerAddress(addr), &raft.RequestVoteRequest{Term: 1}, &resp)
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("got %v, want ErrTimeout", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("took %v with a 200ms deadline", d)
		}
	})
	t.Run("nobody listening", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		var resp raft.TimeoutNowResponse
		if err := gt.TimeoutNow("x", raft.ServerAddress(addr), &raft.TimeoutNowRequest{}, &resp); err == nil {
			t.Fatal("call to a closed port succeeded")
		}
	})
	t.Run("blocked peer", func(t *testing.T) {
		other := newTestTransport(t)
		tr.setBlocked(other.local, true)
		defer tr.setBlocked(other.local, false)
		var resp raft.AppendEntriesResponse
		err := gt.AppendEntries("x", raft.ServerAddress(other.local), &raft.AppendEntriesRequest{Term: 1}, &resp)
		if !errors.Is(err, ErrPeerBlocked) {
			t.Fatalf("got %v, want ErrPeerBlocked", err)
		}
		if _, err := gt.AppendEntriesPipeline("x", raft.ServerAddress(other.local)); !errors.Is(err, ErrPeerBlocked) {
			t.Fatalf("pipeline: got %v, want ErrPeerBlocked", err)
		}
	})
	t.Run("unknown part", func(t *testing.T) {
		other := newTestTransport(t)
		var resp raft.AppendEntriesResponse
		err := gt.AppendEntries("x", raft.ServerAddress(other.local), &raft.AppendEntriesRequest{Term: 1}, &resp)
		if !errors.Is(err, ErrPartNotFound) {
			t.Fatalf("got %v, want ErrPartNotFound", err)
		}
		if _, err := gt.peerState(other.local); !errors.Is(err, ErrPartNotFound) {
			t.Fatalf("part state: got %v, want ErrPartNotFound", err)
		}
	})
	t.Run("unknown method", func(t *testing.T) {
		other := newTestTransport(t)
		var res wire.RaftexServiceTimeoutNowResult
		err := tr.call(other.local, g, "noSuchMethod", &wire.RaftexServiceTimeoutNowArgs{Req: &wire.TimeoutNowRequest{}}, &res, time.Second)
		if err == nil || !strings.Contains(err.Error(), "unknown method noSuchMethod") {
			t.Fatalf("got %v", err)
		}
	})
}

// TestTransportDelivers checks that a raft RPC and its answer cross the
// wire intact, and that requests of one group reach raft in order even
// when pipelined.
func TestTransportDelivers(t *testing.T) {
	client, server := newTestTransport(t), newTestTransport(t)
	g := groupID{Space: 3, Part: 9}
	cg, err := client.register(g)
	if err != nil {
		t.Fatal(err)
	}
	defer cg.Close()
	sg, err := server.register(g)
	if err != nil {
		t.Fatal(err)
	}
	defer sg.Close()

	// A fake raft: answer every AppendEntries with its last entry's index.
	var seen []uint64
	done := make(chan struct{})
	stop := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case rpc := <-sg.Consumer():
				req := rpc.Command.(*raft.AppendEntriesRequest)
				last := req.Entries[len(req.Entries)-1]
				seen = append(seen, last.Index)
				rpc.Respond(&raft.AppendEntriesResponse{Term: req.Term, LastLog: last.Index, Success: true}, nil)
			case <-stop:
				return
			}
		}
	}()
	req := func(i uint64) *raft.AppendEntriesRequest {
		return &raft.AppendEntriesRequest{
			RPCHeader: raft.RPCHeader{ProtocolVersion: 3, ID: []byte("a"), Addr: []byte(client.local)},
			Term:      7, PrevLogEntry: i - 1, PrevLogTerm: 7, LeaderCommitIndex: i - 1,
			Entries: []*raft.Log{{Index: i, Term: 7, Type: raft.LogCommand, Data: []byte("data"),
				Extensions: []byte{1}, AppendedAt: time.Unix(0, 1234)}},
		}
	}
	var resp raft.AppendEntriesResponse
	if err := cg.AppendEntries("b", raft.ServerAddress(server.local), req(1), &resp); err != nil {
		t.Fatal(err)
	}
	if want := (raft.AppendEntriesResponse{Term: 7, LastLog: 1, Success: true, RPCHeader: raft.RPCHeader{}}); !reflect.DeepEqual(resp, want) {
		t.Fatalf("response %+v", resp)
	}
	pipe, err := cg.AppendEntriesPipeline("b", raft.ServerAddress(server.local))
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	go func() {
		for i := uint64(2); i < 2+n; i++ {
			if _, err := pipe.AppendEntries(req(i), &raft.AppendEntriesResponse{}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := uint64(2); i < 2+n; i++ {
		f := <-pipe.Consumer()
		if err := f.Error(); err != nil {
			t.Fatal(err)
		}
		if f.Request().Entries[0].Index != i || f.Response().LastLog != i {
			t.Fatalf("future %d out of order: request %d, response %d", i, f.Request().Entries[0].Index, f.Response().LastLog)
		}
	}
	pipe.Close()
	close(stop)
	<-done
	for i, idx := range seen {
		if idx != uint64(i+1) {
			t.Fatalf("raft saw entries in order %v", seen)
		}
	}
}

// FuzzServerDecode feeds arbitrary frames to the request decoder of every
// method: none may panic or allocate beyond the frame.
func FuzzServerDecode(f *testing.F) {
	args := []thrift.TStruct{
		&wire.RaftexServiceAppendEntriesArgs{Req: appendReqToWire(groupID{1, 2}, &raft.AppendEntriesRequest{
			Term: 3, Entries: []*raft.Log{{Index: 1, Data: []byte("x")}}})},
		&wire.RaftexServiceInstallSnapshotArgs{Req: &wire.InstallSnapshotRequest{Chunk: []byte("chunk"), Last: true}},
		&wire.RaftexServiceRequestVoteArgs{Req: &wire.RequestVoteRequest{Term: 1}},
	}
	for _, a := range args {
		frame, err := encodeFrame("m", thrift.CALL, 1, a)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(frame[4:])
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		for _, mk := range []func() thrift.TStruct{
			func() thrift.TStruct { return wire.NewRaftexServiceAppendEntriesArgs() },
			func() thrift.TStruct { return wire.NewRaftexServiceRequestVoteArgs() },
			func() thrift.TStruct { return wire.NewRaftexServiceRequestPreVoteArgs() },
			func() thrift.TStruct { return wire.NewRaftexServiceTimeoutNowArgs() },
			func() thrift.TStruct { return wire.NewRaftexServiceInstallSnapshotArgs() },
			func() thrift.TStruct { return wire.NewRaftexServiceGetPartStateArgs() },
			func() thrift.TStruct { return wire.NewRaftexServiceAppendEntriesResult() },
		} {
			m, err := decodeFrame(frame)
			if err != nil {
				return
			}
			s := mk()
			if m.readBody(s) == nil {
				if a, ok := s.(*wire.RaftexServiceAppendEntriesArgs); ok && a.Req != nil {
					appendReqFromWire(a.Req)
				}
			}
		}
	})
}
