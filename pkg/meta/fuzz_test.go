package meta

import (
	"bytes"
	"testing"
	"time"

	"github.com/hashicorp/raft"

	gmeta "github.com/novagraph/novagraph/idl/gen/meta"
)

// FuzzDecodeLog: stored raft entries decode without panicking, and what
// encodes decodes back.
func FuzzDecodeLog(f *testing.F) {
	f.Add(encodeLog(nil, &raft.Log{Index: 7, Term: 2, Type: raft.LogCommand, Data: []byte("cmd"), Extensions: []byte{1}, AppendedAt: time.Unix(5, 6)}))
	f.Add(encodeLog(nil, &raft.Log{Index: 1, Type: raft.LogConfiguration}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var l raft.Log
		if err := decodeLog(b, &l); err != nil {
			return
		}
		if again := encodeLog(nil, &l); !bytes.Equal(again, b) {
			// Only the zero time has two encodings: 0 and absent are the same.
			var l2 raft.Log
			if err := decodeLog(again, &l2); err != nil || l2.Index != l.Index || !bytes.Equal(l2.Data, l.Data) {
				t.Fatalf("re-encoding %x gave %x", b, again)
			}
		}
	})
}

// FuzzApplyCommand: the FSM refuses a malformed command instead of
// panicking, and leaves its applied index alone then.
func FuzzApplyCommand(f *testing.F) {
	f.Add(encode(&gmeta.Command{Ops: []*gmeta.KVOp{{Kind: gmeta.KVOpKind_PUT, Key: []byte("\x02k"), Value: []byte("v")}}, Touch: true}))
	f.Add(encode(&gmeta.Command{Ops: []*gmeta.KVOp{{Kind: gmeta.KVOpKind_DELETE_RANGE, Key: []byte("\x02"), Value: []byte("\x03")}}}))
	f.Add([]byte{0x19, 0x1c})
	fsm := memFSM(f)
	index := uint64(0)
	f.Fuzz(func(t *testing.T, data []byte) {
		index++
		before := fsm.applied.Load()
		res := fsm.Apply(&raft.Log{Index: index, Type: raft.LogCommand, Data: data})
		if err, _ := res.(error); err != nil && fsm.applied.Load() != before {
			t.Fatalf("failed apply moved the applied index: %v", err)
		}
	})
}
